/*
 * api_records.c — records of every entity of the data dictionary: the
 * schema, lists with filters and pages, one record, create, update with
 * optimistic concurrency, history, and the approval workflow.
 *
 * Who may do what is asked of auth (mais_auth_can) with the record's
 * organisation; records outside the user's scope are 404 (see api.h).
 * Every change goes through mais_store_insert / mais_store_update, so
 * each makes a version and an audit entry — a workflow step too.  New
 * records start as drafts whoever enters them (the workflow is how a
 * record becomes approved); their organisation defaults to the user's.
 * Sensitive columns are neither shown nor written without the
 * victim-assistance right, and each read of them is audited.
 *
 * Workflow:  draft|rejected --submit--> submitted --verify--> verified
 *            submitted|verified --approve--> approved
 *            submitted|verified --reject (reason)--> rejected
 * Any other step is 409 "invalid_transition".
 */
#include "server/api.h"
#include "io/geojson.h"

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
	return http_json(
		resp, 200,
		json_pack("{s:o, s:o}", "entities", e, "vocabularies", v));
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

/* Every reference of r names a record the user may read: a reference to
 * another organisation's record is answered as if it did not exist (the
 * store's own message), so that it tells nothing of it. */
static int refs_visible(http_req *req, http_resp *resp, const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	size_t ncommon;
	const mais_column *common = mais_schema_common(&ncommon);

	for (size_t i = 0; i < e->ncolumns + ncommon; i++) {
		const mais_column *c = i < e->ncolumns
					       ? &e->columns[i]
					       : &common[i - e->ncolumns];
		const char *v = mais_record_value(r, i);
		mais_record *target = NULL;
		int seen;

		if (c->type != MAIS_COL_REF || !v)
			continue;
		if (mais_store_get(req->store, c->ref, v, &target) < 0)
			continue; /* the store's own check names it */
		seen = mais_auth_can(req->store, &req->user, MAIS_ACT_READ,
				     c->ref, api_owner(target));
		mais_record_free(target);
		if (!seen)
			return http_error(resp, 422, "invalid_value", c->name,
					  "%s.%s: no %s with UUID %s", e->name,
					  c->name, c->ref, v),
			       -1;
	}
	return 0;
}

static int may(http_req *req, http_resp *resp, mais_act act,
	       const mais_record *r, const char *org)
{
	const char *entity = mais_record_entity(r)->name;

	if (mais_auth_can(req->store, &req->user, act, entity, org))
		return 1;
	http_error(resp, 403, "forbidden", NULL,
		   "your roles or organisation do not allow this on %s",
		   entity);
	return 0;
}

int api_records_create(http_req *req, http_resp *resp)
{
	const mais_entity *e = api_entity(req, resp);
	mais_record *r = NULL;
	const char *org;
	char uuid[37];
	int rc;

	if (!e)
		return 0;
	rc = mais_record_new(&r, e->name);
	if (rc < 0)
		return http_error_rc(resp, rc);
	if (*req->user.organisation_uuid)
		mais_record_set(r, "organisation_uuid",
				req->user.organisation_uuid);
	if (apply_body(req, resp, r) == 0) {
		org = mais_record_get(r, "organisation_uuid");
		if (may(req, resp, MAIS_ACT_CREATE, r, org) &&
		    refs_visible(req, resp, r) == 0) {
			rc = mais_store_insert(req->store, r, &req->actor);
			if (rc < 0) {
				store_error(resp, r, rc);
			} else {
				snprintf(uuid, sizeof uuid, "%s",
					 mais_record_uuid(r));
				answer_record(req, resp, e->name, uuid, 201);
			}
		}
	}
	mais_record_free(r);
	return 0;
}

