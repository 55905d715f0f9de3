/*
 * test_kml_rings.c — the KML ring reader (src/io/in_kml_rings.c) and the
 * holes it restores through GDAL's KML driver (in_kml_holes.c).
 *
 * The reader streams: a document fed in any two chunks, or byte by byte,
 * reads the same.  Placemarks are known by their layer and index as GDAL
 * 3.6 lays them out (checked by hand against ogrinfo): LIBKML puts the
 * root container first when it holds features, then every container in
 * document order, and counts GroundOverlays as features; KML puts each
 * container after those inside it and skips placemarks without geometry.
 * The import cases (tests/cases/import/0100-0104) cover the LIBKML driver
 * end to end; the last test here covers GDAL's KML driver, which GDAL
 * uses when LIBKML is skipped (GDAL_SKIP=LIBKML, set before GDAL starts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/kml_rings.h"
#include "io/source.h"
#include "mais/limits.h"

#define SQ(x, y) x "," y " " x "1," y " " x "1," y "1 " x "," y "1 " x "," y
#define RING(c)	 "<LinearRing><coordinates>" c "</coordinates></LinearRing>"
/* a 0.01 degree square at x,40 with two holes in one <innerBoundaryIs> */
#define SEVERAL(x)                                                                \
	"<Polygon><outerBoundaryIs>" RING(SQ(                                     \
		x,                                                                \
		"40.0")) "</outerBoundaryIs><innerBoundaryIs>" RING(SQ(x "02",    \
								       "40.002")) \
		RING(SQ(x "05", "40.005")) "</innerBoundaryIs></Polygon>"
#define PM(name, geom) "<Placemark><name>" name "</name>" geom "</Placemark>"
#define POINT	       "<Point><coordinates>44,40</coordinates></Point>"
#define KML(body)                                                          \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://" \
	"www.opengis.net/kml/2.2\">" body "</kml>\n"

static const char *nested = KML(
	"<Document><name>root</name>" PM("r0", POINT) "<GroundOverlay><name>go</name></GroundOverlay>" PM(
		"r1", SEVERAL("44.0")) "<Folder><name>A</name>" PM("a0", "")
		PM("a1", SEVERAL("44.1")) "<Folder><name>A1</name>" PM(
			"b0",
			SEVERAL("44.2")) "</Folder>" PM("a2",
							SEVERAL("44.3")) "</Folder>"
									 "<Folder><name>B</name></Folder></Document>");

/* A finished scan of doc fed in chunks of `chunk` bytes (0: at once). */
static kml_scan *scan(const char *doc, kml_layout layout, int layer,
		      const char *name, size_t chunk)
{
	size_t len = strlen(doc), step = chunk ? chunk : len;
	kml_scan *s;

	assert_int_equal(kml_scan_new(&s, layout, layer, name), 0);
	for (size_t at = 0; at < len; at += step)
		assert_int_equal(
			kml_scan_feed(s, doc + at,
				      len - at < step ? len - at : step),
			0);
	assert_int_equal(kml_scan_finish(s), 0);
	return s;
}

/* The indexes of the layer's kept placemarks, as "1,3". */
static void indexes(const kml_scan *s, char *out, size_t n)
{
	out[0] = '\0';
	for (int64_t i = 0; i < 16; i++)
		if (kml_scan_find(s, i))
			snprintf(out + strlen(out), n - strlen(out), "%s%lld",
				 out[0] ? "," : "", (long long)i);
}

static void assert_layer(const char *doc, kml_layout layout, int layer,
			 const char *name, const char *want)
{
	kml_scan *s = scan(doc, layout, layer, name, 0);
	char got[64];

	assert_null(kml_scan_problem(s));
	indexes(s, got, sizeof got);
	assert_string_equal(got, want);
	kml_scan_free(s);
}

