/*
 * test_money.c — money.h: exact conversion worked out by hand (the
 * issue's pledge of EUR 400,000 at the press report's rates, rounding,
 * currencies of 0 and 3 decimals, overflow, inverse rates), validation
 * on entry (amount without currency, negative amount, rate of 0), and
 * the donor report on a small database whose totals are computed by hand
 * in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/report.h"
#include "mais/mais.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

static int64_t conv(int64_t amount, const char *from, const char *to,
		    const char *rate)
{
	mais_rate r;
	int64_t out = -999;

	assert_int_equal(mais_rate_parse(rate, &r), 0);
	assert_int_equal(mais_money_convert(amount, from, to, r, &out), 0);
	return out;
}

/* 40,000,000 cents × 2.00818 = 80,327,200 qəpik (AZN 803,272.00);
 * × 1.18188 = 47,275,200 cents (USD 472,752.00). */
static void test_issue_case(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(conv(40000000, "EUR", "AZN", "2.00818"), 80327200);
	assert_int_equal(conv(40000000, "EUR", "USD", "1.18188"), 47275200);
	assert_int_equal(mais_money_format(80327200, "AZN", 1, buf, sizeof buf),
			 0);
	assert_string_equal(buf, "803,272.00");
	assert_int_equal(mais_money_format(47275200, "USD", 0, buf, sizeof buf),
			 0);
	assert_string_equal(buf, "472752.00");
}

/* Half away from zero: 1 × 0.5 = 0.5 → 1; 5 × 0.5 = 2.5 → 3 (bankers'
 * would give 2); 3 × 0.5 = 1.5 → 2; 1 × 0.49 → 0; -1 × 0.5 → -1;
 * 1 × 0.333333333333 → 0; 2 × 0.75 = 1.5 → 2. */
static void test_rounding(void **state)
{
	(void)state;
	assert_int_equal(conv(1, "EUR", "USD", "0.5"), 1);
	assert_int_equal(conv(5, "EUR", "USD", "0.5"), 3);
	assert_int_equal(conv(3, "EUR", "USD", "0.5"), 2);
	assert_int_equal(conv(1, "EUR", "USD", "0.49"), 0);
	assert_int_equal(conv(-1, "EUR", "USD", "0.5"), -1);
	assert_int_equal(conv(1, "EUR", "USD", "0.333333333333"), 0);
	assert_int_equal(conv(2, "EUR", "USD", "0.75"), 2);
	assert_int_equal(conv(7, "EUR", "EUR", "1"), 7);
}

/* JPY has no minor unit, KWD three decimals:
 * 1,000 JPY × 0.0061 EUR = 6.10 EUR = 610 cents;
 * 12,345 cents (EUR 123.45) × 157.31 = 19,420.4195 JPY → 19,420;
 * 10,000 cents (USD 100) × 0.30712 = 30.712 KWD = 30,712 fils;
 * 30,712 fils × 3.256 = 99.998272 USD → 10,000 cents;
 * 1 fils (KWD 0.001) × 3.255 = 0.003255 USD = 0.3255 cent → 0. */
static void test_exponents(void **state)
{
	int e;
	char buf[32];

	(void)state;
	assert_int_equal(mais_currency_exponent("JPY", &e), 0);
	assert_int_equal(e, 0);
	assert_int_equal(mais_currency_exponent("KWD", &e), 0);
	assert_int_equal(e, 3);
	assert_int_equal(mais_currency_exponent("BAM", &e), 0);
	assert_int_equal(e, 2);
	assert_int_equal(conv(1000, "JPY", "EUR", "0.0061"), 610);
	assert_int_equal(conv(12345, "EUR", "JPY", "157.31"), 19420);
	assert_int_equal(conv(10000, "USD", "KWD", "0.30712"), 30712);
	assert_int_equal(conv(30712, "KWD", "USD", "3.256"), 10000);
	assert_int_equal(conv(1, "KWD", "USD", "3.255"), 0);
	assert_int_equal(mais_money_format(-1, "KWD", 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "-0.001");
	assert_int_equal(mais_money_format(19420, "JPY", 1, buf, sizeof buf),
			 0);
	assert_string_equal(buf, "19,420");
}

static void test_refused(void **state)
{
	mais_rate r;
	int64_t out;
	int e;

	(void)state;
	assert_int_equal(mais_currency_exponent("XYZ", &e), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "XYZ"));
	assert_int_equal(mais_rate_parse("0", &r), MAIS_EINVAL);
	assert_int_equal(mais_rate_parse("0.000", &r), MAIS_EINVAL);
	assert_int_equal(mais_rate_parse("-1.5", &r), MAIS_EINVAL);
	assert_int_equal(mais_rate_parse("1,5", &r), MAIS_EINVAL);
	assert_int_equal(mais_rate_parse("1.", &r), MAIS_EINVAL);
	assert_int_equal(mais_rate_parse("0.0000000000001", &r), MAIS_ELIMIT);
	/* trailing zeros carry nothing: 12 significant decimals pass */
	assert_int_equal(mais_rate_parse("0.1234567890120000", &r), 0);
	/* INT64_MAX cents × 1000 does not fit */
	assert_int_equal(mais_rate_parse("1000", &r), 0);
	assert_int_equal(mais_money_convert(INT64_MAX, "EUR", "USD", r, &out),
			 MAIS_ELIMIT);
	/* INT64_MAX × 10^17 overflows even 128 bits in the middle */
	assert_int_equal(mais_rate_parse("100000000000000000", &r), 0);
	assert_int_equal(mais_money_convert(INT64_MAX, "EUR", "KWD", r, &out),
			 MAIS_ELIMIT);
	assert_int_equal(mais_money_convert(1, "EUR", "XYZ", r, &out),
			 MAIS_EINVAL);
}

