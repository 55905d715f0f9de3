/*
 * test_report_filters.c — the filters of the reports (report_sheet.c,
 * mais_report_counts): an admin area counts the records of the areas
 * within it — under it by parent_uuid, or lying in its polygon when the
 * boundaries name no parent —, a victim where its accident is, a release
 * of a hazard where its hazard is; an organisation counts its teams' and
 * narrows the user's scope without widening it.  Figures counted by hand
 * on a small database:
 *
 *   country C (level 0): the square 0..10 x 0..10
 *   D1 (level 1), in C's polygon, no parent; D2 (level 1) outside C's
 *   polygon but its parent is C; E (level 1) outside C, no parent
 *   EO: 2 items in D1, 3 in D2, 5 in E
 *   accidents in D1 and E, a victim each
 *   hazard H in D1 with a release (cleared) whose own admin area is E
 *   organisations A (team T under it) and B; an EO item of T (7 items)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mais/landrelease.h"
#include "service/report.h"
#include "testdb.h"

typedef struct places {
	char c[37], d1[37], d2[37], e[37], a[37], b[37], t[37];
} places;

static places P;

#define SQUARE(x0, y0, x1, y1)                                          \
	"POLYGON((" #x0 " " #y0 "," #x1 " " #y0 "," #x1 " " #y1 "," #x0 \
	" " #y1 "," #x0 " " #y0 "))"

static void keep(char out[37], const char *uuid)
{
	snprintf(out, 37, "%s", uuid);
}

static void add_eo(testdb *t, const char *area, const char *org,
		   const char *qty)
{
	testdb_add(t, "eo_item", "approved", "POINT(1 1)", "eo_category",
		   "ap_mine", "fate", "destroyed_in_situ", "quantity", qty,
		   "admin_area_uuid", area, "organisation_uuid", org, NULL);
}

static void build(testdb *t)
{
	char acc[37], hz[37];

	keep(P.c, testdb_add(t, "admin_area", "approved", SQUARE(0, 0, 10, 10),
			     "name", "C", "level", "0", NULL));
	keep(P.d1, testdb_add(t, "admin_area", "approved", SQUARE(1, 1, 3, 3),
			      "name", "D1", "level", "1", NULL));
	keep(P.d2,
	     testdb_add(t, "admin_area", "approved", SQUARE(20, 20, 22, 22),
			"name", "D2", "level", "1", "parent_uuid", P.c, NULL));
	keep(P.e,
	     testdb_add(t, "admin_area", "approved", SQUARE(30, 30, 32, 32),
			"name", "E", "level", "1", NULL));
	keep(P.a, testdb_add(t, "organisation", "approved", NULL, "name", "A",
			     "org_type", "operator_ngo", NULL));
	keep(P.b, testdb_add(t, "organisation", "approved", NULL, "name", "B",
			     "org_type", "operator_ngo", NULL));
	keep(P.t, testdb_add(t, "organisation", "approved", NULL, "name", "T",
			     "org_type", "team", "parent_uuid", P.a, NULL));
	add_eo(t, P.d1, NULL, "2");
	add_eo(t, P.d2, NULL, "3");
	add_eo(t, P.e, NULL, "5");
	add_eo(t, NULL, P.t, "7");
	keep(acc, testdb_add(t, "accident", "approved", "POINT(2 2)",
			     "accident_date", "2021-05-01", "admin_area_uuid",
			     P.d1, NULL));
	testdb_add(t, "victim", "approved", NULL, "accident_uuid", acc,
		   "outcome", "injured", NULL);
	keep(acc, testdb_add(t, "accident", "approved", "POINT(31 31)",
			     "accident_date", "2021-05-01", "admin_area_uuid",
			     P.e, NULL));
	testdb_add(t, "victim", "approved", NULL, "accident_uuid", acc,
		   "outcome", "killed", NULL);
	keep(hz, testdb_add(t, "hazard", "approved", SQUARE(1, 1, 1.01, 1.01),
			    "hazard_class", "sha", "hazard_status", "active",
			    "admin_area_uuid", P.d1, NULL));
	testdb_add(t, "land_release", "approved", SQUARE(1, 1, 1.005, 1.005),
		   "hazard_uuid", hz, "method", "cleared", "admin_area_uuid",
		   P.e, NULL);
}

/* The total's member key of report name with the options given as pairs
 * (name, value, ..., NULL), and the user's scope (NULL: all). */
static json_t *total_of(testdb *t, const char *name, const char *const *scope,
			size_t nscope, ...)
{
	const svc_report *r = svc_report_find(name);
	svc_report_args a;
	mais_sheet *sh = NULL;
	const char *k;
	json_t *j, *total;
	va_list ap;

	svc_report_args_init(r, &a);
	a.o.orgs = scope;
	a.o.norgs = nscope;
	va_start(ap, nscope);
	while ((k = va_arg(ap, const char *)))
		assert_int_equal(svc_report_set(r, &a, k, va_arg(ap, char *)),
				 0);
	va_end(ap);
	if (svc_report_sheet(t->s, r, &a, &sh))
		fail_msg("%s: %s", name, mais_error_last());
	j = mais_sheet_json(sh);
	total = json_incref(json_object_get(j, "total"));
	json_decref(j);
	mais_sheet_free(sh);
	return total;
}

