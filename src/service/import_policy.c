/*
 * import_policy.c — a user's import checked before it reads a feature
 * (import_policy.h): the kinds, the organisation and the references that
 * its profile's map and set lines would write.
 */
#include "service/import_policy.h"
#include "service/write_internal.h"
#include "mais/error.h"

#include <string.h>

static int kind_allowed(svc_ctx *c, const imp_output *o, const char *status)
{
	const char *e = o->entity->name;

	if (mais_policy_can(c->who, MAIS_ACT_IMPORT, e, NULL) &&
	    mais_policy_can(c->who, MAIS_ACT_CREATE, e, NULL) &&
	    mais_policy_can(c->who, mais_policy_act_for_status(status), e,
			    NULL))
		return 0;
	return mais_error_set(MAIS_EFORBIDDEN,
			      "%s: your roles do not allow importing %s "
			      "records",
			      e, e);
}

/* The organisation is the policy's: no map line may set it, and a set
 * line only one of the user's own organisations. */
static int organisation_allowed(svc_ctx *c, const imp_output *o)
{
	const char *e = o->entity->name;
	const char *org =
		json_string_value(json_object_get(o->set, "organisation_uuid"));

	if (mais_policy_sees_all(c->who, e))
		return 0;
	if (json_object_get(o->map, "organisation_uuid"))
		return mais_error_set(MAIS_EFORBIDDEN,
				      "%s.organisation_uuid: set by the "
				      "policy (your organisation), not by a "
				      "map line",
				      e);
	if (org && !mais_policy_in_scope(c->who, org))
		return mais_error_set(MAIS_EFORBIDDEN,
				      "%s.organisation_uuid: you may not "
				      "import records for this organisation",
				      e);
	return 0;
}

/* Every reference a set line gives names a record the user may read. */
static int set_refs_visible(svc_ctx *c, const imp_output *o)
{
	const char *target;
	json_t *v;

	json_object_foreach(o->set, target, v)
	{
		const mais_column *col =
			mais_schema_column(o->entity, target, NULL);
		mais_record *r = NULL;
		int rc;

		if (!col || col->type != MAIS_COL_REF || !json_is_string(v))
			continue;
		rc = svc_load_visible(c, col->ref, json_string_value(v), &r);
		mais_record_free(r);
		if (rc == MAIS_ENOTFOUND)
			return mais_error_set(MAIS_EINVAL,
					      "%s.%s: no %s with UUID %s",
					      o->entity->name, target, col->ref,
					      json_string_value(v));
		if (rc < 0)
			return rc;
	}
	return 0;
}

int svc_import_allowed(svc_ctx *c, const imp_profile *p, const char *status)
{
	int rc = 0;

	if (c->who->system)
		return 0;
	for (size_t i = 0; rc == 0 && i < p->noutputs; i++) {
		rc = kind_allowed(c, &p->outputs[i], status);
		if (rc == 0)
			rc = organisation_allowed(c, &p->outputs[i]);
		if (rc == 0)
			rc = set_refs_visible(c, &p->outputs[i]);
	}
	return rc;
}
