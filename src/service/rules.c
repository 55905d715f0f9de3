/*
 * rules.c — the rules of an entity run on its write, before the store
 * (write_internal.h): one table from entity to rule, each rule loading
 * what it needs and asking the pure core (src/core/rules) to decide.
 *
 *   land_release  svc_lr_check: refused beyond what remains (counting
 *                 submitted, verified and approved releases), clipped to
 *                 its hazard (flagged); closes nothing
 *   donation      its serials match its quantity (on creation)
 *   activity      a completion: its hazard not handed over already and
 *                 nothing left of it, counting submitted releases
 *   victim        the same names in the same accident: flagged as a
 *                 possible duplicate, never refused nor merged
 *   eo_item       a model listed under another category: flagged
 *   every entity  a stated area more than 10 times off its polygon's:
 *                 flagged (area_mismatch), before a release is clipped
 */
#include "service/write_internal.h"
#include "service/lr.h"
#include "mais/donation.h"
#include "mais/eo_model.h"
#include "mais/error.h"
#include "mais/operations.h"

#include <stdio.h>
#include <string.h>

void svc_flags_add(svc_flags *fl, const char *rule, const char *message)
{
	if (fl->n >= SVC_MAX_FLAGS)
		return;
	fl->v[fl->n].rule = rule;
	snprintf(fl->v[fl->n].message, sizeof fl->v[fl->n].message, "%s",
		 message);
	fl->n++;
}

int svc_flags_write(svc_ctx *c, const mais_record *r, const svc_flags *fl)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < fl->n; i++) {
		rc = mais_store_flag(c->s, r, fl->v[i].rule, fl->v[i].message);
		if (rc == 0 && c->on_flag)
			c->on_flag(r, fl->v[i].rule, fl->v[i].message,
				   c->on_flag_arg);
	}
	return rc;
}

static int release_rule(svc_ctx *c, const mais_record *old, mais_record *r,
			svc_flags *fl)
{
	char clipped[256];
	int rc = svc_lr_check(c->s, r, clipped);

	(void)old;
	if (rc == 0 && clipped[0])
		svc_flags_add(fl, MAIS_LR_CLIPPED_RULE, clipped);
	return rc;
}

static int donation_rule(svc_ctx *c, const mais_record *old, mais_record *r,
			 svc_flags *fl)
{
	(void)c, (void)fl;
	return old ? 0 : mais_donation_check(r); /* an update changes no
						   asset */
}

/* 1 if old is the approved completion of the same hazard: its own
 * handover, which its edit withdraws (effects.c). */
static int own_handover(const mais_record *old, const mais_record *r)
{
	const char *a = old ? mais_record_get(old, "hazard_uuid") : NULL;
	const char *b = mais_record_get(r, "hazard_uuid");

	return old && mais_handover_applies(old) && a && b && !strcmp(a, b) &&
	       mais_workflow_is_approved(mais_record_get(old, "status"));
}

static int completion_rule(svc_ctx *c, const mais_record *old, mais_record *r,
			   svc_flags *fl)
{
	const char *st = mais_record_get(r, "status");
	const char *hz_uuid = mais_record_get(r, "hazard_uuid");
	mais_record *hz = NULL;
	mais_lr_account a;
	int rc;

	(void)fl;
	if (!mais_handover_applies(r) || (st && !strcmp(st, "rejected")) ||
	    own_handover(old, r))
		return 0;
	/* written, a completion counts the releases on their way too; to be
	 * approved (to hand over), the approved ones only */
	rc = mais_store_get(c->s, "hazard", hz_uuid, &hz);
	if (rc == 0)
		rc = svc_lr_account(c->s, hz_uuid,
				    mais_workflow_is_approved(st)
					    ? SVC_LR_APPROVED
					    : SVC_LR_SUBMITTED,
				    &a);
	if (rc == 0)
		rc = mais_handover_check(
			r, hz, a.polygon_remaining_m2,
			mais_landrelease_tolerance(a.polygon_m2));
	mais_record_free(hz);
	return rc;
}

typedef struct same_victim {
	const mais_record *victim;
	mais_victim_names names;
	char first[64]; /* reference of the first match */
} same_victim;

static int compare_victim(const mais_record *other, void *arg)
{
	same_victim *sv = arg;
	int rc = mais_victim_same_person(sv->victim, &sv->names, other);

	if (rc == 1)
		snprintf(sv->first, sizeof sv->first, "%s",
			 mais_record_reference(other)
				 ? mais_record_reference(other)
				 : "?");
	return rc; /* 1: stop, found; < 0: the error */
}

/* The victims of the accident, until one matches. */
static int victims_of(svc_ctx *c, const char *accident, same_victim *sv)
{
	mais_store_query q = {.entity = "victim",
			      .ref_column = "accident_uuid",
			      .ref_value = accident};
	int rc = mais_store_list_all(c->s, &q, compare_victim, sv);

	return rc < 0 ? rc : 0;
}

static int victim_rule(svc_ctx *c, const mais_record *old, mais_record *r,
		       svc_flags *fl)
{
	const char *accident = mais_record_get(r, "accident_uuid");
	same_victim sv = {.victim = r};
	char msg[256];
	int rc;

	(void)old;
	if (!accident)
		return 0;
	rc = mais_victim_names_of(r, &sv.names);
	if (rc == 0 && *sv.names.given)
		rc = victims_of(c, accident, &sv);
	if (rc == 0 && *sv.first) {
		snprintf(msg, sizeof msg,
			 "victim.given_name: the same names as %s of the same "
			 "accident: a possible duplicate (stored: two rows "
			 "are two people until someone checks)",
			 sv.first);
		svc_flags_add(fl, MAIS_VICTIM_DUPLICATE_RULE, msg);
	}
	return rc;
}

static int add_model(const mais_record *m, void *arg)
{
	mais_eo_model_add(arg, m);
	return 0;
}

static int eo_item_rule(svc_ctx *c, const mais_record *old, mais_record *r,
			svc_flags *fl)
{
	mais_eo_model_look look;
	char msg[256];
	int rc;

	(void)old;
	if (!mais_eo_model_start(&look, r))
		return 0;
	rc = mais_store_foreach(c->s, "eo_model", add_model, &look);
	if (rc == 0 && mais_eo_model_finding(&look, msg, sizeof msg))
		svc_flags_add(fl, MAIS_EO_MODEL_CATEGORY_RULE, msg);
	return rc;
}

typedef int (*rule_fn)(svc_ctx *c, const mais_record *old, mais_record *r,
		       svc_flags *fl);

static const struct {
	const char *entity;
	rule_fn rule;
} rules[] = {
	{"land_release", release_rule}, {"donation", donation_rule},
	{"activity", completion_rule},	{"victim", victim_rule},
	{"eo_item", eo_item_rule},
};

int svc_rules_check(svc_ctx *c, const mais_record *old, mais_record *r,
		    svc_flags *fl)
{
	const char *entity = mais_record_entity(r)->name;
	char msg[256];

	/* the polygon as given: a release's clip comes after */
	if (mais_area_mismatch(r, msg, sizeof msg) == 1)
		svc_flags_add(fl, MAIS_AREA_MISMATCH_RULE, msg);

	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (!strcmp(rules[i].entity, entity))
			return rules[i].rule(c, old, r, fl);
	return 0;
}