static int conflict(http_req *req, http_resp *resp, const mais_record *r)
{
	int64_t current = 0;
	mais_record *now = NULL;
	json_t *err;

	if (mais_store_get(req->store, mais_record_entity(r)->name,
			   mais_record_uuid(r), &now) == 0)
		current = mais_record_version(now);
	mais_record_free(now);
	err = json_pack("{s:{s:i, s:s, s:s}, s:I}", "error", "status", 409,
			"code", "stale_version", "message",
			"the record changed since you read it: reload it",
			"current_version", (json_int_t)current);
	return http_json(resp, 409, err);
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

/* Stores the changed r and answers with it (200), or the error. */
static int store_update(http_req *req, http_resp *resp, mais_record *r)
{
	int rc = mais_store_update(req->store, r, &req->actor);

	if (rc == MAIS_ECONFLICT)
		return conflict(req, resp, r);
	if (rc < 0)
		return store_error(resp, r, rc);
	return answer_record(req, resp, mais_record_entity(r)->name,
			     mais_record_uuid(r), 200);
}

int api_records_update(http_req *req, http_resp *resp)
{
	mais_record *r;
	int64_t version = 0;
	char org[40] = "";

	if (api_load(req, resp, &r))
		return 0;
	snprintf(org, sizeof org, "%s", api_owner(r));
	/* a changed record is a draft again: what was approved stays in its
	 * versions, and the change goes through the workflow anew */
	if (may(req, resp, MAIS_ACT_UPDATE, r, org) &&
	    body_version(req, resp, 1, &version) == 1 &&
	    set_version(r, version) == 0 && apply_body(req, resp, r) == 0 &&
	    may(req, resp, MAIS_ACT_UPDATE, r, api_owner(r)) &&
	    refs_visible(req, resp, r) == 0 &&
	    mais_record_set_system(r, "status", "draft") == 0 &&
	    mais_record_set_system(r, "status_reason", NULL) == 0)
		store_update(req, resp, r);
	mais_record_free(r);
	return 0;
}

/* --- Workflow ------------------------------------------------------------ */

typedef struct step {
	mais_act act;
	const char *from[3]; /* statuses it may start from */
	const char *to;
	int reason; /* a reason is required */
} step;

static int step_allowed(const step *s, const char *status)
{
	for (int i = 0; i < 3 && s->from[i]; i++)
		if (strcmp(s->from[i], status) == 0)
			return 1;
	return 0;
}

static const char *step_reason(http_req *req, http_resp *resp, const step *s)
{
	const char *reason =
		json_string_value(json_object_get(req->json, "reason"));

	if (!s->reason)
		return NULL;
	if (!reason || !*reason) {
		http_error(resp, 422, "reason_required", "reason",
			   "a rejection needs a reason");
		return NULL;
	}
	return reason;
}

static int take_step(http_req *req, http_resp *resp, const step *s)
{
	mais_record *r;
	const char *status, *reason;
	int64_t version;
	int given;

	if (api_load(req, resp, &r))
		return 0;
	status = mais_record_get(r, "status");
	if (!may(req, resp, s->act, r, api_owner(r)))
		goto done;
	if ((given = body_version(req, resp, 0, &version)) < 0)
		goto done;
	if (given && version != mais_record_version(r)) {
		set_version(r, version);
		conflict(req, resp, r);
		goto done;
	}
	if (!step_allowed(s, status)) {
		http_error(resp, 409, "invalid_transition", "status",
			   "a %s record cannot go to %s", status, s->to);
		goto done;
	}
	reason = step_reason(req, resp, s);
	if (s->reason && !reason)
		goto done;
	if (mais_record_set_system(r, "status", s->to) < 0 ||
	    mais_record_set(r, "status_reason", reason) < 0)
		field_error(resp, mais_error_last_code(), "reason");
	else
		store_update(req, resp, r);
done:
	mais_record_free(r);
	return 0;
}

int api_records_submit(http_req *req, http_resp *resp)
{
	static const step s = {
		MAIS_ACT_SUBMIT, {"draft", "rejected"}, "submitted", 0};

	return take_step(req, resp, &s);
}

int api_records_verify(http_req *req, http_resp *resp)
{
	static const step s = {MAIS_ACT_VERIFY, {"submitted"}, "verified", 0};

	return take_step(req, resp, &s);
}

int api_records_approve(http_req *req, http_resp *resp)
{
	static const step s = {
		MAIS_ACT_APPROVE, {"submitted", "verified"}, "approved", 0};

	return take_step(req, resp, &s);
}

int api_records_reject(http_req *req, http_resp *resp)
{
	static const step s = {
		MAIS_ACT_REJECT, {"submitted", "verified"}, "rejected", 1};

	return take_step(req, resp, &s);
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
