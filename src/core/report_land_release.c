/*
 * report_land_release.c — land release accounting (DESIGN.md): for each
 * group of hazards and releases, the hazard area, what was cancelled,
 * reduced and cleared, what was released outside recorded hazards, and
 * what remains, in geodesic m².
 *
 * Overlapping polygons must never count twice, so every area of polygons
 * is the area of their union ("dissolved"), computed by GEOS.  The work is
 * done on "polygon sets": the dissolved union of some polygons, split into
 * its parts, with an STR tree over the parts.  Two sets meet part by part:
 * a part of A is looked up in B's tree; if no part of B is near it counts
 * wholly outside B, if one part of B covers it (a prepared-geometry test,
 * no overlay) it counts wholly inside, and only the parts that cross B's
 * boundary go through a GEOS overlay.  Because the parts of a dissolved
 * set do not overlap, the areas of the pieces add up to the area of the
 * intersection or difference of the whole sets.  So 11,000 hazards against
 * a dozen admin areas costs one union and a few hundred small overlays,
 * not an overlay of the whole country per admin area.  The union itself
 * is done cluster by cluster of polygons whose envelopes meet (most
 * hazards meet no other and are their own union), and each part's
 * geodesic area is computed once.
 *
 * By admin, the plain sum of hazard areas is clipped the same way, hazard
 * by hazard (clip_sums), so that no row shows a sum below its dissolved
 * area.
 *
 * Every polygon area goes through mais_geom__area_geos (geodesic on
 * WGS 84); lon/lat coordinates are only used by GEOS for topology.
 * Numbers reported without a polygon (estimated hazard areas, released
 * areas given as a number) are added beside the polygon areas.
 */
#include "mais/report.h"
#include "mais/error.h"
#include "core/geom_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* When an overlay fails on nearly coincident edges (a GEOS
 * TopologyException), it is retried snapped to this grid, in degrees
 * (about 0.1 mm): far below any surveyed accuracy. */
#define OVERLAY_GRID_DEG 1e-9

/* Areas under this, in m², left after subtracting areas computed
 * separately, are rounding and are shown as 0 (a square centimetre). */
#define AREA_NOISE_M2 1e-4

#define NCLASSES 3 /* indication, sha, cha */
#define NMETHODS 3 /* cancelled, reduced, cleared */

static const char *const class_codes[NCLASSES] = {"indication", "sha", "cha"};
static const char *const method_codes[NMETHODS] = {"cancelled", "reduced",
						   "cleared"};

/* ------------------------------------------------------------------ */
/* Accumulators.                                                        */

/* One row while it is being summed. */
typedef struct acc {
	size_t hazards, by_class[NCLASSES], releases;
	double hz_sum;		   /* plain sum of hazard areas */
	double hz_est;		   /* estimated areas, hazards w/o polygon */
	double hz_poly;		   /* dissolved hazard polygons */
	double rel_poly[NMETHODS]; /* dissolved release polygons */
	double rel_num[NMETHODS];  /* releases given as a number */
	double covered;		   /* released polygons within hazards */
	double outside;		   /* released polygons outside hazards */
	double linked;		   /* number-only releases of hazards */
} acc;

/* A counted hazard or release. */
typedef struct item {
	char uuid[37];
	char hazard_uuid[37]; /* releases: the hazard released, or "" */
	int group;	      /* index in the groups, -1 unassigned */
	int kind;	      /* class or method index */
	GEOSGeometry *poly;   /* polygonal geometry, owned, or NULL */
	double area;	      /* polygon area, or the number given */
} item;

typedef struct items {
	item *v;
	size_t n, cap;
} items;

typedef struct lr_group {
	char key[37];	     /* admin area or organisation uuid, or year */
	char *name;	     /* owned */
	GEOSGeometry *admin; /* by admin: the admin polygon, owned */
	acc a;
} lr_group;

typedef struct lr {
	GEOSContextHandle_t h;
	const mais_report_opts *opts;
	int level;
	lr_group *g;
	size_t ng, capg;
	items hz, rel;
	acc unassigned, total;
} lr;

static int no_memory(void)
{
	return mais_error_set(MAIS_ENOMEM, "land release report: out of "
					   "memory");
}

static int geos_failed(const char *what)
{
	return mais_error_set(MAIS_EGEOM, "land release report: %s: %s", what,
			      mais_geom__geos_message());
}

static int code_index(const char *const *codes, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(codes[i], code))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Polygon sets.                                                        */

typedef struct pset {
	GEOSGeometry *g; /* the dissolved union, owned */
	size_t n;
	const GEOSGeometry **parts;	   /* its polygons, borrowed */
	double *part_area;		   /* their areas, m² */
	const GEOSPreparedGeometry **prep; /* made on first use */
	GEOSSTRtree *tree;		   /* items: part index + 1 */
	double area;
} pset;

static void pset_free(GEOSContextHandle_t h, pset *s)
{
	for (size_t i = 0; s->prep && i < s->n; i++)
		if (s->prep[i])
			GEOSPreparedGeom_destroy_r(h, s->prep[i]);
	if (s->tree)
		GEOSSTRtree_destroy_r(h, s->tree);
	free(s->prep);
	free(s->parts);
	free(s->part_area);
	if (s->g)
		GEOSGeom_destroy_r(h, s->g);
	memset(s, 0, sizeof *s);
}

static GEOSGeometry *union_all(GEOSContextHandle_t h, const GEOSGeometry *c)
{
	GEOSGeometry *u = GEOSUnaryUnion_r(h, c);

	return u ? u : GEOSUnaryUnionPrec_r(h, c, OVERLAY_GRID_DEG);
}

/* Calls fn for every non-empty polygon in g, however nested. */
typedef int (*polygon_fn)(GEOSContextHandle_t h, const GEOSGeometry *p,
			  void *arg);

