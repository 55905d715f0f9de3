/*
 * effects.c — what a write causes once it is stored (write.h): effects
 * hold only while the record that causes them is approved.
 *
 *                 created         approved              no longer approved
 *   land_release  -               its hazard closed     its hazard reopened
 *                                 when nothing remains  when land remains
 *   activity      -               (completion) hazard   hazard closed or
 *                                 handed over           active again
 *   donation      its equipment,  its equipment         its equipment a
 *                 in its status   approved              draft again
 *
 * "Nothing remains" is the hazard's account over its approved releases
 * (svc_lr_account, SVC_LR_APPROVED) within the accounting tolerance.
 * Every record an effect changes gets a version of its own whose
 * status_reason says which record caused it, and an audit entry named
 * for the act ("close", "reopen", "hand_over", ...).
 */
#include "service/write_internal.h"
#include "service/lr.h"
#include "mais/donation.h"
#include "mais/error.h"
#include "mais/grow.h"
#include "mais/operations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ref_of(const mais_record *r)
{
	return mais_record_reference(r) ? mais_record_reference(r) : "?";
}

/* Stores changed record r as a version of its own, the act named. */
static int store_effect(svc_ctx *c, mais_record *r, const char *action)
{
	int rc = mais_record_prepare(r);

	return rc < 0 ? rc : mais_store_update_as(c->s, r, c->actor, action);
}

/* Sets the hazard's status with the reason and stores it. */
static int set_hazard(svc_ctx *c, mais_record *hz, const char *status,
		      const char *why, const char *action)
{
	int rc = mais_record_set(hz, "hazard_status", status);

	if (rc == 0)
		rc = mais_record_set(hz, "status_reason", why);
	return rc < 0 ? rc : store_effect(c, hz, action);
}

/* The hazard and its account over approved releases. */
static int hazard_account(svc_ctx *c, const char *uuid, mais_record **hz,
			  mais_lr_account *a, int *empty)
{
	int rc = mais_store_get(c->s, "hazard", uuid, hz);

	if (rc == 0)
		rc = svc_lr_account(c->s, uuid, SVC_LR_APPROVED, a);
	*empty = rc == 0 &&
		 a->remaining_m2 <= mais_landrelease_tolerance(a->original_m2);
	return rc;
}

static int is_status(const mais_record *r, const char *col, const char *v)
{
	const char *s = mais_record_get(r, col);

	return s && !strcmp(s, v);
}

/* --- land release -------------------------------------------------- */

/* The hazard uuid of release rel, whose approval changed, brought in
 * line with its approved releases: closed when they leave nothing of an
 * active hazard, active again when they leave land of a closed one. */
static int hazard_follows(svc_ctx *c, const mais_record *rel, const char *uuid)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	char why[256];
	int empty, closing, reopening;
	int rc = hazard_account(c, uuid, &hz, &a, &empty);

	closing = rc == 0 && empty && is_status(hz, "hazard_status", "active");
	reopening =
		rc == 0 && !empty && is_status(hz, "hazard_status", "closed");
	if (closing)
		snprintf(why, sizeof why,
			 "closed: release %s approved; %.1f m² of %.1f m² "
			 "remain",
			 ref_of(rel), a.remaining_m2 > 0 ? a.remaining_m2 : 0,
			 a.original_m2);
	else if (reopening)
		snprintf(why, sizeof why,
			 "reopened: release %s is no longer approved (%s); "
			 "%.1f m² remain",
			 ref_of(rel), mais_record_get(rel, "status"),
			 a.remaining_m2);
	if (closing || reopening)
		rc = set_hazard(c, hz, closing ? "closed" : "active", why,
				closing ? "close" : "reopen");
	mais_record_free(hz);
	return rc;
}

static int release_approved(svc_ctx *c, const mais_record *rel)
{
	const char *uuid = mais_record_get(rel, "hazard_uuid");

	return uuid ? hazard_follows(c, rel, uuid) : 0;
}

/* The hazard it released, and the one it releases now if another. */
static int release_withdrawn(svc_ctx *c, const mais_record *old,
			     const mais_record *rel)
{
	const char *was = mais_record_get(old, "hazard_uuid");
	const char *now = mais_record_get(rel, "hazard_uuid");
	int rc = was ? hazard_follows(c, rel, was) : 0;

	if (rc == 0 && now && (!was || strcmp(was, now)))
		rc = hazard_follows(c, rel, now);
	return rc;
}

/* --- completion (handover) ----------------------------------------- */

static int completion_approved(svc_ctx *c, const mais_record *act)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	int empty, rc;

	if (!mais_handover_applies(act))
		return 0;
	rc = hazard_account(c, mais_record_get(act, "hazard_uuid"), &hz, &a,
			    &empty);
	if (rc == 0)
		rc = mais_handover_check(
			act, hz, a.remaining_m2,
			mais_landrelease_tolerance(a.original_m2));
	if (rc == 0)
		rc = mais_handover_apply(hz, act);
	if (rc == 0)
		rc = store_effect(c, hz, "hand_over");
	mais_record_free(hz);
	return rc < 0 ? mais_error_prefix(rc, "approval of %s", ref_of(act))
		      : 0;
}

