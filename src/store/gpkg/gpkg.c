/*
 * gpkg.c — the GeoPackage backend of the store: one SQLite file that is a
 * valid GeoPackage 1.3, which QGIS and GDAL open as it is.
 *
 * The connection enforces foreign keys (codes must be in their code
 * tables, references must point to records) and waits for a writer rather
 * than failing at once.  Statements for rows are prepared once per entity
 * and kept, since an import writes thousands of rows of one entity.
 * Values are bound with their column's type, so that GeoPackage readers
 * see INTEGER, REAL and TEXT where the schema says so.
 */
#include "store/gpkg/gpkg_internal.h"
#include "store/backend.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "mais/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int gpkg_error(sqlite3 *conn, const char *doing)
{
	return mais_error_set(MAIS_ESTORE, "%s: %s", doing,
			      conn ? sqlite3_errmsg(conn) : "no database");
}

size_t gpkg_entity_index(const mais_entity *e)
{
	size_t n;
	const mais_entity *all = mais_schema_entities(&n);

	return (size_t)(e - all);
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int load_ref_prefix(gpkg_db *g);

static void db_free(gpkg_db *g)
{
	if (!g)
		return;
	for (size_t i = 0; g->stmts && i < g->nentities; i++)
		for (int k = 0; k < GPKG_STMT_COUNT; k++)
			sqlite3_finalize(g->stmts[i][k]);
	for (int k = 0; k < FX_COUNT; k++)
		sqlite3_finalize(g->fixed[k]);
	free(g->stmts);
	sqlite3_close(g->conn);
	free(g->path);
	free(g);
}

static int connect(gpkg_db *g, unsigned flags)
{
	int oflags = (flags & MAIS_STORE_READONLY)
			     ? SQLITE_OPEN_READONLY
			     : SQLITE_OPEN_READWRITE |
				       ((flags & MAIS_STORE_CREATE)
						? SQLITE_OPEN_CREATE
						: 0);

	if (sqlite3_open_v2(g->path, &g->conn,
			    oflags | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
		return gpkg_error(g->conn, g->path);
	sqlite3_busy_timeout(g->conn, 10000);
	/* 64 MiB of page cache: an import touches a table, its R-tree and
	 * the history tables for every record */
	sqlite3_exec(g->conn, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
	sqlite3_extended_result_codes(g->conn, 1);
	if (gpkg_exec(g->conn, "PRAGMA foreign_keys = ON") < 0)
		return mais_error_prefix(MAIS_ESTORE, "%s", g->path);
	/* write-ahead logging: readers (a report, `mais check`, a backup) do
	 * not block the server's writers, nor writers readers.  SQLite folds
	 * the log back into the one file when the last connection closes. */
	if (!(flags & MAIS_STORE_READONLY) &&
	    gpkg_exec(g->conn, "PRAGMA journal_mode = WAL") < 0)
		return mais_error_prefix(MAIS_ESTORE, "%s", g->path);
	return gpkg_sqlfunc_register(g->conn);
}

static int gpkg_open(void **out, const char *location, unsigned flags,
		     const mais_store_init_opts *opts)
{
	gpkg_db *g;
	size_t n;
	int rc;

	*out = NULL;
	if (!*location)
		return mais_error_set(MAIS_EINVAL, "no database file given");
	if ((flags & MAIS_STORE_CREATE) && file_exists(location))
		return mais_error_set(MAIS_EEXISTS,
				      "%s: exists already; mais never "
				      "overwrites a database", location);
	if (!(flags & MAIS_STORE_CREATE) && !file_exists(location))
		return mais_error_set(MAIS_ENOTFOUND,
				      "%s: no such database (create it with "
				      "'mais init %s')", location, location);
	g = calloc(1, sizeof *g);
	if (!g || !(g->path = strdup(location))) {
		free(g);
		return mais_error_nomem();
	}
	mais_schema_entities(&n);
	g->nentities = n;
	g->stmts = calloc(n, sizeof *g->stmts);
	rc = g->stmts ? connect(g, flags)
		      : mais_error_nomem();
	if (rc == 0)
		rc = (flags & MAIS_STORE_CREATE)
			     ? gpkg_schema_create(g->conn,
						  opts ? opts->ref_prefix : NULL)
			     : gpkg_schema_migrate(
				       g->conn, flags & MAIS_STORE_READONLY);
	if (rc == 0)
		rc = load_ref_prefix(g);
	if (rc < 0) {
		db_free(g);
		if (flags & MAIS_STORE_CREATE)
			remove(location); /* ours: made just now */
		return mais_error_prefix(rc, "%s", location);
	}
	*out = g;
	return 0;
}

static void gpkg_close(void *db)
{
	db_free(db);
}

static int gpkg_begin(void *db)
{
	return gpkg_exec(((gpkg_db *)db)->conn, "BEGIN IMMEDIATE");
}

static int gpkg_commit(void *db)
{
	return gpkg_exec(((gpkg_db *)db)->conn, "COMMIT");
}

static int gpkg_rollback(void *db)
{
	gpkg_db *g = db;

	if (sqlite3_get_autocommit(g->conn))
		return 0;
	return gpkg_exec(g->conn, "ROLLBACK");
}

/* Prepares one statement from text; MAIS_ESTORE naming `what`. */
static int prepare(sqlite3 *conn, const char *sql, sqlite3_stmt **st,
		   const char *what)
{
	if (sqlite3_prepare_v3(conn, sql, -1, 0, st, NULL) != SQLITE_OK)
		return gpkg_error(conn, what);
	return 0;
}

static const char *fixed_sql[FX_COUNT] = {
	[FX_SERIAL] = "INSERT INTO mais_serial (entity, last) VALUES (?, 1)"
		      " ON CONFLICT (entity) DO UPDATE SET last = last + 1"
		      " RETURNING last",
	[FX_VERSION] = "INSERT INTO mais_version (entity, record_uuid,"
		       " version, changed_at, changed_by, state, geom,"
		       " geom_original) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[FX_VERSION_COUNT] = "SELECT count(*) FROM mais_version"
			     " WHERE record_uuid = ?",
	[FX_FLAG] = "INSERT INTO mais_flag (entity, record_uuid, version,"
		    " rule, message, flagged_at) VALUES (?, ?, ?, ?, ?, ?)",
	[FX_AUDIT] = "INSERT INTO mais_audit (at, actor, address, action,"
		     " entity, record_uuid, version_fid, detail)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[FX_IMPORT_FIND] = "SELECT record_uuid FROM mais_import_feature"
			   " WHERE source_hash = ? AND layer = ?"
			   " AND feature = ? AND output = ?",
	[FX_IMPORT_ADD] = "INSERT INTO mais_import_feature (source_hash,"
			  " source_name, layer, feature, output, entity,"
			  " record_uuid, imported_at)"
			  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[FX_SAVEPOINT] = "SAVEPOINT mais_unit",
	[FX_RELEASE] = "RELEASE mais_unit",
	[FX_ROLLBACK_TO] = "ROLLBACK TO mais_unit",
};

/* The cached statement `which`, reset and unbound. */
static int fixed(gpkg_db *g, int which, sqlite3_stmt **st)
{
	if (!g->fixed[which] &&
	    sqlite3_prepare_v3(g->conn, fixed_sql[which], -1,
			       SQLITE_PREPARE_PERSISTENT, &g->fixed[which],
			       NULL) != SQLITE_OK)
		return gpkg_error(g->conn, fixed_sql[which]);
	*st = g->fixed[which];
	sqlite3_reset(*st);
	sqlite3_clear_bindings(*st);
	return 0;
}

/* Steps a cached statement that returns no row. */
static int step_fixed(gpkg_db *g, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : gpkg_error(g->conn, what);
}

static int gpkg_ref_prefix(void *db, char *out, size_t outlen)
{
	gpkg_db *g = db;

	snprintf(out, outlen, "%s", g->ref_prefix);
	return 0;
}

/* Reads the reference prefix once: it never changes after init. */
static int load_ref_prefix(gpkg_db *g)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g->conn,
		     "SELECT value FROM mais_meta WHERE key = 'ref_prefix'",
		     &st, "mais_meta");
	if (rc < 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(g->ref_prefix, sizeof g->ref_prefix, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

static int gpkg_next_serial(void *db, const mais_entity *e, int64_t *serial)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = fixed(g, FX_SERIAL, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*serial = sqlite3_column_int64(st, 0);
	else
		rc = gpkg_error(g->conn, "mais_serial");
	sqlite3_reset(st);
	return rc;
}

/* The name of column i in record order: own columns, then common ones. */
static const char *column_name(const mais_entity *e, size_t i)
{
	size_t ncommon;
	const mais_column *common = mais_schema_common(&ncommon);

	return i < e->ncolumns ? e->columns[i].name
			       : common[i - e->ncolumns].name;
}

/* The columns of a table in record order, each formatted with fmt
 * ("%s" separator, "%w" name). */
static void append_column_list(sqlite3_str *s, const mais_entity *e,
			       const char *fmt)
{
	size_t ncommon;

	mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++)
		sqlite3_str_appendf(s, fmt, i ? ", " : "", column_name(e, i));
}

/* "SELECT geom, columns... FROM table": a table with no location selects
 * NULL for the geometry, so that rows read the same everywhere. */
void gpkg_append_select(sqlite3_str *s, const mais_entity *e)
{
	sqlite3_str_appendf(s, "SELECT %s, ", e->has_geom ? "geom" : "NULL");
	append_column_list(s, e, "%s\"%w\"");
	sqlite3_str_appendf(s, " FROM \"%w\"", e->name);
}

static int build_stmt(gpkg_db *g, const mais_entity *e, int kind,
		      sqlite3_stmt **out)
{
	sqlite3_stmt **slot = &g->stmts[gpkg_entity_index(e)][kind];
	size_t ncommon, ncols;
	sqlite3_str *s;
	int rc;

	if (*slot) {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
		*out = *slot;
		return 0;
	}
	mais_schema_common(&ncommon);
	ncols = e->ncolumns + ncommon;
	/* parameters: ?1 the geometry, ?2.. the columns in record order;
	 * a table with no location has no geom column and leaves ?1 out */
	s = sqlite3_str_new(g->conn);
	if (kind == GPKG_STMT_INSERT) {
		sqlite3_str_appendf(s, "INSERT INTO \"%w\" (%s", e->name,
				    e->has_geom ? "geom, " : "");
		append_column_list(s, e, "%s\"%w\"");
		sqlite3_str_appendf(s, ") VALUES (%s", e->has_geom ? "?1, " : "");
		for (size_t i = 0; i < ncols; i++)
			sqlite3_str_appendf(s, "%s?%d", i ? ", " : "", (int)i + 2);
		sqlite3_str_appendall(s, ")");
	} else if (kind == GPKG_STMT_UPDATE) {
		sqlite3_str_appendf(s, "UPDATE \"%w\" SET %s", e->name,
				    e->has_geom ? "geom = ?1, " : "");
		for (size_t i = 0; i < ncols; i++)
			sqlite3_str_appendf(s, "%s\"%w\" = ?%d", i ? ", " : "",
					    column_name(e, i), (int)i + 2);
		sqlite3_str_appendf(s, " WHERE uuid = ?%d AND version = ?%d",
				    (int)ncols + 2, (int)ncols + 3);
	} else if (kind == GPKG_STMT_VERSION) {
		sqlite3_str_appendf(s, "SELECT version FROM \"%w\""
				       " WHERE uuid = ?", e->name);
	} else {
		gpkg_append_select(s, e);
		sqlite3_str_appendall(s, " WHERE uuid = ?");
	}
	if (sqlite3_str_errcode(s) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(s));
		return mais_error_nomem();
	}
	{
		char *sql = sqlite3_str_finish(s);

		rc = sqlite3_prepare_v3(g->conn, sql, -1,
					SQLITE_PREPARE_PERSISTENT, slot, NULL);
		sqlite3_free(sql);
	}
	if (rc != SQLITE_OK)
		return gpkg_error(g->conn, e->name);
	*out = *slot;
	return 0;
}

/* Binds a value with its column's GeoPackage type. */
static void bind_value(sqlite3_stmt *st, int i, const mais_column *c,
		       const char *v)
{
	if (!v) {
		sqlite3_bind_null(st, i);
		return;
	}
	switch (c->type) {
	case MAIS_COL_INTEGER:
	case MAIS_COL_MONEY:
	case MAIS_COL_BOOL:
		sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
		break;
	case MAIS_COL_REAL:
	case MAIS_COL_AREA_M2:
		sqlite3_bind_double(st, i, strtod(v, NULL));
		break;
	default:
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	}
}

/* Binds geom as ?1 and the columns as ?2.. in record order. */
static int bind_record(sqlite3_stmt *st, const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_geom *geom = mais_record_geom(r);
	const mais_column *common;
	size_t ncommon;

	if (geom) {
		unsigned char *blob;
		size_t len;
		int rc = mais_geom_to_gpkg(geom, 4326, &blob, &len);

		if (rc < 0)
			return rc;
		sqlite3_bind_blob64(st, 1, blob, len, free);
	} else {
		sqlite3_bind_null(st, 1);
	}
	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++)
		bind_value(st, (int)i + 2,
			   i < e->ncolumns ? &e->columns[i]
					   : &common[i - e->ncolumns],
			   mais_record_value(r, i));
	return 0;
}

static int step_done(gpkg_db *g, sqlite3_stmt *st, const mais_record *r)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return mais_error_set(MAIS_ESTORE, "%s %s: %s",
				      mais_record_entity(r)->name,
				      mais_record_reference(r)
					      ? mais_record_reference(r)
					      : "",
				      sqlite3_errmsg(g->conn));
	return 0;
}

static int gpkg_insert_row(void *db, const mais_record *r)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = build_stmt(g, mais_record_entity(r), GPKG_STMT_INSERT, &st);
	if (rc == 0)
		rc = bind_record(st, r);
	return rc == 0 ? step_done(g, st, r) : rc;
}

