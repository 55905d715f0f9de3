/*
 * geojson.c — GeoJSON geometries to and from mais_geom, through WKB: the
 * JSON is turned into little-endian ISO WKB and read by the one WKB
 * reader of geom.c (which checks every count and coordinate), and a
 * geometry is written as WKB and walked into JSON.  Both directions are
 * bounded: at most MAIS_MAX_VERTICES vertices and MAIS_MAX_GEOMETRY_BYTES
 * of WKB, and collections nest no deeper than the JSON the server
 * accepts (MAIS_MAX_JSON_DEPTH).
 */
#include "io/geojson.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* GeoJSON -> WKB.                                                      */

typedef struct wbuf {
	unsigned char *p;
	size_t len, cap;
	size_t vertices;
} wbuf;

static int grow(wbuf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;
	unsigned char *p;

	if (b->len + more > (size_t)MAIS_MAX_GEOMETRY_BYTES)
		return mais_error_set(MAIS_ELIMIT,
				      "geometry: larger than %d bytes",
				      MAIS_MAX_GEOMETRY_BYTES);
	if (b->len + more <= b->cap)
		return 0;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return mais_error_set(MAIS_ENOMEM, "geometry: out of memory");
	b->p = p;
	b->cap = cap;
	return 0;
}

static int put_u32(wbuf *b, uint32_t v)
{
	int rc = grow(b, 4);

	if (rc)
		return rc;
	for (int i = 0; i < 4; i++)
		b->p[b->len++] = (unsigned char)(v >> (8 * i));
	return 0;
}

static int put_f64(wbuf *b, double d)
{
	uint64_t v;
	int rc = grow(b, 8);

	if (rc)
		return rc;
	memcpy(&v, &d, 8);
	for (int i = 0; i < 8; i++)
		b->p[b->len++] = (unsigned char)(v >> (8 * i));
	return 0;
}

static int put_header(wbuf *b, uint32_t type)
{
	int rc = grow(b, 1);

	if (rc)
		return rc;
	b->p[b->len++] = 1; /* little-endian */
	return put_u32(b, type);
}

static int bad(const char *what)
{
	return mais_error_set(MAIS_EINVAL, "geometry: %s", what);
}

/* A position: [lon, lat] or [lon, lat, z] (z ignored). */
static int put_position(wbuf *b, const json_t *pos)
{
	int rc;

	if (!json_is_array(pos) || json_array_size(pos) < 2 ||
	    !json_is_number(json_array_get(pos, 0)) ||
	    !json_is_number(json_array_get(pos, 1)))
		return bad("a position is [longitude, latitude]");
	if (++b->vertices > MAIS_MAX_VERTICES)
		return mais_error_set(MAIS_ELIMIT,
				      "geometry: more than %d vertices",
				      MAIS_MAX_VERTICES);
	rc = put_f64(b, json_number_value(json_array_get(pos, 0)));
	return rc ? rc : put_f64(b, json_number_value(json_array_get(pos, 1)));
}

/* An array of positions with its count. */
static int put_points(wbuf *b, const json_t *arr)
{
	size_t i;
	int rc;

	if (!json_is_array(arr))
		return bad("coordinates: an array of positions is expected");
	rc = put_u32(b, (uint32_t)json_array_size(arr));
	for (i = 0; rc == 0 && i < json_array_size(arr); i++)
		rc = put_position(b, json_array_get(arr, i));
	return rc;
}

static int put_rings(wbuf *b, const json_t *arr)
{
	size_t i;
	int rc;

	if (!json_is_array(arr))
		return bad("coordinates: an array of rings is expected");
	rc = put_u32(b, (uint32_t)json_array_size(arr));
	for (i = 0; rc == 0 && i < json_array_size(arr); i++)
		rc = put_points(b, json_array_get(arr, i));
	return rc;
}

static const char *type_names[] = {
	NULL,	      "Point",		 "LineString",	 "Polygon",
	"MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"};

static int type_code(const json_t *j)
{
	const char *t = json_string_value(json_object_get(j, "type"));

	for (int i = 1; t && i <= 7; i++)
		if (strcmp(t, type_names[i]) == 0)
			return i;
	return 0;
}

