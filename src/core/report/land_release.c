/*
 * land_release.c — the land release report (lr_report.h) on the one
 * kernel: groups are set up once (admin areas of a level, whose polygons
 * are the kernel's zones; or years, organisations, land uses, found as
 * records come), each cluster of hazards and releases is run through the
 * kernel with its records' group indices, and the rows are the kernel's
 * figures plus counts by assignment.  The total is the sum of the rows.
 *
 * Counts (hazards, by class, releases) go to the record's group: by admin
 * its admin_area_uuid (unassigned when it names no admin area of the
 * level).  Land goes where it lies (zones) or to its hazard's group; a
 * release outside hazards to its own group (docs/land-release.md).
 */
#include "mais/lr_report.h"
#include "mais/error.h"
#include "mais/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct group {
	char *key;  /* UUID, year or code */
	char *name; /* shown */
	int is_uuid;
	mais_lr_figures f;
	size_t hazards, by_class[3], releases;
} group;

typedef struct zone {
	mais_geom *geom; /* owned */
	size_t group;
} zone;

struct mais_lr_tally {
	mais_report_opts opts;
	int level; /* by admin */
	group *g;
	size_t ng, cap;
	zone *z;
	size_t nz, zcap;
	mais_lr_zones *zones; /* the admin areas, prepared once */
	group unassigned;
};

/* Index of the group with this key, or -1. */
static long find(const mais_lr_tally *t, const char *key)
{
	for (size_t i = 0; key && *key && i < t->ng; i++)
		if (!strcmp(t->g[i].key, key))
			return (long)i;
	return -1;
}

static long add_group(mais_lr_tally *t, const char *key, const char *name,
		      int is_uuid)
{
	group *gr;

	if (mais_grow(&t->g, &t->cap, t->ng, sizeof *t->g) < 0)
		return MAIS_ENOMEM;
	gr = memset(&t->g[t->ng], 0, sizeof *gr);
	gr->key = strdup(key);
	gr->name = strdup(name && *name ? name : key);
	gr->is_uuid = is_uuid;
	if (!gr->key || !gr->name) {
		free(gr->key), free(gr->name);
		return mais_error_nomem();
	}
	return (long)t->ng++;
}

/* ------------------------------------------------------------------ */
/* Groups known before the records: admin areas, organisations.         */

static int level_of(const mais_record *r)
{
	const char *v = mais_record_get(r, "level");
	char *end;
	long n;

	if (!v)
		return -1;
	n = strtol(v, &end, 10);
	return *end || n < 0 || n > 1000 ? -1 : (int)n;
}

static int has_polygon(const mais_record *r)
{
	const mais_geom *g = mais_record_geom(r);
	mais_geom_type t = g ? mais_geom_get_type(g) : MAIS_GEOM_POINT;

	return (t == MAIS_GEOM_POLYGON || t == MAIS_GEOM_MULTIPOLYGON) &&
	       !mais_geom_is_empty(g);
}

static int on_level(const mais_record *r, void *arg)
{
	mais_lr_tally *t = arg;

	if (has_polygon(r) && level_of(r) > t->level)
		t->level = level_of(r);
	return 0;
}

static int on_admin(const mais_record *r, void *arg)
{
	mais_lr_tally *t = arg;
	const mais_geom *g = mais_record_geom(r);
	long i;
	zone *z;

	if (level_of(r) != t->level || !has_polygon(r))
		return 0;
	if ((i = add_group(t, mais_record_uuid(r), mais_record_get(r, "name"),
			   1)) < 0)
		return (int)i;
	if (mais_grow(&t->z, &t->zcap, t->nz, sizeof *t->z) < 0)
		return MAIS_ENOMEM;
	z = &t->z[t->nz];
	z->group = (size_t)i;
	if (mais_geom_clone(&z->geom, g) < 0)
		return mais_error_last_code();
	t->nz++;
	return 0;
}

static int on_organisation(const mais_record *r, void *arg)
{
	long i = add_group(arg, mais_record_uuid(r), mais_record_get(r, "name"),
			   1);

	return i < 0 ? (int)i : 0;
}

