/*
 * store.h — the store: where records live.  One interface, opened by URI,
 * with one backend per database: `gpkg:path/file.gpkg` or a bare path is
 * a GeoPackage file (SQLite); `postgresql://...` will be PostgreSQL/PostGIS.
 * Callers never include a backend's header.
 *
 * Every write is a transaction.  Every insert or update writes a new row
 * in the one versions table (who, when, the whole new state) and an entry
 * in the append-only audit log that points to it: nothing is changed in
 * place without its version (DESIGN.md "One history mechanism").
 *
 * Ownership: mais_store_open() gives a store freed with
 * mais_store_close() (NULL accepted).  Records passed in stay the
 * caller's; records passed out (*out) are the caller's to free.
 *
 * Errors: MAIS_ESTORE (database error, with the database's message),
 * MAIS_EEXISTS (init of an existing database), MAIS_ENOTFOUND,
 * MAIS_ECONFLICT (stale version), MAIS_EUNSUPPORTED (unknown scheme,
 * newer schema), MAIS_EINVAL / MAIS_EGEOM (the record was refused).
 */
#ifndef MAIS_STORE_H
#define MAIS_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mais_store mais_store;

enum {
	MAIS_STORE_CREATE = 1u << 0,   /* create a new database; MAIS_EEXISTS
					  if one is there already */
	MAIS_STORE_READONLY = 1u << 1
};

/* Who does an act: the user name and where from ("cli", "127.0.0.1"). */
typedef struct mais_actor {
	const char *user;
	const char *address;
} mais_actor;

/* Options of a new database. */
typedef struct mais_store_init_opts {
	const char *ref_prefix; /* prefix of human references of this database
				   ("BAK" gives BAK-HA-000001) so that copies
				   kept by different offices never collide;
				   NULL or "" for none */
} mais_store_init_opts;

/* Opens (or with MAIS_STORE_CREATE creates, with opts) the store at uri.
 * Opening an older schema migrates it forward. */
int mais_store_open(mais_store **out, const char *uri, unsigned flags,
		    const mais_store_init_opts *opts);
void mais_store_close(mais_store *s);

/* The backend's name: "gpkg". Static. */
const char *mais_store_backend_name(const mais_store *s);

/* Explicit transactions grouping several writes (each write alone is
 * already one).  Nested begin is MAIS_EINVAL. */
int mais_store_begin(mais_store *s);
int mais_store_commit(mais_store *s);
int mais_store_rollback(mais_store *s);

/*
 * Stores a new record: runs mais_record_prepare, gives it a UUID (unless
 * it has one), the next human reference of its entity and version 1,
 * writes the row, its geometry findings, its version and an audit entry
 * "create", in one transaction.  On return the record holds its uuid,
 * reference and version.  A refused record is not written.
 */
int mais_store_insert(mais_store *s, mais_record *r, const mais_actor *who);

/*
 * Stores a changed record: its "version" must equal the stored version
 * (else MAIS_ECONFLICT, with the current version in the message); writes
 * the row with version + 1, a version row and an audit entry "update".
 */
int mais_store_update(mais_store *s, mais_record *r, const mais_actor *who);

/*
 * The key of an imported feature (DESIGN.md): the SHA-256 of the source
 * file's content (hex), the layer, the feature's index in the layer, and
 * which of the records a profile makes of one feature.  Re-running an
 * import finds the key and stores nothing twice.
 */
typedef struct mais_import_key {
	const char *source_hash; /* 64 hex characters */
	const char *source_name; /* the file as given, for people */
	const char *layer;
	int64_t feature;         /* 0-based index in the layer */
	int output;              /* 0-based index of the profile's output */
} mais_import_key;

/* Like mais_store_insert, and records the import key in the same
 * transaction. */
int mais_store_insert_imported(mais_store *s, mais_record *r,
			       const mais_actor *who,
			       const mais_import_key *key);

/* *found = 1 and uuid set if an earlier import stored this key. */
int mais_store_import_find(mais_store *s, const mais_import_key *key,
			   char uuid[37], int *found);

/* Flags a stored record with a rule that needs the other records (an
 * exact duplicate, a duplicate gazetteer name or code, outside the
 * country): written to the flags table of its current version. */
int mais_store_flag(mais_store *s, const mais_record *r, const char *rule,
		    const char *message);

/* A unit of work inside an open transaction (an imported feature and the
 * records made of it): begin, then end with commit=1 to keep it or 0 to
 * undo it, leaving the enclosing transaction open. */
int mais_store_unit_begin(mais_store *s);
int mais_store_unit_end(mais_store *s, int commit);

/* Reads the record of entity with uuid (MAIS_ENOTFOUND if none). */
int mais_store_get(mais_store *s, const char *entity, const char *uuid,
		   mais_record **out);

/* Calls fn for every record of the entity in fid order, with a record
 * borrowed for the call.  Stops with fn's value if it is not 0. */
typedef int (*mais_store_record_fn)(const mais_record *r, void *ctx);
int mais_store_foreach(mais_store *s, const char *entity,
		       mais_store_record_fn fn, void *ctx);

/* Number of versions kept of the record (0 if it has none). */
int mais_store_version_count(mais_store *s, const char *uuid, int64_t *count);

/* Appends an audit entry for an act that writes no record (login, export,
 * a read of a victim's personal data).  entity and uuid may be NULL. */
int mais_store_audit(mais_store *s, const mais_actor *who, const char *action,
		     const char *entity, const char *uuid, const char *detail);

/* A finding of a storage check: the database's own integrity check and
 * its format's conformance (GeoPackage 1.3 requirements). */
typedef struct mais_store_issue {
	char where[128];   /* table or object */
	char message[384];
} mais_store_issue;

typedef int (*mais_store_issue_fn)(const mais_store_issue *i, void *ctx);

/* Runs the backend's integrity and conformance checks, calling fn for
 * each problem; *problems counts them. */
int mais_store_check(mais_store *s, mais_store_issue_fn fn, void *ctx,
		     size_t *problems);

/* Copies the whole database to dest_path while others may be writing
 * (SQLite's online backup API for the GeoPackage backend). */
int mais_store_backup(mais_store *s, const char *dest_path);

/* The schema version of the open database. */
int mais_store_schema_version(mais_store *s, int *version);

#ifdef __cplusplus
}
#endif
#endif