static int put_geometry(wbuf *b, const json_t *j, int depth);

/* One member of a Multi*: a single geometry of type `single`. */
static int put_part(wbuf *b, const json_t *part, int single)
{
	int rc = put_header(b, (uint32_t)single);

	if (rc)
		return rc;
	if (single == 1)
		return put_position(b, part);
	return single == 2 ? put_points(b, part) : put_rings(b, part);
}

/* The members of a Multi*. */
static int put_multi(wbuf *b, const json_t *coords, int single)
{
	size_t i;
	int rc;

	if (!json_is_array(coords))
		return bad("coordinates: an array is expected");
	rc = put_u32(b, (uint32_t)json_array_size(coords));
	for (i = 0; rc == 0 && i < json_array_size(coords); i++)
		rc = put_part(b, json_array_get(coords, i), single);
	return rc;
}

static int put_collection(wbuf *b, const json_t *j, int depth)
{
	const json_t *geoms = json_object_get(j, "geometries");
	size_t i;
	int rc;

	if (!json_is_array(geoms))
		return bad("GeometryCollection: no \"geometries\" array");
	rc = put_u32(b, (uint32_t)json_array_size(geoms));
	for (i = 0; rc == 0 && i < json_array_size(geoms); i++)
		rc = put_geometry(b, json_array_get(geoms, i), depth + 1);
	return rc;
}

static int put_point(wbuf *b, const json_t *coords)
{
	if (json_is_array(coords) && json_array_size(coords) == 0) {
		int rc = put_f64(b, NAN); /* the empty point of WKB */

		return rc ? rc : put_f64(b, NAN);
	}
	return put_position(b, coords);
}

static int put_geometry(wbuf *b, const json_t *j, int depth)
{
	int type = json_is_object(j) ? type_code(j) : 0;
	const json_t *coords = json_object_get(j, "coordinates");
	int rc;

	if (depth > MAIS_MAX_JSON_DEPTH)
		return bad("collections nested too deep");
	if (!type)
		return bad("not a GeoJSON geometry (type Point, LineString, "
			   "Polygon, MultiPoint, MultiLineString, "
			   "MultiPolygon or GeometryCollection)");
	if ((rc = put_header(b, (uint32_t)type)))
		return rc;
	switch (type) {
	case 1:
		return put_point(b, coords);
	case 2:
		return put_points(b, coords);
	case 3:
		return put_rings(b, coords);
	case 7:
		return put_collection(b, j, depth);
	default:
		return put_multi(b, coords, type - 3);
	}
}

