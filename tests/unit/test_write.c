/*
 * test_write.c — the write path of the use-case layer (service/write.h),
 * read back from the database with plain SQL:
 *
 *   - effects only on approval: a hazard stays active while the release
 *     that empties it is submitted, closes (a version of its own, with
 *     the reason) when it is approved, and reopens (another version) when
 *     an edit sends that release back to draft; a release rejected before
 *     approval never had an effect; a closed hazard reopened by an
 *     explicit act with a reason;
 *   - a completion hands over its hazard only when approved, and the
 *     handover is withdrawn by an edit;
 *   - a donation's equipment is created in its status, approved with it,
 *     and a draft again when the donation is edited;
 *   - the workflow state machine (409-like MAIS_ESTATE, a reason for a
 *     rejection);
 *   - the admin area of a record from its location, on every write;
 *   - "today" in the programme's time zone, not UTC.
 *
 * The hazard H is a 0.01° square at 20-20.01 E, 40-40.01 N; figures are
 * counted by hand from what each test writes.
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
#include "fill.h"
#include "service/lr.h"
#include "service/report.h"
#include "service/today.h"
#include "service/write.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

#define H_WKT "POLYGON((20 40,20.01 40,20.01 40.01,20 40.01,20 40))"

typedef struct fixture {
	testdb db;
	mais_principal system;
	svc_ctx c;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f || testdb_open(&f->db) < 0)
		return -1;
	mais_principal_system(&f->system);
	svc_ctx_init(&f->c, f->db.s, &who, &f->system);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	testdb_close(&f->db);
	free(f);
	svc_today_test_clock(0);
	return 0;
}

/* A new record (status, WKT or NULL, column/value pairs ending with
 * NULL), not stored; the caller frees it. */
static mais_record *make(const char *entity, const char *status,
			 const char *wkt, va_list ap)
{
	mais_record *r;
	mais_geom *g = NULL;
	const char *col;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", status), 0);
	while ((col = va_arg(ap, const char *))) {
		const char *val = va_arg(ap, const char *);

		if (mais_record_set(r, col, val) != 0)
			fail_msg("%s.%s: %s", entity, col, mais_error_last());
	}
	if (wkt) {
		assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
		assert_int_equal(mais_record_set_geom(r, g), 0);
	}
	return r;
}

/* svc_create of such a record: its answer; uuid (37 bytes) when not
 * NULL. */
