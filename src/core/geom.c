/*
 * geom.c — the geometry type of mais (see include/mais/geom.h): a thin,
 * bounded layer over GEOS (topology) and PROJ (geodesics and CRS).
 *
 * A mais_geom wraps one 2D GEOSGeometry.  GEOS is used only through its
 * reentrant _r API, with one context per thread (created on first use,
 * finished when the thread exits); the context's error handler keeps
 * GEOS's last message so that our errors can quote it.
 *
 * WKB, and so GeoPackage binary, is read by our own parser rather than by
 * GEOS's: the input comes from files we do not control, so every count is
 * checked against the bytes left before anything is allocated, the vertex
 * limit is counted as we go, nesting is bounded, Z/M are dropped, and
 * NaN or infinite coordinates are refused (except POINT(NaN NaN), the
 * empty point), as GEOS 3.11 is not safe with them.  WKT goes through
 * GEOS's reader and then through the same WKB path, so every geometry
 * mais holds is 2D, finite and within the limits.
 * Writing uses GEOS's ISO WKB writer.
 *
 * Areas and lengths are geodesic on WGS 84 (GeographicLib's algorithms as
 * shipped in PROJ's geodesic.h), never planar square degrees.
 */
#include "mais/geom.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "core/geom_internal.h"

#include <geodesic.h>
#include <geos_c.h>
#include <proj.h>

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mais_geom {
	GEOSGeometry *g;
	double area_m2; /* geodesic area, cached when first asked; NAN until
			   then (a mais_geom is used by one thread) */
};


/* WKT is bounded by the vertex limit: a vertex of WKT is two numbers of
 * at most ~25 characters and separators, so 64 bytes a vertex is ample. */
#define WKT_MAX_BYTES ((size_t)MAIS_MAX_VERTICES * 64)

/* Nesting of collections in WKB.  Real data nests at most twice
 * (a collection of multipolygons); the bound keeps a hostile blob from
 * exhausting the stack. */
#define WKB_MAX_DEPTH 32

/* The longest CRS definition we accept (a WKT CRS from a .prj runs to a
 * few KiB). */
#define CRS_MAX_BYTES 65536

/* ------------------------------------------------------------------ */
/* Per-thread state: the GEOS context, its last message, and PROJ.     */

struct geom_thread {
	GEOSContextHandle_t geos;
	char geos_msg[512];
	PJ_CONTEXT *pj_ctx;
	PJ *pj; /* cached: pj_from -> EPSG:4326, lon first */
	char *pj_from;
	int pj_flags;	 /* MAIS_CRS_ALLOW_BALLPARK or 0, as pj was made */
	char *op_descr;	 /* PROJ's description of the operation last used */
	mais_crs_op op;	 /* ... and what we say of it */
};

static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static int thread_key_ok;
/* Fast access, and keeps the state reachable for LeakSanitizer. */
static _Thread_local struct geom_thread *thread_state;

static void thread_state_free(void *p)
{
	struct geom_thread *t = p;

	if (t->pj)
		proj_destroy(t->pj);
	if (t->pj_ctx)
		proj_context_destroy(t->pj_ctx);
	free(t->pj_from);
	free(t->op_descr);
	if (t->geos)
		GEOS_finish_r(t->geos);
	free(t);
}

static void thread_key_create(void)
{
	thread_key_ok = pthread_key_create(&thread_key, thread_state_free) == 0;
}

static void geos_error_handler(const char *msg, void *userdata)
{
	struct geom_thread *t = userdata;

	snprintf(t->geos_msg, sizeof t->geos_msg, "%s", msg);
}

/* GEOS notices (e.g. about invalid rings) are not errors; we report
 * validity ourselves. */
static void geos_notice_handler(const char *msg, void *userdata)
{
	(void)msg;
	(void)userdata;
}

static struct geom_thread *thread_get(void)
{
	struct geom_thread *t = thread_state;

	if (t)
		return t;
	pthread_once(&thread_once, thread_key_create);
	t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->geos = GEOS_init_r();
	if (!t->geos) {
		free(t);
		return NULL;
	}
	GEOSContext_setErrorMessageHandler_r(t->geos, geos_error_handler, t);
	GEOSContext_setNoticeMessageHandler_r(t->geos, geos_notice_handler, t);
	if (thread_key_ok)
		pthread_setspecific(thread_key, t);
	thread_state = t;
	return t;
}

GEOSContextHandle_t mais_geom__ctx(void)
{
	struct geom_thread *t = thread_get();

	if (!t)
		return NULL;
	t->geos_msg[0] = '\0';
	return t->geos;
}

const char *mais_geom__geos_message(void)
{
	struct geom_thread *t = thread_get();

	if (!t || !t->geos_msg[0])
		return "unknown GEOS error";
	return t->geos_msg;
}

const GEOSGeometry *mais_geom__geos(const mais_geom *g)
{
	return g->g;
}

void mais_geom__replace(mais_geom *g, GEOSGeometry *ng)
{
	GEOSGeom_destroy_r(mais_geom__ctx(), g->g);
	g->g = ng;
	g->area_m2 = NAN;
}

static int no_context(void)
{
	return mais_error_set(MAIS_ENOMEM, "geometry: cannot start GEOS");
}

/* Wraps ng (owned) in a new mais_geom; destroys ng on failure. */
static int wrap(mais_geom **out, GEOSContextHandle_t h, GEOSGeometry *ng)
{
	mais_geom *g = malloc(sizeof *g);

	if (!g) {
		GEOSGeom_destroy_r(h, ng);
		return mais_error_set(MAIS_ENOMEM, "geometry: out of memory");
	}
	g->g = ng;
	g->area_m2 = NAN;
	*out = g;
	return 0;
}

/*
 * Calls fn on the coordinate sequence of every point, line and ring of g,
 * stopping at the first nonzero result, which it returns.  Walking the
 * coordinates is the only sure way to see them all: GEOS's envelope skips
 * a part whose envelope has a NaN.
 */
