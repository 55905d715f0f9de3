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
 * Rates come from the exchange_rate records of a database (donors.h,
 * mais_rates_load, src/core/report/rates.c): the rate of the date asked (by default the exact date; on request the
 * latest rate on or before it), from → to as recorded, else the inverse
 * of a recorded to → from rate of that date, computed exactly as the
 * fraction den/num (never rounded to a decimal first).  A direct rate
 * beats an inverse one; among several of the same date and direction the
 * one stored last wins.  Every rate found says its value, date and
 * source.
 *
 * This header is the arithmetic only; rates read from records and the
 * donor report are donors.h.
 *
 * Ownership: *out objects are the caller's, freed with their _free
 * function (NULL accepted); strings in them live as long as they do.
 */
#ifndef MAIS_MONEY_H
#define MAIS_MONEY_H

#include <stddef.h>
#include <stdint.h>

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

/* The i-th currency of mais's ISO 4217 table, by code, and its exponent
 * (when exponent is not NULL); NULL past the last.  Static. */
const char *mais_currency_at(size_t i, int *exponent);

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
/* Amounts as people write them (src/core/money_text.c).               */

/*
 * A way of writing numbers: the symbols of a CLDR locale's Latin digits
 * (CLDR 48, cldr-numbers-full main/LOCALE/numbers.json,
 * symbols-numberSystem-latn, and where the currency goes in its
 * currencyFormats standard pattern).  Each user chooses one (users.h).
 * Strings are UTF-8 and static.
 */
typedef struct mais_number_format {
	const char *code;    /* "en", "az", "ru" */
	const char *decimal; /* "." or "," */
	const char *group;   /* ",", "." or U+00A0 no-break space */
	int code_after;	     /* 1: "400 000,00 EUR"; 0: "EUR 400,000.00" */
} mais_number_format;

/* The format of a user who chose none. */
#define MAIS_NUMBER_FORMAT_DEFAULT "en"

/* The format of code, or NULL (no error set) when there is none. */
const mais_number_format *mais_number_format_find(const char *code);

/* Every format, *n of them, in a stable order.  Static. */
const mais_number_format *mais_number_formats(size_t *n);

/* Why an amount's text was refused (MAIS_MONEY_OK: it was not). */
typedef enum mais_money_refusal {
	MAIS_MONEY_OK,
	MAIS_MONEY_EMPTY,	 /* nothing but blanks */
	MAIS_MONEY_NOT_NUMBER,	 /* letters, a mark at either end, ... */
	MAIS_MONEY_GROUPING,	 /* digit groups not of three, or two kinds
				    of group separator */
	MAIS_MONEY_FOREIGN_MARK, /* '.' for a format that never uses it */
	MAIS_MONEY_DECIMALS,	 /* more (non-zero) decimals than the
				    currency has */
	MAIS_MONEY_AMBIGUOUS,	 /* the other way of writing numbers reads
				    another amount: 1,234 */
	MAIS_MONEY_CURRENCY,	 /* written with another currency's code */
	MAIS_MONEY_RANGE	 /* beyond 18 digits of minor units */
} mais_money_refusal;

/* What mais_money_read made of a text. */
typedef struct mais_money_reading {
	mais_money_refusal refusal;
	int64_t minor; /* the amount (minor units) when OK, and the
			  format's reading of an AMBIGUOUS text */
	int has_other; /* the other way of writing numbers (decimal
			  point and comma swapped) reads it as: */
	int64_t other; /* minor units */
} mais_money_reading;

/*
 * Reads an amount of currency typed as a person writes it, by the user's
 * number format f.  The one rule, for the web (GET /api/money) and every
 * other entry:
 *
 *  - blanks around it, a leading '-' (or U+2212), and the currency's own
 *    code before or after the number ("EUR 400,000.00") are allowed;
 *  - the decimal mark is f's; groups of three digits may be separated by
 *    f's group mark or by spaces (ASCII, no-break, narrow no-break,
 *    thin), one kind in one number: en "400,000.00", "400 000.00"; az
 *    "400.000,00", "400 000,00"; ru "400 000,00";
 *  - at most the currency's decimals (money.c: JPY 0, EUR 2, KWD 3);
 *    decimals beyond them are accepted only when they are zeros;
 *  - the text is refused as AMBIGUOUS when the other way of writing
 *    numbers (decimal point and comma swapped, at most the currency's
 *    decimals) reads it as another amount: "1,234" for a user of ru
 *    and KWD (1.234 KWD, or 1 234 KWD?), "1.000" for a user of en
 *    (one euro, or a thousand?).  Never guessed.
 *
 * Returns 0 with r->refusal MAIS_MONEY_OK and r->minor; or MAIS_EINVAL
 * with r->refusal saying why (and r->other the other reading, when there
 * is one, for a hint) and a message for a person naming the text;
 * MAIS_EINVAL also for an unknown currency or a NULL format.
 */
int mais_money_read(const char *text, const mais_number_format *f,
		    const char *currency, mais_money_reading *r);

/* mais_money_read without the details: *minor on 0. */
int mais_money_parse(const char *text, const mais_number_format *f,
		     const char *currency, int64_t *minor);

/*
 * Writes minor units of currency as f writes them, with every decimal of
 * the currency and groups of three: en "EUR 400,000.00", az
 * "400.000,00 EUR", ru "400 000,00 EUR" (U+00A0 between groups and
 * before or after the code): the text shown.  with_code 0 leaves the
 * code out ("400 000,00"): the text to type, which mais_money_read always
 * reads back as the same amount: when the plain text would be AMBIGUOUS,
 * a zero is added to its decimals ("1,2340" for 1.234 KWD in ru).
 * MAIS_EINVAL unknown currency, MAIS_ELIMIT if buf is too small.
 */
int mais_money_write(int64_t minor, const char *currency,
		     const mais_number_format *f, int with_code, char *buf,
		     size_t len);

#ifdef __cplusplus
}
#endif
#endif
