/*
 * api_records.c — records of every entity of the data dictionary: the
 * schema, lists with filters and pages, one record, create, update with
 * optimistic concurrency, history, the approval workflow and the
 * reopening of a hazard.
 *
 * An adapter: it parses the request, calls the use-case layer's write
 * path (service/write.h: the policy, the workflow state machine of
 * workflow.h, the rules and their effects) and answers.  Records
 * outside the user's scope are 404 (see api.h).  New records start as
 * drafts whoever enters them; an edit makes a record a draft again.
 * Sensitive columns are neither shown nor written without the
 * victim-assistance right, and each read of them is audited.  A step
 * not allowed from the record's status is 409 "invalid_transition".
 */
#include "server/api.h"
#include "io/geojson.h"
#include "mais/money.h"
#include "service/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Schema -------------------------------------------------------------- */

static json_t *column_json(const mais_column *c)
{
	return json_pack(
		"{s:s, s:s, s:s?, s:b, s:b, s:b, s:s}", "name", c->name, "type",
		mais_col_type_name(c->type), "ref", c->ref, "required",
		(c->flags & MAIS_COL_REQUIRED) != 0, "sensitive",
		(c->flags & MAIS_COL_SENSITIVE) != 0, "system",
		(c->flags & MAIS_COL_SYSTEM) != 0, "doc", c->doc ? c->doc : "");
}

static json_t *entity_json(const mais_entity *e)
{
	const mais_column *common;
	size_t ncommon;
	json_t *cols = json_array();

	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns; i++)
		json_array_append_new(cols, column_json(&e->columns[i]));
	for (size_t i = 0; i < ncommon; i++)
		json_array_append_new(cols, column_json(&common[i]));
	return json_pack("{s:s, s:s, s:s, s:b, s:s?, s:s, s:o}", "name",
			 e->name, "title", e->title, "prefix", e->prefix,
			 "has_geom", e->has_geom, "geom_type",
			 e->has_geom ? mais_geom_type_name(e->geom_type) : NULL,
			 "doc", e->doc ? e->doc : "", "columns", cols);
}

static json_t *vocab_json(const mais_vocab *v)
{
	json_t *codes = json_array();

	for (size_t i = 0; i < v->count; i++)
		json_array_append_new(
			codes, json_pack("{s:s, s:s}", "code", v->codes[i].code,
					 "label", v->codes[i].label));
	return json_pack("{s:s, s:s, s:o}", "name", v->name, "source",
			 v->source, "codes", codes);
}

/* The currencies of money.h with their decimals, so that a client shows
 * minor units as the core writes them. */
static json_t *currencies_json(void)
{
	json_t *a = json_array();
	const char *code;
	int exp;

	for (size_t i = 0; (code = mais_currency_at(i, &exp)); i++)
		json_array_append_new(a, json_pack("{s:s, s:i}", "code", code,
						   "exponent", exp));
	return a;
}

/* The number formats a user may choose (money.h), with their marks. */
static json_t *number_formats_json(void)
{
	size_t n;
	const mais_number_format *f = mais_number_formats(&n);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}",
						   "code", f[i].code, "decimal",
						   f[i].decimal, "group",
						   f[i].group, "code_after",
						   f[i].code_after));
	return a;
}

int api_schema(http_req *req, http_resp *resp)
{
	size_t ne, nv;
	const mais_entity *ents = mais_schema_entities(&ne);
	const mais_vocab *vocabs = mais_vocab_all(&nv);
	json_t *e = json_array(), *v = json_array();

	(void)req;
	for (size_t i = 0; i < ne; i++)
		json_array_append_new(e, entity_json(&ents[i]));
	for (size_t i = 0; i < nv; i++)
		json_array_append_new(v, vocab_json(&vocabs[i]));
	return http_json(resp, 200,
			 json_pack("{s:o, s:o, s:o, s:o}", "entities", e,
				   "vocabularies", v, "currencies",
				   currencies_json(), "number_formats",
				   number_formats_json()));
}