static json_int_t int_of(json_t *total, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(total, key));

	json_decref(total);
	return v;
}

static double real_of(json_t *total, const char *key)
{
	double v = json_number_value(json_object_get(total, key));

	json_decref(total);
	return v;
}

/* C takes D1 by its polygon and D2 by its parent; not E. */
static void test_admin_area_within(void **state)
{
	testdb *t = *state;

	build(t);
	assert_int_equal(int_of(total_of(t, "eo", NULL, 0, NULL), "items"), 17);
	assert_int_equal(
		int_of(total_of(t, "eo", NULL, 0, "admin-area", P.c, NULL),
		       "items"),
		5);
	assert_int_equal(
		int_of(total_of(t, "eo", NULL, 0, "admin-area", P.e, NULL),
		       "items"),
		5);
	assert_int_equal(
		int_of(total_of(t, "eo", NULL, 0, "admin-area", P.d2, NULL),
		       "items"),
		3);
}

/* A victim is where its accident is. */
static void test_victim_by_accident(void **state)
{
	testdb *t = *state;

	build(t);
	assert_int_equal(int_of(total_of(t, "casualties", NULL, 0, "admin-area",
					 P.c, NULL),
				"victims"),
			 1);
	assert_int_equal(
		int_of(total_of(t, "casualties", NULL, 0, NULL), "victims"), 2);
}

/* A release of a hazard counts where its hazard is, whatever its own
 * admin area says, so that the hazard's figures keep it. */
static void test_release_with_its_hazard(void **state)
{
	testdb *t = *state;
	json_t *c, *e;

	build(t);
	c = total_of(t, "land-release", NULL, 0, "admin-area", P.c, NULL);
	e = total_of(t, "land-release", NULL, 0, "admin-area", P.e, NULL);
	assert_int_equal(json_integer_value(json_object_get(c, "releases")), 1);
	assert_true(json_number_value(json_object_get(c, "cleared_m2")) > 0);
	assert_int_equal(json_integer_value(json_object_get(e, "releases")), 0);
	assert_int_equal(json_integer_value(json_object_get(e, "hazards")), 0);
	json_decref(c);
	json_decref(e);
}

/* An organisation counts its teams; within a user's scope it narrows,
 * never widens. */
static void test_organisation_and_scope(void **state)
{
	testdb *t = *state;
	const char *scope_b[] = {P.b};

	build(t);
	assert_int_equal(
		int_of(total_of(t, "eo", NULL, 0, "organisation", P.a, NULL),
		       "items"),
		7);
	assert_int_equal(
		int_of(total_of(t, "eo", scope_b, 1, "organisation", P.a, NULL),
		       "items"),
		0);
	assert_int_equal(int_of(total_of(t, "eo", scope_b, 1, NULL), "items"),
			 0);
}

/* A filter that names nothing is MAIS_ENOTFOUND. */
static void test_unknown_area(void **state)
{
	testdb *t = *state;
	const svc_report *r = svc_report_find("eo");
	svc_report_args a;
	mais_sheet *sh = NULL;

	build(t);
	svc_report_args_init(r, &a);
	assert_int_equal(svc_report_set(r, &a, "admin_area", "AA-999999"), 0);
	assert_int_equal(svc_report_sheet(t->s, r, &a, &sh), MAIS_ENOTFOUND);
	assert_null(sh);
}

/* released_m2 is the work within and outside hazards, by method. */
static void test_row_released(void **state)
{
	mais_lr_row r = {.cancelled_by_releases_m2 = 1,
			 .outside_cancelled_m2 = 2,
			 .reduced_by_releases_m2 = 4,
			 .outside_reduced_m2 = 8,
			 .cleared_by_releases_m2 = 16,
			 .outside_cleared_m2 = 32};

	(void)state;
	assert_true(mais_lr_row_released(&r, MAIS_LR_CANCELLED) == 3);
	assert_true(mais_lr_row_released(&r, MAIS_LR_REDUCED) == 12);
	assert_true(mais_lr_row_released(&r, MAIS_LR_CLEARED) == 48);
	assert_true(mais_lr_row_released(&r, -1) == 63);
}

/* The headline figures are those of the reports they name. */
static void test_headline_of_reports(void **state)
{
	testdb *t = *state;
	double remaining;

	build(t);
	remaining = real_of(total_of(t, "land-release", NULL, 0, "by", "year",
				     "admin-area", P.c, NULL),
			    "remaining_m2");
	assert_true(real_of(total_of(t, "headline", NULL, 0, "year", "2021",
				     "admin-area", P.c, NULL),
			    "area_remaining_m2") == remaining);
	assert_int_equal(int_of(total_of(t, "headline", NULL, 0, "year", "2021",
					 "admin-area", P.c, NULL),
				"casualties"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_admin_area_within,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_victim_by_accident,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_release_with_its_hazard,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_organisation_and_scope,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_area, testdb_setup,
						testdb_teardown),
		cmocka_unit_test(test_row_released),
		cmocka_unit_test_setup_teardown(test_headline_of_reports,
						testdb_setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
