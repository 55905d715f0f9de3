/*
 * test_operations.c — the rules of operations.h through the write path
 * (service/write.h): handover only when nothing of the hazard is left
 * (the hazard becomes handed over, with a version of its own), and the
 * same names in one accident flagged as a possible duplicate, never
 * refused nor merged; a stated area more than 10 times off its polygon's
 * flagged on every write.  Expected values are counted by hand from what
 * each test writes, areas by GeographicLib's Planimeter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mais/mais.h"
#include "mais/operations.h"
#include "fill.h"
#include "service/write.h"
#include "testdb.h"

static const mais_actor who = { .user = "tester", .address = "test" };

/* svc_create and svc_update as the CLI's administrator. */
static int insert(testdb *t, mais_record *r)
{
	return fill_create(t->s, r, &who);
}

static int update(testdb *t, mais_record *r)
{
	mais_principal system;
	svc_ctx c;

	mais_principal_system(&system);
	svc_ctx_init(&c, t->s, &who, &system);
	return svc_update(&c, r);
}

/* Stores an approved record of entity with column/value pairs (NULL
 * ends them); returns it (caller frees). */
static mais_record *put(const char *entity, ...)
{
	mais_record *r;
	va_list ap;
	const char *col;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", "approved"), 0);
	va_start(ap, entity);
	while ((col = va_arg(ap, const char *)))
		assert_int_equal(mais_record_set(r, col, va_arg(ap, const char *)),
				 0);
	va_end(ap);
	return r;
}

static void test_handover_needs_nothing_left(void **state)
{
	testdb *t = *state;
	mais_record *hz = put("hazard", "hazard_class", "sha",
			      "hazard_status", "active", "estimated_area_m2",
			      "10000", NULL);
	mais_record *done, *lr, *again, *now;
	int64_t n;

	assert_int_equal(insert(t, hz), 0);
	/* 10,000 m² remain: a completion is refused, nothing written */
	done = put("activity", "activity_type", "completion", "hazard_uuid",
		   mais_record_uuid(hz), "handover_women", "4", NULL);
	assert_int_equal(insert(t, done), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "activity.activity_type"));
	assert_non_null(strstr(mais_error_last(), "10000.0 m²"));
	assert_int_equal(testdb_sql_int(t->path, "SELECT count(*) FROM activity"),
			 0);
	/* all of it cancelled (a number): the hazard closes */
	lr = put("land_release", "hazard_uuid", mais_record_uuid(hz),
		 "method", "cancelled", "area_m2", "10000", NULL);
	assert_int_equal(insert(t, lr), 0);
	mais_record_free(done);
	done = put("activity", "activity_type", "completion", "hazard_uuid",
		   mais_record_uuid(hz), "handover_women", "4", NULL);
	assert_int_equal(insert(t, done), 0);
	assert_int_equal(mais_store_get(t->s, "hazard", mais_record_uuid(hz),
					&now),
			 0);
	assert_string_equal(mais_record_get(now, "hazard_status"),
			    "handed_over");
	/* versions: created, closed by the release, handed over */
	assert_int_equal(mais_store_version_count(t->s, mais_record_uuid(hz),
						  &n),
			 0);
	assert_int_equal(n, 3);
	again = put("activity", "activity_type", "completion",
		    "hazard_uuid", mais_record_uuid(hz), NULL);
	assert_int_equal(insert(t, again), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "handed over already"));
	mais_record_free(hz);
	mais_record_free(lr);
	mais_record_free(done);
	mais_record_free(again);
	mais_record_free(now);
}

/* The flags of the latest version of victim v with the rule. */
static long long dup_flags(testdb *t, const mais_record *v)
{
	char q[256];

	snprintf(q, sizeof q,
		 "SELECT count(*) FROM mais_flag WHERE rule = "
		 "'possible_duplicate' AND record_uuid = '%s'",
		 mais_record_uuid(v));
	return testdb_sql_int(t->path, q);
}

static void test_same_names_flagged_not_refused(void **state)
{
	testdb *t = *state;
	mais_record *acc = put("accident", "accident_date", "2021-05-04",
			       NULL);
	mais_record *v1, *v2, *v3, *v4, *v5;
	char q[256];

	assert_int_equal(insert(t, acc), 0);
	v1 = put("victim", "accident_uuid", mais_record_uuid(acc),
		 "given_name", "Amina", "family_name", "Hadžić", NULL);
	assert_int_equal(insert(t, v1), 0);
	/* the same names, typed without accents and in capitals: stored,
	 * flagged naming the first (two rows are two people until someone
	 * checks) */
	v2 = put("victim", "accident_uuid", mais_record_uuid(acc),
		 "given_name", "AMINA", "family_name", "hadzic", NULL);
	assert_int_equal(insert(t, v2), 0);
	assert_int_equal(dup_flags(t, v2), 1);
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM mais_flag WHERE record_uuid = '%s'"
		 " AND message LIKE '%%%s%%'",
		 mais_record_uuid(v2), mais_record_reference(v1));
	assert_int_equal(testdb_sql_int(t->path, q), 1);
	assert_int_equal(dup_flags(t, v1), 0);
	/* another person, and two identical rows with no names (separate
	 * people, never merged): stored, not flagged */
	v3 = put("victim", "accident_uuid", mais_record_uuid(acc),
		 "given_name", "Amina", "family_name", "Begić", NULL);
	assert_int_equal(insert(t, v3), 0);
	v4 = put("victim", "accident_uuid", mais_record_uuid(acc), "sex",
		 "male", NULL);
	v5 = put("victim", "accident_uuid", mais_record_uuid(acc), "sex",
		 "male", NULL);
	assert_int_equal(insert(t, v4), 0);
	assert_int_equal(insert(t, v5), 0);
	assert_int_equal(testdb_sql_int(t->path, "SELECT count(*) FROM victim"),
			 5);
	assert_int_equal(dup_flags(t, v3) + dup_flags(t, v4) +
				 dup_flags(t, v5),
			 0);
	/* an update of the first compares with the others, not itself:
	 * v2 has its names, so its new version is flagged too */
	assert_int_equal(mais_record_set(v1, "age", "12"), 0);
	assert_int_equal(update(t, v1), 0);
	assert_int_equal(dup_flags(t, v1), 1);
	mais_record_free(acc);
	mais_record_free(v1);
	mais_record_free(v2);
	mais_record_free(v3);
	mais_record_free(v4);
	mais_record_free(v5);
}