/* --- List and read ------------------------------------------------------- */

typedef struct list_ctx {
	http_req *req;
	json_t *items;
	int sensitive;
} list_ctx;

static int add_item(const mais_record *r, void *ctx)
{
	list_ctx *l = ctx;

	json_array_append_new(l->items,
			      api_record_json(l->req, r, l->sensitive));
	if (l->sensitive)
		api_audit_sensitive(l->req, r);
	return 0;
}

int api_records_list(http_req *req, http_resp *resp)
{
	const mais_entity *e = api_entity(req, resp);
	list_ctx l = {req, NULL, 0};
	mais_store_query q;
	api_scope sc;
	int64_t total;
	int rc;

	if (!e || api_parse_query(req, resp, e, &q, 50, MAIS_MAX_LIST_LIMIT))
		return 0;
	api_scope_of(req, e->name, &sc);
	if (!sc.all) {
		q.orgs = sc.orgs;
		q.norgs = sc.norgs;
	}
	l.items = json_array();
	l.sensitive = api_sees_sensitive(req, e);
	rc = mais_store_list(req->store, &q, &total, add_item, &l);
	if (rc < 0) {
		json_decref(l.items);
		return rc == MAIS_EINVAL
			       ? http_error(resp, 400, "bad_parameter", NULL,
					    "%s", mais_error_last())
			       : http_error_rc(resp, rc);
	}
	return http_json(resp, 200,
			 json_pack("{s:I, s:o}", "total", (json_int_t)total,
				   "items", l.items));
}

/* Answers with the record as stored now (after a write). */
static int answer_record(http_req *req, http_resp *resp, const char *entity,
			 const char *uuid, unsigned status)
{
	mais_record *r = NULL;
	int sensitive = api_sees_sensitive(req, mais_schema_entity(entity));
	int rc = mais_store_get(req->store, entity, uuid, &r);

	if (rc < 0)
		return http_error_rc(resp, rc);
	if (sensitive)
		api_audit_sensitive(req, r);
	rc = http_json(resp, status, api_record_json(req, r, sensitive));
	mais_record_free(r);
	return rc;
}

int api_records_get(http_req *req, http_resp *resp)
{
	mais_record *r;
	int rc;

	if (api_load(req, resp, &r))
		return 0;
	rc = answer_record(req, resp, mais_record_entity(r)->name,
			   mais_record_uuid(r), 200);
	mais_record_free(r);
	return rc;
}

/* --- Writing fields ------------------------------------------------------ */

/* A JSON value as the text a record takes; *text NULL for null. */
static int value_text(const json_t *v, char *buf, size_t len, const char **text)
{
	*text = buf;
	switch (json_typeof(v)) {
	case JSON_NULL:
		*text = NULL;
		return 0;
	case JSON_STRING:
		*text = json_string_value(v);
		return 0;
	case JSON_INTEGER:
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return 0;
	case JSON_REAL:
		snprintf(buf, len, "%.17g", json_real_value(v));
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		snprintf(buf, len, "%d", json_is_true(v));
		return 0;
	default:
		return -1;
	}
}

/* The answer to a refused value of one field. */
static int field_error(http_resp *resp, int rc, const char *field)
{
	const char *code = rc == MAIS_ELIMIT	  ? "too_long"
			   : rc == MAIS_ENOTFOUND ? "unknown_field"
						  : "invalid_value";

	http_error(resp, 422, code, field, "%s", mais_error_last());
	return -1;
}

