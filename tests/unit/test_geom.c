/*
 * test_geom.c — geometry: codecs (WKT, WKB, GeoPackage binary), geodesic
 * area and length, CRS transformation, orientation, hashing and the
 * geometry rules of DESIGN.md.
 *
 * Every expected number comes from a source independent of the code under
 * test, named next to it: GeographicLib's Planimeter and GeodSolve (the
 * command and output are quoted), PROJ's cs2cs, or arithmetic by hand.
 * Blobs built by hand follow GeoPackage 1.3 §2.1.3 and OGC WKB byte by
 * byte.  The fuzz-style tests only ask that no input crashes (run them
 * under ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <geos_c.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/error.h"
#include "mais/geom.h"
#include "mais/limits.h"

/* ------------------------------------------------------------------ */
/* helpers                                                              */

static mais_geom *wkt(const char *s)
{
	mais_geom *g = NULL;
	int rc = mais_geom_from_wkt(&g, s);

	if (rc)
		fail_msg("parse '%s': %s", s, mais_error_last());
	return g;
}

static char *to_wkt(const mais_geom *g)
{
	char *s = NULL;

	assert_int_equal(mais_geom_to_wkt(g, &s), 0);
	return s;
}

static void assert_wkt(const mais_geom *g, const char *want)
{
	char *s = to_wkt(g);

	assert_string_equal(s, want);
	free(s);
}

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.10f, want %.10f (tolerance %g)", got, want,
			 tol);
}

/* The planar area and part count, read back with GEOS directly. */
static double planar_area(const mais_geom *g, int *parts)
{
	GEOSContextHandle_t h = GEOS_init_r();
	char *s = to_wkt(g);
	GEOSWKTReader *r = GEOSWKTReader_create_r(h);
	GEOSGeometry *gg = GEOSWKTReader_read_r(h, r, s);
	double a = -1;

	assert_non_null(gg);
	GEOSArea_r(h, gg, &a);
	if (parts)
		*parts = GEOSGetNumGeometries_r(h, gg);
	GEOSGeom_destroy_r(h, gg);
	GEOSWKTReader_destroy_r(h, r);
	GEOS_finish_r(h);
	free(s);
	return a;
}

static int has_finding(const mais_geom_findings *f, mais_geom_rule r)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].rule == r)
			return 1;
	return 0;
}

static const char *finding_message(const mais_geom_findings *f,
				   mais_geom_rule r)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].rule == r)
			return f->items[i].message;
	return "";
}

static void put_u32(unsigned char *b, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		b[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void put_f64(unsigned char *b, double d, int be)
{
	uint64_t u;

	memcpy(&u, &d, 8);
	for (int i = 0; i < 8; i++)
		b[be ? 7 - i : i] = (unsigned char)(u >> (8 * i));
}

static double get_f64_le(const unsigned char *b)
{
	uint64_t u = 0;
	double d;

	for (int i = 0; i < 8; i++)
		u |= (uint64_t)b[i] << (8 * i);
	memcpy(&d, &u, 8);
	return d;
}

/* ------------------------------------------------------------------ */
/* geodesic area                                                        */

static void test_area_equator_cell(void **state)
{
	mais_geom *g = wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))");

	(void)state;
	/* printf '0 0\n0 1\n1 1\n1 0\n' | Planimeter -p 10
	 *   -> 4 443770.9172483020 12308778361.46945 */
	assert_near(mais_geom_area_m2(g), 12308778361.46945, 0.01);
	mais_geom_free(g);
}

static void test_area_clockwise_ring_is_positive(void **state)
{
	mais_geom *g = wkt("POLYGON((0 0,0 1,1 1,1 0,0 0))");

	(void)state;
	/* the same cell, clockwise: Planimeter gives -12308778361.46945
	 * (signed); the area is its absolute value */
	assert_near(mais_geom_area_m2(g), 12308778361.46945, 0.01);
	mais_geom_free(g);
}

static void test_area_polygon_with_hole(void **state)
{
	mais_geom *g = wkt("POLYGON((0 0,2 0,2 2,0 2,0 0),"
			   "(0.5 0.5,0.5 1.5,1.5 1.5,1.5 0.5,0.5 0.5))");

	(void)state;
	/* printf '0 0\n0 2\n2 2\n2 0\n' | Planimeter -p 10
	 *   -> 4 887442.1376105505 49231584297.43102
	 * printf '0.5 0.5\n0.5 1.5\n1.5 1.5\n1.5 0.5\n' | Planimeter -p 10
	 *   -> 4 443746.1633775930 12307409724.67526
	 * exterior - hole = 36924174572.75576 */
	assert_near(mais_geom_area_m2(g), 49231584297.43102 - 12307409724.67526,
		    0.01);
	mais_geom_free(g);
}

static void test_area_multipolygon(void **state)
{
	mais_geom *g = wkt("MULTIPOLYGON(((10 10,11 10,11 11,10 11,10 10)),"
			   "((20 -5,21 -5,21 -4,20 -4,20 -5)))");

	(void)state;
	/* printf '10 10\n10 11\n11 11\n11 10\n\n-5 20\n-5 21\n-4 21\n-4 20\n'
	 *   | Planimeter -p 10
	 *   -> 4 443111.0976732968 12272294889.13437
	 *      4 440149.2020469623 12108467312.57709 */
	assert_near(mais_geom_area_m2(g), 12272294889.13437 + 12108467312.57709,
		    0.01);
	mais_geom_free(g);
}

static void test_area_high_latitude(void **state)
{
	/* Svalbard-sized, 70-80°N */
	mais_geom *g = wkt("POLYGON((10 70,30 70,32 76,25 80,12 79,10 70))");

	(void)state;
	/* printf '70 10\n70 30\n76 32\n80 25\n79 12\n' | Planimeter -p 10
	 *   -> 5 3199934.8987216949 598433830565.09985 */
	assert_near(mais_geom_area_m2(g), 598433830565.09985, 0.1);
	mais_geom_free(g);
}

static void test_area_of_points_and_lines_is_zero(void **state)
{
	mais_geom *p = wkt("POINT(1 2)");
	mais_geom *l = wkt("LINESTRING(0 0,1 1)");

	(void)state;
	assert_true(mais_geom_area_m2(p) == 0);
	assert_true(mais_geom_area_m2(l) == 0);
	mais_geom_free(p);
	mais_geom_free(l);
}

