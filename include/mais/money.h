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

#ifdef __cplusplus
}
#endif
#endif
