/*
 * server.c — the libmicrohttpd daemon of `mais serve`: accepting a
 * request, reading its body under the limits of limits.h, logging the
 * user in from the session cookie or bearer token, dispatching through
 * the route table, and writing the response with the security headers.
 *
 * libmicrohttpd calls the access handler several times per request:
 * once when the headers are in (we match the route, authenticate and
 * check the Content-Length, so that a refused upload is never written
 * anywhere), once per chunk of body, and once at the end (we answer).
 * A body over its limit is read and thrown away, then answered with 413,
 * so that an ordinary client sees the answer; one that announces more
 * than twice the upload limit is answered at once and the connection
 * closed.  Nothing a client sends can crash the server: every buffer has
 * a cap, JSON nesting is counted before jansson parses it, and every
 * failure is an answer in the one error shape.
 *
 * Each worker thread opens its own store on its first request and keeps
 * it until the thread ends (a thread-specific key closes it).
 */
#include "mais/server.h"
#include "server/http.h"
#include "server/routes.h"
#include "service/today.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PEM (1024 * 1024)
/* a body announced over this is answered at once, not drained */
#define DRAIN_LIMIT ((uint64_t)MAIS_MAX_UPLOAD * 2)

struct mais_server {
	struct MHD_Daemon *daemon;
	char *db;
	char *web_dir; /* real path, or NULL when it does not exist */
	char *cert, *key;
	int tls;
	int behind_proxy;
	char url[128];
};

/* One request in progress: made by the URI logger, freed when done. */
typedef struct request {
	mais_server *srv;
	char *raw_uri;
	int started;
	int is_static;
	http_req req;
	http_resp early; /* an answer decided before the body */
	int has_early;
	int too_large;
	uint64_t limit, received;
	struct MHD_PostProcessor *pp;
	FILE *upload_fp;
	size_t field_bytes;
	size_t cap; /* of req.body */
} request;

/* --- The store of each worker thread --------------------------------- */

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;
static _Thread_local mais_store *thread_store_ptr;

static void store_destroy(void *p)
{
	mais_store_close(p);
}

static void store_key_create(void)
{
	pthread_key_create(&store_key, store_destroy);
}

static mais_store *thread_store(const char *uri)
{
	if (thread_store_ptr)
		return thread_store_ptr;
	pthread_once(&store_once, store_key_create);
	if (mais_store_open(&thread_store_ptr, uri, 0, NULL) < 0) {
		fprintf(stderr, "mais serve: %s\n", mais_error_last());
		return NULL;
	}
	pthread_setspecific(store_key, thread_store_ptr);
	return thread_store_ptr;
}

/* --- Early answers ---------------------------------------------------- */

static void early_error(request *rq, unsigned status, const char *code,
			const char *message)
{
	if (rq->has_early)
		return;
	http_error(&rq->early, status, code, NULL, "%s", message);
	rq->has_early = 1;
}

static int is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	       strcmp(method, "OPTIONS");
}

/* The token of the session cookie or of "Authorization: Bearer". */
static const char *find_token(http_req *req, int *bearer)
{
	const char *auth = http_header(req, MHD_HTTP_HEADER_AUTHORIZATION);

	*bearer = 0;
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		*bearer = 1;
		return auth + 7;
	}
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
					   HTTP_SESSION_COOKIE);
}

static int is_token(const char *t)
{
	size_t n = 0;

	for (; t[n]; n++)
		if (!((t[n] >= '0' && t[n] <= '9') ||
		      (t[n] >= 'a' && t[n] <= 'f')))
			return 0;
	return n == 64;
}

/* Logs the user in from the request; an early answer when refused. */
static void authenticate(request *rq)
{
	http_req *req = &rq->req;
	const struct route *r = req->route;
	int bearer, rc;
	const char *token = find_token(req, &bearer);

	if (!token || !is_token(token)) {
		early_error(rq, 401, "not_logged_in", "log in first");
		return;
	}
	rc = mais_auth_session(req->store, token, bearer, &req->user);
	if (rc == MAIS_ENOTFOUND) {
		early_error(rq, 401, "not_logged_in",
			    "the session has ended: log in again");
		return;
	}
	if (rc < 0) {
		fprintf(stderr, "mais serve: %s\n", mais_error_last());
		early_error(rq, 500, "internal", "cannot read the session");
		return;
	}
	req->has_user = 1;
	snprintf(req->token, sizeof req->token, "%s", token);
	snprintf(req->user.address, sizeof req->user.address, "%s",
		 req->address);
	req->actor.user = req->user.username;
	if (is_write(req->method) &&
	    !mais_auth_csrf_ok(&req->user, http_header(req, "X-CSRF-Token")))
		early_error(rq, 403, "csrf",
			    "the X-CSRF-Token header is missing or wrong");
	else if (req->user.p.must_change_password && r->auth != ROUTE_USER_ANY)
		early_error(rq, 403, "must_change_password",
			    "change your password first (POST /api/password)");
}