static void test_max_segment(void **state)
{
	mais_geom *g = wkt("POLYGON((0 0,0.054 0,0.054 0.001,0 0.001,0 0))");
	mais_geom *p = wkt("POINT(1 1)");

	(void)state;
	/* the longest edges are the two along 0.054° of longitude;
	 * echo '0 0 0 0.054' | GeodSolve -i -p 6
	 *   -> 90.00000000000 90.00000000000 6011.252503 */
	assert_near(mais_geom_max_segment_m(g, 0), 6011.252503, 1e-5);
	assert_near(mais_geom_max_segment_m(g, 5000), 6011.252503, 1e-5);
	assert_true(mais_geom_max_segment_m(g, 7000) == 0);
	assert_true(mais_geom_max_segment_m(p, 0) == 0);
	mais_geom_free(g);
	mais_geom_free(p);
}

/* ------------------------------------------------------------------ */
/* WKT and WKB                                                          */

static void test_wkt_round_trip_and_z_dropped(void **state)
{
	mais_geom *g = wkt("POINT Z (1.25 2.5 3)");
	mais_geom *e;

	(void)state;
	assert_wkt(g, "POINT (1.25 2.5)");
	assert_int_equal(mais_geom_get_type(g), MAIS_GEOM_POINT);
	assert_int_equal(mais_geom_num_points(g), 1);
	mais_geom_free(g);
	g = wkt("POLYGON Z ((0 0 1,1 0 1,1 1 1,0 0 1))");
	assert_wkt(g, "POLYGON ((0 0, 1 0, 1 1, 0 0))");
	mais_geom_free(g);
	e = wkt("POINT EMPTY");
	assert_int_equal(mais_geom_is_empty(e), 1);
	assert_int_equal(mais_geom_num_points(e), 0);
	mais_geom_free(e);
}

static void test_wkt_garbage_is_einval(void **state)
{
	mais_geom *g = (mais_geom *)1;

	(void)state;
	assert_int_equal(mais_geom_from_wkt(&g, "POLYGON((0 0,1 1"),
			 MAIS_EINVAL);
	assert_null(g);
	assert_non_null(strstr(mais_error_last(), "WKT"));
	assert_int_equal(mais_geom_from_wkt(&g, "BANANA(1 2)"), MAIS_EINVAL);
	/* unclosed ring */
	assert_int_equal(mais_geom_from_wkt(&g, "POLYGON((0 0,1 0,1 1,0 1))"),
			 MAIS_EINVAL);
}

/* GEOS 3.11's trimmed WKT writer overruns a stack buffer on huge finite
 * numbers (GEOS issue #970); such a point read from a file must still
 * print (it is quoted in reject reports). */
static void test_wkt_of_huge_coordinate_does_not_crash(void **state)
{
	unsigned char b[21];
	mais_geom *g;
	char *s;

	(void)state;
	b[0] = 1;
	put_u32(b + 1, 1, 0);
	put_f64(b + 5, 1e308, 0);
	put_f64(b + 13, -1e300, 0);
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), 0);
	s = to_wkt(g);
	assert_true(strncmp(s, "POINT (1000000000000000", 23) == 0);
	free(s);
	mais_geom_free(g);
}

static void test_wkb_non_finite_coordinate_is_einval(void **state)
{
	unsigned char b[21];
	mais_geom *g;

	(void)state;
	b[0] = 1;
	put_u32(b + 1, 1, 0);
	put_f64(b + 5, NAN, 0);
	put_f64(b + 13, 1, 0);
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), MAIS_EINVAL);
	put_f64(b + 5, 1, 0);
	put_f64(b + 13, INFINITY, 0);
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), MAIS_EINVAL);
	/* POINT(NaN NaN) is the empty point */
	put_f64(b + 5, NAN, 0);
	put_f64(b + 13, NAN, 0);
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), 0);
	assert_int_equal(mais_geom_is_empty(g), 1);
	mais_geom_free(g);
}

static void test_wkb_iso_z_and_ewkb(void **state)
{
	/* ISO WKB POINT Z (type 1001), little-endian, by hand */
	unsigned char iso[1 + 4 + 24];
	/* EWKB POINT with SRID and Z flags (0xA0000001), big-endian */
	unsigned char ewkb[1 + 4 + 4 + 24];
	mais_geom *g;

	(void)state;
	iso[0] = 1;
	put_u32(iso + 1, 1001, 0);
	put_f64(iso + 5, 3.5, 0);
	put_f64(iso + 13, -7.25, 0);
	put_f64(iso + 21, 100, 0);
	assert_int_equal(mais_geom_from_wkb(&g, iso, sizeof iso), 0);
	assert_wkt(g, "POINT (3.5 -7.25)");
	mais_geom_free(g);

	ewkb[0] = 0;
	put_u32(ewkb + 1, 0xA0000001u, 1);
	put_u32(ewkb + 5, 4326, 1);
	put_f64(ewkb + 9, 10, 1);
	put_f64(ewkb + 17, 20, 1);
	put_f64(ewkb + 25, 30, 1);
	assert_int_equal(mais_geom_from_wkb(&g, ewkb, sizeof ewkb), 0);
	assert_wkt(g, "POINT (10 20)");
	mais_geom_free(g);
}

static void test_wkb_round_trip(void **state)
{
	mais_geom *g = wkt("MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0),"
			   "(0.5 0.5,0.5 1.5,1.5 1.5,1.5 0.5,0.5 0.5)),"
			   "((5 5,6 5,6 6,5 5)))");
	mais_geom *back;
	unsigned char *b, *longer;
	size_t n;

	(void)state;
	assert_int_equal(mais_geom_to_wkb(g, &b, &n), 0);
	/* little-endian ISO: byte order 1, type 6 */
	assert_int_equal(b[0], 1);
	assert_int_equal(b[1], 6);
	assert_int_equal(mais_geom_from_wkb(&back, b, n), 0);
	assert_int_equal(mais_geom_equals_exact(g, back), 1);
	mais_geom_free(back);
	/* one byte short is truncated; one byte more is trailing junk */
	assert_int_equal(mais_geom_from_wkb(&back, b, n - 1), MAIS_EINVAL);
	assert_null(back);
	longer = calloc(1, n + 1);
	assert_non_null(longer);
	memcpy(longer, b, n);
	assert_int_equal(mais_geom_from_wkb(&back, longer, n + 1), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "trailing"));
	free(longer);
	free(b);
	mais_geom_free(g);
}

