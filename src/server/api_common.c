/*
 * api_common.c — the parts every handler of the API shares (api.h):
 * entity and record lookup with the organisation scope, list filters,
 * and the JSON of records and users.
 */
#include "server/api.h"
#include "core/values.h"
#include "io/geojson.h"
#include "service/money.h"
#include "service/write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An organisation no record has: asking whether a user may read a
 * record of it tells whether the user sees every organisation. */
#define NO_ORGANISATION "00000000-0000-0000-0000-000000000000"

int api_is_uuid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = s[i];

		if (dash ? c != '-'
			 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return s[36] == '\0';
}

const mais_entity *api_entity(http_req *req, http_resp *resp)
{
	const char *name = http_param(req, "entity");
	const mais_entity *e = name ? mais_schema_entity(name) : NULL;

	if (!e)
		http_error(resp, 404, "not_found", NULL, "no entity '%s'",
			   name ? name : "");
	return e;
}

int api_load(http_req *req, http_resp *resp, mais_record **out)
{
	const mais_entity *e = api_entity(req, resp);

	*out = NULL;
	return e ? api_load_of(req, resp, e, out) : -1;
}

int api_load_of(http_req *req, http_resp *resp, const mais_entity *e,
		mais_record **out)
{
	const char *uuid = http_param(req, "uuid");
	int rc;

	*out = NULL;
	if (!uuid || !api_is_uuid(uuid))
		return http_error(resp, 404, "not_found", NULL,
				  "no %s with this UUID", e->name),
		       -1;
	rc = mais_store_get(req->store, e->name, uuid, out);
	if (rc == 0 &&
	    !mais_policy_can(&req->user.p, MAIS_ACT_READ, e->name,
			   api_owner(*out))) {
		mais_record_free(*out);
		*out = NULL;
		rc = MAIS_ENOTFOUND; /* see api.h: never tell it exists */
	}
	if (rc == MAIS_ENOTFOUND)
		return http_error(resp, 404, "not_found", NULL,
				  "no %s with UUID %s", e->name, uuid),
		       -1;
	if (rc < 0)
		return http_error_rc(resp, rc), -1;
	return 0;
}

void api_svc(http_req *req, svc_ctx *c)
{
	svc_ctx_init(c, req->store, &req->actor, &req->user.p);
}

const char *api_owner(const mais_record *r)
{
	const char *org = mais_record_get(r, "organisation_uuid");

	return org ? org : ""; /* the authority's (policy.h) */
}

void api_scope_of(http_req *req, const char *entity, api_scope *sc)
{
	const mais_principal *u = &req->user.p;

	memset(sc, 0, sizeof *sc);
	sc->all = mais_policy_can(u, MAIS_ACT_READ, entity, NO_ORGANISATION);
	if (sc->all)
		return;
	if (*u->organisation_uuid)
		sc->orgs[sc->norgs++] = u->organisation_uuid;
	for (size_t i = 0; i < u->nteams && sc->norgs <= MAIS_MAX_ORG_TEAMS;
	     i++)
		sc->orgs[sc->norgs++] = u->teams[i];
}

/* --- Query parameters --------------------------------------------------- */

static int bad_param(http_resp *resp, const char *name, const char *why)
{
	http_error(resp, 400, "bad_parameter", name, "%s: %s", name, why);
	return -1;
}

static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long n;

	if (!s || !*s)
		return -1;
	n = strtoll(s, &end, 10);
	if (*end || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

static int parse_bbox(const char *s, double b[4])
{
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		char *end;

		b[i] = strtod(p, &end);
		if (end == p || !isfinite(b[i]) ||
		    (i < 3 ? *end != ',' : *end != '\0'))
			return -1;
		p = end + 1;
	}
	return b[0] <= b[2] && b[1] <= b[3] ? 0 : -1;
}

static int check_code(http_resp *resp, const char *name, const char *vocab,
		      const char *code)
{
	const mais_vocab *v = mais_vocab_find(vocab);

	if (v && !mais_vocab_lookup(v, code))
		return bad_param(resp, name, "not a code of its vocabulary");
	return 0;
}

/* Every parameter is at most MAIS_MAX_QUERY_PARAM bytes. */
static int param(http_req *req, http_resp *resp, const char *name,
		 const char **out)
{
	*out = http_query(req, name);
	if (*out && strlen(*out) > MAIS_MAX_QUERY_PARAM)
		return bad_param(resp, name, "too long");
	if (*out && !**out)
		*out = NULL;
	return 0;
}