int mais_geojson_read(const json_t *j, mais_geom **out)
{
	wbuf b = {0};
	int rc;

	*out = NULL;
	if (!j || json_is_null(j))
		return 0;
	rc = put_geometry(&b, j, 0);
	if (rc == 0)
		rc = mais_geom_from_wkb(out, b.p, b.len);
	free(b.p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* WKB -> GeoJSON.                                                      */

typedef struct rbuf {
	const unsigned char *p;
	size_t len, off;
	int be;
	int dims; /* coordinates per vertex of the current geometry */
} rbuf;

static int get_u32(rbuf *r, uint32_t *v)
{
	if (r->len - r->off < 4)
		return mais_error_set(MAIS_EINVAL, "WKB truncated");
	*v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned s = r->be ? 8u * (3 - i) : 8u * i;

		*v |= (uint32_t)r->p[r->off + i] << s;
	}
	r->off += 4;
	return 0;
}

static int get_f64(rbuf *r, double *d)
{
	uint64_t v = 0;

	if (r->len - r->off < 8)
		return mais_error_set(MAIS_EINVAL, "WKB truncated");
	for (int i = 0; i < 8; i++) {
		unsigned s = r->be ? 8u * (7 - i) : 8u * i;

		v |= (uint64_t)r->p[r->off + i] << s;
	}
	memcpy(d, &v, 8);
	r->off += 8;
	return 0;
}

/* A vertex as [x, y] (extra dimensions read and dropped); NULL for the
 * NaN point. */
static int get_position(rbuf *r, json_t **out)
{
	double c[4] = {0};
	int rc = 0;

	for (int i = 0; rc == 0 && i < r->dims; i++)
		rc = get_f64(r, &c[i]);
	if (rc)
		return rc;
	*out = isnan(c[0]) ? NULL : json_pack("[f, f]", c[0], c[1]);
	return 0;
}

static int get_points(rbuf *r, json_t **out)
{
	uint32_t n;
	int rc = get_u32(r, &n);

	if (rc)
		return rc;
	if ((size_t)n * 16 > r->len - r->off)
		return mais_error_set(MAIS_EINVAL, "WKB truncated");
	*out = json_array();
	for (uint32_t i = 0; rc == 0 && i < n; i++) {
		json_t *pos = NULL;

		rc = get_position(r, &pos);
		if (pos)
			json_array_append_new(*out, pos);
	}
	return rc;
}

static int get_rings(rbuf *r, json_t **out)
{
	uint32_t n;
	int rc = get_u32(r, &n);

	if (rc)
		return rc;
	if ((size_t)n * 4 > r->len - r->off)
		return mais_error_set(MAIS_EINVAL, "WKB truncated");
	*out = json_array();
	for (uint32_t i = 0; rc == 0 && i < n; i++) {
		json_t *ring = NULL;

		rc = get_points(r, &ring);
		if (ring)
			json_array_append_new(*out, ring);
	}
	return rc;
}

static int get_geometry(rbuf *r, json_t **out, int depth);

static int header(rbuf *r, uint32_t *type)
{
	uint32_t t;
	int rc;

	if (r->off >= r->len)
		return mais_error_set(MAIS_EINVAL, "WKB truncated");
	r->be = r->p[r->off++] == 0;
	if ((rc = get_u32(r, &t)))
		return rc;
	r->dims = 2 + (t / 1000 == 1 || t / 1000 == 2) + 2 * (t / 1000 == 3);
	*type = t % 1000;
	if (*type < 1 || *type > 7)
		return mais_error_set(MAIS_EINVAL, "WKB type %u", t);
	return 0;
}

/* The parts of a Multi* or collection: a "coordinates" array of the
 * parts' coordinates, or a "geometries" array. */
static int get_parts(rbuf *r, uint32_t type, json_t *o, int depth)
{
	json_t *arr = json_array();
	uint32_t n;
	int rc = get_u32(r, &n);

	if ((size_t)n * 5 > r->len - r->off)
		rc = mais_error_set(MAIS_EINVAL, "WKB truncated");
	for (uint32_t i = 0; rc == 0 && i < n; i++) {
		json_t *part = NULL;

		rc = get_geometry(r, &part, depth + 1);
		if (rc == 0 && type == 7)
			json_array_append(arr, part);
		else if (rc == 0)
			json_array_append(arr,
					  json_object_get(part, "coordinates"));
		json_decref(part);
	}
	json_object_set_new(o, type == 7 ? "geometries" : "coordinates", arr);
	return rc;
}

static int get_geometry(rbuf *r, json_t **out, int depth)
{
	uint32_t type = 0;
	json_t *o, *coords = NULL;
	int rc;

	if (depth > MAIS_MAX_JSON_DEPTH)
		return mais_error_set(MAIS_EINVAL, "WKB nested too deep");
	if ((rc = header(r, &type)))
		return rc;
	o = json_pack("{s:s}", "type", type_names[type]);
	*out = o;
	if (type == 1) {
		rc = get_position(r, &coords);
		if (rc == 0 && !coords)
			coords = json_array();
	} else if (type == 2) {
		rc = get_points(r, &coords);
	} else if (type == 3) {
		rc = get_rings(r, &coords);
	} else {
		return get_parts(r, type, o, depth);
	}
	if (coords)
		json_object_set_new(o, "coordinates", coords);
	return rc;
}

int mais_geojson_write(const mais_geom *g, json_t **out)
{
	unsigned char *wkb = NULL;
	size_t len = 0;
	rbuf r;
	int rc;

	*out = NULL;
	if (!g) {
		*out = json_null();
		return 0;
	}
	rc = mais_geom_to_wkb(g, &wkb, &len);
	if (rc)
		return rc;
	r = (rbuf){.p = wkb, .len = len};
	rc = get_geometry(&r, out, 0);
	free(wkb);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