int mais_geom__each_seq(GEOSContextHandle_t h, const GEOSGeometry *g,
			mais_geom__seq_fn fn, void *arg)
{
	const GEOSCoordSequence *s;
	int n, rc;

	switch (GEOSGeomTypeId_r(h, g)) {
	case GEOS_POINT:
	case GEOS_LINESTRING:
	case GEOS_LINEARRING:
		if (GEOSisEmpty_r(h, g) != 0 ||
		    !(s = GEOSGeom_getCoordSeq_r(h, g)))
			return 0;
		return fn(h, s, arg);
	case GEOS_POLYGON:
		if (GEOSisEmpty_r(h, g) != 0)
			return 0;
		if ((rc = mais_geom__each_seq(h, GEOSGetExteriorRing_r(h, g),
					      fn, arg)))
			return rc;
		n = GEOSGetNumInteriorRings_r(h, g);
		for (int i = 0; i < n; i++)
			if ((rc = mais_geom__each_seq(
				     h, GEOSGetInteriorRingN_r(h, g, i), fn,
				     arg)))
				return rc;
		return 0;
	default:
		n = GEOSGetNumGeometries_r(h, g);
		for (int i = 0; i < n; i++)
			if ((rc = mais_geom__each_seq(
				     h, GEOSGetGeometryN_r(h, g, i), fn, arg)))
				return rc;
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Types.                                                               */

const char *mais_geom_type_name(mais_geom_type t)
{
	switch (t) {
	case MAIS_GEOM_GEOMETRY:
		return "GEOMETRY";
	case MAIS_GEOM_POINT:
		return "POINT";
	case MAIS_GEOM_LINESTRING:
		return "LINESTRING";
	case MAIS_GEOM_POLYGON:
		return "POLYGON";
	case MAIS_GEOM_MULTIPOINT:
		return "MULTIPOINT";
	case MAIS_GEOM_MULTILINESTRING:
		return "MULTILINESTRING";
	case MAIS_GEOM_MULTIPOLYGON:
		return "MULTIPOLYGON";
	case MAIS_GEOM_COLLECTION:
		return "GEOMETRYCOLLECTION";
	}
	return "UNKNOWN";
}

/* GEOS numbers types from 0 and has a LINEARRING; WKB from 1. */
static int geos_type_of(mais_geom_type t)
{
	switch (t) {
	case MAIS_GEOM_POINT:
		return GEOS_POINT;
	case MAIS_GEOM_LINESTRING:
		return GEOS_LINESTRING;
	case MAIS_GEOM_POLYGON:
		return GEOS_POLYGON;
	case MAIS_GEOM_MULTIPOINT:
		return GEOS_MULTIPOINT;
	case MAIS_GEOM_MULTILINESTRING:
		return GEOS_MULTILINESTRING;
	case MAIS_GEOM_MULTIPOLYGON:
		return GEOS_MULTIPOLYGON;
	default:
		return GEOS_GEOMETRYCOLLECTION;
	}
}

mais_geom_type mais_geom_get_type(const mais_geom *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();

	if (!h || !g)
		return MAIS_GEOM_GEOMETRY;
	switch (GEOSGeomTypeId_r(h, g->g)) {
	case GEOS_POINT:
		return MAIS_GEOM_POINT;
	case GEOS_LINESTRING:
	case GEOS_LINEARRING:
		return MAIS_GEOM_LINESTRING;
	case GEOS_POLYGON:
		return MAIS_GEOM_POLYGON;
	case GEOS_MULTIPOINT:
		return MAIS_GEOM_MULTIPOINT;
	case GEOS_MULTILINESTRING:
		return MAIS_GEOM_MULTILINESTRING;
	case GEOS_MULTIPOLYGON:
		return MAIS_GEOM_MULTIPOLYGON;
	case GEOS_GEOMETRYCOLLECTION:
		return MAIS_GEOM_COLLECTION;
	}
	return MAIS_GEOM_GEOMETRY;
}

/* ------------------------------------------------------------------ */
/* WKB reading.                                                         */

struct wkb_in {
	GEOSContextHandle_t h;
	const unsigned char *p;
	size_t len;
	size_t off;
	size_t vertices; /* so far, for MAIS_MAX_VERTICES */
};

/* n bytes as an unsigned integer, big-endian if be; independent of the
 * host's byte order. */
static uint64_t load_uint(const unsigned char *b, size_t n, int be)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)b[be ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

static void store_uint_le(unsigned char *b, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static double load_double(const unsigned char *b, int be)
{
	uint64_t u = load_uint(b, 8, be);
	double d;

	memcpy(&d, &u, sizeof d);
	return d;
}

static void store_double_le(unsigned char *b, double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof u);
	store_uint_le(b, u, 8);
}

static int truncated(const struct wkb_in *in)
{
	return mais_error_set(MAIS_EINVAL, "WKB truncated at byte %zu of %zu",
			      in->off, in->len);
}

static size_t left(const struct wkb_in *in)
{
	return in->len - in->off;
}

static int rd_u32(struct wkb_in *in, int be, uint32_t *v)
{
	if (left(in) < 4)
		return truncated(in);
	*v = (uint32_t)load_uint(in->p + in->off, 4, be);
	in->off += 4;
	return 0;
}

/* Counts n vertices against the limit. */
static int add_vertices(struct wkb_in *in, size_t n)
{
	if (n > MAIS_MAX_VERTICES - in->vertices)
		return mais_error_set(MAIS_ELIMIT,
				      "geometry has more than %d vertices "
				      "(MAIS_MAX_VERTICES)",
				      MAIS_MAX_VERTICES);
	in->vertices += n;
	return 0;
}

struct wkb_hdr {
	int be;
	unsigned type; /* 1..7 */
	int dims;      /* 2, 3 or 4 doubles a vertex */
};

/* Byte order and type, ISO (1000s for Z/M) or EWKB (high flag bits). */
static int wkb_header(struct wkb_in *in, struct wkb_hdr *hd)
{
	uint32_t t;
	int z, m, rc;

	if (left(in) < 1)
		return truncated(in);
	if (in->p[in->off] > 1)
		return mais_error_set(MAIS_EINVAL,
				      "WKB: bad byte order %u at byte %zu",
				      in->p[in->off], in->off);
	hd->be = in->p[in->off++] == 0;
	if ((rc = rd_u32(in, hd->be, &t)))
		return rc;
	z = (t & 0x80000000u) != 0;
	m = (t & 0x40000000u) != 0;
	if (t & 0x20000000u) { /* EWKB SRID: skipped, the caller knows it */
		if (left(in) < 4)
			return truncated(in);
		in->off += 4;
	}
	t &= 0x0fffffffu;
	if (t >= 1000 && t < 4000) {
		z |= t / 1000 == 1 || t / 1000 == 3;
		m |= t / 1000 == 2 || t / 1000 == 3;
		t %= 1000;
	}
	if (t < 1 || t > 7)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "WKB geometry type %u is not supported "
				      "(points, lines, polygons and their "
				      "collections only)",
				      (unsigned)t);
	hd->type = t;
	hd->dims = 2 + z + m;
	return 0;
}

/*
 * NaN and infinity are refused on the way in: they are never a place, and
 * GEOS 3.11 is not safe with them (GEOSNormalize crashes on a ring with a
 * NaN).  The one exception is the empty point, POINT(NaN NaN).
 */
static int not_finite(const struct wkb_in *in)
{
	return mais_error_set(MAIS_EINVAL,
			      "WKB: a coordinate near byte %zu is not a "
			      "finite number",
			      in->off);
}

/* n vertices into a new 2D coordinate sequence (Z and M skipped). */
static int wkb_coords(struct wkb_in *in, const struct wkb_hdr *hd, uint32_t n,
		      GEOSCoordSequence **out)
{
	size_t step = (size_t)hd->dims * 8;
	GEOSCoordSequence *s;
	int rc;

	if (n > left(in) / step)
		return truncated(in);
	if ((rc = add_vertices(in, n)))
		return rc;
	s = GEOSCoordSeq_create_r(in->h, n, 2);
	if (!s)
		return mais_error_set(MAIS_ENOMEM, "WKB: %s",
				      mais_geom__geos_message());
	for (uint32_t i = 0; i < n; i++, in->off += step) {
		double x = load_double(in->p + in->off, hd->be);
		double y = load_double(in->p + in->off + 8, hd->be);

		if (!isfinite(x) || !isfinite(y)) {
			GEOSCoordSeq_destroy_r(in->h, s);
			return not_finite(in);
		}
		GEOSCoordSeq_setXY_r(in->h, s, i, x, y);
	}
	*out = s;
	return 0;
}

static int wkb_point(struct wkb_in *in, const struct wkb_hdr *hd,
		     GEOSGeometry **out)
{
	size_t step = (size_t)hd->dims * 8;
	double x, y;
	int rc;

	if (left(in) < step)
		return truncated(in);
	if ((rc = add_vertices(in, 1)))
		return rc;
	x = load_double(in->p + in->off, hd->be);
	y = load_double(in->p + in->off + 8, hd->be);
	in->off += step;
	/* WKB has no empty point; GeoPackage and GEOS write POINT(NaN NaN). */
	if (isnan(x) && isnan(y))
		*out = GEOSGeom_createEmptyPoint_r(in->h);
	else if (!isfinite(x) || !isfinite(y))
		return not_finite(in);
	else
		*out = GEOSGeom_createPointFromXY_r(in->h, x, y);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "WKB point: %s",
				      mais_geom__geos_message());
	return 0;
}