static int stored_version(void *db, const mais_entity *e, const char *uuid,
			  int64_t *version)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = build_stmt(g, e, GPKG_STMT_VERSION, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	else
		rc = mais_error_set(MAIS_ENOTFOUND, "%s %s: no such record",
				    e->name, uuid);
	sqlite3_reset(st);
	return rc;
}

static int gpkg_update_row(void *db, const mais_record *r, int64_t expected)
{
	gpkg_db *g = db;
	const mais_entity *e = mais_record_entity(r);
	size_t ncommon;
	sqlite3_stmt *st;
	int64_t current = 0;
	int rc;

	mais_schema_common(&ncommon);
	rc = build_stmt(g, e, GPKG_STMT_UPDATE, &st);
	if (rc == 0)
		rc = bind_record(st, r);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, (int)(e->ncolumns + ncommon) + 2,
			  mais_record_uuid(r), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, (int)(e->ncolumns + ncommon) + 3, expected);
	rc = step_done(g, st, r);
	if (rc < 0 || sqlite3_changes(g->conn) == 1)
		return rc;
	rc = stored_version(g, e, mais_record_uuid(r), &current);
	if (rc < 0)
		return rc;
	return mais_error_set(MAIS_ECONFLICT,
			      "%s %s: changed since read (stored version %lld, "
			      "yours %lld)", e->name, mais_record_uuid(r),
			      (long long)current, (long long)expected);
}

