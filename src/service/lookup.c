/*
 * lookup.c — a record by UUID or human reference (lookup.h): the UUID
 * first, then the reference through the list query's free text (which
 * matches references), confirmed exactly.
 */
#include "service/lookup.h"
#include "mais/error.h"

#include <stdio.h>
#include <strings.h>

typedef struct find {
	const char *want;
	char uuid[37];
} find;

static int on_candidate(const mais_record *r, void *arg)
{
	find *x = arg;
	const char *ref = mais_record_reference(r);

	if (!ref || strcasecmp(ref, x->want))
		return 0;
	snprintf(x->uuid, sizeof x->uuid, "%s", mais_record_uuid(r));
	return 1;
}

int svc_lookup(mais_store *s, const char *entity, const char *key,
	       char uuid[37])
{
	mais_store_query q = {0};
	find x = {.want = key};
	mais_record *r = NULL;
	int64_t total = 0;
	int rc = mais_store_get(s, entity, key, &r);

	mais_record_free(r);
	if (rc != MAIS_ENOTFOUND) {
		if (rc == 0)
			snprintf(uuid, 37, "%s", key);
		return rc;
	}
	q.entity = entity;
	q.q = key;
	q.limit = 100;
	rc = mais_store_list(s, &q, &total, on_candidate, &x);
	if (rc < 0)
		return rc;
	if (!x.uuid[0])
		return mais_error_set(MAIS_ENOTFOUND,
				      "no %s with reference or UUID %s", entity,
				      key);
	snprintf(uuid, 37, "%s", x.uuid);
	return 0;
}
