/*
 * gpkg_query.c — the GeoPackage SQL of the HTTP API's queries: a list
 * with filters, sort and pagination, and the history of a record.
 *
 * The WHERE clause is built from a plan the store front checked
 * (store_query.c): table and column names come only from the data
 * dictionary (quoted with %w), and every value is a bound parameter, kept
 * in a small list in the order of its '?' so that the count and the page
 * share one clause.  A bbox goes through the table's R-tree
 * (rtree_<table>_geom), so a map view of a large table reads only what it
 * shows.
 */
#include "store/gpkg/gpkg_internal.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <stdlib.h>
#include <string.h>

/* Bound values of the WHERE clause, in the order of their '?'. */
enum { P_TEXT, P_REAL };

typedef struct param {
	int type;
	const char *text;
	double real;
} param;

/* At most: bbox 4, admin 1, status, class, 2 dates, organisation, and
 * the organisations of the scope. */
#define FIXED_PARAMS 12

typedef struct where {
	sqlite3_str *sql;
	param *params;
	size_t n, cap;
	const char *q_key; /* the plan's key of q, for :q */
	int64_t limit, offset;
} where;

static void add_text(where *w, const char *text)
{
	if (w->n < w->cap)
		w->params[w->n++] = (param){.type = P_TEXT, .text = text};
}

static void add_real(where *w, double v)
{
	if (w->n < w->cap)
		w->params[w->n++] = (param){.type = P_REAL, .real = v};
}

static void and_(where *w)
{
	sqlite3_str_appendall(w->sql, " AND ");
}

static void where_bbox(where *w, const mais_store_list_plan *p)
{
	const double *b = p->q->bbox;

	and_(w);
	sqlite3_str_appendf(w->sql,
			    "fid IN (SELECT id FROM \"rtree_%w_geom\" WHERE"
			    " minx <= ? AND maxx >= ? AND miny <= ? AND"
			    " maxy >= ?)",
			    p->e->name);
	add_real(w, b[2]);
	add_real(w, b[0]);
	add_real(w, b[3]);
	add_real(w, b[1]);
}

/* The admin areas of UUID ? and every area under them (parent_uuid, at
 * any depth): a district's records include its municipalities'. */
#define AREA_AND_BELOW                                                   \
	"(WITH RECURSIVE below(u) AS (SELECT ? UNION SELECT a.uuid FROM" \
	" admin_area a JOIN below ON a.parent_uuid = below.u)"           \
	" SELECT u FROM below)"

static void where_admin(where *w, const mais_store_list_plan *p)
{
	and_(w);
	sqlite3_str_appendf(w->sql, "\"%w\" IN " AREA_AND_BELOW,
			    p->admin_self ? "uuid" : p->admin->name);
	add_text(w, p->q->admin_area);
}

static void where_eq(where *w, const char *column, const char *value)
{
	and_(w);
	sqlite3_str_appendf(w->sql, "\"%w\" = ?", column);
	add_text(w, value);
}

static void where_dates(where *w, const mais_store_list_plan *p)
{
	if (p->q->date_from) {
		and_(w);
		sqlite3_str_appendf(w->sql, "\"%w\" >= ?", p->date->name);
		add_text(w, p->q->date_from);
	}
	if (p->q->date_to) {
		and_(w);
		sqlite3_str_appendf(w->sql, "\"%w\" <= ?", p->date->name);
		add_text(w, p->q->date_to);
	}
}

static void where_orgs(where *w, const mais_store_list_plan *p)
{
	and_(w);
	if (!p->q->norgs) { /* a user of no organisation sees none */
		sqlite3_str_appendall(w->sql, "0");
		return;
	}
	sqlite3_str_appendall(w->sql, "organisation_uuid IN (");
	for (size_t i = 0; i < p->q->norgs; i++) {
		sqlite3_str_appendall(w->sql, i ? ", ?" : "?");
		add_text(w, p->q->orgs[i]);
	}
	sqlite3_str_appendall(w->sql, ")");
}

/* The admin areas whose name, local name or an alias contains the key
 * :q, and every area under them. */
#define AREAS_NAMED                                                       \
	"(WITH RECURSIVE named(u) AS (SELECT uuid FROM admin_area WHERE"  \
	" instr(mais_name_key(name), :q) > 0 OR"                          \
	" instr(mais_name_key(name_local), :q) > 0 OR"                    \
	" instr(mais_name_key(aliases), :q) > 0 UNION SELECT a.uuid FROM" \
	" admin_area a JOIN named ON a.parent_uuid = named.u)"            \
	" SELECT u FROM named)"

/* The name key (gpkg_sqlfunc.c) of the reference or of a non-sensitive
 * text column contains the key of q, or the record lies in an admin area
 * whose name does (instr: '%' and '_' in q are plain characters). */
