/*
 * routes.c — THE route table of the HTTP API, its dispatch, and the
 * OpenAPI 3.0.3 document generated from it (GET /api/openapi.json).  The
 * routes of the reports, /api/reports/NAME, come from the report registry
 * (api_report_routes) and are dispatched and documented with the table.
 *
 * A pattern is matched segment by segment: a literal segment must be
 * equal, a {param} segment takes one non-empty segment of at most 128
 * bytes.  A path that matches some route but not the method is a 405
 * with the methods that would do; a path that matches no route is a 404
 * ("no_route"), which is how a client can tell a wrong URL from a
 * missing record (404 "not_found").
 */
#include "server/routes.h"
#include "mais/error.h"
#include "mais/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEGMENT 128

/* --- Documentation shared by several routes --------------------------- */

static const route_param list_query[] = {
	{"bbox", "string",
	 "minx,miny,maxx,maxy in WGS 84 degrees: records whose geometry's "
	 "bounding box meets it"},
	{"admin_area", "string", "UUID of an admin area"},
	{"status", "string",
	 "workflow status: draft, submitted, verified, approved, rejected"},
	{"class", "string",
	 "a code of the entity's first *_class (else *_type) column"},
	{"from", "string", "YYYY-MM-DD: main date column on or after"},
	{"to", "string", "YYYY-MM-DD: main date column on or before"},
	{"organisation", "string", "UUID of the reporting organisation"},
	{"refers_to", "string",
	 "COLUMN:UUID: records whose reference column COLUMN points to the "
	 "record UUID (a hazard's activities: refers_to=hazard_uuid:UUID)"},
	{"q", "string",
	 "free text, found in the reference and the text columns"},
	{"limit", "integer", "records per page, 1 to 1000 (default 50)"},
	{"offset", "integer", "records skipped (default 0)"},
	{"sort", "string", "a column of the entity (default reference)"},
	{"order", "string", "asc (default) or desc"},
	{NULL, NULL, NULL},
};

static const route_param map_query[] = {
	{"bbox", "string", "minx,miny,maxx,maxy in WGS 84 degrees"},
	{"status", "string", "workflow status"},
	{"class", "string", "a code of the entity's class column"},
	{"limit", "integer", "features, 1 to 5000 (default 5000)"},
	{NULL, NULL, NULL},
};

#define FORMAT_DOC "json (default) or csv"

static const route_param accounting_query[] = {
	{"format", "string", FORMAT_DOC},
	{NULL, NULL, NULL},
};

#define R401                         \
	{                            \
		401, "not logged in" \
	}
#define R403                                                              \
	{                                                                 \
		403, "not allowed (role, organisation, CSRF token, or a " \
		     "password that must change first)"                   \
	}
#define R404                                           \
	{                                              \
		404, "no such record, entity or route" \
	}
#define R400                                                     \
	{                                                        \
		400, "malformed request (JSON, query parameter)" \
	}
#define R422                                                          \
	{                                                             \
		422, "a value refused by the data dictionary or the " \
		     "geometry rules; code names the rule"            \
	}
#define R409                                                           \
	{                                                              \
		409, "stale version or a transition not allowed from " \
		     "the record's status; body has current_version"   \
	}
#define R413                                    \
	{                                       \
		413, "body or upload too large" \
	}

static const route_response r_login[] = {
	{200, "{user, csrf_token, must_change_password}; cookie "
	      "mais_session"},
	R400,
	{401, "wrong user name or password"},
	{429, "too many failed logins from this address or for this user"},
	{0, NULL},
};
static const route_response r_204[] = {{204, "done"}, R401, R403, {0, NULL}};
static const route_response r_me[] = {{200, "USER"}, R401, R403, {0, NULL}};
static const route_response r_password[] = {
	{204, "changed"},
	R400,
	R401,
	R403,
	{422, "wrong old password, or a new one under 10 characters"},
	{429, "too many failed attempts"},
	{0, NULL},
};
static const route_response r_token[] = {
	{201, "{token}"}, R401, R403, {0, NULL}};
static const route_response r_users[] = {
	{200, "{items: [USER]}"}, R401, R403, {0, NULL}};
static const route_response r_user_new[] = {
	{201, "{user: USER, one_time_password}"},
	R400,
	R401,
	R403,
	R422,
	{0, NULL},
};
static const route_response r_doc[] = {{200, "the document"}, {0, NULL}};
static const route_response r_schema[] = {
	{200, "the data dictionary"}, R401, R403, {0, NULL}};
