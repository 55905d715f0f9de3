/*
 * geom.h — geometry for mais: GeoPackage binary, geodesic area, CRS
 * transformation and the geometry rules of DESIGN.md, on GEOS and PROJ.
 *
 * Coordinates are stored in WGS 84 (EPSG:4326), longitude first, in
 * degrees.  Areas are geodesic on the WGS 84 ellipsoid in m² (PROJ's
 * geod_polygonarea), lengths geodesic in m (geod_inverse).
 *
 * Ownership: every `mais_geom **out` is owned by the caller and freed with
 * mais_geom_free() (which accepts NULL); every `unsigned char **out` and
 * `char **out` is freed with free().  A mais_geom is not shared between
 * threads (each thread has its own GEOS context).
 *
 * Errors: MAIS_EINVAL (malformed input), MAIS_ELIMIT (over a limit of
 * limits.h), MAIS_EUNSUPPORTED (unknown CRS), MAIS_EGEOM (geometry
 * rejected), MAIS_ENOMEM.
 */
#ifndef MAIS_GEOM_H
#define MAIS_GEOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mais_geom mais_geom;

/* OGC simple feature types, numbered as in WKB. */
typedef enum mais_geom_type {
	MAIS_GEOM_GEOMETRY = 0, /* any type (a column that takes any) */
	MAIS_GEOM_POINT = 1,
	MAIS_GEOM_LINESTRING = 2,
	MAIS_GEOM_POLYGON = 3,
	MAIS_GEOM_MULTIPOINT = 4,
	MAIS_GEOM_MULTILINESTRING = 5,
	MAIS_GEOM_MULTIPOLYGON = 6,
	MAIS_GEOM_COLLECTION = 7
} mais_geom_type;

/* The WKT name of a type ("POINT", "MULTIPOLYGON", "GEOMETRY"). Static. */
const char *mais_geom_type_name(mais_geom_type t);

/* Parses WKT (2D; Z/M dropped).  MAIS_EINVAL with GEOS's reason. */
int mais_geom_from_wkt(mais_geom **out, const char *wkt);

/* Parses ISO/OGC WKB of len bytes (2D; Z/M dropped). */
int mais_geom_from_wkb(mais_geom **out, const unsigned char *wkb, size_t len);

/* Parses a GeoPackage 1.3 geometry blob (§2.1.3: "GP" magic, version 0,
 * flags, srs_id, optional envelope, then WKB).  Its srs_id is stored in
 * *srs_id if not NULL.  An empty geometry (flag E) gives an empty geometry.
 * A bad magic, version, envelope code or a truncated blob is MAIS_EINVAL. */
int mais_geom_from_gpkg(mais_geom **out, int32_t *srs_id,
			const unsigned char *blob, size_t len);

/* Writes a GeoPackage 1.3 geometry blob: little-endian header with the
 * srs_id, an XY envelope ([minx,maxx,miny,maxy], envelope code 1) unless
 * the geometry is empty (flag E set, no envelope; an empty point is
 * written as POINT(NaN NaN) as the standard asks), then little-endian
 * ISO WKB. */
int mais_geom_to_gpkg(const mais_geom *g, int32_t srs_id,
		      unsigned char **out, size_t *len);

/* Writes ISO WKB, little-endian. */
int mais_geom_to_wkb(const mais_geom *g, unsigned char **out, size_t *len);

/* Writes WKT with up to 9 decimals (trailing zeros trimmed). */
int mais_geom_to_wkt(const mais_geom *g, char **out);

/* A deep copy. */
int mais_geom_clone(mais_geom **out, const mais_geom *g);

void mais_geom_free(mais_geom *g);

mais_geom_type mais_geom_get_type(const mais_geom *g);
int mais_geom_is_empty(const mais_geom *g);   /* 1 empty, 0 not */
size_t mais_geom_num_points(const mais_geom *g); /* all vertices */

/* Bounding box in the geometry's coordinates.  MAIS_EINVAL if empty. */
int mais_geom_envelope(const mais_geom *g, double *minx, double *miny,
		       double *maxx, double *maxy);