static void test_wkb_huge_count_is_truncated_not_allocated(void **state)
{
	/* a linestring that claims 2^32-1 points in 9 bytes */
	unsigned char b[9] = {1, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
	mais_geom *g;

	(void)state;
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), MAIS_EINVAL);
	assert_null(g);
	b[1] = 7; /* a collection of 2^32-1 members */
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), MAIS_EINVAL);
	b[1] = 17; /* a triangle: not supported */
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b),
			 MAIS_EUNSUPPORTED);
}

static void test_wkb_limits(void **state)
{
	/* a collection of MAIS_MAX_VERTICES + 1 members (each costs at
	 * least one vertex), in a buffer big enough to hold them empty */
	size_t n = (size_t)MAIS_MAX_VERTICES + 1;
	size_t len = 9 + n * 9;
	unsigned char *b = calloc(1, len);
	mais_geom *g;

	(void)state;
	assert_non_null(b);
	b[0] = 1;
	put_u32(b + 1, 7, 0);
	put_u32(b + 5, (uint32_t)n, 0);
	assert_int_equal(mais_geom_from_wkb(&g, b, len), MAIS_ELIMIT);
	free(b);
	/* over the byte limit: refused before reading */
	b = calloc(1, (size_t)MAIS_MAX_GEOMETRY_BYTES + 1);
	assert_non_null(b);
	assert_int_equal(
		mais_geom_from_wkb(&g, b, (size_t)MAIS_MAX_GEOMETRY_BYTES + 1),
		MAIS_ELIMIT);
	free(b);
}

static void test_wkb_deep_nesting_is_refused(void **state)
{
	/* 100 collections, each holding the next */
	unsigned char b[100 * 9 + 9];
	mais_geom *g;
	size_t off = 0;

	(void)state;
	for (int i = 0; i < 100; i++, off += 9) {
		b[off] = 1;
		put_u32(b + off + 1, 7, 0);
		put_u32(b + off + 5, 1, 0);
	}
	b[off] = 1;
	put_u32(b + off + 1, 7, 0);
	put_u32(b + off + 5, 0, 0);
	assert_int_equal(mais_geom_from_wkb(&g, b, sizeof b), MAIS_EINVAL);
}

/* ------------------------------------------------------------------ */
/* GeoPackage binary                                                    */

static void test_gpkg_round_trip(void **state)
{
	mais_geom *g = wkt("POLYGON((1 2,4 2,4 3,1 3,1 2))");
	mais_geom *back;
	unsigned char *b;
	size_t n;
	int32_t srs = 0;

	(void)state;
	assert_int_equal(mais_geom_to_gpkg(g, 4326, &b, &n), 0);
	/* GeoPackage 1.3 §2.1.3: "GP", version 0, flags 0b00000011
	 * (envelope code 1, little-endian), srs_id 4326 = 0x10E6 LE */
	assert_memory_equal(b, "GP\x00\x03\xe6\x10\x00\x00", 8);
	/* envelope [minx, maxx, miny, maxy] */
	assert_true(get_f64_le(b + 8) == 1);
	assert_true(get_f64_le(b + 16) == 4);
	assert_true(get_f64_le(b + 24) == 2);
	assert_true(get_f64_le(b + 32) == 3);
	assert_int_equal(b[40], 1); /* WKB, little-endian */
	assert_int_equal(mais_geom_from_gpkg(&back, &srs, b, n), 0);
	assert_int_equal(srs, 4326);
	assert_int_equal(mais_geom_equals_exact(g, back), 1);
	free(b);
	mais_geom_free(back);
	mais_geom_free(g);
}

static void test_gpkg_empty(void **state)
{
	mais_geom *g = wkt("POINT EMPTY");
	mais_geom *back;
	unsigned char *b;
	size_t n;

	(void)state;
	assert_int_equal(mais_geom_to_gpkg(g, 4326, &b, &n), 0);
	/* flags 0b00010001: empty, no envelope, little-endian; then
	 * POINT(NaN NaN) as §2.1.3 asks: 8 + 21 bytes */
	assert_int_equal(n, 8 + 21);
	assert_int_equal(b[3], 0x11);
	assert_true(isnan(get_f64_le(b + 8 + 5)));
	assert_true(isnan(get_f64_le(b + 8 + 13)));
	assert_int_equal(mais_geom_from_gpkg(&back, NULL, b, n), 0);
	assert_int_equal(mais_geom_is_empty(back), 1);
	assert_int_equal(mais_geom_get_type(back), MAIS_GEOM_POINT);
	free(b);
	mais_geom_free(back);
	mais_geom_free(g);

	g = wkt("MULTIPOLYGON EMPTY");
	assert_int_equal(mais_geom_to_gpkg(g, 4326, &b, &n), 0);
	assert_int_equal(b[3], 0x11);
	assert_int_equal(mais_geom_from_gpkg(&back, NULL, b, n), 0);
	assert_int_equal(mais_geom_is_empty(back), 1);
	assert_int_equal(mais_geom_get_type(back), MAIS_GEOM_MULTIPOLYGON);
	free(b);
	mais_geom_free(back);
	mais_geom_free(g);
}

/* A big-endian blob with an XY envelope holding POINT(1.5 -2.25), built
 * byte by byte from GeoPackage 1.3 §2.1.3 and OGC WKB. */
static size_t big_endian_blob(unsigned char *b)
{
	b[0] = 'G';
	b[1] = 'P';
	b[2] = 0;
	b[3] = 0x02; /* envelope code 1, byte order bit 0 = big-endian */
	put_u32(b + 4, 32638, 1);
	put_f64(b + 8, 1.5, 1);
	put_f64(b + 16, 1.5, 1);
	put_f64(b + 24, -2.25, 1);
	put_f64(b + 32, -2.25, 1);
	b[40] = 0; /* WKB big-endian */
	put_u32(b + 41, 1, 1);
	put_f64(b + 45, 1.5, 1);
	put_f64(b + 53, -2.25, 1);
	return 61;
}

