/*
 * write_internal.h — the parts of the write path (internal to
 * src/service): write.c runs them in order; access.c asks the policy
 * what needs loading (the records a write refers to), rules.c runs the
 * entity's rules before the store, effects.c what an approval causes
 * after it, admin_assign.c the admin area from the location.
 */
#ifndef MAIS_SERVICE_WRITE_INTERNAL_H
#define MAIS_SERVICE_WRITE_INTERNAL_H

#include "service/write.h"

/* Flags a rule raises on the record being written, written beside it
 * once it is stored. */
#define SVC_MAX_FLAGS 4
typedef struct svc_flags {
	size_t n;
	struct {
		const char *rule; /* static */
		char message[256];
	} v[SVC_MAX_FLAGS];
} svc_flags;

/* Adds a flag (ignored past SVC_MAX_FLAGS). */
void svc_flags_add(svc_flags *fl, const char *rule, const char *message);

/* Writes the flags on the stored record r. */
int svc_flags_write(svc_ctx *c, const mais_record *r, const svc_flags *fl);

/* One write's transaction: its own, or a savepoint in the caller's.
 * end commits (or releases) when rc is 0, else rolls back; returns rc or
 * the commit's error. */
int svc_txn_begin(svc_ctx *c, int *own);
int svc_txn_end(svc_ctx *c, int own, int rc);

/* The record entity/uuid if the user may read it; MAIS_ENOTFOUND if
 * there is none or it is one the user may not read (never told apart). */
int svc_load_visible(svc_ctx *c, const char *entity, const char *uuid,
		     mais_record **out);

/* Every reference of r names a record the user may read (MAIS_EINVAL
 * "ENTITY.COLUMN: no TARGET with UUID X" otherwise, as the store says of
 * a record that does not exist). */
int svc_refs_visible(svc_ctx *c, const mais_record *r);

/* The rules of r's entity before it is written (old: the stored record,
 * or NULL); flags to write beside it into fl. */
int svc_rules_check(svc_ctx *c, const mais_record *old, mais_record *r,
		    svc_flags *fl);

/* What the write of r (old: before, NULL for a create) causes, after r
 * is stored. */
int svc_effects(svc_ctx *c, const mais_record *old, const mais_record *r);

/* The organisation that owns r ("": the authority's). */
const char *svc_owner(const mais_record *r);

#endif
