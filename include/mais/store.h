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
#include "mais/source.h"

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

/* 1 while an explicit transaction (mais_store_begin) is open. */
int mais_store_in_transaction(const mais_store *s);

/*
 * Stores a new record: runs mais_record_prepare (the data dictionary's
 * checks and geometry rules), checks that its references point to
 * stored records, gives it a UUID (unless it has one), the next human
 * reference of its entity and version 1, writes the row, its geometry
 * findings, its version and an audit entry "create", in one
 * transaction.  On return the record holds its uuid, reference and
 * version.  A refused record is not written.  Persistence only: the
 * rules of the domain, the policy and the effects of a write are the
 * use-case layer's (src/service), which every adapter calls.
 */
int mais_store_insert(mais_store *s, mais_record *r, const mais_actor *who);

/*
 * Stores a changed record: its "version" must equal the stored version
 * (else MAIS_ECONFLICT, with the current version in the message); writes
 * the row with version + 1, a version row and an audit entry "update".
 */
int mais_store_update(mais_store *s, mais_record *r, const mais_actor *who);

/* mais_store_update with the audit entry's action named ("approve",
 * "reopen", ...). */
int mais_store_update_as(mais_store *s, mais_record *r, const mais_actor *who,
			 const char *action);

/*
 * The key of an imported feature (DESIGN.md): the SHA-256 of the source
 * file's content (hex), the layer, the feature's index in the layer, and
 * which of the records a profile makes of one feature.  Re-running an
 * import finds the key and stores nothing twice.
 */
