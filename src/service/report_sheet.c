/*
 * report_sheet.c — a report of the registry made into a sheet
 * (svc_report_sheet, report.h): its filters resolved, computed, and
 * stated for people.
 *
 * The filters name records as people do (a reference or UUID) and mean
 * "this one and everything within it": an admin area and the areas under
 * it (by parent_uuid, and finer areas whose box's centre lies in its
 * polygon, for boundaries that name no parent), an organisation and its
 * teams.  They become the
 * lists of mais_report_opts, which every report counts by (one gate,
 * mais_report_counts).  An organisation narrows the organisations the
 * user sees; it never widens them.
 *
 * What a report counts is then written on its sheet in words, for the
 * XLSX and the web UI: the period, the grouping, the filters by name,
 * the currency, which statuses count, and the day it was made.
 */
#include "service/report.h"
#include "service/lookup.h"
#include "service/today.h"
#include "mais/error.h"
#include "mais/geom.h"
#include "mais/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char uuid_text[37];

/* A list of UUIDs and the pointers mais_report_opts takes. */
typedef struct uuids {
	uuid_text *v;
	size_t n, cap;
	const char **ptr;
} uuids;

/* A record of an entity as far as "within" needs: its parent, and for
 * an admin area its level and the centre of its box. */
typedef struct node {
	uuid_text id, parent;
	int level, placed; /* placed: x, y are known */
	double x, y;
} node;

typedef struct tree {
	node *v;
	size_t n, cap;
} tree;

/* The filters of one report, resolved. */
typedef struct places {
	uuids areas, orgs;
	char area_name[160], org_name[160], hazard_name[160];
	char currency[4];
} places;

static int add_uuid(uuids *u, const char *id)
{
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i], id))
			return 0;
	if (mais_grow(&u->v, &u->cap, u->n, sizeof *u->v) < 0)
		return MAIS_ENOMEM;
	snprintf(u->v[u->n++], sizeof *u->v, "%s", id);
	return 0;
}

static int has_uuid(const uuids *u, const char *id)
{
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i], id))
			return 1;
	return 0;
}

/* The pointers of u for mais_report_opts (never NULL: an empty list
 * counts nothing). */
static int point(uuids *u)
{
	if (!(u->ptr = calloc(u->n + 1, sizeof *u->ptr)))
		return mais_error_nomem();
	for (size_t i = 0; i < u->n; i++)
		u->ptr[i] = u->v[i];
	return 0;
}

static void uuids_free(uuids *u)
{
	free(u->v);
	free(u->ptr);
}

static int on_node(const mais_record *r, void *arg)
{
	tree *t = arg;
	const char *p = mais_record_get(r, "parent_uuid");
	const char *lv = mais_record_get(r, "level");
	const mais_geom *g = mais_record_geom(r);
	double b[4];
	node *x;

	if (mais_grow(&t->v, &t->cap, t->n, sizeof *t->v) < 0)
		return MAIS_ENOMEM;
	x = memset(&t->v[t->n++], 0, sizeof *t->v);
	snprintf(x->id, sizeof x->id, "%s", mais_record_uuid(r));
	snprintf(x->parent, sizeof x->parent, "%s", p ? p : "");
	x->level = lv ? (int)strtol(lv, NULL, 10) : -1;
	x->placed = g && !mais_geom_is_empty(g) &&
		    !mais_geom_envelope(g, &b[0], &b[1], &b[2], &b[3]);
	x->x = (b[0] + b[2]) / 2;
	x->y = (b[1] + b[3]) / 2;
	return 0;
}

/* 1 if the centre of x's box lies in area. */
static int centre_within(const node *x, const mais_geom *area)
{
	char wkt[96];
	mais_geom *pt = NULL;
	int in;

	snprintf(wkt, sizeof wkt, "POINT(%.9f %.9f)", x->x, x->y);
	if (mais_geom_from_wkt(&pt, wkt) < 0)
		return 0;
	in = mais_geom_within(pt, area) == 1;
	mais_geom_free(pt);
	return in;
}

/*
 * Admin areas of a finer level than root that lie in its polygon (the
 * centre of their box): boundaries imported from different sources often
 * name no parent (a country's districts from one file, the country from
 * another), yet a record of a district is in the country.
 */
static int within_area(const tree *t, const mais_record *root, uuids *out)
{
	const mais_geom *g = mais_record_geom(root);
	const char *lv = mais_record_get(root, "level");
	int level = lv ? (int)strtol(lv, NULL, 10) : -1;
	int rc = 0;

	if (!g || mais_geom_is_empty(g) || level < 0)
		return 0;
	for (size_t i = 0; !rc && i < t->n; i++)
		if (t->v[i].placed && t->v[i].level > level &&
		    centre_within(&t->v[i], g))
			rc = add_uuid(out, t->v[i].id);
	return rc;
}

