/*
 * today.c — the programme's today (today.h), written once for every
 * write path.
 *
 * The C library converts a time to a zone's local date only through the
 * process's TZ variable.  A process serves one programme, so TZ is set
 * to the programme's zone once (under a lock, and again only if another
 * zone is asked for) and left so; nothing else in mais uses local time
 * (every other stamp is UTC, gmtime_r).  setenv is not safe beside
 * getenv in other threads, so the server asks for today once before its
 * threads start (svc_today_prepare), and a running server never sets TZ
 * again.  A zone name is checked against the time zone database's files
 * (TZDIR, else /usr/share/zoneinfo) before it is used, since glibc takes
 * an unknown name silently as UTC.
 */
#include "service/today.h"
#include "mais/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static time_t test_now;

void svc_today_test_clock(time_t t)
{
	test_now = t;
}

/* A zone name: letters, digits and "/_-+", no "..", a file of the time
 * zone database. */
static int zone_known(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	struct stat st;
	size_t n = strlen(zone);

	if (!n || n > 64 || zone[0] == '/' || strstr(zone, "..") ||
	    strspn(zone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789/_-+") != n)
		return 0;
	snprintf(path, sizeof path, "%s/%s",
		 dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int unknown_zone(const char *zone)
{
	return mais_error_set(MAIS_EINVAL,
			      "time zone '%s': not a zone of the time zone "
			      "database (an IANA name such as Asia/Baku, "
			      "Europe/Sarajevo, America/Bogota or UTC)",
			      zone);
}

/* The local date of t in zone: TZ set to it (once), under the lock. */
static int local_date(time_t t, const char *zone, char out[11])
{
	static char current[80];
	char tz[80];
	struct tm tm;

	snprintf(tz, sizeof tz, ":%s", zone);
	if (strcmp(current, tz) != 0) {
		if (setenv("TZ", tz, 1) != 0)
			return mais_error_set(MAIS_ENOMEM,
					      "out of memory setting TZ");
		tzset();
		snprintf(current, sizeof current, "%s", tz);
	}
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return 0;
}

int svc_date_in_zone(time_t t, const char *zone, char out[11])
{
	struct tm tm;
	int rc;

	if (!zone || !*zone || !strcmp(zone, "UTC")) {
		gmtime_r(&t, &tm);
		strftime(out, 11, "%Y-%m-%d", &tm);
		return 0;
	}
	if (!zone_known(zone))
		return unknown_zone(zone);
	pthread_mutex_lock(&tz_lock);
	rc = local_date(t, zone, out);
	pthread_mutex_unlock(&tz_lock);
	return rc;
}

int svc_today(mais_store *s, char out[11])
{
	char zone[80];
	int rc = mais_store_setting_get(s, MAIS_SETTING_TIME_ZONE, zone,
					sizeof zone);

	if (rc < 0)
		return rc;
	rc = svc_date_in_zone(test_now ? test_now : time(NULL), zone, out);
	return rc < 0 ? mais_error_prefix(rc, "the programme's today") : 0;
}

int svc_set_time_zone(mais_store *s, const char *zone, const mais_actor *who)
{
	if (!zone || (strcmp(zone, "UTC") && !zone_known(zone)))
		return unknown_zone(zone ? zone : "");
	return mais_store_setting_set(s, MAIS_SETTING_TIME_ZONE, zone, who);
}

int svc_today_prepare(mais_store *s)
{
	char today[11];

	return svc_today(s, today);
}
