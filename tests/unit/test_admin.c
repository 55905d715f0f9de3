/*
 * test_admin.c — the gazetteer: name keys across spellings, assigning
 * geometries to admin areas (containment, shared boundaries, overlaps,
 * finest level), finding by name and code, duplicate detection, and the
 * real canton boundaries of Bosnia and Herzegovina.
 *
 * The hand-made gazetteer is squares of 2° by 2° near the equator, so
 * that every expected answer can be read off a sketch:
 *
 *   level 0  TL  Testland   (-10,-10)-(10,10)
 *   level 1  A   Córdoba    (0,0)-(2,2)    code CO.CO
 *   level 1  B   Nariño     (2,0)-(4,2)    aliases "Narino Department;
 *                                          Departamento de Nariño"
 *   level 2  D   Bogotá D.C.(0.5,0.5)-(1,1) inside A
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mais/admin.h"
#include "mais/error.h"
#include "mais/store.h"
#include "service/service.h"
#include "testdb.h"

/* The index of the admin areas stored in s (through the use-case
 * layer's record source, as the import and the write path read it). */
static int load_index(mais_admin_index **out, mais_store *s)
{
	mais_source src;

	svc_source_of(s, &src);
	return mais_admin_index_load(out, &src);
}

static const mais_actor who = {.user = "tester", .address = "test"};

typedef struct fixture {
	testdb db; /* first: setup_empty's state is also a testdb */
	mais_admin_index *ix;
	mais_record *tl, *a, *b, *d;
} fixture;

/* A new admin_area record (not stored).  wkt may be NULL. */
static mais_record *new_area(int level, const char *name, const char *wkt)
{
	mais_record *r;
	char lv[8];

	snprintf(lv, sizeof lv, "%d", level);
	assert_int_equal(mais_record_new(&r, "admin_area"), 0);
	assert_int_equal(mais_record_set(r, "level", lv), 0);
	assert_int_equal(mais_record_set(r, "name", name), 0);
	if (wkt) {
		mais_geom *g;

		assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
		assert_int_equal(mais_record_set_geom(r, g), 0);
	}
	return r;
}

static mais_record *store_area(fixture *f, int level, const char *name,
			       const char *wkt)
{
	mais_record *r = new_area(level, name, wkt);

	if (mais_store_insert(f->db.s, r, &who) < 0)
		fail_msg("insert %s: %s", name, mais_error_last());
	return r;
}

#define SQ(x0, y0, x1, y1)                                              \
	"POLYGON((" #x0 " " #y0 "," #x1 " " #y0 "," #x1 " " #y1 "," #x0 \
	" " #y1 "," #x0 " " #y0 "))"

static int setup_store(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f || testdb_open(&f->db) < 0)
		return -1;
	*state = f;
	return 0;
}

static int setup(void **state)
{
	fixture *f;

	if (setup_store(state) < 0)
		return -1;
	f = *state;
	f->tl = store_area(f, 0, "Testland", SQ(-10, -10, 10, 10));
	f->a = new_area(1, "Córdoba", SQ(0, 0, 2, 2));
	assert_int_equal(mais_record_set(f->a, "code", "CO.CO"), 0);
	assert_int_equal(
		mais_record_set(f->a, "parent_uuid", mais_record_uuid(f->tl)),
		0);
	assert_int_equal(mais_store_insert(f->db.s, f->a, &who), 0);
	f->b = new_area(1, "Nariño", SQ(2, 0, 4, 2));
	assert_int_equal(mais_record_set(f->b, "aliases",
					 "Narino Department; Departamento de "
					 "Nariño"),
			 0);
	assert_int_equal(mais_store_insert(f->db.s, f->b, &who), 0);
	f->d = store_area(f, 2, "Bogotá D.C.", SQ(0.5, 0.5, 1, 1));
	if (load_index(&f->ix, f->db.s) < 0) {
		fprintf(stderr, "%s\n", mais_error_last());
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	mais_admin_index_free(f->ix);
	mais_record_free(f->tl);
	mais_record_free(f->a);
	mais_record_free(f->b);
	mais_record_free(f->d);
	testdb_close(&f->db);
	free(f);
	return 0;
}

/* The uuid assigned to the geometry of wkt (NULL when unassigned). */
static const char *assign(const mais_admin_index *ix, const char *wkt)
{
	mais_geom *g;
	const char *uuid = "unset";

	assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
	if (mais_admin_assign(ix, g, &uuid) < 0)
		fail_msg("assign %s: %s", wkt, mais_error_last());
	mais_geom_free(g);
	return uuid;
}

static void assert_assigned(const fixture *f, const char *wkt,
			    const mais_record *want)
{
	const char *got = assign(f->ix, wkt);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, mais_record_uuid(want));
}

