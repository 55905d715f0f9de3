/*
 * test_store.c — the store front and the GeoPackage backend: identity
 * (UUID, reference), versions, audit, optimistic concurrency, the
 * geometry rules on entry, transactions that leave nothing half-written,
 * backup, and refusing what it must refuse.  Expected values are counted
 * by hand from what each test writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mais/mais.h"
#include "testdb.h"
#include "fill.h"

static const mais_actor who = {.user = "tester", .address = "test"};

typedef testdb fixture;

static mais_record *new_hazard(const char *wkt)
{
	mais_record *r;
	mais_geom *g = NULL;

	assert_int_equal(mais_record_new(&r, "hazard"), 0);
	assert_int_equal(mais_record_set(r, "hazard_class", "sha"), 0);
	assert_int_equal(mais_record_set(r, "hazard_status", "active"), 0);
	if (wkt) {
		assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
		assert_int_equal(mais_record_set_geom(r, g), 0);
	}
	return r;
}

#define AREA_SQUARE_M2 949464.60498
#define SQUARE \
	"POLYGON((46.90 39.90,46.91 39.90,46.91 39.91,46.90 39.91,46.90 39.90))"

static void test_init_refuses_existing_and_missing(void **state)
{
	fixture *f = *state;
	mais_store *s;

	assert_int_equal(mais_store_open(&s, f->path, MAIS_STORE_CREATE, NULL),
			 MAIS_EEXISTS);
	assert_non_null(strstr(mais_error_last(), "never overwrites"));
	assert_int_equal(mais_store_open(&s, "/tmp/mais-no-such.gpkg", 0, NULL),
			 MAIS_ENOTFOUND);
	assert_int_equal(
		mais_store_open(&s, "postgresql://localhost/x", 0, NULL),
		MAIS_EUNSUPPORTED);
	assert_string_equal(mais_store_backend_name(f->s), "gpkg");
}

static void test_insert_gives_identity_version_and_audit(void **state)
{
	fixture *f = *state;
	mais_record *a = new_hazard(SQUARE), *b = new_hazard(SQUARE);
	int64_t n;

	assert_int_equal(mais_store_insert(f->s, a, &who), 0);
	assert_int_equal(mais_store_insert(f->s, b, &who), 0);
	assert_string_equal(mais_record_reference(a), "HA-000001");
	assert_string_equal(mais_record_reference(b), "HA-000002");
	assert_int_equal(strlen(mais_record_uuid(a)), 36);
	assert_int_equal(mais_record_version(a), 1);
	assert_string_equal(mais_record_get(a, "status"), "draft");
	assert_int_equal(
		mais_store_version_count(f->s, mais_record_uuid(a), &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(testdb_sql_int(f->path,
					"SELECT count(*) FROM mais_audit"
					" WHERE action = 'create'"
					" AND version_fid IS NOT NULL"),
			 2);
	/* b is an exact duplicate of a: stored (flagging duplicates needs
	 * the other records: the import and `mais check` do it) */
	assert_int_equal(testdb_sql_int(f->path, "SELECT count(*) FROM hazard"),
			 2);
	/* area_m2 set on entry, geodesic: GeographicLib gives for SQUARE
	 * `printf '39.90 46.90\n39.90 46.91\n39.91 46.91\n39.91 46.90\n' |
	 *  Planimeter -p 10` -> 4 3930.8976975527 949464.60498 (m²) */
	assert_float_equal(strtod(mais_record_get(a, "area_m2"), NULL),
			   AREA_SQUARE_M2, 0.01);
	mais_record_free(a);
	mais_record_free(b);
}

static void test_update_and_conflict(void **state)
{
	fixture *f = *state;
	mais_record *r = new_hazard(SQUARE), *stale, *now;
	int64_t n;

	assert_int_equal(mais_store_insert(f->s, r, &who), 0);
	assert_int_equal(
		mais_store_get(f->s, "hazard", mais_record_uuid(r), &stale), 0);
	assert_int_equal(mais_record_set(r, "hazard_class", "cha"), 0);
	assert_int_equal(mais_store_update(f->s, r, &who), 0);
	assert_int_equal(mais_record_version(r), 2);
	/* a second user's copy, read at version 1, is refused */
	assert_int_equal(mais_record_set(stale, "name", "Field 7"), 0);
	assert_int_equal(mais_store_update(f->s, stale, &who), MAIS_ECONFLICT);
	assert_non_null(strstr(mais_error_last(), "stored version 2"));
	assert_int_equal(mais_record_version(stale), 1);
	assert_int_equal(
		mais_store_get(f->s, "hazard", mais_record_uuid(r), &now), 0);
	assert_string_equal(mais_record_get(now, "hazard_class"), "cha");
	assert_null(mais_record_get(now, "name"));
	assert_int_equal(
		mais_store_version_count(f->s, mais_record_uuid(r), &n), 0);
	assert_int_equal(n, 2);
	mais_record_free(r);
	mais_record_free(stale);
	mais_record_free(now);
}