/* --- Uploads ---------------------------------------------------------- */

/* The client's file name reduced to [A-Za-z0-9._-], never starting with
 * a dot, keeping the extension GDAL goes by. */
static void safe_name(const char *name, char *out, size_t len)
{
	const char *base = name ? strrchr(name, '/') : NULL;
	size_t o = 0;

	base = base ? base + 1 : name;
	if (base && strrchr(base, '\\'))
		base = strrchr(base, '\\') + 1;
	for (; base && *base && o + 1 < len; base++) {
		char c = *base;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && o > 0))
			out[o++] = c;
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, len, "upload.bin");
}

static int open_upload(request *rq, const char *filename)
{
	http_upload *up = &rq->req.upload;
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(up->dir, sizeof up->dir, "%s/mais-upload-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(up->dir)) {
		up->dir[0] = '\0';
		return -1;
	}
	safe_name(filename, up->filename, sizeof up->filename);
	snprintf(up->path, sizeof up->path, "%s/%s", up->dir, up->filename);
	fd = open(up->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	rq->upload_fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!rq->upload_fp) {
		if (fd >= 0)
			close(fd);
		up->path[0] = '\0';
		return -1;
	}
	return 0;
}

static void add_field(request *rq, const char *key, const char *data,
		      size_t size)
{
	json_t *fields = rq->req.upload.fields;
	const char *old = json_string_value(json_object_get(fields, key));
	size_t oldlen = old ? strlen(old) : 0;
	char *joined;

	rq->field_bytes += size + strlen(key);
	if (rq->field_bytes > MAIS_MAX_UPLOAD_FIELDS) {
		rq->too_large = 1;
		return;
	}
	joined = malloc(oldlen + size + 1);
	if (!joined)
		return;
	memcpy(joined, old ? old : "", oldlen);
	memcpy(joined + oldlen, data, size);
	joined[oldlen + size] = '\0';
	json_object_set_new(fields, key, json_stringn(joined, oldlen + size));
	free(joined);
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *filename,
			       const char *content_type,
			       const char *transfer_encoding, const char *data,
			       uint64_t off, size_t size)
{
	request *rq = cls;
	http_upload *up = &rq->req.upload;

	(void)kind, (void)content_type, (void)transfer_encoding;
	if (!key || rq->too_large || rq->has_early)
		return MHD_YES;
	/* a part comes in chunks; off 0 starts a part.  A part named twice
	 * is refused rather than joined to the first. */
	if (off == 0 && size > 0 &&
	    (strcmp(key, "file") ? json_object_get(up->fields, key) != NULL
				 : up->size > 0)) {
		early_error(rq, 400, "bad_request",
			    "a form part is given twice: one file and one "
			    "value of each field per upload");
		return MHD_YES;
	}
	if (strcmp(key, "file") != 0) {
		add_field(rq, key, data, size);
		return MHD_YES;
	}
	if (!rq->upload_fp && open_upload(rq, filename) < 0) {
		early_error(rq, 500, "internal", "cannot store the upload");
		return MHD_YES;
	}
	if (up->size + size > MAIS_MAX_UPLOAD) {
		rq->too_large = 1;
		return MHD_YES;
	}
	if (size && fwrite(data, 1, size, rq->upload_fp) != size)
		early_error(rq, 500, "internal", "cannot store the upload");
	up->size += size;
	return MHD_YES;
}

static void start_upload(request *rq)
{
	rq->req.upload.fields = json_object();
	rq->pp =
		MHD_create_post_processor(rq->req.conn, 64 * 1024, on_part, rq);
	if (!rq->pp)
		early_error(rq, 400, "bad_request",
			    "send the file as multipart/form-data");
}

/* --- The first call: headers in --------------------------------------- */

static void client_address(http_req *req)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(req->address, sizeof req->address, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  req->address, sizeof req->address);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr,
			  req->address, sizeof req->address);
}