static void test_gpkg_big_endian(void **state)
{
	unsigned char b[61];
	size_t n = big_endian_blob(b);
	mais_geom *g;
	int32_t srs = 0;

	(void)state;
	assert_int_equal(mais_geom_from_gpkg(&g, &srs, b, n), 0);
	assert_int_equal(srs, 32638);
	assert_wkt(g, "POINT (1.5 -2.25)");
	mais_geom_free(g);
}

static void test_gpkg_envelope_codes(void **state)
{
	/* envelope codes 0..4 have 0, 32, 48, 48, 64 bytes (§2.1.3) */
	static const size_t env[] = {0, 32, 48, 48, 64};
	unsigned char b[8 + 64 + 21];
	mais_geom *g;

	(void)state;
	for (unsigned code = 0; code < 5; code++) {
		memset(b, 0, sizeof b);
		memcpy(b, "GP", 2);
		b[3] = (unsigned char)(0x01 | code << 1);
		put_u32(b + 4, 4326, 0);
		b[8 + env[code]] = 1;
		put_u32(b + 8 + env[code] + 1, 1, 0);
		put_f64(b + 8 + env[code] + 5, 7, 0);
		put_f64(b + 8 + env[code] + 13, 8, 0);
		assert_int_equal(
			mais_geom_from_gpkg(&g, NULL, b, 8 + env[code] + 21),
			0);
		assert_wkt(g, "POINT (7 8)");
		mais_geom_free(g);
	}
	b[3] = 0x01 | 5 << 1; /* code 5 is not defined */
	assert_int_equal(mais_geom_from_gpkg(&g, NULL, b, sizeof b),
			 MAIS_EINVAL);
}

static void test_gpkg_bad_input_is_einval(void **state)
{
	unsigned char b[61];
	size_t n = big_endian_blob(b);
	mais_geom *g = (mais_geom *)1;

	(void)state;
	for (size_t len = 0; len < n; len++) {
		assert_int_equal(mais_geom_from_gpkg(&g, NULL, b, len),
				 MAIS_EINVAL);
		assert_null(g);
	}
	b[0] = 'X'; /* bad magic */
	assert_int_equal(mais_geom_from_gpkg(&g, NULL, b, n), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "magic"));
	b[0] = 'G';
	b[2] = 1; /* version 1 is not defined */
	assert_int_equal(mais_geom_from_gpkg(&g, NULL, b, n), MAIS_EINVAL);
	b[2] = 0;
	b[3] |= 0x20; /* extended geometry */
	assert_int_equal(mais_geom_from_gpkg(&g, NULL, b, n),
			 MAIS_EUNSUPPORTED);
	assert_int_equal(mais_geom_from_gpkg(&g, NULL, NULL, 0), MAIS_EINVAL);
}

/* Every truncation and every single-bit flip of valid blobs: any result
 * is allowed except a crash or a leak (ASan/LSan decide). */
static void fuzz_blob(const unsigned char *blob, size_t n, int gpkg)
{
	unsigned char *b = malloc(n);
	mais_geom *g;
	int rc;

	assert_non_null(b);
	for (size_t len = 0; len < n; len++) {
		/* an exact-size copy so ASan sees any overread */
		unsigned char *t = malloc(len ? len : 1);

		memcpy(t, blob, len);
		rc = gpkg ? mais_geom_from_gpkg(&g, NULL, t, len)
			  : mais_geom_from_wkb(&g, t, len);
		assert_int_not_equal(rc, 0);
		free(t);
	}
	for (size_t i = 0; i < n; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(b, blob, n);
			b[i] ^= (unsigned char)(1u << bit);
			rc = gpkg ? mais_geom_from_gpkg(&g, NULL, b, n)
				  : mais_geom_from_wkb(&g, b, n);
			if (rc == 0) {
				mais_geom_free(g);
			}
		}
	}
	free(b);
}

static void test_fuzz_truncations_and_bit_flips(void **state)
{
	mais_geom *g = wkt("GEOMETRYCOLLECTION(POINT(1 2),"
			   "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0),"
			   "(0.5 0.5,0.5 1.5,1.5 1.5,1.5 0.5,0.5 0.5))),"
			   "LINESTRING(0 0,1 1,2 0),MULTIPOINT(1 1,2 2))");
	unsigned char *blob, big[61];
	size_t n;

	(void)state;
	assert_int_equal(mais_geom_to_gpkg(g, 4326, &blob, &n), 0);
	fuzz_blob(blob, n, 1);
	fuzz_blob(blob + 40, n - 40, 0); /* its WKB */
	free(blob);
	fuzz_blob(big, big_endian_blob(big), 1);
	mais_geom_free(g);
}

/* ------------------------------------------------------------------ */
/* CRS transformation                                                   */

/* Transforms POINT(x y) from crs and returns lon, lat. */
static void transform_point(const char *crs, double x, double y, double *lon,
			    double *lat)
{
	char s[128];
	mais_geom *g;
	double x1, y1;

	snprintf(s, sizeof s, "POINT(%.17g %.17g)", x, y);
	g = wkt(s);
	assert_int_equal(mais_geom_transform_to_wgs84(g, crs), 0);
	assert_int_equal(mais_geom_envelope(g, lon, lat, &x1, &y1), 0);
	mais_geom_free(g);
}

static void test_transform_utm38n(void **state)
{
	mais_geom *g =
		wkt("MULTIPOINT((500000 4500000),(412345.67 3712345.89))");
	double lon, lat, x0, y0, x1, y1;

	(void)state;
	/* echo "500000 4500000" | cs2cs -f %.9f EPSG:32638 EPSG:4326
	 *   -> 40.650856516	45.000000000 0.000000000
	 * echo "412345.67 3712345.89" | cs2cs -f %.9f EPSG:32638 EPSG:4326
	 *   -> 33.547150299	44.055821766 0.000000000
	 * cs2cs prints latitude first; we store longitude first.  It
	 * prints 9 decimals, hence the tolerance. */
	transform_point("EPSG:32638", 500000, 4500000, &lon, &lat);
	assert_near(lon, 45.000000000, 1e-9);
	assert_near(lat, 40.650856516, 1e-9);
	transform_point("EPSG:32638", 412345.67, 3712345.89, &lon, &lat);
	assert_near(lon, 44.055821766, 1e-9);
	assert_near(lat, 33.547150299, 1e-9);
	/* every vertex of a multi-part geometry is transformed */
	assert_int_equal(mais_geom_transform_to_wgs84(g, "EPSG:32638"), 0);
	assert_int_equal(mais_geom_envelope(g, &x0, &y0, &x1, &y1), 0);
	assert_near(x0, 44.055821766, 1e-9);
	assert_near(y0, 33.547150299, 1e-9);
	assert_near(x1, 45.000000000, 1e-9);
	assert_near(y1, 40.650856516, 1e-9);
	mais_geom_free(g);
}

