/*
 * lookup.c — a record by UUID or human reference (lookup.h): the UUID
 * first, then the reference through the list query's free text (which
 * matches references), confirmed exactly, without regard to case.
 */
#include "service/lookup.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <stdio.h>
#include <strings.h>

typedef struct by_ref {
	const char *want;
	char uuid[37];
} by_ref;

static int on_candidate(const mais_record *r, void *arg)
{
	by_ref *x = arg;
	const char *ref = mais_record_reference(r);

	if (!ref || strcasecmp(ref, x->want))
		return 0;
	snprintf(x->uuid, sizeof x->uuid, "%s", mais_record_uuid(r));
	return 1;
}

int svc_lookup_record(mais_store *s, const char *entity, const char *key,
		      mais_record **out)
{
	mais_store_query q = {
		.entity = entity, .q = key, .limit = MAIS_MAX_LIST_LIMIT};
	by_ref x = {.want = key, .uuid = ""};
	int64_t total = 0;
	int rc;

	*out = NULL;
	if (!key || !*key)
		return mais_error_set(MAIS_ENOTFOUND, "no %s given", entity);
	rc = mais_store_get(s, entity, key, out);
	if (rc != MAIS_ENOTFOUND)
		return rc;
	rc = mais_store_list(s, &q, &total, on_candidate, &x);
	if (rc < 0)
		return rc;
	if (!x.uuid[0])
		return mais_error_set(MAIS_ENOTFOUND,
				      "no %s with reference or UUID %s", entity,
				      key);
	return mais_store_get(s, entity, x.uuid, out);
}

int svc_lookup(mais_store *s, const char *entity, const char *key,
	       char uuid[37])
{
	mais_record *r = NULL;
	int rc = svc_lookup_record(s, entity, key, &r);

	if (rc == 0)
		snprintf(uuid, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
	return rc;
}
