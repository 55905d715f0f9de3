/*
 * effects.c — what a write causes once it is stored (write.h): effects
 * hold only while the record that causes them is approved.
 *
 *                 created         approved              no longer approved
 *   land_release  -               the hazards it        those hazards
 *                                 touches closed when   reopened when land
 *                                 nothing remains       remains
 *   activity      -               (completion) hazard   hazard closed or
 *                                 handed over           active again
 *   hazard        -               (an edit) closed or   -
 *                                 active again, as its
 *                                 polygon now is
 *   donation      its equipment,  its equipment         its equipment a
 *                 in its status   approved              draft again
 *
 * "Nothing remains" is the hazard's own progress over the approved
 * releases (svc_lr_account, SVC_LR_APPROVED; landrelease.h): what is left
 * of its whole polygon once every approved release on it is counted —
 * its own, another hazard's where they overlap, one with no hazard —
 * within the accounting tolerance.  A release touches its hazard and
 * every approved hazard its polygon meets.
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
	*empty = rc == 0 && a->polygon_remaining_m2 <=
				    mais_landrelease_tolerance(a->polygon_m2);
	return rc;
}

/* How a record that causes an effect is named in its reason. */
static const char *what_of(const mais_record *r)
{
	const char *e = mais_record_entity(r)->name;

	return !strcmp(e, "land_release") ? "release" : e;
}

static int is_status(const mais_record *r, const char *col, const char *v)
{
	const char *s = mais_record_get(r, col);

	return s && !strcmp(s, v);
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

static int has_uuid(const uuids *u, const char *uuid)
{
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i], uuid))
			return 1;
	return 0;
}

static int add_approved(const mais_record *hz, void *arg)
{
	uuids *u = arg;

	if (!is_status(hz, "status", "approved") ||
	    has_uuid(u, mais_record_uuid(hz)))
		return 0;
	return add_uuid(hz, u);
}

static int touched(svc_ctx *c, const mais_geom *g, const char *linked,
		   uuids *u)
{
	mais_store_query q = {.entity = "hazard", .has_bbox = 1};
	int rc = 0;

	if (linked && !has_uuid(u, linked)) {
		if (mais_grow(&u->v, &u->cap, u->n, sizeof *u->v) < 0)
			return MAIS_ENOMEM;
		snprintf(u->v[u->n++], 37, "%s", linked);
	}
	if (!g || mais_geom_is_empty(g))
		return 0;
	rc = mais_geom_envelope(g, &q.bbox[0], &q.bbox[1], &q.bbox[2],
				&q.bbox[3]);
	return rc < 0 ? rc : mais_store_list_all(c->s, &q, add_approved, u);
}

/* --- land release -------------------------------------------------- */

/* Hazard uuid brought in line with its approved releases after record
 * `cause` (a release, or the hazard itself) changed: closed when they
 * leave nothing of an active hazard; active again when they leave land of
 * a closed or handed-over one. */
static int hazard_follows(svc_ctx *c, const mais_record *cause,
			  const char *uuid)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	char why[256];
	int empty, closing, reopening;
	int rc = hazard_account(c, uuid, &hz, &a, &empty);

	closing = rc == 0 && empty && is_status(hz, "hazard_status", "active");
	reopening = rc == 0 && !empty &&
		    (is_status(hz, "hazard_status", "closed") ||
		     is_status(hz, "hazard_status", "handed_over"));
	if (closing)
		snprintf(why, sizeof why,
			 "closed: %s %s approved; %.1f m² of its %.1f m² "
			 "remain",
			 what_of(cause), ref_of(cause),
			 a.polygon_remaining_m2 > 0 ? a.polygon_remaining_m2 : 0,
			 a.polygon_m2);
	else if (reopening)
		snprintf(why, sizeof why,
			 "reopened: %s %s is %s (%s); %.1f m² of its %.1f m² "
			 "remain",
			 what_of(cause), ref_of(cause),
			 is_status(cause, "status", "approved")
				 ? "approved"
				 : "no longer approved",
			 mais_record_get(cause, "status"),
			 a.polygon_remaining_m2, a.polygon_m2);
	if (closing || reopening)
		rc = set_hazard(c, hz, closing ? "closed" : "active", why,
				closing ? "close" : "reopen");
	mais_record_free(hz);
	return rc;
}

/* Adds to u the approved hazards whose boxes meet geometry g (none when g
 * is NULL) and, if given, the hazard `linked`, once each. */
static int touched(svc_ctx *c, const mais_geom *g, const char *linked,
		   uuids *u);

/* Every hazard release rel touches (its own, and those its polygon
 * meets), and those `old` touched when it is a previous version. */
static int hazards_follow(svc_ctx *c, const mais_record *old,
			  const mais_record *rel)
{
	uuids u = {0};
	int rc = touched(c, mais_record_geom(rel),
			 mais_record_get(rel, "hazard_uuid"), &u);

	if (rc == 0 && old)
		rc = touched(c, mais_record_geom(old),
			     mais_record_get(old, "hazard_uuid"), &u);
	for (size_t i = 0; rc == 0 && i < u.n; i++)
		rc = hazard_follows(c, rel, u.v[i]);
	free(u.v);
	return rc;
}

static int release_approved(svc_ctx *c, const mais_record *old,
			    const mais_record *rel)
{
	(void)old;
	return hazards_follow(c, NULL, rel);
}

/* The hazards it released, and those it touches now if others. */
static int release_withdrawn(svc_ctx *c, const mais_record *old,
			     const mais_record *rel)
{
	return hazards_follow(c, old, rel);
}

/* An approved edit of a hazard (its polygon may have changed): it closes
 * or opens again as its approved releases now leave it.  A hazard
 * approved as it is created has no release yet: nothing to do. */
static int hazard_approved(svc_ctx *c, const mais_record *old,
			   const mais_record *hz)
{
	return old ? hazard_follows(c, hz, mais_record_uuid(hz)) : 0;
}

/* --- completion (handover) ----------------------------------------- */

static int completion_approved(svc_ctx *c, const mais_record *old,
			       const mais_record *act)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	int empty, rc;

	(void)old;
	if (!mais_handover_applies(act))
		return 0;
	rc = hazard_account(c, mais_record_get(act, "hazard_uuid"), &hz, &a,
			    &empty);
	if (rc == 0)
		rc = mais_handover_check(
			act, hz, a.polygon_remaining_m2,
			mais_landrelease_tolerance(a.polygon_m2));
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

static int donation_approved(svc_ctx *c, const mais_record *old,
			     const mais_record *d)
{
	char why[160];

	(void)old;
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
	int (*approved)(svc_ctx *c, const mais_record *old,
			const mais_record *r);
	int (*withdrawn)(svc_ctx *c, const mais_record *old,
			 const mais_record *r);
} effect;

static const effect effects[] = {
	{"land_release", NULL, release_approved, release_withdrawn},
	{"hazard", NULL, hazard_approved, NULL},
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
		rc = e->approved(c, old, r);
	if (rc == 0 && was && !is && e->withdrawn)
		rc = e->withdrawn(c, old, r);
	return rc;
}