static int wkb_linestring(struct wkb_in *in, const struct wkb_hdr *hd,
			  GEOSGeometry **out)
{
	GEOSCoordSequence *s;
	uint32_t n;
	int rc;

	if ((rc = rd_u32(in, hd->be, &n)))
		return rc;
	if (n == 1)
		return mais_error_set(MAIS_EINVAL,
				      "WKB: a linestring of one point");
	if ((rc = wkb_coords(in, hd, n, &s)))
		return rc;
	*out = GEOSGeom_createLineString_r(in->h, s);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "WKB linestring: %s",
				      mais_geom__geos_message());
	return 0;
}

static int ring_closed(GEOSContextHandle_t h, const GEOSCoordSequence *s,
		       unsigned n)
{
	double x0, y0, x1, y1;

	GEOSCoordSeq_getXY_r(h, s, 0, &x0, &y0);
	GEOSCoordSeq_getXY_r(h, s, n - 1, &x1, &y1);
	return x0 == x1 && y0 == y1;
}

/* A ring is checked here so that GEOS is never handed one it would
 * refuse: at least 4 points, first equal to last. */
static int wkb_ring(struct wkb_in *in, const struct wkb_hdr *hd, uint32_t idx,
		    GEOSGeometry **out)
{
	GEOSCoordSequence *s;
	uint32_t n;
	int rc;

	if ((rc = rd_u32(in, hd->be, &n)))
		return rc;
	if (n < 4)
		return mais_error_set(MAIS_EINVAL,
				      "WKB polygon: ring %u has %u points "
				      "(a ring needs at least 4)",
				      idx, n);
	if ((rc = wkb_coords(in, hd, n, &s)))
		return rc;
	if (!ring_closed(in->h, s, n)) {
		GEOSCoordSeq_destroy_r(in->h, s);
		return mais_error_set(
			MAIS_EINVAL, "WKB polygon: ring %u is not closed", idx);
	}
	*out = GEOSGeom_createLinearRing_r(in->h, s);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "WKB ring: %s",
				      mais_geom__geos_message());
	return 0;
}

static void destroy_all(GEOSContextHandle_t h, GEOSGeometry **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		GEOSGeom_destroy_r(h, v[i]);
}

static int wkb_polygon(struct wkb_in *in, const struct wkb_hdr *hd,
		       GEOSGeometry **out)
{
	/* the smallest ring: count and 4 vertices */
	size_t min_ring = 4 + 4 * (size_t)hd->dims * 8;
	GEOSGeometry **rings;
	uint32_t n, i;
	int rc = 0;

	if ((rc = rd_u32(in, hd->be, &n)))
		return rc;
	if (n == 0) {
		*out = GEOSGeom_createEmptyPolygon_r(in->h);
		return *out ? 0 : no_context();
	}
	if (n > left(in) / min_ring)
		return truncated(in);
	rings = malloc(n * sizeof *rings);
	if (!rings)
		return mais_error_set(MAIS_ENOMEM, "WKB: out of memory");
	for (i = 0; i < n && !rc; i++)
		rc = wkb_ring(in, hd, i, &rings[i]);
	if (rc) {
		destroy_all(in->h, rings, i - 1);
		free(rings);
		return rc;
	}
	*out = GEOSGeom_createPolygon_r(in->h, rings[0], rings + 1, n - 1);
	free(rings);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "WKB polygon: %s",
				      mais_geom__geos_message());
	return 0;
}

static int wkb_geom(struct wkb_in *in, int depth, unsigned want,
		    GEOSGeometry **out);

/* MULTIPOINT, MULTILINESTRING, MULTIPOLYGON and GEOMETRYCOLLECTION. */
static int wkb_collection(struct wkb_in *in, const struct wkb_hdr *hd,
			  int depth, GEOSGeometry **out)
{
	/* the smallest member: an empty line, polygon or collection */
	const size_t min_member = 1 + 4 + 4;
	unsigned want = hd->type == 7 ? 0 : hd->type - 3;
	int gtype = geos_type_of((mais_geom_type)hd->type);
	GEOSGeometry **parts;
	uint32_t n, i;
	int rc;

	if ((rc = rd_u32(in, hd->be, &n)))
		return rc;
	if (n == 0) {
		*out = GEOSGeom_createEmptyCollection_r(in->h, gtype);
		return *out ? 0 : no_context();
	}
	if (n > left(in) / min_member)
		return truncated(in);
	/* every member costs at least one vertex: bounds empty members too */
	if ((rc = add_vertices(in, n)))
		return rc;
	parts = malloc(n * sizeof *parts);
	if (!parts)
		return mais_error_set(MAIS_ENOMEM, "WKB: out of memory");
	for (i = 0; i < n && !rc; i++)
		rc = wkb_geom(in, depth + 1, want, &parts[i]);
	if (rc) {
		destroy_all(in->h, parts, i - 1);
		free(parts);
		return rc;
	}
	/* GEOS takes the members, even when it fails */
	*out = GEOSGeom_createCollection_r(in->h, gtype, parts, n);
	free(parts);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "WKB collection: %s",
				      mais_geom__geos_message());
	return 0;
}

