/*
 * money.h — money and exchange rates, exactly (DESIGN.md "Funding").
 *
 * An amount is an int64_t count of minor units of an ISO 4217 currency
 * (cents of EUR, qəpik of AZN, yen of JPY, fils of KWD); a rate is an
 * exact decimal ("2.00818": units of to-currency per one unit of
 * from-currency), held as a fraction num/den of integers.  No binary
 * floating point touches money: conversion multiplies and divides in
 * 128-bit integers and rounds once, half away from zero (0.5 → 1,
 * 2.5 → 3, -0.5 → -1), the rounding of commerce and of press reports.
 * A result that does not fit an int64_t is MAIS_ELIMIT.
 *
 * Rates come from the exchange_rate records a source gives (source.h;
 * mais_rates_load, src/core/report/rates.c):
 * the rate of the date asked (by default the exact date; on request the
 * latest rate on or before it), from → to as recorded, else the inverse
 * of a recorded to → from rate of that date, computed exactly as the
 * fraction den/num (never rounded to a decimal first).  A direct rate
 * beats an inverse one; among several of the same date and direction the
 * one stored last wins.  Every rate found says its value, date and
 * source.
 *
 * The donor report (mais_report_donors) is here too, with its rows.
 *
 * Ownership: *out objects are the caller's, freed with their _free
 * function (NULL accepted); strings in them live as long as they do.
 */
#ifndef MAIS_MONEY_H
#define MAIS_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include "mais/report.h"
#include "mais/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most decimals a rate may have (after dropping trailing zeros). */
#define MAIS_RATE_MAX_DECIMALS 12

/* A rate as an exact fraction: to-units per from-unit = num / den. */
typedef struct mais_rate {
	int64_t num, den; /* both > 0 */
} mais_rate;

/* The number of decimals of the minor unit of an ISO 4217 currency (EUR
 * 2, JPY 0, KWD 3).  MAIS_EINVAL naming an unknown code. */
int mais_currency_exponent(const char *code, int *exponent);

/* Parses an exact decimal rate "2.00818" (digits, an optional point and
 * up to MAIS_RATE_MAX_DECIMALS decimals).  MAIS_EINVAL if it is not a
 * decimal or not above 0, MAIS_ELIMIT if it has too many digits. */
int mais_rate_parse(const char *text, mais_rate *out);

/* The inverse rate (den / num). */
mais_rate mais_rate_inverse(mais_rate r);

/* amount (minor units of from) × rate, in minor units of to, rounded
 * half away from zero.  MAIS_EINVAL unknown currency or bad rate,
 * MAIS_ELIMIT if it does not fit. */
int mais_money_convert(int64_t amount, const char *from, const char *to,
		       mais_rate rate, int64_t *out);

/* Minor units as a decimal in major units of the currency: 80327200 AZN
 * gives "803272.00", 5 JPY "5", -1 KWD "-0.001".  grouped: thousands
 * separated by ',' ("803,272.00").  MAIS_EINVAL unknown currency,
 * MAIS_ELIMIT if buf is too small. */
