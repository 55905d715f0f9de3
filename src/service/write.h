/*
 * write.h — the one write path of mais (DESIGN.md "use cases"): every
 * record written from a form, the HTTP API, an upload, the CLI or (later)
 * a field submission comes through here, so each gets the same policy,
 * the same rules and the same effects:
 *
 *     policy → checks of the record → transaction → load what the rule
 *     needs → run the rule (pure, src/core/rules) → store → effects
 *
 * Policy (policy.h): who may create, change or take a workflow step on a
 * record of which organisation; the organisation of a new record set by
 * the policy when the data names none; every reference visible to the
 * user (a reference to a record the user may not read is refused as if it
 * did not exist); sensitive columns only with the victim-assistance
 * right; shared entities only by administrators; organisation types.
 *
 * Checks: dates of what happened not after the programme's today
 * (today.h); the data dictionary and the geometry rules; the admin area
 * assigned from the location when the record has a geometry, its entity
 * an admin_area_uuid and the data none (admin.h, the same code as an
 * import's); the rules of the entity (land release: svc_lr_check, which
 * refuses over-release and clips; a donation's serials; a completion's
 * hazard; victims' possible duplicates, EO models and a stated area more
 * than 10 times off its polygon's flagged).
 *
 * Effects, only on approval (docs/land-release.md): the approval of a
 * release that leaves nothing of its hazard closes the hazard; the
 * approval of a completion hands over its hazard; the approval of a
 * donation approves the equipment it created (created with it, in its
 * status).  When an approved record leaves the approved state (an edit
 * makes it a draft) its effect is withdrawn, with a version that says
 * why (the hazard reopens).  A record rejected before approval never had
 * an effect.  Each effect is a version of its own with status_reason
 * saying why, and an audit entry named for the act.
 *
 * Transactions: each call is one transaction, or a savepoint inside the
 * caller's open one (an import's file): all of it or nothing.
 *
 * Ownership: records passed in stay the caller's; on success they hold
 * what was stored (uuid, reference, version, status, admin area, a
 * clipped geometry).
 *
 * Errors: MAIS_EFORBIDDEN (the policy refused; the message names the
 * field to blame), MAIS_ENOTFOUND (no such record, or one the user may
 * not read), MAIS_ECONFLICT (stale version), MAIS_ESTATE (a workflow step
 * or a reopening not allowed from the record's state), MAIS_EINVAL /
 * MAIS_EGEOM / MAIS_ELIMIT (a value or rule refused the record, naming
 * the field), the store's errors.
 */
#ifndef MAIS_SERVICE_WRITE_H
#define MAIS_SERVICE_WRITE_H

#include "mais/admin.h"
#include "mais/policy.h"
#include "mais/store.h"
#include "mais/workflow.h"

typedef struct svc_ctx {
	mais_store *s;
	const mais_actor *actor;   /* audit: user name and address */
	const mais_principal *who; /* policy; never NULL */
	mais_admin_index *admin;   /* borrowed: the caller's index of admin
				      areas (an import's), or NULL: each
				      write reads the areas near it */
	char today[11];		   /* the programme's today, read at the
				      first write ("" before) */
	/* told of each flag a rule raised on a record just stored (an
	 * import lists them with its own), or NULL; strings borrowed for
	 * the call */
	void (*on_flag)(const mais_record *r, const char *rule,
			const char *message, void *arg);
	void *on_flag_arg;
} svc_ctx;

/* A context for writes by who (borrowed, as s and actor). */
void svc_ctx_init(svc_ctx *c, mais_store *s, const mais_actor *actor,
		  const mais_principal *who);

/* Stores a new record in its status (draft unless the caller set
 * another; the policy checks the act of that status: an administrator's
 * import stores approved records, with their effects). */
int svc_create(svc_ctx *c, mais_record *r);

/* svc_create with the import key of the feature it was made of. */
int svc_create_imported(svc_ctx *c, mais_record *r, const mais_import_key *key);

/* The policy's part of svc_create alone: sets r's organisation when the
 * data names none, and refuses (MAIS_EFORBIDDEN) what the user may not
 * create.  For an adapter that checks a record before its own checks (the
 * import: a refused act refuses the whole import, before any feature is
 * rejected for its values). */
int svc_policy_create(svc_ctx *c, mais_record *r);

/* Stores a changed record (r: uuid and the version it was read at); it
 * becomes a draft again, and an approved record's effects are
 * withdrawn. */
int svc_update(svc_ctx *c, mais_record *r);

/* Takes a workflow step on the record entity/uuid (expected_version 0:
 * not checked; reason: required by reject).  The approval applies the
 * record's effects. */
int svc_step(svc_ctx *c, const char *entity, const char *uuid, mais_step step,
	     int64_t expected_version, const char *reason);

/* Reopens a closed or handed-over hazard (a find after clearance): an
 * act of an approver or administrator with a reason, stored as a
 * version (hazard_status active, status_reason "reopened: REASON"). */
int svc_hazard_reopen(svc_ctx *c, const char *uuid, int64_t expected_version,
		      const char *reason);

/* Assigns r its admin area from its location when its entity has
 * admin_area_uuid, r has a geometry and no admin area (c->admin, else
 * the stored admin areas whose boxes meet r's).  r stays unassigned
 * outside every admin area. */
int svc_admin_assign(svc_ctx *c, mais_record *r);

#endif