/* One geometry; want is the type a MULTI* requires of its members. */
static int wkb_geom(struct wkb_in *in, int depth, unsigned want,
		    GEOSGeometry **out)
{
	struct wkb_hdr hd = {0};
	int rc;

	if (depth > WKB_MAX_DEPTH)
		return mais_error_set(MAIS_EINVAL,
				      "WKB: collections nested more than %d "
				      "deep",
				      WKB_MAX_DEPTH);
	if ((rc = wkb_header(in, &hd)))
		return rc;
	if (want && hd.type != want)
		return mais_error_set(MAIS_EINVAL, "WKB: a %s inside a %s",
				      mais_geom_type_name(hd.type),
				      mais_geom_type_name(want + 3));
	switch (hd.type) {
	case 1:
		return wkb_point(in, &hd, out);
	case 2:
		return wkb_linestring(in, &hd, out);
	case 3:
		return wkb_polygon(in, &hd, out);
	default:
		return wkb_collection(in, &hd, depth, out);
	}
}

static int wkb_parse(GEOSContextHandle_t h, const unsigned char *p, size_t len,
		     GEOSGeometry **out)
{
	struct wkb_in in = {h, p, len, 0, 0};
	int rc;

	if (len > MAIS_MAX_GEOMETRY_BYTES)
		return mais_error_set(MAIS_ELIMIT,
				      "geometry of %zu bytes is over the "
				      "limit of %d (MAIS_MAX_GEOMETRY_BYTES)",
				      len, MAIS_MAX_GEOMETRY_BYTES);
	if ((rc = wkb_geom(&in, 0, 0, out)))
		return rc;
	if (in.off != len) {
		GEOSGeom_destroy_r(h, *out);
		*out = NULL;
		return mais_error_set(MAIS_EINVAL,
				      "WKB: %zu trailing bytes after the "
				      "geometry",
				      len - in.off);
	}
	return 0;
}

int mais_geom_from_wkb(mais_geom **out, const unsigned char *wkb, size_t len)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSGeometry *g;
	int rc;

	if (!out || (!wkb && len))
		return mais_error_set(MAIS_EINVAL, "WKB: no input");
	*out = NULL;
	if (!h)
		return no_context();
	if ((rc = wkb_parse(h, wkb, len, &g)))
		return rc;
	return wrap(out, h, g);
}

/* ------------------------------------------------------------------ */
/* WKB and WKT writing.                                                 */

/* ISO WKB, little-endian, 2D; the buffer is GEOS's (GEOSFree_r). */
static int wkb_write(GEOSContextHandle_t h, const GEOSGeometry *g,
		     unsigned char **out, size_t *len)
{
	GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);

	if (!w)
		return mais_error_set(MAIS_ENOMEM, "WKB writer: %s",
				      mais_geom__geos_message());
	GEOSWKBWriter_setOutputDimension_r(h, w, 2);
	GEOSWKBWriter_setByteOrder_r(h, w, GEOS_WKB_NDR);
	GEOSWKBWriter_setFlavor_r(h, w, GEOS_WKB_ISO);
	GEOSWKBWriter_setIncludeSRID_r(h, w, 0);
	*out = GEOSWKBWriter_write_r(h, w, g, len);
	GEOSWKBWriter_destroy_r(h, w);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "WKB writer: %s",
				      mais_geom__geos_message());
	return 0;
}

int mais_geom_to_wkb(const mais_geom *g, unsigned char **out, size_t *len)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	unsigned char *w;
	size_t n;
	int rc;

	if (!g || !out || !len)
		return mais_error_set(MAIS_EINVAL, "WKB: no geometry");
	*out = NULL;
	if (!h)
		return no_context();
	if ((rc = wkb_write(h, g->g, &w, &n)))
		return rc;
	*out = malloc(n);
	if (*out)
		memcpy(*out, w, n);
	GEOSFree_r(h, w);
	if (!*out)
		return mais_error_set(MAIS_ENOMEM, "WKB: out of memory");
	*len = n;
	return 0;
}

int mais_geom_from_wkt(mais_geom **out, const char *wkt)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSWKTReader *r;
	GEOSGeometry *g3, *g;
	unsigned char *w;
	size_t n;
	int rc;

	if (!out || !wkt)
		return mais_error_set(MAIS_EINVAL, "WKT: no input");
	*out = NULL;
	if (!h)
		return no_context();
	if (strnlen(wkt, WKT_MAX_BYTES + 1) > WKT_MAX_BYTES)
		return mais_error_set(MAIS_ELIMIT, "WKT longer than %zu bytes",
				      WKT_MAX_BYTES);
	r = GEOSWKTReader_create_r(h);
	if (!r)
		return no_context();
	g3 = GEOSWKTReader_read_r(h, r, wkt);
	GEOSWKTReader_destroy_r(h, r);
	if (!g3)
		return mais_error_set(MAIS_EINVAL, "WKT: %s",
				      mais_geom__geos_message());
	/* through 2D WKB and our reader: drops Z, applies the limits */
	rc = wkb_write(h, g3, &w, &n);
	GEOSGeom_destroy_r(h, g3);
	if (rc)
		return rc;
	rc = wkb_parse(h, w, n, &g);
	GEOSFree_r(h, w);
	if (rc)
		return rc;
	return wrap(out, h, g);
}

/*
 * GEOS before 3.12.1 overruns a fixed buffer when its trimmed WKT writer
 * meets a huge finite number (GEOS issue #970: "POINT (1e+279 0)"
 * aborts).  Such coordinates are never lon/lat, but they can be read from
 * a file and then printed in an error report, so they are written
 * untrimmed (fixed notation in a std::string, which is safe).
 */
static int seq_has_huge(GEOSContextHandle_t h, const GEOSCoordSequence *s,
			void *arg)
{
	unsigned n = 0;
	double x, y;

	(void)arg;
	if (!GEOSCoordSeq_getSize_r(h, s, &n))
		return 1;
	for (unsigned i = 0; i < n; i++) {
		GEOSCoordSeq_getXY_r(h, s, i, &x, &y);
		if (!(fabs(x) < 1e15) || !(fabs(y) < 1e15))
			return 1;
	}
	return 0;
}

static int wkt_trim_safe(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	return !mais_geom__each_seq(h, g, seq_has_huge, NULL);
}

