/*
 * test_landrelease.c — the land release accounting rule (landrelease.h)
 * on small databases worked out by hand: a hazard released strip by
 * strip (NTS cancels, TS reduces over the first strip, clearance clears
 * the rest with a polygon partly outside), a point hazard released by
 * numbers, and the refusals (more than remains, dates, closed hazards),
 * each leaving nothing written.  After every step the identity original =
 * cancelled + reduced + cleared + remaining holds to 1e-6 m².
 *
 * Every area comes from GeographicLib's Planimeter (independent of mais),
 *     printf 'lat lon\n...' | Planimeter -p 10
 * whose output is "vertices perimeter_m area_m2".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "service/lr.h"
#include "fill.h"
#include "service/write.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

/* The same polygon measured two ways agrees to a centimetre². */
#define EPS 0.01

/* H, the hazard: 20.00-20.04 E, 40.00-40.01 N.
 *   '40.00 20.00\n40.00 20.04\n40.01 20.04\n40.01 20.00\n'
 *   ->  4 9051.7047520491 3792396.81337 */
#define H_WKT "POLYGON((20 40,20.04 40,20.04 40.01,20 40.01,20 40))"
#define H_M2  3792396.81337
/* A (NTS cancels): 20.00-20.01 E.
 *   '40.00 20.00\n40.00 20.01\n40.01 20.01\n40.01 20.00\n'
 *   ->  4 3928.4471314265 948099.21191 */
#define A_WKT "POLYGON((20 40,20.01 40,20.01 40.01,20 40.01,20 40))"
#define A_M2  948099.21191
/* B (TS reduces): 20.005-20.02 E, over half of A.
 *   '40.00 20.005\n40.00 20.02\n40.01 20.02\n40.01 20.005\n'
 *   ->  4 4782.3234088082 1422148.81680
 * of which new, 20.01-20.02 E:
 *   '40.00 20.01\n40.00 20.02\n40.01 20.02\n40.01 20.01\n'
 *   ->  4 3928.4471314259 948099.21191 */
#define B_WKT	 "POLYGON((20.005 40,20.02 40,20.02 40.01,20.005 40.01,20.005 40))"
#define B_NEW_M2 948099.21191
/* C (clearance): 20.02-20.05 E, of which 20.04-20.05 lies outside H.
 *   '40.00 20.02\n40.00 20.05\n40.01 20.05\n40.01 20.02\n'
 *   ->  4 7343.9522261740 2844297.62202
 * inside, 20.02-20.04 E:
 *   '40.00 20.02\n40.00 20.04\n40.01 20.04\n40.01 20.02\n'
 *   ->  4 5636.1996841745 1896198.42040
 * outside, 20.04-20.05 E:
 *   '40.00 20.04\n40.00 20.05\n40.01 20.05\n40.01 20.04\n'
 *   ->  4 3928.4471314265 948099.21191 */
#define C_WKT	 "POLYGON((20.02 40,20.05 40,20.05 40.01,20.02 40.01,20.02 40))"
#define C_IN_M2	 1896198.42040
#define C_OUT_M2 948099.21191
/* The three pieces have vertices where H has none (on its geodesic
 * edges), so they add up to H less 0.03085 m²: what remains at the end,
 * far under the tolerance (0.01 % of H, 379 m²). */
#define END_REMAINING_M2 (H_M2 - A_M2 - B_NEW_M2 - C_IN_M2)

/* D: 20.10-20.11 E, nowhere near H. */
#define D_WKT "POLYGON((20.1 40,20.11 40,20.11 40.01,20.1 40.01,20.1 40))"

typedef testdb fixture;

/* Inserts a record (status, WKT or NULL, then column/value pairs ending
 * with NULL); its uuid into uuid (37 bytes) when not NULL.  Returns the
 * store's answer. */
