/*
 * backend.h — what a store backend implements (internal).  A versioned
 * table of functions, as libgit2's odb backends: the store front
 * (store.c) keeps what is the same for every database — URIs, UUIDs,
 * references, versions as JSON, audit, transactions around each write —
 * and a backend only speaks its database's SQL.  A PostgreSQL backend is
 * one more such table; nothing above store.c changes.
 *
 * Conventions: functions return 0 or a negative mais_error_code and set
 * the last error; `db` is the backend's own state from open().
 */
#ifndef MAIS_STORE_BACKEND_H
#define MAIS_STORE_BACKEND_H

#include "mais/store.h"

#define MAIS_STORE_BACKEND_VERSION 1

typedef struct mais_store_backend {
	unsigned version; /* MAIS_STORE_BACKEND_VERSION */
	const char *name; /* "gpkg" */

	int (*open)(void **db, const char *location, unsigned flags,
		    const mais_store_init_opts *opts);
	void (*close)(void *db);

	int (*begin)(void *db);
	int (*commit)(void *db);
	int (*rollback)(void *db);

	/* The database's reference prefix ("" if none), copied to out. */
	int (*ref_prefix)(void *db, char *out, size_t outlen);
	/* Takes the next number of the entity's reference sequence. */
	int (*next_serial)(void *db, const mais_entity *e, int64_t *serial);

	/* Writes a new row (all columns and the geometry). */
	int (*insert_row)(void *db, const mais_record *r);
	/* Rewrites the row with r's uuid if its stored version is
	 * expected_version; MAIS_ECONFLICT naming the stored one if not. */
	int (*update_row)(void *db, const mais_record *r,
			  int64_t expected_version);
	/* The stored version of a record; MAIS_ENOTFOUND if none. */
	int (*record_version)(void *db, const mais_entity *e,
			      const char *uuid, int64_t *version);
	int (*get_row)(void *db, const mais_entity *e, const char *uuid,
		       mais_record **out);
	int (*foreach_row)(void *db, const mais_entity *e,
			   mais_store_record_fn fn, void *ctx);

	/* Appends to the versions table; *version_id is its row id. */
	int (*insert_version)(void *db, const mais_record *r,
			      const char *state_json, const mais_actor *who,
			      const char *at, int64_t *version_id);
	int (*version_count)(void *db, const char *uuid, int64_t *count);
	/* Records a geometry rule that flagged the record's version. */
	int (*insert_flag)(void *db, const mais_record *r, const char *rule,
			   const char *message, const char *at);
	/* Appends to the audit log; version_id 0 when no version. */
	int (*insert_audit)(void *db, const mais_actor *who, const char *at,
			    const char *action, const char *entity,
			    const char *uuid, int64_t version_id,
			    const char *detail);

	/* The record an import made of a source feature, if any. */
	int (*import_find)(void *db, const mais_import_key *k, char uuid[37],
			   int *found);
	/* Records that the import key made record r. */
	int (*import_add)(void *db, const mais_import_key *k,
			  const mais_record *r, const char *at);
	/* op 0: open a savepoint inside the transaction; 1: release it;
	 * 2: roll back to it (and release it). */
	int (*savepoint)(void *db, int op);

	int (*check)(void *db, mais_store_issue_fn fn, void *ctx,
		     size_t *problems);
	int (*backup)(void *db, const char *dest_path);
	int (*schema_version)(void *db, int *version);
} mais_store_backend;

/* The GeoPackage backend (store/gpkg/gpkg.c). */
extern const mais_store_backend mais_store_gpkg_backend;

#endif