static int each_polygon(GEOSContextHandle_t h, const GEOSGeometry *g,
			polygon_fn fn, void *arg)
{
	int n, rc = 0;

	switch (GEOSGeomTypeId_r(h, g)) {
	case GEOS_POLYGON:
		return GEOSisEmpty_r(h, g) != 0 ? 0 : fn(h, g, arg);
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		n = GEOSGetNumGeometries_r(h, g);
		for (int i = 0; i < n && !rc; i++)
			rc = each_polygon(h, GEOSGetGeometryN_r(h, g, i), fn,
					  arg);
		return rc;
	}
	return 0; /* points and lines: no area */
}

static int count_parts(GEOSContextHandle_t h, const GEOSGeometry *p, void *arg)
{
	(void)h;
	(void)p;
	++*(size_t *)arg;
	return 0;
}

static int index_part(GEOSContextHandle_t h, const GEOSGeometry *p, void *arg)
{
	pset *s = arg;

	s->parts[s->n] = p;
	GEOSSTRtree_insert_r(h, s->tree, p, (void *)(uintptr_t)(s->n + 1));
	s->part_area[s->n] = mais_geom__area_geos(p);
	s->area += s->part_area[s->n];
	s->n++;
	return 0;
}

/* Indexes the polygons of s->g. */
static int pset_index(GEOSContextHandle_t h, pset *s)
{
	size_t n = 0;

	each_polygon(h, s->g, count_parts, &n);
	s->parts = calloc(n + 1, sizeof *s->parts);
	s->prep = calloc(n + 1, sizeof *s->prep);
	s->part_area = calloc(n + 1, sizeof *s->part_area);
	s->tree = GEOSSTRtree_create_r(h, 10);
	if (!s->parts || !s->prep || !s->part_area || !s->tree)
		return no_memory();
	return each_polygon(h, s->g, index_part, s);
}

/* Clusters of geometries whose envelopes meet, as a union-find forest
 * over their indexes. */
typedef struct clusters {
	size_t *up;
	size_t self;
} clusters;

static size_t cluster_root(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static void on_near(void *near, void *arg)
{
	clusters *cl = arg;
	size_t a = cluster_root(cl->up, cl->self);
	size_t b = cluster_root(cl->up, (size_t)(uintptr_t)near - 1);

	if (a != b)
		cl->up[a < b ? b : a] = a < b ? a : b;
}

/* Groups v's geometries into clusters of meeting envelopes: up[i] is
 * the cluster's root, the least index in it. */
static int cluster(GEOSContextHandle_t h, GEOSGeometry **v, size_t n,
		   size_t *up)
{
	GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
	clusters cl = {.up = up};

	if (!tree)
		return no_memory();
	for (size_t i = 0; i < n; i++) {
		up[i] = i;
		GEOSSTRtree_insert_r(h, tree, v[i], (void *)(uintptr_t)(i + 1));
	}
	for (cl.self = 0; cl.self < n; cl.self++)
		GEOSSTRtree_query_r(h, tree, v[cl.self], on_near, &cl);
	GEOSSTRtree_destroy_r(h, tree);
	for (size_t i = 0; i < n; i++)
		up[i] = cluster_root(up, i);
	return 0;
}

/* The union of the k geometries of one cluster (owned, taken). */
static GEOSGeometry *cluster_union(GEOSContextHandle_t h, GEOSGeometry **m,
				   size_t k)
{
	GEOSGeometry *c, *u;

	c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, m,
					(unsigned)k);
	if (!c) {
		for (size_t i = 0; i < k; i++)
			GEOSGeom_destroy_r(h, m[i]);
		return NULL;
	}
	u = union_all(h, c);
	GEOSGeom_destroy_r(h, c);
	return u;
}

/* 1 if g can stand for its own union: a valid polygon or multipolygon
 * (whose parts do not overlap). */
static int own_union(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	int t = GEOSGeomTypeId_r(h, g);

	return (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) &&
	       GEOSisValid_r(h, g) == 1;
}

/*
 * *out: the union of n polygonal geometries (owned, taken even on
 * failure; v's slots are set to NULL), as a collection of the unions of
 * their clusters.  A geometry whose envelope meets no other's is taken as
 * it is when it is a valid (multi)polygon: it is its own union (stored
 * geometries are made valid on entry; anything else is unioned).  GEOS
 * then never merges the thousands of far-apart hazards of a country,
 * which was most of the work of one union of them all.  Pieces of
 * different clusters do not overlap (their envelopes do not meet), so the
 * result is dissolved.
 */
static int dissolve(GEOSContextHandle_t h, GEOSGeometry **v, size_t n,
		    GEOSGeometry **out)
{
	size_t *up = malloc((n + 1) * sizeof *up), *next = NULL, nres = 0, k;
	GEOSGeometry **res = malloc((n + 1) * sizeof *res), **m = NULL;
	int rc = 0;

	*out = NULL;
	if (!up || !res || !(next = malloc((n + 1) * sizeof *next)) ||
	    !(m = malloc((n + 1) * sizeof *m)))
		rc = no_memory();
	else
		rc = cluster(h, v, n, up);
	/* members of a cluster in a list from its root: next[i] */
	for (size_t i = 0; !rc && i < n; i++)
		next[i] = SIZE_MAX;
	for (size_t i = n; !rc && i-- > 0;)
		if (up[i] != i) {
			next[i] = next[up[i]];
			next[up[i]] = i;
		}
	for (size_t i = 0; i < n && !rc; i++) {
		if (up[i] != i)
			continue;
		k = 0;
		for (size_t j = i; j != SIZE_MAX; j = next[j]) {
			m[k++] = v[j];
			v[j] = NULL;
		}
		if (k == 1 && own_union(h, m[0]))
			res[nres++] = m[0];
		else if ((res[nres] = cluster_union(h, m, k)))
			nres++;
		else
			rc = geos_failed("union");
	}
	if (!rc && !(*out = GEOSGeom_createCollection_r(
			     h, GEOS_GEOMETRYCOLLECTION, res, (unsigned)nres)))
		rc = geos_failed("collection");
	if (!*out)
		for (size_t i = 0; res && i < nres; i++)
			GEOSGeom_destroy_r(h, res[i]);
	for (size_t i = 0; i < n; i++)
		if (v[i])
			GEOSGeom_destroy_r(h, v[i]);
	free(up);
	free(next);
	free(m);
	free(res);
	return rc;
}