static void test_bowtie_is_repaired_flagged_and_original_kept(void **state)
{
	fixture *f = *state;
	mais_record *r = new_hazard("POLYGON((46 40,47 41,47 40,46 41,46 40))");

	assert_int_equal(mais_store_insert(f->s, r, &who), 0);
	assert_int_equal(mais_geom_get_type(mais_record_geom(r)),
			 MAIS_GEOM_MULTIPOLYGON);
	assert_int_equal(testdb_sql_int(f->path,
					"SELECT count(*) FROM mais_flag"
					" WHERE rule = 'repaired'"),
			 1);
	assert_int_equal(
		testdb_sql_int(f->path,
			       "SELECT count(*) FROM mais_version WHERE"
			       " geom_original IS NOT NULL"),
		1);
	mais_record_free(r);
}

static void test_null_geometry_needs_estimated_area(void **state)
{
	fixture *f = *state;
	mais_record *r = new_hazard(NULL);

	assert_int_equal(mais_store_insert(f->s, r, &who), MAIS_EGEOM);
	assert_non_null(strstr(mais_error_last(), "no geometry"));
	assert_int_equal(testdb_sql_int(f->path, "SELECT count(*) FROM hazard"),
			 0);
	assert_int_equal(mais_record_set(r, "estimated_area_m2", "2500"), 0);
	assert_int_equal(mais_store_insert(f->s, r, &who), 0);
	assert_int_equal(testdb_sql_int(f->path, "SELECT count(*) FROM hazard"
						 " WHERE geom IS NULL"),
			 1);
	mais_record_free(r);
}

static void test_bad_values_name_the_field(void **state)
{
	mais_record *r = new_hazard(SQUARE);

	(void)state;
	assert_int_equal(mais_record_set(r, "hazard_class", "minefield"),
			 MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "hazard.hazard_class"));
	assert_int_equal(mais_record_set(r, "estimated_area_m2", "-5"),
			 MAIS_EINVAL);
	assert_int_equal(mais_record_set(r, "recorded_date", "2022-02-30"),
			 MAIS_EINVAL);
	assert_int_equal(mais_record_set(r, "beneficiaries", "12a"),
			 MAIS_EINVAL);
	assert_int_equal(mais_record_set(r, "name", "\xff\xfe"), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "UTF-8"));
	assert_int_equal(mais_record_set(r, "no_such_field", "1"),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_record_set(r, "reference", "HA-9"), MAIS_EINVAL);
	/* accepted forms, canonicalised */
	assert_int_equal(mais_record_set(r, "priority_score", " 12,5 "), 0);
	assert_string_equal(mais_record_get(r, "priority_score"), "12.5");
	assert_int_equal(mais_record_set(r, "eo_categories", "ap_mine, uxo"),
			 0);
	assert_string_equal(mais_record_get(r, "eo_categories"), "ap_mine,uxo");
	assert_int_equal(mais_record_set(r, "marked", "yes"), 0);
	assert_string_equal(mais_record_get(r, "marked"), "1");
	mais_record_free(r);
}

static void test_failed_write_leaves_nothing(void **state)
{
	fixture *f = *state;
	mais_record *r = new_hazard(SQUARE);

	/* a reference to no stored record is refused, naming the field,
	 * and the row, version and audit entry all go */
	assert_int_equal(
		mais_record_set(r, "admin_area_uuid",
				"11111111-2222-4333-8444-555555555555"),
		0);
	assert_int_equal(mais_store_insert(f->s, r, &who), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "hazard.admin_area_uuid"));
	assert_int_equal(testdb_sql_int(f->path, "SELECT count(*) FROM hazard"),
			 0);
	assert_int_equal(
		testdb_sql_int(f->path, "SELECT count(*) FROM mais_version"),
		0);
	assert_int_equal(
		testdb_sql_int(f->path, "SELECT count(*) FROM mais_audit"), 0);
	mais_record_free(r);
}