static int set_field(http_req *req, http_resp *resp, mais_record *r,
		     const char *key, const json_t *v)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_column *c = mais_schema_column(e, key, NULL);
	const char *text;
	char buf[64];
	int rc;

	if (!c)
		return http_error(resp, 422, "unknown_field", key,
				  "%s has no column '%s'", e->name, key),
		       -1;
	if (c->flags & MAIS_COL_SYSTEM)
		return http_error(resp, 422, "system_field", key,
				  "%s.%s is set by the system", e->name, key),
		       -1;
	/* a form that never showed the column sends it null: unchanged */
	if ((c->flags & MAIS_COL_SENSITIVE) && !api_sees_sensitive(req, e) &&
	    json_is_null(v))
		return 0;
	if ((c->flags & MAIS_COL_SENSITIVE) && !api_sees_sensitive(req, e))
		return http_error(resp, 403, "forbidden", key,
				  "%s.%s needs the victim_assistance right",
				  e->name, key),
		       -1;
	if (value_text(v, buf, sizeof buf, &text) < 0)
		return http_error(resp, 422, "invalid_value", key,
				  "%s.%s: a string, number, boolean or null",
				  e->name, key),
		       -1;
	rc = mais_record_set(r, key, text);
	return rc < 0 ? field_error(resp, rc, key) : 0;
}

static int set_geometry(http_resp *resp, mais_record *r, const json_t *g)
{
	const mais_entity *e = mais_record_entity(r);
	mais_geom *geom = NULL;
	int rc;

	if (!e->has_geom && !json_is_null(g))
		return http_error(resp, 422, "no_location", "geometry",
				  "%s records have no geometry", e->name),
		       -1;
	if (!e->has_geom)
		return 0;
	rc = mais_geojson_read(g, &geom);
	if (rc < 0)
		return http_error(resp, 422,
				  rc == MAIS_ELIMIT ? "too_large"
						    : "invalid_geojson",
				  "geometry", "%s", mais_error_last()),
		       -1;
	rc = mais_record_set_geom(r, geom);
	return rc < 0 ? field_error(resp, rc, "geometry") : 0;
}

/* Sets the "fields" and "geometry" of the body on r. */
static int apply_body(http_req *req, http_resp *resp, mais_record *r)
{
	const json_t *fields = json_object_get(req->json, "fields");
	const json_t *geom = json_object_get(req->json, "geometry");

	if (fields && !json_is_object(fields))
		return http_error(resp, 400, "bad_request", "fields",
				  "fields is an object {column: value}"),
		       -1;
	for (void *it = json_object_iter((json_t *)fields); it;
	     it = json_object_iter_next((json_t *)fields, it))
		if (set_field(req, resp, r, json_object_iter_key(it),
			      json_object_iter_value(it)))
			return -1;
	return geom ? set_geometry(resp, r, geom) : 0;
}

/* The answer to a refused insert or update. */
static int store_error(http_resp *resp, const mais_record *r, int rc)
{
	const mais_geom_findings *f = mais_record_findings(r);
	char field[128];

	if (rc == MAIS_EGEOM)
		for (size_t i = 0; i < f->count; i++)
			if (mais_geom_rule_rejects(f->items[i].rule))
				return http_error(
					resp, 422,
					mais_geom_rule_code(f->items[i].rule),
					"geometry", "%s", mais_error_last());
	if (rc == MAIS_EINVAL || rc == MAIS_ELIMIT) {
		http_message_field(mais_error_last(), field, sizeof field);
		return http_error(resp, 422,
				  rc == MAIS_ELIMIT ? "too_long"
						    : "invalid_value",
				  field, "%s", mais_error_last());
	}
	return http_error_rc(resp, rc);
}

/* --- Create and update --------------------------------------------------- */

/* The answer to a refused write: the error of the use-case layer, with
 * the field it names. */
static int write_error(http_req *req, http_resp *resp, const mais_record *r,
		       int rc);

int api_records_create(http_req *req, http_resp *resp)
{
	const mais_entity *e = api_entity(req, resp);
	mais_record *r = NULL;
	char uuid[37];
	svc_ctx c;
	int rc;

	if (!e)
		return 0;
	rc = mais_record_new(&r, e->name);
	if (rc < 0)
		return http_error_rc(resp, rc);
	if (apply_body(req, resp, r) == 0) {
		api_svc(req, &c);
		rc = svc_create(&c, r);
		if (rc < 0) {
			write_error(req, resp, r, rc);
		} else {
			snprintf(uuid, sizeof uuid, "%s",
				 mais_record_uuid(r));
			answer_record(req, resp, e->name, uuid, 201);
		}
	}
	mais_record_free(r);
	return 0;
}

