/*
 * api_session.c — logging in and out, the current user, passwords,
 * bearer tokens (auth.h) and user administration (the use-case layer's
 * service/users.h).  The handlers only translate: auth.c counts
 * failures and makes tokens, the use-case layer makes users, and the
 * policy decides who may do what.  Sessions travel in the HttpOnly cookie mais_session
 * (SameSite=Strict, Secure behind TLS); the CSRF token the login returns
 * must come back in X-CSRF-Token on every write (server.c checks it).
 */
#include "server/api.h"
#include "service/users.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SESSION_SECONDS (12L * 3600)

/* A string member of the request's JSON, or NULL. */
static const char *member(const http_req *req, const char *name)
{
	return json_string_value(json_object_get(req->json, name));
}

static int need_strings(http_resp *resp, const char *a, const char *an,
			const char *b, const char *bn)
{
	if (a && b)
		return 0;
	http_error(resp, 400, "bad_request", a ? bn : an,
		   "%s and %s are required strings", an, bn);
	return -1;
}

static void too_many(http_resp *resp)
{
	http_error(resp, 429, "rate_limited", NULL, "%s", mais_error_last());
	http_add_header(resp, "Retry-After", "60");
}

int api_login(http_req *req, http_resp *resp)
{
	const char *name = member(req, "username");
	const char *password = member(req, "password");
	char token[65];
	mais_user u;
	int rc;

	if (need_strings(resp, name, "username", password, "password"))
		return 0;
	rc = mais_auth_login(req->store, req->address, name, password, token,
			     &u);
	if (rc == MAIS_ELIMIT) {
		too_many(resp);
		return 0;
	}
	if (rc == MAIS_EINVAL || rc == MAIS_ENOTFOUND)
		return http_error(resp, 401, "bad_credentials", NULL,
				  "wrong user name or password");
	if (rc < 0)
		return http_error_rc(resp, rc);
	http_set_session_cookie(resp, req, token, SESSION_SECONDS);
	sodium_memzero(token, sizeof token);
	return http_json(resp, 200,
			 json_pack("{s:o, s:s, s:b}", "user",
				   api_session_user_json(&u), "csrf_token",
				   u.csrf_token, "must_change_password",
				   u.p.must_change_password));
}

int api_logout(http_req *req, http_resp *resp)
{
	int rc = mais_auth_logout(req->store, req->token);

	if (rc < 0 && rc != MAIS_ENOTFOUND)
		return http_error_rc(resp, rc);
	if (req->user.via_cookie)
		http_set_session_cookie(resp, req, "", 0);
	return http_no_content(resp);
}

int api_me(http_req *req, http_resp *resp)
{
	return http_json(resp, 200, api_session_user_json(&req->user));
}

/* PUT /api/me/settings: the user's own settings (the number format). */
int api_me_settings(http_req *req, http_resp *resp)
{
	const char *fmt = member(req, "number_format");
	mais_user_info u;
	int rc;

	if (!fmt)
		return http_error(resp, 400, "bad_request", "number_format",
				  "number_format is a required string: en, "
				  "az or ru");
	rc = svc_user_set_number_format(req->store, &req->user.p,
					req->user.uuid, &req->actor,
					req->user.uuid, fmt);
	if (rc == MAIS_EINVAL)
		return http_error(resp, 422, "invalid_value", "number_format",
				  "%s", mais_error_last());
	if (rc == 0)
		rc = mais_store_user_get(req->store, req->user.uuid, &u);
	if (rc < 0)
		return http_error_rc(resp, rc);
	snprintf(req->user.number_format, sizeof req->user.number_format, "%s",
		 u.number_format);
	return http_json(resp, 200, api_session_user_json(&req->user));
}

int api_password(http_req *req, http_resp *resp)
{
	const char *old = member(req, "old_password");
	const char *new = member(req, "new_password");
	int rc;

	if (need_strings(resp, old, "old_password", new, "new_password"))
		return 0;
	rc = mais_auth_change_password(req->store, &req->user, old, new);
	if (rc == MAIS_ELIMIT) {
		too_many(resp);
		return 0;
	}
	if (rc == MAIS_EINVAL)
		return http_error(resp, 422, "invalid_value", "new_password",
				  "%s", mais_error_last());
	return rc < 0 ? http_error_rc(resp, rc) : http_no_content(resp);
}