/* ------------------------------------------------------------------ */
/* With a database.                                                     */

static const char *add(testdb *t, const char *entity, ...)
{
	static char uuids[32][37];
	static int next;
	mais_record *r;
	const char *col;
	char *u;
	va_list ap;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", "approved"), 0);
	va_start(ap, entity);
	while ((col = va_arg(ap, const char *))) {
		const char *val = va_arg(ap, const char *);

		if (mais_record_set(r, col, val) != 0)
			fail_msg("%s.%s: %s", entity, col, mais_error_last());
	}
	va_end(ap);
	if (mais_store_insert(t->s, r, &who) != 0)
		fail_msg("insert %s: %s", entity, mais_error_last());
	u = uuids[next++ % 32];
	snprintf(u, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
	return u;
}

static void rate(testdb *t, const char *from, const char *to, const char *value,
		 const char *date)
{
	add(t, "exchange_rate", "from_currency", from, "to_currency", to,
	    "rate", value, "rate_date", date, "source",
	    "press report of the day", NULL);
}

static mais_rates *load_rates(testdb *t)
{
	mais_report_opts o;
	mais_rates *r;

	mais_report_opts_init(&o);
	assert_int_equal(mais_rates_load(testdb_source(t), &o, &r), 0);
	return r;
}

/* Exact date by default; on or before on request; the inverse of
 * USD→EUR 0.8 is EUR→USD 1/0.8 = 1.25 exactly: 1,000 cents → 1,250. */
static void test_rates(void **state)
{
	testdb *t = *state;
	mais_rates *r;
	mais_rate_found f;
	int64_t v;

	rate(t, "EUR", "AZN", "2.00818", "2022-07-15");
	rate(t, "USD", "EUR", "0.8", "2022-07-15");
	r = load_rates(t);
	assert_int_equal(mais_rates_find(r, "EUR", "AZN", "2022-07-15",
					 MAIS_RATE_EXACT_DATE, &f),
			 0);
	assert_string_equal(f.text, "2.00818");
	assert_string_equal(f.source, "press report of the day");
	assert_string_equal(f.date, "2022-07-15");
	assert_int_equal(f.inverse, 0);
	assert_int_equal(mais_rates_find(r, "EUR", "AZN", "2022-07-16",
					 MAIS_RATE_EXACT_DATE, &f),
			 MAIS_ENOTFOUND);
	assert_non_null(strstr(mais_error_last(), "EUR→AZN"));
	assert_non_null(strstr(mais_error_last(), "2022-07-16"));
	assert_int_equal(mais_rates_find(r, "EUR", "AZN", "2022-07-16",
					 MAIS_RATE_ON_OR_BEFORE, &f),
			 0);
	assert_string_equal(f.date, "2022-07-15");
	assert_int_equal(mais_rates_find(r, "EUR", "AZN", "2022-07-14",
					 MAIS_RATE_ON_OR_BEFORE, &f),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_rates_find(r, "EUR", "USD", "2022-07-15",
					 MAIS_RATE_EXACT_DATE, &f),
			 0);
	assert_int_equal(f.inverse, 1);
	assert_string_equal(f.text, "1/0.8");
	assert_int_equal(mais_money_convert(1000, "EUR", "USD", f.rate, &v), 0);
	assert_int_equal(v, 1250);
	mais_rates_free(r);
}

static int insert_status(testdb *t, const char *entity, const char **kv)
{
	mais_record *r;
	int rc;

	assert_int_equal(mais_record_new(&r, entity), 0);
	for (; *kv; kv += 2)
		assert_int_equal(mais_record_set(r, kv[0], kv[1]), 0);
	rc = mais_store_insert(t->s, r, &who);
	mais_record_free(r);
	return rc;
}

static void test_entry(void **state)
{
	testdb *t = *state;
	const char *donor =
		add(t, "organisation", "org_type", "donor", "name", "D", NULL);
	const char *no_cur[] = {"donor_uuid",  donor,	     "amount", "100",
				"pledge_date", "2022-01-01", NULL};
	const char *neg[] = {"donor_uuid",  donor,	  "amount",
			     "-100",	    "currency",	  "EUR",
			     "pledge_date", "2022-01-01", NULL};
	const char *zero[] = {
		"from_currency", "EUR", "to_currency", "USD",
		"rate",		 "0",	"rate_date",   "2022-01-01",
		"source",	 "x",	NULL};
	const char *negr[] = {
		"from_currency", "EUR",	 "to_currency", "USD",
		"rate",		 "-1.2", "rate_date",	"2022-01-01",
		"source",	 "x",	 NULL};
	const char *eq_cur[] = {"name", "detectors", "estimated_value", "5",
				NULL};
	const char *bad_cur[] = {"donor_uuid",	donor,	      "amount",
				 "100",		"currency",   "XYZ",
				 "pledge_date", "2022-01-01", NULL};

	assert_int_equal(insert_status(t, "pledge", no_cur), MAIS_EINVAL);
	assert_string_equal(mais_error_last(),
			    "pledge.currency: required with amount");
	assert_int_equal(insert_status(t, "pledge", neg), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "pledge.amount"));
	assert_int_equal(insert_status(t, "exchange_rate", zero), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "exchange_rate.rate"));
	assert_int_equal(insert_status(t, "exchange_rate", negr), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "exchange_rate.rate"));
	assert_int_equal(insert_status(t, "equipment", eq_cur), MAIS_EINVAL);
	assert_string_equal(mais_error_last(),
			    "equipment.currency: required with "
			    "estimated_value");
	assert_int_equal(insert_status(t, "pledge", bad_cur), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "pledge.currency"));
	assert_non_null(strstr(mais_error_last(), "XYZ"));
	assert_int_equal(testdb_sql_int(t->path, "SELECT count(*) FROM pledge"),
			 0);
}

