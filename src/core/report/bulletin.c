/*
 * bulletin.c — the operational bulletin of a period (report.h): EO found
 * and destroyed by category group, area cleared in ha and EOD spot tasks,
 * per admin area or operator.  Each counted record of the period adds to
 * the group of its admin area or organisation (groups.c); the groups are
 * then named, sorted and copied into the public rows with a total.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef mais_report__grp grp;

enum { B_AP, B_AT, B_UXO, B_OTHER, NEO };

typedef struct bulletin {
	const mais_report_opts *opts;
	mais_report__groups gs;
} bulletin;

static const char *bulletin_key(const bulletin *b, const mais_record *r)
{
	return mais_record_get(r, b->opts->by == MAIS_REPORT_BY_ADMIN
					  ? "admin_area_uuid"
					  : "organisation_uuid");
}

/* The group of a counted record of the period; NULL if it does not
 * count (*rc 0) or when out of memory (*rc set). */
static grp *bulletin_group(bulletin *b, const mais_record *r,
			   const char *date_column, int *rc)
{
	grp *g;

	*rc = 0;
	if (!mais_report_counts(b->opts, r) ||
	    !mais_report__in_period(b->opts, mais_report__date(r, date_column)))
		return NULL;
	if (!(g = mais_report__group(&b->gs, bulletin_key(b, r))))
		*rc = MAIS_ENOMEM;
	return g;
}

static int eo_group(const char *cat)
{
	if (!strcmp(cat, "ap_mine"))
		return B_AP;
	if (!strcmp(cat, "at_mine"))
		return B_AT;
	if (!strcmp(cat, "uxo") || !strcmp(cat, "axo") ||
	    !strcmp(cat, "submunition"))
		return B_UXO;
	return B_OTHER;
}

static int on_eo(const mais_record *r, void *arg)
{
	int rc;
	grp *g = bulletin_group(arg, r, "found_date", &rc);
	const char *cat = mais_record_get(r, "eo_category");
	int k;

	if (!g || !cat)
		return rc;
	k = eo_group(cat);
	g->v[2 * k] += mais_report__int(r, "quantity");
	if (mais_report_eo_destroyed(mais_record_get(r, "fate")))
		g->v[2 * k + 1] += mais_report__int(r, "quantity");
	return 0;
}

static int on_release(const mais_record *r, void *arg)
{
	const char *m = mais_record_get(r, "method"), *a;
	grp *g;
	int rc;

	if (!m || strcmp(m, "cleared"))
		return 0;
	if (!(g = bulletin_group(arg, r, "release_date", &rc)))
		return rc;
	if ((a = mais_record_get(r, "area_m2")))
		g->area += strtod(a, NULL);
	return 0;
}

static int on_activity(const mais_record *r, void *arg)
{
	const char *t = mais_record_get(r, "activity_type");
	grp *g;
	int rc;

	if (!t || strcmp(t, "eod_spot_task"))
		return 0;
	if (!(g = bulletin_group(arg, r, "start_date", &rc)))
		return rc;
	g->v[2 * NEO]++;
	return 0;
}

static double ha_of(double m2)
{
	return round(m2 / 100.0) / 100.0;
}

static void bulletin_fill(mais_bulletin_row *row, const int64_t *v, double area)
{
	row->ap_found += v[0];
	row->ap_destroyed += v[1];
	row->at_found += v[2];
	row->at_destroyed += v[3];
	row->uxo_found += v[4];
	row->uxo_destroyed += v[5];
	row->other_found += v[6];
	row->other_destroyed += v[7];
	row->spot_tasks += (size_t)v[2 * NEO];
	row->cleared_m2 += area;
	row->cleared_ha = ha_of(row->cleared_m2);
}

static int bulletin_rows(const mais_source *src, bulletin *b,
			 mais_bulletin_report *rep)
{
	int by_admin = b->opts->by == MAIS_REPORT_BY_ADMIN;
	int rc = mais_report__name_groups(
		src, &b->gs, by_admin ? "admin_area" : "organisation", NULL);

	if (rc)
		return rc;
	if (b->gs.n && !(rep->rows = calloc(b->gs.n, sizeof *rep->rows)))
		return mais_error_nomem();
	rep->total.group = "total";
	for (size_t i = 0; i < b->gs.n; i++) {
		grp *g = &b->gs.g[i];
		mais_bulletin_row *row = &rep->rows[i];

		/* the strings move to the row */
		row->group = g->name;
		row->group_uuid = g->key;
		g->key = g->name = NULL;
		bulletin_fill(row, g->v, g->area);
		bulletin_fill(&rep->total, g->v, g->area);
		rep->nrows++;
	}
	return 0;
}

static int bulletin_run(const mais_source *src, bulletin *b,
			mais_bulletin_report *rep)
{
	int rc = src->each(src->ctx, "eo_item", on_eo, b);

	if (!rc)
		rc = src->each(src->ctx, "land_release", on_release, b);
	if (!rc)
		rc = src->each(src->ctx, "activity", on_activity, b);
	if (!rc)
		rc = bulletin_rows(src, b, rep);
	return rc;
}

int mais_report_bulletin(const mais_source *src, const mais_report_opts *opts,
			 mais_bulletin_report **out)
{
	bulletin b = {.opts = opts};
	mais_bulletin_report *rep;
	int rc;

	if ((rc = mais_report__check_call(src, opts, out, "bulletin",
					  MAIS_REPORT_BY_ORGANISATION, 1)))
		return rc;
	*out = NULL;
	if (!(rep = calloc(1, sizeof *rep)))
		return mais_error_nomem();
	rep->by = opts->by;
	rep->include_submitted = opts->include_submitted != 0;
	rc = bulletin_run(src, &b, rep);
	if (!rc && (!(rep->from = strdup(opts->from)) ||
		    !(rep->to = strdup(opts->to))))
		rc = mais_error_nomem();
	mais_report__groups_free(&b.gs);
	if (rc) {
		mais_bulletin_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

void mais_bulletin_report_free(mais_bulletin_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		free((char *)r->rows[i].group);
		free((char *)r->rows[i].group_uuid);
	}
	free(r->rows);
	free((char *)r->from);
	free((char *)r->to);
	free(r);
}
