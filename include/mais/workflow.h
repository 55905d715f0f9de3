/*
 * workflow.h — the approval workflow of every record (DESIGN.md "Domain
 * model"), as a state machine:
 *
 *     draft | rejected  --submit-->   submitted
 *     submitted         --verify-->   verified
 *     submitted | verified --approve--> approved
 *     submitted | verified --reject (a reason)--> rejected
 *
 * and an edit of a record (any change of its fields or geometry) makes
 * it a draft again: what was approved stays in its versions, and the
 * change goes through the workflow anew.  A step changes only the
 * record's status and status_reason; who may take it is the policy's
 * (policy.h, mais_workflow_act); what it causes (a hazard closed on the
 * approval of the release that empties it) is the use-case layer's.
 *
 * Pure: no store.  Errors: MAIS_ESTATE (the step is not allowed from the
 * record's status; the message names both), MAIS_EINVAL ("ENTITY.reason:
 * a rejection needs a reason"; an unknown step name).
 */
#ifndef MAIS_WORKFLOW_H
#define MAIS_WORKFLOW_H

#include "mais/policy.h"
#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mais_step {
	MAIS_STEP_SUBMIT,
	MAIS_STEP_VERIFY,
	MAIS_STEP_APPROVE,
	MAIS_STEP_REJECT
} mais_step;

/* The step called name ("submit", "verify", "approve", "reject"). */
int mais_workflow_step_parse(const char *name, mais_step *out);

/* The name of a step ("approve").  Static. */
const char *mais_workflow_step_name(mais_step step);

/* The act of the policy a step needs. */
mais_act mais_workflow_act(mais_step step);

/* Takes step on r: sets its status to the step's target and its
 * status_reason to reason (required for reject; NULL clears it).  r's
 * status is unchanged on failure. */
int mais_workflow_apply(mais_record *r, mais_step step, const char *reason);

/* An edit of r: status draft, status_reason cleared. */
int mais_workflow_edit(mais_record *r);

/* 1 if a record of this status is approved (its effects hold). */
int mais_workflow_is_approved(const char *status);

#ifdef __cplusplus
}
#endif
#endif