static const route_response r_list[] = {
	{200, "{total, items: [RECORD]}"}, R400, R401, R403, R404, {0, NULL}};
static const route_response r_get[] = {
	{200, "RECORD"}, R401, R403, R404, {0, NULL}};
static const route_response r_create[] = {
	{201, "RECORD"}, R400, R401, R403, R404, R413, R422, {0, NULL}};
static const route_response r_update[] = {
	{200, "RECORD"}, R400, R401, R403, R404, R409, R413, R422, {0, NULL}};
static const route_response r_history[] = {
	{200, "{versions, flags, audit}"}, R401, R403, R404, {0, NULL},
};
static const route_response r_step[] = {
	{200, "RECORD"}, R400, R401, R403, R404, R409, R422, {0, NULL}};
static const route_response r_geojson[] = {
	{200, "FeatureCollection"}, R400, R401, R403, R404, {0, NULL}};
static const route_response r_accounting[] = {
	{200, "{report, hazard_uuid, reference, hazard_status, original_m2, "
	      "cancelled_m2, reduced_m2, cleared_m2, remaining_m2, "
	      "released_by_number_m2, releases, has_polygon} (m², 2 "
	      "decimals; original = cancelled + reduced + cleared + "
	      "remaining), or the same as one CSV row"},
	R400,
	R401,
	R403,
	{404, "no such hazard, or one of an organisation the user does not "
	      "see"},
	{0, NULL},
};
static const route_response r_reports[] = {
	{200, "{reports: [{name, title, doc, groupings, options: [{name, "
	      "type, required, doc, values}]}], currency}: the report "
	      "registry, one entry a route /api/reports/NAME, and the "
	      "programme's reporting currency (null when unset)"},
	R401,
	{403, "not allowed (no role, or a password that must change "
	      "first)"},
	{0, NULL},
};
static const route_response r_erase[] = {
	{200, "{uuid, reference, columns: [erased], versions, "
	      "victim_assistance, scrubbed, warning}"},
	R400,
	R401,
	{403, "not allowed: the victim_assistance right and im_admin are "
	      "both needed (or the CSRF token, or a password that must "
	      "change first)"},
	{404, "no such victim, or one of an organisation the user does not "
	      "see"},
	{422, "no reason given (field reason), or one that quotes the "
	      "personal data it erases"},
	{0, NULL},
};
static const route_response r_profiles[] = {
	{200, "{profiles: [{name, title}]}"},
	R401,
	R403,
	{0, NULL},
};
static const route_response r_import[] = {
	{200, "the summary of `mais import --format json`"},
	R400,
	R401,
	R403,
	R413,
	R422,
	{0, NULL},
};

#define ENTITY_DOC                                           \
	"entity: an entity of the data dictionary (hazard, " \
	"land_release, ...)"
#define RECORD_DOC ENTITY_DOC "; uuid: the record's UUID"

/* --- THE table ------------------------------------------------------- */

