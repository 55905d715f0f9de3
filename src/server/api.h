/*
 * api.h — what the handlers of the API share (internal to src/server):
 * finding the entity and record of a path, the organisation scope of a
 * user, parsing the list filters, and the JSON of users and records.
 *
 * Visibility: a record outside the user's organisation scope answers 404
 * "not_found", exactly like a record that does not exist, for every
 * method.  A 403 would tell an operator that a UUID belongs to another
 * organisation's record; 404 tells nothing.  A record the user sees but
 * may not change (a viewer, a verifier asked to submit) answers 403.
 *
 * Ownership: returned json_t are new references; *out records are the
 * caller's (mais_record_free).
 */
#ifndef MAIS_SERVER_API_H
#define MAIS_SERVER_API_H

#include "mais/error.h"
#include "mais/limits.h"
#include "mais/policy.h"
#include "mais/record.h"
#include "mais/report.h"
#include "mais/store.h"
#include "mais/users.h"
#include "mais/vocab.h"
#include "server/http.h"
#include "server/routes.h"

/* The organisations a user sees records of (own and teams). */
typedef struct api_scope {
	int all; /* authority, system administrator or shared data */
	const char *orgs[MAIS_MAX_ORG_TEAMS + 1];
	size_t norgs;
} api_scope;

/* The entity of path parameter {entity}; NULL after a 404 answer. */
const mais_entity *api_entity(http_req *req, http_resp *resp);

/* The record of {entity}/{uuid} that the user may read; 0, or an answer
 * already given (404, 500) and -1. */
int api_load(http_req *req, http_resp *resp, mais_record **out);

/* The same for a route of one entity e (/api/records/hazard/{uuid}/...). */
int api_load_of(http_req *req, http_resp *resp, const mais_entity *e,
		mais_record **out);

/* The organisation that owns r for the policy (mais_policy_can): its organisation_uuid,
 * or "" when it has none (the authority's record), never NULL. */
const char *api_owner(const mais_record *r);

/* The scope of req's user for reading entity. */
void api_scope_of(http_req *req, const char *entity, api_scope *sc);

/* The filters of a list or map query into q (strings borrowed from the
 * request); 0, or a 400 answer and -1.  max_limit and default limit. */
int api_parse_query(http_req *req, http_resp *resp, const mais_entity *e,
		    mais_store_query *q, int64_t default_limit,
		    int64_t max_limit);

/* 1 if the user sees the sensitive columns of e's records. */
int api_sees_sensitive(http_req *req, const mais_entity *e);

/* RECORD of docs/http-api.md; sensitive columns only when sensitive.
 * The flags of the record's current version are read from the store. */
json_t *api_record_json(http_req *req, const mais_record *r, int sensitive);

/* A column's value as JSON: numbers for INTEGER, MONEY, REAL and area
 * columns, strings for the rest, null when null. */
json_t *api_value_json(const mais_column *c, const char *v);

/* Audits a read of the sensitive columns of r if it has any set. */
void api_audit_sensitive(http_req *req, const mais_record *r);

/* USER of docs/http-api.md. */
json_t *api_user_json(const mais_user_info *u);
json_t *api_session_user_json(const mais_user *u);

/* A write context of the use-case layer (service/write.h) for req's
 * user: its store, its actor and its principal. */
struct svc_ctx;
void api_svc(http_req *req, struct svc_ctx *c);

/* 1 if s is a lower-case RFC 4122 UUID text. */
int api_is_uuid(const char *s);

#endif
