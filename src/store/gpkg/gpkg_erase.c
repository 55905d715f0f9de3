/*
 * gpkg_erase.c — erasing personal data from a GeoPackage (backend.h:
 * erase_columns and scrub), so that no byte of an erased value is left
 * anywhere in the file.
 *
 * A value lives in the record's row, in the JSON state of each of its
 * versions, and perhaps in a message of its flags or the detail of its
 * audit entries; all are rewritten in the caller's transaction, under a
 * savepoint of their own so that a refused erasure changes nothing.  The
 * versions and audit tables refuse updates by trigger (append-only): the
 * erasure drops those two triggers, rewrites, and creates them again from
 * their own SQL, inside the one transaction, so that no other connection
 * ever sees the tables without them.  The JSON of the other columns is
 * kept as it was (json_remove drops the keys and leaves the rest).
 *
 * SQLite keeps deleted bytes in free space inside pages, on free pages
 * and in the write-ahead log.  secure_delete makes it zero what this
 * connection frees from then on; scrub then rebuilds the file (VACUUM:
 * every page written anew, so no older leftover survives either) and
 * empties the log into it (wal_checkpoint(TRUNCATE)).
 */
#include "store/gpkg/gpkg_internal.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERASED_MARK "[erased]"

/* The append-only triggers lifted during an erasure. */
static const char *const lifted[] = {"mais_version_no_update",
				     "mais_audit_no_update"};
#define NLIFTED (sizeof lifted / sizeof lifted[0])

/* Prepares the text built in s, and frees s (a text that could not be
 * built, for want of memory, is NULL). */
static int prepare_str(gpkg_db *g, sqlite3_str *s, sqlite3_stmt **st)
{
	char *sql = sqlite3_str_finish(s);
	int rc = MAIS_ENOMEM;

	*st = NULL;
	if (!sql)
		return mais_error_set(rc, "out of memory");
	if (sqlite3_prepare_v2(g->conn, sql, -1, st, NULL) == SQLITE_OK)
		rc = 0;
	else
		rc = gpkg_error(g->conn, "erasure");
	sqlite3_free(sql);
	return rc;
}

/* Steps a statement that returns no row, and finalizes it. */
static int run_done(gpkg_db *g, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st) == SQLITE_DONE
			 ? 0
			 : gpkg_error(g->conn, "erasure");

	sqlite3_finalize(st);
	return rc;
}

/* The JSON path of a column in a version's state: $."name". */
static void state_path(const mais_column *c, char *out, size_t len)
{
	snprintf(out, len, "$.\"%s\"", c->name);
}

/* --- the append-only triggers ----------------------------------------- */

/* The SQL that created trigger `name` (caller frees), or NULL when the
 * file has no such trigger. */