int mais_geom_to_wkt(const mais_geom *g, char **out)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSWKTWriter *w;
	char *s;
	size_t n;

	if (!g || !out)
		return mais_error_set(MAIS_EINVAL, "WKT: no geometry");
	*out = NULL;
	if (!h || !(w = GEOSWKTWriter_create_r(h)))
		return no_context();
	GEOSWKTWriter_setTrim_r(h, w, wkt_trim_safe(h, g->g));
	GEOSWKTWriter_setRoundingPrecision_r(h, w, 9);
	GEOSWKTWriter_setOutputDimension_r(h, w, 2);
	s = GEOSWKTWriter_write_r(h, w, g->g);
	GEOSWKTWriter_destroy_r(h, w);
	if (!s)
		return mais_error_set(MAIS_EINVAL, "WKT writer: %s",
				      mais_geom__geos_message());
	n = strlen(s) + 1;
	*out = malloc(n);
	if (*out)
		memcpy(*out, s, n);
	GEOSFree_r(h, s);
	return *out ? 0 : mais_error_set(MAIS_ENOMEM, "WKT: out of memory");
}

/* ------------------------------------------------------------------ */
/* GeoPackage binary (GeoPackage 1.3, §2.1.3).                          */

#define GPKG_FLAG_LE	   0x01
#define GPKG_FLAG_EMPTY	   0x10
#define GPKG_FLAG_EXTENDED 0x20

int mais_geom_from_gpkg(mais_geom **out, int32_t *srs_id,
			const unsigned char *blob, size_t len)
{
	/* envelope bytes by code: none, XY, XYZ, XYM, XYZM */
	static const size_t env_len[] = {0, 32, 48, 48, 64};
	GEOSContextHandle_t h = mais_geom__ctx();
	unsigned flags, env;
	uint32_t srs;
	size_t off;
	GEOSGeometry *g;
	int rc;

	if (!out || (!blob && len))
		return mais_error_set(MAIS_EINVAL,
				      "GeoPackage geometry: no input");
	*out = NULL;
	if (!h)
		return no_context();
	if (len < 8)
		return mais_error_set(MAIS_EINVAL,
				      "GeoPackage geometry of %zu bytes: the "
				      "header alone has 8",
				      len);
	if (blob[0] != 'G' || blob[1] != 'P')
		return mais_error_set(MAIS_EINVAL,
				      "not a GeoPackage geometry (magic "
				      "0x%02x%02x, not \"GP\")",
				      blob[0], blob[1]);
	if (blob[2] != 0)
		return mais_error_set(MAIS_EINVAL,
				      "GeoPackage geometry version %u (only 0 "
				      "is defined)",
				      blob[2]);
	flags = blob[3];
	if (flags & GPKG_FLAG_EXTENDED)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "extended GeoPackage geometry (flag X) "
				      "is not supported");
	env = (flags >> 1) & 7;
	if (env >= sizeof env_len / sizeof env_len[0])
		return mais_error_set(
			MAIS_EINVAL,
			"GeoPackage geometry: bad envelope code %u", env);
	srs = (uint32_t)load_uint(blob + 4, 4, !(flags & GPKG_FLAG_LE));
	off = 8 + env_len[env];
	if (off > len)
		return mais_error_set(MAIS_EINVAL,
				      "GeoPackage geometry truncated in its "
				      "envelope (%zu of %zu bytes)",
				      len, off);
	if (off == len && (flags & GPKG_FLAG_EMPTY)) {
		/* empty with no WKB at all: type unknown */
		g = GEOSGeom_createEmptyCollection_r(h,
						     GEOS_GEOMETRYCOLLECTION);
		if (!g)
			return no_context();
	} else if ((rc = wkb_parse(h, blob + off, len - off, &g))) {
		return rc;
	}
	if (srs_id)
		memcpy(srs_id, &srs, sizeof *srs_id);
	return wrap(out, h, g);
}

int mais_geom_to_gpkg(const mais_geom *g, int32_t srs_id, unsigned char **out,
		      size_t *len)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	unsigned char *w, *b;
	size_t n, hdr;
	uint32_t srs;
	int empty, rc;

	if (!g || !out || !len)
		return mais_error_set(MAIS_EINVAL, "GeoPackage: no geometry");
	*out = NULL;
	if (!h)
		return no_context();
	if ((rc = wkb_write(h, g->g, &w, &n)))
		return rc;
	empty = GEOSisEmpty_r(h, g->g) == 1;
	hdr = 8 + (empty ? 0 : 32);
	b = malloc(hdr + n);
	if (!b) {
		GEOSFree_r(h, w);
		return mais_error_set(MAIS_ENOMEM, "GeoPackage: out of memory");
	}
	b[0] = 'G';
	b[1] = 'P';
	b[2] = 0;
	b[3] = GPKG_FLAG_LE | (empty ? GPKG_FLAG_EMPTY : 1 << 1);
	memcpy(&srs, &srs_id, sizeof srs);
	store_uint_le(b + 4, srs, 4);
	if (!empty) {
		double minx, miny, maxx, maxy;

		mais_geom_envelope(g, &minx, &miny, &maxx, &maxy);
		store_double_le(b + 8, minx);
		store_double_le(b + 16, maxx);
		store_double_le(b + 24, miny);
		store_double_le(b + 32, maxy);
	}
	memcpy(b + hdr, w, n);
	GEOSFree_r(h, w);
	*out = b;
	*len = hdr + n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Simple accessors.                                                    */

int mais_geom_clone(mais_geom **out, const mais_geom *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSGeometry *c;

	if (!out || !g)
		return mais_error_set(MAIS_EINVAL, "clone: no geometry");
	*out = NULL;
	if (!h)
		return no_context();
	c = GEOSGeom_clone_r(h, g->g);
	if (!c)
		return mais_error_set(MAIS_ENOMEM, "clone: %s",
				      mais_geom__geos_message());
	return wrap(out, h, c);
}

void mais_geom_free(mais_geom *g)
{
	if (!g)
		return;
	GEOSGeom_destroy_r(mais_geom__ctx(), g->g);
	free(g);
}

int mais_geom_is_empty(const mais_geom *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();

	return !g || !h || GEOSisEmpty_r(h, g->g) == 1;
}

size_t mais_geom_num_points(const mais_geom *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	int n;

	if (!g || !h)
		return 0;
	n = GEOSGetNumCoordinates_r(h, g->g);
	return n > 0 ? (size_t)n : 0;
}