static int parse_filters(http_req *req, http_resp *resp, const mais_entity *e,
			 mais_store_query *q)
{
	const char *v;
	const mais_column *k;

	if (param(req, resp, "bbox", &v) || (v && parse_bbox(v, q->bbox)))
		return bad_param(resp, "bbox", "minx,miny,maxx,maxy");
	q->has_bbox = v != NULL;
	if (q->has_bbox && !e->has_geom)
		return bad_param(resp, "bbox", "this entity has no location");
	if (param(req, resp, "status", &q->status) ||
	    (q->status &&
	     check_code(resp, "status", "workflow_status", q->status)))
		return -1;
	if (param(req, resp, "class", &q->class_code))
		return -1;
	k = q->class_code ? mais_store_class_column(e) : NULL;
	if (q->class_code && !k)
		return bad_param(resp, "class", "this entity has no class");
	if (k && check_code(resp, "class", k->ref, q->class_code))
		return -1;
	return 0;
}

/* "hazard_uuid:UUID" into q's reference filter; the column must be a
 * reference column of e (0), else -1.  The column's name is taken from
 * the data dictionary, so q holds no string of the request's. */
static int parse_refers_to(const mais_entity *e, const char *v,
			   mais_store_query *q)
{
	const char *colon = strchr(v, ':');
	char name[64];
	const mais_column *c;

	if (!colon || (size_t)(colon - v) >= sizeof name ||
	    !api_is_uuid(colon + 1))
		return -1;
	memcpy(name, v, (size_t)(colon - v));
	name[colon - v] = '\0';
	c = mais_schema_column(e, name, NULL);
	if (!c || c->type != MAIS_COL_REF)
		return -1;
	q->ref_column = c->name;
	q->ref_value = colon + 1;
	return 0;
}

static int parse_list_filters(http_req *req, http_resp *resp,
			      const mais_entity *e, mais_store_query *q)
{
	const char *v;

	if (param(req, resp, "admin_area", &q->admin_area) ||
	    (q->admin_area && !api_is_uuid(q->admin_area)))
		return bad_param(resp, "admin_area", "a UUID");
	if (q->admin_area && !mais_schema_column(e, "admin_area_uuid", NULL) &&
	    strcmp(e->name, "admin_area") != 0)
		return bad_param(resp, "admin_area",
				 "this entity has no admin area");
	if (param(req, resp, "organisation", &q->organisation) ||
	    (q->organisation && !api_is_uuid(q->organisation)))
		return bad_param(resp, "organisation", "a UUID");
	if (param(req, resp, "refers_to", &v))
		return -1;
	if (v && parse_refers_to(e, v, q))
		return bad_param(resp, "refers_to",
				 "COLUMN:UUID, COLUMN a reference of the entity");
	if (param(req, resp, "from", &q->date_from) ||
	    (q->date_from && !mais_date_valid(q->date_from)))
		return bad_param(resp, "from", "YYYY-MM-DD");
	if (param(req, resp, "to", &q->date_to) ||
	    (q->date_to && !mais_date_valid(q->date_to)))
		return bad_param(resp, "to", "YYYY-MM-DD");
	if (param(req, resp, "q", &q->q))
		return -1;
	if (param(req, resp, "sort", &q->sort))
		return -1;
	if (q->sort) {
		const mais_column *c = mais_schema_column(e, q->sort, NULL);

		if (!c || (c->flags & MAIS_COL_SENSITIVE))
			return bad_param(resp, "sort",
					 "a column of the entity");
	}
	if (param(req, resp, "order", &v) ||
	    (v && strcmp(v, "asc") && strcmp(v, "desc")))
		return bad_param(resp, "order", "asc or desc");
	q->descending = v && !strcmp(v, "desc");
	return 0;
}

int api_parse_query(http_req *req, http_resp *resp, const mais_entity *e,
		    mais_store_query *q, int64_t default_limit,
		    int64_t max_limit)
{
	const char *v;
	char why[64];

	memset(q, 0, sizeof *q);
	q->entity = e->name;
	q->limit = default_limit;
	snprintf(why, sizeof why, "a number from 1 to %lld",
		 (long long)max_limit);
	if (param(req, resp, "limit", &v) ||
	    (v && parse_int(v, 1, max_limit, &q->limit)))
		return bad_param(resp, "limit", why);
	if (param(req, resp, "offset", &v) ||
	    (v && parse_int(v, 0, INT64_MAX / 2, &q->offset)))
		return bad_param(resp, "offset", "a number from 0");
	if (parse_filters(req, resp, e, q))
		return -1;
	return max_limit == MAIS_MAX_MAP_FEATURES
		       ? 0
		       : parse_list_filters(req, resp, e, q);
}

/* --- JSON --------------------------------------------------------------- */