/* ------------------------------------------------------------------ */
/* Name keys.                                                          */

static void assert_key(const char *in, const char *want)
{
	char k[128];

	if (mais_name_key(in, k, sizeof k) != 0)
		fail_msg("key of \"%s\": %s", in, mais_error_last());
	assert_string_equal(k, want);
}

static void test_name_key_folds_case_accents_punctuation(void **state)
{
	(void)state;
	assert_key("CÓRDOBA", "cordoba");
	assert_key("Córdoba", "cordoba");
	assert_key("BOGOTA D.C.", "bogota dc");
	assert_key("Bogotá, D.C.", "bogota dc");
	assert_key("Nariño", "narino");
	assert_key("NARIÑO", "narino");
	assert_key("Ağdam", "agdam");
	assert_key("Şəki", "seki");
	assert_key("ŞƏKİ", "seki");
	assert_key("Brčko District", "brcko district");
	assert_key("BRČKO DISTRICT", "brcko district");
	assert_key("  Zenica-Doboj  Canton ", "zenica doboj canton");
	assert_key("Goražde", "gorazde");
	assert_key("Mar’inka", "marinka");
	assert_key("Mar'inka", "marinka");
	assert_key("Norte_de/Santander", "norte de santander");
	assert_key("", "");
	assert_key(" .-' ", "");
	assert_key("Ørsta Łódź Đakovo Straße", "orsta lodz dakovo strasse");
	assert_key("Æbeltoft Œuvre Þingvellir", "aebeltoft oeuvre thingvellir");
	assert_key("Qubadlı", "qubadli");
	assert_key("ＡＢＣ ﬁ", "abc fi"); /* compatibility forms */
	/* Cyrillic kept, case-folded; marks dropped as in every script */
	assert_key("Харків", "\u0445\u0430\u0440\u043a\u0456\u0432");
	assert_key("КИЇВ", "\u043a\u0438\u0456\u0432");
	assert_key("Tab\there", "tab here");
}