static void test_transform_from_4326_keeps_lon_first(void **state)
{
	mais_geom *g = wkt("POINT(45 40)");

	(void)state;
	/* identity; without proj_normalize_for_visualization PROJ would
	 * read EPSG:4326 as latitude first */
	assert_int_equal(mais_geom_transform_to_wgs84(g, "EPSG:4326"), 0);
	assert_wkt(g, "POINT (45 40)");
	mais_geom_free(g);
}

static void test_transform_failure_is_egeom(void **state)
{
	mais_geom *g = wkt("LINESTRING(500000 4500000,1e30 1e30)");

	(void)state;
	/* echo "1e30 1e30" | cs2cs EPSG:32638 EPSG:4326 -> "*	* inf"
	 * (PROJ cannot transform it) */
	assert_int_equal(mais_geom_transform_to_wgs84(g, "EPSG:32638"),
			 MAIS_EGEOM);
	assert_non_null(strstr(mais_error_last(), "cannot be transformed"));
	mais_geom_free(g);
}

/* A .prj as ArcGIS writes some national grids: Bessel's ellipsoid, a
 * datum with no known shift to WGS 84. */
#define BESSEL_D_UNKNOWN                                                  \
	"GEOGCS[\"GCS_Bessel 1841\",DATUM[\"D_unknown\",SPHEROID[\"Bessel_" \
	"1841\",6377397.155,299.1528128]],PRIMEM[\"Greenwich\",0.0],"      \
	"UNIT[\"Degree\",0.0174532925199433]]"

static void test_transform_ballpark_refused(void **state)
{
	mais_geom *g = wkt("POINT(5.1 52.1)");

	(void)state;
	/* projinfo -s 'GEOGCS[...D_unknown...]' -t EPSG:4326: the one
	 * operation is "Ballpark geographic offset from GCS_Bessel 1841 to
	 * WGS 84" (the datum shift left out) */
	assert_int_equal(mais_geom_transform_to_wgs84(g, BESSEL_D_UNKNOWN),
			 MAIS_EUNSUPPORTED);
	assert_non_null(strstr(mais_error_last(), "ballpark"));
	assert_wkt(g, "POINT (5.1 52.1)"); /* untouched */
	mais_geom_free(g);
}

static void test_transform_ballpark_allowed_says_so(void **state)
{
	mais_geom *g = wkt("POINT(5.1 52.1)");
	mais_crs_op op;

	(void)state;
	assert_int_equal(mais_geom_transform_to_wgs84_ex(
				 g, BESSEL_D_UNKNOWN, MAIS_CRS_ALLOW_BALLPARK,
				 &op),
			 0);
	assert_int_equal(op.ballpark, 1);
	assert_true(op.accuracy_m < 0); /* unknown */
	assert_string_equal(op.name, "Ballpark geographic offset from "
				     "GCS_Bessel 1841 to WGS 84");
	/* a ballpark offset between two geographic CRSs is the identity */
	assert_wkt(g, "POINT (5.1 52.1)");
	mais_geom_free(g);
}

static void test_transform_names_the_operation(void **state)
{
	mais_geom *g = wkt("POINT(155000 463000)");
	mais_crs_op op;
	double lon, lat, x1, y1;

	(void)state;
	/* echo 155000 463000 | cs2cs -d 9 EPSG:28992 EPSG:4326
	 *   -> 52.155172301	5.387203508 0.000000000
	 * projinfo -s EPSG:28992 -t EPSG:4326 --spatial-test intersects:
	 * "Inverse of RD New + Amersfoort to WGS 84 (4)", 1 m, first */
	assert_int_equal(mais_geom_transform_to_wgs84_ex(g, "EPSG:28992", 0,
							 &op),
			 0);
	assert_int_equal(mais_geom_envelope(g, &lon, &lat, &x1, &y1), 0);
	assert_near(lon, 5.387203508, 1e-9);
	assert_near(lat, 52.155172301, 1e-9);
	assert_string_equal(op.name,
			    "Inverse of RD New + Amersfoort to WGS 84 (4)");
	assert_near(op.accuracy_m, 1, 1e-12);
	assert_int_equal(op.ballpark, 0);
	mais_geom_free(g);
	/* a conversion on the same datum: exact */
	g = wkt("POINT(500000 4500000)");
	assert_int_equal(mais_geom_transform_to_wgs84_ex(g, "EPSG:32638", 0,
							 &op),
			 0);
	assert_string_equal(op.name, "Inverse of UTM zone 38N");
	assert_near(op.accuracy_m, 0, 1e-12);
	mais_geom_free(g);
}

static void test_crs_check(void **state)
{
	int ballpark_only = -1;

	(void)state;
	assert_int_equal(mais_geom_crs_check("EPSG:28992", &ballpark_only), 0);
	assert_int_equal(ballpark_only, 0);
	assert_int_equal(mais_geom_crs_check(BESSEL_D_UNKNOWN, &ballpark_only),
			 0);
	assert_int_equal(ballpark_only, 1);
	assert_int_equal(mais_geom_crs_check("EPSG:999999", &ballpark_only),
			 MAIS_EUNSUPPORTED);
	assert_int_equal(ballpark_only, 0);
	/* a PROJ string is a CRS as proj_create_crs_to_crs reads it */
	assert_int_equal(mais_geom_crs_check("+proj=utm +zone=38 +datum=WGS84",
					     &ballpark_only),
			 0);
	assert_int_equal(ballpark_only, 0);
}

static void test_transform_unknown_crs(void **state)
{
	mais_geom *g = wkt("POINT(1 2)");

	(void)state;
	assert_int_equal(mais_geom_transform_to_wgs84(g, "EPSG:999999"),
			 MAIS_EUNSUPPORTED);
	assert_non_null(strstr(mais_error_last(), "EPSG:999999"));
	assert_int_equal(mais_geom_transform_to_wgs84(g, "no such thing"),
			 MAIS_EUNSUPPORTED);
	assert_wkt(g, "POINT (1 2)"); /* untouched */
	mais_geom_free(g);
}