static const route table[] = {
	{"GET", "/api/openapi.json", api_openapi, ROUTE_PUBLIC, BODY_NONE,
	 "meta",
	 "This document: OpenAPI 3.0.3, generated from the route "
	 "table",
	 NULL, NULL, NULL, r_doc},
	{"POST", "/api/login", api_login, ROUTE_PUBLIC, BODY_JSON, "session",
	 "Log in: opens a cookie session", NULL, NULL, "{username, password}",
	 r_login},
	{"POST", "/api/logout", api_logout, ROUTE_USER_ANY, BODY_NONE,
	 "session", "Log out: ends the session or token", NULL, NULL, NULL,
	 r_204},
	{"GET", "/api/me", api_me, ROUTE_USER, BODY_NONE, "session",
	 "The logged-in user", NULL, NULL, NULL, r_me},
	{"POST", "/api/password", api_password, ROUTE_USER_ANY, BODY_JSON,
	 "session", "Change one's password (at least 10 characters)", NULL,
	 NULL, "{old_password, new_password}", r_password},
	{"POST", "/api/tokens", api_tokens, ROUTE_USER, BODY_NONE, "session",
	 "A bearer token for API clients (Authorization: Bearer)", NULL, NULL,
	 NULL, r_token},
	{"GET", "/api/users", api_users_list, ROUTE_USER, BODY_NONE, "users",
	 "List users (system or IM administrator)", NULL, NULL, NULL, r_users},
	{"POST", "/api/users", api_users_create, ROUTE_USER, BODY_JSON, "users",
	 "Create a user with a one-time password (system or IM "
	 "administrator)",
	 NULL, NULL,
	 "{username, display_name, organisation_uuid, roles: [...]}",
	 r_user_new},
	{"GET", "/api/schema", api_schema, ROUTE_USER, BODY_NONE, "records",
	 "The data dictionary and vocabularies", NULL, NULL, NULL, r_schema},
	{"GET", "/api/records/{entity}", api_records_list, ROUTE_USER,
	 BODY_NONE, "records", "List records with filters and pages",
	 ENTITY_DOC, list_query, NULL, r_list},
	{"POST", "/api/records/{entity}", api_records_create, ROUTE_USER,
	 BODY_JSON, "records", "Create a record (status draft)", ENTITY_DOC,
	 NULL, "{fields: {column: value}, geometry: GeoJSON or null}",
	 r_create},
	{"GET", "/api/records/{entity}/{uuid}", api_records_get, ROUTE_USER,
	 BODY_NONE, "records", "One record", RECORD_DOC, NULL, NULL, r_get},
	{"PUT", "/api/records/{entity}/{uuid}", api_records_update, ROUTE_USER,
	 BODY_JSON, "records",
	 "Update a record (optimistic concurrency on version)", RECORD_DOC,
	 NULL, "{version, fields: {column: value}, geometry}", r_update},
	{"GET", "/api/records/{entity}/{uuid}/history", api_records_history,
	 ROUTE_USER, BODY_NONE, "records",
	 "Versions, flags and audit entries of a record", RECORD_DOC, NULL,
	 NULL, r_history},
	{"POST", "/api/records/{entity}/{uuid}/submit", api_records_submit,
	 ROUTE_USER, BODY_JSON_OPTIONAL, "workflow",
	 "draft (or rejected) -> submitted (data entry)", RECORD_DOC, NULL,
	 "optional {version}", r_step},
	{"POST", "/api/records/{entity}/{uuid}/verify", api_records_verify,
	 ROUTE_USER, BODY_JSON_OPTIONAL, "workflow",
	 "submitted -> verified (verifier)", RECORD_DOC, NULL,
	 "optional {version}", r_step},
	{"POST", "/api/records/{entity}/{uuid}/approve", api_records_approve,
	 ROUTE_USER, BODY_JSON_OPTIONAL, "workflow",
	 "verified or submitted -> approved (approver)", RECORD_DOC, NULL,
	 "optional {version}", r_step},
	{"POST", "/api/records/{entity}/{uuid}/reject", api_records_reject,
	 ROUTE_USER, BODY_JSON, "workflow",
	 "submitted or verified -> rejected with a reason (verifier, "
	 "approver)",
	 RECORD_DOC, NULL, "{reason, optional version}", r_step},
	{"POST", "/api/records/victim/{uuid}/erase", api_victim_erase,
	 ROUTE_USER, BODY_JSON, "victims",
	 "Erase a victim's personal data where the law or a withdrawn "
	 "consent requires it: the sensitive fields of the victim and of its "
	 "assistance records, in the record and every version (victim "
	 "assistance right and IM administrator); audited with the reason, "
	 "no new version",
	 "uuid: the victim's UUID", NULL, "{reason}", r_erase},
	{"POST", "/api/records/hazard/{uuid}/reopen", api_hazard_reopen,
	 ROUTE_USER, BODY_JSON, "workflow",
	 "closed or handed over -> active: a find after clearance, with a "
	 "reason (approver); a version of the hazard says why",
	 "uuid: the hazard's UUID", NULL, "{reason, optional version}",
	 r_step},
	{"GET", "/api/geojson/{entity}", api_geojson, ROUTE_USER, BODY_NONE,
	 "map", "A map layer: GeoJSON FeatureCollection", ENTITY_DOC, map_query,
	 NULL, r_geojson},
	{"GET", "/api/records/hazard/{uuid}/accounting", api_hazard_accounting,
	 ROUTE_USER, BODY_NONE, "reports",
	 "Land release accounting of one hazard (m²): original, cancelled, "
	 "reduced, cleared, remaining",
	 "uuid: the hazard's UUID", accounting_query, NULL, r_accounting},
	{"GET", "/api/reports", api_reports_index, ROUTE_USER, BODY_NONE,
	 "reports",
	 "The reports: each report of the registry with its title, "
	 "description, groupings and options (what /api/reports/NAME takes)",
	 NULL, NULL, NULL, r_reports},
	{"GET", "/api/profiles", api_profiles, ROUTE_USER, BODY_NONE, "import",
	 "The import profiles of profiles/ (name, title)", NULL, NULL, NULL,
	 r_profiles},
	{"POST", "/api/import", api_import, ROUTE_USER, BODY_UPLOAD, "import",
	 "Import a file (stored as submitted)", NULL, NULL,
	 "multipart/form-data: file, kind or profile, optional srs, layer, "
	 "map and set (lines target=value)",
	 r_import},
};

