/*
 * donors.h — the exchange rates of a database and the donor report
 * (DESIGN.md "Funding"), computed from the records a source gives
 * (src/core/report/rates.c, donors.c) with the exact arithmetic of
 * money.h.  How a rate is chosen is described in money.h.
 *
 * Ownership: *out objects are the caller's, freed with their _free
 * function (NULL accepted); strings in them live as long as they do.
 */
#ifndef MAIS_DONORS_H
#define MAIS_DONORS_H

#include <stddef.h>
#include <stdint.h>
#include "mais/money.h"
#include "mais/report.h"
#include "mais/source.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/* An amount converted to another currency (mais_rates_convert_all). */
typedef struct mais_conversion {
	char currency[4];     /* converted to */
	int64_t minor;	      /* minor units of currency */
	mais_rate_found rate; /* the rate used, and where it comes from */
} mais_conversion;

/* minor units of `currency` converted (mais_money_convert: exact, rounded
 * half away from zero) to every other currency that has a rate with it
 * for date (direct or inverse, found as mais_rates_find finds it),
 * sorted by code; none is not an error (*n 0).  *out is the caller's,
 * freed with free() (NULL when *n is 0).  MAIS_EINVAL unknown currency;
 * MAIS_ELIMIT a result too large (naming it). */
int mais_rates_convert_all(const mais_rates *r, int64_t minor,
			   const char *currency, const char *date,
			   mais_rate_match match, mais_conversion **out,
			   size_t *n);

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
