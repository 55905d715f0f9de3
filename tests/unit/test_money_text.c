/*
 * test_money_text.c — amounts as people write them (money.h,
 * src/core/money_text.c): one table of texts read by the number formats
 * en, az and ru (CLDR 48) for JPY (no decimals), EUR (2) and KWD (3),
 * each with the amount expected or the reason it is refused — among them
 * "1,234" and "1.234", refused where the other way of writing numbers
 * reads another amount — then the writing of amounts, which must always
 * read back as the same amount.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/values.h"
#include "mais/mais.h"

#define OK	 MAIS_MONEY_OK
#define EMPTY	 MAIS_MONEY_EMPTY
#define NAN_	 MAIS_MONEY_NOT_NUMBER
#define GROUP	 MAIS_MONEY_GROUPING
#define FOREIGN	 MAIS_MONEY_FOREIGN_MARK
#define DECIMALS MAIS_MONEY_DECIMALS
#define AMBIG	 MAIS_MONEY_AMBIGUOUS
#define CURRENCY MAIS_MONEY_CURRENCY
#define RANGE	 MAIS_MONEY_RANGE
#define NONE	 INT64_MIN /* no other reading */

/* One case: format, currency, text; the refusal; the amount (minor
 * units) when read, or the user's reading of an ambiguous text; the
 * other way's reading (NONE when it reads nothing, or the same). */
typedef struct money_case {
	const char *fmt, *cur, *text;
	mais_money_refusal why;
	int64_t minor, other;
} money_case;

#define NB  "\xc2\xa0"	   /* U+00A0 no-break space */
#define NNB "\xe2\x80\xaf" /* U+202F narrow no-break space */