json_t *api_value_json(const mais_column *c, const char *v)
{
	if (!v)
		return json_null();
	switch (c->type) {
	case MAIS_COL_INTEGER:
	case MAIS_COL_MONEY:
		return json_integer(strtoll(v, NULL, 10));
	case MAIS_COL_REAL:
	case MAIS_COL_AREA_M2:
		return json_real(strtod(v, NULL));
	default:
		return json_string(v);
	}
}

int api_sees_sensitive(http_req *req, const mais_entity *e)
{
	return mais_policy_can(&req->user.p, MAIS_ACT_READ_SENSITIVE,
			     e->name, NULL);
}

/* Common columns shown among the fields. */
static int common_field(const char *name)
{
	return strcmp(name, "uuid") && strcmp(name, "reference") &&
	       strcmp(name, "status") && strcmp(name, "version");
}

static int add_flag(const mais_store_flag_row *f, void *ctx)
{
	json_t *flags = ((json_t **)ctx)[0];
	int64_t version = (int64_t)json_integer_value(((json_t **)ctx)[1]);

	if (f->version == version)
		json_array_append_new(
			flags, json_pack("{s:s, s:s, s:I}", "rule", f->rule,
					 "message", f->message, "version",
					 (json_int_t)f->version));
	return 0;
}

static json_t *record_flags(http_req *req, const mais_record *r)
{
	json_t *ctx[2] = {json_array(), json_integer(mais_record_version(r))};
	mais_store_history_fns fns = {.flag = add_flag, .ctx = ctx};

	mais_store_history(req->store, mais_record_entity(r)->name,
			   mais_record_uuid(r), &fns);
	json_decref(ctx[1]);
	return ctx[0];
}

json_t *api_record_json(http_req *req, const mais_record *r, int sensitive)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_column *common;
	size_t ncommon;
	json_t *fields = json_object(), *geom = NULL;

	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++) {
		const mais_column *c = i < e->ncolumns
					       ? &e->columns[i]
					       : &common[i - e->ncolumns];

		if ((c->flags & MAIS_COL_SENSITIVE) && !sensitive)
			continue;
		if (i >= e->ncolumns && !common_field(c->name))
			continue;
		json_object_set_new(fields, c->name,
				    api_value_json(c, mais_record_value(r, i)));
	}
	if (mais_geojson_write(mais_record_geom(r), &geom) < 0)
		geom = json_null();
	return json_pack("{s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:o}", "uuid",
			 mais_record_uuid(r), "reference",
			 mais_record_reference(r), "entity", e->name, "version",
			 (json_int_t)mais_record_version(r), "status",
			 mais_record_get(r, "status"), "fields", fields,
			 "geometry", geom, "flags", record_flags(req, r));
}

void api_audit_sensitive(http_req *req, const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);

	for (size_t i = 0; i < e->ncolumns; i++)
		if ((e->columns[i].flags & MAIS_COL_SENSITIVE) &&
		    mais_record_value(r, i)) {
			mais_store_audit(req->store, &req->actor,
					 "read_sensitive", e->name,
					 mais_record_uuid(r), NULL);
			return;
		}
}

static json_t *roles_json(unsigned roles)
{
	json_t *a = json_array();

	for (unsigned bit = 1; bit && bit <= MAIS_ROLE_ALL; bit <<= 1)
		if ((roles & bit) && bit != MAIS_ROLE_VICTIM_ASSISTANCE &&
		    mais_role_code(bit))
			json_array_append_new(a,
					      json_string(mais_role_code(bit)));
	return a;
}

static json_t *user_json(const char *uuid, const char *username,
			 const char *display_name, const char *org,
			 unsigned roles, int must_change,
			 const char *number_format)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:o, s:b, s:b, s:s}", "uuid",
			 uuid, "username", username, "display_name",
			 display_name, "organisation_uuid", *org ? org : NULL,
			 "roles", roles_json(roles), "victim_assistance",
			 (roles & MAIS_ROLE_VICTIM_ASSISTANCE) != 0,
			 "must_change_password", must_change, "number_format",
			 svc_number_format(number_format)->code);
}

json_t *api_user_json(const mais_user_info *u)
{
	json_t *j = user_json(u->uuid, u->username, u->display_name,
			      u->organisation_uuid, u->roles,
			      u->must_change_password, u->number_format);

	json_object_set_new(j, "disabled", json_boolean(u->disabled));
	return j;
}

json_t *api_session_user_json(const mais_user *u)
{
	return user_json(u->uuid, u->username, u->display_name,
			 u->p.organisation_uuid, u->p.roles,
			 u->p.must_change_password, u->number_format);
}
