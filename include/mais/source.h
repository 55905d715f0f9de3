/*
 * source.h — where the pure core reads the records it computes from.
 *
 * The core (rules, reports, the admin index) knows no database: it is
 * handed a mais_source, a small table of functions that the use-case
 * layer fills over a store (src/service/source.c, svc_source_of).  Tests
 * may fill one over arrays.  So the core computes from records it is
 * given, and the store never calls the core (libgit2's backends, PostGIS's
 * liblwgeom under thin glue).
 *
 * Records passed to a callback are borrowed for the call.  A callback
 * that returns non-zero stops the walk, and the walk returns that value.
 *
 * Errors: whatever the source's backend reports (MAIS_ESTORE,
 * MAIS_ENOMEM), MAIS_ENOTFOUND from get for no such record.
 */
#ifndef MAIS_SOURCE_H
#define MAIS_SOURCE_H

#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*mais_record_fn)(const mais_record *r, void *ctx);

typedef struct mais_source {
	void *ctx;
	/* fn for every record of the entity, in stored order */
	int (*each)(void *ctx, const char *entity, mais_record_fn fn,
		    void *arg);
	/* the record of the entity with this UUID (*out: caller frees) */
	int (*get)(void *ctx, const char *entity, const char *uuid,
		   mais_record **out);
} mais_source;

#ifdef __cplusplus
}
#endif
#endif
