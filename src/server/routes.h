/*
 * routes.h — THE route table of the HTTP API (internal to src/server):
 * method, path pattern with {params}, handler, who may call it, and its
 * documentation.  server.c dispatches through it, and /api/openapi.json
 * is generated from it, so the documentation cannot drift from the code.
 *
 * Ownership: routes are static.  routes_openapi() gives a new reference.
 */
#ifndef MAIS_SERVER_ROUTES_H
#define MAIS_SERVER_ROUTES_H

#include <jansson.h>
#include <stdio.h>
#include "server/http.h"

typedef int (*route_fn)(http_req *req, http_resp *resp);

/* Who may call a route. */
typedef enum route_auth {
	ROUTE_PUBLIC,  /* anyone */
	ROUTE_USER,    /* a logged-in user whose password is set */
	ROUTE_USER_ANY /* a logged-in user, even one who must change
			  the password (/api/password, /api/logout) */
} route_auth;

/* What a route reads from the body. */
typedef enum route_body {
	BODY_NONE,	    /* nothing (a body is read and ignored) */
	BODY_JSON,	    /* a JSON object, required */
	BODY_JSON_OPTIONAL, /* a JSON object, or nothing */
	BODY_UPLOAD	    /* multipart/form-data with a file */
} route_body;

/* A query parameter, for the documentation (and OpenAPI). */
typedef struct route_param {
	const char *name;
	const char *type; /* "string", "integer", "number", "boolean" */
	const char *doc;
} route_param;

/* A response, for the documentation. */
typedef struct route_response {
	int status;
	const char *doc;
} route_response;

typedef struct route {
	const char *method;
	const char *pattern; /* "/api/records/{entity}/{uuid}" */
	route_fn fn;
	route_auth auth;
	route_body body;
	const char *tag; /* OpenAPI group */
	const char *summary;
	const char *path_docs;		 /* "entity: ...; uuid: ..." */
	const route_param *query;	 /* ended by {NULL} or NULL */
	const char *request;		 /* the body, for people, or NULL */
	const route_response *responses; /* ended by {0} */
} route;

/* How a path matched. */
typedef enum route_match {
	MATCH_OK,
	MATCH_NO_ROUTE,	 /* 404: no route has this path */
	MATCH_BAD_METHOD /* 405: the path exists with other methods */
} route_match;

/*
 * Finds the route of method and path.  On MATCH_OK, *out is the route
 * and its parameters are set in req (names borrowed from the table,
 * values copied: decoded path segments of at most 128 bytes).  On
 * MATCH_BAD_METHOD, allow gets the methods of the path ("GET, PUT").
 */
route_match routes_find(const char *method, const char *path, http_req *req,
			const route **out, char *allow, size_t allowlen);

/* The OpenAPI 3.0.3 document of every route. */
json_t *routes_openapi(void);

/* The reference of every route as Markdown (docs/api-reference.md). */
void routes_markdown(FILE *out);

/* Handlers (api_*.c). */
int api_openapi(http_req *req, http_resp *resp);
int api_login(http_req *req, http_resp *resp);
int api_logout(http_req *req, http_resp *resp);
int api_me(http_req *req, http_resp *resp);
int api_password(http_req *req, http_resp *resp);
int api_tokens(http_req *req, http_resp *resp);
int api_users_list(http_req *req, http_resp *resp);
int api_users_create(http_req *req, http_resp *resp);
int api_schema(http_req *req, http_resp *resp);
int api_records_list(http_req *req, http_resp *resp);
int api_records_get(http_req *req, http_resp *resp);
int api_records_create(http_req *req, http_resp *resp);
int api_records_update(http_req *req, http_resp *resp);
int api_records_history(http_req *req, http_resp *resp);
int api_records_submit(http_req *req, http_resp *resp);
int api_records_verify(http_req *req, http_resp *resp);
int api_records_approve(http_req *req, http_resp *resp);
int api_records_reject(http_req *req, http_resp *resp);
int api_victim_erase(http_req *req, http_resp *resp);
int api_hazard_reopen(http_req *req, http_resp *resp);
int api_geojson(http_req *req, http_resp *resp);
int api_report(http_req *req, http_resp *resp);
/* The routes /api/reports/NAME, one a report of the report registry
 * (src/service/report.h), built once; *n of them.  Static. */
const route *api_report_routes(size_t *n);
int api_reports_index(http_req *req, http_resp *resp);
int api_hazard_accounting(http_req *req, http_resp *resp);
int api_import(http_req *req, http_resp *resp);
int api_profiles(http_req *req, http_resp *resp);

/* Static files of the web UI (static.c): any GET outside /api/. */
int static_serve(http_req *req, http_resp *resp, const char *raw_uri);

#endif