/* A record from the current row of a statement "SELECT geom, cols...". */
int gpkg_row_to_record(sqlite3_stmt *st, const mais_entity *e,
			 mais_record **out)
{
	size_t ncommon;
	mais_record *r;
	int rc;

	rc = mais_record_new(&r, e->name);
	if (rc < 0)
		return rc;
	mais_schema_common(&ncommon);
	for (size_t i = 0; rc == 0 && i < e->ncolumns + ncommon; i++)
		rc = mais_record_set_system(
			r, column_name(e, i),
			(const char *)sqlite3_column_text(st, (int)i + 1));
	if (rc == 0 && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
		mais_geom *g = NULL;

		rc = mais_geom_from_gpkg(
			&g, NULL, sqlite3_column_blob(st, 0),
			(size_t)sqlite3_column_bytes(st, 0));
		if (rc == 0) {
			rc = mais_record_set_geom(r, g);
		} else if (rc == MAIS_EINVAL || rc == MAIS_EUNSUPPORTED ||
			   rc == MAIS_ELIMIT) {
			/* a corrupt blob: the record is still read, with
			 * the finding, so that `mais check` can list it */
			mais_record_add_finding(r, MAIS_RULE_UNREADABLE,
						mais_error_last());
			rc = 0;
		}
	}
	if (rc < 0) {
		mais_record_free(r);
		return mais_error_prefix(rc, "reading %s", e->name);
	}
	*out = r;
	return 0;
}