/* Geodesic area on WGS 84 in m² of the polygonal parts of a lon/lat
 * geometry: for each polygon |exterior| - sum |holes|, summed over the
 * parts (parts that overlap count twice: dissolve first to count them
 * once).  Points and lines have area 0.  Uses geod_polygonarea. */
double mais_geom_area_m2(const mais_geom *g);

/* Longest geodesic distance in m between consecutive vertices of any ring
 * or line of a lon/lat geometry (0 for points).  Segments that a cheap
 * bound shows to be no longer than floor_m are not measured, so the
 * result is exact when over floor_m and 0 otherwise (floor_m 0: always
 * exact). */
double mais_geom_max_segment_m(const mais_geom *g, double floor_m);

/* Transforms g in place from the CRS `from` ("EPSG:32638", any string
 * proj_create accepts) to EPSG:4326, longitude first
 * (proj_normalize_for_visualization), with the operations PROJ's
 * proj_create_crs_to_crs chooses, never a ballpark one.
 * MAIS_EUNSUPPORTED if PROJ does not know the CRS or has only a ballpark
 * transformation from it; MAIS_EGEOM if a point cannot be transformed. */
int mais_geom_transform_to_wgs84(mais_geom *g, const char *from);

/* The coordinate operation PROJ used to bring a geometry to WGS 84. */
typedef struct mais_crs_op {
	char name[256];    /* PROJ's name of it ("Inverse of RD New +
			      Amersfoort to WGS 84 (4)"), without the axis
			      order changes of lon/lat output */
	double accuracy_m; /* PROJ's accuracy in metres; -1 unknown */
	int ballpark;      /* 1: a ballpark transformation (the datum shift
			      is unknown and left out: errors of ~100 m) */
} mais_crs_op;

/* Flag of mais_geom_transform_to_wgs84_ex: a ballpark transformation may
 * be used where PROJ knows no other. */
#define MAIS_CRS_ALLOW_BALLPARK 1

/* As mais_geom_transform_to_wgs84, with flags (0 or
 * MAIS_CRS_ALLOW_BALLPARK); when used is not NULL it is set to the
 * operation PROJ used for the geometry's last point (proj_create_crs_to_
 * crs may choose among several by their areas of use; a geometry's points
 * lie in one of them). */
int mais_geom_transform_to_wgs84_ex(mais_geom *g, const char *from, int flags,
				    mais_crs_op *used);

/* Whether PROJ can transform from `from` to WGS 84 other than by a
 * ballpark transformation: 0 with *ballpark_only 0 if it can, 0 with
 * *ballpark_only 1 if a ballpark one is all it has; MAIS_EUNSUPPORTED
 * if PROJ does not know the CRS or cannot transform it at all. */
int mais_geom_crs_check(const char *from, int *ballpark_only);

/* Normalises ring orientation: exterior rings counter-clockwise, holes
 * clockwise (the right-hand rule of RFC 7946).  In place.  A convention of
 * formats, not an error: never reported. */
int mais_geom_orient(mais_geom *g);

/* 1 if the two geometries are exactly equal (same type, same vertices in
 * the same order), else 0. */
int mais_geom_equals_exact(const mais_geom *a, const mais_geom *b);

/* A 64-bit hash of the normalised WKB, equal for exactly equal geometries
 * (for duplicate detection). */
uint64_t mais_geom_hash(const mais_geom *g);

/* The union of n geometries (GEOSUnaryUnion of their collection);
 * NULL parts are skipped; an empty geometry when there are none. */
int mais_geom_union(mais_geom **out, const mais_geom *const *parts,
		    size_t n);

/* A set of geometries to find exact duplicates among many
 * (geom_set.c).  Freed with mais_geom_set_free (NULL accepted). */
typedef struct mais_geom_set mais_geom_set;
int mais_geom_set_new(mais_geom_set **out);
void mais_geom_set_free(mais_geom_set *s);

/* If a geometry exactly equal to g is in the set, returns 1 and points
 * *duplicate_of to its label (borrowed from the set); otherwise adds a
 * copy of g with label (cut to 63 bytes) and returns 0.  Negative on
 * error. */