static void test_database_error_rolls_back_everything(void **state)
{
	fixture *f = *state;
	mais_record *a = new_hazard(SQUARE), *b = new_hazard(SQUARE),
		    *c = new_hazard(SQUARE);

	assert_int_equal(mais_store_insert(f->s, a, &who), 0);
	/* b takes a's UUID: the row fails on the UNIQUE constraint after
	 * its reference number was taken; all of it must go back */
	assert_int_equal(mais_record_set_system(b, "uuid", mais_record_uuid(a)),
			 0);
	assert_int_equal(mais_store_insert(f->s, b, &who), MAIS_ESTORE);
	assert_int_equal(testdb_sql_int(f->path, "SELECT count(*) FROM hazard"),
			 1);
	assert_int_equal(
		testdb_sql_int(f->path, "SELECT count(*) FROM mais_version"),
		1);
	assert_int_equal(
		testdb_sql_int(f->path, "SELECT count(*) FROM mais_audit"), 1);
	assert_int_equal(mais_store_insert(f->s, c, &who), 0);
	assert_string_equal(mais_record_reference(c), "HA-000002");
	mais_record_free(a);
	mais_record_free(b);
	mais_record_free(c);
}

static void test_explicit_transaction_rolls_back(void **state)
{
	fixture *f = *state;
	mais_record *r = new_hazard(SQUARE);

	assert_int_equal(mais_store_begin(f->s), 0);
	assert_int_equal(mais_store_begin(f->s), MAIS_EINVAL);
	assert_int_equal(mais_store_insert(f->s, r, &who), 0);
	assert_int_equal(mais_store_rollback(f->s), 0);
	assert_int_equal(testdb_sql_int(f->path, "SELECT count(*) FROM hazard"),
			 0);
	mais_record_free(r);
}

static void test_history_is_append_only(void **state)
{
	fixture *f = *state;
	mais_record *r = new_hazard(SQUARE);
	sqlite3 *db;

	assert_int_equal(mais_store_insert(f->s, r, &who), 0);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(
		sqlite3_exec(db, "DELETE FROM mais_audit", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
					  "UPDATE mais_version SET"
					  " state = '{}'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	mais_record_free(r);
}

static void test_every_entity_then_check_and_backup(void **state)
{
	fixture *f = *state;
	mais_check_summary sum;
	mais_store *copy;
	char dest[160];
	size_t ne;

	mais_schema_entities(&ne);
	assert_int_equal(fill_every_entity(f->s, &who), 0);
	assert_int_equal(mais_check_run(f->s, NULL, NULL, &sum), 0);
	assert_int_equal(sum.errors, 0);
	/* one of every entity, and the equipment its donation created */
	assert_int_equal(sum.records, ne + 1);
	snprintf(dest, sizeof dest, "%s/backup.gpkg", f->dir);
	assert_int_equal(mais_store_backup(f->s, dest), 0);
	assert_int_equal(mais_store_backup(f->s, dest), MAIS_EEXISTS);
	assert_int_equal(
		mais_store_open(&copy, dest, MAIS_STORE_READONLY, NULL), 0);
	assert_int_equal(mais_check_run(copy, NULL, NULL, &sum), 0);
	assert_int_equal(sum.records, ne + 1);
	assert_int_equal(sum.errors, 0);
	mais_store_close(copy);
}

static void test_newer_schema_is_refused(void **state)
{
	fixture *f = *state;
	mais_store *s;
	sqlite3 *db;

	mais_store_close(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE mais_meta SET value = '99'"
				      " WHERE key = 'schema_version'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(mais_store_open(&s, f->path, 0, NULL),
			 MAIS_EUNSUPPORTED);
	assert_non_null(strstr(mais_error_last(), "newer"));
}

static void test_reference_prefix(void **state)
{
	char path[128];
	mais_store_init_opts o = {.ref_prefix = "BAK"};
	mais_store *s;
	mais_record *r = new_hazard(SQUARE);
	fixture *f = *state;

	snprintf(path, sizeof path, "%s/prefixed.gpkg", f->dir);
	assert_int_equal(mais_store_open(&s, path, MAIS_STORE_CREATE, &o), 0);
	assert_int_equal(mais_store_insert(s, r, &who), 0);
	assert_string_equal(mais_record_reference(r), "BAK-HA-000001");
	mais_store_close(s);
	mais_record_free(r);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, testdb_setup, testdb_teardown)
	const struct CMUnitTest tests[] = {
		T(test_init_refuses_existing_and_missing),
		T(test_insert_gives_identity_version_and_audit),
		T(test_update_and_conflict),
		T(test_bowtie_is_repaired_flagged_and_original_kept),
		T(test_null_geometry_needs_estimated_area),
		T(test_bad_values_name_the_field),
		T(test_failed_write_leaves_nothing),
		T(test_database_error_rolls_back_everything),
		T(test_explicit_transaction_rolls_back),
		T(test_history_is_append_only),
		T(test_every_entity_then_check_and_backup),
		T(test_newer_schema_is_refused),
		T(test_reference_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