static void where_text(where *w, const mais_store_list_plan *p)
{
	const mais_entity *e = p->e;

	and_(w);
	sqlite3_str_appendall(w->sql,
			      "(instr(mais_name_key(reference), :q) > 0");
	for (size_t i = 0; i < e->ncolumns; i++) {
		const mais_column *c = &e->columns[i];

		if (c->type == MAIS_COL_TEXT &&
		    !(c->flags & MAIS_COL_SENSITIVE))
			sqlite3_str_appendf(w->sql,
					    " OR instr(mais_name_key(\"%w\"),"
					    " :q) > 0",
					    c->name);
	}
	if (p->q_area)
		sqlite3_str_appendf(w->sql, " OR \"%w\" IN " AREAS_NAMED,
				    p->q_area->name);
	sqlite3_str_appendall(w->sql, ")");
}

/* Builds " WHERE 1 AND ..." for p into w. */
static int build_where(where *w, const mais_store_list_plan *p)
{
	const mais_store_query *q = p->q;

	sqlite3_str_appendall(w->sql, " WHERE 1");
	if (q->has_bbox)
		where_bbox(w, p);
	if (q->admin_area)
		where_admin(w, p);
	if (q->status)
		where_eq(w, "status", q->status);
	if (q->class_code)
		where_eq(w, p->klass->name, q->class_code);
	if (q->date_from || q->date_to)
		where_dates(w, p);
	if (q->organisation)
		where_eq(w, "organisation_uuid", q->organisation);
	if (p->ref) /* the column's name from the dictionary, not the input */
		where_eq(w, p->ref->name, q->ref_value);
	if (q->orgs)
		where_orgs(w, p);
	if (q->q)
		where_text(w, p);
	return 0;
}

/* Prepares the text of s (finished and freed here) and binds w. */
static int prepare_bound(gpkg_db *g, sqlite3_str *s, const where *w,
			 sqlite3_stmt **st)
{
	char *sql;
	int rc, i;

	if (sqlite3_str_errcode(s) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(s));
		return mais_error_nomem();
	}
	sql = sqlite3_str_finish(s);
	rc = sqlite3_prepare_v2(g->conn, sql, -1, st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return gpkg_error(g->conn, "list query");
	/* the '?' come first, numbered 1..n; the named ones after them */
	for (size_t k = 0; k < w->n; k++) {
		if (w->params[k].type == P_TEXT)
			sqlite3_bind_text(*st, (int)k + 1, w->params[k].text,
					  -1, SQLITE_STATIC);
		else
			sqlite3_bind_double(*st, (int)k + 1, w->params[k].real);
	}
	if ((i = sqlite3_bind_parameter_index(*st, ":q")) > 0)
		sqlite3_bind_text(*st, i, w->q_key, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(*st, ":limit")) > 0)
		sqlite3_bind_int64(*st, i, w->limit);
	if ((i = sqlite3_bind_parameter_index(*st, ":offset")) > 0)
		sqlite3_bind_int64(*st, i, w->offset);
	return 0;
}

static int count_rows(gpkg_db *g, const mais_store_list_plan *p, const where *w,
		      int64_t *total)
{
	sqlite3_str *s = sqlite3_str_new(g->conn);
	sqlite3_stmt *st = NULL;
	int rc;

	sqlite3_str_appendf(s, "SELECT count(*) FROM \"%w\"%s", p->e->name,
			    sqlite3_str_value(w->sql));
	rc = prepare_bound(g, s, w, &st);
	if (rc == 0) {
		if (sqlite3_step(st) == SQLITE_ROW)
			*total = sqlite3_column_int64(st, 0);
		else
			rc = gpkg_error(g->conn, p->e->name);
	}
	sqlite3_finalize(st);
	return rc;
}

