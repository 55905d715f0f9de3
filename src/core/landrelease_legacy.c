/*
 * landrelease.c — the land release accounting rule (DESIGN.md "Land
 * release accounting", landrelease.h): per hazard, original = cancelled +
 * reduced + cleared + remaining, checked on every write of a release.
 *
 * A hazard's releases are read through the store (mais_store_list on
 * hazard_uuid), taken in the order they were stored (references are
 * serial), and added one by one: a release polygon is clipped to the
 * hazard, the part already released by earlier releases is taken away,
 * and what is left is the new released area of its method (first release
 * wins).  The union of what was released grows as they are added, so
 * overlaps count once.  A release given only as a number adds its number.
 * remaining is the original minus the three sums, so that the identity
 * holds by construction.
 *
 * The check of a new (or changed) release runs the same addition over the
 * other releases, then adds it: if it adds more than remains (beyond the
 * tolerance) it is refused; if nothing remains after it, the hazard is
 * returned to the store to be closed in the same transaction.  Its polygon
 * is stored clipped to the hazard, the polygon as given kept as the
 * original geometry of its version, with a flag giving the area outside.
 */
#include "core/landrelease_legacy.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "core/geom_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An overlay that fails on nearly coincident edges is retried snapped to
 * this grid, in degrees (about 0.1 mm). */
#define OVERLAY_GRID_DEG 1e-9

/* A release polygon is clipped only if more than this (m²) lies outside
 * its hazard: below it the difference is rounding of the overlay (a
 * stored release, clipped already, read back for an update). */
#define CLIP_NOISE_M2 1e-3

#define NMETHODS 3

/* One release of a hazard, as read. */
typedef struct rel {
	char ref[64];
	int method;
	GEOSGeometry *poly; /* owned, or NULL: a number */
	double number;
} rel;

typedef struct rels {
	GEOSContextHandle_t h;
	const char *skip; /* the release being written, or NULL */
	rel *v;
	size_t n, cap;
} rels;

/* The accounting while releases are added. */
typedef struct acct {
	GEOSContextHandle_t h;
	GEOSGeometry *hazard;	/* polygonal, owned, or NULL */
	GEOSGeometry *released; /* union of released parts, owned, or NULL */
	mais_lr_account a;
} acct;

enum op { OP_INTER, OP_DIFF, OP_UNION };


static int no_memory(void)
{
	return mais_error_set(MAIS_ENOMEM, "out of memory");
}

static int method_index(const char *code)
{
	return mais_lr_method(code);
}

static double number_of(const mais_record *r, const char *column)
{
	const char *v = mais_record_get(r, column);

	return v ? strtod(v, NULL) : 0;
}

/* *out: a copy of r's polygonal geometry, or NULL when it has none. */
static int polygon_of(GEOSContextHandle_t h, const mais_record *r,
		      GEOSGeometry **out)
{
	const mais_geom *g = mais_record_geom(r);
	const GEOSGeometry *gg = g ? mais_geom__geos(g) : NULL;
	int t = gg ? GEOSGeomTypeId_r(h, gg) : -1;

	*out = NULL;
	if ((t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) ||
	    GEOSisEmpty_r(h, gg) != 0)
		return 0;
	return (*out = GEOSGeom_clone_r(h, gg)) ? 0 : no_memory();
}

/* a op b, retried on a fine grid when GEOS fails on a robustness issue. */
static GEOSGeometry *overlay(GEOSContextHandle_t h, const GEOSGeometry *a,
			     const GEOSGeometry *b, enum op op)
{
	GEOSGeometry *x = op == OP_INTER  ? GEOSIntersection_r(h, a, b)
			  : op == OP_DIFF ? GEOSDifference_r(h, a, b)
					  : GEOSUnion_r(h, a, b);

	if (x)
		return x;
	if (op == OP_INTER)
		return GEOSIntersectionPrec_r(h, a, b, OVERLAY_GRID_DEG);
	if (op == OP_DIFF)
		return GEOSDifferencePrec_r(h, a, b, OVERLAY_GRID_DEG);
	return GEOSUnionPrec_r(h, a, b, OVERLAY_GRID_DEG);
}

static int overlay_failed(const char *what)
{
	return mais_error_set(MAIS_EGEOM, "land release: %s of polygons: %s",
			      what, mais_geom__geos_message());
}

/* ------------------------------------------------------------------ */
/* Reading a hazard's releases.                                         */

/* A release counts once submitted: not a draft (unfinished, as in the
 * reports) nor rejected. */
static int counts(const char *status)
{
	return status && strcmp(status, "draft") && strcmp(status, "rejected");
}