/* root and every record of entity within it — under it by parent_uuid at
 * any depth, and for admin areas in its polygon — into out. */
static int family(mais_store *s, const char *entity, const mais_record *root,
		  uuids *out)
{
	tree t = {0};
	size_t before;
	int rc = add_uuid(out, mais_record_uuid(root));

	if (!rc)
		rc = mais_store_foreach(s, entity, on_node, &t);
	if (!rc && !strcmp(entity, "admin_area"))
		rc = within_area(&t, root, out);
	do { /* a level a pass; a loop of parents adds nothing twice */
		before = out->n;
		for (size_t i = 0; !rc && i < t.n; i++)
			if (has_uuid(out, t.v[i].parent))
				rc = add_uuid(out, t.v[i].id);
	} while (!rc && out->n > before);
	free(t.v);
	return rc;
}

/* The record of entity named key: its UUID into the family, its name. */
static int resolve(mais_store *s, const char *entity, const char *key,
		   uuids *out, char *name, size_t len, int *authority)
{
	mais_record *r = NULL;
	const char *n, *type;
	int rc = svc_lookup_record(s, entity, key, &r);

	if (rc)
		return rc;
	n = mais_record_get(r, "name");
	type = mais_record_get(r, "org_type");
	snprintf(name, len, "%s (%s)", n ? n : "",
		 mais_record_reference(r) ? mais_record_reference(r) : key);
	*authority = type && !strcmp(type, "authority");
	rc = family(s, entity, r, out);
	mais_record_free(r);
	return rc;
}

/* The organisation filter within the user's scope a->o.orgs: what
 * counts is in both. */
static int narrow_orgs(places *pl, const svc_report_args *a)
{
	size_t k = 0;

	for (size_t i = 0; a->o.orgs && i < pl->orgs.n; i++) {
		int seen = 0;

		for (size_t j = 0; j < a->o.norgs; j++)
			seen |= !strcmp(pl->orgs.v[i], a->o.orgs[j]);
		if (seen)
			memmove(pl->orgs.v[k++], pl->orgs.v[i],
				sizeof *pl->orgs.v);
	}
	if (a->o.orgs)
		pl->orgs.n = k;
	return point(&pl->orgs);
}

/* The hazard of the hazard report as people name it (its reference and
 * name, never its UUID). */
static int resolve_hazard(mais_store *s, const char *key, places *pl)
{
	mais_record *r = NULL;
	const char *n, *ref;
	int rc = svc_lookup_record(s, "hazard", key, &r);

	if (rc)
		return rc;
	n = mais_record_get(r, "name");
	ref = mais_record_reference(r);
	snprintf(pl->hazard_name, sizeof pl->hazard_name, "%s%s%s",
		 ref ? ref : key, n ? " — " : "", n ? n : "");
	mais_record_free(r);
	return 0;
}

/* The filters of a resolved into pl and the options of b. */
static int resolve_places(mais_store *s, const svc_report_args *a,
			  svc_report_args *b, places *pl)
{
	int authority = 0, rc = 0;

	if (a->admin_area) {
		rc = resolve(s, "admin_area", a->admin_area, &pl->areas,
			     pl->area_name, sizeof pl->area_name, &authority);
		if (!rc)
			rc = point(&pl->areas);
		b->o.areas = pl->areas.ptr;
		b->o.nareas = pl->areas.n;
	}
	if (!rc && a->organisation) {
		rc = resolve(s, "organisation", a->organisation, &pl->orgs,
			     pl->org_name, sizeof pl->org_name, &authority);
		/* the authority's records are those of no organisation */
		if (!rc && authority)
			rc = add_uuid(&pl->orgs, "");
		if (!rc)
			rc = narrow_orgs(pl, a);
		b->o.orgs = pl->orgs.ptr;
		b->o.norgs = pl->orgs.n;
	}
	return rc;
}

/* The defaults a report takes from the programme: this year (in its time
 * zone), its reporting currency. */
static int programme_defaults(mais_store *s, const svc_report *r,
			      svc_report_args *b, places *pl)
{
	char today[11];
	int rc = 0;

	if ((r->takes & SVC_OPT_YEAR) && !b->year &&
	    !(rc = svc_today(s, today)))
		b->year = (int)strtol(today, NULL, 10);
	if (!rc && (r->takes & SVC_OPT_CURRENCY) && !b->currency &&
	    !(rc = svc_reporting_currency(s, pl->currency)) && *pl->currency)
		b->currency = pl->currency;
	return rc;
}

