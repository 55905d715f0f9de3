/*
 * geom_rules.c — the geometry rules of DESIGN.md ("run on entry,
 * reported, never silent"), applied to one geometry at a time.
 *
 * The rules run in a fixed order, because each assumes the ones before it
 * passed: null/empty, vertex limit, lon/lat range, type, validity (repair
 * with GEOS MakeValid, linework method, keeping the polygonal part), ring
 * orientation (silent: a convention of formats), then, on hazards and
 * releases, long segments and slivers.  A rejecting rule stops the run and
 * sets the last error to its message; a flagging rule appends a finding
 * and goes on.  Duplicates and the country test compare records with each
 * other and belong to the caller.
 */
#include "mais/geom.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "core/geom_internal.h"

#include <geos_c.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>


/* Larger than any longitude or latitude, yet smaller than the metres of
 * almost any projected coordinate: beyond it we name the likely cause. */
#define PROJECTED_HINT 1000.0

static const struct {
	const char *code;
	int rejects;
} rule_table[] = {
	[MAIS_RULE_NULL_GEOMETRY] = {"null_geometry", 1},
	[MAIS_RULE_WRONG_TYPE] = {"wrong_type", 1},
	[MAIS_RULE_UNREPAIRABLE] = {"unrepairable", 1},
	[MAIS_RULE_NOT_LONLAT] = {"not_lonlat", 1},
	[MAIS_RULE_TOO_LARGE] = {"too_large", 1},
	[MAIS_RULE_REPAIRED] = {"repaired", 0},
	[MAIS_RULE_DUPLICATE] = {"duplicate", 0},
	[MAIS_RULE_LONG_SEGMENT] = {"long_segment", 0},
	[MAIS_RULE_SLIVER] = {"sliver", 0},
	[MAIS_RULE_OUTSIDE_COUNTRY] = {"outside_country", 0},
	[MAIS_RULE_UNREADABLE] = {"unreadable_geometry", 1},
};

static int rule_known(mais_geom_rule r)
{
	return (unsigned)r < sizeof rule_table / sizeof rule_table[0] &&
	       rule_table[r].code;
}

const char *mais_geom_rule_code(mais_geom_rule r)
{
	return rule_known(r) ? rule_table[r].code : "unknown";
}

int mais_geom_rule_rejects(mais_geom_rule r)
{
	return rule_known(r) && rule_table[r].rejects;
}

static mais_geom_finding *finding_next(mais_geom_findings *f,
				       mais_geom_rule rule)
{
	size_t cap = sizeof f->items / sizeof f->items[0];

	if (!f || f->count >= cap || f->count >= MAIS_MAX_GEOM_FINDINGS)
		return NULL;
	f->items[f->count].rule = rule;
	return &f->items[f->count++];
}

void mais_geom_findings_add(mais_geom_findings *f, mais_geom_rule rule,
			    const char *fmt, ...)
{
	mais_geom_finding *it = finding_next(f, rule);
	va_list ap;

	if (!it)
		return;
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof it->message, fmt, ap);
	va_end(ap);
}