static void test_libkml_layers(void **state)
{
	(void)state;
	/* root (r0, go, r1), A (a0, a1, [A1], a2), A1 (b0), B */
	assert_layer(nested, KML_LAYOUT_LIBKML, 0, "root", "2");
	assert_layer(nested, KML_LAYOUT_LIBKML, 1, "A", "1,2");
	assert_layer(nested, KML_LAYOUT_LIBKML, 2, " A1 ", "0");
	assert_layer(nested, KML_LAYOUT_LIBKML, 3, "B", "");
}

static void test_kml_driver_layers(void **state)
{
	(void)state;
	/* postorder of containers with placemarks: A1, A, root; a0 (no
	 * geometry) and the GroundOverlay are no features */
	assert_layer(nested, KML_LAYOUT_KML, 0, "A1", "0");
	assert_layer(nested, KML_LAYOUT_KML, 1, "A", "0,1");
	assert_layer(nested, KML_LAYOUT_KML, 2, "root", "1");
}

static void test_root_without_features_is_no_layer(void **state)
{
	const char *doc =
		KML("<Document><name>d</name><Folder><name>F"
		    "</name>" PM("f", SEVERAL("44.0")) "</Folder></Document>");

	(void)state;
	assert_layer(doc, KML_LAYOUT_LIBKML, 0, "F", "0");
}

static void test_other_name_or_no_layer_is_a_problem(void **state)
{
	kml_scan *s = scan(nested, KML_LAYOUT_LIBKML, 1, "B", 0);

	(void)state;
	assert_non_null(strstr(kml_scan_problem(s), "names differ"));
	assert_null(kml_scan_find(s, 1));
	assert_int_equal(kml_scan_several(s), 4);
	kml_scan_free(s);
	s = scan(nested, KML_LAYOUT_LIBKML, 9, "X", 0);
	assert_non_null(strstr(kml_scan_problem(s), "no container"));
	kml_scan_free(s);
}

/* Everything a placemark holds, as text, to compare two readings. */
static void dump(const kml_scan *s, const kml_placemark *pm, char *out,
		 size_t n)
{
	size_t len = 0;

	for (size_t i = 0; pm && i < pm->n; i++) {
		const kml_polygon *p = kml_scan_polygon(s, pm->at + i);

		for (size_t k = 0; k < p->n; k++) {
			const kml_ring *r = kml_scan_ring(s, p->at + k);

			for (size_t j = 0; j < r->n; j++) {
				const double *v = kml_scan_point(s, r->at + j);

				len += (size_t)snprintf(out + len, n - len,
							"%.17g %.17g %g;", v[0],
							v[1], v[2]);
			}
			len += (size_t)snprintf(out + len, n - len, "|");
		}
	}
}

static void test_every_split_reads_the_same(void **state)
{
	const char *doc = KML("<Document>" PM(
		"h",
		SEVERAL("44.0")) "<Plac"
				 "emark><Polygon><outerBoundaryIs><LinearRing>"
				 "<coordinates> 1.5,2.25,3e1\n\t-4.125 , 5"
				 "<![CDATA[ 6,7]]> 1.5,2.25</coordinates>"
				 "</LinearRing></outerBoundaryIs>"
				 "<innerBoundaryIs>" RING("1,2 3,4") RING(
					 "5,6") "</innerBoundaryIs></Polygon></Placemark>"
						"</Document>");
	char want[4096], got[4096];
	size_t len = strlen(doc);
	kml_scan *s = scan(doc, KML_LAYOUT_LIBKML, 0, "", 0);
	const kml_ring *r;

	(void)state;
	r = kml_scan_ring(s, kml_scan_polygon(s, kml_scan_find(s, 1)->at)->at);
	assert_int_equal(r->n, 4);
	assert_true(r->has_z);
	dump(s, kml_scan_find(s, 1), want, sizeof want);
	assert_string_equal(want, "1.5 2.25 30;-4.125 5 0;6 7 0;1.5 2.25 0;|"
				  "1 2 0;3 4 0;|5 6 0;|");
	dump(s, kml_scan_find(s, 0), want, sizeof want);
	kml_scan_free(s);
	for (size_t cut = 1; cut <= len; cut++) {
		s = scan(doc, KML_LAYOUT_LIBKML, 0, "", cut);
		dump(s, kml_scan_find(s, 0), got, sizeof got);
		assert_string_equal(got, want);
		kml_scan_free(s);
	}
}