static void test_name_key_refuses_bad_input(void **state)
{
	char k[8], big[16];

	(void)state;
	assert_int_equal(mais_name_key("ab\xC3(", k, sizeof k), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "UTF-8"));
	assert_int_equal(mais_name_key("\xFF", k, sizeof k), MAIS_EINVAL);
	assert_int_equal(mais_name_key("Republika Srpska", k, sizeof k),
			 MAIS_ELIMIT);
	assert_int_equal(mais_name_key("ß", k, 2), MAIS_ELIMIT); /* "ss" */
	assert_int_equal(mais_name_key("abcdefg", k, sizeof k), 0);
	assert_string_equal(k, "abcdefg");
	assert_int_equal(mais_name_key(NULL, k, sizeof k), MAIS_EINVAL);
	memset(big, 'a', sizeof big);
	big[sizeof big - 1] = '\0';
	assert_int_equal(mais_name_key(big, k, 0), MAIS_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Assigning.                                                          */

static void test_assign_points(void **state)
{
	fixture *f = *state;

	assert_int_equal(mais_admin_count(f->ix), 4);
	assert_assigned(f, "POINT(1.5 1.5)", f->a);
	assert_assigned(f, "POINT(3 1)", f->b);
	assert_assigned(f, "POINT(5 5)", f->tl);
	assert_assigned(f, "POINT(50 50)", NULL);
	assert_assigned(f, "POINT EMPTY", NULL);
	/* a corner of A on the country's inside counts (covers) */
	assert_assigned(f, "POINT(0 0)", f->a);
	/* the country's own boundary counts too */
	assert_assigned(f, "POINT(10 3)", f->tl);
}

static void test_assign_prefers_finest_level(void **state)
{
	fixture *f = *state;

	assert_assigned(f, "POINT(0.7 0.7)", f->d);
	assert_assigned(f, "POINT(0.5 0.7)", f->d); /* D's edge, inside A */
	assert_assigned(f, SQ(0.6, 0.6, 0.8, 0.8), f->d);
}

static void test_assign_shared_boundary_is_deterministic(void **state)
{
	fixture *f = *state;
	const char *a = mais_record_uuid(f->a), *b = mais_record_uuid(f->b);
	const char *want = strcmp(a, b) < 0 ? a : b;

	/* on the edge A|B: either neighbour, always the same one (the uuid
	 * that sorts first), whatever the order of loading */
	for (int i = 0; i < 3; i++) {
		const char *got = assign(f->ix, "POINT(2 1)");

		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

static void test_assign_polygon_by_largest_share(void **state)
{
	fixture *f = *state;

	/* 0.5° in A, 0.2° in B */
	assert_assigned(f, SQ(1.5, 0.1, 2.2, 0.3), f->a);
	/* 0.1° in A, 0.6° in B */
	assert_assigned(f, SQ(1.9, 0.1, 2.6, 0.3), f->b);
	/* as a multipolygon: the bigger part is in B */
	assert_assigned(f,
			"MULTIPOLYGON(((1.8 0.1,1.9 0.1,1.9 0.2,1.8 0.2,1.8 "
			"0.1)),((3 0.1,3.5 0.1,3.5 0.2,3 0.2,3 0.1)))",
			f->b);
	/* half out of the country: still the country */
	assert_assigned(f, SQ(9, 5, 11, 6), f->tl);
	/* wholly outside; and touching the country only along its edge */
	assert_assigned(f, SQ(20, 20, 21, 21), NULL);
	assert_assigned(f, SQ(10, 0, 11, 1), NULL);
	/* an invalid bow tie, crossing itself at x = 1.75, that GEOS will
	 * not intersect as it is: 0.083 deg² in A, 0.067 in B */
	assert_assigned(f, "POLYGON((1 0.1,2.5 0.3,2.5 0.1,1 0.3,1 0.1))",
			f->a);
	/* a line goes by its point on surface */
	assert_assigned(f, "LINESTRING(2.5 0.5,3.5 0.5)", f->b);
}

static void test_add_after_load_and_refuse_twice(void **state)
{
	fixture *f = *state;
	mais_record *e = store_area(f, 2, "Pasto", SQ(3, 0.5, 3.5, 1));
	mais_record *n = new_area(1, "Unstored", NULL);

	/* the tree was queried before: adding must rebuild it */
	assert_assigned(f, "POINT(3.2 0.7)", f->b);
	assert_int_equal(mais_admin_add(f->ix, e), 0);
	assert_assigned(f, "POINT(3.2 0.7)", e);
	assert_int_equal(mais_admin_count(f->ix), 5);
	assert_int_equal(mais_admin_add(f->ix, e), MAIS_EEXISTS);
	assert_int_equal(mais_admin_add(f->ix, n), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "uuid"));
	assert_string_equal(
		mais_admin_get(f->ix, mais_record_uuid(e))->reference,
		"AA-000005");
	assert_null(mais_admin_get(f->ix, "no-such-uuid"));
	mais_record_free(e);
	mais_record_free(n);
}

static void test_add_takes_odd_records(void **state)
{
	fixture *f = *state;
	mais_record *e = store_area(f, 4, "-", SQ(0.6, 0.6, 0.7, 0.7));
	const char *uuid;

	/* a level-4 area is finer still; a name of punctuation only is not
	 * findable by name, but the area is there */
	assert_int_equal(mais_admin_add(f->ix, e), 0);
	assert_assigned(f, "POINT(0.65 0.65)", e);
	assert_int_equal(mais_admin_find_name(f->ix, "-", -1, &uuid),
			 MAIS_ENOTFOUND);
	mais_record_free(e);
}

/* ------------------------------------------------------------------ */
/* Finding by name and code.                                           */

static void assert_found(const fixture *f, const char *name, int level,
			 const mais_record *want)
{
	const char *uuid = NULL;

	if (mais_admin_find_name(f->ix, name, level, &uuid) != 0)
		fail_msg("find \"%s\": %s", name, mais_error_last());
	assert_string_equal(uuid, mais_record_uuid(want));
}

static void test_find_name_by_key_and_alias(void **state)
{
	fixture *f = *state;
	const char *uuid = "unset";

	assert_found(f, "CORDOBA", -1, f->a);
	assert_found(f, "córdoba", 1, f->a);
	assert_found(f, "NARINO", -1, f->b);
	assert_found(f, "NARINO DEPARTMENT", 1, f->b);
	assert_found(f, "departamento de narino", -1, f->b);
	assert_found(f, "BOGOTA DC", -1, f->d);
	assert_found(f, "Bogota, D.C.", 2, f->d);
	assert_int_equal(mais_admin_find_name(f->ix, "Cordoba", 2, &uuid),
			 MAIS_ENOTFOUND);
	assert_null(uuid);
	assert_int_equal(mais_admin_find_name(f->ix, "Atlantis", -1, &uuid),
			 MAIS_ENOTFOUND);
	assert_non_null(strstr(mais_error_last(), "no admin area"));
	assert_non_null(strstr(mais_error_last(), "Atlantis"));
	assert_int_equal(mais_admin_find_name(f->ix, "\xC3", -1, &uuid),
			 MAIS_EINVAL);
	assert_int_equal(mais_admin_find_code(f->ix, " co.co ", 1, &uuid), 0);
	assert_string_equal(uuid, mais_record_uuid(f->a));
	assert_int_equal(mais_admin_find_code(f->ix, "CO.XX", -1, &uuid),
			 MAIS_ENOTFOUND);
}

static void test_find_name_ambiguous(void **state)
{
	fixture *f = *state;
	mais_record *e = store_area(f, 2, "CORDOBA", SQ(3, 0.5, 3.5, 1));
	const char *uuid = "unset";

	assert_int_equal(mais_admin_add(f->ix, e), 0);
	assert_int_equal(mais_admin_find_name(f->ix, "Córdoba", -1, &uuid),
			 MAIS_EINVAL);
	assert_null(uuid);
	assert_non_null(strstr(mais_error_last(), "ambiguous"));
	assert_non_null(strstr(mais_error_last(), "AA-000002"));
	assert_non_null(strstr(mais_error_last(), "AA-000005"));
	/* a level settles it */
	assert_found(f, "Córdoba", 1, f->a);
	assert_found(f, "Córdoba", 2, e);
	mais_record_free(e);
}

/* ------------------------------------------------------------------ */
/* Duplicates.                                                         */

static void test_duplicates_by_name_and_code(void **state)
{
	fixture *f = *state;
	mais_record *r = new_area(1, "CORDOBA", NULL);
	char msg[256];

	assert_int_equal(mais_admin_duplicates(f->ix, r, msg, sizeof msg),
			 MAIS_ADMIN_DUP_NAME);
	assert_string_equal(msg, "name CORDOBA also on AA-000002 (Córdoba)");
	assert_int_equal(mais_record_set(r, "name", "Other"), 0);
	assert_int_equal(mais_record_set(r, "code", "co.co"), 0);
	assert_int_equal(mais_admin_duplicates(f->ix, r, msg, sizeof msg),
			 MAIS_ADMIN_DUP_CODE);
	assert_string_equal(msg, "code co.co also on AA-000002 (Córdoba)");
	assert_int_equal(mais_record_set(r, "name_local", "Córdoba"), 0);
	assert_int_equal(mais_admin_duplicates(f->ix, r, msg, sizeof msg),
			 MAIS_ADMIN_DUP_NAME | MAIS_ADMIN_DUP_CODE);
	assert_string_equal(msg, "name Other also on AA-000002 (Córdoba); "
				 "code co.co also on AA-000002 (Córdoba)");
	/* another level is another area */
	assert_int_equal(mais_record_set(r, "level", "2"), 0);
	assert_int_equal(mais_admin_duplicates(f->ix, r, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	mais_record_free(r);
}

static void test_duplicates_skip_self_and_other_parents(void **state)
{
	fixture *f = *state;
	mais_record *r = new_area(1, "Córdoba", NULL);

	/* an area is not its own duplicate */
	assert_int_equal(mais_admin_duplicates(f->ix, f->a, NULL, 0), 0);
	/* same name under another parent: two places */
	assert_int_equal(
		mais_record_set(r, "parent_uuid", mais_record_uuid(f->b)), 0);
	assert_int_equal(mais_admin_duplicates(f->ix, r, NULL, 0), 0);
	/* same parent: a duplicate */
	assert_int_equal(
		mais_record_set(r, "parent_uuid", mais_record_uuid(f->tl)), 0);
	assert_int_equal(mais_admin_duplicates(f->ix, r, NULL, 0),
			 MAIS_ADMIN_DUP_NAME);
	mais_record_free(r);
	assert_int_equal(mais_record_new(&r, "hazard"), 0);
	assert_int_equal(mais_admin_duplicates(f->ix, r, NULL, 0), MAIS_EINVAL);
	mais_record_free(r);
}

/* ------------------------------------------------------------------ */
/* Real data: the 12 second-level units of Bosnia and Herzegovina.     */

typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

static void put(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (b->len + (size_t)n < b->cap)
			break;
		b->cap = 2 * b->cap + (size_t)n + 64;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	b->len += (size_t)n;
}

/* "(x y,x y,...)" of a GeoJSON ring; "((...),(...))" of a polygon. */
static void put_ring(buf *b, const json_t *ring)
{
	size_t i;
	json_t *pt;

	put(b, "(");
	for (i = 0; i < json_array_size(ring); i++) {
		pt = json_array_get(ring, i);
		put(b, "%s%.9g %.9g", i ? "," : "",
		    json_number_value(json_array_get(pt, 0)),
		    json_number_value(json_array_get(pt, 1)));
	}
	put(b, ")");
}

static void put_polygon(buf *b, const json_t *rings)
{
	size_t i;

	put(b, "(");
	for (i = 0; i < json_array_size(rings); i++) {
		if (i)
			put(b, ",");
		put_ring(b, json_array_get(rings, i));
	}
	put(b, ")");
}

/* WKT of a GeoJSON Polygon or MultiPolygon (malloc'd). */
static char *geojson_to_wkt(const json_t *geom)
{
	const char *type = json_string_value(json_object_get(geom, "type"));
	json_t *coords = json_object_get(geom, "coordinates");
	buf b = {.p = malloc(256), .cap = 256};
	size_t i;

	assert_non_null(type);
	b.p[0] = '\0';
	if (strcmp(type, "Polygon") == 0) {
		put(&b, "POLYGON");
		put_polygon(&b, coords);
		return b.p;
	}
	assert_string_equal(type, "MultiPolygon");
	put(&b, "MULTIPOLYGON(");
	for (i = 0; i < json_array_size(coords); i++) {
		if (i)
			put(&b, ",");
		put_polygon(&b, json_array_get(coords, i));
	}
	put(&b, ")");
	return b.p;
}

static void store_feature(fixture *f, const json_t *feat)
{
	const char *name = json_string_value(json_object_get(
		json_object_get(feat, "properties"), "shapeName"));
	char *wkt = geojson_to_wkt(json_object_get(feat, "geometry"));
	mais_record *r;

	assert_non_null(name);
	r = store_area(f, 2, name, wkt);
	mais_record_free(r);
	free(wkt);
}

static const char *name_of(const mais_admin_index *ix, const char *uuid)
{
	const mais_admin_area *a = uuid ? mais_admin_get(ix, uuid) : NULL;

	return a ? a->name : "(unassigned)";
}

static void assert_in(const mais_admin_index *ix, double lon, double lat,
		      const char *want)
{
	char wkt[64];

	snprintf(wkt, sizeof wkt, "POINT(%.6f %.6f)", lon, lat);
	assert_string_equal(name_of(ix, assign(ix, wkt)), want);
}

/* Each unit's own polygon is assigned to that unit: its largest share is
 * itself, its neighbours only touch it. */
static int assigned_to_itself(const mais_record *r, void *ctx)
{
	const char *uuid = NULL;

	assert_int_equal(mais_admin_assign(ctx, mais_record_geom(r), &uuid), 0);
	assert_non_null(uuid);
	assert_string_equal(uuid, mais_record_uuid(r));
	return 0;
}

static void test_real_bih_cantons(void **state)
{
	const char *dir = getenv("MAIS_REAL_DATA");
	char path[512];
	fixture *f = *state;
	json_error_t jerr;
	json_t *root, *feats;
	mais_admin_index *ix;
	const char *uuid;
	size_t i;

	snprintf(path, sizeof path, "%s/bih/geoBoundaries-BIH-ADM2.geojson",
		 dir ? dir : "");
	if (!dir || access(path, R_OK) != 0)
		skip();
	root = json_load_file(path, 0, &jerr);
	if (!root)
		fail_msg("%s: %s", path, jerr.text);
	feats = json_object_get(root, "features");
	assert_int_equal(json_array_size(feats), 12);
	for (i = 0; i < json_array_size(feats); i++)
		store_feature(f, json_array_get(feats, i));
	json_decref(root);

	assert_int_equal(load_index(&ix, f->db.s), 0);
	assert_int_equal(mais_admin_count(ix), 12);
	assert_in(ix, 18.4131, 43.8563, "Sarajevo Canton");
	assert_in(ix, 17.1910, 44.7722, "Republika Srpska");
	assert_in(ix, 18.8057, 44.8727, "Brcko District"); /* Brčko town */
	assert_in(ix, 17.8078, 43.3438, "Herzegovina-Neretva Canton");
	assert_in(ix, 2.35, 48.85, "(unassigned)"); /* Paris */
	assert_int_equal(
		mais_store_foreach(f->db.s, "admin_area", assigned_to_itself, ix),
		0);
	assert_int_equal(mais_admin_find_name(ix, "BRČKO DISTRICT", 2, &uuid),
			 0);
	assert_string_equal(name_of(ix, uuid), "Brcko District");
	assert_int_equal(mais_admin_find_name(ix,
					      "Bosnian Podrinje Canton "
					      "GORAZDE",
					      -1, &uuid),
			 0);
	assert_string_equal(name_of(ix, uuid),
			    "Bosnian-Podrinje Canton Goražde");
	mais_admin_index_free(ix);
}

static int setup_empty(void **state)
{
	return setup_store(state);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_key_folds_case_accents_punctuation),
		cmocka_unit_test(test_name_key_refuses_bad_input),
		T(test_assign_points),
		T(test_assign_prefers_finest_level),
		T(test_assign_shared_boundary_is_deterministic),
		T(test_assign_polygon_by_largest_share),
		T(test_add_after_load_and_refuse_twice),
		T(test_add_takes_odd_records),
		T(test_find_name_by_key_and_alias),
		T(test_find_name_ambiguous),
		T(test_duplicates_by_name_and_code),
		T(test_duplicates_skip_self_and_other_parents),
		cmocka_unit_test_setup_teardown(test_real_bih_cantons,
						setup_empty, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
