/*
 * gpkg_check.c — is this file a sound GeoPackage and a sound mais
 * database?  SQLite's own integrity and foreign-key checks, then the
 * GeoPackage 1.3 requirements mais relies on: application_id and
 * user_version, the three required spatial reference systems, every
 * feature table in gpkg_contents and gpkg_geometry_columns with
 * EPSG:4326, every geometry blob readable with the srs_id of its column,
 * and an R-tree that indexes exactly the non-empty geometries.
 */
#include "store/gpkg/gpkg_internal.h"
#include "mais/error.h"
#include "mais/geom.h"
#include "mais/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct checker {
	gpkg_db *g;
	mais_store_issue_fn fn;
	void *ctx;
	size_t *problems;
	int stop; /* the callback asked to stop */
} checker;

static void report(checker *c, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(checker *c, const char *where, const char *fmt, ...)
{
	mais_store_issue i;
	va_list ap;

	(*c->problems)++;
	if (!c->fn || c->stop)
		return;
	snprintf(i.where, sizeof i.where, "%s", where);
	va_start(ap, fmt);
	vsnprintf(i.message, sizeof i.message, fmt, ap);
	va_end(ap);
	c->stop = c->fn(&i, c->ctx) != 0;
}

/* Runs a query whose rows are each one problem (first column text). */
static int rows_are_problems(checker *c, const char *sql, const char *where,
			     const char *ok_value)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(c->g->conn, sql, -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(c->g->conn, where);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		if (ok_value && v && strcmp(v, ok_value) == 0)
			continue;
		report(c, where, "%s", v ? v : "(null)");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : gpkg_error(c->g->conn, where);
}

static int query_int(sqlite3 *conn, const char *sql, const char *arg,
		     long long *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(conn, sql);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						     : gpkg_error(conn, sql);
}

static int check_header(checker *c)
{
	long long app, uv, n;
	int rc;

	if ((rc = query_int(c->g->conn, "PRAGMA application_id", NULL, &app)) ||
	    (rc = query_int(c->g->conn, "PRAGMA user_version", NULL, &uv)))
		return rc;
	if (app != GPKG_APPLICATION_ID)
		report(c, "header", "application_id is 0x%08llx, not 'GPKG'",
		       app);
	if (uv < 10200)
		report(c, "header", "user_version %lld is not GeoPackage 1.2+",
		       uv);
	rc = query_int(c->g->conn,
		       "SELECT count(*) FROM gpkg_spatial_ref_sys"
		       " WHERE srs_id IN (-1, 0, 4326)", NULL, &n);
	if (rc == 0 && n != 3)
		report(c, "gpkg_spatial_ref_sys",
		       "the required systems -1, 0 and 4326 are not all there");
	return rc;
}

/* Every geometry blob readable, with srs_id 4326; the R-tree holds one
 * entry per non-empty geometry. */
static int check_feature_table(checker *c, const mais_entity *e)
{
	sqlite3_str *s = sqlite3_str_new(c->g->conn);
	sqlite3_stmt *st = NULL;
	long long n, indexed, nonempty = 0;
	char *sql;
	int rc;

	rc = query_int(c->g->conn,
		       "SELECT count(*) FROM gpkg_geometry_columns"
		       " WHERE table_name = ? AND column_name = 'geom'"
		       " AND srs_id = 4326", e->name, &n);
	if (rc < 0)
		return rc;
	if (n != 1)
		report(c, e->name, "not in gpkg_geometry_columns with "
				   "EPSG:4326");
	sqlite3_str_appendf(s, "SELECT fid, geom FROM \"%w\""
			       " WHERE geom IS NOT NULL", e->name);
	sql = sqlite3_str_finish(s);
	rc = sqlite3_prepare_v2(c->g->conn, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return gpkg_error(c->g->conn, e->name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mais_geom *g = NULL;
		int32_t srs = 0;
		char where[96];

		snprintf(where, sizeof where, "%s fid %lld", e->name,
			 (long long)sqlite3_column_int64(st, 0));
		if (mais_geom_from_gpkg(&g, &srs, sqlite3_column_blob(st, 1),
					(size_t)sqlite3_column_bytes(st, 1)) < 0)
			report(c, where, "unreadable geometry: %s",
			       mais_error_last());
		else if (srs != 4326)
			report(c, where, "geometry srs_id %d, not 4326", srs);
		else
			nonempty += !mais_geom_is_empty(g);
		mais_geom_free(g);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return gpkg_error(c->g->conn, e->name);
	s = sqlite3_str_new(c->g->conn);
	sqlite3_str_appendf(s, "SELECT count(*) FROM \"rtree_%w_geom\"",
			    e->name);
	sql = sqlite3_str_finish(s);
	rc = query_int(c->g->conn, sql, NULL, &indexed);
	sqlite3_free(sql);
	if (rc < 0)
		return rc;
	if (indexed != nonempty)
		report(c, e->name,
		       "spatial index holds %lld entries for %lld geometries",
		       indexed, nonempty);
	return 0;
}

static int check_contents(checker *c)
{
	size_t ne;
	const mais_entity *ents = mais_schema_entities(&ne);
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < ne && !c->stop; i++) {
		long long n;

		rc = query_int(c->g->conn,
			       "SELECT count(*) FROM gpkg_contents"
			       " WHERE table_name = ?", ents[i].name, &n);
		if (rc == 0 && n != 1)
			report(c, ents[i].name, "table not in gpkg_contents");
		if (rc == 0 && ents[i].has_geom)
			rc = check_feature_table(c, &ents[i]);
	}
	return rc;
}

int gpkg_check(void *db, mais_store_issue_fn fn, void *ctx, size_t *problems)
{
	checker c = { .g = db, .fn = fn, .ctx = ctx, .problems = problems };
	int rc;

	rc = rows_are_problems(&c, "PRAGMA integrity_check", "integrity", "ok");
	if (rc == 0)
		rc = rows_are_problems(&c,
				       "SELECT \"table\" || ' row ' || rowid ||"
				       " ' refers to a missing ' || parent"
				       " FROM pragma_foreign_key_check",
				       "foreign keys", NULL);
	if (rc == 0)
		rc = check_header(&c);
	if (rc == 0)
		rc = check_contents(&c);
	return rc;
}