/* 409 stale_version with the version stored now. */
static int conflict(http_req *req, http_resp *resp, const char *entity,
		    const char *uuid)
{
	int64_t current = 0;
	mais_record *now = NULL;
	json_t *err;

	if (mais_store_get(req->store, entity, uuid, &now) == 0)
		current = mais_record_version(now);
	mais_record_free(now);
	err = json_pack("{s:{s:i, s:s, s:s}, s:I}", "error", "status", 409,
			"code", "stale_version", "message",
			"the record changed since you read it: reload it",
			"current_version", (json_int_t)current);
	return http_json(resp, 409, err);
}

static int write_error(http_req *req, http_resp *resp, const mais_record *r,
		       int rc)
{
	if (rc == MAIS_ECONFLICT)
		return conflict(req, resp, mais_record_entity(r)->name,
				mais_record_uuid(r));
	return store_error(resp, r, rc);
}

/* The "version" of the body: 1 and *v when given, 0 when absent (and
 * optional), -1 after a 400 answer. */
static int body_version(http_req *req, http_resp *resp, int required,
			int64_t *v)
{
	const json_t *j = json_object_get(req->json, "version");

	if (!j && !required)
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 1)
		return http_error(resp, 400, "bad_request", "version",
				  "version is the integer version read"),
		       -1;
	*v = (int64_t)json_integer_value(j);
	return 1;
}

static int set_version(mais_record *r, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return mais_record_set_system(r, "version", buf);
}

int api_records_update(http_req *req, http_resp *resp)
{
	mais_record *r;
	int64_t version = 0;
	svc_ctx c;
	int rc;

	if (api_load(req, resp, &r))
		return 0;
	if (body_version(req, resp, 1, &version) == 1 &&
	    set_version(r, version) == 0 && apply_body(req, resp, r) == 0) {
		api_svc(req, &c);
		rc = svc_update(&c, r);
		if (rc < 0)
			write_error(req, resp, r, rc);
		else
			answer_record(req, resp, mais_record_entity(r)->name,
				      mais_record_uuid(r), 200);
	}
	mais_record_free(r);
	return 0;
}

/* --- Workflow ------------------------------------------------------------ */

/* The answer to a refused step or reopening of {entity}/{uuid}. */
static int act_error(http_req *req, http_resp *resp, const char *entity,
		     const char *uuid, int rc)
{
	char field[64];

	if (rc == MAIS_ECONFLICT)
		return conflict(req, resp, entity, uuid);
	http_message_field(mais_error_last(), field, sizeof field);
	if (rc == MAIS_EINVAL && !strcmp(field, "reason"))
		return http_error(resp, 422, "reason_required", "reason", "%s",
				  mais_error_last());
	return http_error_rc(resp, rc);
}

/* Takes an act on the record of the path (a workflow step, or the
 * reopening of a hazard) with the body's version and reason, and
 * answers with the record as stored. */
static int take_act(http_req *req, http_resp *resp, int reopen,
		    mais_step step)
{
	const char *reason =
		json_string_value(json_object_get(req->json, "reason"));
	mais_record *r;
	int64_t version = 0;
	char entity[64], uuid[37];
	svc_ctx c;
	int rc;

	if (reopen ? api_load_of(req, resp, mais_schema_entity("hazard"), &r)
		   : api_load(req, resp, &r))
		return 0;
	snprintf(entity, sizeof entity, "%s", mais_record_entity(r)->name);
	snprintf(uuid, sizeof uuid, "%s", mais_record_uuid(r));
	mais_record_free(r);
	if (body_version(req, resp, 0, &version) < 0)
		return 0;
	api_svc(req, &c);
	rc = reopen ? svc_hazard_reopen(&c, uuid, version, reason)
		    : svc_step(&c, entity, uuid, step, version, reason);
	if (rc < 0)
		return act_error(req, resp, entity, uuid, rc);
	return answer_record(req, resp, entity, uuid, 200);
}