int mais_geom_envelope(const mais_geom *g, double *minx, double *miny,
		       double *maxx, double *maxy)
{
	GEOSContextHandle_t h = mais_geom__ctx();

	if (!h)
		return no_context();
	if (!g || GEOSisEmpty_r(h, g->g) != 0)
		return mais_error_set(MAIS_EINVAL,
				      "envelope of an empty geometry");
	if (!GEOSGeom_getXMin_r(h, g->g, minx) ||
	    !GEOSGeom_getYMin_r(h, g->g, miny) ||
	    !GEOSGeom_getXMax_r(h, g->g, maxx) ||
	    !GEOSGeom_getYMax_r(h, g->g, maxy))
		return mais_error_set(MAIS_EINVAL, "envelope: %s",
				      mais_geom__geos_message());
	return 0;
}

/* ------------------------------------------------------------------ */
/* Geodesic measures on WGS 84.                                         */

static void wgs84(struct geod_geodesic *gd)
{
	geod_init(gd, 6378137, 1 / 298.257223563);
}

/* |area| of one ring; the closing vertex is not repeated to PROJ. */
static double ring_area(GEOSContextHandle_t h, const struct geod_geodesic *gd,
			const GEOSGeometry *ring)
{
	const GEOSCoordSequence *s = GEOSGeom_getCoordSeq_r(h, ring);
	struct geod_polygon p;
	unsigned n = 0;
	double a = 0, x, y;

	if (!s || !GEOSCoordSeq_getSize_r(h, s, &n) || n < 4)
		return 0;
	geod_polygon_init(&p, 0);
	for (unsigned i = 0; i + 1 < n; i++) {
		GEOSCoordSeq_getXY_r(h, s, i, &x, &y);
		geod_polygon_addpoint(gd, &p, y, x);
	}
	/* signed (sign = 1): a clockwise ring is negative, not the rest of
	 * the earth */
	geod_polygon_compute(gd, &p, 0, 1, &a, NULL);
	return fabs(a);
}

static double area_of(GEOSContextHandle_t h, const struct geod_geodesic *gd,
		      const GEOSGeometry *g)
{
	double a = 0;
	int n;

	switch (GEOSGeomTypeId_r(h, g)) {
	case GEOS_POLYGON:
		if (GEOSisEmpty_r(h, g) != 0)
			return 0;
		a = ring_area(h, gd, GEOSGetExteriorRing_r(h, g));
		n = GEOSGetNumInteriorRings_r(h, g);
		for (int i = 0; i < n; i++)
			a -= ring_area(h, gd, GEOSGetInteriorRingN_r(h, g, i));
		return a;
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		n = GEOSGetNumGeometries_r(h, g);
		for (int i = 0; i < n; i++)
			a += area_of(h, gd, GEOSGetGeometryN_r(h, g, i));
		return a;
	}
	return 0;
}

double mais_geom__area_geos(const GEOSGeometry *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	struct geod_geodesic gd;

	if (!h || !g)
		return 0;
	wgs84(&gd);
	return area_of(h, &gd, g);
}

double mais_geom_area_m2(const mais_geom *g)
{
	if (!g)
		return 0;
	if (isnan(g->area_m2)) /* a cache, not a change: cast allowed */
		((mais_geom *)g)->area_m2 = mais_geom__area_geos(g->g);
	return g->area_m2;
}

struct max_segment {
	struct geod_geodesic gd;
	double max;
	double floor_m;
};

/* Longest a segment can be: a path along the meridian then along the
 * parallel joins its ends, and a degree of latitude is at most 111.7 km,
 * a degree of longitude at most 111.33 km; the geodesic is no longer. */
static double segment_bound_m(double x0, double y0, double x1, double y1)
{
	double dx = fabs(x1 - x0);

	if (dx > 180)
		dx = 360 - dx;
	return 111700.0 * (fabs(y1 - y0) + dx);
}

static int seq_max_segment(GEOSContextHandle_t h, const GEOSCoordSequence *s,
			   void *arg)
{
	struct max_segment *m = arg;
	double x0, y0, x1, y1, d;
	unsigned n = 0;

	if (!GEOSCoordSeq_getSize_r(h, s, &n) || n < 2)
		return 0;
	GEOSCoordSeq_getXY_r(h, s, 0, &x0, &y0);
	for (unsigned i = 1; i < n; i++, x0 = x1, y0 = y1) {
		GEOSCoordSeq_getXY_r(h, s, i, &x1, &y1);
		if (segment_bound_m(x0, y0, x1, y1) <= m->floor_m)
			continue;
		geod_inverse(&m->gd, y0, x0, y1, x1, &d, NULL, NULL);
		if (d > m->max)
			m->max = d;
	}
	return 0;
}

double mais_geom_max_segment_m(const mais_geom *g, double floor_m)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	struct max_segment m = {.max = 0, .floor_m = floor_m};

	if (!h || !g)
		return 0;
	wgs84(&m.gd);
	mais_geom__each_seq(h, g->g, seq_max_segment, &m);
	return m.max;
}

/* ------------------------------------------------------------------ */
/* CRS transformation.                                                  */

/* PROJ's context of the thread, made on first use. */
static int proj_start(struct geom_thread *t)
{
	if (t->pj_ctx)
		return 0;
	t->pj_ctx = proj_context_create();
	if (!t->pj_ctx)
		return mais_error_set(MAIS_ENOMEM, "cannot start PROJ");
	/* errors are reported by us, not printed by PROJ */
	proj_log_level(t->pj_ctx, PJ_LOG_NONE);
	return 0;
}

/* The CRS `from`; a PROJ string is made a CRS ("+type=crs") as
 * proj_create_crs_to_crs does.  NULL if PROJ does not know it. */
static PJ *crs_create(PJ_CONTEXT *ctx, const char *from)
{
	char buf[1024];

	if (from[0] == '+' && !strstr(from, "type=crs") &&
	    (size_t)snprintf(buf, sizeof buf, "%s +type=crs", from) <
		    sizeof buf)
		return proj_create(ctx, buf);
	return proj_create(ctx, from);
}

/* The transformation from src to EPSG:4326 lon/lat, choosing among the
 * operations PROJ knows by their areas of use (proj_create_crs_to_crs);
 * ballpark ones only when flags allow.  NULL if there is none. */
static PJ *to_wgs84(PJ_CONTEXT *ctx, PJ *src, int flags)
{
	const char *opts[] = { flags & MAIS_CRS_ALLOW_BALLPARK
				       ? "ALLOW_BALLPARK=YES"
				       : "ALLOW_BALLPARK=NO",
			       NULL };
	PJ *dst = proj_create(ctx, "EPSG:4326"), *raw = NULL, *norm = NULL;

	if (dst)
		raw = proj_create_crs_to_crs_from_pj(ctx, src, dst, NULL, opts);
	if (raw)
		norm = proj_normalize_for_visualization(ctx, raw);
	proj_destroy(raw);
	proj_destroy(dst);
	return norm;
}