static int gpkg_get_row(void *db, const mais_entity *e, const char *uuid,
			mais_record **out)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = build_stmt(g, e, GPKG_STMT_GET, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = gpkg_row_to_record(st, e, out);
	else if (rc == SQLITE_DONE)
		rc = mais_error_set(MAIS_ENOTFOUND, "%s %s: no such record",
				    e->name, uuid);
	else
		rc = gpkg_error(g->conn, e->name);
	sqlite3_reset(st);
	return rc;
}

static int gpkg_foreach_row(void *db, const mais_entity *e,
			    mais_store_record_fn fn, void *ctx)
{
	gpkg_db *g = db;
	sqlite3_str *s = sqlite3_str_new(g->conn);
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	gpkg_append_select(s, e);
	sqlite3_str_appendall(s, " ORDER BY fid");
	sql = sqlite3_str_finish(s);
	rc = sql ? prepare(g->conn, sql, &st, e->name)
		 : mais_error_nomem();
	sqlite3_free(sql);
	while (rc == 0) {
		mais_record *r;
		int step = sqlite3_step(st);

		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = gpkg_error(g->conn, e->name);
			break;
		}
		rc = gpkg_row_to_record(st, e, &r);
		if (rc == 0) {
			rc = fn(r, ctx);
			mais_record_free(r);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Binds a geometry as a GeoPackage blob, or null. */
static int bind_geom(sqlite3_stmt *st, int i, const mais_geom *geom)
{
	unsigned char *blob;
	size_t len;
	int rc;

	if (!geom) {
		sqlite3_bind_null(st, i);
		return 0;
	}
	rc = mais_geom_to_gpkg(geom, 4326, &blob, &len);
	if (rc == 0)
		sqlite3_bind_blob64(st, i, blob, len, free);
	return rc;
}

static int gpkg_insert_version(void *db, const mais_record *r,
			       const char *state, const mais_actor *who,
			       const char *at, int64_t *version_id)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = fixed(g, FX_VERSION, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, mais_record_entity(r)->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mais_record_uuid(r), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, mais_record_version(r));
	sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, who->user, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, state, -1, SQLITE_TRANSIENT);
	rc = bind_geom(st, 7, mais_record_geom(r));
	if (rc == 0)
		rc = bind_geom(st, 8, mais_record_geom_original(r));
	if (rc == 0)
		rc = step_fixed(g, st, "mais_version");
	*version_id = sqlite3_last_insert_rowid(g->conn);
	return rc;
}

