/*
 * handover.c — a completion activity hands over its hazard (IMAS 07.11;
 * operations.h): the checks of its write and what its approval sets.
 * The hazard's account is computed by the use-case layer and passed in.
 */
#include "mais/operations.h"
#include "mais/error.h"

#include <stdio.h>
#include <string.h>

int mais_handover_applies(const mais_record *activity)
{
	const char *type = mais_record_get(activity, "activity_type");

	return strcmp(mais_record_entity(activity)->name, "activity") == 0 &&
	       type && strcmp(type, "completion") == 0 &&
	       mais_record_get(activity, "hazard_uuid");
}

int mais_handover_check(const mais_record *activity, const mais_record *hazard,
			double remaining_m2, double tolerance_m2)
{
	const char *status = mais_record_get(hazard, "hazard_status");
	const char *ref = mais_record_reference(hazard);

	(void)activity;
	if (status && !strcmp(status, "handed_over"))
		return mais_error_set(MAIS_EINVAL,
				      "activity.hazard_uuid: hazard %s is "
				      "handed over already",
				      ref);
	if (remaining_m2 > tolerance_m2)
		return mais_error_set(MAIS_EINVAL,
				      "activity.activity_type: completion of "
				      "hazard %s, but %.1f m² of it remain to "
				      "be released (cancelled, reduced or "
				      "cleared) first",
				      ref, remaining_m2);
	return 0;
}

int mais_handover_apply(mais_record *hazard, const mais_record *activity)
{
	char why[160];
	int rc;

	snprintf(why, sizeof why, "handed over: completion %s approved",
		 mais_record_reference(activity)
			 ? mais_record_reference(activity)
			 : "?");
	rc = mais_record_set(hazard, "hazard_status", "handed_over");
	return rc < 0 ? rc : mais_record_set(hazard, "status_reason", why);
}

static int same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

int mais_hazard_status_check(const mais_record *old, const mais_record *r,
			     int system)
{
	const char *now = mais_record_get(r, "hazard_status");
	const char *was = old ? mais_record_get(old, "hazard_status") : NULL;

	if (strcmp(mais_record_entity(r)->name, "hazard"))
		return 0;
	if (old && !same(was, now))
		return mais_error_set(MAIS_EINVAL,
				      "hazard.hazard_status: %s stays %s: a "
				      "hazard closes when the release that "
				      "empties it is approved, is handed over "
				      "by an approved completion, and is "
				      "reopened with a reason (reopen)",
				      mais_record_reference(r)
					      ? mais_record_reference(r)
					      : "the hazard",
				      was ? was : "unset");
	if (!old && !system && now && strcmp(now, "active"))
		return mais_error_set(MAIS_EINVAL,
				      "hazard.hazard_status: a new hazard is "
				      "active (%s is given); it closes as its "
				      "land is released",
				      now);
	return 0;
}