#define NROUTES (sizeof table / sizeof table[0])

/* Route i of every route: the table, then one route a report of the
 * report registry (api_reports.c); NULL past the last. */
static const route *route_at(size_t i)
{
	size_t nr;
	const route *reports = api_report_routes(&nr);

	if (i < NROUTES)
		return &table[i];
	return i - NROUTES < nr ? &reports[i - NROUTES] : NULL;
}

/* --- Matching -------------------------------------------------------- */

/* The next segment of *p (after its '/') into seg; 0 at the end. */
static int next_segment(const char **p, char *seg, size_t len, int *toolong)
{
	const char *s = *p, *e;

	if (*s != '/')
		return 0;
	s++;
	e = strchr(s, '/');
	if (!e)
		e = s + strlen(s);
	*toolong = (size_t)(e - s) >= len;
	snprintf(seg, len, "%.*s", (int)(e - s), s);
	*p = e;
	return 1;
}

/* 1 if path matches pattern; sets req's parameters when req is given. */
static int match(const char *pattern, const char *path, http_req *req)
{
	char ps[MAX_SEGMENT + 1], ss[MAX_SEGMENT + 1];
	const char *p = pattern, *s = path;
	int toolong = 0, ptl = 0;
	size_t n = 0;

	while (next_segment(&p, ps, sizeof ps, &ptl)) {
		if (!next_segment(&s, ss, sizeof ss, &toolong) || toolong)
			return 0;
		if (ps[0] == '{') {
			if (!ss[0] || n >= HTTP_MAX_PARAMS)
				return 0;
			if (req) {
				req->param_names[n] =
					strndup(ps + 1, strlen(ps) - 2);
				req->param_values[n] = strdup(ss);
			}
			n++;
		} else if (strcmp(ps, ss) != 0) {
			return 0;
		}
	}
	if (*s) /* more segments than the pattern */
		return 0;
	if (req)
		req->nparams = n;
	return 1;
}

route_match routes_find(const char *method, const char *path, http_req *req,
			const route **out, char *allow, size_t allowlen)
{
	size_t used = 0;

	*out = NULL;
	if (allowlen)
		allow[0] = '\0';
	const route *r;

	for (size_t i = 0; (r = route_at(i)); i++) {
		if (!match(r->pattern, path, NULL))
			continue;
		if (strcmp(r->method, method) == 0) {
			match(r->pattern, path, req);
			*out = r;
			return MATCH_OK;
		}
		if (used < allowlen)
			used += (size_t)snprintf(allow + used, allowlen - used,
						 "%s%s", used ? ", " : "",
						 r->method);
	}
	return used ? MATCH_BAD_METHOD : MATCH_NO_ROUTE;
}

/* --- OpenAPI ---------------------------------------------------------- */

/* The part of docs "a: ...; b: ..." about name, into out. */
static void param_doc(const char *docs, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	const char *p = docs;

	out[0] = '\0';
	while (p && *p) {
		const char *end = strstr(p, "; ");

		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			p += *p == ' ';
			snprintf(out, len, "%.*s",
				 (int)(end ? (size_t)(end - p) : strlen(p)), p);
			return;
		}
		p = end ? end + 2 : NULL;
	}
}

/* The path parameters of a pattern, each a required string. */
static void add_path_params(json_t *params, const route *r)
{
	const char *p = r->pattern;

	while ((p = strchr(p, '{'))) {
		const char *e = strchr(p, '}');
		char name[64], doc[256];

		if (!e)
			break;
		snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
		param_doc(r->path_docs ? r->path_docs : "", name, doc,
			  sizeof doc);
		json_array_append_new(
			params,
			json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", name,
				  "in", "path", "required", 1, "description",
				  doc, "schema", "type", "string"));
		p = e;
	}
}

