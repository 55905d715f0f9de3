/*
 * test_donation.c — a donation of equipment creates its assets
 * (donation.h): ten detectors given by a donor state with ten serial
 * numbers become ten equipment records in store with those serials, the
 * donor and the date received; a donation whose serials do not match its
 * quantity is refused with nothing written; the equipment register
 * (`mais report equipment`, MAIS_CLI) counts the ten.  And an EO item
 * whose model the reference list (eo_model) knows under another category
 * is flagged eo_model_category, not refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "mais/donation.h"
#include "mais/eo_model.h"
#include "fill.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

typedef testdb fixture;

/* Inserts a record (status, then column/value pairs ending with NULL);
 * its uuid into uuid (37 bytes) when not NULL.  The store's answer. */
static int try_add(fixture *f, char *uuid, const char *entity,
		   const char *status, ...)
{
	mais_record *r;
	const char *col;
	va_list ap;
	int rc;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", status), 0);
	va_start(ap, status);
	while ((col = va_arg(ap, const char *))) {
		const char *val = va_arg(ap, const char *);

		if (mais_record_set(r, col, val) != 0)
			fail_msg("%s.%s: %s", entity, col, mais_error_last());
	}
	va_end(ap);
	rc = fill_create(f->s, r, &who);
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

static long long sql(fixture *f, const char *q)
{
	return testdb_sql_int(f->path, q);
}

/* The donor (a state), the operator receiving the detectors. */
static void orgs(fixture *f, char *donor, char *op)
{
	ok(try_add(f, donor, "organisation", "approved", "org_type", "donor",
		   "name", "France", NULL));
	ok(try_add(f, op, "organisation", "approved", "org_type", "authority",
		   "name", "ANAMA", NULL));
}

#define SERIALS                                                       \
	"FR-0001; FR-0002; FR-0003; FR-0004; FR-0005, FR-0006,FR-0007;" \
	"FR-0008 ;FR-0009; FR-0010"

static void test_serials_split(void **state)
{
	char **v;
	size_t n;

	(void)state;
	assert_int_equal(mais_donation_serials(SERIALS, &v, &n), 0);
	assert_int_equal(n, 10);
	assert_string_equal(v[0], "FR-0001");
	assert_string_equal(v[5], "FR-0006");
	assert_string_equal(v[7], "FR-0008");
	assert_string_equal(v[9], "FR-0010");
	mais_donation_serials_free(v, n);
	assert_int_equal(mais_donation_serials(" ; ,", &v, &n), 0);
	assert_int_equal(n, 0);
	mais_donation_serials_free(v, n);
	assert_int_equal(mais_donation_serials("serials: Ağdam rayonu — тест",
						&v, &n),
			 0);
	assert_int_equal(n, 1);
	mais_donation_serials_free(v, n);
}

/* Ten detectors from France with ten serials: ten equipment records. */
static void test_ten_detectors(void **state)
{
	fixture *f = *state;
	char donor[37], op[37], dn[37], q[512];

	orgs(f, donor, op);
	ok(try_add(f, dn, "donation", "approved", "donor_uuid", donor,
		   "donation_date", "2022-07-15", "equipment_type", "detector",
		   "make", "Minelab", "model", "F3", "quantity", "10",
		   "serials", SERIALS, "recipient_uuid", op,
		   "estimated_value", "4000000", "currency", "EUR", NULL));
	assert_int_equal(sql(f, "SELECT count(*) FROM donation"), 1);
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM equipment WHERE donation_uuid = '%s'"
		 " AND donor_uuid = '%s' AND organisation_uuid = '%s'"
		 " AND received_date = '2022-07-15'"
		 " AND equipment_type = 'detector' AND make = 'Minelab'"
		 " AND model = 'F3' AND equipment_status = 'in_store'"
		 " AND team_uuid IS NULL AND status = 'approved'",
		 dn, donor, op);
	assert_int_equal(sql(f, q), 10);
	assert_int_equal(sql(f, "SELECT count(DISTINCT serial) FROM equipment"
				" WHERE serial GLOB 'FR-00[01][0-9]'"),
			 10);
	assert_int_equal(sql(f, "SELECT count(*) FROM equipment WHERE serial"
				" IN ('FR-0001','FR-0008','FR-0010')"),
			 3);
	/* each asset has its version and audit entry, like any insert */
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_version v JOIN "
				"equipment e ON v.record_uuid = e.uuid"),
			 10);
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_audit a JOIN "
				"equipment e ON a.record_uuid = e.uuid"),
			 10);
	assert_int_equal(sql(f, "SELECT count(DISTINCT reference) FROM "
				"equipment WHERE reference LIKE 'EQ-%'"),
			 10);
}

