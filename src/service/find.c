/*
 * find.c — a record by UUID or reference (find.h).  A UUID is looked up
 * directly; a reference through the list query's free text (which
 * searches references), keeping only the record whose reference is the
 * key itself, without regard to case.
 */
#include "service/find.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <stdio.h>
#include <strings.h>

typedef struct by_ref {
	const char *ref;
	char uuid[37];
} by_ref;

static int match_ref(const mais_record *r, void *ctx)
{
	by_ref *b = ctx;
	const char *ref = mais_record_reference(r);

	if (!ref || strcasecmp(ref, b->ref))
		return 0;
	snprintf(b->uuid, sizeof b->uuid, "%s", mais_record_uuid(r));
	return 1;
}

int svc_record_find(mais_store *s, const char *entity, const char *key,
		    mais_record **out)
{
	mais_store_query q = {
		.entity = entity, .q = key, .limit = MAIS_MAX_LIST_LIMIT};
	by_ref b = {.ref = key, .uuid = ""};
	int64_t total;
	int rc;

	*out = NULL;
	if (!key || !*key)
		return mais_error_set(MAIS_ENOTFOUND, "no %s given", entity);
	rc = mais_store_get(s, entity, key, out);
	if (rc != MAIS_ENOTFOUND)
		return rc;
	rc = mais_store_list(s, &q, &total, match_ref, &b);
	if (rc < 0)
		return rc;
	if (!*b.uuid)
		return mais_error_set(MAIS_ENOTFOUND,
				      "no %s with UUID or reference %s", entity,
				      key);
	return mais_store_get(s, entity, b.uuid, out);
}