static int gpkg_version_count(void *db, const char *uuid, int64_t *count)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = fixed(g, FX_VERSION_COUNT, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0
					    : gpkg_error(g->conn, "mais_version");
	*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

static int gpkg_insert_flag(void *db, const mais_record *r, const char *rule,
			    const char *message, const char *at)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = fixed(g, FX_FLAG, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, mais_record_entity(r)->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mais_record_uuid(r), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, mais_record_version(r));
	sqlite3_bind_text(st, 4, rule, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, message, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_TRANSIENT);
	return step_fixed(g, st, "mais_flag");
}

static int gpkg_insert_audit(void *db, const mais_actor *who, const char *at,
			     const char *action, const char *entity,
			     const char *uuid, int64_t version_id,
			     const char *detail)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = fixed(g, FX_AUDIT, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, who->user, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, who->address, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, entity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, uuid, -1, SQLITE_TRANSIENT);
	if (version_id > 0)
		sqlite3_bind_int64(st, 7, version_id);
	sqlite3_bind_text(st, 8, detail, -1, SQLITE_TRANSIENT);
	return step_fixed(g, st, "mais_audit");
}

static int gpkg_import_find(void *db, const mais_import_key *k,
			    char uuid[37], int *found)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	rc = fixed(g, FX_IMPORT_FIND, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, k->source_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, k->layer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, k->feature);
	sqlite3_bind_int(st, 4, k->output);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(uuid, 37, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		*found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? 0
		       : gpkg_error(g->conn, "mais_import_feature");
}