/* Nine serials for ten detectors: refused naming serials, nothing
 * written (no donation, no equipment, no version, no audit entry). */
static void test_mismatch_refused(void **state)
{
	fixture *f = *state;
	char donor[37], op[37];
	long long versions, audit;
	int rc;

	orgs(f, donor, op);
	versions = sql(f, "SELECT count(*) FROM mais_version");
	audit = sql(f, "SELECT count(*) FROM mais_audit");
	rc = try_add(f, NULL, "donation", "approved", "donor_uuid", donor,
		     "donation_date", "2022-07-15", "equipment_type",
		     "detector", "quantity", "10", "serials",
		     "A1;A2;A3;A4;A5;A6;A7;A8;A9", NULL);
	assert_int_equal(rc, MAIS_EINVAL);
	if (!strstr(mais_error_last(), "serials"))
		fail_msg("'%s' does not name serials", mais_error_last());
	rc = try_add(f, NULL, "donation", "approved", "donor_uuid", donor,
		     "donation_date", "2022-07-15", "equipment_type",
		     "detector", "quantity", "0", NULL);
	assert_int_equal(rc, MAIS_EINVAL);
	assert_int_equal(sql(f, "SELECT count(*) FROM donation"), 0);
	assert_int_equal(sql(f, "SELECT count(*) FROM equipment"), 0);
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_version"),
			 versions);
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_audit"), audit);

	/* without serials: quantity assets with no serial */
	ok(try_add(f, NULL, "donation", "draft", "donor_uuid", donor,
		   "donation_date", "2022-07-15", "equipment_type", "ppe",
		   "quantity", "3", NULL));
	assert_int_equal(sql(f, "SELECT count(*) FROM equipment WHERE serial "
				"IS NULL AND status = 'draft'"),
			 3);
}

/* The register counts the ten detectors in store (library and CLI). */
static void test_equipment_report(void **state)
{
	fixture *f = *state;
	char donor[37], op[37], cmd[512], out[4096];
	mais_report_opts o;
	mais_equip_report *r;
	size_t n;
	FILE *p;

	orgs(f, donor, op);
	ok(try_add(f, NULL, "donation", "approved", "donor_uuid", donor,
		   "donation_date", "2022-07-15", "equipment_type", "detector",
		   "quantity", "10", "serials", SERIALS, "recipient_uuid", op,
		   NULL));
	mais_report_opts_init(&o);
	assert_int_equal(mais_report_equipment(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].equipment_type, "detector");
	assert_string_equal(r->rows[0].status, "in_store");
	assert_int_equal(r->rows[0].items, 10);
	assert_int_equal(r->total.items, 10);
	mais_equip_report_free(r);

	if (!getenv("MAIS_CLI"))
		skip();
	mais_store_close(f->s);
	f->s = NULL;
	snprintf(cmd, sizeof cmd, "'%s' report equipment '%s' --format csv",
		 getenv("MAIS_CLI"), f->path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	if (!strstr(out, "detector,in_store,10"))
		fail_msg("mais report equipment:\n%s", out);
}

/* PMN-2 is an AP mine: an item saying at_mine is flagged, one saying
 * ap_mine (any case of the model) or of an unknown model is not. */
static void test_eo_model_category_flag(void **state)
{
	fixture *f = *state;
	char a[37], b[37], c[37], q[256];

	ok(try_add(f, NULL, "eo_model", "approved", "model", "PMN-2",
		   "eo_category", "ap_mine", "eo_type", "blast AP mine",
		   NULL));
	ok(try_add(f, a, "eo_item", "approved", "eo_category", "at_mine",
		   "eo_model", "PMN-2", "quantity", "1", NULL));
	ok(try_add(f, b, "eo_item", "approved", "eo_category", "ap_mine",
		   "eo_model", "pmn-2", "quantity", "1", NULL));
	ok(try_add(f, c, "eo_item", "approved", "eo_category", "at_mine",
		   "eo_model", "XYZ-9", "quantity", "1", NULL));
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM mais_flag WHERE rule = "
		 "'eo_model_category' AND record_uuid = '%s'"
		 " AND message LIKE '%%eo_category%%'",
		 a);
	assert_int_equal(sql(f, q), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM mais_flag WHERE rule = "
				"'eo_model_category'"),
			 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM eo_item"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serials_split),
		cmocka_unit_test_setup_teardown(test_ten_detectors,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_mismatch_refused,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_equipment_report,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_eo_model_category_flag,
						testdb_setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