int mais_money_format(int64_t minor, const char *currency, int grouped,
		      char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Rates of a database (read through a source).                         */

typedef struct mais_rates mais_rates;

/* Which rate of a date: the rate of that very date (the default: "the
 * rate of the pledge date"), or the latest on or before it. */
typedef enum mais_rate_match {
	MAIS_RATE_EXACT_DATE,
	MAIS_RATE_ON_OR_BEFORE
} mais_rate_match;

/* A rate found, and where it comes from. */
typedef struct mais_rate_found {
	mais_rate rate;
	char text[48];	  /* "2.00818", "1/1.18188" (inverse), "1" (same) */
	char date[11];	  /* the rate's date, "" for the same currency */
	char source[256]; /* the record's source; "same currency" */
	char uuid[37];	  /* the exchange_rate record, "" if none */
	int inverse;	  /* 1: the inverse of a recorded to → from rate */
} mais_rate_found;

/* Loads the exchange_rate records of src that count under opts
 * (approved; with include_submitted also submitted and verified;
 * opts->orgs is ignored: rates are reference data).  A record whose rate
 * is not above 0 is MAIS_EINVAL naming it; the source's errors are
 * passed up. */
int mais_rates_load(const mais_source *src, const mais_report_opts *opts,
		    mais_rates **out);

void mais_rates_free(mais_rates *r);

/* The rate from → to for date (YYYY-MM-DD).  The same currency has rate
 * 1.  MAIS_ENOTFOUND "no exchange rate EUR→AZN of 2022-07-15" (or "on or
 * before") when there is none. */
int mais_rates_find(const mais_rates *r, const char *from, const char *to,
		    const char *date, mais_rate_match match,
		    mais_rate_found *out);

/* ------------------------------------------------------------------ */
/* Donor report.                                                        */

/*
 * One row of the donor report.  Amounts in the reporting currency are
 * minor units, each converted at the rate of its pledge's date
 * (allocations and expenditures linked to a pledge use the pledge's
 * date too: one rate per pledge).  When a rate is missing the amount is
 * not given (*_ok = 0) and `problems` names the missing rates: never a
 * silent zero.
 *
 *   pledged:  amount of the donor's pledges;
 *   received: amount of the allocations of its pledges (money that
 *             reached a project, task or activity);
 *   spent:    amount of the expenditures of those allocations.
 *
 * Outputs: the activities the donor funded are the activity_uuid of its
 * allocations and of the expenditures of its allocations; released_m2
 * is the plain sum of area_m2 of the land releases of those activities
 * (every method), eo_destroyed the sum of quantity of their EO items
 * destroyed (mais_report_eo_destroyed: in situ, or transported for
 * destruction — as in the bulletin).  An activity funded by two donors counts
 * in full for each (and once in the total).  cost_per_m2 is spent / released_m2
 * in minor units of the reporting currency per m², rounded half away
 * from zero (released m² rounded to the whole m² first); not given when
 * nothing was released or spent is not given.
 *
 * EORE and victim assistance: the projects the donor funded are the
 * project_uuid of its pledges and of the allocations of its pledges.
 * eore_beneficiaries is the sum of girls + boys + women + men (a missing
 * count is 0) of the eore_session records of those projects, each
 * session once per donor however many of its pledges and allocations
 * name the project; survivors_assisted is the number of distinct
 * victim_uuid of the victim_assistance records of those projects (a
 * survivor assisted three times counts once).  In the total each
 * session and each survivor counts once, however many donors funded it.
 * Operator rows have no projects: both are 0 there, and the sheets
 * leave them empty.
 *
 * Operator rows: the expenditures of allocations, grouped by the
 * organisation_uuid of their activity (the expenditure's activity_uuid,
 * else its allocation's); spent, released_m2 and eo_destroyed of those
 * activities, cost per m².
 */
typedef struct mais_donor_row {
	const char *kind; /* "donor", "operator", "total" */
	const char *name; /* organisation name; "unknown"; "total" */
	const char *uuid; /* the organisation, or NULL */
	/* in the original currencies: "400000.00 EUR; 1000.00 USD", or
	 * NULL when none */
	char *pledged_original, *received_original, *spent_original;
	int64_t pledged, received, spent; /* reporting currency */
	int pledged_ok, received_ok, spent_ok;
	size_t pledges, activities;
	double released_m2;
	int64_t eo_destroyed;
	int64_t eore_beneficiaries; /* donors and total only */
	size_t survivors_assisted;  /* donors and total only */
	int64_t cost_per_m2;
	int has_cost;
	char *problems; /* "no exchange rate ...; ..." or NULL */
} mais_donor_row;

typedef struct mais_donor_report {
	char currency[4]; /* the reporting currency */
	mais_rate_match match;
	int include_submitted;
	size_t nrows; /* donors by name, then operators by name */
	mais_donor_row *rows;
	mais_donor_row total; /* over the donors */
	size_t missing_rates; /* conversions that found no rate */
} mais_donor_report;

/* The donor report in `currency`, from the records src gives.  Pledges,
 * allocations, expenditures, activities, releases, EO items, EORE sessions and
 * victim assistance records count under opts (report.h); opts->by and
 * admin_level are ignored.  MAIS_EINVAL unknown currency.  Missing rates are
 * not an error: see missing_rates. */
int mais_report_donors(const mais_source *src, const mais_report_opts *opts,
		       const char *currency, mais_rate_match match,
		       mais_donor_report **out);

void mais_donor_report_free(mais_donor_report *r);

#ifdef __cplusplus
}
#endif
#endif