static int make_zones(mais_lr_tally *t)
{
	mais_lr_zone *v = calloc(t->nz ? t->nz : 1, sizeof *v);
	int rc;

	if (!v)
		return mais_error_nomem();
	for (size_t i = 0; i < t->nz; i++)
		v[i] = (mais_lr_zone){t->z[i].geom, t->z[i].group};
	rc = mais_lr_zones_new(&t->zones, v, t->nz);
	free(v);
	return rc;
}

int mais_lr_tally_new(mais_lr_tally **out, const mais_report_opts *opts,
		      const mais_source *src)
{
	mais_lr_tally *t;
	int rc = 0;

	*out = NULL;
	if (opts->by == MAIS_REPORT_BY_METHOD)
		return mais_error_set(MAIS_EINVAL,
				      "land release: no grouping by method "
				      "(admin, year, organisation, land_use)");
	if (!(t = calloc(1, sizeof *t)))
		return mais_error_nomem();
	t->opts = *opts;
	t->level = opts->admin_level;
	if (opts->by == MAIS_REPORT_BY_ADMIN && t->level < 0)
		rc = src->each(src->ctx, "admin_area", on_level, t);
	if (rc == 0 && opts->by == MAIS_REPORT_BY_ADMIN && t->level >= 0)
		rc = src->each(src->ctx, "admin_area", on_admin, t);
	if (rc == 0 && opts->by == MAIS_REPORT_BY_ADMIN)
		rc = make_zones(t);
	if (rc == 0 && opts->by == MAIS_REPORT_BY_ORGANISATION)
		rc = src->each(src->ctx, "organisation", on_organisation, t);
	if (rc < 0) {
		mais_lr_tally_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* ------------------------------------------------------------------ */
/* A cluster.                                                           */

/* The group of an item (SIZE_MAX: unassigned; an error as -1 cast). */
#define UNASSIGNED ((size_t)-1)

static int group_of(mais_lr_tally *t, const mais_lr_item *it, size_t *out)
{
	char year[5] = "";
	const char *key = NULL;
	long i;

	*out = UNASSIGNED;
	switch (t->opts.by) {
	case MAIS_REPORT_BY_ADMIN:
		key = it->admin_area_uuid;
		break;
	case MAIS_REPORT_BY_ORGANISATION:
		key = it->organisation_uuid;
		break;
	case MAIS_REPORT_BY_LAND_USE:
		key = it->is_release ? "" : it->land_use;
		break;
	case MAIS_REPORT_BY_YEAR:
		key = *it->date ? it->date : it->info_date;
		if (strlen(key) >= 4)
			memcpy(year, key, 4);
		key = year;
		break;
	default:
		return 0;
	}
	if (!*key)
		return 0;
	i = find(t, key);
	/* years and land uses are groups as they come; admin areas and
	 * organisations only those known */
	if (i < 0 && (t->opts.by == MAIS_REPORT_BY_YEAR ||
		      t->opts.by == MAIS_REPORT_BY_LAND_USE))
		i = add_group(t, key, key, 0);
	if (i == MAIS_ENOMEM)
		return mais_error_nomem();
	if (i >= 0)
		*out = (size_t)i;
	return 0;
}

static group *at(mais_lr_tally *t, size_t g)
{
	return g == UNASSIGNED ? &t->unassigned : &t->g[g];
}

/* Counts of the item in its group. */
static void count(mais_lr_tally *t, const mais_lr_item *it, size_t g)
{
	static const char *const classes[3] = {"indication", "sha", "cha"};
	group *gr = at(t, g);

	if (it->is_release) {
		gr->releases++;
		return;
	}
	gr->hazards++;
	for (int c = 0; c < 3; c++)
		if (!strcmp(it->hazard_class, classes[c]))
			gr->by_class[c]++;
}

/* The kernel's figures of one cluster, into the groups. */
static int run(mais_lr_tally *t, const mais_lr_item *v, size_t n,
	       const size_t *grp)
{
	size_t nh, nr, ng = t->ng + 1; /* the last is unassigned */
	mais_lr_hazard *hz = calloc(n, sizeof *hz);
	mais_lr_release *rel = calloc(n, sizeof *rel);
	mais_lr_figures *f = calloc(ng, sizeof *f);
	size_t *idx = calloc(n, sizeof *idx);
	mais_lr_cluster c = {0};
	int rc = hz && rel && f && idx ? 0 : mais_error_nomem();

	if (rc == 0)
		rc = mais_lr_cluster_of(v, n, hz, &nh, rel, &nr, idx);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t g = grp[i] == UNASSIGNED ? ng - 1 : grp[i];

		if (v[i].is_release)
			rel[idx[i]].group = g;
		else
			hz[idx[i]].group = g;
	}
	if (rc == 0) {
		c = (mais_lr_cluster){hz, nh, rel, nr, t->zones, ng - 1};
		rc = mais_lr_run(&c, NULL, f, NULL);
	}
	for (size_t g = 0; rc == 0 && g < ng; g++) {
		mais_lr_figures *to = &at(t, g == ng - 1 ? UNASSIGNED : g)->f;

		to->polygon_m2 += f[g].polygon_m2;
		to->original_m2 += f[g].original_m2;
		to->remaining_m2 += f[g].remaining_m2;
		to->number_m2 += f[g].number_m2;
		for (int m = 0; m < MAIS_LR_NMETHODS; m++) {
			to->released_m2[m] += f[g].released_m2[m];
			to->outside_m2[m] += f[g].outside_m2[m];
			to->work_m2[m] += f[g].work_m2[m];
		}
	}
	free(hz), free(rel), free(f), free(idx);
	return rc;
}

int mais_lr_tally_add(mais_lr_tally *t, const mais_lr_item *v, size_t n)
{
	size_t *grp = calloc(n ? n : 1, sizeof *grp);
	int rc = grp ? 0 : mais_error_nomem();

	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = group_of(t, &v[i], &grp[i]);
		if (rc == 0)
			count(t, &v[i], grp[i]);
	}
	if (rc == 0)
		rc = run(t, v, n, grp);
	free(grp);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Rows.                                                                */

static void row_of(const group *gr, mais_lr_row *r)
{
	const mais_lr_figures *f = &gr->f;

	r->hazards = gr->hazards;
	r->hazards_indication = gr->by_class[0];
	r->hazards_sha = gr->by_class[1];
	r->hazards_cha = gr->by_class[2];
	r->releases = gr->releases;
	r->hazard_area_m2 = f->original_m2;
	r->hazard_area_sum_m2 = f->polygon_m2;
	r->cancelled_m2 = f->released_m2[MAIS_LR_CANCELLED];
	r->reduced_m2 = f->released_m2[MAIS_LR_REDUCED];
	r->cleared_m2 = f->released_m2[MAIS_LR_CLEARED];
	r->outside_cancelled_m2 = f->outside_m2[MAIS_LR_CANCELLED];
	r->outside_reduced_m2 = f->outside_m2[MAIS_LR_REDUCED];
	r->outside_cleared_m2 = f->outside_m2[MAIS_LR_CLEARED];
	r->released_outside_hazards_m2 = r->outside_cancelled_m2 +
					 r->outside_reduced_m2 +
					 r->outside_cleared_m2;
	r->cancelled_by_releases_m2 = f->work_m2[MAIS_LR_CANCELLED];
	r->reduced_by_releases_m2 = f->work_m2[MAIS_LR_REDUCED];
	r->cleared_by_releases_m2 = f->work_m2[MAIS_LR_CLEARED];
	r->released_by_number_m2 = f->number_m2;
	r->remaining_m2 = f->remaining_m2;
}

static void row_add(mais_lr_row *to, const mais_lr_row *r)
{
	to->hazards += r->hazards;
	to->hazards_indication += r->hazards_indication;
	to->hazards_sha += r->hazards_sha;
	to->hazards_cha += r->hazards_cha;
	to->releases += r->releases;
	to->hazard_area_m2 += r->hazard_area_m2;
	to->hazard_area_sum_m2 += r->hazard_area_sum_m2;
	to->cancelled_m2 += r->cancelled_m2;
	to->reduced_m2 += r->reduced_m2;
	to->cleared_m2 += r->cleared_m2;
	to->outside_cancelled_m2 += r->outside_cancelled_m2;
	to->outside_reduced_m2 += r->outside_reduced_m2;
	to->outside_cleared_m2 += r->outside_cleared_m2;
	to->released_outside_hazards_m2 += r->released_outside_hazards_m2;
	to->cancelled_by_releases_m2 += r->cancelled_by_releases_m2;
	to->reduced_by_releases_m2 += r->reduced_by_releases_m2;
	to->cleared_by_releases_m2 += r->cleared_by_releases_m2;
	to->released_by_number_m2 += r->released_by_number_m2;
	to->remaining_m2 += r->remaining_m2;
}

static int row_is_zero(const mais_lr_row *r)
{
	return !r->hazards && !r->releases && r->hazard_area_m2 == 0 &&
	       r->released_outside_hazards_m2 == 0;
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const mais_lr_row *)a)->group,
		      ((const mais_lr_row *)b)->group);
}