/* Behind a reverse proxy (and only then: a client could send these
 * headers itself) the client is the last address the proxy added to
 * X-Forwarded-For, and the request came over HTTPS when the proxy says
 * so.  Without this every user would share the proxy's address, and its
 * login limit. */
static void proxied(http_req *req)
{
	const char *xff = MHD_lookup_connection_value(
		req->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	const char *proto = MHD_lookup_connection_value(
		req->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
	const char *last;
	unsigned char buf[sizeof(struct in6_addr)];

	if (xff) {
		last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (strlen(last) < sizeof req->address &&
		    (inet_pton(AF_INET, last, buf) == 1 ||
		     inet_pton(AF_INET6, last, buf) == 1))
			snprintf(req->address, sizeof req->address, "%s", last);
	}
	if (proto && !strcmp(proto, "https"))
		req->tls = 1;
}

/* 1 if the raw URI holds an encoded NUL or control character. */
static int bad_uri(const char *raw)
{
	for (const char *p = raw; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 1;
		if (p[0] == '%' && p[1] && p[2] &&
		    (p[1] == '0' || p[1] == '1') &&
		    strchr("0123456789abcdefABCDEF", p[2]))
			return 1;
	}
	return 0;
}

static void route_request(request *rq)
{
	http_req *req = &rq->req;
	char allow[64];
	const struct route *r;
	route_match m;

	if (strncmp(req->path, "/api/", 5) != 0 && strcmp(req->path, "/api")) {
		if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
			http_add_header(&rq->early, "Allow", "GET, HEAD");
			early_error(rq, 405, "method_not_allowed",
				    "static files are read with GET");
		}
		rq->is_static = 1;
		return;
	}
	m = routes_find(req->method, req->path, req, &r, allow, sizeof allow);
	req->route = r;
	if (m == MATCH_NO_ROUTE) {
		early_error(rq, 404, "no_route", "no such API route");
	} else if (m == MATCH_BAD_METHOD) {
		http_add_header(&rq->early, "Allow", allow);
		early_error(rq, 405, "method_not_allowed",
			    "this route does not take this method");
	}
}

static uint64_t content_length(http_req *req)
{
	const char *cl = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (!cl)
		return 0;
	n = strtoull(cl, &end, 10);
	return *end ? 0 : (uint64_t)n;
}

/* Returns 1 when the answer must go now (a body far too large). */
static int start(request *rq, struct MHD_Connection *conn, const char *url,
		 const char *method)
{
	http_req *req = &rq->req;
	uint64_t announced;

	req->conn = conn;
	req->method = method;
	req->path = url;
	req->tls = rq->srv->tls;
	req->web_dir = rq->srv->web_dir;
	client_address(req);
	if (rq->srv->behind_proxy)
		proxied(req);
	req->actor.user = "anonymous";
	req->actor.address = req->address;
	req->store = thread_store(rq->srv->db);
	if (!req->store)
		early_error(rq, 500, "internal", "cannot open the database");
	else if (bad_uri(rq->raw_uri ? rq->raw_uri : ""))
		early_error(rq, 400, "bad_request",
			    "the URL holds a control character");
	else
		route_request(rq);
	rq->limit = req->route && req->route->body == BODY_UPLOAD
			    ? MAIS_MAX_UPLOAD + MAIS_MAX_UPLOAD_FIELDS
			    : MAIS_MAX_REQUEST_BODY;
	announced = content_length(req);
	if (announced > rq->limit)
		rq->too_large = 1;
	if (!rq->has_early && req->route && req->route->auth != ROUTE_PUBLIC)
		authenticate(rq);
	if (!rq->has_early && req->route && req->route->body == BODY_UPLOAD &&
	    !rq->too_large) {
		if (!mais_policy_can(&req->user.p, MAIS_ACT_IMPORT,
				   NULL, NULL))
			early_error(rq, 403, "forbidden",
				    "importing needs the data entry role");
		else
			start_upload(rq);
	}
	return announced > DRAIN_LIMIT;
}

/* --- Body chunks -------------------------------------------------------- */

static int append_body(request *rq, const char *data, size_t size)
{
	http_req *req = &rq->req;

	if (req->body_len + size + 1 > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 4096;
		char *p;

		while (cap < req->body_len + size + 1)
			cap *= 2;
		p = realloc(req->body, cap);
		if (!p)
			return -1;
		req->body = p;
		rq->cap = cap;
	}
	memcpy(req->body + req->body_len, data, size);
	req->body_len += size;
	req->body[req->body_len] = '\0';
	return 0;
}

/* MHD_NO closes the connection: only for a client sending far too much. */
static enum MHD_Result take_chunk(request *rq, const char *data, size_t size)
{
	const struct route *r = rq->req.route;

	rq->received += size;
	if (rq->received > rq->limit)
		rq->too_large = 1;
	if (rq->too_large || rq->has_early || !r || r->body == BODY_NONE)
		return rq->received > DRAIN_LIMIT ? MHD_NO : MHD_YES;
	if (r->body == BODY_UPLOAD) {
		if (MHD_post_process(rq->pp, data, size) != MHD_YES)
			early_error(rq, 400, "bad_request",
				    "malformed multipart/form-data");
		return MHD_YES;
	}
	if (append_body(rq, data, size) < 0)
		early_error(rq, 500, "internal", "out of memory");
	return MHD_YES;
}

/* --- The last call: answer ---------------------------------------------- */

/* Deepest nesting of arrays and objects in JSON text (strings skipped),
 * stopping as soon as it passes max. */
static int json_depth(const char *s, size_t len, int max)
{
	int depth = 0, deepest = 0, in_string = 0;

	for (size_t i = 0; i < len && deepest <= max; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return deepest;
}

/* Parses the body of a JSON route into req->json; 0, or an answer. */
static int parse_json(request *rq, http_resp *resp)
{
	http_req *req = &rq->req;
	json_error_t err;

	if (req->body_len == 0) {
		if (req->route->body == BODY_JSON_OPTIONAL)
			return 0;
		return http_error(resp, 400, "bad_json", NULL,
				  "a JSON object is expected"),
		       -1;
	}
	if (json_depth(req->body, req->body_len, MAIS_MAX_JSON_DEPTH) >
	    MAIS_MAX_JSON_DEPTH)
		return http_error(resp, 400, "too_deep", NULL,
				  "JSON nested deeper than %d levels",
				  MAIS_MAX_JSON_DEPTH),
		       -1;
	req->json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES,
			       &err);
	if (!req->json)
		return http_error(resp, 400, "bad_json", NULL,
				  "malformed JSON at line %d column %d: %s",
				  err.line, err.column, err.text),
		       -1;
	if (!json_is_object(req->json))
		return http_error(resp, 400, "bad_json", NULL,
				  "a JSON object is expected"),
		       -1;
	return 0;
}

static void finish_upload(request *rq, http_resp *resp)
{
	if (rq->pp) {
		MHD_destroy_post_processor(rq->pp);
		rq->pp = NULL;
	}
	if (rq->upload_fp) {
		if (fclose(rq->upload_fp) != 0)
			http_error(resp, 500, "internal", NULL,
				   "cannot store the upload");
		rq->upload_fp = NULL;
	}
}

static void handle(request *rq, http_resp *resp)
{
	http_req *req = &rq->req;

	if (rq->too_large) {
		int upload = req->route && req->route->body == BODY_UPLOAD;

		http_error(resp, 413, "too_large", NULL,
			   "the %s is larger than %d bytes",
			   upload ? "upload" : "body",
			   upload ? MAIS_MAX_UPLOAD : MAIS_MAX_REQUEST_BODY);
		return;
	}
	if (rq->has_early) {
		*resp = rq->early;
		http_resp_init(&rq->early);
		return;
	}
	if (rq->is_static) {
		static_serve(req, resp, rq->raw_uri ? rq->raw_uri : "");
		return;
	}
	if (req->route->body == BODY_UPLOAD) {
		finish_upload(rq, resp);
		if (resp->status)
			return;
	} else if (req->route->body != BODY_NONE && parse_json(rq, resp)) {
		return;
	}
	mais_error_clear();
	req->route->fn(req, resp);
	if (!resp->status)
		http_error(resp, 500, "internal", NULL, "no answer");
}

static void add_security_headers(struct MHD_Response *r, const http_req *req)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; "
				"frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	if (strncmp(req->path ? req->path : "", "/api/", 5) == 0)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (req->tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000");
}