/*
 * The donor report in AZN.  Rates (press report): EUR→AZN 2.00818 of
 * 2022-07-15, USD→AZN 1.7 of 2022-08-01.
 *   Alpha: P1 EUR 400,000.00 (2022-07-15) → 80,327,200 qəpik;
 *          P2 USD 10,000.00 (2022-08-01) → 1,000,000 × 1.7 = 1,700,000;
 *          pledged 82,027,200 (AZN 820,272.00).
 *          A1 of P1: EUR 100,000.00 to activity ACT (operator Op One)
 *          → 20,081,800 received; E1 of A1: EUR 50,000.00 → 10,040,900
 *          spent.
 *   Beta:  P3 USD 5,000.00 of 2022-09-01: no rate → not given, and
 *          the row names the missing rate.
 *   ACT released 20,000 m² (cleared, by number) and destroyed 3 items
 *   in situ (2 removed do not count): cost per m² for Alpha and Op One
 *   10,040,900 / 20,000 = 502.045 → 502 qəpik (AZN 5.02).
 *   EORE and victim assistance: project PR is funded by Alpha's P2
 *   (pledge.project_uuid) and by Beta's allocation A2 of P3 (USD 1,000.00,
 *   no rate of 2022-09-01 either: 2 missing rates).  PR's sessions reach
 *   10+12+5+3 = 30 and 4+4+0+1 = 9 persons: 39; a session of 100 on
 *   project PX (nobody's) and one of 50 without a project do not count.
 *   PR assisted survivor V1 twice and V2 once: 2 survivors.  Alpha 39 / 2,
 *   Beta 39 / 2, total 39 / 2 (each session and survivor once).
 */
