/*
 * erase.c — the use case "erase a victim's personal data" (erase.h).
 *
 * The act is: find the victim the user may see, check that the user may
 * erase, then in one transaction erase the victim's personal fields and
 * those of the assistance records about the same person (the needs and
 * assistance of a person are personal data too: erasing the name but
 * leaving "needs a prosthesis below the left knee" next to the accident
 * would not erase the person), and scrub the file once it is committed.
 * The store does the rewriting and writes the audit entries
 * (mais_store_erase_personal); this file holds the rule of who may.
 *
 * The rule lives in one function, may_erase, until the permission policy
 * of the core holds every rule (issue 8 item 6): the roles are the
 * victim-assistance right and IM administration together, and the scope
 * is the one every record has (the user's organisation and its teams;
 * the authority's users and system administrators see every
 * organisation; a record of no organisation is the authority's).
 */
#include "service/erase.h"
#include "service/lookup.h"
#include "mais/error.h"
#include "mais/grow.h"
#include "mais/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VICTIM	       "victim"
#define ASSISTANCE     "victim_assistance"
#define ASSISTANCE_REF "victim_uuid"

/* --- who may --------------------------------------------------------- */

/* 1 if u sees the records of organisation org ("" the authority's). */
static int in_scope(const mais_user_info *u, const char *org)
{
	if (u->is_authority || (u->roles & MAIS_ROLE_SYS_ADMIN))
		return 1;
	if (!*org || !*u->organisation_uuid)
		return 0;
	if (!strcmp(org, u->organisation_uuid))
		return 1;
	for (size_t i = 0; i < u->nteams && i < MAIS_MAX_ORG_TEAMS; i++)
		if (!strcmp(org, u->teams[i]))
			return 1;
	return 0;
}

/* What of the two rights roles lack, for the message. */
static const char *missing(unsigned roles)
{
	int va = (roles & MAIS_ROLE_VICTIM_ASSISTANCE) != 0;
	int im = (roles & MAIS_ROLE_IM_ADMIN) != 0;

	return va   ? "im_admin"
	       : im ? "victim_assistance"
		    : "victim_assistance and im_admin";
}

/* The policy of erasure: both rights, a user not disabled, and a victim
 * the user sees (MAIS_ENOTFOUND otherwise, as for a victim that is not).
 * A one-time password still to change is the sessions' affair: the
 * server refuses such a session before any act, and the CLI opens none. */
static int may_erase(const mais_user_info *u, const mais_record *victim,
		     const char *key)
{
	const unsigned need = MAIS_ROLE_VICTIM_ASSISTANCE | MAIS_ROLE_IM_ADMIN;
	const char *org = mais_record_get(victim, "organisation_uuid");

	if (!in_scope(u, org ? org : ""))
		return mais_error_set(MAIS_ENOTFOUND,
				      "no victim with UUID or reference %s",
				      key);
	if (u->disabled)
		return mais_error_set(MAIS_EFORBIDDEN, "user %s is disabled",
				      u->username);
	if ((u->roles & need) != need)
		return mais_error_set(MAIS_EFORBIDDEN,
				      "erasing a victim's personal data "
				      "needs both the victim_assistance "
				      "right and im_admin; %s lacks %s",
				      u->username, missing(u->roles));
	return 0;
}

/* --- the assistance records ------------------------------------------ */

typedef struct uuids {
	char (*v)[37];
	size_t n, cap;
} uuids;

static int add_uuid(const mais_record *r, void *ctx)
{
	uuids *u = ctx;

	if (mais_grow(&u->v, &u->cap, u->n,
		      sizeof *u->v) < 0)
		return mais_error_last_code();
	snprintf(u->v[u->n++], 37, "%s", mais_record_uuid(r));
	return 0;
}

/* The UUIDs of the assistance records of the victim, page by page. */
static int assistance_of(mais_store *s, const char *victim, uuids *out)
{
	mais_store_query q = {.entity = ASSISTANCE,
			      .ref_column = ASSISTANCE_REF,
			      .ref_value = victim,
			      .limit = MAIS_MAX_LIST_LIMIT};
	int64_t total = 0;
	size_t before;
	int rc;

	do {
		before = out->n;
		q.offset = (int64_t)before;
		rc = mais_store_list(s, &q, &total, add_uuid, out);
	} while (rc == 0 && out->n > before && (int64_t)out->n < total);
	return rc;
}

/* --- the act ------------------------------------------------------------- */

/* Everything but the scrub, in the open transaction of s. */
static int erase_in_txn(mais_store *s, const mais_user_info *by,
			const mais_actor *who, const char *victim,
			const char *reason, svc_erase_result *out)
{
	mais_record *v = NULL;
	uuids va = {0};
	int rc = svc_lookup_record(s, VICTIM, victim, &v);

	if (rc == 0)
		rc = may_erase(by, v, victim);
	if (rc == 0) {
		snprintf(out->uuid, sizeof out->uuid, "%s",
			 mais_record_uuid(v));
		snprintf(out->reference, sizeof out->reference, "%s",
			 mais_record_reference(v));
		rc = mais_store_erase_personal(s, VICTIM, out->uuid, who,
					       reason, &out->victim);
	}
	if (rc == 0)
		rc = assistance_of(s, out->uuid, &va);
	for (size_t i = 0; rc == 0 && i < va.n; i++)
		rc = mais_store_erase_personal(s, ASSISTANCE, va.v[i], who,
					       reason, NULL);
	out->assistance = rc == 0 ? va.n : 0;
	free(va.v);
	mais_record_free(v);
	return rc;
}

int svc_victim_erase(mais_store *s, const mais_user_info *by,
		     const char *address, const char *victim,
		     const char *reason, svc_erase_result *out)
{
	mais_actor who = {.user = by->username, .address = address};
	int rc;

	memset(out, 0, sizeof *out);
	rc = mais_store_begin(s);
	if (rc < 0)
		return rc;
	rc = erase_in_txn(s, by, &who, victim, reason, out);
	if (rc < 0) {
		mais_store_rollback(s);
		memset(out, 0, sizeof *out);
		return rc;
	}
	rc = mais_store_commit(s); /* rolls back itself if it fails */
	if (rc < 0) {
		memset(out, 0, sizeof *out);
		return rc;
	}
	out->scrubbed = mais_store_scrub(s) == 0;
	if (!out->scrubbed)
		snprintf(out->warning, sizeof out->warning, "%s",
			 mais_error_last());
	return 0;
}
