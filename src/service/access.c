/*
 * access.c — what the policy needs loaded before a write: the record
 * itself (a record the user may not read does not exist for them) and
 * the records it refers to (a release may not point at another
 * organisation's hazard, through a form or an upload alike).
 */
#include "service/write_internal.h"
#include "mais/error.h"

#include <string.h>

int svc_load_visible(svc_ctx *c, const char *entity, const char *uuid,
		     mais_record **out)
{
	int rc = mais_store_get(c->s, entity, uuid, out);

	if (rc == 0 &&
	    !mais_policy_can(c->who, MAIS_ACT_READ, entity, svc_owner(*out))) {
		mais_record_free(*out);
		*out = NULL;
		return mais_error_set(MAIS_ENOTFOUND, "no %s with UUID %s",
				      entity, uuid);
	}
	return rc;
}

/* Column i of r: own columns first, then the common ones. */
static const mais_column *column_at(const mais_entity *e, size_t i)
{
	size_t ncommon;
	const mais_column *common = mais_schema_common(&ncommon);

	return i < e->ncolumns ? &e->columns[i] : &common[i - e->ncolumns];
}

/* One reference: MAIS_EINVAL when its target is hidden from the user;
 * a missing target is left to the store, which names it the same way. */
static int ref_visible(svc_ctx *c, const mais_record *r, const mais_column *col,
		       const char *v)
{
	const mais_entity *e = mais_record_entity(r);
	mais_record *target = NULL;
	int rc = mais_store_get(c->s, col->ref, v, &target);

	if (rc == MAIS_ENOTFOUND)
		return 0;
	if (rc == 0 && !mais_policy_can(c->who, MAIS_ACT_READ, col->ref,
					svc_owner(target)))
		rc = mais_error_set(MAIS_EINVAL, "%s.%s: no %s with UUID %s",
				    e->name, col->name, col->ref, v);
	mais_record_free(target);
	return rc;
}

int svc_refs_visible(svc_ctx *c, const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	size_t ncommon;

	if (mais_policy_sees_all(c->who, NULL)) /* reads every record */
		return 0;
	mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++) {
		const mais_column *col = column_at(e, i);
		const char *v = mais_record_value(r, i);
		int rc;

		if (col->type != MAIS_COL_REF || !v ||
		    (mais_record_uuid(r) && !strcmp(v, mais_record_uuid(r))))
			continue;
		if ((rc = ref_visible(c, r, col, v)) < 0)
			return rc;
	}
	return 0;
}