/* ------------------------------------------------------------------ */
/* orientation, equality, hash, within                                  */

static void test_orient(void **state)
{
	/* clockwise exterior (shoelace by hand: -2 × area) */
	mais_geom *g = wkt("POLYGON((0 0,0 1,1 1,1 0,0 0))");
	/* counter-clockwise exterior and a counter-clockwise hole */
	mais_geom *h = wkt("POLYGON((0 0,4 0,4 4,0 4,0 0),"
			   "(1 1,2 1,2 2,1 2,1 1))");

	(void)state;
	assert_int_equal(mais_geom_orient(g), 0);
	assert_wkt(g, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
	assert_int_equal(mais_geom_orient(h), 0);
	assert_wkt(h, "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), "
		      "(1 1, 1 2, 2 2, 2 1, 1 1))");
	mais_geom_free(g);
	mais_geom_free(h);
}

static void test_equals_and_hash(void **state)
{
	mais_geom *a = wkt("POLYGON((0 0,1 0,1 1,0 0))");
	mais_geom *b = wkt("POLYGON((0 0,1 0,1 1,0 0))");
	mais_geom *c = wkt("POLYGON((0 0,1 0,1 2,0 0))");
	mais_geom *d = wkt("POLYGON((1 0,1 1,0 0,1 0))"); /* same ring,
							      other start */

	(void)state;
	assert_int_equal(mais_geom_equals_exact(a, b), 1);
	assert_int_equal(mais_geom_equals_exact(a, c), 0);
	assert_int_equal(mais_geom_equals_exact(a, d), 0);
	assert_true(mais_geom_hash(a) == mais_geom_hash(b));
	assert_true(mais_geom_hash(a) != mais_geom_hash(c));
	/* normalised before hashing: the same shape hashes the same */
	assert_true(mais_geom_hash(a) == mais_geom_hash(d));
	mais_geom_free(a);
	mais_geom_free(b);
	mais_geom_free(c);
	mais_geom_free(d);
}

static void test_within(void **state)
{
	mais_geom *area = wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
	mais_geom *in = wkt("POINT(5 5)");
	mais_geom *edge = wkt("POINT(10 5)");
	mais_geom *out = wkt("POINT(11 5)");
	mais_geom *poly = wkt("POLYGON((0 0,10 0,5 5,0 0))");

	(void)state;
	assert_int_equal(mais_geom_within(in, area), 1);
	assert_int_equal(mais_geom_within(edge, area), 1);
	assert_int_equal(mais_geom_within(out, area), 0);
	assert_int_equal(mais_geom_within(poly, area), 1);
	mais_geom_free(area);
	mais_geom_free(in);
	mais_geom_free(edge);
	mais_geom_free(out);
	mais_geom_free(poly);
}

static void test_union(void **state)
{
	mais_geom *a = wkt("POLYGON((10 10,11 10,11 11,10 11,10 10))");
	mais_geom *b = wkt("POLYGON((20 -5,21 -5,21 -4,20 -4,20 -5))");
	mais_geom *same = wkt("POLYGON((10 10,11 10,11 11,10 11,10 10))");
	const mais_geom *parts[] = {a, NULL, b, same};
	mais_geom *u;

	(void)state;
	/* disjoint parts add up; the copy of a counts once; NULL is skipped.
	 * Planimeter, as in test_area_multipolygon:
	 *   12272294889.13437 + 12108467312.57709 */
	assert_int_equal(mais_geom_union(&u, parts, 4), 0);
	assert_int_equal(mais_geom_get_type(u), MAIS_GEOM_MULTIPOLYGON);
	assert_near(mais_geom_area_m2(u), 12272294889.13437 + 12108467312.57709,
		    0.01);
	mais_geom_free(u);
	assert_int_equal(mais_geom_union(&u, parts, 0), 0);
	assert_int_equal(mais_geom_is_empty(u), 1);
	mais_geom_free(u);
	mais_geom_free(a);
	mais_geom_free(b);
	mais_geom_free(same);
}

static void test_envelope(void **state)
{
	mais_geom *g = wkt("LINESTRING(3 -1,-2 4)");
	mais_geom *e = wkt("POLYGON EMPTY");
	double x0, y0, x1, y1;

	(void)state;
	assert_int_equal(mais_geom_envelope(g, &x0, &y0, &x1, &y1), 0);
	assert_true(x0 == -2 && y0 == -1 && x1 == 3 && y1 == 4);
	assert_int_equal(mais_geom_envelope(e, &x0, &y0, &x1, &y1),
			 MAIS_EINVAL);
	mais_geom_free(g);
	mais_geom_free(e);
}

static void test_type_names_and_rule_codes(void **state)
{
	(void)state;
	assert_string_equal(mais_geom_type_name(MAIS_GEOM_MULTIPOLYGON),
			    "MULTIPOLYGON");
	assert_string_equal(mais_geom_type_name(MAIS_GEOM_GEOMETRY),
			    "GEOMETRY");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_NULL_GEOMETRY),
			    "null_geometry");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_WRONG_TYPE),
			    "wrong_type");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_UNREPAIRABLE),
			    "unrepairable");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_NOT_LONLAT),
			    "not_lonlat");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_TOO_LARGE),
			    "too_large");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_REPAIRED),
			    "repaired");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_DUPLICATE),
			    "duplicate");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_LONG_SEGMENT),
			    "long_segment");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_SLIVER), "sliver");
	assert_string_equal(mais_geom_rule_code(MAIS_RULE_OUTSIDE_COUNTRY),
			    "outside_country");
	assert_string_equal(mais_geom_rule_code((mais_geom_rule)99), "unknown");
	for (int r = MAIS_RULE_NULL_GEOMETRY; r <= MAIS_RULE_TOO_LARGE; r++)
		assert_int_equal(mais_geom_rule_rejects(r), 1);
	for (int r = MAIS_RULE_REPAIRED; r <= MAIS_RULE_OUTSIDE_COUNTRY; r++)
		assert_int_equal(mais_geom_rule_rejects(r), 0);
}