/* ------------------------------------------------------------------ */
/* In words.                                                            */

static void state_period(mais_sheet *sh, const svc_report *r,
			 const svc_report_args *b)
{
	if (!(r->takes & (SVC_OPT_FROM | SVC_OPT_TO)))
		return;
	if (b->o.from && b->o.to)
		mais_sheet_add_info(sh, "Period", "%s to %s", b->o.from,
				    b->o.to);
	else if (b->o.from || b->o.to)
		mais_sheet_add_info(sh, "Period", "%s %s",
				    b->o.from ? "from" : "up to",
				    b->o.from ? b->o.from : b->o.to);
	else
		mais_sheet_add_info(sh, "Period", "all dates");
}

/* A grouping in words. */
static const char *by_words(mais_report_by by)
{
	switch (by) {
	case MAIS_REPORT_BY_ADMIN:
		return "admin area";
	case MAIS_REPORT_BY_METHOD:
		return "delivery method";
	case MAIS_REPORT_BY_LAND_USE:
		return "land use";
	default:
		return mais_report_by_name(by);
	}
}

static void state_grouping(mais_sheet *sh, const svc_report *r,
			   const svc_report_args *b)
{
	if (!r->nby)
		return;
	if (b->o.by == MAIS_REPORT_BY_ADMIN && b->o.admin_level >= 0)
		mais_sheet_add_info(sh, "Grouped by", "admin area (level %d)",
				    b->o.admin_level);
	else
		mais_sheet_add_info(sh, "Grouped by", "%s", by_words(b->o.by));
}

static void state_filters(mais_sheet *sh, const svc_report *r,
			  const svc_report_args *a, const places *pl)
{
	if (r->takes & SVC_OPT_ADMIN_AREA)
		mais_sheet_add_info(sh, "Admin area", "%s",
				    a->admin_area ? pl->area_name : "all");
	if (r->takes & SVC_OPT_ORGANISATION)
		mais_sheet_add_info(sh, "Organisation", "%s",
				    a->organisation ? pl->org_name
				    : a->o.orgs	    ? "those the user sees"
						    : "all");
}

static void state(mais_sheet *sh, const svc_report *r, const svc_report_args *a,
		  const svc_report_args *b, const places *pl)
{
	if (b->hazard)
		mais_sheet_add_info(sh, "Hazard", "%s", pl->hazard_name);
	if (r->takes & SVC_OPT_YEAR)
		mais_sheet_add_info(sh, "Year", "%d", b->year);
	state_period(sh, r, b);
	state_grouping(sh, r, b);
	state_filters(sh, r, a, pl);
	if (r->takes & SVC_OPT_CURRENCY)
		mais_sheet_add_info(sh, "Currency", "%s%s",
				    b->currency ? b->currency : "none",
				    b->match == MAIS_RATE_ON_OR_BEFORE
					    ? " (latest rate on or before "
					      "each date)"
					    : " (rate of each date)");
	if (b->o.list)
		mais_sheet_add_info(sh, "Rows", "one an item (the register)");
	mais_sheet_add_info(sh, "Records counted", "%s",
			    b->o.include_submitted
				    ? "approved, verified and submitted"
				    : "approved");
}

int svc_report_sheet(mais_store *s, const svc_report *r,
		     const svc_report_args *a, mais_sheet **out)
{
	places pl = {0};
	svc_report_args b;
	char today[11] = "";
	int rc;

	*out = NULL;
	if (!s || !r || !a)
		return mais_error_set(MAIS_EINVAL,
				      "report: no store, report or options");
	b = *a;
	b.scope = a->o.orgs;
	b.nscope = a->o.norgs;
	rc = resolve_places(s, a, &b, &pl);
	if (!rc)
		rc = programme_defaults(s, r, &b, &pl);
	if (!rc)
		rc = mais_sheet_new(out);
	if (!rc && (rc = r->compute(s, &b, *out))) {
		mais_sheet_free(*out);
		*out = NULL;
	}
	/* the compute found the hazard: a failure here only loses its name */
	if (!rc && b.hazard && resolve_hazard(s, b.hazard, &pl))
		snprintf(pl.hazard_name, sizeof pl.hazard_name, "%s", b.hazard);
	if (!rc) {
		mais_sheet_set_title(*out, r->title);
		state(*out, r, a, &b, &pl);
		if (svc_today(s, today) == 0)
			mais_sheet_set_generated(*out, today);
	}
	uuids_free(&pl.areas);
	uuids_free(&pl.orgs);
	return rc;
}