static int create(fixture *f, char *uuid, const char *entity,
		  const char *status, const char *wkt, ...)
{
	mais_record *r;
	va_list ap;
	int rc;

	va_start(ap, wkt);
	r = make(entity, status, wkt, ap);
	va_end(ap);
	rc = svc_create(&f->c, r);
	if (uuid && rc == 0)
		snprintf(uuid, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
	return rc;
}

static void ok(int rc)
{
	if (rc)
		fail_msg("refused: %s", mais_error_last());
}

static long long sql(fixture *f, const char *fmt, ...)
{
	char q[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	return testdb_sql_int(f->db.path, q);
}

static int step(fixture *f, const char *entity, const char *uuid, mais_step s,
		const char *reason)
{
	return svc_step(&f->c, entity, uuid, s, 0, reason);
}

/* An edit of one column of a stored record. */
static int edit(fixture *f, const char *entity, const char *uuid,
		const char *column, const char *value)
{
	mais_record *r;
	int rc;

	assert_int_equal(mais_store_get(f->db.s, entity, uuid, &r), 0);
	assert_int_equal(mais_record_set(r, column, value), 0);
	rc = svc_update(&f->c, r);
	mais_record_free(r);
	return rc;
}

/* 1 if the hazard's hazard_status is status. */
static long long hazard_is(fixture *f, const char *uuid, const char *status)
{
	return sql(f,
		   "SELECT count(*) FROM hazard WHERE uuid = '%s' AND "
		   "hazard_status = '%s'",
		   uuid, status);
}

/* 1 if the hazard's status_reason is LIKE pattern. */
static long long hazard_reason(fixture *f, const char *uuid,
			       const char *pattern)
{
	return sql(f,
		   "SELECT count(*) FROM hazard WHERE uuid = '%s' AND "
		   "status_reason LIKE '%s'",
		   uuid, pattern);
}

static long long versions(fixture *f, const char *uuid)
{
	return sql(f,
		   "SELECT count(*) FROM mais_version WHERE record_uuid = "
		   "'%s'",
		   uuid);
}

static void hazard(fixture *f, char *uuid)
{
	ok(create(f, uuid, "hazard", "approved", H_WKT, "hazard_class", "cha",
		  "hazard_status", "active", "recorded_date", "2020-01-01",
		  NULL));
}

/* The release clearing all of H, created as a draft and submitted. */
static void clearing(fixture *f, const char *hz, char *uuid)
{
	ok(create(f, uuid, "land_release", "draft", H_WKT, "method", "cleared",
		  "hazard_uuid", hz, "release_date", "2021-01-01", NULL));
	ok(step(f, "land_release", uuid, MAIS_STEP_SUBMIT, NULL));
}

static void test_close_only_on_approval_and_reopen(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37];

	hazard(f, hz);
	clearing(f, hz, lr);
	/* submitted: counted by the over-release check, closes nothing */
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(versions(f, hz), 1);
	ok(step(f, "land_release", lr, MAIS_STEP_VERIFY, NULL));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	/* approved: H closes, in a version of its own saying why */
	ok(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(hazard_is(f, hz, "closed"), 1);
	assert_int_equal(versions(f, hz), 2);
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM mais_version WHERE "
			     "record_uuid = '%s' AND version = 2 AND state "
			     "LIKE '%%closed: release LR-000001 approved%%'",
			     hz),
			 1);
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM mais_audit WHERE "
			     "record_uuid = '%s' AND action = 'close'",
			     hz),
			 1);
	/* an edit of the approved release: a draft again, and H reopens */
	ok(edit(f, "land_release", lr, "notes", "re-measured"));
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM land_release WHERE uuid = "
			     "'%s' AND status = 'draft'",
			     lr),
			 1);
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(versions(f, hz), 3);
	assert_int_equal(hazard_reason(f, hz,
				       "reopened: release LR-000001 is no "
				       "longer approved (draft)%"),
			 1);
}

static void test_rejected_never_had_an_effect(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37];

	hazard(f, hz);
	clearing(f, hz, lr);
	assert_int_equal(step(f, "land_release", lr, MAIS_STEP_REJECT, NULL),
			 MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "land_release.reason"));
	ok(step(f, "land_release", lr, MAIS_STEP_REJECT, "wrong polygon"));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(versions(f, hz), 1);
	/* rejected -> approved is no step: MAIS_ESTATE, nothing written */
	assert_int_equal(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL),
			 MAIS_ESTATE);
	assert_int_equal(versions(f, lr), 3);
	/* resubmitted, it is checked and counted again */
	ok(step(f, "land_release", lr, MAIS_STEP_SUBMIT, NULL));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
}

static void test_explicit_reopen(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37];

	hazard(f, hz);
	clearing(f, hz, lr);
	ok(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(hazard_is(f, hz, "closed"), 1);
	assert_int_equal(svc_hazard_reopen(&f->c, hz, 0, NULL), MAIS_EINVAL);
	assert_int_equal(svc_hazard_reopen(&f->c, hz, 1, "an AP mine found"),
			 MAIS_ECONFLICT);
	ok(svc_hazard_reopen(&f->c, hz, 2, "an AP mine found"));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(versions(f, hz), 3);
	assert_int_equal(hazard_reason(f, hz, "reopened: an AP mine found"), 1);
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM mais_audit WHERE "
			     "record_uuid = '%s' AND action = 'reopen'",
			     hz),
			 1);
	/* an active hazard is not reopened */
	assert_int_equal(svc_hazard_reopen(&f->c, hz, 0, "again"), MAIS_ESTATE);
	assert_int_equal(versions(f, hz), 3);
}

