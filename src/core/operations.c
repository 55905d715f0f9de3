/*
 * operations.c — the rules of operations.h: a completion hands over a
 * hazard only when nothing of it is left to release, and a survivor is
 * recorded once per accident.  Both read other records through the store
 * API, so every backend gets them.
 */
#include "mais/operations.h"
#include "mais/admin.h"
#include "mais/error.h"
#include "core/landrelease_legacy.h"

#include <stdio.h>
#include <string.h>

int mais_handover_check(mais_store *s, const mais_record *activity,
			mais_record **hazard_out)
{
	const char *type = mais_record_get(activity, "activity_type");
	const char *hazard = mais_record_get(activity, "hazard_uuid");
	const char *status;
	mais_lr_account a;
	mais_record *hz = NULL;
	int rc;

	*hazard_out = NULL;
	if (strcmp(mais_record_entity(activity)->name, "activity") != 0 ||
	    !type || strcmp(type, "completion") != 0 || !hazard)
		return 0;
	if ((rc = mais_store_get(s, "hazard", hazard, &hz)) < 0)
		return rc;
	status = mais_record_get(hz, "hazard_status");
	if (status && !strcmp(status, "handed_over"))
		rc = mais_error_set(MAIS_EINVAL,
				    "activity.hazard_uuid: hazard %s is "
				    "handed over already",
				    mais_record_reference(hz));
	else
		rc = mais_landrelease_account(s, hazard, &a);
	if (rc == 0 &&
	    a.remaining_m2 > mais_landrelease_tolerance(a.original_m2))
		rc = mais_error_set(MAIS_EINVAL,
				    "activity.activity_type: completion of "
				    "hazard %s, but %.1f m² of it remain to "
				    "be released (cancelled, reduced or "
				    "cleared) first",
				    mais_record_reference(hz), a.remaining_m2);
	if (rc == 0)
		rc = mais_record_set(hz, "hazard_status", "handed_over");
	if (rc < 0) {
		mais_record_free(hz);
		return rc;
	}
	*hazard_out = hz;
	return 0;
}

typedef struct same_victim {
	const mais_record *victim;
	char given[256], family[256];
	char repeats[64]; /* reference of the first match */
} same_victim;

static int names_key(const mais_record *r, const char *col, char *out,
		     size_t len)
{
	const char *v = mais_record_get(r, col);

	out[0] = '\0';
	return v ? mais_name_key(v, out, len) : 0;
}

static int compare_victim(const mais_record *r, void *ctx)
{
	same_victim *sv = ctx;
	char given[256], family[256];

	if (mais_record_uuid(sv->victim) && mais_record_uuid(r) &&
	    !strcmp(mais_record_uuid(sv->victim), mais_record_uuid(r)))
		return 0; /* itself, on an update */
	if (names_key(r, "given_name", given, sizeof given) < 0 ||
	    names_key(r, "family_name", family, sizeof family) < 0)
		return 0;
	if (strcmp(given, sv->given) || strcmp(family, sv->family))
		return 0;
	snprintf(sv->repeats, sizeof sv->repeats, "%s",
		 mais_record_reference(r) ? mais_record_reference(r) : "?");
	return 1; /* stop: found */
}

int mais_victim_check(mais_store *s, const mais_record *victim)
{
	same_victim sv = { .victim = victim };
	mais_store_query q = { 0 };
	const char *accident = mais_record_get(victim, "accident_uuid");
	int64_t total;
	int rc;

	if (strcmp(mais_record_entity(victim)->name, "victim") != 0 ||
	    !accident)
		return 0;
	if ((rc = names_key(victim, "given_name", sv.given,
			    sizeof sv.given)) < 0 ||
	    (rc = names_key(victim, "family_name", sv.family,
			    sizeof sv.family)) < 0)
		return rc;
	if (!*sv.given || !*sv.family) /* without both names: cannot tell */
		return 0;
	q.entity = "victim";
	q.ref_column = "accident_uuid";
	q.ref_value = accident;
	q.limit = 1000;
	rc = mais_store_list(s, &q, &total, compare_victim, &sv);
	if (rc < 0)
		return rc;
	if (*sv.repeats)
		return mais_error_set(MAIS_EINVAL,
				      "victim.given_name: this survivor of "
				      "the accident is recorded already as "
				      "%s: add assistance to that record",
				      sv.repeats);
	return 0;
}
