/*
 * workflow.c — the approval workflow's state machine (workflow.h): one
 * table of steps, each with the statuses it may start from, its target
 * and whether it needs a reason.
 */
#include "mais/workflow.h"
#include "mais/error.h"

#include <string.h>

typedef struct step_rule {
	const char *name;
	mais_act act;
	const char *from[2]; /* statuses it may start from */
	const char *to;
	int needs_reason;
} step_rule;

static const step_rule steps[] = {
	[MAIS_STEP_SUBMIT] = {"submit",
			      MAIS_ACT_SUBMIT,
			      {"draft", "rejected"},
			      "submitted",
			      0},
	[MAIS_STEP_VERIFY] =
		{"verify", MAIS_ACT_VERIFY, {"submitted", NULL}, "verified", 0},
	[MAIS_STEP_APPROVE] = {"approve",
			       MAIS_ACT_APPROVE,
			       {"submitted", "verified"},
			       "approved",
			       0},
	[MAIS_STEP_REJECT] = {"reject",
			      MAIS_ACT_REJECT,
			      {"submitted", "verified"},
			      "rejected",
			      1},
};

#define NSTEPS (sizeof steps / sizeof steps[0])

int mais_workflow_step_parse(const char *name, mais_step *out)
{
	for (size_t i = 0; name && i < NSTEPS; i++)
		if (strcmp(name, steps[i].name) == 0) {
			*out = (mais_step)i;
			return 0;
		}
	return mais_error_set(MAIS_EINVAL,
			      "no workflow step '%s' (submit, verify, "
			      "approve, reject)",
			      name ? name : "");
}

const char *mais_workflow_step_name(mais_step step)
{
	return (size_t)step < NSTEPS ? steps[step].name : "?";
}

mais_act mais_workflow_act(mais_step step)
{
	return (size_t)step < NSTEPS ? steps[step].act : MAIS_ACT_ADMIN_USERS;
}

static int starts_from(const step_rule *s, const char *status)
{
	for (size_t i = 0; i < 2 && s->from[i]; i++)
		if (status && strcmp(s->from[i], status) == 0)
			return 1;
	return 0;
}

int mais_workflow_apply(mais_record *r, mais_step step, const char *reason)
{
	const char *entity = mais_record_entity(r)->name;
	const char *status = mais_record_get(r, "status");
	const step_rule *s;
	int rc;

	if ((size_t)step >= NSTEPS)
		return mais_error_set(MAIS_EINVAL, "no such workflow step");
	s = &steps[step];
	if (!starts_from(s, status))
		return mais_error_set(MAIS_ESTATE,
				      "%s.status: the record is %s: it cannot "
				      "go to %s",
				      entity, status ? status : "?", s->to);
	if (s->needs_reason && (!reason || !*reason))
		return mais_error_set(MAIS_EINVAL,
				      "%s.reason: a rejection needs a reason",
				      entity);
	rc = mais_record_set(r, "status_reason", reason);
	if (rc < 0)
		return mais_error_prefix(rc, "%s.reason", entity);
	return mais_record_set_system(r, "status", s->to);
}

int mais_workflow_edit(mais_record *r)
{
	int rc = mais_record_set_system(r, "status", "draft");

	return rc < 0 ? rc : mais_record_set(r, "status_reason", NULL);
}

int mais_workflow_is_approved(const char *status)
{
	return status && strcmp(status, "approved") == 0;
}
