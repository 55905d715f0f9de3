/*
 * today.h — the programme's today: the date of "now" in the programme's
 * time zone (the database setting MAIS_SETTING_TIME_ZONE, an IANA name
 * such as "Asia/Baku"; UTC when unset), not the server's and not UTC.
 * Dates of what happened (an accident, a find, a release) may not be
 * after it (mais_record_check_dates).  At 01:00 in Baku it is still the
 * day before in UTC: a release entered then, dated today, is today's.
 *
 * Errors: MAIS_EINVAL (a time zone that the system's time zone database
 * does not know), the store's errors.
 */
#ifndef MAIS_SERVICE_TODAY_H
#define MAIS_SERVICE_TODAY_H

#include <time.h>
#include "mais/store.h"

/* The programme's today as YYYY-MM-DD. */
int svc_today(mais_store *s, char out[11]);

/* The date of t (seconds since the epoch) in time zone zone ("" or NULL:
 * UTC) as YYYY-MM-DD.  MAIS_EINVAL for an unknown zone. */
int svc_date_in_zone(time_t t, const char *zone, char out[11]);

/* Checks zone (an IANA name known to the system's time zone database)
 * and stores it as the programme's time zone, audited.  "UTC" is kept
 * as given. */
int svc_set_time_zone(mais_store *s, const char *zone, const mais_actor *who);

/* Computes today once, so that the process's time zone is set before
 * other threads run (the server calls it at start). */
int svc_today_prepare(mais_store *s);

/* For tests: "now" is t (0: the clock again). */
void svc_today_test_clock(time_t t);

#endif