static int on_release(const mais_record *r, void *arg)
{
	rels *x = arg;
	const char *st = mais_record_get(r, "status");
	const char *uuid = mais_record_uuid(r);
	rel *it;

	if (!counts(st) || (x->skip && uuid && !strcmp(uuid, x->skip)))
		return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;
		rel *v = realloc(x->v, cap * sizeof *v);

		if (!v)
			return no_memory();
		x->v = v;
		x->cap = cap;
	}
	it = &x->v[x->n];
	memset(it, 0, sizeof *it);
	snprintf(it->ref, sizeof it->ref, "%s",
		 mais_record_reference(r) ? mais_record_reference(r) : "");
	it->method = method_index(mais_record_get(r, "method"));
	it->number = number_of(r, "area_m2");
	x->n++;
	return polygon_of(x->h, r, &it->poly);
}

/* Stored order: references are serial, zero-padded to six digits, so a
 * longer one is a later one. */
static int cmp_rel(const void *a, const void *b)
{
	const rel *x = a, *y = b;
	size_t lx = strlen(x->ref), ly = strlen(y->ref);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

static void rels_free(rels *x)
{
	for (size_t i = 0; i < x->n; i++)
		GEOSGeom_destroy_r(x->h, x->v[i].poly);
	free(x->v);
}

/* The releases of the hazard, page by page, in stored order. */
static int rels_load(mais_store *s, const char *hazard_uuid, rels *x)
{
	mais_store_query q = {0};
	int64_t total = 0;
	int rc;

	q.entity = "land_release";
	q.ref_column = "hazard_uuid";
	q.ref_value = hazard_uuid;
	q.limit = MAIS_MAX_MAP_FEATURES;
	do {
		rc = mais_store_list(s, &q, &total, on_release, x);
		q.offset += q.limit;
	} while (rc == 0 && q.offset < total);
	if (rc == 0 && x->n > 1)
		qsort(x->v, x->n, sizeof *x->v, cmp_rel);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Adding releases.                                                     */

static void acct_free(acct *c)
{
	GEOSGeom_destroy_r(c->h, c->hazard);
	GEOSGeom_destroy_r(c->h, c->released);
	c->hazard = c->released = NULL;
}

static void acct_settle(acct *c)
{
	mais_lr_account *a = &c->a;

	a->remaining_m2 = a->original_m2 -
			  (a->cancelled_m2 + a->reduced_m2 + a->cleared_m2);
}

/* Starts the accounting of hazard hz: nothing released yet. */
static int acct_init(acct *c, const mais_record *hz)
{
	int rc;

	memset(c, 0, sizeof *c);
	if (!(c->h = mais_geom__ctx()))
		return no_memory();
	rc = polygon_of(c->h, hz, &c->hazard);
	if (rc < 0)
		return rc;
	c->a.has_polygon = c->hazard != NULL;
	c->a.original_m2 = c->hazard ? mais_geom__area_geos(c->hazard)
				     : number_of(hz, "estimated_area_m2");
	acct_settle(c);
	return 0;
}

/* The part of poly that is new: within the hazard (if it has a polygon)
 * and not released yet; the released union grows by it. */
static int add_polygon(acct *c, const GEOSGeometry *poly, double *added)
{
	GEOSGeometry *clip, *piece, *u;

	clip = c->hazard ? overlay(c->h, poly, c->hazard, OP_INTER)
			 : GEOSGeom_clone_r(c->h, poly);
	if (!clip)
		return overlay_failed("intersection");
	piece = c->released ? overlay(c->h, clip, c->released, OP_DIFF)
			    : GEOSGeom_clone_r(c->h, clip);
	if (!piece) {
		GEOSGeom_destroy_r(c->h, clip);
		return overlay_failed("difference");
	}
	*added = mais_geom__area_geos(piece);
	GEOSGeom_destroy_r(c->h, piece);
	if (!c->released) {
		c->released = clip;
		return 0;
	}
	u = overlay(c->h, c->released, clip, OP_UNION);
	GEOSGeom_destroy_r(c->h, clip);
	if (!u)
		return overlay_failed("union");
	GEOSGeom_destroy_r(c->h, c->released);
	c->released = u;
	return 0;
}

/* Adds one release (poly, or number when poly is NULL) of method m;
 * *added is the area it adds. */
static int acct_add(acct *c, int m, const GEOSGeometry *poly, double number,
		    double *added)
{
	double *sum[NMETHODS] = {&c->a.cancelled_m2, &c->a.reduced_m2,
				 &c->a.cleared_m2};
	int rc = 0;

	*added = number;
	if (poly)
		rc = add_polygon(c, poly, added);
	if (rc < 0 || m < 0)
		return rc;
	*sum[m] += *added;
	if (!poly)
		c->a.number_m2 += number;
	c->a.releases++;
	acct_settle(c);
	return 0;
}

/* The accounting of hz over its stored releases but `skip`. */
static int acct_hazard(mais_store *s, const mais_record *hz, const char *skip,
		       acct *c)
{
	rels x = {0};
	double added;
	int rc = acct_init(c, hz);

	x.h = c->h;
	x.skip = skip;
	if (rc == 0)
		rc = rels_load(s, mais_record_uuid(hz), &x);
	for (size_t i = 0; rc == 0 && i < x.n; i++)
		rc = acct_add(c, x.v[i].method, x.v[i].poly, x.v[i].number,
			      &added);
	rels_free(&x);
	if (rc < 0)
		acct_free(c);
	return rc;
}

int mais_landrelease_account(mais_store *s, const char *hazard_uuid,
			     mais_lr_account *out)
{
	mais_record *hz = NULL;
	acct c;
	int rc;

	memset(out, 0, sizeof *out);
	rc = mais_store_get(s, "hazard", hazard_uuid, &hz);
	if (rc < 0)
		return rc;
	rc = acct_hazard(s, hz, NULL, &c);
	if (rc == 0) {
		*out = c.a;
		acct_free(&c);
	}
	mais_record_free(hz);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Checking a release.                                                  */

static void today_utc(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int check_not_future(const mais_record *r)
{
	const char *d = mais_record_get(r, "release_date");
	char today[11];

	today_utc(today);
	if (d && strcmp(d, today) > 0)
		return mais_error_set(MAIS_EINVAL,
				      "land_release.release_date: %s is in "
				      "the future (today is %s, UTC)",
				      d, today);
	return 0;
}

/* 1 if the stored version of r already releases hazard hz_uuid (an edit
 * of a counted release, which may go on once its hazard is closed). */
static int already_of(mais_store *s, const mais_record *r, const char *hz_uuid)
{
	mais_record *old = NULL;
	const char *h;
	int yes;

	if (!mais_record_uuid(r) ||
	    mais_store_get(s, "land_release", mais_record_uuid(r), &old) < 0)
		return 0;
	h = mais_record_get(old, "hazard_uuid");
	yes = h && !strcmp(h, hz_uuid);
	mais_record_free(old);
	return yes;
}

/* The hazard may take this release: open, and recorded before it. */
static int check_hazard(mais_store *s, const mais_record *r,
			const mais_record *hz)
{
	const char *hst = mais_record_get(hz, "hazard_status");
	const char *rec = mais_record_get(hz, "recorded_date");
	const char *d = mais_record_get(r, "release_date");
	const char *ref = mais_record_reference(hz);

	if (d && rec && strcmp(d, rec) < 0)
		return mais_error_set(MAIS_EINVAL,
				      "land_release.release_date: %s is "
				      "before hazard %s was recorded (%s)",
				      d, ref, rec);
	if (hst && strcmp(hst, "active") &&
	    !already_of(s, r, mais_record_uuid(hz)))
		return mais_error_set(MAIS_EINVAL,
				      "land_release.hazard_uuid: hazard %s "
				      "is %s: nothing of it can be released",
				      ref, hst);
	return 0;
}

/* Only the polygonal parts of g, as a MULTIPOLYGON (owned, new). */
static GEOSGeometry *multipolygon(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	int n = GEOSGetNumGeometries_r(h, g), k = 0;
	GEOSGeometry **parts = calloc(n > 0 ? (size_t)n : 1, sizeof *parts);
	GEOSGeometry *mp;

	if (!parts)
		return NULL;
	for (int i = 0; i < n; i++) {
		const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
		int t = GEOSGeomTypeId_r(h, p);

		if (t == GEOS_POLYGON && !GEOSisEmpty_r(h, p))
			parts[k++] = GEOSGeom_clone_r(h, p);
		else if (t == GEOS_MULTIPOLYGON)
			for (int j = 0; j < GEOSGetNumGeometries_r(h, p); j++)
				parts[k++] = GEOSGeom_clone_r(
					h, GEOSGetGeometryN_r(h, p, j));
	}
	mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
					 (unsigned)k);
	free(parts);
	return mp;
}

/* Sets area_m2 to the clipped area when it was the area of the polygon as
 * given (computed on entry), not a number the user reported. */
static int reset_area(mais_record *r, double before, double after)
{
	char was[64], now[64];
	const char *v = mais_record_get(r, "area_m2");

	snprintf(was, sizeof was, "%.3f", before);
	if (!v || strcmp(v, was))
		return 0;
	snprintf(now, sizeof now, "%.3f", after);
	return mais_record_set(r, "area_m2", now);
}

/* Stores r's polygon clipped to the hazard's when a part lies outside;
 * a release wholly outside its hazard is refused. */
static int clip_release(acct *c, mais_record *r, const char *hz_ref,
			mais_lr_effect *fx)
{
	const mais_geom *g = mais_record_geom(r);
	GEOSGeometry *x, *mp;
	mais_geom *clipped = NULL;
	double full, inside;

	if (!c->hazard || !g || mais_geom_is_empty(g))
		return 0;
	if (!(x = overlay(c->h, mais_geom__geos(g), c->hazard, OP_INTER)))
		return overlay_failed("intersection");
	mp = multipolygon(c->h, x);
	GEOSGeom_destroy_r(c->h, x);
	if (!mp)
		return no_memory();
	full = mais_geom_area_m2(g);
	inside = mais_geom__area_geos(mp);
	if (inside <= CLIP_NOISE_M2 || full - inside <= CLIP_NOISE_M2) {
		GEOSGeom_destroy_r(c->h, mp);
		if (inside > CLIP_NOISE_M2)
			return 0;
		return mais_error_set(MAIS_EINVAL,
				      "land_release.geom: the release lies "
				      "outside hazard %s (no part within it)",
				      hz_ref);
	}
	if (mais_geom_clone(&clipped, g) < 0) {
		GEOSGeom_destroy_r(c->h, mp);
		return mais_error_last_code();
	}
	mais_geom__replace(clipped, mp);
	mais_record_derive_geom(r, clipped);
	fx->clipped = 1;
	snprintf(fx->message, sizeof fx->message,
		 "%.3f m² of the release lie outside hazard %s and are not "
		 "counted; the geometry as given is kept as the original of "
		 "this version",
		 full - inside, hz_ref);
	return reset_area(r, full, inside);
}

static int refuse_excess(const mais_record *r, const mais_record *hz,
			 const acct *c, double added, double remaining)
{
	return mais_error_set(MAIS_EINVAL,
			      "land_release.%s: the release adds %.3f m² to "
			      "hazard %s, but only %.3f m² of its %.3f m² "
			      "remain",
			      mais_record_geom(r) ? "geom" : "area_m2", added,
			      mais_record_reference(hz), remaining,
			      c->a.original_m2);
}

/* Adds r to the accounting of hz; refuses it if it adds more than
 * remains; gives the hazard back to close when nothing remains. */
static int add_release(acct *c, const mais_record *r, mais_record **hz,
		       mais_lr_effect *fx)
{
	double before = c->a.remaining_m2, added = 0;
	double tol = mais_landrelease_tolerance(c->a.original_m2);
	const char *hst = mais_record_get(*hz, "hazard_status");
	GEOSGeometry *poly = NULL;
	int rc = polygon_of(c->h, r, &poly);

	if (rc == 0)
		rc = acct_add(c, method_index(mais_record_get(r, "method")),
			      poly, poly ? 0 : number_of(r, "area_m2"), &added);
	GEOSGeom_destroy_r(c->h, poly);
	if (rc < 0)
		return rc;
	if (added > before + tol)
		return refuse_excess(r, *hz, c, added, before);
	if (c->a.remaining_m2 <= tol && hst && !strcmp(hst, "active")) {
		rc = mais_record_set(*hz, "hazard_status", "closed");
		if (rc == 0) {
			fx->close_hazard = *hz;
			*hz = NULL;
		}
	}
	return rc;
}

int mais_landrelease_check(mais_store *s, mais_record *r, mais_lr_effect *fx)
{
	const char *hz_uuid = mais_record_get(r, "hazard_uuid");
	const char *st = mais_record_get(r, "status");
	mais_record *hz = NULL;
	const char *ref;
	acct c = {0};
	int rc;

	memset(fx, 0, sizeof *fx);
	rc = check_not_future(r);
	/* a release outside hazards, or a rejected one, has no hazard's
	 * rules to follow */
	if (rc < 0 || !hz_uuid || (st && !strcmp(st, "rejected")))
		return rc;
	rc = mais_store_get(s, "hazard", hz_uuid, &hz);
	if (rc == 0)
		rc = check_hazard(s, r, hz);
	/* a draft is checked against the remainder when it is submitted */
	if (rc < 0 || !counts(st)) {
		mais_record_free(hz);
		return rc;
	}
	if (rc == 0)
		rc = acct_hazard(s, hz, mais_record_uuid(r), &c);
	if (rc < 0) {
		mais_record_free(hz);
		return rc;
	}
	/* the record is changed (clipped) only once it is accepted */
	ref = mais_record_reference(hz);
	rc = add_release(&c, r, &hz, fx);
	if (rc == 0)
		rc = clip_release(&c, r, ref, fx);
	acct_free(&c);
	mais_record_free(hz);
	if (rc < 0) {
		mais_record_free(fx->close_hazard);
		fx->close_hazard = NULL;
	}
	return rc;
}