/* A set from n polygonal geometries (owned, taken even on failure),
 * dissolved; or, when they are known not to overlap (pieces of a
 * dissolved set), only collected, which saves a union. */
static int pset_make(GEOSContextHandle_t h, GEOSGeometry **v, size_t n,
		     int dissolve_them, pset *out)
{
	memset(out, 0, sizeof *out);
	if (dissolve_them) {
		int rc = dissolve(h, v, n, &out->g);

		return rc ? rc : pset_index(h, out);
	}
	out->g = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v,
					     (unsigned)n);
	if (!out->g) {
		for (size_t i = 0; i < n; i++)
			GEOSGeom_destroy_r(h, v[i]);
		return geos_failed("collection");
	}
	return pset_index(h, out);
}

/* A growable array of owned geometries. */
typedef struct gvec {
	GEOSGeometry **v;
	size_t n, cap;
} gvec;

static int gvec_push(gvec *g, GEOSGeometry *x)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		GEOSGeometry **v = realloc(g->v, cap * sizeof *v);

		if (!v)
			return no_memory();
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n++] = x;
	return 0;
}

static int gvec_push_clone(GEOSContextHandle_t h, gvec *g,
			   const GEOSGeometry *x)
{
	GEOSGeometry *c = GEOSGeom_clone_r(h, x);
	int rc;

	if (!c)
		return no_memory();
	if ((rc = gvec_push(g, c)))
		GEOSGeom_destroy_r(h, c);
	return rc;
}

static void gvec_free(GEOSContextHandle_t h, gvec *g)
{
	for (size_t i = 0; i < g->n; i++)
		GEOSGeom_destroy_r(h, g->v[i]);
	free(g->v);
	memset(g, 0, sizeof *g);
}

/* A set from a vector's geometries (the vector is emptied). */
static int pset_from(GEOSContextHandle_t h, gvec *g, int dissolve, pset *out)
{
	int rc = pset_make(h, g->v, g->n, dissolve, out);

	free(g->v);
	memset(g, 0, sizeof *g);
	return rc;
}

/* The part indexes of b whose envelope meets p's. */
typedef struct cands {
	size_t *v;
	size_t n, cap;
	int failed;
} cands;

static void on_cand(void *it, void *arg)
{
	cands *c = arg;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		size_t *v = realloc(c->v, cap * sizeof *v);

		if (!v) {
			c->failed = 1;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (size_t)(uintptr_t)it - 1;
}

static const GEOSPreparedGeometry *prepared(GEOSContextHandle_t h, pset *b,
					    size_t i)
{
	if (!b->prep[i])
		b->prep[i] = GEOSPrepare_r(h, b->parts[i]);
	return b->prep[i];
}

/* What one comparison of sets computes. */
typedef struct split {
	int want_inter, want_diff;
	gvec *keep_inter, *keep_diff; /* the pieces, when not NULL */
	double inter, diff;	      /* m² */
} split;

/* Part p, of area a, wholly inside or outside. */
static int count_whole(GEOSContextHandle_t h, const GEOSGeometry *p, double a,
		       int inside, split *sp)
{
	gvec *keep = inside ? sp->keep_inter : sp->keep_diff;

	if (inside)
		sp->inter += a;
	else
		sp->diff += a;
	return keep ? gvec_push_clone(h, keep, p) : 0;
}

static int keep_polygon(GEOSContextHandle_t h, const GEOSGeometry *p, void *arg)
{
	return gvec_push_clone(h, arg, p);
}

/* Adds the area of x (owned: destroyed here) and, if keep, copies of its
 * polygons (an overlay can also give lines and points where edges
 * touch). */
static int count_piece(GEOSContextHandle_t h, GEOSGeometry *x, double *area,
		       gvec *keep)
{
	int rc = 0;

	*area += mais_geom__area_geos(x);
	if (keep)
		rc = each_polygon(h, x, keep_polygon, keep);
	GEOSGeom_destroy_r(h, x);
	return rc;
}

static GEOSGeometry *overlay(GEOSContextHandle_t h, const GEOSGeometry *a,
			     const GEOSGeometry *b, int inter)
{
	GEOSGeometry *r =
		inter ? GEOSIntersection_r(h, a, b) : GEOSDifference_r(h, a, b);

	if (r)
		return r;
	return inter ? GEOSIntersectionPrec_r(h, a, b, OVERLAY_GRID_DEG)
		     : GEOSDifferencePrec_r(h, a, b, OVERLAY_GRID_DEG);
}

/* A multipolygon of copies of k parts of b: the parts of a dissolved
 * set touch at most at points, so it is valid. */
static GEOSGeometry *multipolygon(GEOSContextHandle_t h, const pset *b,
				  const size_t *idx, size_t k)
{
	GEOSGeometry **v = malloc(k * sizeof *v), *m = NULL;
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < k; i++)
		if (!(v[i] = GEOSGeom_clone_r(h, b->parts[idx[i]])))
			break;
	if (i == k)
		m = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, v,
						(unsigned)k);
	if (!m)
		while (i > 0)
			GEOSGeom_destroy_r(h, v[--i]);
	free(v);
	return m;
}

/* Part p against the parts of b that it crosses (k of them in idx). */
static int count_crossing(GEOSContextHandle_t h, const GEOSGeometry *p,
			  const pset *b, const size_t *idx, size_t k, split *sp)
{
	GEOSGeometry *m = multipolygon(h, b, idx, k), *x;
	int rc = 0;

	if (!m)
		return geos_failed("multipolygon");
	for (int inter = 1; inter >= 0 && !rc; inter--) {
		if (!(inter ? sp->want_inter : sp->want_diff))
			continue;
		if (!(x = overlay(h, p, m, inter)))
			rc = geos_failed(inter ? "intersection" : "difference");
		else
			rc = count_piece(h, x, inter ? &sp->inter : &sp->diff,
					 inter ? sp->keep_inter
					       : sp->keep_diff);
	}
	GEOSGeom_destroy_r(h, m);
	return rc;
}