static enum MHD_Result send_response(struct MHD_Connection *conn,
				     const http_req *req, http_resp *resp)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	if (resp->fd >= 0) {
		r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
		if (r)
			resp->fd = -1; /* the response closes it */
	} else {
		r = MHD_create_response_from_buffer(
			resp->len, resp->body,
			resp->body ? MHD_RESPMEM_MUST_FREE
				   : MHD_RESPMEM_PERSISTENT);
		if (r)
			resp->body = NULL;
	}
	if (!r)
		return MHD_NO;
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					resp->content_type);
	for (size_t i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->header_names[i],
					resp->header_values[i]);
	add_security_headers(r, req);
	ok = MHD_queue_response(conn, resp->status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result answer(request *rq, struct MHD_Connection *conn)
{
	http_resp resp;
	enum MHD_Result ok;

	http_resp_init(&resp);
	handle(rq, &resp);
	if (resp.status >= 500)
		fprintf(stderr, "mais serve: %s %s: %u\n", rq->req.method,
			rq->req.path, resp.status);
	ok = send_response(conn, &rq->req, &resp);
	http_resp_clear(&resp);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	request *rq = *con_cls;

	(void)cls, (void)version;
	if (!rq)
		return MHD_NO;
	if (!rq->started) {
		rq->started = 1;
		if (start(rq, conn, url, method)) {
			rq->too_large = 1;
			return answer(rq, conn);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		enum MHD_Result ok = take_chunk(rq, upload_data, *upload_size);

		*upload_size = 0;
		return ok;
	}
	return answer(rq, conn);
}

/* --- Request life ------------------------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	request *rq = calloc(1, sizeof *rq);

	(void)conn;
	if (!rq)
		return NULL;
	rq->srv = cls;
	rq->raw_uri = strdup(uri ? uri : "");
	http_resp_init(&rq->early);
	return rq;
}

static void remove_upload(http_upload *up)
{
	if (up->path[0])
		unlink(up->path);
	if (up->dir[0])
		rmdir(up->dir);
	json_decref(up->fields);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	request *rq = *con_cls;

	(void)cls, (void)conn, (void)toe;
	if (!rq)
		return;
	if (rq->pp)
		MHD_destroy_post_processor(rq->pp);
	if (rq->upload_fp)
		fclose(rq->upload_fp);
	remove_upload(&rq->req.upload);
	for (size_t i = 0; i < rq->req.nparams; i++) {
		free(rq->req.param_names[i]);
		free(rq->req.param_values[i]);
	}
	json_decref(rq->req.json);
	free(rq->req.body);
	http_resp_clear(&rq->early);
	free(rq->raw_uri);
	free(rq);
	*con_cls = NULL;
}

/* --- The daemon ----------------------------------------------------------- */

static int read_pem(const char *path, char **out)
{
	FILE *fp = fopen(path, "rb");
	size_t n;

	*out = NULL;
	if (!fp)
		return mais_error_set(MAIS_EIO, "%s: cannot read", path);
	*out = calloc(1, MAX_PEM + 1);
	n = *out ? fread(*out, 1, MAX_PEM + 1, fp) : 0;
	fclose(fp);
	if (!*out || n == 0 || n > MAX_PEM) {
		free(*out);
		*out = NULL;
		return mais_error_set(MAIS_EIO,
				      "%s: empty, unreadable or "
				      "larger than 1 MiB",
				      path);
	}
	return 0;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss,
			socklen_t *len)
{
	char host[128], *colon;
	const char *port;
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
				 .ai_socktype = SOCK_STREAM},
			*ai = NULL;

	snprintf(host, sizeof host, "%s", listen);
	colon = strrchr(host, ':');
	if (!colon)
		return mais_error_set(MAIS_EINVAL, "--listen %s: ADDR:PORT",
				      listen);
	*colon = '\0';
	port = colon + 1;
	if (host[0] == '[' && colon > host + 1 && colon[-1] == ']') {
		colon[-1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	/* getaddrinfo takes 99999 for 34463: the port is checked here */
	if (!*port || strspn(port, "0123456789") != strlen(port) ||
	    strlen(port) > 5 || strtol(port, NULL, 10) > 65535 ||
	    getaddrinfo(host, port, &hints, &ai) != 0 || !ai)
		return mais_error_set(MAIS_EINVAL,
				      "--listen %s: a numeric address and "
				      "port (127.0.0.1:8080, [::1]:8080)",
				      listen);
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/* s->url from the address the socket fd is bound to (its port, when
 * --listen asked for port 0). */
static void set_url(mais_server *s, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN] = "127.0.0.1";
	unsigned port = 0;
	int v6;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		memset(&ss, 0, sizeof ss);
	v6 = ss.ss_family == AF_INET6;
	if (v6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
		port = ntohs(a->sin6_port);
	} else if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
		port = ntohs(a->sin_port);
	}
	snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u/",
		 s->tls ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "",
		 port);
}

/* A socket listening on ss, made here rather than by libmicrohttpd so
 * that a failure names the address and the reason: the library, given an
 * address and no port number, would report a failure "to bind to port
 * 0".  *fd is the socket; MHD_stop_daemon closes it. */
static int listen_on(const struct sockaddr_storage *ss, socklen_t len,
		     const char *listen_arg, int *fd)
{
	int one = 1, e;

	*fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*fd < 0)
		return mais_error_set(MAIS_EIO, "cannot listen on %s: %s",
				      listen_arg, strerror(errno));
	setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ss->ss_family == AF_INET6)
		setsockopt(*fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(*fd, (const struct sockaddr *)ss, len) == 0 &&
	    listen(*fd, SOMAXCONN) == 0 &&
	    fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) | O_NONBLOCK) == 0)
		return 0;
	e = errno;
	close(*fd);
	*fd = -1;
	return mais_error_set(
		MAIS_EIO, "cannot listen on %s: %s%s", listen_arg, strerror(e),
		e == EADDRINUSE ? " (another mais serve or another "
				  "program has it: stop it, or give "
				  "another port with --listen)"
				: "");
}