/* Moves group gr into row r (its strings). */
static void take(group *gr, mais_lr_row *r)
{
	row_of(gr, r);
	r->group = gr->name;
	r->group_uuid = gr->is_uuid ? gr->key : NULL;
	if (!gr->is_uuid)
		free(gr->key);
	gr->key = gr->name = NULL;
}

static int make_rows(mais_lr_tally *t, mais_lr_report *rep)
{
	int all = t->opts.by == MAIS_REPORT_BY_ADMIN; /* even if zero */

	rep->rows = calloc(t->ng ? t->ng : 1, sizeof *rep->rows);
	if (!rep->rows)
		return mais_error_nomem();
	for (size_t i = 0; i < t->ng; i++) {
		mais_lr_row r = {0};

		row_of(&t->g[i], &r);
		if (!all && row_is_zero(&r))
			continue;
		take(&t->g[i], &rep->rows[rep->nrows++]);
	}
	qsort(rep->rows, rep->nrows, sizeof *rep->rows, cmp_row);
	row_of(&t->unassigned, &rep->unassigned);
	rep->unassigned.group =
		t->opts.by == MAIS_REPORT_BY_YEAR ? "unknown" : "unassigned";
	rep->has_unassigned = !row_is_zero(&rep->unassigned);
	rep->total.group = "total";
	for (size_t i = 0; i < rep->nrows; i++)
		row_add(&rep->total, &rep->rows[i]);
	row_add(&rep->total, &rep->unassigned);
	return 0;
}

