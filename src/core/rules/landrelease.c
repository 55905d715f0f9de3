/*
 * landrelease.c — the one land release kernel (landrelease.h,
 * docs/land-release.md).  Every figure of released and remaining land in
 * mais is computed here, over one cluster of hazards and releases at a
 * time.
 *
 * The work is a few passes of successive overlays, each record against
 * the earlier ones whose boxes meet it (boxes first: most pairs are far
 * apart, and GEOS overlays are the cost):
 *   1. own(Hᵢ) = Hᵢ less every earlier hazard polygon it meets;
 *   2. R'ₖ = Rₖ ∩ its hazard's polygon; new(Rₖ) = R'ₖ less every earlier
 *      R'ⱼ it meets;
 *   3. new(Rₖ) ∩ own(Hᵢ) is credited to Hᵢ, and new(Rₖ) less every own(Hᵢ)
 *      is released outside hazards;
 *   4. with zones (admin areas), each piece of land is split by them.
 * Remaining is always the difference of what was added, so the identity
 * holds by construction for every hazard and group.
 */
#include "mais/landrelease.h"
#include "mais/error.h"
#include "core/geom_internal.h"

#include <stdlib.h>
#include <string.h>

/* An overlay that fails on nearly coincident edges is retried snapped to
 * this grid, in degrees (about 0.1 mm). */
#define OVERLAY_GRID_DEG 1e-9

/* A release polygon is clipped only if more than this (m²) lies outside
 * its hazard: below it the difference is rounding of the overlay (a
 * stored release, clipped already, read back for an update). */
#define CLIP_NOISE_M2 1e-3

static const char *const method_codes[MAIS_LR_NMETHODS] = {
	"cancelled", "reduced", "cleared"};

int mais_lr_method(const char *code)
{
	for (int i = 0; code && i < MAIS_LR_NMETHODS; i++)
		if (!strcmp(code, method_codes[i]))
			return i;
	return -1;
}

double mais_landrelease_tolerance(double original_m2)
{
	double share = MAIS_LR_TOLERANCE_SHARE * original_m2;

	return share > MAIS_LR_TOLERANCE_M2 ? share : MAIS_LR_TOLERANCE_M2;
}

/* ------------------------------------------------------------------ */
/* Geometry helpers.                                                    */

typedef struct box {
	double x0, y0, x1, y1;
} box;

enum op { OP_INTER, OP_DIFF };

static int overlay_failed(const char *what)
{
	return mais_error_set(MAIS_EGEOM, "land release: %s of polygons: %s",
			      what, mais_geom__geos_message());
}

/* The polygonal GEOS geometry of g, or NULL (none, empty, a point). */
static const GEOSGeometry *polygonal(GEOSContextHandle_t h,
				     const mais_geom *g)
{
	const GEOSGeometry *gg = g ? mais_geom__geos(g) : NULL;
	int t = gg ? GEOSGeomTypeId_r(h, gg) : -1;

	if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON)
		return NULL;
	return GEOSisEmpty_r(h, gg) ? NULL : gg;
}

/* a op b, retried on a fine grid when GEOS fails on a robustness issue;
 * NULL with the error set. */
static GEOSGeometry *overlay(GEOSContextHandle_t h, const GEOSGeometry *a,
			     const GEOSGeometry *b, enum op op)
{
	GEOSGeometry *x = op == OP_INTER ? GEOSIntersection_r(h, a, b)
					 : GEOSDifference_r(h, a, b);

	if (!x)
		x = op == OP_INTER
			    ? GEOSIntersectionPrec_r(h, a, b, OVERLAY_GRID_DEG)
			    : GEOSDifferencePrec_r(h, a, b, OVERLAY_GRID_DEG);
	if (!x)
		overlay_failed(op == OP_INTER ? "intersection" : "difference");
	return x;
}

/* *g = *g op b (the old *g freed); 0, or the error. */
static int overlay_into(GEOSContextHandle_t h, GEOSGeometry **g,
			const GEOSGeometry *b, enum op op)
{
	GEOSGeometry *x = overlay(h, *g, b, op);

	if (!x)
		return mais_error_last_code();
	GEOSGeom_destroy_r(h, *g);
	*g = x;
	return 0;
}