static const money_case cases[] = {
	/* The pledge, EUR 400,000, as each user writes it. */
	{"en", "EUR", "400000", OK, 40000000, NONE},
	{"en", "EUR", "400,000.00", OK, 40000000, NONE},
	{"en", "EUR", "400 000.00", OK, 40000000, NONE},
	{"en", "EUR", "400000.00", OK, 40000000, NONE},
	{"en", "EUR", "EUR 400,000.00", OK, 40000000, NONE},
	{"en", "EUR", "EUR" NB "400,000.00", OK, 40000000, NONE},
	{"en", "EUR", "  400,000  ", OK, 40000000, NONE},
	{"az", "EUR", "400000", OK, 40000000, NONE},
	{"az", "EUR", "400.000,00", OK, 40000000, NONE},
	{"az", "EUR", "400 000,00", OK, 40000000, NONE},
	{"az", "EUR", "400.000,00 EUR", OK, 40000000, NONE},
	{"ru", "EUR", "400000", OK, 40000000, NONE},
	{"ru", "EUR", "400 000,00", OK, 40000000, NONE},
	{"ru", "EUR", "400" NB "000,00", OK, 40000000, NONE},
	{"ru", "EUR", "400" NNB "000,00", OK, 40000000, NONE},
	{"ru", "EUR", "400 000,00 eur", OK, 40000000, NONE},
	/* ... and in the format of the other: refused, with the reading
	 * the other way as a hint. */
	{"en", "EUR", "400 000,00", GROUP, 0, 40000000},
	{"en", "EUR", "400.000,00", NAN_, 0, 40000000},
	{"ru", "EUR", "400,000.00", FOREIGN, 0, 40000000},
	{"ru", "EUR", "400.000,00", FOREIGN, 0, NONE},
	{"az", "EUR", "400,000.00", NAN_, 0, 40000000},

	/* 1,234 and 1.234 × en, az, ru × JPY, EUR, KWD. */
	{"en", "JPY", "1,234", OK, 1234, NONE},
	{"en", "EUR", "1,234", OK, 123400, NONE},
	{"en", "KWD", "1,234", AMBIG, 1234000, 1234},
	{"en", "JPY", "1.234", DECIMALS, 0, 1234},
	{"en", "EUR", "1.234", DECIMALS, 0, 123400},
	{"en", "KWD", "1.234", AMBIG, 1234, 1234000},
	{"az", "JPY", "1,234", DECIMALS, 0, 1234},
	{"az", "EUR", "1,234", DECIMALS, 0, 123400},
	{"az", "KWD", "1,234", AMBIG, 1234, 1234000},
	{"az", "JPY", "1.234", OK, 1234, NONE},
	{"az", "EUR", "1.234", OK, 123400, NONE},
	{"az", "KWD", "1.234", AMBIG, 1234000, 1234},
	{"ru", "JPY", "1,234", DECIMALS, 0, 1234},
	{"ru", "EUR", "1,234", DECIMALS, 0, 123400},
	{"ru", "KWD", "1,234", AMBIG, 1234, 1234000},
	{"ru", "JPY", "1.234", FOREIGN, 0, NONE},
	{"ru", "EUR", "1.234", FOREIGN, 0, NONE},
	{"ru", "KWD", "1.234", FOREIGN, 0, 1234},

	/* The way out of an ambiguity: a group, all decimals, or a zero
	 * more (decimals beyond the currency's must be zeros). */
	{"ru", "KWD", "1 234", OK, 1234000, NONE},
	{"ru", "KWD", "1,2340", OK, 1234, NONE},
	{"en", "KWD", "1.2340", OK, 1234, NONE},
	{"en", "KWD", "1,234.000", OK, 1234000, NONE},
	{"az", "KWD", "1.234,000", OK, 1234000, NONE},

	/* A thousand, or one with three zeros? */
	{"en", "EUR", "1,000", OK, 100000, NONE},
	{"en", "EUR", "1.000", AMBIG, 100, 100000},
	{"en", "EUR", "1.50", OK, 150, NONE},
	{"en", "EUR", "1.5", OK, 150, NONE},
	{"en", "EUR", "2.500", AMBIG, 250, 250000},
	{"en", "EUR", "2.5000", OK, 250, NONE},
	{"en", "JPY", "1,000", OK, 1000, NONE},
	{"en", "JPY", "1.000", AMBIG, 1, 1000},
	{"en", "JPY", "400000.00", OK, 400000, NONE},
	{"en", "JPY", "400000.50", DECIMALS, 0, NONE},
	{"ru", "EUR", "1,000", AMBIG, 100, 100000},
	{"ru", "EUR", "12,50", OK, 1250, NONE},
	{"ru", "EUR", "12,5", OK, 1250, NONE},
	{"ru", "EUR", "0,05", OK, 5, NONE},
	{"en", "EUR", "0.05", OK, 5, NONE},
	{"en", "KWD", "0.001", OK, 1, NONE},
	{"en", "KWD", "12.345", AMBIG, 12345, 12345000},
	{"en", "KWD", "123.456", AMBIG, 123456, 123456000},

	/* Grouping. */
	{"en", "EUR", "1,5", GROUP, 0, 150},
	{"en", "EUR", "12,34,567", GROUP, 0, NONE},
	{"en", "EUR", "1234,567", GROUP, 0, NONE},
	{"en", "EUR", "1,234 567", GROUP, 0, NONE},
	{"ru", "EUR", "1 23", GROUP, 0, NONE},
	{"ru", "EUR", "1 234 567,89", OK, 123456789, NONE},
	{"az", "EUR", "1.234.567,89", OK, 123456789, NONE},
	{"en", "EUR", "1,234,567.89", OK, 123456789, NONE},

	/* Signs, codes, nonsense. */
	{"en", "EUR", "-5", OK, -500, NONE},
	{"en", "EUR", "-EUR 5.00", OK, -500, NONE},
	{"ru", "EUR",
	 "\xe2\x88\x92"
	 "5,00 EUR",
	 OK, -500, NONE},
	{"en", "EUR", "--5", NAN_, 0, NONE},
	{"en", "EUR", "USD 5", CURRENCY, 0, NONE},
	{"en", "EUR", "5 usd", CURRENCY, 0, NONE},
	{"en", "EUR", "1e5", NAN_, 0, NONE},
	{"en", "EUR", "five", NAN_, 0, NONE},
	{"en", "EUR", "", EMPTY, 0, NONE},
	{"en", "EUR", "   ", EMPTY, 0, NONE},
	{"en", "EUR", ".5", NAN_, 0, NONE},
	{"en", "EUR", "5.", NAN_, 0, NONE},
	{"en", "EUR", "1..5", NAN_, 0, NONE},
	{"en", "EUR", "1.2.3", NAN_, 0, NONE},
	{"en", "EUR", "5 %", NAN_, 0, NONE},
	{"en", "EUR", "1234567890123456", OK, 123456789012345600, NONE},
	{"en", "EUR", "12345678901234567", RANGE, 0, NONE},
	{"en", "JPY", "123456789012345678", OK, 123456789012345678, NONE},
	{"en", "JPY", "1234567890123456789", RANGE, 0, NONE},
	{"en", "EUR", "000,001.00", GROUP, 0, NONE},
	{"en", "KWD", "0.001", OK, 1, NONE},
	{"ru", "EUR", "0 001,00", GROUP, 0, NONE},
};

