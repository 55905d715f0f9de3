/*
 * gpkg_internal.h — shared parts of the GeoPackage backend (internal).
 *
 * The backend is split by purpose: gpkg.c (connection, rows, history),
 * gpkg_schema.c (tables generated from the data dictionary, migrations),
 * gpkg_sqlfunc.c (the SQL functions GeoPackage's R-tree triggers call),
 * gpkg_check.c (integrity and GeoPackage 1.3 conformance).
 */
#ifndef MAIS_GPKG_INTERNAL_H
#define MAIS_GPKG_INTERNAL_H

#include <sqlite3.h>
#include "mais/store.h"
#include "store/backend.h"
#include "mais/users.h"

/* GeoPackage 1.3 (§1.1.1.1.1): application_id "GPKG", user_version
 * 10300. */
#define GPKG_APPLICATION_ID 0x47504B47
#define GPKG_USER_VERSION 10300
#define GPKG_SRS_WGS84 4326

/* Prepared statements kept per entity. */
enum {
	GPKG_STMT_INSERT,
	GPKG_STMT_UPDATE,
	GPKG_STMT_GET,
	GPKG_STMT_VERSION,
	GPKG_STMT_COUNT
};

/* Statements of mais's own tables, prepared once per connection. */
enum {
	FX_SERIAL,
	FX_VERSION,
	FX_VERSION_COUNT,
	FX_FLAG,
	FX_AUDIT,
	FX_IMPORT_FIND,
	FX_IMPORT_ADD,
	FX_SAVEPOINT,
	FX_RELEASE,
	FX_ROLLBACK_TO,
	FX_COUNT
};

typedef struct gpkg_db {
	sqlite3 *conn;
	char *path;
	size_t nentities;
	sqlite3_stmt *(*stmts)[GPKG_STMT_COUNT]; /* [entity index][kind] */
	sqlite3_stmt *fixed[FX_COUNT];
	char ref_prefix[16];     /* mais_meta ref_prefix, read at open */
} gpkg_db;

/* Sets the last error from the connection's message, prefixed by what
 * was being done; returns MAIS_ESTORE. */
int gpkg_error(sqlite3 *conn, const char *doing);

/* Runs SQL with no result; MAIS_ESTORE on failure. */
int gpkg_exec(sqlite3 *conn, const char *sql);

/* Creates every table of a new database (schema version
 * MAIS_SCHEMA_VERSION) in one transaction, with the given reference
 * prefix. */
int gpkg_schema_create(sqlite3 *conn, const char *ref_prefix);

/* Migrates an existing database forward to MAIS_SCHEMA_VERSION;
 * MAIS_EUNSUPPORTED if it is newer or not a mais database. */
int gpkg_schema_migrate(sqlite3 *conn, int readonly);

/* A setting of mais_meta (backend.h setting_get / setting_set). */
int gpkg_setting_get(void *db, const char *key, char *out, size_t len);
int gpkg_setting_set(void *db, const char *key, const char *value);

/* Reads the schema version from mais_meta. */
int gpkg_schema_version(sqlite3 *conn, int *version);

/* Registers ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY, ST_MaxY on conn. */
int gpkg_sqlfunc_register(sqlite3 *conn);

/* The backend's check (backend.h). */
int gpkg_check(void *db, mais_store_issue_fn fn, void *ctx, size_t *problems);

/* The index of an entity in mais_schema_entities(). */
size_t gpkg_entity_index(const mais_entity *e);

/* Appends "SELECT geom, columns... FROM table" of e (geom NULL for a
 * table with no location) to s. */
void gpkg_append_select(sqlite3_str *s, const mais_entity *e);

/* A record (*out, the caller's) from the current row of a statement
 * built with gpkg_append_select. */
int gpkg_row_to_record(sqlite3_stmt *st, const mais_entity *e,
		       mais_record **out);

/* The backend's list query and record history (gpkg_query.c;
 * backend.h). */
int gpkg_list(void *db, const mais_store_list_plan *p, int64_t *total,
	      mais_store_record_fn fn, void *ctx);
int gpkg_history(void *db, const mais_entity *e, const char *uuid,
		 const mais_store_history_fns *fns);

/* Erasure of personal data (gpkg_erase.c; backend.h). */
int gpkg_erase_columns(void *db, const mais_entity *e, const char *uuid,
		       const mais_column *const *cols, size_t ncols,
		       const char *reason, uint64_t *held, int64_t *versions);
int gpkg_scrub(void *db);

/* Users and sessions (gpkg_users.c): the backend entries of backend.h's
 * block "Users and sessions". */
int gpkg_user_insert(void *db, const char *uuid, const mais_user_new *u,
		     const char *at);
int gpkg_user_get(void *db, const char *username, const char *uuid,
		  mais_user_info *out);
int gpkg_user_password_hash(void *db, const char *uuid, char *hash,
			    size_t outlen);
int gpkg_user_set_password(void *db, const char *uuid, const char *hash,
			   int must_change_password);
int gpkg_user_disable(void *db, const char *uuid);
int gpkg_user_set_number_format(void *db, const char *uuid, const char *code);
int gpkg_user_count(void *db, int64_t *n);
int gpkg_user_foreach(void *db, mais_store_user_fn fn, void *ctx);
int gpkg_session_insert(void *db, const char *token_hash,
			const mais_session_info *info);
int gpkg_session_find(void *db, const char *token_hash,
		      mais_session_info *out);
int gpkg_session_delete(void *db, const char *token_hash,
			const char *user_uuid, int64_t *deleted);
int gpkg_session_purge(void *db, const char *now);

#endif