int mais_lr_tally_finish(mais_lr_tally *t, mais_lr_report **out)
{
	mais_lr_report *rep = calloc(1, sizeof *rep);
	int rc = rep ? 0 : mais_error_nomem();

	*out = NULL;
	if (rc == 0) {
		rep->by = t->opts.by;
		rep->admin_level = t->opts.by == MAIS_REPORT_BY_ADMIN
					   ? (t->nz ? t->level : -1)
					   : t->level;
		rep->include_submitted = t->opts.include_submitted;
		rc = make_rows(t, rep);
	}
	mais_lr_tally_free(t);
	if (rc < 0) {
		mais_lr_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

void mais_lr_tally_free(mais_lr_tally *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ng; i++) {
		free(t->g[i].key);
		free(t->g[i].name);
	}
	mais_lr_zones_free(t->zones);
	for (size_t z = 0; z < t->nz; z++)
		mais_geom_free(t->z[z].geom);
	free(t->g);
	free(t->z);
	free(t);
}

double mais_lr_row_released(const mais_lr_row *r, int method)
{
	switch (method) {
	case MAIS_LR_CANCELLED:
		return r->cancelled_by_releases_m2 + r->outside_cancelled_m2;
	case MAIS_LR_REDUCED:
		return r->reduced_by_releases_m2 + r->outside_reduced_m2;
	case MAIS_LR_CLEARED:
		return r->cleared_by_releases_m2 + r->outside_cleared_m2;
	}
	return mais_lr_row_released(r, MAIS_LR_CANCELLED) +
	       mais_lr_row_released(r, MAIS_LR_REDUCED) +
	       mais_lr_row_released(r, MAIS_LR_CLEARED);
}

void mais_lr_report_free(mais_lr_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		free((char *)r->rows[i].group);
		free((char *)r->rows[i].group_uuid);
	}
	free(r->rows);
	free(r);
}
