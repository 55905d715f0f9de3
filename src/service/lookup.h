/*
 * lookup.h — a record named the way people name it: by its UUID or by
 * its human reference (HA-000145, ORG-000001; references compared
 * without regard to case), for the adapters that take a name from a
 * person (the CLI, a report of one hazard, an erasure).
 *
 * Errors: MAIS_ENOTFOUND ("no ENTITY with reference or UUID KEY"), the
 * store's errors.
 */
#ifndef MAIS_SERVICE_LOOKUP_H
#define MAIS_SERVICE_LOOKUP_H

#include "mais/store.h"

/* The record of entity called key into *out (caller frees). */
int svc_lookup_record(mais_store *s, const char *entity, const char *key,
		      mais_record **out);

/* The UUID of the record of entity called key into uuid. */
int svc_lookup(mais_store *s, const char *entity, const char *key,
	       char uuid[37]);

#endif
