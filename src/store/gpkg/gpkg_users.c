/*
 * gpkg_users.c — users, roles and sessions in the GeoPackage backend:
 * the rows of mais_user, mais_user_role and mais_session (tables made by
 * gpkg_schema.c), and nothing more.  Validation, times, transactions and
 * the audit entries are the store front's (store_users.c), so that the
 * PostgreSQL backend only has to speak the same few statements.
 *
 * These run a few times per request at most (a session lookup), so each
 * statement is prepared when used rather than kept: the tables of
 * records keep the cached statements (gpkg.c).  A user's teams are every
 * organisation under theirs by parent_uuid, found with a recursive query
 * that a cycle in the parents cannot make endless (UNION drops repeats).
 */
#include "store/gpkg/gpkg_internal.h"
#include "store/backend.h"
#include "mais/error.h"
#include "mais/users.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The columns every user read selects, in the order read_user expects. */
#define USER_COLUMNS                                                      \
	"SELECT u.uuid, u.username, u.display_name, u.organisation_uuid," \
	" u.must_change_password, u.disabled, u.created_at,"              \
	" coalesce(o.org_type = 'authority', 0), u.number_format"         \
	" FROM mais_user u LEFT JOIN organisation o"                      \
	" ON o.uuid = u.organisation_uuid"

static int prepare(gpkg_db *g, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(g->conn, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return gpkg_error(g->conn, "users");
	}
	return 0;
}

/* Copies a text column (NULL as "") into a fixed buffer. */
static void column_copy(sqlite3_stmt *st, int i, char *out, size_t outlen)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	snprintf(out, outlen, "%s", v ? (const char *)v : "");
}

/* Runs a statement that returns no row and finalizes it. */
static int run_done(gpkg_db *g, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : gpkg_error(g->conn, what);
}

static int insert_roles(gpkg_db *g, const char *uuid, const char *org,
			unsigned roles)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g,
		     "INSERT INTO mais_user_role (user_uuid,"
		     " organisation_uuid, role) VALUES (?, ?, ?)",
		     &st);
	for (unsigned bit = 1; rc == 0 && bit & MAIS_ROLE_ALL; bit <<= 1) {
		if (!(roles & bit))
			continue;
		sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, org, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, mais_role_code(bit), -1,
				  SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = gpkg_error(g->conn, "mais_user_role");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int gpkg_user_insert(void *db, const char *uuid, const mais_user_new *u,
		     const char *at)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g,
		     "INSERT INTO mais_user (uuid, username, display_name,"
		     " organisation_uuid, password_hash, must_change_password,"
		     " disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->organisation_uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, u->must_change_password ? 1 : 0);
	sqlite3_bind_text(st, 7, at, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return mais_error_set(MAIS_EEXISTS,
				      "user name '%s' is taken (user names "
				      "are compared without regard to case)",
				      u->username);
	if (rc != SQLITE_DONE)
		return gpkg_error(g->conn, "mais_user");
	return insert_roles(g, uuid, u->organisation_uuid, u->roles);
}

static int read_roles(gpkg_db *g, mais_user_info *u)
{
	sqlite3_stmt *st;
	int rc, step;

	u->roles = 0;
	rc = prepare(g, "SELECT role FROM mais_user_role WHERE user_uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, u->uuid, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		unsigned bit = 0;

		/* codes come from code_user_role, so they parse */
		if (mais_roles_parse((const char *)sqlite3_column_text(st, 0),
				     &bit) == 0)
			u->roles |= bit;
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : gpkg_error(g->conn, "mais_user_role");
}

static int read_teams(gpkg_db *g, mais_user_info *u)
{
	sqlite3_stmt *st;
	int rc, step;

	u->nteams = 0;
	if (!*u->organisation_uuid)
		return 0;
	rc = prepare(g,
		     "WITH RECURSIVE t(uuid) AS (SELECT uuid FROM organisation"
		     " WHERE parent_uuid = ?1 UNION SELECT o.uuid FROM"
		     " organisation o JOIN t ON o.parent_uuid = t.uuid)"
		     " SELECT uuid FROM t WHERE uuid != ?1 ORDER BY uuid",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, u->organisation_uuid, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (u->nteams == MAIS_MAX_ORG_TEAMS)
			rc = mais_error_set(MAIS_ELIMIT,
					    "organisation %s has more than %d "
					    "teams (MAIS_MAX_ORG_TEAMS)",
					    u->organisation_uuid,
					    MAIS_MAX_ORG_TEAMS);
		else
			column_copy(st, 0, u->teams[u->nteams++], 37);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = gpkg_error(g->conn, "organisation");
	sqlite3_finalize(st);
	return rc;
}

/* Fills u from a row of USER_COLUMNS (roles and teams aside). */
static void read_user(sqlite3_stmt *st, mais_user_info *u)
{
	memset(u, 0, offsetof(mais_user_info, teams));
	column_copy(st, 0, u->uuid, sizeof u->uuid);
	column_copy(st, 1, u->username, sizeof u->username);
	column_copy(st, 2, u->display_name, sizeof u->display_name);
	column_copy(st, 3, u->organisation_uuid, sizeof u->organisation_uuid);
	u->must_change_password = sqlite3_column_int(st, 4);
	u->disabled = sqlite3_column_int(st, 5);
	column_copy(st, 6, u->created_at, sizeof u->created_at);
	u->is_authority = sqlite3_column_int(st, 7);
	column_copy(st, 8, u->number_format, sizeof u->number_format);
}

int gpkg_user_get(void *db, const char *username, const char *uuid,
		  mais_user_info *out)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc, step;

	rc = prepare(g,
		     username ? USER_COLUMNS " WHERE u.username = ? COLLATE NOCASE"
			      : USER_COLUMNS " WHERE u.uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, username ? username : uuid, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_user(st, out);
	else if (step == SQLITE_DONE)
		rc = mais_error_set(MAIS_ENOTFOUND, "no user '%s'",
				    username ? username : uuid);
	else
		rc = gpkg_error(g->conn, "mais_user");
	sqlite3_finalize(st);
	if (rc == 0)
		rc = read_roles(g, out);
	return rc == 0 ? read_teams(g, out) : rc;
}

int gpkg_user_password_hash(void *db, const char *uuid, char *hash,
			    size_t outlen)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc, step;

	rc = prepare(g, "SELECT password_hash FROM mais_user WHERE uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		column_copy(st, 0, hash, outlen);
	else if (step == SQLITE_DONE)
		rc = mais_error_set(MAIS_ENOTFOUND, "no user '%s'", uuid);
	else
		rc = gpkg_error(g->conn, "mais_user");
	sqlite3_finalize(st);
	return rc;
}

/* Runs an UPDATE of one user; MAIS_ENOTFOUND if it changed no row. */
static int update_user(gpkg_db *g, sqlite3_stmt *st, const char *uuid)
{
	int rc = run_done(g, st, "mais_user");

	if (rc == 0 && sqlite3_changes(g->conn) == 0)
		rc = mais_error_set(MAIS_ENOTFOUND, "no user '%s'", uuid);
	return rc;
}

int gpkg_user_set_password(void *db, const char *uuid, const char *hash,
			   int must_change)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g,
		     "UPDATE mais_user SET password_hash = ?,"
		     " must_change_password = ? WHERE uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, must_change ? 1 : 0);
	sqlite3_bind_text(st, 3, uuid, -1, SQLITE_STATIC);
	return update_user(g, st, uuid);
}

int gpkg_user_disable(void *db, const char *uuid)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g, "UPDATE mais_user SET disabled = 1 WHERE uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	return update_user(g, st, uuid);
}

int gpkg_user_set_number_format(void *db, const char *uuid, const char *code)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g, "UPDATE mais_user SET number_format = ? WHERE uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, uuid, -1, SQLITE_STATIC);
	return update_user(g, st, uuid);
}