static void test_read_table(void **state)
{
	size_t n = sizeof cases / sizeof cases[0], failed = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const money_case *c = &cases[i];
		mais_money_reading r;
		int rc = mais_money_read(
			c->text, mais_number_format_find(c->fmt), c->cur, &r);
		int64_t other = r.has_other ? r.other : NONE;
		int64_t minor = c->why == OK || c->why == AMBIG ? r.minor : 0;

		if ((rc == 0) != (c->why == OK) || r.refusal != c->why ||
		    minor != c->minor || other != c->other) {
			printf("case %zu: %s %s '%s': rc %d refusal %d minor "
			       "%lld other %lld (expected refusal %d minor "
			       "%lld other %lld) %s\n",
			       i, c->fmt, c->cur, c->text, rc, r.refusal,
			       (long long)minor, (long long)other, c->why,
			       (long long)c->minor, (long long)c->other,
			       rc ? mais_error_last() : "");
			failed++;
		}
	}
	printf("%zu amount texts read, %zu wrong\n", n, failed);
	assert_int_equal(failed, 0);
}

/* The messages a person reads: they name the text, the rule and the way
 * to write what was meant. */
static void test_messages(void **state)
{
	mais_money_reading r;
	const mais_number_format *ru = mais_number_format_find("ru");
	const mais_number_format *en = mais_number_format_find("en");

	(void)state;
	assert_int_equal(mais_money_read("1,234", ru, "KWD", &r), MAIS_EINVAL);
	assert_string_equal(mais_error_last(),
			    "'1,234' is ambiguous: 1,234" NB "KWD or 1" NB
			    "234,000" NB "KWD?  Write 1,2340 for the first, "
			    "1" NB "234,000 for the second");
	assert_int_equal(mais_money_read("1.234", en, "EUR", &r), MAIS_EINVAL);
	assert_string_equal(mais_error_last(),
			    "'1.234': EUR has 2 decimals; if you mean EUR" NB
			    "1,234.00, write 1,234.00");
	assert_int_equal(mais_money_read("400.000,00", ru, "EUR", &r),
			 MAIS_EINVAL);
	assert_string_equal(mais_error_last(),
			    "'400.000,00': the number format ru does not use "
			    "'.' (1" NB "234" NB "567,89)");
	assert_int_equal(mais_money_read("5", en, "XYZ", &r), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "XYZ"));
	assert_int_equal(mais_money_read("5", NULL, "EUR", &r), MAIS_EINVAL);
}

/* Written as each format writes it; the text to type reads back the
 * same, and so does the text shown unless it is ambiguous ("1,234 KWD"
 * for a user of ru: 1.234 KWD, shown as the format writes it). */