static void test_handover_on_approval(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37], act[37];

	hazard(f, hz);
	clearing(f, hz, lr);
	/* a completion is written once nothing is left to release (the
	 * submitted release counts), and hands over nothing until approved */
	ok(create(f, act, "activity", "submitted", NULL, "activity_type",
		  "completion", "hazard_uuid", hz, NULL));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	/* approved while its clearance is only submitted: refused, nothing
	 * handed over (the approved releases leave the hazard to release) */
	assert_int_equal(step(f, "activity", act, MAIS_STEP_APPROVE, NULL),
			 MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "remain"));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(versions(f, hz), 1);
	ok(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(hazard_is(f, hz, "closed"), 1);
	ok(step(f, "activity", act, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(hazard_is(f, hz, "handed_over"), 1);
	assert_int_equal(versions(f, hz), 3); /* created, closed, handed */
	/* a second completion: the hazard is handed over already */
	assert_int_equal(create(f, NULL, "activity", "submitted", NULL,
				"activity_type", "completion", "hazard_uuid",
				hz, NULL),
			 MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "handed over already"));
	/* the completion edited: the handover is withdrawn (closed again) */
	ok(edit(f, "activity", act, "notes", "date corrected"));
	assert_int_equal(hazard_is(f, hz, "closed"), 1);
	assert_int_equal(versions(f, hz), 4);
	assert_int_equal(hazard_reason(f, hz, "handover withdrawn%"), 1);
}

static void test_donation_assets_follow_approval(void **state)
{
	fixture *f = *state;
	char donor[37], don[37];

	ok(create(f, donor, "organisation", "approved", NULL, "org_type",
		  "donor", "name", "France", NULL));
	ok(create(f, don, "donation", "submitted", NULL, "donor_uuid", donor,
		  "donation_date", "2022-07-15", "equipment_type", "detector",
		  "quantity", "3", "serials", "F1;F2;F3", NULL));
	/* created with it, in its status: not yet counted */
	assert_int_equal(sql(f, "SELECT count(*) FROM equipment WHERE "
				"status = 'submitted'"),
			 3);
	ok(step(f, "donation", don, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(sql(f, "SELECT count(*) FROM equipment WHERE status "
				"= 'approved' AND status_reason = 'approved "
				"with donation DN-000001'"),
			 3);
	/* an edit of the donation: its equipment is a draft again */
	ok(edit(f, "donation", don, "notes", "customs papers"));
	assert_int_equal(sql(f, "SELECT count(*) FROM equipment WHERE "
				"status = 'draft'"),
			 3);
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_version v JOIN "
				"equipment e ON v.record_uuid = e.uuid"),
			 9);
}

/* West: 17.9-18.0 E, 43.9-44.1 N; a hazard created inside it through the
 * write path gets it, one outside stays unassigned, one whose user set
 * an area keeps it. */
static void test_admin_area_from_location(void **state)
{
	fixture *f = *state;
	char west[37], east[37], a[37], b[37], c[37];

	ok(create(f, west, "admin_area", "approved",
		  "MULTIPOLYGON(((17.9 43.9,18 43.9,18 44.1,17.9 44.1,"
		  "17.9 43.9)))",
		  "level", "1", "name", "West", NULL));
	ok(create(f, east, "admin_area", "approved",
		  "MULTIPOLYGON(((18 43.9,18.1 43.9,18.1 44.1,18 44.1,"
		  "18 43.9)))",
		  "level", "1", "name", "East", NULL));
	ok(create(f, a, "hazard", "draft", "POINT(17.95 44)", "hazard_class",
		  "indication", "hazard_status", "active", NULL));
	ok(create(f, b, "hazard", "draft", "POINT(19.5 44)", "hazard_class",
		  "indication", "hazard_status", "active", NULL));
	ok(create(f, c, "hazard", "draft", "POINT(17.95 44)", "hazard_class",
		  "indication", "hazard_status", "active", "admin_area_uuid",
		  east, NULL));
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM hazard WHERE uuid = '%s' "
			     "AND admin_area_uuid = '%s'",
			     a, west),
			 1);
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM hazard WHERE uuid = '%s' "
			     "AND admin_area_uuid IS NULL",
			     b),
			 1);
	assert_int_equal(sql(f,
			     "SELECT count(*) FROM hazard WHERE uuid = '%s' "
			     "AND admin_area_uuid = '%s'",
			     c, east),
			 1);
}