/* *g = *g less the union of parts[0..n) (the old *g freed).  The union
 * is taken first, as PostGIS's ST_Difference(g, ST_Union(...)) does:
 * subtracting one part after another leaves seams where parts meet. */
static int minus_union(GEOSContextHandle_t h, GEOSGeometry **g,
		       const GEOSGeometry **parts, size_t n)
{
	GEOSGeometry **cl, *coll, *u;
	int rc;

	if (!n)
		return 0;
	if (!(cl = malloc(n * sizeof *cl)))
		return mais_error_nomem();
	for (size_t i = 0; i < n; i++)
		cl[i] = GEOSGeom_clone_r(h, parts[i]);
	coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, cl,
					   (unsigned)n);
	free(cl);
	if (!coll)
		return mais_error_nomem();
	u = GEOSUnaryUnion_r(h, coll);
	if (!u)
		u = GEOSUnaryUnionPrec_r(h, coll, OVERLAY_GRID_DEG);
	GEOSGeom_destroy_r(h, coll);
	if (!u)
		return overlay_failed("union");
	rc = overlay_into(h, g, u, OP_DIFF);
	GEOSGeom_destroy_r(h, u);
	return rc;
}

static box box_of(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	box b = {0, 0, -1, -1}; /* empty: meets nothing */

	if (g && !GEOSisEmpty_r(h, g)) {
		GEOSGeom_getXMin_r(h, g, &b.x0);
		GEOSGeom_getYMin_r(h, g, &b.y0);
		GEOSGeom_getXMax_r(h, g, &b.x1);
		GEOSGeom_getYMax_r(h, g, &b.y1);
	}
	return b;
}