/* ------------------------------------------------------------------ */
/* the rules                                                            */

/* a hazard: polygonal, checked for long segments and slivers */
static const mais_geom_rules hazard = {MAIS_GEOM_MULTIPOLYGON, 1, 0};
/* polygonal, not an area feature (1° test shapes have long edges) */
static const mais_geom_rules polygonal = {MAIS_GEOM_MULTIPOLYGON, 0, 0};

static void test_rule_bow_tie_repaired(void **state)
{
	mais_geom *g = wkt("POLYGON((0 0,1 1,1 0,0 1,0 0))");
	mais_geom_findings f = {0};
	int parts = 0;

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &polygonal, &f), 0);
	assert_int_equal(f.count, 1);
	assert_int_equal(f.items[0].rule, MAIS_RULE_REPAIRED);
	assert_string_equal(f.items[0].message,
			    "Self-intersection[0.5 0.5]; repaired by MakeValid "
			    "(linework)");
	assert_int_equal(mais_geom_get_type(g), MAIS_GEOM_MULTIPOLYGON);
	/* two triangles with base 1 and height 0.5, 0.25 square degrees
	 * each (by hand), not the 0 a naive shoelace gives the bow-tie */
	assert_near(planar_area(g, &parts), 0.5, 1e-12);
	assert_int_equal(parts, 2);
	/* printf '0 0\n0.5 0.5\n1 0\n' | Planimeter -p 10
	 *   -> 3 267473.9571073604 3077193821.47643
	 * printf '0.5 0.5\n1 1\n0 1\n' | Planimeter -p 10
	 *   -> 3 267473.9571073604 -3077193821.47643 */
	assert_near(mais_geom_area_m2(g), 2 * 3077193821.47643, 0.01);
	mais_geom_free(g);
}

static void test_rule_null_geometry(void **state)
{
	mais_geom_rules est = hazard;
	mais_geom_findings f = {0};
	mais_geom *g = NULL;

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &hazard, &f), MAIS_EGEOM);
	assert_int_equal(f.count, 1);
	assert_int_equal(f.items[0].rule, MAIS_RULE_NULL_GEOMETRY);
	assert_string_equal(mais_error_last(), f.items[0].message);
	assert_int_equal(mais_geom_rule_rejects(f.items[0].rule), 1);

	/* an estimated area stands in for the geometry */
	est.has_estimated_area = 1;
	f.count = 0;
	assert_int_equal(mais_geom_apply_rules(&g, &est, &f), 0);
	assert_int_equal(f.count, 0);
	assert_null(g);
	g = wkt("POLYGON EMPTY");
	assert_int_equal(mais_geom_apply_rules(&g, &est, &f), 0);
	assert_null(g);
	assert_int_equal(f.count, 0);
	/* empty is null */
	g = wkt("POLYGON EMPTY");
	assert_int_equal(mais_geom_apply_rules(&g, &hazard, &f), MAIS_EGEOM);
	assert_int_equal(f.items[0].rule, MAIS_RULE_NULL_GEOMETRY);
	mais_geom_free(g);
}

static void test_rule_wrong_type(void **state)
{
	mais_geom *g = wkt("LINESTRING(0 0,1 1)");
	mais_geom_findings f = {0};

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &hazard, &f), MAIS_EGEOM);
	assert_int_equal(f.count, 1);
	assert_int_equal(f.items[0].rule, MAIS_RULE_WRONG_TYPE);
	assert_string_equal(
		f.items[0].message,
		"expected a POLYGON or MULTIPOLYGON, got LINESTRING");
	mais_geom_free(g);
}

static void test_rule_type_promotion(void **state)
{
	mais_geom_rules point = {MAIS_GEOM_POINT, 0, 0};
	mais_geom_findings f = {0};
	mais_geom *g = wkt("MULTIPOINT((3 4))");

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &point, &f), 0);
	assert_wkt(g, "POINT (3 4)");
	mais_geom_free(g);
	g = wkt("MULTIPOINT((3 4),(5 6))");
	assert_int_equal(mais_geom_apply_rules(&g, &point, &f), MAIS_EGEOM);
	assert_int_equal(f.items[0].rule, MAIS_RULE_WRONG_TYPE);
	mais_geom_free(g);
	f.count = 0;
	g = wkt("POLYGON((0 0,1 0,1 1,0 0))");
	assert_int_equal(mais_geom_apply_rules(&g, &polygonal, &f), 0);
	assert_int_equal(f.count, 0);
	assert_wkt(g, "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))");
	mais_geom_free(g);
}

static void test_rule_projected_metres(void **state)
{
	mais_geom *g = wkt("POINT(500000 4500000)");
	mais_geom_rules any = {MAIS_GEOM_GEOMETRY, 0, 0};
	mais_geom_findings f = {0};

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &any, &f), MAIS_EGEOM);
	assert_int_equal(f.items[0].rule, MAIS_RULE_NOT_LONLAT);
	assert_non_null(strstr(f.items[0].message, "projected metres"));
	assert_non_null(strstr(f.items[0].message, "--srs"));
	mais_geom_free(g);
	/* just out of range */
	g = wkt("POINT(181 0)");
	f.count = 0;
	assert_int_equal(mais_geom_apply_rules(&g, &any, &f), MAIS_EGEOM);
	assert_int_equal(f.items[0].rule, MAIS_RULE_NOT_LONLAT);
	mais_geom_free(g);
}

static void test_rule_unrepairable(void **state)
{
	/* all four vertices on one line: MakeValid leaves only a line */
	mais_geom *g = wkt("POLYGON((0 0,1 1,2 2,0 0))");
	mais_geom_findings f = {0};

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &hazard, &f), MAIS_EGEOM);
	assert_int_equal(f.items[f.count - 1].rule, MAIS_RULE_UNREPAIRABLE);
	mais_geom_free(g);
}

static void test_rule_orients_silently(void **state)
{
	mais_geom *g = wkt("POLYGON((0 0,0 0.01,0.01 0.01,0.01 0,0 0))");
	mais_geom_findings f = {0};

	(void)state;
	assert_int_equal(mais_geom_apply_rules(&g, &hazard, &f), 0);
	assert_int_equal(f.count, 0);
	assert_wkt(g, "MULTIPOLYGON (((0 0, 0.01 0, 0.01 0.01, 0 0.01, 0 0)))");
	mais_geom_free(g);
}