static int try_add(fixture *f, char *uuid, const char *entity,
		   const char *status, const char *wkt, ...)
{
	mais_record *r;
	mais_geom *g = NULL;
	const char *col;
	va_list ap;
	int rc;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", status), 0);
	va_start(ap, wkt);
	while ((col = va_arg(ap, const char *))) {
		const char *val = va_arg(ap, const char *);

		if (mais_record_set(r, col, val) != 0)
			fail_msg("%s.%s: %s", entity, col, mais_error_last());
	}
	va_end(ap);
	if (wkt) {
		assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
		assert_int_equal(mais_record_set_geom(r, g), 0);
	}
	rc = fill_create(f->s, r, &who);
	if (uuid && rc == 0)
		snprintf(uuid, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
	return rc;
}

static void hazard(fixture *f, char *uuid, const char *wkt,
		   const char *estimated)
{
	int rc = try_add(f, uuid, "hazard", "approved", wkt, "hazard_class",
			 "cha", "hazard_status", "active", "recorded_date",
			 "2020-01-01", "estimated_area_m2", estimated, NULL);

	if (rc)
		fail_msg("insert hazard: %s", mais_error_last());
}

/* A release of the hazard: method, polygon or number, date. */
static int release(fixture *f, const char *hz, const char *method,
		   const char *wkt, const char *area, const char *date)
{
	return try_add(f, NULL, "land_release", "approved", wkt, "method",
		       method, "hazard_uuid", hz, "area_m2", area,
		       "release_date", date, NULL);
}

static void ok(int rc)
{
	if (rc)
		fail_msg("refused: %s", mais_error_last());
}

/* The store refused with MAIS_EINVAL, naming `field`. */
static void refused(int rc, const char *field)
{
	assert_int_equal(rc, MAIS_EINVAL);
	if (!strstr(mais_error_last(), field))
		fail_msg("'%s' does not name %s", mais_error_last(), field);
}

static long long rows(fixture *f, const char *sql)
{
	return testdb_sql_int(f->path, sql);
}

static long long releases(fixture *f)
{
	return rows(f, "SELECT count(*) FROM land_release");
}

static void assert_area(double got, double want)
{
	if (fabs(got - want) > EPS)
		fail_msg("area %.5f, expected %.5f", got, want);
}

/* The accounting, checked for the identity. */
static mais_lr_account account(fixture *f, const char *hz)
{
	mais_lr_account a;
	double sum;

	assert_int_equal(svc_lr_account(f->s, hz, SVC_LR_APPROVED, &a), 0);
	sum = a.cancelled_m2 + a.reduced_m2 + a.cleared_m2 + a.remaining_m2;
	if (fabs(a.original_m2 - sum) > 1e-6)
		fail_msg("original %.9f != %.9f", a.original_m2, sum);
	return a;
}

static const char *status_of(fixture *f, const char *hz, char *buf)
{
	mais_record *r;

	assert_int_equal(mais_store_get(f->s, "hazard", hz, &r), 0);
	snprintf(buf, 32, "%s", mais_record_get(r, "hazard_status"));
	mais_record_free(r);
	return buf;
}

static int64_t versions(fixture *f, const char *uuid)
{
	int64_t n = 0;

	assert_int_equal(mais_store_version_count(f->s, uuid, &n), 0);
	return n;
}

/* NTS, TS over the NTS strip, clearance partly outside: the hazard
 * closes; dates and excess refused on the way. */
static void test_polygon_hazard_released_and_closed(void **state)
{
	fixture *f = *state;
	char hz[37], st[32];
	mais_lr_account a;

	hazard(f, hz, H_WKT, NULL);
	a = account(f, hz);
	assert_area(a.original_m2, H_M2);
	assert_area(a.remaining_m2, H_M2);

	refused(release(f, hz, "cancelled", A_WKT, NULL, "2999-01-01"),
		"release_date");
	refused(release(f, hz, "cancelled", A_WKT, NULL, "2019-12-31"),
		"release_date");
	assert_int_equal(releases(f), 0);

	ok(release(f, hz, "cancelled", A_WKT, NULL, "2021-01-01"));
	a = account(f, hz);
	assert_area(a.cancelled_m2, A_M2);
	assert_area(a.remaining_m2, H_M2 - A_M2);

	/* the half of B over A was cancelled already: counted once */
	ok(release(f, hz, "reduced", B_WKT, NULL, "2021-02-01"));
	a = account(f, hz);
	assert_area(a.cancelled_m2, A_M2);
	assert_area(a.reduced_m2, B_NEW_M2);
	assert_area(a.remaining_m2, H_M2 - A_M2 - B_NEW_M2);

	/* 1,900,000 m² given as a number: more than the 1,896,198 m² that
	 * remain, beyond the tolerance (379 m²) */
	refused(release(f, hz, "cleared", NULL, "1900000", "2021-03-01"),
		"area_m2");
	assert_int_equal(releases(f), 2);
	assert_int_equal(versions(f, hz), 1);

	/* C is clipped to H; what remains is 0 within the tolerance */
	ok(release(f, hz, "cleared", C_WKT, NULL, "2021-03-01"));
	a = account(f, hz);
	assert_area(a.cleared_m2, C_IN_M2);
	assert_area(a.remaining_m2, END_REMAINING_M2);
	assert_int_equal(a.releases, 3);
	assert_string_equal(status_of(f, hz, st), "closed");
	assert_int_equal(versions(f, hz), 2);
	assert_int_equal(rows(f, "SELECT count(*) FROM mais_audit WHERE "
				 "action = 'close' AND entity = 'hazard'"),
			 1);

	/* C's row holds the inside part; its version keeps C as given */
	assert_int_equal(rows(f, "SELECT count(*) FROM mais_flag WHERE rule = "
				 "'clipped_to_hazard'"),
			 1);
	assert_int_equal(rows(f, "SELECT count(*) FROM mais_version WHERE "
				 "entity = 'land_release' AND geom_original "
				 "IS NOT NULL"),
			 1);
	assert_int_equal(rows(f, "SELECT CAST(round(area_m2) AS INTEGER) "
				 "FROM land_release WHERE method = 'cleared'"),
			 (long long)round(C_IN_M2));

	/* nothing more of a closed hazard */
	refused(release(f, hz, "cancelled", NULL, "10", "2021-04-01"),
		"hazard_uuid");
	assert_int_equal(releases(f), 3);
}

/* A point hazard of an estimated 10,000 m², released by numbers. */
static void test_number_only_releases(void **state)
{
	fixture *f = *state;
	char hz[37], st[32];
	mais_lr_account a;

	hazard(f, hz, "POINT(20 40)", "10000");
	ok(release(f, hz, "cancelled", NULL, "4000", "2021-01-01"));
	a = account(f, hz);
	assert_area(a.original_m2, 10000);
	assert_area(a.cancelled_m2, 4000);
	assert_area(a.remaining_m2, 6000);
	assert_area(a.number_m2, 4000);

	/* the tolerance is the larger of 0.5 m² and 0.01 % (1 m² here) */
	refused(release(f, hz, "cleared", NULL, "6001.5", "2021-02-01"),
		"area_m2");
	assert_int_equal(releases(f), 1);
	assert_string_equal(status_of(f, hz, st), "active");

	ok(release(f, hz, "cleared", NULL, "6000.8", "2021-02-01"));
	a = account(f, hz);
	assert_area(a.cleared_m2, 6000.8);
	assert_area(a.remaining_m2, -0.8);
	assert_string_equal(status_of(f, hz, st), "closed");
	assert_int_equal(versions(f, hz), 2);
}

/* A release wholly outside its hazard is refused; one with no hazard is
 * stored as given (legacy data, BiH); a draft waits for submission. */
static void test_outside_unlinked_and_draft(void **state)
{
	fixture *f = *state;
	char hz[37];
	mais_lr_account a;

	hazard(f, hz, H_WKT, NULL);
	refused(release(f, hz, "cleared", D_WKT, NULL, "2021-01-01"), "geom");
	assert_int_equal(releases(f), 0);

	ok(try_add(f, NULL, "land_release", "approved", D_WKT, "method",
		   "cleared", "release_date", "2021-01-01", NULL));
	assert_int_equal(rows(f, "SELECT count(*) FROM mais_flag"), 0);

	/* a draft releasing all of H (and more) is not counted */
	ok(try_add(f, NULL, "land_release", "draft", NULL, "method", "cleared",
		   "hazard_uuid", hz, "area_m2", "9999999", "release_date",
		   "2021-01-01", NULL));
	a = account(f, hz);
	assert_area(a.remaining_m2, H_M2);
	assert_int_equal(a.releases, 0);
}

/* A write context of the CLI's administrator. */
static void ctx(fixture *f, svc_ctx *c, mais_principal *system)
{
	mais_principal_system(system);
	svc_ctx_init(c, f->s, &who, system);
}

/* The stored release, changed in column to value and updated (an edit:
 * it becomes a draft). */
static int update(fixture *f, const char *uuid, const char *column,
		  const char *value)
{
	mais_principal system;
	mais_record *r;
	svc_ctx c;
	int rc;

	ctx(f, &c, &system);
	assert_int_equal(mais_store_get(f->s, "land_release", uuid, &r), 0);
	assert_int_equal(mais_record_set(r, column, value), 0);
	rc = svc_update(&c, r);
	mais_record_free(r);
	return rc;
}

/* A workflow step on the release. */
static int step(fixture *f, const char *uuid, mais_step s)
{
	mais_principal system;
	svc_ctx c;

	ctx(f, &c, &system);
	return svc_step(&c, "land_release", uuid, s, 0, NULL);
}

/* `mais report hazard DB REF` (MAIS_CLI, set by tests/CMakeLists.txt). */
static char *run_cli(fixture *f, const char *ref)
{
	const char *cli = getenv("MAIS_CLI");
	char cmd[512], *out = calloc(1, 4096);
	size_t n;
	FILE *p;

	assert_non_null(out);
	snprintf(cmd, sizeof cmd, "'%s' report hazard '%s' %s", cli, f->path,
		 ref);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, 4095, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

/* A draft releasing all of H is checked when it is submitted; its
 * approval closes H (a version of H); an edit of it afterwards makes it
 * a draft again, which withdraws the closing: H is active again, with a
 * version that says why. */
static void test_update_closes_and_cli(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37], st[32], *out;

	hazard(f, hz, H_WKT, NULL);
	ok(try_add(f, lr, "land_release", "draft", H_WKT, "method", "cleared",
		   "hazard_uuid", hz, "release_date", "2021-01-01", NULL));
	assert_string_equal(status_of(f, hz, st), "active");
	ok(step(f, lr, MAIS_STEP_SUBMIT));
	assert_string_equal(status_of(f, hz, st), "active");
	ok(step(f, lr, MAIS_STEP_APPROVE));
	assert_string_equal(status_of(f, hz, st), "closed");
	assert_area(account(f, hz).cleared_m2, H_M2);
	assert_int_equal(versions(f, hz), 2);
	/* `mais report hazard` while it is closed: the parts as rows
	 * (cleared), the original area the total */
	if (getenv("MAIS_CLI")) {
		out = run_cli(f, "HA-000001");
		if (!strstr(out, "closed") || !strstr(out, "cleared ") ||
		    !strstr(out, "original ") || !strstr(out, "3792396.8"))
			fail_msg("mais report hazard:\n%s", out);
		free(out);
	}
	ok(update(f, lr, "notes", "checked on site"));
	assert_int_equal(versions(f, lr), 4);
	assert_int_equal(versions(f, hz), 3);
	assert_string_equal(status_of(f, hz, st), "active");
	assert_int_equal(rows(f, "SELECT count(*) FROM hazard WHERE "
				 "status_reason LIKE 'reopened: release %'"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_polygon_hazard_released_and_closed, testdb_setup,
			testdb_teardown),
		cmocka_unit_test_setup_teardown(test_number_only_releases,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_outside_unlinked_and_draft,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_update_closes_and_cli,
						testdb_setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