/* One part p of a, of area `area`, against b. */
static int split_part(GEOSContextHandle_t h, const GEOSGeometry *p,
		      double area, pset *b, cands *c, split *sp)
{
	size_t k = 0;

	c->n = 0;
	GEOSSTRtree_query_r(h, b->tree, p, on_cand, c);
	if (c->failed)
		return no_memory();
	for (size_t i = 0; i < c->n; i++) {
		const GEOSPreparedGeometry *q = prepared(h, b, c->v[i]);
		char covers, meets;

		if (!q)
			return geos_failed("prepare");
		covers = GEOSPreparedCovers_r(h, q, p);
		meets = covers ? covers : GEOSPreparedIntersects_r(h, q, p);
		if (covers == 2 || meets == 2) /* GEOS's "exception" */
			return geos_failed("covers");
		if (covers)
			return count_whole(h, p, area, 1, sp);
		if (meets)
			c->v[k++] = c->v[i];
	}
	if (k == 0)
		return count_whole(h, p, area, 0, sp);
	return count_crossing(h, p, b, c->v, k, sp);
}

/* Area of a ∩ b and of a − b (as sp asks), part by part of a. */
static int pset_split(GEOSContextHandle_t h, const pset *a, pset *b, split *sp)
{
	cands c = {0};
	int rc = 0;

	sp->inter = sp->diff = 0;
	if (b->n == 0) {
		sp->diff = a->area;
		for (size_t i = 0; i < a->n && sp->keep_diff && !rc; i++)
			rc = gvec_push_clone(h, sp->keep_diff, a->parts[i]);
		return rc;
	}
	for (size_t i = 0; i < a->n && !rc; i++)
		rc = split_part(h, a->parts[i], a->part_area[i], b, &c, sp);
	free(c.v);
	return rc;
}

static int area_inter(GEOSContextHandle_t h, const pset *a, pset *b,
		      double *out)
{
	split sp = {.want_inter = 1};
	int rc = pset_split(h, a, b, &sp);

	*out = sp.inter;
	return rc;
}

static int area_diff(GEOSContextHandle_t h, const pset *a, pset *b, double *out)
{
	split sp = {.want_diff = 1};
	int rc = pset_split(h, a, b, &sp);

	*out = sp.diff;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Groups.                                                              */

static int group_add(lr *x, const char *key, const char *name,
		     GEOSGeometry *admin)
{
	lr_group *g;

	if (x->ng == x->capg) {
		size_t cap = x->capg ? x->capg * 2 : 16;
		lr_group *v = realloc(x->g, cap * sizeof *v);

		if (!v)
			return no_memory();
		x->g = v;
		x->capg = cap;
	}
	g = &x->g[x->ng];
	memset(g, 0, sizeof *g);
	snprintf(g->key, sizeof g->key, "%s", key);
	if (!(g->name = strdup(name ? name : key)))
		return no_memory();
	g->admin = admin;
	x->ng++;
	return 0;
}

static int cmp_group_key(const void *a, const void *b)
{
	return strcmp(((const lr_group *)a)->key, ((const lr_group *)b)->key);
}

static int find_group(const lr *x, const char *key)
{
	lr_group k;
	const lr_group *g;

	if (!key || !x->ng) /* bsearch wants a non-null array */
		return -1;
	snprintf(k.key, sizeof k.key, "%s", key);
	g = bsearch(&k, x->g, x->ng, sizeof *x->g, cmp_group_key);
	return g ? (int)(g - x->g) : -1;
}

static int on_organisation(const mais_record *r, void *arg)
{
	return group_add(arg, mais_record_uuid(r), mais_record_get(r, "name"),
			 NULL);
}

/* *out: a copy of the polygonal geometry of r, or NULL when it has none
 * (no geometry, or a point). */
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

static int record_level(const mais_record *r)
{
	const char *v = mais_record_get(r, "level");
	char *end;
	long n;

	if (!v)
		return -1;
	n = strtol(v, &end, 10);
	return *end || n < 0 || n > 1000 ? -1 : (int)n;
}

/* First pass over admin areas: the highest level with a polygon. */
static int on_admin_level(const mais_record *r, void *arg)
{
	lr *x = arg;
	const mais_geom *g = mais_record_geom(r);
	int level = record_level(r);

	if (g && !mais_geom_is_empty(g) && level > x->level)
		x->level = level;
	return 0;
}

static int on_admin(const mais_record *r, void *arg)
{
	lr *x = arg;
	GEOSGeometry *p;
	int rc;

	if (record_level(r) != x->level)
		return 0;
	if ((rc = polygon_of(x->h, r, &p)) || !p)
		return rc;
	rc = group_add(x, mais_record_uuid(r), mais_record_get(r, "name"), p);
	if (rc)
		GEOSGeom_destroy_r(x->h, p);
	return rc;
}

static int load_groups(lr *x, mais_store *s)
{
	int rc = 0;

	x->level = -1;
	if (x->opts->by == MAIS_REPORT_BY_ORGANISATION)
		rc = mais_store_foreach(s, "organisation", on_organisation, x);
	if (x->opts->by == MAIS_REPORT_BY_ADMIN) {
		if (x->opts->admin_level >= 0)
			x->level = x->opts->admin_level;
		else
			rc = mais_store_foreach(s, "admin_area", on_admin_level,
						x);
		if (!rc && x->level >= 0)
			rc = mais_store_foreach(s, "admin_area", on_admin, x);
	}
	if (!rc && x->ng)
		qsort(x->g, x->ng, sizeof *x->g, cmp_group_key);
	return rc;
}

/* The year of r's date column, else of its info_date, in buf; NULL if
 * neither. */
static const char *year_of(const mais_record *r, const char *column,
			   char buf[5])
{
	const char *d = mais_record_get(r, column);

	if (!d)
		d = mais_record_get(r, "info_date");
	if (!d || strlen(d) < 4)
		return NULL;
	memcpy(buf, d, 4);
	buf[4] = '\0';
	return buf;
}

/* The group of a record, adding a year group on first sight; -1 for
 * unassigned; -2 (error set) when out of memory. */
static int group_of(lr *x, const mais_record *r, const char *date_column)
{
	char buf[5];
	const char *year;
	int i;

	switch (x->opts->by) {
	case MAIS_REPORT_BY_ADMIN:
		return find_group(x, mais_record_get(r, "admin_area_uuid"));
	case MAIS_REPORT_BY_ORGANISATION:
		return find_group(x, mais_record_get(r, "organisation_uuid"));
	case MAIS_REPORT_BY_METHOD: /* not a land release grouping */
		return -1;
	case MAIS_REPORT_BY_YEAR:
		break;
	}
	if (!(year = year_of(r, date_column, buf)))
		return -1;
	for (size_t k = 0; k < x->ng; k++)
		if (!strcmp(x->g[k].key, year))
			return (int)k;
	i = (int)x->ng;
	return group_add(x, year, year, NULL) ? -2 : i;
}

/* ------------------------------------------------------------------ */
/* Hazards and releases.                                                */

static item *item_new(items *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		item *n = realloc(v->v, cap * sizeof *n);

		if (!n)
			return NULL;
		v->v = n;
		v->cap = cap;
	}
	memset(&v->v[v->n], 0, sizeof *v->v);
	return &v->v[v->n++];
}

