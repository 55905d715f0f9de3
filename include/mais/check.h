/*
 * check.h — `mais check`: everything that can be wrong with a database.
 * The store's own integrity and format conformance (mais_store_check),
 * then the geometry rules of DESIGN.md over every stored record: a null
 * geometry with no estimated area, a wrong type, an invalid polygon, a
 * coordinate that is not lon/lat, exact duplicates within an entity,
 * long segments and slivers of hazards and releases, and records outside
 * the country (the union of the level-0/1 admin areas, when there are any).
 *
 * Ownership: findings passed to the callback are borrowed for the call.
 */
#ifndef MAIS_CHECK_H
#define MAIS_CHECK_H

#include <stddef.h>
#include "mais/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mais_check_severity {
	MAIS_CHECK_ERROR,   /* breaks a rule that rejects on entry */
	MAIS_CHECK_WARNING  /* a flag: stored, but a person should look */
} mais_check_severity;

typedef struct mais_check_finding {
	const char *entity;      /* table, or "storage" */
	const char *reference;   /* "HA-000012", or "" */
	const char *uuid;        /* or "" */
	const char *code;        /* rule code: "duplicate", "integrity", ... */
	mais_check_severity severity;
	const char *message;
} mais_check_finding;

typedef int (*mais_check_fn)(const mais_check_finding *f, void *ctx);

typedef struct mais_check_summary {
	size_t records;    /* records read */
	size_t geometries; /* of which with a geometry */
	size_t errors;
	size_t warnings;
} mais_check_summary;

/* Runs every check, calling fn for each finding (fn may be NULL to only
 * count).  Returns 0 when the checks ran (whatever they found; see sum),
 * or an error code when they could not run. */
int mais_check_run(mais_store *s, mais_check_fn fn, void *ctx,
		   mais_check_summary *sum);

#ifdef __cplusplus
}
#endif
#endif