/* 2024-06-30T21:30Z is 2024-07-01 01:30 in Baku (UTC+4): a release of
 * 2024-07-01 is today's there, tomorrow's in UTC. */
static void test_today_in_the_programmes_time_zone(void **state)
{
	fixture *f = *state;
	char hz[37], today[11];

	svc_today_test_clock(1719783000);
	hazard(f, hz);
	ok(svc_today(f->db.s, today));
	assert_string_equal(today, "2024-06-30");
	assert_int_equal(create(f, NULL, "land_release", "draft", NULL,
				"method", "cancelled", "area_m2", "10",
				"hazard_uuid", hz, "release_date", "2024-07-01",
				NULL),
			 MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(),
			       "land_release.release_date: 2024-07-01 is in "
			       "the future"));
	assert_int_equal(svc_set_time_zone(f->db.s, "Mars/Olympus", &who),
			 MAIS_EINVAL);
	ok(svc_set_time_zone(f->db.s, "Asia/Baku", &who));
	ok(svc_today(f->db.s, today));
	assert_string_equal(today, "2024-07-01");
	f->c.today[0] = '\0'; /* a new context reads the setting again */
	ok(create(f, NULL, "land_release", "draft", NULL, "method", "cancelled",
		  "area_m2", "10", "hazard_uuid", hz, "release_date",
		  "2024-07-01", NULL));
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_meta WHERE key = "
				"'time_zone' AND value = 'Asia/Baku'"),
			 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_audit WHERE "
				"action = 'setting' AND detail = "
				"'time_zone=Asia/Baku'"),
			 1);
}

/* Review, defect 1: a hazard recorded inside an earlier one owns no land
 * in the reports, but closes only when its own polygon is released.  H
 * is 20-20.01 E; D, recorded later, is its west half; a small release of
 * D (a 0.001° square) closes nothing; D's account says its polygon is
 * nearly all there. */
static void test_hazard_inside_earlier_closes_on_its_polygon(void **state)
{
	fixture *f = *state;
	char h[37], d[37], lr[37];
	mais_lr_account a;

	hazard(f, h);
	ok(create(f, d, "hazard", "approved",
		  "POLYGON((20 40,20.005 40,20.005 40.01,20 40.01,20 40))",
		  "hazard_class", "cha", "hazard_status", "active",
		  "recorded_date", "2022-01-01", NULL));
	ok(create(f, lr, "land_release", "approved",
		  "POLYGON((20 40,20.001 40,20.001 40.001,20 40.001,20 40))",
		  "method", "cleared", "hazard_uuid", d, "release_date",
		  "2023-01-01", NULL));
	assert_int_equal(hazard_is(f, d, "active"), 1);
	assert_int_equal(hazard_is(f, h, "active"), 1);
	ok(svc_lr_account(f->db.s, d, SVC_LR_APPROVED, &a));
	/* in the reports, D's land is H's: it owns (nearly) nothing */
	assert_true(a.original_m2 < 1);
	/* its polygon: 0.005° x 0.01° at 40 N, about 474,000 m², less the
	 * 0.001° square, about 9,480 m² */
	assert_true(a.polygon_m2 > 470000 && a.polygon_m2 < 480000);
	assert_true(a.polygon_released_m2 > 9000 && a.polygon_released_m2 < 10000);
	assert_true(a.polygon_remaining_m2 > 460000);
}

/* Review, defect 6: a release with no hazard that covers an approved
 * hazard closes it when it is approved. */