static int trigger_sql(gpkg_db *g, const char *name, char **out)
{
	sqlite3_stmt *st;
	int step;

	*out = NULL;
	if (sqlite3_prepare_v2(g->conn,
			       "SELECT sql FROM sqlite_master"
			       " WHERE type = 'trigger' AND name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(g->conn, "sqlite_master");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (step == SQLITE_ROW && !*out)
		return mais_error_nomem();
	return step == SQLITE_ROW || step == SQLITE_DONE
		       ? 0
		       : gpkg_error(g->conn, "sqlite_master");
}

/* Drops the triggers of `lifted`; saved[i] keeps the SQL of each one
 * dropped, to create it again. */
static int lift_triggers(gpkg_db *g, char *saved[NLIFTED])
{
	char drop[96], *sql;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < NLIFTED; i++) {
		rc = trigger_sql(g, lifted[i], &sql);
		if (rc < 0 || !sql)
			continue; /* a file without it: nothing to lift */
		snprintf(drop, sizeof drop, "DROP TRIGGER \"%s\"", lifted[i]);
		rc = gpkg_exec(g->conn, drop);
		if (rc == 0)
			saved[i] = sql;
		else
			free(sql);
	}
	return rc;
}

/* Creates again every trigger lift_triggers dropped — after a failure
 * too, so that the tables are never left without them even by a caller
 * that would commit regardless — and frees saved[].  Returns rc, or the
 * first failure to create one. */
static int restore_triggers(gpkg_db *g, char *saved[NLIFTED], int rc)
{
	char was[MAIS_MAX_ERROR_MESSAGE];
	int failed = 0;

	snprintf(was, sizeof was, "%s", mais_error_last());
	for (size_t i = 0; i < NLIFTED; i++) {
		if (saved[i] && gpkg_exec(g->conn, saved[i]) < 0 && !failed++)
			mais_error_prefix(MAIS_ESTORE, "%s", lifted[i]);
		free(saved[i]);
		saved[i] = NULL;
	}
	if (rc < 0 && failed) /* the first failure is the one to tell */
		mais_error_set(rc, "%s", was);
	return rc < 0 ? rc : failed ? MAIS_ESTORE : 0;
}

/* --- values in flags and audit details -------------------------------- */

/* Replaces value in one text column of the record, in its row and in
 * the state of every version. */
static int mark_text_column(gpkg_db *g, const mais_entity *e,
			    const char *uuid, const mais_column *c,
			    const char *value)
{
	char path[128];
	sqlite3_stmt *st;
	int rc;

	for (int pass = 0; pass < 2; pass++) {
		sqlite3_str *s = sqlite3_str_new(g->conn);

		if (pass == 0)
			sqlite3_str_appendf(
				s,
				"UPDATE \"%w\" SET \"%w\" = replace(\"%w\", ?1,"
				" '" ERASED_MARK "') WHERE uuid = ?2"
				" AND instr(\"%w\", ?1) > 0",
				e->name, c->name, c->name, c->name);
		else
			sqlite3_str_appendall(
				s, "UPDATE mais_version SET state ="
				   " json_set(state, ?3, replace(json_extract("
				   "state, ?3), ?1, '" ERASED_MARK "'))"
				   " WHERE record_uuid = ?2 AND entity = ?4"
				   " AND json_type(state, ?3) = 'text'"
				   " AND instr(json_extract(state, ?3), ?1) > 0");
		if ((rc = prepare_str(g, s, &st)) < 0)
			return rc;
		state_path(c, path, sizeof path);
		sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, uuid, -1, SQLITE_TRANSIENT);
		if (pass == 1) {
			sqlite3_bind_text(st, 3, path, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, e->name, -1, SQLITE_STATIC);
		}
		if ((rc = run_done(g, st)) < 0)
			return rc;
	}
	return 0;
}

/* Replaces a personal text value in the record's other text columns —
 * a rejection's reason or a note that quotes a name (status_reason,
 * notes) — in its row and its versions.  Values under 3 bytes are left:
 * they would wipe unrelated words. */
static int mark_row_text(gpkg_db *g, const mais_entity *e, const char *uuid,
			 const char *value)
{
	size_t ncommon, n;
	const mais_column *common = mais_schema_common(&ncommon);
	int rc = 0;

	if (strlen(value) < 3)
		return 0;
	n = e->ncolumns + ncommon;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const mais_column *c = i < e->ncolumns
					       ? &e->columns[i]
					       : &common[i - e->ncolumns];

		if (c->type == MAIS_COL_TEXT && !(c->flags & MAIS_COL_SENSITIVE))
			rc = mark_text_column(g, e, uuid, c, value);
	}
	return rc;
}

/* Replaces value in the record's flag messages and audit details, and
 * (text: a value of a text column) in its other text columns. */