int gpkg_user_count(void *db, int64_t *n)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	rc = prepare(g, "SELECT count(*) FROM mais_user", &st);
	if (rc < 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = gpkg_error(g->conn, "mais_user");
	sqlite3_finalize(st);
	return rc;
}

int gpkg_user_foreach(void *db, mais_store_user_fn fn, void *ctx)
{
	gpkg_db *g = db;
	mais_user_info u;
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	rc = prepare(g, USER_COLUMNS " ORDER BY u.fid", &st);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		read_user(st, &u);
		u.nteams = 0;
		rc = read_roles(g, &u);
		if (rc == 0)
			rc = fn(&u, ctx);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = gpkg_error(g->conn, "mais_user");
	sqlite3_finalize(st);
	return rc;
}

int gpkg_session_insert(void *db, const char *token_hash,
			const mais_session_info *info)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g,
		     "INSERT INTO mais_session (token_hash, kind, user_uuid,"
		     " csrf_token, created_at, expires_at, last_address)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?)",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, info->bearer ? "bearer" : "session", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 3, info->user_uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, info->csrf_token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, info->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, info->expires_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, info->last_address, -1, SQLITE_STATIC);
	return run_done(g, st, "mais_session");
}

int gpkg_session_find(void *db, const char *token_hash, mais_session_info *out)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc, step;

	rc = prepare(g,
		     "SELECT kind = 'bearer', user_uuid, csrf_token,"
		     " created_at, expires_at, last_address"
		     " FROM mais_session WHERE token_hash = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->bearer = sqlite3_column_int(st, 0);
		column_copy(st, 1, out->user_uuid, sizeof out->user_uuid);
		column_copy(st, 2, out->csrf_token, sizeof out->csrf_token);
		column_copy(st, 3, out->created_at, sizeof out->created_at);
		column_copy(st, 4, out->expires_at, sizeof out->expires_at);
		column_copy(st, 5, out->last_address, sizeof out->last_address);
	} else if (step == SQLITE_DONE) {
		rc = mais_error_set(MAIS_ENOTFOUND, "no such session");
	} else {
		rc = gpkg_error(g->conn, "mais_session");
	}
	sqlite3_finalize(st);
	return rc;
}

int gpkg_session_delete(void *db, const char *token_hash, const char *user_uuid,
			int64_t *deleted)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	*deleted = 0;
	rc = prepare(g,
		     token_hash
			     ? "DELETE FROM mais_session WHERE token_hash = ?"
			     : "DELETE FROM mais_session WHERE user_uuid = ?",
		     &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, token_hash ? token_hash : user_uuid, -1,
			  SQLITE_STATIC);
	rc = run_done(g, st, "mais_session");
	if (rc == 0)
		*deleted = sqlite3_changes(g->conn);
	return rc;
}

int gpkg_session_purge(void *db, const char *now)
{
	gpkg_db *g = db;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(g, "DELETE FROM mais_session WHERE expires_at < ?", &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	return run_done(g, st, "mais_session");
}