typedef struct mais_import_key {
	const char *source_hash; /* 64 hex characters */
	const char *source_name; /* the file as given, for people */
	const char *layer;       /* the layer's index in the file ("0") */
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
typedef mais_record_fn mais_store_record_fn;
int mais_store_foreach(mais_store *s, const char *entity,
		       mais_store_record_fn fn, void *ctx);

/* Number of versions kept of the record (0 if it has none). */
int mais_store_version_count(mais_store *s, const char *uuid, int64_t *count);

/* Appends an audit entry for an act that writes no record (login, export,
 * a read of a victim's personal data).  entity and uuid may be NULL. */
int mais_store_audit(mais_store *s, const mais_actor *who, const char *action,
		     const char *entity, const char *uuid, const char *detail);

/* Sensitive columns an entity may have (the victim has 6): a bound on
 * the data dictionary, checked by mais_store_erase_personal. */
#define MAIS_STORE_MAX_ERASED 32

/* What mais_store_erase_personal did. */
typedef struct mais_store_erasure {
	size_t ncolumns;	/* sensitive columns that held a value, in
				   the row or in a version */
	const char *columns[MAIS_STORE_MAX_ERASED]; /* their names (static:
						       the data dictionary) */
	int64_t versions;	/* versions of the record, every one
				   redacted; unchanged in number */
} mais_store_erasure;

/*
 * Erases the personal data of one record, where the law or a withdrawn
 * consent requires it.  In one transaction (the caller's, or its own):
 * every sensitive column of the entity (MAIS_COL_SENSITIVE in the data
 * dictionary) is set to null in the record's row and removed from the
 * state of every one of its versions, and any of their values found in
 * the record's flags and audit details is replaced by "[erased]".  No
 * version is made, the record's version number and every other value of
 * its history stay as they were; one audit entry "erase_personal_data"
 * says who, when, the record, and in its detail, as JSON, the columns
 * erased and the reason: {"columns": [...], "versions": N, "reason": ".."}
 * (never a value).  Erasing a record that holds no personal data any
 * more erases nothing and is audited all the same.
 *
 * The database may keep erased values in its free space and its
 * write-ahead log until mais_store_scrub() runs: an erasure in its own
 * transaction scrubs after its commit; one in the caller's transaction
 * needs mais_store_scrub() after the caller's commit.
 *
 * reason: what requires the erasure (a law, a withdrawn consent, a
 * document's reference), 1 to MAIS_MAX_TEXT_FIELD bytes of UTF-8, not
 * only blanks, and quoting none of the values it erases (it is kept).
 * out may be NULL.
 *
 * Errors: MAIS_ENOTFOUND (no such entity or record), MAIS_EINVAL (the
 * entity has no sensitive column; a reason missing, blank, not UTF-8 or
 * quoting a value: the message names "erasure.reason"), MAIS_ELIMIT (the
 * reason is too long), MAIS_ESTORE, and those of mais_store_scrub (the
 * erasure is committed then).
 */
int mais_store_erase_personal(mais_store *s, const char *entity,
			      const char *uuid, const mais_actor *who,
			      const char *reason, mais_store_erasure *out);

/*
 * Overwrites what the database keeps of erased values outside its tables:
 * for the GeoPackage backend, rebuilds the file (SQLite's VACUUM, with
 * secure_delete) and empties the write-ahead log into it
 * (wal_checkpoint(TRUNCATE)), waiting for other connections to finish
 * reading (the busy timeout, 10 s).  Not inside a transaction.
 *
 * Errors: MAIS_EINVAL (a transaction is open), MAIS_ESTORE (the database
 * failed, or other connections kept the log in use: the erasure stands,
 * and a later scrub, or the last connection closing, finishes it).
 */
int mais_store_scrub(mais_store *s);

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

/* The programme's time zone, an IANA name ("Asia/Baku"); unset: UTC. */
#define MAIS_SETTING_TIME_ZONE "time_zone"

/* The programme's reporting currency, an ISO 4217 code ("AZN"): the
 * dashboard's funds; unset: none. */
#define MAIS_SETTING_CURRENCY "reporting_currency"

/* A setting of the database (MAIS_SETTING_*) into out (len bytes), ""
 * when unset; MAIS_EINVAL for an unknown key. */
int mais_store_setting_get(mais_store *s, const char *key, char *out,
			   size_t len);

/* Sets a setting (the caller checked the value), audited "setting". */
int mais_store_setting_set(mais_store *s, const char *key, const char *value,
			   const mais_actor *who);

/* ------------------------------------------------------------------ */
/* Queries for the HTTP API (store_query.c).                            */

/*
 * A list query over one entity.  Every filter is optional (NULL, 0);
 * filters combine with AND.  Column names come only from the data
 * dictionary and values are always bound, never written into SQL.
 */
typedef struct mais_store_query {
	const char *entity;
	int has_bbox;       /* bbox: minx, miny, maxx, maxy in WGS 84
			       degrees; records whose geometry's envelope
			       meets it (R-tree); needs a geometry */
	double bbox[4];
	const char *admin_area; /* UUID: admin_area_uuid of the record (or,
				   for admin areas, the area itself and its
				   children) */
	const char *status;     /* workflow status code */
	const char *class_code; /* code of the entity's class column
				   (mais_store_class_column) */
	const char *date_from;  /* YYYY-MM-DD, inclusive, on the main date */
	const char *date_to;    /* column (mais_store_date_column) */
	const char *organisation; /* UUID: organisation_uuid equals it */
	const char *ref_column; /* a REF column of the entity, and the UUID */
	const char *ref_value;  /* it must hold: the records that refer to
				   one record (a hazard's activities) */
	/* organisation_uuid must be one of these (what a user of an
	 * operator sees: not the authority's records, which have none);
	 * orgs NULL: any */
	const char *const *orgs;
	size_t norgs;
	const char *q;          /* free text: case-insensitive substring of
				   the reference or any TEXT column that is
				   not sensitive */
	const char *sort;       /* a column of the entity; NULL: reference */
	int descending;
	int64_t limit;          /* 1..MAIS_MAX_MAP_FEATURES */
	int64_t offset;         /* >= 0 */
} mais_store_query;

/* The entity's class column: its first CODE column named *_class, else
 * its first named *_type (hazard_class, activity_type), else NULL. */
const mais_column *mais_store_class_column(const mais_entity *e);

/* The entity's main date column: its first DATE column (recorded_date,
 * start_date, accident_date, ...), else info_date.  Never NULL. */
const mais_column *mais_store_date_column(const mais_entity *e);

/* Runs a list query: *total is the number of matching records, and fn
 * is called for each record of the page (limit, offset) in sort order,
 * with a record borrowed for the call; stops with fn's value if not 0.
 * MAIS_ENOTFOUND unknown entity; MAIS_EINVAL a filter that does not
 * apply (sort column not of the entity, bbox on an entity with no
 * location, bad date, limit out of range) with a message naming it. */
int mais_store_list(mais_store *s, const mais_store_query *q,
		    int64_t *total, mais_store_record_fn fn, void *ctx);

/* mais_store_list over every match, a page (q->limit; 0: the most a page
 * takes) at a time, moving q->offset on: the records of a hazard or of
 * an accident however many there are.  Stops with fn's value if not 0. */
int mais_store_list_all(mais_store *s, mais_store_query *q,
			mais_store_record_fn fn, void *ctx);

/* One version of a record, borrowed for the callback. */
typedef struct mais_store_version_row {
	int64_t version;
	const char *changed_at; /* ISO 8601 UTC */
	const char *changed_by;
	const char *state;      /* JSON object of the non-null columns */
	const mais_geom *geom;  /* or NULL */
} mais_store_version_row;

/* A flag (geometry rule finding) of a record's version. */
typedef struct mais_store_flag_row {
	int64_t version;
	const char *rule;
	const char *message;
	const char *flagged_at;
} mais_store_flag_row;

/* An audit entry about a record. */
typedef struct mais_store_audit_row {
	const char *at;
	const char *actor;
	const char *address; /* or NULL */
	const char *action;
	int64_t version;     /* of the version it made, 0 if none */
	const char *detail;  /* or NULL */
} mais_store_audit_row;

/* What mais_store_history reports; a NULL callback skips that part. */
typedef struct mais_store_history_fns {
	int (*version)(const mais_store_version_row *v, void *ctx);
	int (*flag)(const mais_store_flag_row *f, void *ctx);
	int (*audit)(const mais_store_audit_row *a, void *ctx);
	void *ctx;
} mais_store_history_fns;

/* The history of the record uuid of entity: its versions (oldest
 * first), then its flags, then its audit entries (oldest first).  Stops
 * with a callback's value if not 0.  MAIS_ENOTFOUND unknown entity. */
int mais_store_history(mais_store *s, const char *entity, const char *uuid,
		       const mais_store_history_fns *fns);

#ifdef __cplusplus
}
#endif
#endif