/* The area_mismatch flags of the latest version of r. */
static long long area_flags(testdb *t, const mais_record *r)
{
	char q[256];

	snprintf(q, sizeof q,
		 "SELECT count(*) FROM mais_flag f WHERE rule = "
		 "'area_mismatch' AND record_uuid = '%s' AND version = (SELECT "
		 "max(version) FROM mais_version WHERE record_uuid = '%s')",
		 mais_record_uuid(r), mais_record_uuid(r));
	return testdb_sql_int(t->path, q);
}

/* A record of entity with the geometry wkt and one column set, stored;
 * returns its area_mismatch flags (the record in *out, caller frees). */
static long long stated(testdb *t, const char *entity, const char *wkt,
			const char *col, const char *value, mais_record **out)
{
	mais_record *r = strcmp(entity, "hazard")
				 ? put(entity, "method", "cleared", col, value,
				       NULL)
				 : put(entity, "hazard_class", "sha",
				       "hazard_status", "active", col, value,
				       NULL);
	mais_geom *g;

	assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
	assert_int_equal(mais_record_set_geom(r, g), 0);
	assert_int_equal(insert(t, r), 0);
	*out = r;
	return area_flags(t, r);
}

/*
 * The 0.01-degree square at 44 E 40 N has a geodesic area of
 * 948,099.212 m² (GeographicLib's Planimeter -p 8 on its four corners),
 * so a stated area is within 10 times of it from 94,809.9212 m² to
 * 9,480,992.12 m²: 94,810 passes, 94,809 is flagged; 0.948 (km² read as
 * m²) and 94.81 (ha read as m²) are flagged; a point has no area to
 * compare with.  Written through the write path (svc_create,
 * svc_update), not an import.
 */
static void test_area_mismatch_flagged(void **state)
{
	static const char *square = "POLYGON((44 40,44.01 40,44.01 40.01,"
				    "44 40.01,44 40))";
	testdb *t = *state;
	mais_record *r[7];

	assert_int_equal(stated(t, "hazard", square, "estimated_area_m2",
				"948100", &r[0]), 0);
	assert_int_equal(stated(t, "hazard", square, "estimated_area_m2",
				"94810", &r[1]), 0);
	assert_int_equal(stated(t, "hazard", square, "estimated_area_m2",
				"94809", &r[2]), 1);
	assert_int_equal(stated(t, "hazard", square, "estimated_area_m2",
				"0.948", &r[3]), 1);
	assert_int_equal(stated(t, "hazard", "POINT(44.3 40.05)",
				"estimated_area_m2", "5", &r[4]), 0);
	assert_int_equal(stated(t, "land_release", square, "area_m2",
				"94.81", &r[5]), 1);
	assert_int_equal(stated(t, "land_release", square, "notes",
				"area from the polygon", &r[6]), 0);
	/* the flag names the field, and both areas */
	assert_int_equal(
		testdb_sql_int(t->path,
			       "SELECT count(*) FROM mais_flag WHERE message"
			       " LIKE 'hazard.estimated_area_m2: 0.948 m² stated,"
			       " but its polygon''s geodesic area is 948099.2%'"),
		1);
	/* an update that states a wrong area is flagged in its version (the
	 * hazard as stored now: the release r[5] over the same square closed
	 * it, a version of its own) */
	{
		mais_record *now = NULL;

		assert_int_equal(mais_store_get(t->s, "hazard",
						mais_record_uuid(r[0]), &now),
				 0);
		mais_record_free(r[0]);
		r[0] = now;
	}
	assert_int_equal(mais_record_set(r[0], "estimated_area_m2", "948.1"),
			 0);
	if (update(t, r[0]) != 0)
		fail_msg("update: %s", mais_error_last());
	assert_int_equal(area_flags(t, r[0]), 1);
	for (size_t i = 0; i < 7; i++)
		mais_record_free(r[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handover_needs_nothing_left,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_same_names_flagged_not_refused,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_area_mismatch_flagged,
						testdb_setup, testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