static void test_unlinked_release_closes_what_it_covers(void **state)
{
	fixture *f = *state;
	char h[37], lr[37];

	hazard(f, h);
	ok(create(f, lr, "land_release", "submitted",
		  "POLYGON((19.99 39.99,20.02 39.99,20.02 40.02,19.99 40.02,"
		  "19.99 39.99))",
		  "method", "cleared", "release_date", "2021-01-01", NULL));
	assert_int_equal(hazard_is(f, h, "active"), 1);
	ok(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(hazard_is(f, h, "closed"), 1);
	assert_int_equal(hazard_reason(f, h, "closed: release LR-000001 "
					     "approved%"),
			 1);
	/* an edit of that release reopens it */
	ok(edit(f, "land_release", lr, "notes", "re-measured"));
	assert_int_equal(hazard_is(f, h, "active"), 1);
}

/* Review, defect 3: editing the release of a handed-over hazard withdraws
 * the land: the hazard is active again, with the reason. */
static void test_handed_over_reopens_when_release_withdrawn(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37], act[37];

	hazard(f, hz);
	clearing(f, hz, lr);
	ok(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL));
	ok(create(f, act, "activity", "approved", NULL, "activity_type",
		  "completion", "hazard_uuid", hz, NULL));
	assert_int_equal(hazard_is(f, hz, "handed_over"), 1);
	ok(edit(f, "land_release", lr, "notes", "re-measured"));
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(hazard_reason(f, hz, "reopened: release LR-000001 is "
					      "no longer approved (draft)%"),
			 1);
}

/* The hazard's polygon changed to wkt, the edit submitted and approved. */
static void new_polygon(fixture *f, const char *hz, const char *wkt)
{
	mais_record *r;
	mais_geom *g;

	assert_int_equal(mais_store_get(f->db.s, "hazard", hz, &r), 0);
	assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
	assert_int_equal(mais_record_set_geom(r, g), 0);
	ok(svc_update(&f->c, r));
	mais_record_free(r);
	ok(step(f, "hazard", hz, MAIS_STEP_SUBMIT, NULL));
	ok(step(f, "hazard", hz, MAIS_STEP_APPROVE, NULL));
}

/* Review, defect 2: an approved release keeps its land when its hazard's
 * polygon shrinks (the part beyond the new polygon is released outside
 * recorded hazards); a closed hazard whose polygon grows is reopened. */
static void test_hazard_edit_keeps_released_land(void **state)
{
	fixture *f = *state;
	char hz[37], lr[37];
	mais_report_opts o;
	mais_lr_report *before, *after;

	hazard(f, hz);
	clearing(f, hz, lr);
	ok(step(f, "land_release", lr, MAIS_STEP_APPROVE, NULL));
	assert_int_equal(hazard_is(f, hz, "closed"), 1);
	mais_report_opts_init(&o);
	o.by = MAIS_REPORT_BY_YEAR;
	ok(svc_report_land_release(f->db.s, &o, &before));
	/* the hazard shrinks to its west half, approved again */
	new_polygon(f, hz, "POLYGON((20 40,20.005 40,20.005 40.01,20 40.01,20 40))");
	ok(svc_report_land_release(f->db.s, &o, &after));
	/* every approved m² still counts: the east half outside hazards */
	assert_true(fabs(before->total.cleared_m2 +
			 before->total.released_outside_hazards_m2 -
			 after->total.cleared_m2 -
			 after->total.released_outside_hazards_m2) < 0.01);
	assert_true(after->total.outside_cleared_m2 > 470000);
	assert_int_equal(hazard_is(f, hz, "closed"), 1);
	mais_lr_report_free(before);
	mais_lr_report_free(after);
	/* it grows to 20-20.02 E: land remains, it is active again */
	new_polygon(f, hz, "POLYGON((20 40,20.02 40,20.02 40.01,20 40.01,20 40))");
	assert_int_equal(hazard_is(f, hz, "active"), 1);
	assert_int_equal(hazard_reason(f, hz, "reopened: hazard % is "
					      "approved%"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_close_only_on_approval_and_reopen, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_rejected_never_had_an_effect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_reopen, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_hazard_inside_earlier_closes_on_its_polygon, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_unlinked_release_closes_what_it_covers, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_handed_over_reopens_when_release_withdrawn, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_hazard_edit_keeps_released_land, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handover_on_approval,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_donation_assets_follow_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_area_from_location,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_today_in_the_programmes_time_zone, setup,
			teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