static double number_of(const mais_record *r, const char *column)
{
	const char *v = mais_record_get(r, column);

	return v ? strtod(v, NULL) : 0;
}

/* Reads what hazards and releases share into a new item. */
static int add_item(lr *x, items *v, const mais_record *r,
		    const char *date_column, const char *number_column,
		    item **out)
{
	item *it;
	int g;

	if (!mais_report_counts(x->opts, r))
		return 0;
	if ((g = group_of(x, r, date_column)) == -2)
		return MAIS_ENOMEM;
	if (!(it = item_new(v)))
		return no_memory();
	snprintf(it->uuid, sizeof it->uuid, "%s", mais_record_uuid(r));
	it->group = g;
	if (polygon_of(x->h, r, &it->poly))
		return MAIS_ENOMEM;
	it->area = it->poly ? mais_geom__area_geos(it->poly)
			    : number_of(r, number_column);
	*out = it;
	return 0;
}

static int on_hazard(const mais_record *r, void *arg)
{
	lr *x = arg;
	item *it = NULL;
	int rc = add_item(x, &x->hz, r, "recorded_date", "estimated_area_m2",
			  &it);

	if (it)
		it->kind = code_index(class_codes, NCLASSES,
				      mais_record_get(r, "hazard_class"));
	return rc;
}

static int on_release(const mais_record *r, void *arg)
{
	lr *x = arg;
	item *it = NULL;
	const char *hz;
	int rc = add_item(x, &x->rel, r, "release_date", "area_m2", &it);

	if (!it)
		return rc;
	it->kind = code_index(method_codes, NMETHODS,
			      mais_record_get(r, "method"));
	if ((hz = mais_record_get(r, "hazard_uuid")))
		snprintf(it->hazard_uuid, sizeof it->hazard_uuid, "%s", hz);
	return rc;
}

static acc *acc_of(lr *x, int group)
{
	return group < 0 ? &x->unassigned : &x->g[group].a;
}

static int cmp_item_uuid(const void *a, const void *b)
{
	return strcmp(((const item *)a)->uuid, ((const item *)b)->uuid);
}

/* Counts and the sums of numbers: by the record's own group.  The plain
 * sum of polygon areas too, unless `clipped` (by admin rows: see
 * clip_sums). */
static void tally_hazard(acc *a, const item *it, int clipped)
{
	a->hazards++;
	if (it->kind >= 0)
		a->by_class[it->kind]++;
	if (!it->poly || !clipped)
		a->hz_sum += it->area;
	if (!it->poly)
		a->hz_est += it->area;
}

static void tally_release(acc *a, const item *it)
{
	a->releases++;
	if (!it->poly && it->kind >= 0)
		a->rel_num[it->kind] += it->area;
}

/* A release given only as a number lowers the remaining area of its
 * hazard, in the hazard's row (hazards are sorted by uuid). */
static void tally_linked(lr *x, const item *it)
{
	item key;
	const item *hz;

	if (it->poly || !it->hazard_uuid[0] || !x->hz.n)
		return;
	memcpy(key.uuid, it->hazard_uuid, sizeof key.uuid);
	hz = bsearch(&key, x->hz.v, x->hz.n, sizeof *x->hz.v, cmp_item_uuid);
	if (hz) {
		acc_of(x, hz->group)->linked += it->area;
		x->total.linked += it->area;
	}
}

static void tally(lr *x)
{
	int by_admin = x->opts->by == MAIS_REPORT_BY_ADMIN;

	if (x->hz.n)
		qsort(x->hz.v, x->hz.n, sizeof *x->hz.v, cmp_item_uuid);
	for (size_t i = 0; i < x->hz.n; i++) {
		tally_hazard(acc_of(x, x->hz.v[i].group), &x->hz.v[i],
			     by_admin);
		tally_hazard(&x->total, &x->hz.v[i], 0);
	}
	for (size_t i = 0; i < x->rel.n; i++) {
		tally_release(acc_of(x, x->rel.v[i].group), &x->rel.v[i]);
		tally_release(&x->total, &x->rel.v[i]);
		tally_linked(x, &x->rel.v[i]);
	}
}

/* ------------------------------------------------------------------ */
/* The polygon sets of a report.                                        */

