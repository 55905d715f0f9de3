/*
 * api_search.c — GET /api/search: one search over every kind of record,
 * as a person types it: the list query's free text (store.h: by name
 * keys, so "fuzuli" finds Füzuli and "terter" Tərtər, and records in an
 * admin area of that name), and an admin area (the records in it and in
 * the areas under it).  Each entity is asked as its list is, in the
 * user's organisation scope; sensitive columns are neither searched nor
 * shown.
 */
#include "server/api.h"

#include <stdlib.h>
#include <string.h>

#define SEARCH_DEFAULT_LIMIT 10
#define SEARCH_MAX_LIMIT     50
#define LABEL_MAX	     80

typedef struct search_ctx {
	json_t *items;
	const mais_column *date; /* the entity's main date column */
} search_ctx;

/* v as a JSON string of at most LABEL_MAX bytes, cut between UTF-8
 * characters, never inside one. */
static json_t *cut_text(const char *v)
{
	size_t n = strnlen(v, LABEL_MAX + 1);
	json_t *j;

	if (n > LABEL_MAX)
		for (n = LABEL_MAX;
		     n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80; n--)
			;
	j = json_stringn(v, n);
	return j ? j : json_null();
}

/* What names a record in a list of results: its first non-sensitive
 * text column that is set (name, acronym, model, ...), cut short. */
static json_t *label_json(const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);

	for (size_t i = 0; i < e->ncolumns; i++) {
		const mais_column *c = &e->columns[i];
		const char *v = mais_record_value(r, i);

		if (c->type == MAIS_COL_TEXT &&
		    !(c->flags & MAIS_COL_SENSITIVE) && v && *v)
			return cut_text(v);
	}
	return json_null();
}

static int add_hit(const mais_record *r, void *arg)
{
	search_ctx *c = arg;
	const char *date = c->date ? mais_record_get(r, c->date->name) : NULL;
	const char *area = mais_record_get(r, "admin_area_uuid");

	json_array_append_new(c->items,
			      json_pack("{s:s, s:s, s:s, s:o, s:s?, s:s?}",
					"uuid", mais_record_uuid(r),
					"reference", mais_record_reference(r),
					"status", mais_record_get(r, "status"),
					"label", label_json(r), "date", date,
					"admin_area_uuid", area));
	return 0;
}

/* 1 if records of e can lie in an admin area. */
static int has_area(const mais_entity *e)
{
	return mais_schema_column(e, "admin_area_uuid", NULL) ||
	       !strcmp(e->name, "admin_area");
}

/* The hits of one entity as a group, or NULL when none (or an error,
 * answered, with *failed set). */
static json_t *search_entity(http_req *req, http_resp *resp,
			     const mais_entity *e, const mais_store_query *base,
			     int *failed)
{
	mais_store_query q = *base;
	search_ctx c = {json_array(), mais_store_date_column(e)};
	api_scope sc;
	int64_t total = 0;
	int rc;

	q.entity = e->name;
	api_scope_of(req, e->name, &sc);
	if (!sc.all) {
		q.orgs = sc.orgs;
		q.norgs = sc.norgs;
	}
	rc = mais_store_list(req->store, &q, &total, add_hit, &c);
	if (rc < 0 || total == 0) {
		json_decref(c.items);
		if (rc < 0) {
			*failed = 1;
			http_error_rc(resp, rc);
		}
		return NULL;
	}
	return json_pack("{s:s, s:s, s:I, s:o}", "entity", e->name, "title",
			 e->title, "total", (json_int_t)total, "items",
			 c.items);
}

/* The query's parameters into q; 0, or -1 after a 400 answer. */
static int search_params(http_req *req, http_resp *resp, mais_store_query *q)
{
	const char *limit = http_query(req, "limit");
	char *end;

	memset(q, 0, sizeof *q);
	q->q = http_query(req, "q");
	q->admin_area = http_query(req, "admin_area");
	q->limit = SEARCH_DEFAULT_LIMIT;
	q->descending = 1; /* the newest references first */
	if (q->q && !*q->q)
		q->q = NULL;
	if (q->admin_area && !*q->admin_area)
		q->admin_area = NULL;
	if (!q->q && !q->admin_area)
		return http_error(resp, 400, "bad_parameter", "q",
				  "q (text) or admin_area (UUID), or both"),
		       -1;
	if (q->q && strlen(q->q) > MAIS_MAX_QUERY_PARAM)
		return http_error(resp, 400, "bad_parameter", "q",
				  "q: too long"),
		       -1;
	if (q->admin_area && !api_is_uuid(q->admin_area))
		return http_error(resp, 400, "bad_parameter", "admin_area",
				  "admin_area: a UUID"),
		       -1;
	if (limit && ((q->limit = strtoll(limit, &end, 10)) < 1 ||
		      q->limit > SEARCH_MAX_LIMIT || *end || !*limit))
		return http_error(resp, 400, "bad_parameter", "limit",
				  "limit: 1 to %d records of each kind",
				  SEARCH_MAX_LIMIT),
		       -1;
	return 0;
}

int api_search(http_req *req, http_resp *resp)
{
	mais_store_query q;
	size_t ne;
	const mais_entity *ents = mais_schema_entities(&ne);
	json_t *groups;
	json_int_t total = 0;
	int failed = 0;

	if (search_params(req, resp, &q) < 0)
		return 0;
	groups = json_array();
	for (size_t i = 0; i < ne && !failed; i++) {
		json_t *g;

		if (q.admin_area && !has_area(&ents[i]))
			continue;
		g = search_entity(req, resp, &ents[i], &q, &failed);
		if (!g)
			continue;
		total += json_integer_value(json_object_get(g, "total"));
		json_array_append_new(groups, g);
	}
	if (failed) {
		json_decref(groups);
		return 0;
	}
	return http_json(resp, 200,
			 json_pack("{s:s?, s:s?, s:I, s:o}", "q", q.q,
				   "admin_area", q.admin_area, "total", total,
				   "groups", groups));
}