static void build_donors(testdb *t)
{
	const char *alpha, *beta, *op, *act, *p1, *a1, *pr, *px, *p3, *acc, *v1,
		*v2;

	alpha = add(t, "organisation", "org_type", "donor", "name", "Alpha",
		    NULL);
	beta = add(t, "organisation", "org_type", "donor", "name", "Beta",
		   NULL);
	op = add(t, "organisation", "org_type", "operator_ngo", "name",
		 "Op One", NULL);
	rate(t, "EUR", "AZN", "2.00818", "2022-07-15");
	rate(t, "USD", "AZN", "1.7", "2022-08-01");
	p1 = add(t, "pledge", "donor_uuid", alpha, "amount", "40000000",
		 "currency", "EUR", "pledge_date", "2022-07-15", NULL);
	pr = add(t, "project", "name", "PR", NULL);
	px = add(t, "project", "name", "PX", NULL);
	add(t, "pledge", "donor_uuid", alpha, "amount", "1000000", "currency",
	    "USD", "pledge_date", "2022-08-01", "project_uuid", pr, NULL);
	p3 = add(t, "pledge", "donor_uuid", beta, "amount", "500000",
		 "currency", "USD", "pledge_date", "2022-09-01", NULL);
	add(t, "allocation", "pledge_uuid", p3, "project_uuid", pr, "amount",
	    "100000", "currency", "USD", NULL);
	add(t, "eore_session", "project_uuid", pr, "girls", "10", "boys", "12",
	    "women", "5", "men", "3", NULL);
	add(t, "eore_session", "project_uuid", pr, "girls", "4", "boys", "4",
	    "women", "0", "men", "1", NULL);
	add(t, "eore_session", "project_uuid", px, "girls", "100", NULL);
	add(t, "eore_session", "men", "50", NULL);
	acc = add(t, "accident", "accident_date", "2022-01-10", NULL);
	v1 = add(t, "victim", "accident_uuid", acc, NULL);
	v2 = add(t, "victim", "accident_uuid", acc, NULL);
	add(t, "victim_assistance", "victim_uuid", v1, "va_type",
	    "emergency_medical_care", "project_uuid", pr, NULL);
	add(t, "victim_assistance", "victim_uuid", v1, "va_type",
	    "rehabilitation", "project_uuid", pr, NULL);
	add(t, "victim_assistance", "victim_uuid", v2, "va_type",
	    "prosthetics", "project_uuid", pr, NULL);
	act = add(t, "activity", "activity_type", "clearance",
		  "organisation_uuid", op, NULL);
	a1 = add(t, "allocation", "pledge_uuid", p1, "activity_uuid", act,
		 "amount", "10000000", "currency", "EUR", NULL);
	add(t, "expenditure", "allocation_uuid", a1, "amount", "5000000",
	    "currency", "EUR", NULL);
	add(t, "land_release", "activity_uuid", act, "method", "cleared",
	    "area_m2", "20000", NULL);
	add(t, "eo_item", "activity_uuid", act, "eo_category", "ap_mine",
	    "quantity", "3", "fate", "destroyed_in_situ", NULL);
	add(t, "eo_item", "activity_uuid", act, "eo_category", "ap_mine",
	    "quantity", "2", "fate", "removed", NULL);
}

static json_int_t cell_int(const json_t *row, const char *key)
{
	const json_t *v = json_object_get(row, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* The written report (out_report.c) of build_donors shows the EORE and
 * survivor columns: numbers for donors and the total, empty for the
 * operator. */
static void check_donor_sheets(testdb *t, const mais_report_opts *o)
{
	const svc_report *r = svc_report_find("donors");
	svc_report_args a;
	mais_sheet *sh;
	json_t *j, *rows, *total;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	svc_report_args_init(r, &a);
	a.o = *o;
	a.currency = "AZN";
	assert_int_equal(svc_report_sheet(t->s, r, &a, &sh), 0);
	j = mais_sheet_json(sh);
	assert_non_null(j);
	rows = json_object_get(j, "rows");
	total = json_object_get(j, "total");
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(cell_int(json_array_get(rows, 0),
				  "eore_beneficiaries"),
			 39);
	assert_int_equal(cell_int(json_array_get(rows, 0),
				  "survivors_assisted"),
			 2);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 2),
						 "eore_beneficiaries")));
	assert_true(json_is_null(json_object_get(json_array_get(rows, 2),
						 "survivors_assisted")));
	assert_int_equal(cell_int(total, "eore_beneficiaries"), 39);
	assert_int_equal(cell_int(total, "survivors_assisted"), 2);
	json_decref(j);

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(mais_sheet_write_csv(sh, fp), 0);
	fclose(fp);
	assert_non_null(strstr(buf, ",eo_destroyed,eore_beneficiaries,"
				    "survivors_assisted,cost_per_m2,"));
	/* Alpha: activities 1, 20000 m², 3 EO, 39, 2, AZN 5.02; the
	 * operator's two cells empty */
	assert_non_null(strstr(buf, ",1,20000.0,3,39,2,5.02,"));
	assert_non_null(strstr(buf, ",1,20000.0,3,,,5.02,"));
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(mais_sheet_write_table(sh, fp), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "EORE beneficiaries"));
	assert_non_null(strstr(buf, "survivors assisted"));
	free(buf);
	mais_sheet_free(sh);
}