static int boxes_meet(const box *a, const box *b)
{
	return a->x0 <= a->x1 && b->x0 <= b->x1 && a->x0 <= b->x1 &&
	       b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

/* 1 if a and b may share area: boxes meet and GEOS says they intersect. */
static int meet(GEOSContextHandle_t h, const GEOSGeometry *a, const box *ba,
		const GEOSGeometry *b, const box *bb)
{
	return a && b && boxes_meet(ba, bb) && GEOSIntersects_r(h, a, b) == 1;
}

/* ------------------------------------------------------------------ */
/* Order: date (none last), then stored order.                          */

typedef struct key {
	const char *date;
	int64_t seq;
	size_t i;
} key;

static int cmp_key(const void *pa, const void *pb)
{
	const key *a = pa, *b = pb;
	int c;

	if (!a->date != !b->date)
		return a->date ? -1 : 1;
	if (a->date && (c = strcmp(a->date, b->date)))
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* ------------------------------------------------------------------ */
/* The run.                                                             */

/* Where a figure goes in mais_lr_figures. */
enum slot { S_POLYGON, S_ORIGINAL, S_RELEASED, S_OUTSIDE, S_WORK };

/* No second group. */
#define NO_GROUP ((size_t)-1)

typedef struct run {
	GEOSContextHandle_t h;
	const mais_lr_cluster *c;
	mais_lr_account *acc; /* may be NULL */
	mais_lr_figures *groups;
	double *credited;
	GEOSGeometry **own; /* per hazard: owned land, or NULL */
	box *own_box;
	box *hz_box; /* of each hazard's whole polygon */
	const GEOSGeometry **near; /* scratch: the parts to subtract */
	GEOSGeometry **clip; /* per release: its polygon */
	GEOSGeometry **rel;  /* per release: its new land */
	box *rel_box;
	size_t *horder, *rorder;
} run;

struct mais_lr_zones {
	GEOSContextHandle_t h;
	size_t n;
	mais_lr_zone *z; /* a copy */
	box *box;
	const GEOSPreparedGeometry **prep;
};

/* Adds a to the slot of group g (remaining moves with it). */
static void add_to(run *x, size_t g, enum slot s, int m, double a)
{
	mais_lr_figures *f;

	if (!x->groups || a == 0)
		return;
	f = &x->groups[g];
	if (s == S_POLYGON) {
		f->polygon_m2 += a;
	} else if (s == S_ORIGINAL) {
		f->original_m2 += a;
		f->remaining_m2 += a;
	} else if (s == S_RELEASED) {
		f->released_m2[m] += a;
		f->remaining_m2 -= a;
	} else if (s == S_OUTSIDE) {
		f->outside_m2[m] += a;
	} else {
		f->work_m2[m] += a;
	}
}

/* Released land also counts as the work of its release's group (w), or
 * of the zone it lies in (z, when there are zones). */
static void add_to2(run *x, size_t g, enum slot s, int m, double a,
		    size_t w)
{
	add_to(x, g, s, m, a);
	if (s == S_RELEASED && w != NO_GROUP)
		add_to(x, w, S_WORK, m, a);
}

/* Adds the land piece (of area a) to the slot: by zone when there are
 * zones, else to group g.  The part in no zone is measured as it is (not
 * as a less the zones' parts: pieces of a geodesic polygon do not add up
 * to it exactly, docs/land-release.md). */
static int add_land(run *x, const GEOSGeometry *piece, double a, size_t g,
		    enum slot s, int m, size_t w)
{
	const mais_lr_cluster *c = x->c;
	const mais_lr_zones *zs;
	GEOSGeometry *rest;
	box pb;
	int rc = 0;

	if (!c->zones || !x->groups) {
		add_to2(x, g, s, m, a, w);
		return 0;
	}
	zs = c->zones;
	pb = box_of(x->h, piece);
	if (!(rest = GEOSGeom_clone_r(x->h, piece)))
		return mais_error_nomem();
	for (size_t z = 0; rc == 0 && z < zs->n; z++) {
		const GEOSGeometry *zg = polygonal(x->h, zs->z[z].geom);
		GEOSGeometry *p;

		/* zones are large (admin areas): only prepared tests */
		if (!boxes_meet(&pb, &zs->box[z]) ||
		    GEOSPreparedIntersects_r(x->h, zs->prep[z], piece) != 1)
			continue;
		if (GEOSPreparedCovers_r(x->h, zs->prep[z], piece) == 1) {
			add_to2(x, zs->z[z].group, s, m, a,
				w == NO_GROUP ? w : zs->z[z].group);
			GEOSGeom_destroy_r(x->h, rest);
			return 0;
		}
		if (!(p = overlay(x->h, piece, zg, OP_INTER))) {
			rc = mais_error_last_code();
			break;
		}
		add_to2(x, zs->z[z].group, s, m, mais_geom__area_geos(p),
			w == NO_GROUP ? w : zs->z[z].group);
		GEOSGeom_destroy_r(x->h, p);
		rc = overlay_into(x->h, &rest, zg, OP_DIFF);
	}
	if (rc == 0)
		add_to2(x, c->unzoned, s, m, mais_geom__area_geos(rest),
			w == NO_GROUP ? w : c->unzoned);
	GEOSGeom_destroy_r(x->h, rest);
	return rc;
}

static int add_number(run *x, size_t g, enum slot s, int m, double a)
{
	add_to(x, g, s, m, a);
	if (x->groups && s != S_ORIGINAL)
		x->groups[g].number_m2 += a;
	return 0;
}

/* Pass 1: owned land of each hazard, in order. */
static int own_land(run *x)
{
	const mais_lr_cluster *c = x->c;
	int rc = 0;

	for (size_t n = 0; rc == 0 && n < c->nhazards; n++) {
		size_t i = x->horder[n];
		const mais_lr_hazard *hz = &c->hazards[i];
		const GEOSGeometry *g = polygonal(x->h, hz->geom);
		box b = box_of(x->h, g);
		double a;

		if (!g) {
			if (x->acc)
				x->acc[i].original_m2 =
					x->acc[i].polygon_m2 = hz->estimated_m2;
			add_to(x, hz->group, S_ORIGINAL, 0, hz->estimated_m2);
			add_to(x, hz->group, S_POLYGON, 0, hz->estimated_m2);
			continue;
		}
		size_t nn = 0;

		if (!(x->own[i] = GEOSGeom_clone_r(x->h, g)))
			return mais_error_nomem();
		for (size_t e = 0; e < n; e++) {
			size_t j = x->horder[e];
			const GEOSGeometry *gj =
				polygonal(x->h, c->hazards[j].geom);

			if (meet(x->h, g, &b, gj, &x->hz_box[j]))
				x->near[nn++] = gj;
		}
		rc = minus_union(x->h, &x->own[i], x->near, nn);
		x->hz_box[i] = b;
		if (rc < 0)
			break;
		a = mais_geom__area_geos(x->own[i]);
		if (x->acc) {
			x->acc[i].has_polygon = 1;
			x->acc[i].polygon_m2 = mais_geom__area_geos(g);
			x->acc[i].original_m2 = a;
		}
		rc = add_land(x, x->own[i], a, hz->group, S_ORIGINAL, 0,
			      NO_GROUP);
		if (rc == 0 && x->groups)
			rc = add_land(x, g, mais_geom__area_geos(g), hz->group,
				      S_POLYGON, 0, NO_GROUP);
	}
	/* from here on, boxes of the owned land */
	for (size_t i = 0; i < c->nhazards; i++)
		x->own_box[i] = box_of(x->h, x->own[i]);
	return rc;
}

/* Pass 2a: each release's polygon as stored (a release of a hazard was
 * clipped to it when it was written; if the hazard's polygon changed
 * since, the part of the release outside it counts where it lies). */
static int take_releases(run *x)
{
	const mais_lr_cluster *c = x->c;

	for (size_t k = 0; k < c->nreleases; k++) {
		const mais_lr_release *r = &c->releases[k];
		const GEOSGeometry *g = polygonal(x->h, r->geom);

		if (r->hazard >= (long)c->nhazards || r->method < 0 ||
		    r->method >= MAIS_LR_NMETHODS)
			return mais_error_set(MAIS_EINVAL,
					      "land release kernel: release "
					      "%zu has a bad hazard or method",
					      k);
		if (!g)
			continue;
		if (!(x->clip[k] = GEOSGeom_clone_r(x->h, g)))
			return mais_error_nomem();
		x->rel_box[k] = box_of(x->h, x->clip[k]);
	}
	return 0;
}

/* Two releases compete for land when both are on the map (unlinked or of
 * a polygon hazard), or both belong to the same hazard with no polygon. */
static int compete(const run *x, size_t k, size_t j)
{
	const mais_lr_release *a = &x->c->releases[k], *b = &x->c->releases[j];
	int ka = a->hazard < 0 || x->own[a->hazard];
	int kb = b->hazard < 0 || x->own[b->hazard];

	if (ka || kb)
		return ka && kb;
	return a->hazard == b->hazard;
}

/* Pass 2b: new land of each release, in order (first release wins):
 * its clipped polygon less the union of the earlier ones it meets. */
static int new_land(run *x)
{
	const mais_lr_cluster *c = x->c;
	int rc = 0;

	for (size_t n = 0; rc == 0 && n < c->nreleases; n++) {
		size_t k = x->rorder[n], nn = 0;

		if (!x->clip[k])
			continue;
		for (size_t e = 0; e < n; e++) {
			size_t j = x->rorder[e];

			if (compete(x, k, j) &&
			    meet(x->h, x->clip[k], &x->rel_box[k], x->clip[j],
				 &x->rel_box[j]))
				x->near[nn++] = x->clip[j];
		}
		if (!(x->rel[k] = GEOSGeom_clone_r(x->h, x->clip[k])))
			return mais_error_nomem();
		rc = minus_union(x->h, &x->rel[k], x->near, nn);
	}
	return rc;
}

/* Adds release k's new land within each hazard's whole polygon to the
 * hazard's own progress (accounts only: reports do not need it). */
static int credit_polygons(run *x, size_t k)
{
	const mais_lr_cluster *c = x->c;

	for (size_t i = 0; x->acc && i < c->nhazards; i++) {
		const GEOSGeometry *hg = polygonal(x->h, c->hazards[i].geom);
		GEOSGeometry *p;

		if (!meet(x->h, x->rel[k], &x->rel_box[k], hg, &x->hz_box[i]))
			continue;
		if (!(p = overlay(x->h, x->rel[k], hg, OP_INTER)))
			return mais_error_last_code();
		x->acc[i].polygon_released_m2 += mais_geom__area_geos(p);
		GEOSGeom_destroy_r(x->h, p);
	}
	return 0;
}

/* Credits release k's new land to the hazards that own it. */
static int credit_within(run *x, size_t k)
{
	const mais_lr_cluster *c = x->c;
	const mais_lr_release *r = &c->releases[k];
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < c->nhazards; i++) {
		GEOSGeometry *p;
		double a;

		if (!meet(x->h, x->rel[k], &x->rel_box[k], x->own[i],
			  &x->own_box[i]))
			continue;
		if (!(p = overlay(x->h, x->rel[k], x->own[i], OP_INTER)))
			return mais_error_last_code();
		a = mais_geom__area_geos(p);
		if (x->acc)
			*(&x->acc[i].cancelled_m2 + r->method) += a;
		rc = add_land(x, p, a, c->hazards[i].group, S_RELEASED,
			      r->method, r->group);
		GEOSGeom_destroy_r(x->h, p);
	}
	return rc;
}

/* 1 if release k lies partly outside its hazard i's polygon (more than
 * the noise of clipping it there when it was written): the hazard's
 * polygon was changed since.  0 also when the test cannot be made. */
static int beyond_hazard(run *x, size_t k, long i)
{
	GEOSGeometry *d = overlay(x->h, x->rel[k],
				  polygonal(x->h, x->c->hazards[i].geom),
				  OP_DIFF);
	int beyond = d && mais_geom__area_geos(d) > CLIP_NOISE_M2;

	GEOSGeom_destroy_r(x->h, d);
	return beyond;
}

/* The new land of release k that lies outside every hazard: less the
 * union of the hazard polygons, not of the owned pieces, whose seams the
 * overlays do not close exactly.  Only for a release with no hazard, or
 * one beyond its hazard (beyond_hazard): a release within its hazard has
 * nothing outside, and what an overlay with the union would find there is
 * the noise of its edges. */
static int credit_outside(run *x, size_t k)
{
	const mais_lr_cluster *c = x->c;
	const mais_lr_release *r = &c->releases[k];
	GEOSGeometry *out = GEOSGeom_clone_r(x->h, x->rel[k]);
	size_t nn = 0;
	int rc = out ? 0 : mais_error_nomem();

	for (size_t i = 0; rc == 0 && i < c->nhazards; i++) {
		const GEOSGeometry *hg = polygonal(x->h, c->hazards[i].geom);

		if (meet(x->h, x->rel[k], &x->rel_box[k], hg, &x->hz_box[i]))
			x->near[nn++] = hg;
	}
	if (rc == 0)
		rc = minus_union(x->h, &out, x->near, nn);
	if (rc == 0)
		rc = add_land(x, out, mais_geom__area_geos(out), r->group,
			      S_OUTSIDE, r->method, NO_GROUP);
	GEOSGeom_destroy_r(x->h, out);
	return rc;
}

/* Pass 3: what each release released, and where it counts. */
static int credit(run *x)
{
	const mais_lr_cluster *c = x->c;
	int rc = 0;

	for (size_t k = 0; rc == 0 && k < c->nreleases; k++) {
		const mais_lr_release *r = &c->releases[k];
		long i = r->hazard;
		double a = x->rel[k] ? mais_geom__area_geos(x->rel[k])
				     : r->number_m2;

		if (x->credited)
			x->credited[k] = a;
		if (i >= 0 && x->acc) {
			x->acc[i].releases++;
			if (!x->rel[k])
				x->acc[i].number_m2 += a;
		}
		if (x->rel[k] && (i < 0 || x->own[i])) {
			rc = credit_within(x, k);
			if (rc == 0)
				rc = credit_polygons(x, k);
			if (rc == 0 && (i < 0 || beyond_hazard(x, k, i)))
				rc = credit_outside(x, k);
		} else if (i >= 0) { /* a number, or of a hazard with no
					 polygon: counts by the record */
			if (x->acc) {
				*(&x->acc[i].cancelled_m2 + r->method) += a;
				x->acc[i].polygon_released_m2 += a;
			}
			add_to2(x, c->hazards[i].group, S_RELEASED, r->method,
				a, r->group);
			if (!x->rel[k] && x->groups)
				x->groups[c->hazards[i].group].number_m2 += a;
		} else {
			add_number(x, r->group, S_OUTSIDE, r->method, a);
		}
	}
	return rc;
}

static void run_free(run *x)
{
	const mais_lr_cluster *c = x->c;

	for (size_t i = 0; x->own && i < c->nhazards; i++)
		GEOSGeom_destroy_r(x->h, x->own[i]);
	for (size_t k = 0; x->rel && k < c->nreleases; k++)
		GEOSGeom_destroy_r(x->h, x->rel[k]);
	for (size_t k = 0; x->clip && k < c->nreleases; k++)
		GEOSGeom_destroy_r(x->h, x->clip[k]);
	free(x->clip);
	free(x->near);
	free(x->own);
	free(x->own_box);
	free(x->hz_box);
	free(x->rel);
	free(x->rel_box);
	free(x->horder);
	free(x->rorder);
}

/* The order of n records given their dates and serials. */
static int order(size_t *out, size_t n, const char *(*date)(const void *, size_t),
		 int64_t (*seq)(const void *, size_t), const void *v)
{
	key *keys = malloc((n ? n : 1) * sizeof *keys);

	if (!keys)
		return mais_error_nomem();
	for (size_t i = 0; i < n; i++)
		keys[i] = (key){date(v, i), seq(v, i), i};
	qsort(keys, n, sizeof *keys, cmp_key);
	for (size_t i = 0; i < n; i++)
		out[i] = keys[i].i;
	free(keys);
	return 0;
}

static const char *hz_date(const void *v, size_t i)
{
	return ((const mais_lr_hazard *)v)[i].date;
}

static int64_t hz_seq(const void *v, size_t i)
{
	return ((const mais_lr_hazard *)v)[i].seq;
}

static const char *rel_date(const void *v, size_t i)
{
	return ((const mais_lr_release *)v)[i].date;
}

static int64_t rel_seq(const void *v, size_t i)
{
	return ((const mais_lr_release *)v)[i].seq;
}

static int run_init(run *x, const mais_lr_cluster *c)
{
	size_t nh = c->nhazards ? c->nhazards : 1;
	size_t nr = c->nreleases ? c->nreleases : 1;

	if (!(x->h = mais_geom__ctx()))
		return mais_error_nomem();
	x->own = calloc(nh, sizeof *x->own);
	x->own_box = calloc(nh, sizeof *x->own_box);
	x->hz_box = calloc(nh, sizeof *x->hz_box);
	x->rel = calloc(nr, sizeof *x->rel);
	x->clip = calloc(nr, sizeof *x->clip);
	x->near = calloc(nh + nr, sizeof *x->near);
	x->rel_box = calloc(nr, sizeof *x->rel_box);
	x->horder = calloc(nh, sizeof *x->horder);
	x->rorder = calloc(nr, sizeof *x->rorder);
	if (!x->own || !x->own_box || !x->hz_box || !x->clip || !x->near ||
	    !x->rel || !x->rel_box || !x->horder ||
	    !x->rorder)
		return mais_error_nomem();
	if (order(x->horder, c->nhazards, hz_date, hz_seq, c->hazards) < 0 ||
	    order(x->rorder, c->nreleases, rel_date, rel_seq, c->releases) < 0)
		return mais_error_last_code();
	return 0;
}

int mais_lr_run(const mais_lr_cluster *c, mais_lr_account *accounts,
		mais_lr_figures *groups, double *credited)
{
	run x = {0};
	int rc;

	x.c = c;
	x.acc = accounts;
	x.groups = groups;
	x.credited = credited;
	if (accounts)
		memset(accounts, 0, c->nhazards * sizeof *accounts);
	rc = run_init(&x, c);
	if (rc == 0)
		rc = own_land(&x);
	if (rc == 0)
		rc = take_releases(&x);
	if (rc == 0)
		rc = new_land(&x);
	if (rc == 0)
		rc = credit(&x);
	for (size_t i = 0; rc == 0 && accounts && i < c->nhazards; i++) {
		mais_lr_account *a = &accounts[i];

		a->remaining_m2 = a->original_m2 - (a->cancelled_m2 +
						    a->reduced_m2 +
						    a->cleared_m2);
		a->polygon_remaining_m2 = a->polygon_m2 -
					  a->polygon_released_m2;
	}
	run_free(&x);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Zones.                                                               */

int mais_lr_zones_new(mais_lr_zones **out, const mais_lr_zone *zones,
		      size_t n)
{
	mais_lr_zones *zs = calloc(1, sizeof *zs);
	size_t m = n ? n : 1;

	*out = NULL;
	if (!zs || !(zs->h = mais_geom__ctx()) ||
	    !(zs->z = malloc(m * sizeof *zs->z)) ||
	    !(zs->box = calloc(m, sizeof *zs->box)) ||
	    !(zs->prep = calloc(m, sizeof *zs->prep))) {
		mais_lr_zones_free(zs);
		return mais_error_nomem();
	}
	memcpy(zs->z, zones, n * sizeof *zones);
	for (; zs->n < n; zs->n++) {
		const GEOSGeometry *g = polygonal(zs->h, zones[zs->n].geom);

		if (!g || !(zs->prep[zs->n] = GEOSPrepare_r(zs->h, g))) {
			mais_lr_zones_free(zs);
			return g ? mais_error_nomem()
				 : mais_error_set(MAIS_EINVAL,
						  "land release: zone %zu has "
						  "no polygon",
						  zs->n);
		}
		zs->box[zs->n] = box_of(zs->h, g);
	}
	*out = zs;
	return 0;
}

void mais_lr_zones_free(mais_lr_zones *zs)
{
	if (!zs)
		return;
	for (size_t i = 0; zs->prep && i < zs->n; i++)
		GEOSPreparedGeom_destroy_r(zs->h, zs->prep[i]);
	free(zs->z);
	free(zs->box);
	free(zs->prep);
	free(zs);
}

/* ------------------------------------------------------------------ */
/* Clipping a release as it is written.                                 */

/* Adds clones of the non-empty polygons of g (at any depth) to parts. */
static void polygons_of(GEOSContextHandle_t h, const GEOSGeometry *g,
			GEOSGeometry **parts, size_t *k)
{
	int t = GEOSGeomTypeId_r(h, g);

	if (t == GEOS_POLYGON && !GEOSisEmpty_r(h, g))
		parts[(*k)++] = GEOSGeom_clone_r(h, g);
	else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION)
		for (int i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
			polygons_of(h, GEOSGetGeometryN_r(h, g, i), parts, k);
}

static size_t count_polygons(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	int t = GEOSGeomTypeId_r(h, g);
	size_t n = 0;

	if (t == GEOS_POLYGON)
		return 1;
	if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION)
		for (int i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
			n += count_polygons(h, GEOSGetGeometryN_r(h, g, i));
	return n;
}

/* Only the polygonal parts of g, as a MULTIPOLYGON (owned, new). */
static GEOSGeometry *multipolygon(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	size_t k = 0, n = count_polygons(h, g);
	GEOSGeometry **parts = calloc(n ? n : 1, sizeof *parts);
	GEOSGeometry *mp;

	if (!parts)
		return NULL;
	polygons_of(h, g, parts, &k);
	mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
					 (unsigned)k);
	free(parts);
	return mp;
}

int mais_lr_clip(const mais_geom *release, const mais_geom *hazard,
		 mais_geom **out, double *outside_m2)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	const GEOSGeometry *r = h ? polygonal(h, release) : NULL;
	const GEOSGeometry *hz = h ? polygonal(h, hazard) : NULL;
	GEOSGeometry *x, *mp;
	double full, inside;

	*out = NULL;
	*outside_m2 = 0;
	if (!r || !hz)
		return 0;
	if (!(x = overlay(h, r, hz, OP_INTER)))
		return mais_error_last_code();
	mp = multipolygon(h, x);
	GEOSGeom_destroy_r(h, x);
	if (!mp)
		return mais_error_nomem();
	full = mais_geom_area_m2(release);
	inside = mais_geom__area_geos(mp);
	if (inside <= CLIP_NOISE_M2 || full - inside <= CLIP_NOISE_M2) {
		GEOSGeom_destroy_r(h, mp);
		return inside > CLIP_NOISE_M2
			       ? 0
			       : mais_error_set(MAIS_EINVAL,
						"no part of the release lies "
						"within its hazard");
	}
	if (mais_geom_clone(out, release) < 0) {
		GEOSGeom_destroy_r(h, mp);
		return mais_error_last_code();
	}
	mais_geom__replace(*out, mp);
	*outside_m2 = full - inside;
	return 0;
}
