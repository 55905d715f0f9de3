/*
 * http.c — the response helpers of the handlers: JSON, the one error
 * shape, text and CSV bodies, cookies, and the mapping of libmais error
 * codes to HTTP statuses (see http.h).  A fault of ours (500) is logged
 * with its message on stderr and answered without it: a database
 * message can say more about the server than a client should read.
 */
#include "server/http.h"
#include "mais/error.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void http_resp_init(http_resp *r)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

void http_resp_clear(http_resp *r)
{
	free(r->body);
	if (r->fd >= 0)
		close(r->fd);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->header_names[i]);
		free(r->header_values[i]);
	}
	http_resp_init(r);
}

const char *http_param(const http_req *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (strcmp(req->param_names[i], name) == 0)
			return req->param_values[i];
	return NULL;
}

const char *http_query(const http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *http_header(const http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

void http_add_header(http_resp *r, const char *name, const char *value)
{
	if (r->nheaders >= HTTP_MAX_HEADERS)
		return;
	r->header_names[r->nheaders] = strdup(name);
	r->header_values[r->nheaders] = strdup(value);
	if (!r->header_names[r->nheaders] || !r->header_values[r->nheaders]) {
		free(r->header_names[r->nheaders]);
		free(r->header_values[r->nheaders]);
		return;
	}
	r->nheaders++;
}

/* Replaces the body (taking buf). */
static void set_body(http_resp *r, unsigned status, const char *type, char *buf,
		     size_t len)
{
	free(r->body);
	r->status = status;
	r->content_type = type;
	r->body = buf;
	r->len = len;
}

int http_json(http_resp *r, unsigned status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15))
		       : NULL;

	json_decref(j);
	if (!text) {
		set_body(r, 500, "application/json",
			 strdup("{\"error\":{\"status\":500,\"code\":"
				"\"internal\",\"message\":\"out of "
				"memory\"}}"),
			 0);
		r->len = r->body ? strlen(r->body) : 0;
		return 0;
	}
	set_body(r, status, "application/json", text, strlen(text));
	return 0;
}

int http_no_content(http_resp *r)
{
	set_body(r, 204, NULL, NULL, 0);
	return 0;
}

int http_text(http_resp *r, unsigned status, const char *content_type,
	      const char *body, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return http_error(r, 500, "internal", NULL, "out of memory");
	memcpy(copy, body, len);
	copy[len] = '\0';
	set_body(r, status, content_type, copy, len);
	return 0;
}

static json_t *error_json(unsigned status, const char *code, const char *field,
			  const char *message)
{
	json_t *e = json_pack("{s:i, s:s, s:s}", "status", (int)status, "code",
			      code, "message", message);

	if (e && field && *field)
		json_object_set_new(e, "field", json_string(field));
	return json_pack("{s:o}", "error", e);
}

int http_error(http_resp *r, unsigned status, const char *code,
	       const char *field, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	return http_json(r, status, error_json(status, code, field, message));
}

void http_message_field(const char *message, char *out, size_t outlen)
{
	const char *dot = strchr(message, '.'), *colon = strchr(message, ':');
	size_t n;

	out[0] = '\0';
	if (!dot || !colon || dot > colon)
		return;
	for (const char *c = message; c < dot; c++)
		if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
			return;
	n = (size_t)(colon - dot - 1);
	for (const char *c = dot + 1; c < colon; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_'))
			return;
	snprintf(out, outlen, "%.*s", (int)n, dot + 1);
}

int http_error_rc(http_resp *r, int rc)
{
	const char *msg = mais_error_last();
	char field[128];

	http_message_field(msg, field, sizeof field);
	switch (rc) {
	case MAIS_EINVAL:
		return http_error(r, 422, "invalid_value", field, "%s", msg);
	case MAIS_ENOTFOUND:
		return http_error(r, 404, "not_found", NULL, "%s", msg);
	case MAIS_ECONFLICT:
		return http_error(r, 409, "conflict", NULL, "%s", msg);
	case MAIS_EGEOM:
		return http_error(r, 422, "invalid_geometry", "geometry", "%s",
				  msg);
	case MAIS_ELIMIT:
		return http_error(r, 422, "too_long", field, "%s", msg);
	case MAIS_EUNSUPPORTED:
		return http_error(r, 422, "unsupported", field, "%s", msg);
	case MAIS_EFORBIDDEN:
		return http_error(r, 403, "forbidden", field, "%s", msg);
	case MAIS_ESTATE:
		return http_error(r, 409, "invalid_transition", field, "%s",
				  msg);
	default:
		fprintf(stderr, "mais serve: error %d: %s\n", rc, msg);
		return http_error(r, 500, "internal", NULL,
				  "the server failed; its log says why");
	}
}

void http_set_session_cookie(http_resp *r, const http_req *req,
			     const char *value, long max_age)
{
	char cookie[256];

	snprintf(cookie, sizeof cookie,
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
		 HTTP_SESSION_COOKIE, value, max_age,
		 req->tls ? "; Secure" : "");
	http_add_header(r, "Set-Cookie", cookie);
}