/* Makes the transformation from `from`: 0, or MAIS_EUNSUPPORTED saying
 * whether PROJ does not know the CRS (*known 0) or has no allowed
 * transformation from it. */
static int make_transformation(PJ_CONTEXT *ctx, const char *from, int flags,
			       PJ **out, int *known)
{
	PJ *src = crs_create(ctx, from);
	const char *why;
	int rc = 0;

	*known = src != NULL;
	*out = src ? to_wgs84(ctx, src, flags) : NULL;
	if (!src) {
		why = proj_context_errno_string(ctx, proj_context_errno(ctx));
		rc = mais_error_set(MAIS_EUNSUPPORTED, "unknown CRS '%.200s'%s%s",
				    from, why ? ": " : "", why ? why : "");
	} else if (!*out) {
		rc = mais_error_set(MAIS_EUNSUPPORTED,
				    "CRS '%.200s': PROJ has no transformation "
				    "to EPSG:4326%s",
				    proj_get_name(src) ? proj_get_name(src) : from,
				    flags & MAIS_CRS_ALLOW_BALLPARK
					    ? ""
					    : " but a ballpark one (the datum "
					      "shift is unknown: errors of "
					      "~100 m)");
	}
	proj_destroy(src);
	return rc;
}

/* The thread's transformation from `from` to lon/lat WGS 84.  One is
 * cached: an import transforms every feature from the same CRS, and
 * proj_create_crs_to_crs costs a database look-up. */
static int transformation(struct geom_thread *t, const char *from, int flags,
			  PJ **out)
{
	PJ *pj;
	char *copy;
	int rc, known;

	if (t->pj && t->pj_flags == flags && strcmp(t->pj_from, from) == 0) {
		*out = t->pj;
		return 0;
	}
	if ((rc = proj_start(t)) ||
	    (rc = make_transformation(t->pj_ctx, from, flags, &pj, &known)))
		return rc;
	if (!(copy = strdup(from))) {
		proj_destroy(pj);
		return mais_error_nomem();
	}
	proj_destroy(t->pj);
	free(t->pj_from);
	free(t->op_descr);
	t->op_descr = NULL;
	t->pj = pj;
	t->pj_from = copy;
	t->pj_flags = flags;
	*out = pj;
	return 0;
}

int mais_geom_crs_check(const char *from, int *ballpark_only)
{
	struct geom_thread *t = thread_get();
	PJ *pj;
	int rc, known;

	*ballpark_only = 0;
	if (!t)
		return no_context();
	if (!from || strnlen(from, CRS_MAX_BYTES + 1) > CRS_MAX_BYTES)
		return mais_error_set(MAIS_EINVAL, "no CRS, or one longer than "
						   "%d bytes", CRS_MAX_BYTES);
	if ((rc = proj_start(t)))
		return rc;
	rc = make_transformation(t->pj_ctx, from, 0, &pj, &known);
	if (rc == 0 || !known) {
		proj_destroy(pj);
		return rc;
	}
	rc = make_transformation(t->pj_ctx, from, MAIS_CRS_ALLOW_BALLPARK, &pj,
				 &known);
	proj_destroy(pj);
	*ballpark_only = rc == 0;
	return rc;
}

/* name without the axis order changes that lon/lat output adds
 * ("axis order change (2D) + X + axis order change (2D)" -> "X"). */
static void op_name(const char *descr, char *name, size_t size)
{
	size_t n = 0;

	name[0] = '\0';
	while (*descr) {
		const char *end = strstr(descr, " + ");
		size_t len = end ? (size_t)(end - descr) : strlen(descr);

		if (strncmp(descr, "axis order change", 17) != 0)
			n += (size_t)snprintf(name + n, n < size ? size - n : 0,
					      "%s%.*s", n ? " + " : "",
					      (int)len, descr);
		if (n >= size)
			return;
		descr += len + (end ? 3 : 0);
	}
}

/* What PROJ says of the operation it used last: asked again only when
 * its description changes (PROJ makes a copy of the operation to tell
 * whether it is a ballpark one). */
static void used_op(struct geom_thread *t, mais_crs_op *used)
{
	PJ_PROJ_INFO info = proj_pj_info(t->pj);
	const char *d = info.description ? info.description : "";
	PJ *op;

	if (!t->op_descr || strcmp(t->op_descr, d) != 0) {
		free(t->op_descr);
		t->op_descr = strdup(d);
		op_name(d, t->op.name, sizeof t->op.name);
		t->op.accuracy_m = info.accuracy;
		op = proj_trans_get_last_used_operation(t->pj);
		t->op.ballpark = op && proj_coordoperation_has_ballpark_transformation(
					       t->pj_ctx, op);
		proj_destroy(op);
	}
	*used = t->op;
}

struct xform {
	PJ *pj;
	size_t points; /* transformed */
	int failed;
	double x, y; /* the coordinate that failed */
};

static int xform_xy(double *x, double *y, void *userdata)
{
	struct xform *t = userdata;
	PJ_COORD c = proj_coord(*x, *y, 0, 0);

	c = proj_trans(t->pj, PJ_FWD, c);
	if (!isfinite(c.v[0]) || !isfinite(c.v[1])) {
		t->failed = 1;
		t->x = *x;
		t->y = *y;
		return 0;
	}
	*x = c.v[0];
	*y = c.v[1];
	t->points++;
	return 1;
}

int mais_geom_transform_to_wgs84(mais_geom *g, const char *from)
{
	return mais_geom_transform_to_wgs84_ex(g, from, 0, NULL);
}

