/*
 * http.h — one request and its response, as the handlers of the server
 * see them (internal to src/server).  server.c reads the request from
 * libmicrohttpd into an http_req and turns the http_resp a handler fills
 * into a response with the security headers; the handlers never touch
 * libmicrohttpd's response API.
 *
 * Errors have the one shape of docs/http-api.md:
 *   {"error": {"status": 422, "code": "invalid_value", "message": "...",
 *              "field": "hazard_class"}}
 *
 * Ownership: an http_resp owns its body, headers and file descriptor
 * (freed by http_resp_clear).  The helpers that take a json_t steal the
 * reference.  Strings returned by the http_req getters are borrowed from
 * the request and live as long as it does.
 */
#ifndef MAIS_SERVER_HTTP_H
#define MAIS_SERVER_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "mais/store.h"
#include "server/auth.h"

#define HTTP_MAX_PARAMS	    4 /* {params} in one route pattern */
#define HTTP_MAX_HEADERS    6 /* extra response headers */
#define HTTP_SESSION_COOKIE "mais_session"

struct MHD_Connection;
struct route;

/* A file uploaded with multipart/form-data (POST /api/import). */
typedef struct http_upload {
	char dir[64];	   /* private temporary directory ("" none) */
	char path[256];	   /* the file inside it ("" none) */
	char filename[96]; /* the client's name, made safe */
	size_t size;
	json_t *fields; /* the other form fields: {name: "text"} */
} http_upload;

typedef struct http_req {
	struct MHD_Connection *conn;
	const struct route *route;
	const char *method;
	const char *path; /* decoded by libmicrohttpd */
	char *param_names[HTTP_MAX_PARAMS];
	char *param_values[HTTP_MAX_PARAMS];
	size_t nparams;
	char *body; /* the body as received (NUL-ended) */
	size_t body_len;
	json_t *json; /* the body parsed, when a route takes
			 JSON; NULL otherwise */
	http_upload upload;
	mais_store *store; /* the worker thread's own */
	int has_user;
	mais_user user;
	char token[65];	     /* the session's or bearer token */
	char address[64];    /* the client's IP address */
	mais_actor actor;    /* user name (or "anonymous") and
				address, for the audit log */
	int tls;	     /* served over HTTPS */
	const char *web_dir; /* the real path of the web UI */
} http_req;

typedef struct http_resp {
	unsigned status;
	const char *content_type; /* static */
	char *body;		  /* malloc'd, or NULL */
	size_t len;
	int fd; /* a file to send instead, or -1 */
	uint64_t fd_size;
	size_t nheaders;
	char *header_names[HTTP_MAX_HEADERS];
	char *header_values[HTTP_MAX_HEADERS];
} http_resp;

void http_resp_init(http_resp *r);
void http_resp_clear(http_resp *r);

/* The value of path parameter name ({entity}), or NULL. */
const char *http_param(const http_req *req, const char *name);

/* A query parameter (decoded), or NULL. */
const char *http_query(const http_req *req, const char *name);

/* A request header, or NULL. */
const char *http_header(const http_req *req, const char *name);

/* Adds a response header (name and value copied); ignored past
 * HTTP_MAX_HEADERS. */
void http_add_header(http_resp *r, const char *name, const char *value);

/* A JSON answer with status (j stolen; NULL is a 500). Returns 0. */
int http_json(http_resp *r, unsigned status, json_t *j);

/* 204 No Content. Returns 0. */
int http_no_content(http_resp *r);

/* A body of the given type (copied). Returns 0. */
int http_text(http_resp *r, unsigned status, const char *content_type,
	      const char *body, size_t len);

/* An error in the contract's shape: field may be NULL.  Returns 0. */
int http_error(http_resp *r, unsigned status, const char *code,
	       const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The error of a failed library call (rc < 0, the thread's last error):
 * MAIS_EINVAL 422 invalid_value, MAIS_ENOTFOUND 404, MAIS_ECONFLICT 409,
 * MAIS_EGEOM 422, MAIS_ELIMIT 422 too_long, MAIS_EUNSUPPORTED 422,
 * MAIS_EFORBIDDEN 403 forbidden, MAIS_ESTATE 409 invalid_transition, else
 * 500 (the message is logged, not sent).  Returns 0. */
int http_error_rc(http_resp *r, int rc);

/* Sets the session cookie (HttpOnly; SameSite=Strict; Path=/; Secure
 * with TLS); value "" with max_age 0 clears it. */
void http_set_session_cookie(http_resp *r, const http_req *req,
			     const char *value, long max_age);

/* The field a library message names ("hazard.hazard_class: ..." gives
 * "hazard_class") into out, or "" when it names none. */
void http_message_field(const char *message, char *out, size_t outlen);

#endif
