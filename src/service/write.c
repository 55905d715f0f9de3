/*
 * write.c — the write path (write.h): create, update, workflow steps and
 * the reopening of a hazard, each as
 *
 *     policy → record checks → transaction → references visible →
 *     admin area → rules → store → flags → effects
 *
 * The parts live in files of their own (write_internal.h); this file
 * only puts them in order, so that every adapter's write is the same.
 */
#include "service/write_internal.h"
#include "mais/operations.h"
#include "service/today.h"
#include "mais/error.h"

#include <stdio.h>
#include <string.h>

void svc_ctx_init(svc_ctx *c, mais_store *s, const mais_actor *actor,
		  const mais_principal *who)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->actor = actor;
	c->who = who;
}

const char *svc_owner(const mais_record *r)
{
	const char *org = mais_record_get(r, "organisation_uuid");

	return org ? org : "";
}

int svc_txn_begin(svc_ctx *c, int *own)
{
	*own = !mais_store_in_transaction(c->s);
	return *own ? mais_store_begin(c->s) : mais_store_unit_begin(c->s);
}

int svc_txn_end(svc_ctx *c, int own, int rc)
{
	int end;

	if (!own) {
		end = mais_store_unit_end(c->s, rc == 0);
		return rc < 0 ? rc : end;
	}
	if (rc < 0) {
		mais_store_rollback(c->s);
		return rc;
	}
	return mais_store_commit(c->s);
}

/* The data dictionary's checks and the programme's today. */
static int check_record(svc_ctx *c, mais_record *r)
{
	int rc = 0;

	if (!c->today[0])
		rc = svc_today(c->s, c->today);
	if (rc == 0)
		rc = mais_record_check_dates(r, c->today);
	return rc < 0 ? rc : mais_record_prepare(r);
}

/* What every write does between the store's reads and its write. */
static int before_store(svc_ctx *c, const mais_record *old, mais_record *r,
			svc_flags *fl)
{
	int rc = svc_refs_visible(c, r);

	if (rc == 0)
		rc = svc_admin_assign(c, r);
	return rc < 0 ? rc : svc_rules_check(c, old, r, fl);
}

static int after_store(svc_ctx *c, const mais_record *old, const mais_record *r,
		       const svc_flags *fl)
{
	int rc = svc_flags_write(c, r, fl);

	return rc < 0 ? rc : svc_effects(c, old, r);
}

static int create_in_txn(svc_ctx *c, mais_record *r, const mais_import_key *key)
{
	svc_flags fl = {0};
	int rc = before_store(c, NULL, r, &fl);

	if (rc == 0)
		rc = key ? mais_store_insert_imported(c->s, r, c->actor, key)
			 : mais_store_insert(c->s, r, c->actor);
	return rc < 0 ? rc : after_store(c, NULL, r, &fl);
}

int svc_policy_create(svc_ctx *c, mais_record *r)
{
	const char *org = mais_policy_default_org(c->who);
	const char *entity = mais_record_entity(r)->name;
	mais_act act = mais_policy_act_for_status(mais_record_get(r, "status"));
	int rc = 0;

	if (!mais_record_get(r, "organisation_uuid") && org)
		rc = mais_record_set(r, "organisation_uuid", org);
	if (rc == 0 && act != MAIS_ACT_CREATE &&
	    !mais_policy_can(c->who, MAIS_ACT_CREATE, entity, svc_owner(r)))
		rc = mais_error_set(MAIS_EFORBIDDEN,
				    "%s: your roles do not allow this", entity);
	if (rc == 0)
		rc = mais_hazard_status_check(NULL, r, c->who->system);
	return rc < 0 ? rc : mais_policy_check_write(c->who, act, NULL, r);
}

int svc_create_imported(svc_ctx *c, mais_record *r, const mais_import_key *key)
{
	int own = 0, rc = svc_policy_create(c, r);

	if (rc == 0)
		rc = check_record(c, r);
	if (rc == 0)
		rc = svc_txn_begin(c, &own);
	if (rc < 0)
		return rc;
	return svc_txn_end(c, own, create_in_txn(c, r, key));
}

int svc_create(svc_ctx *c, mais_record *r)
{
	return svc_create_imported(c, r, NULL);
}

static int update_in_txn(svc_ctx *c, const mais_record *old, mais_record *r,
			 const char *action)
{
	svc_flags fl = {0};
	int rc = before_store(c, old, r, &fl);

	if (rc == 0)
		rc = mais_store_update_as(c->s, r, c->actor, action);
	return rc < 0 ? rc : after_store(c, old, r, &fl);
}