static void test_write(void **state)
{
	static const struct {
		const char *fmt, *cur;
		int64_t minor;
		int with_code;
		const char *text;
	} w[] = {
		{"en", "EUR", 40000000, 1, "EUR" NB "400,000.00"},
		{"az", "EUR", 40000000, 1, "400.000,00" NB "EUR"},
		{"ru", "EUR", 40000000, 1, "400" NB "000,00" NB "EUR"},
		{"ru", "EUR", 40000000, 0, "400" NB "000,00"},
		{"en", "AZN", 80327200, 1, "AZN" NB "803,272.00"},
		{"en", "JPY", 1234, 1, "JPY" NB "1,234"},
		{"en", "KWD", 1234, 0, "1.2340"},
		{"ru", "KWD", 1234, 0, "1,2340"},
		{"ru", "KWD", 1234000, 0, "1" NB "234,000"},
		{"en", "EUR", -500, 1, "-EUR" NB "5.00"},
		{"en", "EUR", 5, 0, "0.05"},
		{"en", "EUR", 100, 0, "1.00"},
		{"en", "JPY", 0, 0, "0"},
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		const mais_number_format *f = mais_number_format_find(w[i].fmt);
		int64_t back = 0;

		assert_int_equal(mais_money_write(w[i].minor, w[i].cur, f,
						  w[i].with_code, buf,
						  sizeof buf),
				 0);
		assert_string_equal(buf, w[i].text);
		assert_int_equal(mais_money_parse(buf, f, w[i].cur, &back), 0);
		assert_int_equal(back, w[i].minor);
	}
	assert_int_equal(mais_money_write(1234, "KWD",
					  mais_number_format_find("ru"), 1, buf,
					  sizeof buf),
			 0);
	assert_string_equal(buf, "1,234" NB "KWD");
	assert_int_equal(mais_money_write(40000000, "EUR",
					  mais_number_format_find("en"), 1, buf,
					  8),
			 MAIS_ELIMIT);
}

/* Every amount of a sweep, in every format and currency, reads back. */
static void test_round_trip(void **state)
{
	static const char *cur[] = {"JPY", "EUR", "KWD"};
	size_t nf;
	const mais_number_format *fs = mais_number_formats(&nf);
	char buf[64];

	(void)state;
	assert_int_equal(nf, 3);
	for (size_t i = 0; i < nf; i++)
		for (size_t c = 0; c < 3; c++)
			for (int64_t v = -1000; v <= 2000000; v += 997) {
				int64_t back = 0;

				assert_int_equal(
					mais_money_write(v, cur[c], &fs[i], 0,
							 buf, sizeof buf),
					0);
				assert_int_equal(mais_money_parse(buf, &fs[i],
								  cur[c],
								  &back),
						 0);
				assert_int_equal(back, v);
			}
	assert_null(mais_number_format_find("de"));
	assert_null(mais_number_format_find(NULL));
}

/* Exchange rates take a decimal comma ("2,00818", as az and ru write
 * them), stored with a point; a comma that may group thousands is
 * refused. */
static void test_rate_decimal_comma(void **state)
{
	static const char *ok[][2] = {
		{"2.00818", "2.00818"},
		{"2,00818", "2.00818"},
		{"1,18188", "1.18188"},
		{"1,5", "1.5"},
		{"1234,5678", "1234.5678"},
		{"0,001", "0.001"},
		{"157", "157"},
	};
	static const char *refused[] = {"1,234", "12,345", "1.2.3",    "1,2,3",
					"2,",	 ",5",	   "2.008,18", "x"};
	const mais_column *c = mais_schema_column(
		mais_schema_entity("exchange_rate"), "rate", NULL);
	char *out = NULL;

	(void)state;
	assert_non_null(c);
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(mais_value_canonical(c, ok[i][0], &out), 0);
		assert_string_equal(out, ok[i][1]);
		free(out);
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		out = NULL;
		assert_int_equal(mais_value_canonical(c, refused[i], &out),
				 MAIS_EINVAL);
		assert_null(out);
	}
	assert_int_equal(mais_value_canonical(c, "1,234", &out), MAIS_EINVAL);
	assert_string_equal(mais_error_last(),
			    "'1,234' is ambiguous: a decimal comma, or "
			    "thousands?  Write it with a decimal point "
			    "(1.234) or without the comma");
}

/* Rates given by a source over an array of records. */
typedef struct rate_src {
	mais_record *r[8];
	size_t n;
} rate_src;