int mais_geom_transform_to_wgs84_ex(mais_geom *g, const char *from, int flags,
				    mais_crs_op *used)
{
	struct geom_thread *t = thread_get();
	struct xform xf = {0};
	GEOSGeometry *ng;
	int rc;

	if (!g || !from)
		return mais_error_set(MAIS_EINVAL,
				      "transform: no geometry or CRS");
	if (!t)
		return no_context();
	if (strnlen(from, CRS_MAX_BYTES + 1) > CRS_MAX_BYTES)
		return mais_error_set(MAIS_ELIMIT,
				      "CRS definition longer than %d bytes",
				      CRS_MAX_BYTES);
	if (used) {
		memset(used, 0, sizeof *used);
		used->accuracy_m = -1;
	}
	if ((rc = transformation(t, from, flags, &xf.pj)))
		return rc;
	t->geos_msg[0] = '\0';
	ng = GEOSGeom_transformXY_r(t->geos, g->g, xform_xy, &xf);
	if (!ng && xf.failed)
		return mais_error_set(MAIS_EGEOM,
				      "coordinate (%.9g, %.9g) cannot be "
				      "transformed from %.200s to EPSG:4326",
				      xf.x, xf.y, from);
	if (!ng)
		return mais_error_set(MAIS_EGEOM, "transform: %s",
				      mais_geom__geos_message());
	mais_geom__replace(g, ng);
	if (used && xf.points)
		used_op(t, used);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Ring orientation.                                                    */

/* A copy of ring, reversed unless it already turns the wanted way. */
static GEOSGeometry *orient_ring(GEOSContextHandle_t h,
				 const GEOSGeometry *ring, int want_ccw)
{
	const GEOSCoordSequence *s = GEOSGeom_getCoordSeq_r(h, ring);
	unsigned n = 0;
	char ccw = 0;

	if (!s || !GEOSCoordSeq_getSize_r(h, s, &n) || n < 4)
		return GEOSGeom_clone_r(h, ring);
	if (!GEOSCoordSeq_isCCW_r(h, s, &ccw))
		return NULL;
	if ((ccw != 0) == want_ccw)
		return GEOSGeom_clone_r(h, ring);
	return GEOSReverse_r(h, ring);
}

static GEOSGeometry *orient_geos(GEOSContextHandle_t h, const GEOSGeometry *g);

static GEOSGeometry *orient_polygon(GEOSContextHandle_t h,
				    const GEOSGeometry *g)
{
	int nh = GEOSGetNumInteriorRings_r(h, g);
	GEOSGeometry *shell, **holes, *res;
	int i;

	if (GEOSisEmpty_r(h, g) != 0 || nh < 0)
		return GEOSGeom_clone_r(h, g);
	shell = orient_ring(h, GEOSGetExteriorRing_r(h, g), 1);
	holes = calloc((size_t)nh + 1, sizeof *holes);
	if (!shell || !holes) {
		GEOSGeom_destroy_r(h, shell);
		free(holes);
		return NULL;
	}
	for (i = 0; i < nh; i++) {
		holes[i] = orient_ring(h, GEOSGetInteriorRingN_r(h, g, i), 0);
		if (!holes[i])
			break;
	}
	if (i < nh) {
		destroy_all(h, holes, (size_t)i);
		GEOSGeom_destroy_r(h, shell);
		free(holes);
		return NULL;
	}
	res = GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)nh);
	free(holes);
	return res;
}

static GEOSGeometry *orient_collection(GEOSContextHandle_t h,
				       const GEOSGeometry *g)
{
	int n = GEOSGetNumGeometries_r(h, g);
	GEOSGeometry **parts, *res;
	int i;

	if (n <= 0)
		return GEOSGeom_clone_r(h, g);
	parts = calloc((size_t)n, sizeof *parts);
	if (!parts)
		return NULL;
	for (i = 0; i < n; i++) {
		parts[i] = orient_geos(h, GEOSGetGeometryN_r(h, g, i));
		if (!parts[i])
			break;
	}
	if (i < n) {
		destroy_all(h, parts, (size_t)i);
		free(parts);
		return NULL;
	}
	res = GEOSGeom_createCollection_r(h, GEOSGeomTypeId_r(h, g), parts,
					  (unsigned)n);
	free(parts);
	return res;
}

static GEOSGeometry *orient_geos(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	switch (GEOSGeomTypeId_r(h, g)) {
	case GEOS_POLYGON:
		return orient_polygon(h, g);
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		return orient_collection(h, g);
	}
	return GEOSGeom_clone_r(h, g);
}

int mais_geom_orient(mais_geom *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSGeometry *ng;
	int t;

	if (!g)
		return mais_error_set(MAIS_EINVAL, "orient: no geometry");
	if (!h)
		return no_context();
	t = GEOSGeomTypeId_r(h, g->g);
	if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON &&
	    t != GEOS_GEOMETRYCOLLECTION)
		return 0;
	ng = orient_geos(h, g->g);
	if (!ng)
		return mais_error_set(MAIS_ENOMEM, "orient: %s",
				      mais_geom__geos_message());
	mais_geom__replace(g, ng);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Comparison.                                                          */

int mais_geom_equals_exact(const mais_geom *a, const mais_geom *b)
{
	GEOSContextHandle_t h = mais_geom__ctx();

	if (!h || !a || !b)
		return 0;
	return GEOSEqualsExact_r(h, a->g, b->g, 0.0) == 1;
}

/* FNV-1a, 64 bits: simple, stable across versions and platforms. */
static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
	uint64_t hash = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		hash ^= p[i];
		hash *= 1099511628211ULL;
	}
	return hash;
}

uint64_t mais_geom_hash(const mais_geom *g)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSGeometry *c;
	unsigned char *w;
	size_t n;
	uint64_t hash;

	if (!h || !g || !(c = GEOSGeom_clone_r(h, g->g)))
		return fnv1a64(NULL, 0);
	/* normalised: ring start and order of parts do not change the hash */
	GEOSNormalize_r(h, c);
	if (wkb_write(h, c, &w, &n)) {
		GEOSGeom_destroy_r(h, c);
		return fnv1a64(NULL, 0);
	}
	hash = fnv1a64(w, n);
	GEOSFree_r(h, w);
	GEOSGeom_destroy_r(h, c);
	return hash;
}

/* Copies of the non-NULL parts, as one GEOMETRYCOLLECTION. */
static GEOSGeometry *collect(GEOSContextHandle_t h,
			     const mais_geom *const *parts, size_t n)
{
	GEOSGeometry **v, *c;
	size_t k = 0;

	if (n > SIZE_MAX / sizeof *v || n > UINT_MAX)
		return NULL;
	v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i])
			continue;
		if (!(v[k] = GEOSGeom_clone_r(h, parts[i]->g))) {
			destroy_all(h, v, k);
			free(v);
			return NULL;
		}
		k++;
	}
	c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v,
					(unsigned)k);
	free(v);
	return c;
}

int mais_geom_union(mais_geom **out, const mais_geom *const *parts, size_t n)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSGeometry *c, *u;

	if (!out || (!parts && n))
		return mais_error_set(MAIS_EINVAL, "union: no input");
	*out = NULL;
	if (!h)
		return no_context();
	c = collect(h, parts, n);
	if (!c)
		return mais_error_set(MAIS_ENOMEM, "union: out of memory");
	u = GEOSUnaryUnion_r(h, c);
	GEOSGeom_destroy_r(h, c);
	if (!u)
		return mais_error_set(MAIS_EGEOM, "union: %s",
				      mais_geom__geos_message());
	return wrap(out, h, u);
}

int mais_geom_within(const mais_geom *g, const mais_geom *area)
{
	GEOSContextHandle_t h = mais_geom__ctx();

	if (!h || !g || !area)
		return 0;
	/* covers, not contains: a point on the boundary is within */
	return GEOSCovers_r(h, area->g, g->g) == 1;
}