static void test_outer_ring_first(void **state)
{
	const char *doc = KML("<Document>" PM(
		"x",
		"<Polygon><innerBoundaryIs>" RING("1,1 2,1 2,2 1,1")
			RING("3,3 4,3 4,4 3,3") "</innerBoundaryIs><outerBoundaryIs>" RING(
				"0,0 9,0 9,9 0,0") "</outerBoundaryIs></Polygon>") "</Document>");
	kml_scan *s = scan(doc, KML_LAYOUT_LIBKML, 0, "", 0);
	const kml_polygon *p = kml_scan_polygon(s, kml_scan_find(s, 0)->at);

	(void)state;
	assert_true(p->outer);
	assert_int_equal(p->n, 3);
	assert_true(kml_scan_ring(s, p->at)->first[0] == 0);
	assert_true(kml_scan_ring(s, p->at + 1)->first[0] == 1);
	assert_true(kml_scan_ring(s, p->at + 2)->first[0] == 3);
	kml_scan_free(s);
}

static void test_unreadable_coordinates_mark_the_ring(void **state)
{
	const char *doc = KML("<Document>" PM(
		"x",
		"<Polygon><outerBoundaryIs>" RING(
			"0,0 9,0 9,9 0,0") "</outerBoundaryIs>"
					   "<innerBoundaryIs>" RING(
						   "1,1,0,7 2,1") RING("1,x 2,2")
						   RING("3,3 4,4") "</innerBoundaryIs>"
								   "</Polygon>") "</Document>");
	kml_scan *s = scan(doc, KML_LAYOUT_LIBKML, 0, "", 0);
	const kml_polygon *p = kml_scan_polygon(s, kml_scan_find(s, 0)->at);

	(void)state;
	assert_int_equal(p->n, 4);
	assert_true(kml_scan_ring(s, p->at + 1)->bad);
	assert_true(kml_scan_ring(s, p->at + 2)->bad);
	assert_false(kml_scan_ring(s, p->at + 3)->bad);
	kml_scan_free(s);
}

/* LIBKML reads a KMZ's layers from the files its root container links
 * by a relative href; a link to the web is only a feature. */
static void test_links_to_files(void **state)
{
	const char *rel = KML("<Document><NetworkLink><Link><href> layers/a"
			      ".kml</href></Link></NetworkLink></Document>");
	const char *web = KML(
		"<Document><NetworkLink><Url><href>http://x/a"
		".kml</href></Url></NetworkLink>" PM("p", POINT) "</Document>");
	const char *deep = KML("<Document><Folder><NetworkLink><Link><href>"
			       "a.kml</href></Link></NetworkLink></Folder>"
			       "</Document>");
	kml_scan *s;

	(void)state;
	s = scan(rel, KML_LAYOUT_LIBKML, 0, "", 0);
	assert_true(kml_scan_has_links(s));
	kml_scan_free(s);
	s = scan(web, KML_LAYOUT_LIBKML, 0, "", 0);
	assert_false(kml_scan_has_links(s));
	kml_scan_free(s);
	s = scan(deep, KML_LAYOUT_LIBKML, 0, "", 0);
	assert_false(kml_scan_has_links(s));
	kml_scan_free(s);
}

static void test_malformed_document(void **state)
{
	char doc[512];
	kml_scan *s;

	(void)state;
	snprintf(doc, sizeof doc, "%.*s", 200, nested);
	s = scan(doc, KML_LAYOUT_LIBKML, 0, "root", 0);
	assert_true(kml_scan_malformed(s));
	assert_non_null(strstr(kml_scan_problem(s), "not well-formed"));
	kml_scan_free(s);
}