int api_tokens(http_req *req, http_resp *resp)
{
	char token[65];
	int rc = mais_auth_new_token(req->store, &req->user, token);

	if (rc < 0)
		return http_error_rc(resp, rc);
	rc = http_json(resp, 201, json_pack("{s:s}", "token", token));
	sodium_memzero(token, sizeof token);
	return rc;
}

/* --- Users ------------------------------------------------------------- */

static int may_admin(http_req *req, http_resp *resp)
{
	if (mais_policy_can(&req->user.p, MAIS_ACT_ADMIN_USERS, NULL, NULL))
		return 1;
	http_error(resp, 403, "forbidden", NULL,
		   "user administration needs the im_admin or sys_admin "
		   "role, for one's own organisation");
	return 0;
}

typedef struct user_list {
	http_req *req;
	json_t *items;
} user_list;

static int add_user(const mais_user_info *u, void *ctx)
{
	user_list *l = ctx;

	if (mais_policy_can(&l->req->user.p, MAIS_ACT_ADMIN_USERS,
			  NULL, u->organisation_uuid))
		json_array_append_new(l->items, api_user_json(u));
	return 0;
}

int api_users_list(http_req *req, http_resp *resp)
{
	user_list l = {req, json_array()};
	int rc;

	if (!may_admin(req, resp)) {
		json_decref(l.items);
		return 0;
	}
	rc = mais_store_user_foreach(req->store, add_user, &l);
	if (rc < 0) {
		json_decref(l.items);
		return http_error_rc(resp, rc);
	}
	return http_json(resp, 200, json_pack("{s:o}", "items", l.items));
}

/* Roles from ["viewer", ...] or "viewer,data_entry", plus the
 * victim_assistance flag. */
static int parse_roles(const json_t *body, unsigned *roles)
{
	const json_t *r = json_object_get(body, "roles");
	char list[512] = "";
	size_t used = 0, i;
	json_t *v;

	if (json_is_string(r))
		snprintf(list, sizeof list, "%s", json_string_value(r));
	else if (!json_is_array(r))
		return mais_error_set(MAIS_EINVAL,
				      "user.p.roles: a list of role codes");
	for (i = 0; json_is_array(r) && i < json_array_size(r); i++) {
		v = json_array_get(r, i);
		if (!json_is_string(v) || used >= sizeof list)
			return mais_error_set(
				MAIS_EINVAL,
				"user.p.roles: a list of role codes");
		used += (size_t)snprintf(list + used, sizeof list - used,
					 "%s%s", used ? "," : "",
					 json_string_value(v));
	}
	if (mais_roles_parse(list, roles) < 0)
		return MAIS_EINVAL;
	if (json_is_true(json_object_get(body, "victim_assistance")))
		*roles |= MAIS_ROLE_VICTIM_ASSISTANCE;
	return 0;
}

static int created_user(http_req *req, http_resp *resp, const char *name,
			const char *password)
{
	mais_user_info u;
	int rc = mais_store_user_find(req->store, name, &u);

	if (rc < 0)
		return http_error_rc(resp, rc);
	return http_json(resp, 201,
			 json_pack("{s:o, s:s}", "user", api_user_json(&u),
				   "one_time_password", password));
}

int api_users_create(http_req *req, http_resp *resp)
{
	const char *name = member(req, "username");
	const char *display = member(req, "display_name");
	const char *org = member(req, "organisation_uuid");
	svc_user_new nu = {name, display, NULL, 0};
	char password[33];
	int rc;

	if (!org || !*org)
		org = mais_policy_default_org(&req->user.p);
	nu.organisation_uuid = org;
	if (!may_admin(req, resp))
		return 0;
	if (!name)
		return http_error(resp, 400, "bad_request", "username",
				  "username is a required string");
	if (parse_roles(req->json, &nu.roles) < 0)
		return http_error(resp, 422, "invalid_value", "roles", "%s",
				  mais_error_last());
	rc = svc_user_add(req->store, &req->user.p, &req->actor, &nu,
			  password);
	if (rc == MAIS_EEXISTS)
		return http_error(resp, 409, "exists", "username", "%s",
				  mais_error_last());
	if (rc < 0)
		return http_error_rc(resp, rc);
	rc = created_user(req, resp, name, password);
	sodium_memzero(password, sizeof password);
	return rc;
}