/* Runs update_in_txn in a transaction of its own. */
static int update_once(svc_ctx *c, const mais_record *old, mais_record *r,
		       const char *action)
{
	int own = 0, rc = check_record(c, r);

	if (rc == 0)
		rc = svc_txn_begin(c, &own);
	if (rc < 0)
		return rc;
	return svc_txn_end(c, own, update_in_txn(c, old, r, action));
}

int svc_update(svc_ctx *c, mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	mais_record *old = NULL;
	int rc;

	if (!mais_record_uuid(r))
		return mais_error_set(MAIS_EINVAL,
				      "%s: update of a record never stored",
				      e->name);
	rc = svc_load_visible(c, e->name, mais_record_uuid(r), &old);
	if (rc == 0)
		rc = mais_policy_check_write(c->who, MAIS_ACT_UPDATE, old, r);
	if (rc == 0)
		rc = mais_hazard_status_check(old, r, c->who->system);
	/* a changed record is a draft again: what was approved stays in
	 * its versions, and the change goes through the workflow anew */
	if (rc == 0)
		rc = mais_workflow_edit(r);
	if (rc == 0)
		rc = update_once(c, old, r, "update");
	mais_record_free(old);
	return rc;
}

static int stale(const mais_record *r, int64_t expected)
{
	return mais_error_set(
		MAIS_ECONFLICT,
		"%s %s changed since it was read (version %lld "
		"now, %lld read)",
		mais_record_entity(r)->name, mais_record_reference(r),
		(long long)mais_record_version(r), (long long)expected);
}

/* The record and a copy to change, when the user may act on it. */
static int load_for_act(svc_ctx *c, const char *entity, const char *uuid,
			mais_act act, int64_t expected, mais_record **old,
			mais_record **r)
{
	int rc = svc_load_visible(c, entity, uuid, old);

	if (rc == 0 && !mais_policy_can(c->who, act, entity, svc_owner(*old)))
		rc = mais_error_set(MAIS_EFORBIDDEN,
				    "%s: your roles or organisation do not "
				    "allow this",
				    entity);
	if (rc == 0 && expected && expected != mais_record_version(*old))
		rc = stale(*old, expected);
	if (rc == 0)
		rc = mais_store_get(c->s, entity, uuid, r);
	return rc;
}

int svc_step(svc_ctx *c, const char *entity, const char *uuid, mais_step step,
	     int64_t expected_version, const char *reason)
{
	mais_record *old = NULL, *r = NULL;
	int rc = load_for_act(c, entity, uuid, mais_workflow_act(step),
			      expected_version, &old, &r);

	if (rc == 0)
		rc = mais_workflow_apply(r, step, reason);
	if (rc == 0)
		rc = update_once(c, old, r, mais_workflow_step_name(step));
	mais_record_free(old);
	mais_record_free(r);
	return rc;
}

/* A closed or handed-over hazard active again, with the reason. */
static int reopen(mais_record *hz, const char *reason)
{
	const char *st = mais_record_get(hz, "hazard_status");
	char why[600];
	int rc;

	if (!st || (strcmp(st, "closed") && strcmp(st, "handed_over")))
		return mais_error_set(MAIS_ESTATE,
				      "hazard.hazard_status: hazard %s is %s: "
				      "only a closed or handed-over hazard "
				      "is reopened",
				      mais_record_reference(hz), st ? st : "?");
	if (!reason || !*reason)
		return mais_error_set(MAIS_EINVAL,
				      "hazard.reason: reopening a hazard "
				      "needs a reason (what was found)");
	snprintf(why, sizeof why, "reopened: %s", reason);
	rc = mais_record_set(hz, "hazard_status", "active");
	return rc < 0 ? rc : mais_record_set(hz, "status_reason", why);
}

int svc_hazard_reopen(svc_ctx *c, const char *uuid, int64_t expected_version,
		      const char *reason)
{
	mais_record *old = NULL, *hz = NULL;
	int rc = load_for_act(c, "hazard", uuid, MAIS_ACT_REOPEN,
			      expected_version, &old, &hz);

	if (rc == 0)
		rc = reopen(hz, reason);
	if (rc == 0)
		rc = update_once(c, old, hz, "reopen");
	mais_record_free(old);
	mais_record_free(hz);
	return rc;
}