int mais_geom_set_add(mais_geom_set *s, const mais_geom *g, const char *label,
		      const char **duplicate_of);

/* 1 if g lies within `area` (both lon/lat; boundary counts as within). */
int mais_geom_within(const mais_geom *g, const mais_geom *area);

/*
 * The geometry rules of DESIGN.md ("Geometry rules: run on entry, reported,
 * never silent").  A rule either rejects the record or stores it flagged.
 * The codes are stable: they appear in reject reports and `mais check`.
 */
typedef enum mais_geom_rule {
	/* rejected */
	MAIS_RULE_NULL_GEOMETRY = 1,  /* null/empty and no estimated area */
	MAIS_RULE_WRONG_TYPE,         /* e.g. a line where a polygon is due */
	MAIS_RULE_UNREPAIRABLE,       /* MakeValid left no polygonal part */
	MAIS_RULE_NOT_LONLAT,         /* |lon| > 180 or |lat| > 90 */
	MAIS_RULE_TOO_LARGE,          /* more than MAIS_MAX_VERTICES */
	/* stored and flagged */
	MAIS_RULE_REPAIRED,           /* invalid, repaired by MakeValid */
	MAIS_RULE_DUPLICATE,          /* exactly equal to another geometry */
	MAIS_RULE_LONG_SEGMENT,       /* vertices > MAIS_LONG_SEGMENT_M apart */
	MAIS_RULE_SLIVER,             /* a polygon under MAIS_SLIVER_M2 */
	MAIS_RULE_OUTSIDE_COUNTRY,    /* not within the level-0/1 admin areas */
	/* found when reading a stored record */
	MAIS_RULE_UNREADABLE          /* a stored geometry blob is corrupt */
} mais_geom_rule;

/* The stable code of a rule ("null_geometry", "repaired", ...). Static. */
const char *mais_geom_rule_code(mais_geom_rule r);
/* 1 if the rule rejects the record, 0 if it flags it. */
int mais_geom_rule_rejects(mais_geom_rule r);

typedef struct mais_geom_finding {
	mais_geom_rule rule;
	char message[256]; /* e.g. "self-intersection at or near point
			      17.1 44.2; repaired by MakeValid" */
} mais_geom_finding;

typedef struct mais_geom_findings {
	size_t count;
	mais_geom_finding items[16]; /* MAIS_MAX_GEOM_FINDINGS */
} mais_geom_findings;

/* What a record's geometry must be. */
typedef struct mais_geom_rules {
	mais_geom_type expect;   /* MAIS_GEOM_POINT, _MULTIPOLYGON (polygonal:
				    POLYGON or MULTIPOLYGON accepted and
				    stored as MULTIPOLYGON) or _GEOMETRY
				    (point or polygonal) */
	int area_feature;        /* hazards and releases: check long
				    segments and slivers */
	int has_estimated_area;  /* a null geometry is accepted when the
				    record gives an estimated area */
} mais_geom_rules;

/*
 * Runs the per-geometry rules on *g (lon/lat, WGS 84): null/empty, vertex
 * limit, lon/lat range, type, validity (repair with GEOS MakeValid, the
 * linework method, keeping the polygonal part), ring orientation, long
 * segments and slivers.  Duplicates and the country test need other
 * records and are the caller's (mais_geom_hash, mais_geom_within).
 *
 * *g may be replaced by the repaired / promoted geometry (the old one is
 * freed); *g may be NULL on entry (a null geometry).  Every finding is
 * appended to f.  Returns 0 when the geometry may be stored (perhaps
 * flagged; *g may still be NULL if an estimated area allows it), or
 * MAIS_EGEOM when a rejecting rule fired (the message of the last error is
 * the finding's message).
 */
int mais_geom_apply_rules(mais_geom **g, const mais_geom_rules *rules,
			  mais_geom_findings *f);

/* Appends a finding (dropped silently past MAIS_MAX_GEOM_FINDINGS, which
 * the rules cannot reach).  printf-style message. */
void mais_geom_findings_add(mais_geom_findings *f, mais_geom_rule rule,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