static int each_rate(void *ctx, const char *entity, mais_record_fn fn,
		     void *arg)
{
	rate_src *s = ctx;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->n; i++)
		if (!strcmp(entity, "exchange_rate"))
			rc = fn(s->r[i], arg);
	return rc;
}

static void add_rate(rate_src *s, const char *from, const char *to,
		     const char *rate, const char *date, const char *status)
{
	mais_record *r;

	assert_int_equal(mais_record_new(&r, "exchange_rate"), 0);
	assert_int_equal(mais_record_set(r, "from_currency", from), 0);
	assert_int_equal(mais_record_set(r, "to_currency", to), 0);
	assert_int_equal(mais_record_set(r, "rate", rate), 0);
	assert_int_equal(mais_record_set(r, "rate_date", date), 0);
	assert_int_equal(mais_record_set(r, "source", "test"), 0);
	assert_int_equal(mais_record_set_system(r, "status", status), 0);
	s->r[s->n++] = r;
}

/* The preview of a pledge: EUR 400,000 on 2022-07-15 at the press
 * report's rates, 2.00818 AZN and 1.18188 USD per euro, gives AZN
 * 803,272.00 and USD 472,752.00; a JPY rate recorded as JPY→EUR 0.0061
 * converts by its exact inverse: EUR 400,000 / 0.0061 =
 * 65,573,770.49 yen → 65,573,770 (JPY has no decimals); a rate
 * of another date, and one not approved, are not used. */
static void test_convert_all(void **state)
{
	rate_src s = {0};
	mais_source src = {.ctx = &s, .each = each_rate};
	mais_report_opts opts;
	mais_rates *rates = NULL;
	mais_conversion *c = NULL;
	size_t n = 0;

	(void)state;
	add_rate(&s, "EUR", "AZN", "2.00818", "2022-07-15", "approved");
	add_rate(&s, "EUR", "USD", "1.18188", "2022-07-15", "approved");
	add_rate(&s, "JPY", "EUR", "0.0061", "2022-07-15", "approved");
	add_rate(&s, "EUR", "GBP", "0.85", "2022-07-14", "approved");
	add_rate(&s, "EUR", "KWD", "0.31", "2022-07-15", "draft");
	mais_report_opts_init(&opts);
	assert_int_equal(mais_rates_load(&src, &opts, &rates), 0);
	assert_int_equal(mais_rates_convert_all(rates, 40000000, "EUR",
						"2022-07-15",
						MAIS_RATE_EXACT_DATE, &c, &n),
			 0);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].currency, "AZN");
	assert_int_equal(c[0].minor, 80327200);
	assert_string_equal(c[0].rate.text, "2.00818");
	assert_string_equal(c[1].currency, "JPY");
	assert_int_equal(c[1].minor, 65573770);
	assert_int_equal(c[1].rate.inverse, 1);
	assert_string_equal(c[2].currency, "USD");
	assert_int_equal(c[2].minor, 47275200);
	free(c);
	/* on or before: the GBP rate of the day before comes in */
	assert_int_equal(mais_rates_convert_all(rates, 100, "EUR", "2022-07-15",
						MAIS_RATE_ON_OR_BEFORE, &c, &n),
			 0);
	assert_int_equal(n, 4);
	assert_string_equal(c[1].currency, "GBP");
	assert_int_equal(c[1].minor, 85);
	free(c);
	/* nothing of that date: none, not an error */
	assert_int_equal(mais_rates_convert_all(rates, 100, "EUR", "2023-01-01",
						MAIS_RATE_EXACT_DATE, &c, &n),
			 0);
	assert_int_equal(n, 0);
	assert_null(c);
	assert_int_equal(mais_rates_convert_all(rates, 100, "XYZ", "2023-01-01",
						MAIS_RATE_EXACT_DATE, &c, &n),
			 MAIS_EINVAL);
	mais_rates_free(rates);
	for (size_t i = 0; i < s.n; i++)
		mais_record_free(s.r[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_table),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_rate_decimal_comma),
		cmocka_unit_test(test_convert_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