static void test_donor_report(void **state)
{
	testdb *t = *state;
	mais_report_opts o;
	mais_donor_report *rep;
	const mais_donor_row *a, *b, *op;

	build_donors(t);
	mais_report_opts_init(&o);
	assert_int_equal(
		mais_report_donors(testdb_source(t), &o, "AZN", MAIS_RATE_EXACT_DATE, &rep),
		0);
	assert_int_equal(rep->nrows, 3);
	a = &rep->rows[0];
	b = &rep->rows[1];
	op = &rep->rows[2];
	assert_string_equal(a->name, "Alpha");
	assert_string_equal(a->kind, "donor");
	assert_int_equal(a->pledges, 2);
	assert_true(a->pledged_ok);
	assert_int_equal(a->pledged, 82027200);
	assert_string_equal(a->pledged_original, "400000.00 EUR; 10000.00 USD");
	assert_int_equal(a->received, 20081800);
	assert_int_equal(a->spent, 10040900);
	assert_string_equal(a->spent_original, "50000.00 EUR");
	assert_int_equal(a->activities, 1);
	assert_int_equal((int64_t)a->released_m2, 20000);
	assert_int_equal(a->eo_destroyed, 3);
	assert_true(a->has_cost);
	assert_int_equal(a->cost_per_m2, 502);
	assert_int_equal(a->eore_beneficiaries, 39);
	assert_int_equal(a->survivors_assisted, 2);
	assert_null(a->problems);

	assert_string_equal(b->name, "Beta");
	assert_false(b->pledged_ok);
	assert_non_null(b->problems);
	assert_non_null(strstr(b->problems, "USD→AZN"));
	assert_non_null(strstr(b->problems, "2022-09-01"));
	assert_false(b->has_cost);
	assert_false(b->received_ok);
	assert_int_equal(b->eore_beneficiaries, 39);
	assert_int_equal(b->survivors_assisted, 2);

	assert_string_equal(op->kind, "operator");
	assert_string_equal(op->name, "Op One");
	assert_int_equal(op->spent, 10040900);
	assert_int_equal(op->cost_per_m2, 502);
	assert_int_equal(op->eore_beneficiaries, 0);
	assert_int_equal(op->survivors_assisted, 0);

	assert_false(rep->total.pledged_ok);
	assert_int_equal(rep->total.received, 20081800);
	assert_int_equal(rep->total.spent, 10040900);
	assert_int_equal(rep->total.pledges, 3);
	assert_int_equal(rep->total.eore_beneficiaries, 39);
	assert_int_equal(rep->total.survivors_assisted, 2);
	assert_int_equal(rep->missing_rates, 2);
	mais_donor_report_free(rep);

	/* on or before: Beta's pledge takes USD→AZN 1.7 of 2022-08-01:
	 * 500,000 × 1.7 = 850,000; total 82,877,200; A2 100,000 × 1.7 =
	 * 170,000 received */
	assert_int_equal(mais_report_donors(testdb_source(t), &o, "AZN",
					    MAIS_RATE_ON_OR_BEFORE, &rep),
			 0);
	assert_int_equal(rep->missing_rates, 0);
	assert_int_equal(rep->rows[1].pledged, 850000);
	assert_int_equal(rep->total.pledged, 82877200);
	assert_int_equal(rep->rows[1].received, 170000);
	assert_int_equal(rep->total.received, 20251800);
	mais_donor_report_free(rep);

	check_donor_sheets(t, &o);

	assert_int_equal(
		mais_report_donors(testdb_source(t), &o, "XYZ", MAIS_RATE_EXACT_DATE, &rep),
		MAIS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_case),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_exponents),
		cmocka_unit_test(test_refused),
		cmocka_unit_test_setup_teardown(test_rates, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_entry, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_donor_report, testdb_setup,
						testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