static int mark_value(gpkg_db *g, const mais_entity *e, const char *uuid,
		      const char *value, int text)
{
	static const char *const sql[] = {
		"UPDATE mais_flag SET message = replace(message, ?1, '" ERASED_MARK
		"') WHERE record_uuid = ?2 AND entity = ?3"
		" AND instr(message, ?1) > 0",
		"UPDATE mais_audit SET detail = replace(detail, ?1, '" ERASED_MARK
		"') WHERE record_uuid = ?2 AND entity = ?3"
		" AND instr(detail, ?1) > 0",
	};
	sqlite3_stmt *st;
	int rc = text ? mark_row_text(g, e, uuid, value) : 0;

	for (size_t i = 0; rc == 0 && i < sizeof sql / sizeof *sql; i++) {
		if (sqlite3_prepare_v2(g->conn, sql[i], -1, &st, NULL) !=
		    SQLITE_OK)
			return gpkg_error(g->conn, "erasure");
		sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, e->name, -1, SQLITE_STATIC);
		rc = run_done(g, st);
	}
	return rc;
}

/* A value the reason quotes would stay in the audit entry. */
static int check_reason(const char *reason, const char *value)
{
	if (reason && strstr(reason, value))
		return mais_error_set(MAIS_EINVAL,
				      "erasure.reason: it quotes personal "
				      "data that is being erased; give the "
				      "reason without it");
	return 0;
}

/*
 * Every distinct value column c of the record holds, in its row or in a
 * version, is replaced in its flags and audit details; *held = 1 when
 * there is one.
 */