enum { S_HAZ, S_CANCELLED, S_REDUCED, S_CLEARED, S_REL, NSETS };

static void sets_free(GEOSContextHandle_t h, pset *ss, int n)
{
	for (int i = 0; i < n; i++)
		pset_free(h, &ss[i]);
}

#define ALL_GROUPS INT32_MIN

/* Copies of the polygons of v's items in group (ALL_GROUPS: all) and,
 * for releases, of method `kind` (-1: any). */
static int collect(GEOSContextHandle_t h, const items *v, int group, int kind,
		   gvec *out)
{
	int rc = 0;

	for (size_t i = 0; i < v->n && !rc; i++) {
		const item *it = &v->v[i];

		if (!it->poly || (group != ALL_GROUPS && it->group != group) ||
		    (kind >= 0 && it->kind != kind))
			continue;
		rc = gvec_push_clone(h, out, it->poly);
	}
	return rc;
}

/* All released land: the union of the sets of the three methods (often
 * only one has polygons: then a copy, no union). */
static int release_set(GEOSContextHandle_t h, pset *ss, gvec *g)
{
	int rc = 0;

	for (int m = 0; m < NMETHODS && !rc; m++)
		if (ss[S_CANCELLED + m].n)
			rc = gvec_push_clone(h, g, ss[S_CANCELLED + m].g);
	return rc ? rc : pset_from(h, g, g->n > 1, &ss[S_REL]);
}

/* The five sets of the items of one group (or of all). */
static int sets_make(lr *x, int group, pset *ss)
{
	gvec g = {0};
	int rc;

	memset(ss, 0, NSETS * sizeof *ss);
	rc = collect(x->h, &x->hz, group, -1, &g);
	rc = rc ? rc : pset_from(x->h, &g, 1, &ss[S_HAZ]);
	for (int m = 0; m < NMETHODS && !rc; m++) {
		rc = collect(x->h, &x->rel, group, m, &g);
		rc = rc ? rc : pset_from(x->h, &g, 1, &ss[S_CANCELLED + m]);
	}
	rc = rc ? rc : release_set(x->h, ss, &g);
	gvec_free(x->h, &g);
	return rc;
}

static void acc_set_areas(acc *a, const pset *ss)
{
	a->hz_poly = ss[S_HAZ].area;
	for (int m = 0; m < NMETHODS; m++)
		a->rel_poly[m] = ss[S_CANCELLED + m].area;
}

/* By year and organisation: each group's own sets, released area within
 * and outside hazards measured against all counted hazards and
 * releases. */
/* 1 if every hazard and release is in the group (legacy data with no
 * dates or organisations): its areas are the total's. */
static int holds_all(const lr *x, const acc *a)
{
	return a->hazards == x->total.hazards &&
	       a->releases == x->total.releases;
}

static void copy_areas(acc *a, const acc *total)
{
	a->hz_poly = total->hz_poly;
	memcpy(a->rel_poly, total->rel_poly, sizeof a->rel_poly);
	a->covered = total->covered;
	a->outside = total->outside;
}

static int measure_group(lr *x, int group, pset *all, acc *a)
{
	pset ss[NSETS];
	int rc;

	if (holds_all(x, a)) {
		copy_areas(a, &x->total);
		return 0;
	}
	rc = sets_make(x, group, ss);

	if (!rc) {
		acc_set_areas(a, ss);
		rc = area_inter(x->h, &ss[S_HAZ], &all[S_REL], &a->covered);
	}
	if (!rc)
		rc = area_diff(x->h, &ss[S_REL], &all[S_HAZ], &a->outside);
	sets_free(x->h, ss, NSETS);
	return rc;
}

static int measure_by_record(lr *x, pset *all)
{
	int rc = 0;

	for (size_t i = 0; i < x->ng && !rc; i++)
		rc = measure_group(x, (int)i, all, &x->g[i].a);
	return rc ? rc : measure_group(x, -1, all, &x->unassigned);
}

/* By admin: the sets clipped to each admin polygon.  `clip` holds the
 * hazard and release sets of everything, then the released parts within
 * and outside hazards. */
enum { C_COVERED = NSETS, C_OUTSIDE, NCLIP };

static int clip_areas(lr *x, pset *clip, pset *area, int inside, acc *a)
{
	double v[NCLIP];
	int rc = 0;

	for (int i = 0; i < NCLIP && !rc; i++) {
		if (i == S_REL)
			continue;
		rc = inside ? area_inter(x->h, &clip[i], area, &v[i])
			    : area_diff(x->h, &clip[i], area, &v[i]);
	}
	if (rc)
		return rc;
	a->hz_poly = v[S_HAZ];
	for (int m = 0; m < NMETHODS; m++)
		a->rel_poly[m] = v[S_CANCELLED + m];
	a->covered = v[C_COVERED];
	a->outside = v[C_OUTSIDE];
	return 0;
}

/* A set of one admin polygon, or (group -1) of all of them. */
static int admin_set(lr *x, int group, pset *out)
{
	gvec g = {0};
	int rc = 0;

	for (size_t i = 0; i < x->ng && !rc; i++)
		if (group < 0 || (size_t)group == i)
			rc = gvec_push_clone(x->h, &g, x->g[i].admin);
	rc = rc ? rc : pset_from(x->h, &g, 1, out);
	gvec_free(x->h, &g);
	return rc;
}

/* By admin, the plain sum of hazard polygon areas: each hazard counts
 * in every admin row with the area of its part within the admin polygon
 * (all of it when one admin polygon covers it: a prepared test, no
 * overlay), and in the unassigned row with its part outside every admin
 * polygon.  So a row's plain sum is never below its dissolved area, which
 * is clipped the same way. */
typedef struct admin_index {
	GEOSSTRtree *tree; /* items: group index + 1 */
	const GEOSPreparedGeometry **prep; /* made on first use */
} admin_index;