static void test_rule_long_segment(void **state)
{
	mais_geom *six = wkt("POLYGON((0 0,0.054 0,0.054 0.001,0 0.001,0 0))");
	mais_geom *four = wkt("POLYGON((0 0,0.036 0,0.036 0.001,0 0.001,0 0))");
	mais_geom_rules site = {MAIS_GEOM_MULTIPOLYGON, 0, 0};
	mais_geom_findings f = {0};

	(void)state;
	/* echo '0 0 0 0.054' | GeodSolve -i -p 6 -> ... 6011.252503 */
	assert_int_equal(mais_geom_apply_rules(&six, &hazard, &f), 0);
	assert_true(has_finding(&f, MAIS_RULE_LONG_SEGMENT));
	assert_non_null(
		strstr(finding_message(&f, MAIS_RULE_LONG_SEGMENT), "6011 m"));
	/* echo '0 0 0 0.036' | GeodSolve -i -p 6 -> ... 4007.501669 */
	f.count = 0;
	assert_int_equal(mais_geom_apply_rules(&four, &hazard, &f), 0);
	assert_int_equal(f.count, 0);
	mais_geom_free(six);
	/* not an area feature (e.g. a site): not checked */
	six = wkt("POLYGON((0 0,0.054 0,0.054 0.001,0 0.001,0 0))");
	assert_int_equal(mais_geom_apply_rules(&six, &site, &f), 0);
	assert_int_equal(f.count, 0);
	mais_geom_free(six);
	mais_geom_free(four);
}

static void test_rule_sliver(void **state)
{
	mais_geom *g = wkt("MULTIPOLYGON(((0 0,0.000005 0,0.000005 0.000005,"
			   "0 0.000005,0 0)),((1 1,1.01 1,1.01 1.01,1 1)))");
	mais_geom *t = wkt("POLYGON((0 0,0.000005 0,0.000005 0.000005,"
			   "0 0.000005,0 0))");
	mais_geom_findings f = {0};

	(void)state;
	/* printf '0 0\n0 0.000005\n0.000005 0.000005\n0.000005 0\n'
	 *   | Planimeter -p 10 -> 4 2.2189376661 0.30773 */
	assert_near(mais_geom_area_m2(t), 0.30773, 1e-5);
	assert_int_equal(mais_geom_apply_rules(&g, &hazard, &f), 0);
	assert_int_equal(f.count, 1);
	assert_int_equal(f.items[0].rule, MAIS_RULE_SLIVER);
	assert_non_null(strstr(f.items[0].message, "0.308 m²"));
	mais_geom_free(g);
	mais_geom_free(t);
}

/* ------------------------------------------------------------------ */
/* threads                                                              */

static void *thread_area(void *arg)
{
	mais_geom *g = NULL;

	(void)arg;
	if (mais_geom_from_wkt(&g, "POLYGON((0 0,1 0,1 1,0 1,0 0))"))
		return NULL;
	/* Planimeter, as in test_area_equator_cell */
	if (fabs(mais_geom_area_m2(g) - 12308778361.46945) > 0.01 ||
	    mais_geom_transform_to_wgs84(g, "EPSG:4326")) {
		mais_geom_free(g);
		return NULL;
	}
	mais_geom_free(g);
	return arg;
}

static void test_threads_have_own_context(void **state)
{
	pthread_t t[4];
	int ok = 1;

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_area, &ok),
				 0);
	for (int i = 0; i < 4; i++) {
		void *r;

		pthread_join(t[i], &r);
		assert_ptr_equal(r, &ok);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_area_equator_cell),
		cmocka_unit_test(test_area_clockwise_ring_is_positive),
		cmocka_unit_test(test_area_polygon_with_hole),
		cmocka_unit_test(test_area_multipolygon),
		cmocka_unit_test(test_area_high_latitude),
		cmocka_unit_test(test_area_of_points_and_lines_is_zero),
		cmocka_unit_test(test_max_segment),
		cmocka_unit_test(test_wkt_round_trip_and_z_dropped),
		cmocka_unit_test(test_wkt_garbage_is_einval),
		cmocka_unit_test(test_wkt_of_huge_coordinate_does_not_crash),
		cmocka_unit_test(test_wkb_non_finite_coordinate_is_einval),
		cmocka_unit_test(test_wkb_iso_z_and_ewkb),
		cmocka_unit_test(test_wkb_round_trip),
		cmocka_unit_test(
			test_wkb_huge_count_is_truncated_not_allocated),
		cmocka_unit_test(test_wkb_limits),
		cmocka_unit_test(test_wkb_deep_nesting_is_refused),
		cmocka_unit_test(test_gpkg_round_trip),
		cmocka_unit_test(test_gpkg_empty),
		cmocka_unit_test(test_gpkg_big_endian),
		cmocka_unit_test(test_gpkg_envelope_codes),
		cmocka_unit_test(test_gpkg_bad_input_is_einval),
		cmocka_unit_test(test_fuzz_truncations_and_bit_flips),
		cmocka_unit_test(test_transform_utm38n),
		cmocka_unit_test(test_transform_from_4326_keeps_lon_first),
		cmocka_unit_test(test_transform_failure_is_egeom),
		cmocka_unit_test(test_transform_unknown_crs),
		cmocka_unit_test(test_transform_ballpark_refused),
		cmocka_unit_test(test_transform_ballpark_allowed_says_so),
		cmocka_unit_test(test_transform_names_the_operation),
		cmocka_unit_test(test_crs_check),
		cmocka_unit_test(test_orient),
		cmocka_unit_test(test_equals_and_hash),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_union),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_type_names_and_rule_codes),
		cmocka_unit_test(test_rule_bow_tie_repaired),
		cmocka_unit_test(test_rule_null_geometry),
		cmocka_unit_test(test_rule_wrong_type),
		cmocka_unit_test(test_rule_type_promotion),
		cmocka_unit_test(test_rule_projected_metres),
		cmocka_unit_test(test_rule_unrepairable),
		cmocka_unit_test(test_rule_orients_silently),
		cmocka_unit_test(test_rule_long_segment),
		cmocka_unit_test(test_rule_sliver),
		cmocka_unit_test(test_threads_have_own_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