static int mark_column(gpkg_db *g, const mais_entity *e, const char *uuid,
		       const mais_column *c, const char *reason, int *held)
{
	sqlite3_str *s = sqlite3_str_new(g->conn);
	sqlite3_stmt *st;
	char path[128];
	int rc, step = SQLITE_DONE;

	*held = 0;
	state_path(c, path, sizeof path);
	sqlite3_str_appendf(s,
			    "SELECT CAST(\"%w\" AS TEXT) FROM \"%w\""
			    " WHERE uuid = ?1 AND \"%w\" IS NOT NULL"
			    " UNION SELECT json_extract(state, ?2)"
			    " FROM mais_version WHERE record_uuid = ?1"
			    " AND entity = ?3"
			    " AND json_type(state, ?2) IS NOT NULL",
			    c->name, e->name, c->name);
	rc = prepare_str(g, s, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, e->name, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		*held = 1;
		if (v && *v)
			rc = check_reason(reason, v);
		if (rc == 0 && v && *v)
			rc = mark_value(g, e, uuid, v,
					c->type == MAIS_COL_TEXT);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = gpkg_error(g->conn, "erasure");
	sqlite3_finalize(st);
	return rc;
}

/* --- the row and the versions ----------------------------------------- */

/* Sets the columns to null in the record's row. */
static int null_row(gpkg_db *g, const mais_entity *e, const char *uuid,
		    const mais_column *const *cols, size_t ncols)
{
	sqlite3_str *s = sqlite3_str_new(g->conn);
	sqlite3_stmt *st;
	int rc;

	sqlite3_str_appendf(s, "UPDATE \"%w\" SET ", e->name);
	for (size_t i = 0; i < ncols; i++)
		sqlite3_str_appendf(s, "%s\"%w\" = NULL", i ? ", " : "",
				    cols[i]->name);
	sqlite3_str_appendall(s, " WHERE uuid = ?1");
	rc = prepare_str(g, s, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	rc = run_done(g, st);
	if (rc == 0 && sqlite3_changes(g->conn) != 1)
		rc = mais_error_set(MAIS_ENOTFOUND, "%s %s: no such record",
				    e->name, uuid);
	return rc;
}

/* Removes the columns from the state of every version of the record;
 * *versions counts them. */
static int strip_versions(gpkg_db *g, const mais_entity *e, const char *uuid,
			  const mais_column *const *cols, size_t ncols,
			  int64_t *versions)
{
	sqlite3_str *s = sqlite3_str_new(g->conn);
	sqlite3_stmt *st;
	char path[128];
	int rc;

	sqlite3_str_appendall(s, "UPDATE mais_version SET state ="
				 " json_remove(state");
	for (size_t i = 0; i < ncols; i++)
		sqlite3_str_appendf(s, ", ?%d", (int)i + 3);
	sqlite3_str_appendall(s, ") WHERE record_uuid = ?1 AND entity = ?2");
	rc = prepare_str(g, s, &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, e->name, -1, SQLITE_STATIC);
	for (size_t i = 0; i < ncols; i++) {
		state_path(cols[i], path, sizeof path);
		sqlite3_bind_text(st, (int)i + 3, path, -1, SQLITE_TRANSIENT);
	}
	rc = run_done(g, st);
	*versions = sqlite3_changes(g->conn);
	return rc;
}

/* The erasure proper, with the triggers lifted around it. */
static int erase(gpkg_db *g, const mais_entity *e, const char *uuid,
		 const mais_column *const *cols, size_t ncols,
		 const char *reason, uint64_t *held, int64_t *versions)
{
	char *saved[NLIFTED] = {NULL};
	int rc, h;

	rc = lift_triggers(g, saved);
	for (size_t i = 0; rc == 0 && i < ncols && i < 64; i++) {
		rc = mark_column(g, e, uuid, cols[i], reason, &h);
		*held |= (uint64_t)h << i;
	}
	if (rc == 0)
		rc = null_row(g, e, uuid, cols, ncols);
	if (rc == 0)
		rc = strip_versions(g, e, uuid, cols, ncols, versions);
	return restore_triggers(g, saved, rc);
}

/* All or nothing even inside the caller's transaction (a savepoint): a
 * refused erasure changes nothing, whatever the caller does next. */
int gpkg_erase_columns(void *db, const mais_entity *e, const char *uuid,
		       const mais_column *const *cols, size_t ncols,
		       const char *reason, uint64_t *held, int64_t *versions)
{
	gpkg_db *g = db;
	int rc;

	*held = 0;
	*versions = 0;
	if (sqlite3_get_autocommit(g->conn))
		return mais_error_set(MAIS_EINVAL,
				      "an erasure runs in a transaction");
	/* from now on, what this connection frees is overwritten */
	rc = gpkg_exec(g->conn, "PRAGMA secure_delete = ON");
	if (rc == 0)
		rc = gpkg_exec(g->conn, "SAVEPOINT mais_erase");
	if (rc < 0)
		return rc;
	rc = erase(g, e, uuid, cols, ncols, reason, held, versions);
	if (rc < 0) {
		*held = 0;
		*versions = 0;
		sqlite3_exec(g->conn, "ROLLBACK TO mais_erase", NULL, NULL,
			     NULL);
	}
	sqlite3_exec(g->conn, "RELEASE mais_erase", NULL, NULL, NULL);
	return rc;
}

/* --- the file ----------------------------------------------------------- */

int gpkg_scrub(void *db)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc, busy = 1;

	if (!sqlite3_get_autocommit(g->conn))
		return mais_error_set(MAIS_EINVAL,
				      "scrub outside a transaction");
	rc = gpkg_exec(g->conn, "PRAGMA secure_delete = ON");
	if (rc == 0)
		rc = gpkg_exec(g->conn, "VACUUM");
	if (rc < 0)
		return mais_error_prefix(rc, "rebuilding %s", g->path);
	if (sqlite3_prepare_v2(g->conn, "PRAGMA wal_checkpoint(TRUNCATE)", -1,
			       &st, NULL) != SQLITE_OK)
		return gpkg_error(g->conn, "wal_checkpoint");
	if (sqlite3_step(st) == SQLITE_ROW)
		busy = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (busy)
		return mais_error_set(MAIS_ESTORE,
				      "%s: other connections are reading: "
				      "the write-ahead log keeps erased "
				      "values until they finish (scrub "
				      "again, or stop the server)",
				      g->path);
	return 0;
}