static const GEOSPreparedGeometry *admin_prep(lr *x, admin_index *ai,
					      size_t i)
{
	if (!ai->prep[i])
		ai->prep[i] = GEOSPrepare_r(x->h, x->g[i].admin);
	return ai->prep[i];
}

/* Adds the area of p ∩ the admin polygon of group to *area. */
static int clip_one(lr *x, const GEOSGeometry *p, size_t group, double *area)
{
	GEOSGeometry *r = overlay(x->h, p, x->g[group].admin, 1);

	if (!r)
		return geos_failed("intersection");
	*area += mais_geom__area_geos(r);
	GEOSGeom_destroy_r(x->h, r);
	return 0;
}

/* 1 if one part of set b covers p; -1 (error set) on failure. */
static int covered_by(GEOSContextHandle_t h, const GEOSGeometry *p, pset *b,
		      cands *c)
{
	c->n = 0;
	if (!b->tree)
		return 0;
	GEOSSTRtree_query_r(h, b->tree, p, on_cand, c);
	if (c->failed)
		return no_memory(), -1;
	for (size_t i = 0; i < c->n; i++) {
		const GEOSPreparedGeometry *q = prepared(h, b, c->v[i]);
		char covers = q ? GEOSPreparedCovers_r(h, q, p) : 2;

		if (covers == 2)
			return geos_failed("covers"), -1;
		if (covers)
			return 1;
	}
	return 0;
}

/* Hazard it against the admin polygons (ai) and their union (all); c
 * and cc are scratch. */
static int clip_sum(lr *x, admin_index *ai, pset *all, const item *it,
		    cands *c, cands *cc)
{
	GEOSGeometry *rest, *d;
	size_t k = 0;
	int rc = 0, inside;

	c->n = 0;
	GEOSSTRtree_query_r(x->h, ai->tree, it->poly, on_cand, c);
	if (c->failed)
		return no_memory();
	for (size_t i = 0; i < c->n; i++) {
		const GEOSPreparedGeometry *q = admin_prep(x, ai, c->v[i]);
		char covers, meets;

		if (!q)
			return geos_failed("prepare");
		covers = GEOSPreparedCovers_r(x->h, q, it->poly);
		meets = covers ? covers
			       : GEOSPreparedIntersects_r(x->h, q, it->poly);
		if (covers == 2 || meets == 2)
			return geos_failed("covers");
		if (covers) {
			x->g[c->v[i]].a.hz_sum += it->area;
			return 0;
		}
		if (meets)
			c->v[k++] = c->v[i];
	}
	if (k == 0) { /* outside every admin polygon */
		x->unassigned.hz_sum += it->area;
		return 0;
	}
	for (size_t i = 0; i < k && !rc; i++)
		rc = clip_one(x, it->poly, c->v[i], &x->g[c->v[i]].a.hz_sum);
	if (rc)
		return rc;
	/* the part outside them all: none if the union of all admin
	 * polygons covers it (the usual case: on a border between two) */
	if ((inside = covered_by(x->h, it->poly, all, cc)))
		return inside < 0 ? MAIS_EGEOM : 0;
	if (!(rest = GEOSGeom_clone_r(x->h, it->poly)))
		return no_memory();
	for (size_t i = 0; i < k && !rc; i++) {
		if (!(d = overlay(x->h, rest, x->g[c->v[i]].admin, 0)))
			rc = geos_failed("difference");
		GEOSGeom_destroy_r(x->h, rest);
		rest = d;
	}
	if (!rc)
		x->unassigned.hz_sum += mais_geom__area_geos(rest);
	if (rest)
		GEOSGeom_destroy_r(x->h, rest);
	return rc;
}

static int clip_sums(lr *x, pset *all)
{
	admin_index ai = {0};
	cands c = {0}, cc = {0};
	int rc = 0;

	ai.tree = GEOSSTRtree_create_r(x->h, 10);
	ai.prep = calloc(x->ng + 1, sizeof *ai.prep);
	if (!ai.tree || !ai.prep)
		rc = no_memory();
	for (size_t i = 0; i < x->ng && !rc; i++)
		GEOSSTRtree_insert_r(x->h, ai.tree, x->g[i].admin,
				     (void *)(uintptr_t)(i + 1));
	for (size_t i = 0; i < x->hz.n && !rc; i++)
		if (x->hz.v[i].poly)
			rc = clip_sum(x, &ai, all, &x->hz.v[i], &c, &cc);
	for (size_t i = 0; ai.prep && i < x->ng; i++)
		if (ai.prep[i])
			GEOSPreparedGeom_destroy_r(x->h, ai.prep[i]);
	if (ai.tree)
		GEOSSTRtree_destroy_r(x->h, ai.tree);
	free(ai.prep);
	free(c.v);
	free(cc.v);
	return rc;
}

static int measure_admin(lr *x, pset *clip)
{
	pset a;
	int rc = 0;

	for (size_t i = 0; i < x->ng && !rc; i++) {
		if (!(rc = admin_set(x, (int)i, &a)))
			rc = clip_areas(x, clip, &a, 1, &x->g[i].a);
		pset_free(x->h, &a);
	}
	/* Unassigned: what lies outside every admin polygon of the level.
	 * Admin areas of one level are assumed not to overlap: a polygon in
	 * two of them would count in both rows, once in the total. */
	if (!rc && !(rc = admin_set(x, -1, &a)))
		rc = clip_areas(x, clip, &a, 0, &x->unassigned);
	if (!rc)
		rc = clip_sums(x, &a);
	pset_free(x->h, &a);
	return rc;
}