/* Records a rejecting finding and makes its message the last error. */
__attribute__((format(printf, 3, 4))) static int
reject(mais_geom_findings *f, mais_geom_rule rule, const char *fmt, ...)
{
	char msg[sizeof f->items[0].message];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	mais_geom_findings_add(f, rule, "%s", msg);
	return mais_error_set(MAIS_EGEOM, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Lon/lat range.                                                       */

static int bad_lonlat(double x, double y)
{
	return !isfinite(x) || !isfinite(y) || fabs(x) > 180 || fabs(y) > 90;
}

/* Stops at the first vertex that cannot be lon/lat; arg gets it. */
static int seq_bad_vertex(GEOSContextHandle_t h, const GEOSCoordSequence *s,
			  void *arg)
{
	double *xy = arg;
	unsigned n = 0;

	if (!GEOSCoordSeq_getSize_r(h, s, &n))
		return 0;
	for (unsigned i = 0; i < n; i++) {
		GEOSCoordSeq_getXY_r(h, s, i, &xy[0], &xy[1]);
		if (bad_lonlat(xy[0], xy[1]))
			return 1;
	}
	return 0;
}

static int check_lonlat(GEOSContextHandle_t h, const mais_geom *g,
			mais_geom_findings *f)
{
	double xy[2] = {0, 0}, x, y;

	if (!mais_geom__each_seq(h, mais_geom__geos(g), seq_bad_vertex, xy))
		return 0;
	x = xy[0];
	y = xy[1];
	if (!isfinite(x) || !isfinite(y))
		return reject(f, MAIS_RULE_NOT_LONLAT,
			      "a coordinate is not a finite number "
			      "(x=%g, y=%g)",
			      x, y);
	if (fabs(x) > PROJECTED_HINT || fabs(y) > PROJECTED_HINT)
		return reject(f, MAIS_RULE_NOT_LONLAT,
			      "coordinates look like projected metres "
			      "(x=%.12g, y=%.12g); give the CRS with --srs",
			      x, y);
	if (fabs(y) > 90 && fabs(x) <= 90)
		return reject(f, MAIS_RULE_NOT_LONLAT,
			      "latitude %.9g is out of range (x=%.9g, "
			      "y=%.9g); are longitude and latitude swapped?",
			      y, x, y);
	return reject(f, MAIS_RULE_NOT_LONLAT,
		      "coordinate out of longitude/latitude range "
		      "(x=%.9g, y=%.9g)",
		      x, y);
}

/* ------------------------------------------------------------------ */
/* Type.                                                                */

static int is_polygonal(mais_geom_type t)
{
	return t == MAIS_GEOM_POLYGON || t == MAIS_GEOM_MULTIPOLYGON;
}

/* Replaces g by a MULTIPOLYGON holding a copy of its one polygon. */
static int promote_polygon(GEOSContextHandle_t h, mais_geom *g)
{
	GEOSGeometry *part = GEOSGeom_clone_r(h, mais_geom__geos(g));
	GEOSGeometry *multi;

	if (!part)
		return mais_error_set(MAIS_ENOMEM, "geometry: %s",
				      mais_geom__geos_message());
	multi = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, &part, 1);
	if (!multi)
		return mais_error_set(MAIS_ENOMEM, "geometry: %s",
				      mais_geom__geos_message());
	mais_geom__replace(g, multi);
	return 0;
}

/* Replaces a MULTIPOINT (or MULTIPOLYGON) of one member by the member. */
static int demote_single(GEOSContextHandle_t h, mais_geom *g)
{
	const GEOSGeometry *m = GEOSGetGeometryN_r(h, mais_geom__geos(g), 0);
	GEOSGeometry *c = m ? GEOSGeom_clone_r(h, m) : NULL;

	if (!c)
		return mais_error_set(MAIS_ENOMEM, "geometry: %s",
				      mais_geom__geos_message());
	mais_geom__replace(g, c);
	return 0;
}

static int num_parts(GEOSContextHandle_t h, const mais_geom *g)
{
	return GEOSGetNumGeometries_r(h, mais_geom__geos(g));
}

/*
 * Brings g to the expected type where the rules allow it (a MULTIPOINT of
 * one point is a POINT; a POLYGON is stored as a MULTIPOLYGON).  Returns 1
 * if it fits, 0 if not, or a negative error code.
 */
static int fit_type(GEOSContextHandle_t h, mais_geom *g, mais_geom_type want)
{
	mais_geom_type got = mais_geom_get_type(g);
	int rc;

	if (got == MAIS_GEOM_MULTIPOINT && num_parts(h, g) == 1 &&
	    (want == MAIS_GEOM_POINT || want == MAIS_GEOM_GEOMETRY)) {
		if ((rc = demote_single(h, g)))
			return rc;
		got = MAIS_GEOM_POINT;
	}
	if (got == MAIS_GEOM_MULTIPOLYGON && want == MAIS_GEOM_POLYGON &&
	    num_parts(h, g) == 1) {
		if ((rc = demote_single(h, g)))
			return rc;
		got = MAIS_GEOM_POLYGON;
	}
	switch (want) {
	case MAIS_GEOM_MULTIPOLYGON:
		if (got == MAIS_GEOM_POLYGON)
			return (rc = promote_polygon(h, g)) ? rc : 1;
		return got == MAIS_GEOM_MULTIPOLYGON;
	case MAIS_GEOM_GEOMETRY:
		return got == MAIS_GEOM_POINT || is_polygonal(got);
	default:
		return got == want;
	}
}

static const char *expected_name(mais_geom_type want)
{
	switch (want) {
	case MAIS_GEOM_GEOMETRY:
		return "a POINT or a (MULTI)POLYGON";
	case MAIS_GEOM_MULTIPOLYGON:
		return "a POLYGON or MULTIPOLYGON";
	default:
		return mais_geom_type_name(want);
	}
}

static int check_type(GEOSContextHandle_t h, mais_geom *g, mais_geom_type want,
		      mais_geom_findings *f)
{
	mais_geom_type got = mais_geom_get_type(g);
	int rc = fit_type(h, g, want);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return reject(f, MAIS_RULE_WRONG_TYPE, "expected %s, got %s",
			      expected_name(want), mais_geom_type_name(got));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Validity.                                                            */

/* Copies of the polygons of g (recursively) into parts; counts them. */
static size_t collect_polygons(GEOSContextHandle_t h, const GEOSGeometry *g,
			       GEOSGeometry **parts, size_t n)
{
	int k;

	switch (GEOSGeomTypeId_r(h, g)) {
	case GEOS_POLYGON:
		if (GEOSisEmpty_r(h, g) != 0)
			return n;
		if (parts)
			parts[n] = GEOSGeom_clone_r(h, g);
		return n + 1;
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		k = GEOSGetNumGeometries_r(h, g);
		for (int i = 0; i < k; i++)
			n = collect_polygons(h, GEOSGetGeometryN_r(h, g, i),
					     parts, n);
		return n;
	}
	return n;
}

/* The polygonal part of g as a MULTIPOLYGON, or NULL if there is none
 * (or memory ran out: then the caller rejects, which is safe). */
static GEOSGeometry *polygonal_part(GEOSContextHandle_t h,
				    const GEOSGeometry *g)
{
	size_t n = collect_polygons(h, g, NULL, 0);
	GEOSGeometry **parts, *multi;

	if (n == 0 || n > MAIS_MAX_VERTICES)
		return NULL;
	parts = calloc(n, sizeof *parts);
	if (!parts)
		return NULL;
	collect_polygons(h, g, parts, 0);
	for (size_t i = 0; i < n; i++) {
		if (!parts[i]) {
			for (size_t j = 0; j < n; j++)
				GEOSGeom_destroy_r(h, parts[j]);
			free(parts);
			return NULL;
		}
	}
	multi = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
					    (unsigned)n);
	free(parts);
	return multi;
}

static GEOSGeometry *make_valid(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	GEOSMakeValidParams *p = GEOSMakeValidParams_create_r(h);
	GEOSGeometry *v;

	if (!p)
		return NULL;
	/* linework: PostGIS's default; collapsed parts are dropped */
	GEOSMakeValidParams_setMethod_r(h, p, GEOS_MAKE_VALID_LINEWORK);
	GEOSMakeValidParams_setKeepCollapsed_r(h, p, 0);
	v = GEOSMakeValidWithParams_r(h, g, p);
	GEOSMakeValidParams_destroy_r(h, p);
	return v;
}

static int check_validity(GEOSContextHandle_t h, mais_geom *g,
			  mais_geom_type want, mais_geom_findings *f)
{
	char reason[160] = "invalid";
	GEOSGeometry *fixed, *poly;
	char *why;
	int rc;

	if (!is_polygonal(mais_geom_get_type(g)) ||
	    GEOSisValid_r(h, mais_geom__geos(g)) == 1)
		return 0;
	why = GEOSisValidReason_r(h, mais_geom__geos(g));
	if (why) {
		snprintf(reason, sizeof reason, "%s", why);
		GEOSFree_r(h, why);
	}
	fixed = make_valid(h, mais_geom__geos(g));
	poly = fixed ? polygonal_part(h, fixed) : NULL;
	GEOSGeom_destroy_r(h, fixed);
	if (!poly)
		return reject(f, MAIS_RULE_UNREPAIRABLE,
			      "%s; MakeValid (linework) left no polygon",
			      reason);
	mais_geom__replace(g, poly);
	/* MakeValid may leave one polygon or several: fit them again */
	if (want != MAIS_GEOM_MULTIPOLYGON &&
	    (rc = fit_type(h, g, MAIS_GEOM_POLYGON)) < 0)
		return rc;
	if (fit_type(h, g, want) != 1)
		return reject(f, MAIS_RULE_WRONG_TYPE,
			      "%s; MakeValid (linework) gave a %s, not %s",
			      reason,
			      mais_geom_type_name(mais_geom_get_type(g)),
			      expected_name(want));
	mais_geom_findings_add(f, MAIS_RULE_REPAIRED,
			       "%s; repaired by MakeValid (linework)", reason);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Hazards and releases: long segments and slivers.                     */

/* 1 if polygon p is surely over limit_m2: its planar area in square
 * degrees times the least a square degree can measure near it (a degree
 * of latitude is at least 110,574 m, one of longitude at least
 * 111,319 m × cos φ) is over twice the limit.  Saves the geodesic area of
 * every polygon but the small ones. */
static int surely_over(GEOSContextHandle_t h, const GEOSGeometry *p,
		       double limit_m2)
{
	double deg2 = 0, ymin, ymax, lat;

	if (!GEOSArea_r(h, p, &deg2) || !GEOSGeom_getYMin_r(h, p, &ymin) ||
	    !GEOSGeom_getYMax_r(h, p, &ymax))
		return 0;
	lat = fmax(fabs(ymin), fabs(ymax)) * M_PI / 180;
	return deg2 * 110574.0 * 111319.0 * cos(lat) > 2 * limit_m2;
}

/* The smallest area of a polygon of g in m², when under limit_m2;
 * INFINITY if none is. */
static double smallest_part_m2(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	double min = INFINITY, a;
	int k;

	switch (GEOSGeomTypeId_r(h, g)) {
	case GEOS_POLYGON:
		return GEOSisEmpty_r(h, g) != 0 || surely_over(h, g, MAIS_SLIVER_M2)
			       ? INFINITY
			       : mais_geom__area_geos(g);
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		k = GEOSGetNumGeometries_r(h, g);
		for (int i = 0; i < k; i++) {
			a = smallest_part_m2(h, GEOSGetGeometryN_r(h, g, i));
			min = a < min ? a : min;
		}
		return min;
	}
	return INFINITY;
}

static void check_area_feature(GEOSContextHandle_t h, const mais_geom *g,
			       mais_geom_findings *f)
{
	double seg = mais_geom_max_segment_m(g, MAIS_LONG_SEGMENT_M);
	double part = smallest_part_m2(h, mais_geom__geos(g));

	if (seg > MAIS_LONG_SEGMENT_M)
		mais_geom_findings_add(f, MAIS_RULE_LONG_SEGMENT,
				       "consecutive vertices %.0f m apart "
				       "(over %.0f m; a typo?)",
				       seg, MAIS_LONG_SEGMENT_M);
	if (part < MAIS_SLIVER_M2)
		mais_geom_findings_add(f, MAIS_RULE_SLIVER,
				       "a polygon of %.3g m² (under %g m²)",
				       part, MAIS_SLIVER_M2);
}

/* ------------------------------------------------------------------ */

int mais_geom_apply_rules(mais_geom **g, const mais_geom_rules *rules,
			  mais_geom_findings *f)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	size_t n;
	int rc;

	if (!g || !rules)
		return mais_error_set(MAIS_EINVAL, "geometry rules: no input");
	if (!h)
		return mais_error_set(MAIS_ENOMEM,
				      "geometry: cannot start GEOS");
	if (!*g || mais_geom_is_empty(*g)) {
		if (!rules->has_estimated_area)
			return reject(f, MAIS_RULE_NULL_GEOMETRY,
				      "no geometry, and no estimated area");
		/* the estimated area stands in for it: stored as NULL */
		mais_geom_free(*g);
		*g = NULL;
		return 0;
	}
	n = mais_geom_num_points(*g);
	if (n > MAIS_MAX_VERTICES)
		return reject(f, MAIS_RULE_TOO_LARGE,
			      "%zu vertices, over the limit of %d", n,
			      MAIS_MAX_VERTICES);
	if ((rc = check_lonlat(h, *g, f)))
		return rc;
	if ((rc = check_type(h, *g, rules->expect, f)))
		return rc;
	if ((rc = check_validity(h, *g, rules->expect, f)))
		return rc;
	if ((rc = mais_geom_orient(*g)))
		return rc;
	if (rules->area_feature)
		check_area_feature(h, *g, f);
	return 0;
}