static int start_daemon(mais_server *s, const struct sockaddr_storage *ss,
			socklen_t len, const char *listen_arg)
{
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	int fd, rc = listen_on(ss, len, listen_arg, &fd);

	if (rc < 0)
		return rc;
	if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->tls)
		flags |= MHD_USE_TLS;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET,
		(MHD_socket)fd, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)MAIS_SERVER_THREADS, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)MAIS_SERVER_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)MAIS_SERVER_CONNECTIONS_PER_IP,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)MAIS_SERVER_TIMEOUT_S,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
		s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->cert,
		MHD_OPTION_HTTPS_MEM_KEY, s->key, MHD_OPTION_END);
	if (!s->daemon) {
		close(fd);
		return mais_error_set(MAIS_EIO,
				      "cannot serve on %s (a bad TLS "
				      "certificate or key?)",
				      listen_arg);
	}
	set_url(s, fd);
	return 0;
}

/* The database opens, and the programme's time zone is set in the
 * process before the worker threads start (service/today.h). */
static int check_db(const char *db)
{
	mais_store *st;
	int rc = mais_store_open(&st, db, 0, NULL);

	if (rc == 0)
		rc = svc_today_prepare(st);
	mais_store_close(st);
	return rc;
}

static int setup(mais_server *s, const mais_server_opts *o)
{
	int rc;

	s->db = strdup(o->db);
	if (!s->db)
		return mais_error_nomem();
	if (o->web_dir)
		s->web_dir = realpath(o->web_dir, NULL);
	if (o->web_dir && !s->web_dir)
		fprintf(stderr,
			"mais serve: %s: no web directory; serving "
			"the API only\n",
			o->web_dir);
	if (!o->tls_cert != !o->tls_key)
		return mais_error_set(MAIS_EINVAL,
				      "give both --tls-cert and --tls-key");
	s->tls = o->tls_cert != NULL;
	s->behind_proxy = o->behind_proxy;
	if (s->tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "this libmicrohttpd has no TLS");
	if (s->tls && ((rc = read_pem(o->tls_cert, &s->cert)) < 0 ||
		       (rc = read_pem(o->tls_key, &s->key)) < 0))
		return rc;
	return check_db(o->db);
}

static void server_free(mais_server *s)
{
	if (!s)
		return;
	free(s->db);
	free(s->web_dir);
	if (s->key)
		memset(s->key, 0, strlen(s->key));
	free(s->key);
	free(s->cert);
	free(s);
}

int mais_server_start(mais_server **out, const mais_server_opts *o)
{
	const char *listen_arg = o->listen ? o->listen : "127.0.0.1:8080";
	struct sockaddr_storage ss;
	socklen_t len = 0;
	mais_server *s;
	int rc;

	*out = NULL;
	rc = parse_listen(listen_arg, &ss, &len);
	if (rc < 0)
		return rc;
	s = calloc(1, sizeof *s);
	if (!s)
		return mais_error_nomem();
	rc = setup(s, o);
	if (rc == 0)
		rc = start_daemon(s, &ss, len, listen_arg);
	if (rc < 0) {
		server_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

const char *mais_server_url(const mais_server *s)
{
	return s->url;
}

void mais_server_stop(mais_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	server_free(s);
}
