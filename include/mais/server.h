/*
 * server.h — the HTTP server of mais (`mais serve`): the API of
 * docs/http-api.md under /api/ and the web UI's static files under /, on
 * libmicrohttpd with a pool of worker threads, each with its own
 * database connection (SQLite's busy timeout orders the writers).
 *
 * Ownership: mais_server_start() gives a server the caller stops and
 * frees with mais_server_stop() (NULL accepted).  The options' strings
 * are copied.
 *
 * Errors: MAIS_EINVAL (a bad listen address), MAIS_EIO (cannot read the
 * TLS files, cannot listen), MAIS_EUNSUPPORTED (no TLS in this
 * libmicrohttpd), and the store's errors opening the database.
 */
#ifndef MAIS_SERVER_H
#define MAIS_SERVER_H

#include <stdio.h>

typedef struct mais_server_opts {
	const char *db;	      /* store URI or GeoPackage path */
	const char *listen;   /* "ADDR:PORT" ("[::1]:8080" for IPv6);
				 port 0 picks a free one */
	const char *tls_cert; /* PEM files, both or neither */
	const char *tls_key;
	const char *web_dir; /* the static files of the web UI */
	int behind_proxy;    /* a reverse proxy on this machine forwards
				every request: take the client's address
				from X-Forwarded-For and HTTPS from
				X-Forwarded-Proto (docs/deploy.md) */
} mais_server_opts;

typedef struct mais_server mais_server;

/* Opens the database once (to report a bad one now rather than at the
 * first request) and starts serving in the background. */
int mais_server_start(mais_server **out, const mais_server_opts *opts);

/* The URL served: "http://127.0.0.1:8080/" (the real port when 0 was
 * asked).  Borrowed from the server. */
const char *mais_server_url(const mais_server *s);

/* Stops serving (waits for the requests in progress) and frees s. */
void mais_server_stop(mais_server *s);

/* Writes the reference of every route (the one route table) to fp: as
 * Markdown (docs/api-reference.md), or with openapi set as the OpenAPI 3
 * document /api/openapi.json serves, indented.  MAIS_ENOMEM, MAIS_EIO. */
int mais_server_api_reference(FILE *fp, int openapi);

#endif
