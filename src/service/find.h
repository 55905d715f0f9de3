/*
 * find.h — a record as people name it: by its UUID or by its human
 * reference (VI-000012, any case), in the use-case layer, so that every
 * adapter that takes "UUID_OR_REFERENCE" finds records the same way.
 *
 * Ownership: *out is the caller's (mais_record_free).
 * Errors: MAIS_ENOTFOUND (no such entity, or no record with that UUID or
 * reference), the store's errors.
 */
#ifndef MAIS_SERVICE_FIND_H
#define MAIS_SERVICE_FIND_H

#include "mais/store.h"

/* The record of entity whose UUID or reference is key. */
int svc_record_find(mais_store *s, const char *entity, const char *key,
		    mais_record **out);

#endif
