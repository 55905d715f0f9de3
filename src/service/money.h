/*
 * money.h (service) — amounts as a user types them and what they come to
 * in other currencies: the number format of a user, and the conversions
 * of an amount at the exchange rates of a date, read from the store for
 * GET /api/money.  The reading itself is the core's one rule
 * (mais/money.h mais_money_read); this layer only finds the user's format
 * and the database's rates.
 */
#ifndef MAIS_SERVICE_MONEY_H
#define MAIS_SERVICE_MONEY_H

#include "mais/donors.h"
#include "mais/money.h"
#include "mais/store.h"

/* The number format of code (a user's mais_user_info.number_format), the
 * default one when code is NULL, "" or unknown.  Never NULL; static. */
const mais_number_format *svc_number_format(const char *code);

/* minor units of currency converted at the approved exchange rates of
 * date (YYYY-MM-DD; the rate of that day, or with match
 * MAIS_RATE_ON_OR_BEFORE the latest before it) to every currency that has
 * one, as the donor report converts a pledge (donors.h).  Rates are
 * reference data, read by every user.  *out is the caller's (free());
 * MAIS_EINVAL unknown currency or bad date; the store's errors. */
int svc_money_conversions(mais_store *s, int64_t minor, const char *currency,
			  const char *date, mais_rate_match match,
			  mais_conversion **out, size_t *n);

#endif