static int page_rows(gpkg_db *g, const mais_store_list_plan *p, const where *w,
		     mais_store_record_fn fn, void *ctx)
{
	sqlite3_str *s = sqlite3_str_new(g->conn);
	sqlite3_stmt *st = NULL;
	int rc;

	gpkg_append_select(s, p->e);
	sqlite3_str_appendf(s,
			    "%s ORDER BY \"%w\" %s, fid"
			    " LIMIT :limit OFFSET :offset",
			    sqlite3_str_value(w->sql), p->sort->name,
			    p->q->descending ? "DESC" : "ASC");
	rc = prepare_bound(g, s, w, &st);
	while (rc == 0) {
		mais_record *r;
		int step = sqlite3_step(st);

		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = gpkg_error(g->conn, p->e->name);
			break;
		}
		rc = gpkg_row_to_record(st, p->e, &r);
		if (rc == 0) {
			rc = fn(r, ctx);
			mais_record_free(r);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int gpkg_list(void *db, const mais_store_list_plan *p, int64_t *total,
	      mais_store_record_fn fn, void *ctx)
{
	gpkg_db *g = db;
	where w = {0};
	int rc;

	w.cap = FIXED_PARAMS + p->q->norgs;
	w.limit = p->q->limit;
	w.offset = p->q->offset;
	w.q_key = p->q_key;
	w.params = calloc(w.cap, sizeof *w.params);
	w.sql = sqlite3_str_new(g->conn);
	rc = w.params ? build_where(&w, p)
		      : mais_error_nomem();
	if (rc == 0 && sqlite3_str_errcode(w.sql) != SQLITE_OK)
		rc = mais_error_nomem();
	/* one read transaction: the count and the page see the same rows */
	if (rc == 0)
		rc = gpkg_exec(g->conn, "SAVEPOINT mais_list");
	if (rc == 0) {
		rc = count_rows(g, p, &w, total);
		if (rc == 0)
			rc = page_rows(g, p, &w, fn, ctx);
		gpkg_exec(g->conn, "RELEASE mais_list");
	}
	sqlite3_free(sqlite3_str_finish(w.sql));
	free(w.params);
	return rc;
}

/* ------------------------------------------------------------------ */
/* History.                                                             */

static int prepare_for(gpkg_db *g, const char *sql, const mais_entity *e,
		       const char *uuid, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(g->conn, sql, -1, st, NULL) != SQLITE_OK)
		return gpkg_error(g->conn, "history");
	sqlite3_bind_text(*st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(*st, 2, e->name, -1, SQLITE_STATIC);
	return 0;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int version_row(sqlite3_stmt *st, const mais_store_history_fns *fns)
{
	mais_store_version_row v = {
		.version = sqlite3_column_int64(st, 0),
		.changed_at = col_text(st, 1),
		.changed_by = col_text(st, 2),
		.state = col_text(st, 3),
	};
	mais_geom *geom = NULL;
	int rc;

	if (sqlite3_column_type(st, 4) == SQLITE_BLOB &&
	    mais_geom_from_gpkg(&geom, NULL, sqlite3_column_blob(st, 4),
				(size_t)sqlite3_column_bytes(st, 4)) < 0)
		geom = NULL; /* unreadable: `mais check` reports it */
	v.geom = geom;
	rc = fns->version(&v, fns->ctx);
	mais_geom_free(geom);
	return rc;
}

static int flag_row(sqlite3_stmt *st, const mais_store_history_fns *fns)
{
	mais_store_flag_row f = {
		.version = sqlite3_column_int64(st, 0),
		.rule = col_text(st, 1),
		.message = col_text(st, 2),
		.flagged_at = col_text(st, 3),
	};

	return fns->flag(&f, fns->ctx);
}

static int audit_row(sqlite3_stmt *st, const mais_store_history_fns *fns)
{
	mais_store_audit_row a = {
		.at = col_text(st, 0),
		.actor = col_text(st, 1),
		.address = col_text(st, 2),
		.action = col_text(st, 3),
		.version = sqlite3_column_int64(st, 4),
		.detail = col_text(st, 5),
	};

	return fns->audit(&a, fns->ctx);
}

typedef int (*row_fn)(sqlite3_stmt *st, const mais_store_history_fns *fns);

/* Runs one history query, calling each(row) for every row. */
static int history_part(gpkg_db *g, const char *sql, const mais_entity *e,
			const char *uuid, row_fn each,
			const mais_store_history_fns *fns)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare_for(g, sql, e, uuid, &st);

	while (rc == 0) {
		int step = sqlite3_step(st);

		if (step == SQLITE_DONE)
			break;
		rc = step == SQLITE_ROW ? each(st, fns)
					: gpkg_error(g->conn, "history");
	}
	sqlite3_finalize(st);
	return rc;
}

int gpkg_history(void *db, const mais_entity *e, const char *uuid,
		 const mais_store_history_fns *fns)
{
	gpkg_db *g = db;
	int rc = 0;

	if (fns->version)
		rc = history_part(g,
				  "SELECT version, changed_at, changed_by,"
				  " state, geom FROM mais_version"
				  " WHERE record_uuid = ? AND entity = ?"
				  " ORDER BY version",
				  e, uuid, version_row, fns);
	if (rc == 0 && fns->flag)
		rc = history_part(g,
				  "SELECT version, rule, message, flagged_at"
				  " FROM mais_flag WHERE record_uuid = ?"
				  " AND entity = ? ORDER BY fid",
				  e, uuid, flag_row, fns);
	if (rc == 0 && fns->audit)
		rc = history_part(g,
				  "SELECT a.at, a.actor, a.address, a.action,"
				  " v.version, a.detail FROM mais_audit a"
				  " LEFT JOIN mais_version v"
				  " ON v.fid = a.version_fid"
				  " WHERE a.record_uuid = ? AND a.entity = ?"
				  " ORDER BY a.fid",
				  e, uuid, audit_row, fns);
	return rc;
}