static int gpkg_import_add(void *db, const mais_import_key *k,
			   const mais_record *r, const char *at)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = fixed(g, FX_IMPORT_ADD, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, k->source_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, k->source_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, k->layer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, k->feature);
	sqlite3_bind_int(st, 5, k->output);
	sqlite3_bind_text(st, 6, mais_record_entity(r)->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, mais_record_uuid(r), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, at, -1, SQLITE_TRANSIENT);
	return step_fixed(g, st, "mais_import_feature");
}

/* Savepoints run once per imported feature: kept prepared. */
static int gpkg_savepoint(void *db, int op)
{
	static const int steps[3][2] = { { FX_SAVEPOINT, -1 },
					 { FX_RELEASE, -1 },
					 { FX_ROLLBACK_TO, FX_RELEASE } };
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc = 0;

	for (int i = 0; rc == 0 && i < 2 && steps[op][i] >= 0; i++) {
		rc = fixed(g, steps[op][i], &st);
		if (rc == 0)
			rc = step_fixed(g, st, fixed_sql[steps[op][i]]);
	}
	return rc;
}

/* SQLite's online backup: copies page by page, letting writers in between
 * steps, so it is safe while the server runs. */
static int gpkg_backup(void *db, const char *dest_path)
{
	gpkg_db *g = db;
	sqlite3 *dest = NULL;
	sqlite3_backup *b;
	int rc;

	if (file_exists(dest_path))
		return mais_error_set(MAIS_EEXISTS,
				      "%s: exists already; choose a new file",
				      dest_path);
	if (sqlite3_open_v2(dest_path, &dest,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = gpkg_error(dest, dest_path);
		sqlite3_close(dest);
		return rc;
	}
	b = sqlite3_backup_init(dest, "main", g->conn, "main");
	if (!b) {
		rc = gpkg_error(dest, dest_path);
		sqlite3_close(dest);
		remove(dest_path);
		return rc;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	rc = rc == SQLITE_DONE ? 0 : gpkg_error(dest, dest_path);
	sqlite3_close(dest);
	if (rc < 0)
		remove(dest_path);
	return rc;
}

static int gpkg_schema_version_be(void *db, int *version)
{
	return gpkg_schema_version(((gpkg_db *)db)->conn, version);
}

const mais_store_backend mais_store_gpkg_backend = {
	.version = MAIS_STORE_BACKEND_VERSION,
	.name = "gpkg",
	.open = gpkg_open,
	.close = gpkg_close,
	.begin = gpkg_begin,
	.commit = gpkg_commit,
	.rollback = gpkg_rollback,
	.ref_prefix = gpkg_ref_prefix,
	.next_serial = gpkg_next_serial,
	.insert_row = gpkg_insert_row,
	.update_row = gpkg_update_row,
	.record_version = stored_version,
	.get_row = gpkg_get_row,
	.foreach_row = gpkg_foreach_row,
	.insert_version = gpkg_insert_version,
	.version_count = gpkg_version_count,
	.insert_flag = gpkg_insert_flag,
	.insert_audit = gpkg_insert_audit,
	.import_find = gpkg_import_find,
	.import_add = gpkg_import_add,
	.savepoint = gpkg_savepoint,
	.check = gpkg_check,
	.backup = gpkg_backup,
	.schema_version = gpkg_schema_version_be,
	.setting_get = gpkg_setting_get,
	.setting_set = gpkg_setting_set,
	/* queries of the HTTP API: gpkg_query.c */
	.list = gpkg_list,
	.history = gpkg_history,
	/* erasure of personal data (gpkg_erase.c) */
	.erase_columns = gpkg_erase_columns,
	.scrub = gpkg_scrub,
	/* users and sessions (gpkg_users.c) */
	.user_insert = gpkg_user_insert,
	.user_get = gpkg_user_get,
	.user_password_hash = gpkg_user_password_hash,
	.user_set_password = gpkg_user_set_password,
	.user_disable = gpkg_user_disable,
	.user_set_number_format = gpkg_user_set_number_format,
	.user_count = gpkg_user_count,
	.user_foreach = gpkg_user_foreach,
	.session_insert = gpkg_session_insert,
	.session_find = gpkg_session_find,
	.session_delete = gpkg_session_delete,
	.session_purge = gpkg_session_purge,
};