/* The total, and by admin the clipped groups. */
static int measure(lr *x)
{
	pset clip[NCLIP];
	gvec in = {0}, out = {0};
	split sp = {.want_inter = 1, .want_diff = 1};
	int by_admin = x->opts->by == MAIS_REPORT_BY_ADMIN;
	int rc = sets_make(x, ALL_GROUPS, clip);

	memset(&clip[C_COVERED], 0, 2 * sizeof *clip);
	if (by_admin) {
		sp.keep_inter = &in;
		sp.keep_diff = &out;
	}
	if (!rc)
		rc = pset_split(x->h, &clip[S_REL], &clip[S_HAZ], &sp);
	acc_set_areas(&x->total, clip);
	x->total.covered = sp.inter;
	x->total.outside = sp.diff;
	/* pieces of the parts of one dissolved set: they do not overlap */
	if (!rc && by_admin &&
	    !(rc = pset_from(x->h, &in, 0, &clip[C_COVERED])))
		rc = pset_from(x->h, &out, 0, &clip[C_OUTSIDE]);
	if (!rc)
		rc = by_admin ? measure_admin(x, clip)
			      : measure_by_record(x, clip);

	gvec_free(x->h, &in);
	gvec_free(x->h, &out);
	sets_free(x->h, clip, NCLIP);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The report.                                                          */

static double not_noise(double a)
{
	return a < AREA_NOISE_M2 ? 0 : a;
}

static void finish_row(const acc *a, mais_lr_row *r)
{
	double hz = not_noise(a->hz_poly) + a->hz_est;
	double left;

	r->hazards = a->hazards;
	r->hazards_indication = a->by_class[0];
	r->hazards_sha = a->by_class[1];
	r->hazards_cha = a->by_class[2];
	r->releases = a->releases;
	r->hazard_area_m2 = hz;
	r->hazard_area_sum_m2 = a->hz_sum;
	r->cancelled_m2 = not_noise(a->rel_poly[0]) + a->rel_num[0];
	r->reduced_m2 = not_noise(a->rel_poly[1]) + a->rel_num[1];
	r->cleared_m2 = not_noise(a->rel_poly[2]) + a->rel_num[2];
	r->released_outside_hazards_m2 = not_noise(a->outside);
	r->released_by_number_m2 =
		a->rel_num[0] + a->rel_num[1] + a->rel_num[2];
	left = hz - not_noise(a->covered) - a->linked;
	r->remaining_m2 = not_noise(left);
}

static int row_is_zero(const mais_lr_row *r)
{
	return !r->hazards && !r->releases && !r->hazard_area_m2 &&
	       !r->cancelled_m2 && !r->reduced_m2 && !r->cleared_m2 &&
	       !r->released_outside_hazards_m2;
}

static int cmp_group_name(const void *a, const void *b)
{
	const lr_group *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->key, y->key);
}

/* Moves the groups' names into the report's rows (keys too, as uuids). */
static int make_rows(lr *x, mais_lr_report *rep)
{
	int by_year = x->opts->by == MAIS_REPORT_BY_YEAR;

	if (x->ng)
		qsort(x->g, x->ng, sizeof *x->g, cmp_group_name);
	rep->rows = calloc(x->ng + 1, sizeof *rep->rows);
	if (!rep->rows)
		return no_memory();
	for (size_t i = 0; i < x->ng; i++) {
		mais_lr_row *r = &rep->rows[rep->nrows];

		finish_row(&x->g[i].a, r);
		if (x->opts->by != MAIS_REPORT_BY_ADMIN && row_is_zero(r))
			continue;
		r->group = x->g[i].name;
		x->g[i].name = NULL;
		rep->nrows++;
		if (!by_year && !(r->group_uuid = strdup(x->g[i].key)))
			return no_memory();
	}
	finish_row(&x->unassigned, &rep->unassigned);
	rep->unassigned.group = by_year ? "unknown" : "unassigned";
	rep->has_unassigned = !row_is_zero(&rep->unassigned);
	finish_row(&x->total, &rep->total);
	rep->total.group = "total";
	return 0;
}

static void lr_free(lr *x)
{
	for (size_t i = 0; i < x->ng; i++) {
		free(x->g[i].name);
		if (x->g[i].admin)
			GEOSGeom_destroy_r(x->h, x->g[i].admin);
	}
	free(x->g);
	for (size_t i = 0; i < x->hz.n; i++)
		if (x->hz.v[i].poly)
			GEOSGeom_destroy_r(x->h, x->hz.v[i].poly);
	for (size_t i = 0; i < x->rel.n; i++)
		if (x->rel.v[i].poly)
			GEOSGeom_destroy_r(x->h, x->rel.v[i].poly);
	free(x->hz.v);
	free(x->rel.v);
}

static int check_opts(const mais_report_opts *opts)
{
	if (opts->by != MAIS_REPORT_BY_ADMIN &&
	    opts->by != MAIS_REPORT_BY_YEAR &&
	    opts->by != MAIS_REPORT_BY_ORGANISATION)
		return mais_error_set(MAIS_EINVAL,
				      "land release report: unknown grouping "
				      "%d",
				      (int)opts->by);
	return 0;
}

int mais_report_land_release(mais_store *s, const mais_report_opts *opts,
			     mais_lr_report **out)
{
	lr x = {0};
	mais_lr_report *rep;
	int rc;

	if (!s || !opts || !out)
		return mais_error_set(MAIS_EINVAL, "land release report: no "
						   "store, options or output");
	*out = NULL;
	if ((rc = check_opts(opts)))
		return rc;
	if (!(x.h = mais_geom__ctx()))
		return mais_error_set(MAIS_ENOMEM, "land release report: "
						   "cannot start GEOS");
	x.opts = opts;
	rc = load_groups(&x, s);
	if (!rc)
		rc = mais_store_foreach(s, "hazard", on_hazard, &x);
	if (!rc)
		rc = mais_store_foreach(s, "land_release", on_release, &x);
	if (!rc) {
		tally(&x);
		rc = measure(&x);
	}
	if (!rc && !(rep = calloc(1, sizeof *rep)))
		rc = no_memory();
	if (!rc) {
		rep->by = opts->by;
		rep->admin_level = x.level;
		rep->include_submitted = opts->include_submitted != 0;
		if ((rc = make_rows(&x, rep)))
			mais_lr_report_free(rep);
		else
			*out = rep;
	}
	lr_free(&x);
	return rc;
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