/* A placemark over MAIS_MAX_KML_KEPT_POINTS keeps its rings' summaries
 * but not its points; the next one is kept whole. */
static void test_placemark_over_the_limit(void **state)
{
	const char *head = "<kml><Document><Placemark><Polygon>"
			   "<outerBoundaryIs><LinearRing><coordinates>";
	const char *tail =
		"</coordinates></LinearRing></outerBoundaryIs>"
		"<innerBoundaryIs>" RING("1,1 2,1 2,2 1,1") RING(
			"3,3 4,3 4,4 3,3") "</innerBoundaryIs>"
					   "</Polygon></Placemark>" PM(
						   "y",
						   SEVERAL("44.0")) "</Document></kml>";
	char chunk[4000];
	size_t npts = 0;
	kml_scan *s;
	const kml_placemark *pm;

	(void)state;
	assert_int_equal(kml_scan_new(&s, KML_LAYOUT_LIBKML, 0, ""), 0);
	assert_int_equal(kml_scan_feed(s, head, strlen(head)), 0);
	for (size_t i = 0; i < sizeof chunk - 4; i += 4)
		memcpy(chunk + i, "1,2 ", 4);
	while (npts < MAIS_MAX_KML_KEPT_POINTS + 10) {
		assert_int_equal(kml_scan_feed(s, chunk, sizeof chunk - 4), 0);
		npts += (sizeof chunk - 4) / 4;
	}
	assert_int_equal(kml_scan_feed(s, tail, strlen(tail)), 0);
	assert_int_equal(kml_scan_finish(s), 0);
	assert_null(kml_scan_problem(s));
	pm = kml_scan_find(s, 0);
	assert_false(pm->whole);
	assert_int_equal(kml_scan_ring(s, kml_scan_polygon(s, pm->at)->at)->n,
			 npts);
	assert_true(kml_scan_find(s, 1)->whole);
	kml_scan_free(s);
}

/* GDAL's KML driver (LIBKML skipped) keeps the first ring of an
 * <innerBoundaryIs>; the reader restores the others. */
static void test_kml_driver_end_to_end(void **state)
{
	char path[] = "/tmp/mais-kml-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	mais_reader *src;
	mais_source_feature f;
	uint32_t nrings;

	(void)state;
	assert_non_null(fp);
	fputs(nested, fp);
	fclose(fp);
	assert_int_equal(mais_source_open(&src, path, "A", NULL), 0);
	assert_int_equal(mais_source_next(src, &f), 1); /* a1 */
	assert_string_equal(f.flag_rule, "kml_holes_recovered");
	memcpy(&nrings, f.wkb + 5, 4); /* ISO WKB, little-endian polygon */
	assert_int_equal(nrings, 3);
	assert_int_equal(mais_source_next(src, &f), 1); /* a2 */
	assert_string_equal(f.flag_rule, "kml_holes_recovered");
	assert_int_equal(mais_source_next(src, &f), 0);
	mais_source_close(src);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libkml_layers),
		cmocka_unit_test(test_kml_driver_layers),
		cmocka_unit_test(test_root_without_features_is_no_layer),
		cmocka_unit_test(test_other_name_or_no_layer_is_a_problem),
		cmocka_unit_test(test_every_split_reads_the_same),
		cmocka_unit_test(test_outer_ring_first),
		cmocka_unit_test(test_unreadable_coordinates_mark_the_ring),
		cmocka_unit_test(test_links_to_files),
		cmocka_unit_test(test_malformed_document),
		cmocka_unit_test(test_placemark_over_the_limit),
		cmocka_unit_test(test_kml_driver_end_to_end),
	};

	/* before GDAL registers its drivers (the first mais_source_open) */
	setenv("GDAL_SKIP", "LIBKML", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