static json_t *operation(const route *r)
{
	json_t *op = json_pack("{s:s, s:[s], s:s}", "summary", r->summary,
			       "tags", r->tag, "operationId", "");
	json_t *params = json_array(), *resps = json_object();
	char id[160];

	snprintf(id, sizeof id, "%s %s", r->method, r->pattern);
	json_object_set_new(op, "operationId", json_string(id));
	add_path_params(params, r);
	for (const route_param *q = r->query; q && q->name; q++)
		json_array_append_new(
			params, json_pack("{s:s, s:s, s:s, s:{s:s}}", "name",
					  q->name, "in", "query", "description",
					  q->doc, "schema", "type", q->type));
	json_object_set_new(op, "parameters", params);
	if (r->body != BODY_NONE)
		json_object_set_new(
			op, "requestBody",
			json_pack("{s:s, s:b, s:{s:{}}}", "description",
				  r->request ? r->request : "", "required",
				  r->body != BODY_JSON_OPTIONAL, "content",
				  r->body == BODY_UPLOAD ? "multipart/form-data"
							 : "application/json"));
	for (const route_response *x = r->responses; x && x->status; x++) {
		char code[8];

		snprintf(code, sizeof code, "%d", x->status);
		json_object_set_new(resps, code,
				    json_pack("{s:s}", "description", x->doc));
	}
	json_object_set_new(op, "responses", resps);
	if (r->auth == ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	return op;
}

static void lower_method(const char *m, char *buf, size_t len)
{
	size_t i;

	for (i = 0; m[i] && i + 1 < len; i++)
		buf[i] = (char)(m[i] >= 'A' && m[i] <= 'Z' ? m[i] + 32 : m[i]);
	buf[i] = '\0';
}

json_t *routes_openapi(void)
{
	json_t *doc, *paths = json_object();
	char m[16];

	const route *r;

	for (size_t i = 0; (r = route_at(i)); i++) {
		json_t *item = json_object_get(paths, r->pattern);

		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		lower_method(r->method, m, sizeof m);
		json_object_set_new(item, m, operation(r));
	}
	doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s, s:s}, "
		"s:{s:s, s:s, s:s}}}, s:[{s:[]}, {s:[]}]}",
		"openapi", "3.0.3", "info", "title", "mais HTTP API", "version",
		"0.1.0", "description",
		"Mine Action Information System (docs/http-api.md). Errors are "
		"{error: {status, code, message, field}}.",
		"paths", paths, "components", "securitySchemes", "cookie",
		"type", "apiKey", "in", "cookie", "name", HTTP_SESSION_COOKIE,
		"bearer", "type", "http", "scheme", "bearer", "description",
		"a token of POST /api/tokens", "security", "cookie", "bearer");
	return doc;
}

int api_openapi(http_req *req, http_resp *resp)
{
	(void)req;
	return http_json(resp, 200, routes_openapi());
}

/* --- The reference for people ---------------------------------------- */

static const char *auth_words(route_auth a)
{
	return a == ROUTE_PUBLIC ? "anyone"
	       : a == ROUTE_USER ? "a logged-in user"
				 : "a logged-in user, even before the "
				   "one-time password is changed";
}

static void markdown_route(FILE *out, const route *r)
{
	fprintf(out, "### %s `%s`\n\n%s.  Who: %s.\n\n", r->method,
		r->pattern, r->summary, auth_words(r->auth));
	if (r->path_docs)
		fprintf(out, "Path: %s.\n\n", r->path_docs);
	for (const route_param *q = r->query; q && q->name; q++)
		fprintf(out, "%s `%s` (%s): %s\n", q == r->query ? "Query:\n\n-"
								 : "-",
			q->name, q->type, q->doc);
	if (r->query && r->query->name)
		fputc('\n', out);
	if (r->request)
		fprintf(out, "Body: %s\n\n", r->request);
	for (const route_response *p = r->responses; p && p->status; p++)
		fprintf(out, "- %d: %s\n", p->status, p->doc);
	fputc('\n', out);
}

void routes_markdown(FILE *out)
{
	fputs("# mais HTTP API reference\n\n"
	      "Generated from the route table (src/server/routes.c) by "
	      "`mais api-reference`; do not edit.  The contract and its "
	      "conventions (errors, sessions, records) are in "
	      "docs/http-api.md; the same table gives /api/openapi.json.\n\n",
	      out);
	const route *r;

	for (size_t i = 0; (r = route_at(i)); i++)
		markdown_route(out, r);
}

int mais_server_api_reference(FILE *fp, int openapi)
{
	json_t *doc;
	int rc;

	if (!openapi) {
		routes_markdown(fp);
		return ferror(fp) ? mais_error_set(MAIS_EIO, "cannot write")
				  : 0;
	}
	if (!(doc = routes_openapi()))
		return mais_error_nomem();
	rc = json_dumpf(doc, fp, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(doc);
	if (rc < 0 || fputc('\n', fp) == EOF)
		return mais_error_set(MAIS_EIO, "cannot write");
	return 0;
}