static int completion_withdrawn(svc_ctx *c, const mais_record *old,
				const mais_record *act)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	char why[256];
	int empty, rc;

	if (!mais_handover_applies(old))
		return 0;
	rc = hazard_account(c, mais_record_get(old, "hazard_uuid"), &hz, &a,
			    &empty);
	if (rc == 0 && is_status(hz, "hazard_status", "handed_over")) {
		snprintf(why, sizeof why,
			 "handover withdrawn: completion %s is no longer "
			 "approved (%s)",
			 ref_of(act), mais_record_get(act, "status"));
		rc = set_hazard(c, hz, empty ? "closed" : "active", why,
				"withdraw_handover");
	}
	mais_record_free(hz);
	return rc;
}

/* --- donation ------------------------------------------------------ */

static int donation_created(svc_ctx *c, const mais_record *d)
{
	mais_record **assets;
	size_t n;
	int rc = mais_donation_assets(d, &assets, &n);

	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = mais_store_insert(c->s, assets[i], c->actor);
	for (size_t i = 0; i < n; i++)
		mais_record_free(assets[i]);
	free(assets);
	return rc;
}

typedef struct uuids {
	char (*v)[37];
	size_t n, cap;
} uuids;

static int add_uuid(const mais_record *r, void *arg)
{
	uuids *u = arg;

	if (mais_grow(&u->v, &u->cap, u->n,
		      sizeof *u->v) < 0)
		return mais_error_last_code();
	snprintf(u->v[u->n++], 37, "%s", mais_record_uuid(r));
	return 0;
}

/* The equipment a donation created (donation_uuid). */
static int assets_of(svc_ctx *c, const mais_record *d, uuids *u)
{
	mais_store_query q = {.entity = "equipment",
			      .ref_column = "donation_uuid",
			      .ref_value = mais_record_uuid(d)};

	return mais_store_list_all(c->s, &q, add_uuid, u);
}

/* Sets the workflow status of the donation's equipment from `from` to
 * `to` (from NULL: any but to). */
static int assets_to(svc_ctx *c, const mais_record *d, const char *from,
		     const char *to, const char *why, const char *action)
{
	uuids u = {0};
	int rc = assets_of(c, d, &u);

	for (size_t i = 0; rc == 0 && i < u.n; i++) {
		mais_record *e = NULL;

		rc = mais_store_get(c->s, "equipment", u.v[i], &e);
		if (rc == 0 && !is_status(e, "status", to) &&
		    (!from || is_status(e, "status", from))) {
			rc = mais_record_set_system(e, "status", to);
			if (rc == 0)
				rc = mais_record_set(e, "status_reason", why);
			if (rc == 0)
				rc = store_effect(c, e, action);
		}
		mais_record_free(e);
	}
	free(u.v);
	return rc;
}

static int donation_approved(svc_ctx *c, const mais_record *d)
{
	char why[160];

	snprintf(why, sizeof why, "approved with donation %s", ref_of(d));
	return assets_to(c, d, NULL, "approved", why, "approve");
}

static int donation_withdrawn(svc_ctx *c, const mais_record *old,
			      const mais_record *d)
{
	char why[160];

	(void)old;
	snprintf(why, sizeof why, "donation %s is no longer approved (%s)",
		 ref_of(d), mais_record_get(d, "status"));
	return assets_to(c, d, "approved", "draft", why, "withdraw");
}

/* --- the table ----------------------------------------------------- */

typedef struct effect {
	const char *entity;
	int (*created)(svc_ctx *c, const mais_record *r);
	int (*approved)(svc_ctx *c, const mais_record *r);
	int (*withdrawn)(svc_ctx *c, const mais_record *old,
			 const mais_record *r);
} effect;

static const effect effects[] = {
	{"land_release", NULL, release_approved, release_withdrawn},
	{"activity", NULL, completion_approved, completion_withdrawn},
	{"donation", donation_created, donation_approved, donation_withdrawn},
};

int svc_effects(svc_ctx *c, const mais_record *old, const mais_record *r)
{
	int was = old &&
		  mais_workflow_is_approved(mais_record_get(old, "status"));
	int is = mais_workflow_is_approved(mais_record_get(r, "status"));
	const char *entity = mais_record_entity(r)->name;
	const effect *e = NULL;
	int rc = 0;

	for (size_t i = 0; i < sizeof effects / sizeof effects[0]; i++)
		if (!strcmp(effects[i].entity, entity))
			e = &effects[i];
	if (!e)
		return 0;
	if (!old && e->created)
		rc = e->created(c, r);
	if (rc == 0 && is && !was)
		rc = e->approved(c, r);
	if (rc == 0 && was && !is)
		rc = e->withdrawn(c, old, r);
	return rc;
}