int api_records_submit(http_req *req, http_resp *resp)
{
	return take_act(req, resp, 0, MAIS_STEP_SUBMIT);
}

int api_records_verify(http_req *req, http_resp *resp)
{
	return take_act(req, resp, 0, MAIS_STEP_VERIFY);
}

int api_records_approve(http_req *req, http_resp *resp)
{
	return take_act(req, resp, 0, MAIS_STEP_APPROVE);
}

int api_records_reject(http_req *req, http_resp *resp)
{
	return take_act(req, resp, 0, MAIS_STEP_REJECT);
}

int api_hazard_reopen(http_req *req, http_resp *resp)
{
	return take_act(req, resp, 1, MAIS_STEP_SUBMIT);
}

/* --- History ------------------------------------------------------------- */

typedef struct history {
	http_req *req;
	const mais_entity *e;
	int sensitive, read_sensitive;
	json_t *versions, *flags, *audit;
} history;

/* The state of a version without what the user may not see. */
static json_t *state_json(history *h, const char *text)
{
	json_t *state = json_loads(text ? text : "{}", 0, NULL);

	if (!state)
		return json_object();
	for (size_t i = 0; i < h->e->ncolumns; i++) {
		const mais_column *c = &h->e->columns[i];

		if (!(c->flags & MAIS_COL_SENSITIVE) ||
		    !json_object_get(state, c->name))
			continue;
		if (h->sensitive)
			h->read_sensitive = 1;
		else
			json_object_del(state, c->name);
	}
	return state;
}

static int add_version(const mais_store_version_row *v, void *ctx)
{
	history *h = ctx;
	json_t *geom = NULL;

	if (mais_geojson_write(v->geom, &geom) < 0)
		geom = json_null();
	json_array_append_new(
		h->versions,
		json_pack("{s:I, s:s, s:s, s:o, s:o}", "version",
			  (json_int_t)v->version, "changed_at", v->changed_at,
			  "changed_by", v->changed_by, "state",
			  state_json(h, v->state), "geometry", geom));
	return 0;
}

static int add_history_flag(const mais_store_flag_row *f, void *ctx)
{
	history *h = ctx;

	json_array_append_new(h->flags,
			      json_pack("{s:s, s:s, s:I, s:s}", "rule", f->rule,
					"message", f->message, "version",
					(json_int_t)f->version, "flagged_at",
					f->flagged_at));
	return 0;
}

static int add_audit(const mais_store_audit_row *a, void *ctx)
{
	history *h = ctx;
	json_t *o =
		json_pack("{s:s, s:s, s:s, s:s?}", "at", a->at, "actor",
			  a->actor, "action", a->action, "detail", a->detail);

	if (a->version)
		json_object_set_new(o, "version", json_integer(a->version));
	json_array_append_new(h->audit, o);
	return 0;
}

int api_records_history(http_req *req, http_resp *resp)
{
	mais_record *r;
	history h = {req, NULL, 0, 0, json_array(), json_array(), json_array()};
	mais_store_history_fns fns = {add_version, add_history_flag, add_audit,
				      &h};
	int rc;

	if (api_load(req, resp, &r)) {
		json_decref(h.versions), json_decref(h.flags);
		json_decref(h.audit);
		return 0;
	}
	h.e = mais_record_entity(r);
	h.sensitive = api_sees_sensitive(req, h.e);
	rc = mais_store_history(req->store, h.e->name, mais_record_uuid(r),
				&fns);
	if (rc == 0 && h.read_sensitive)
		mais_store_audit(req->store, &req->actor, "read_sensitive",
				 h.e->name, mais_record_uuid(r), "history");
	mais_record_free(r);
	if (rc < 0) {
		json_decref(h.versions), json_decref(h.flags);
		json_decref(h.audit);
		return http_error_rc(resp, rc);
	}
	return http_json(resp, 200,
			 json_pack("{s:o, s:o, s:o}", "versions", h.versions,
				   "flags", h.flags, "audit", h.audit));
}
