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
#include "mais/users.h"

#define MAIS_STORE_BACKEND_VERSION 1

/* A list query checked and resolved by the front (store_query.c): every
 * column named is one of the entity's, from the data dictionary. */
typedef struct mais_store_list_plan {
	const mais_entity *e;
	const mais_store_query *q;
	const mais_column *sort;   /* never NULL */
	const mais_column *klass;  /* class column, when q->class_code */
	const mais_column *date;   /* main date column, when a date is given */
	const mais_column *admin;  /* admin_area_uuid or parent_uuid, when
				      q->admin_area */
	int admin_self;            /* admin areas: also the area itself */
	const mais_column *ref;    /* the REF column of q->ref_column */
	/* q->q as a name key (admin.h mais_name_key: no case, accents or
	 * punctuation), which the name keys of the text columns must
	 * contain; and the admin_area_uuid column of the entity (or NULL):
	 * records in an area whose name matches match too */
	char q_key[4 * MAIS_MAX_QUERY_PARAM + 1];
	const mais_column *q_area;
} mais_store_list_plan;

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
	/* A setting of the database (mais_store_setting_get): "" when
	 * unset; and its new value. */
	int (*setting_get)(void *db, const char *key, char *out, size_t len);
	int (*setting_set)(void *db, const char *key, const char *value);

	/* --- Users and sessions (users.h; front in store_users.c) ---
	 * The front validates, stamps times, opens the transaction and
	 * writes the audit entry; these only read and write rows.  A
	 * user_get/user_find miss is MAIS_ENOTFOUND. */
	int (*user_insert)(void *db, const char *uuid, const mais_user_new *u,
			   const char *at);
	/* By user name if username is not NULL, else by uuid; with roles,
	 * is_authority and teams. */
	int (*user_get)(void *db, const char *username, const char *uuid,
			mais_user_info *out);
	int (*user_password_hash)(void *db, const char *uuid, char *hash,
				  size_t outlen);
	int (*user_set_password)(void *db, const char *uuid, const char *hash,
				 int must_change_password);
	int (*user_disable)(void *db, const char *uuid);
	int (*user_set_number_format)(void *db, const char *uuid,
				      const char *code);
	int (*user_count)(void *db, int64_t *n);
	int (*user_foreach)(void *db, mais_store_user_fn fn, void *ctx);
	int (*session_insert)(void *db, const char *token_hash,
			      const mais_session_info *info);
	int (*session_find)(void *db, const char *token_hash,
			    mais_session_info *out);
	/* Deletes one session (token_hash) or, with token_hash NULL, every
	 * session of user_uuid; *deleted counts them. */
	int (*session_delete)(void *db, const char *token_hash,
			      const char *user_uuid, int64_t *deleted);
	int (*session_purge)(void *db, const char *now);

	/* --- Queries of the HTTP API (store_query.c; gpkg_query.c) ---
	 * list: the records of a checked plan, a page of them to fn and
	 * the number of all matches in *total.  history: the versions,
	 * flags and audit entries of one record (mais_store_history). */
	int (*list)(void *db, const mais_store_list_plan *p, int64_t *total,
		    mais_store_record_fn fn, void *ctx);
	int (*history)(void *db, const mais_entity *e, const char *uuid,
		       const mais_store_history_fns *fns);

	/* --- Erasure of personal data (store_erase.c; gpkg_erase.c) ---
	 * erase_columns: inside the open transaction, sets cols[0..ncols)
	 * of the record to null in its row, removes them from the state of
	 * each of its versions (append-only otherwise), and replaces their
	 * values in the record's flag messages and audit details by
	 * "[erased]"; bit i of *held is set when cols[i] held a value in the
	 * row or a version; *versions counts the versions.  MAIS_ENOTFOUND
	 * when there is no such record; MAIS_EINVAL naming "erasure.reason"
	 * when `reason` (the text the audit entry keeps) quotes one of the
	 * values.  scrub: outside any transaction, leaves no erased byte in
	 * the database's free space or log. */
	int (*erase_columns)(void *db, const mais_entity *e, const char *uuid,
			     const mais_column *const *cols, size_t ncols,
			     const char *reason, uint64_t *held,
			     int64_t *versions);
	int (*scrub)(void *db);
} mais_store_backend;

/* The GeoPackage backend (store/gpkg/gpkg.c). */
extern const mais_store_backend mais_store_gpkg_backend;

#endif
