/*
 * static.c — the files of the web UI (GET outside /api/).
 *
 * Path traversal is made impossible twice over.  First the request is
 * refused outright (400) if its raw or decoded path holds "..", an
 * encoded dot, slash or backslash, a backslash, a NUL or control
 * character, or a doubled slash: no legitimate link of the UI has them.
 * Then the file is resolved with realpath(), which follows every symbolic
 * link, and served only if the result lies inside the real web directory
 * and is a regular file.  "/" and directories serve their index.html.
 * The MIME type comes from a fixed table of extensions; anything else is
 * application/octet-stream (and nosniff is sent with every answer).
 */
#include "server/routes.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_STATIC_PATH 512

static const struct {
	const char *ext, *type;
} mime_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".geojson", "application/geo+json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".ico", "image/x-icon"},
	{".webp", "image/webp"},
	{".woff", "font/woff"},
	{".woff2", "font/woff2"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json"},
	{".webmanifest", "application/manifest+json"},
	{".pbf", "application/x-protobuf"},
};

static const char *mime_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof mime_types / sizeof *mime_types;
	     i++)
		if (strcasecmp(dot, mime_types[i].ext) == 0)
			return mime_types[i].type;
	return "application/octet-stream";
}

/* 1 if the path, raw or decoded, has anything a link of the UI never
 * has. */
static int suspicious(const char *path)
{
	static const char *bad[] = {"..",  "//",  "\\",	 "%2e", "%2E", "%2f",
				    "%2F", "%5c", "%5C", "%00", "%25"};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (strstr(path, bad[i]))
			return 1;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 1;
	return path[0] != '/';
}

static int not_found(http_resp *resp)
{
	return http_error(resp, 404, "not_found", NULL, "no such file");
}

/* Resolves dir + path (+ index.html for a directory) to a real path
 * inside dir, in out; 0 or -1. */
static int resolve(const char *dir, const char *path, char *out, size_t outlen)
{
	char joined[PATH_MAX + MAX_STATIC_PATH + 16], *real;
	size_t dlen = strlen(dir);
	struct stat st;

	snprintf(joined, sizeof joined, "%s%s", dir, path);
	if (stat(joined, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(joined, sizeof joined, "%s%s%sindex.html", dir, path,
			 path[strlen(path) - 1] == '/' ? "" : "/");
	real = realpath(joined, NULL);
	if (!real)
		return -1;
	if (strncmp(real, dir, dlen) != 0 || real[dlen] != '/' ||
	    strlen(real) >= outlen) {
		free(real);
		return -1;
	}
	snprintf(out, outlen, "%s", real);
	free(real);
	return 0;
}

int static_serve(http_req *req, http_resp *resp, const char *raw_uri)
{
	char raw_path[MAX_STATIC_PATH + 1], file[PATH_MAX];
	size_t n = strcspn(raw_uri, "?#");
	struct stat st;
	int fd;

	if (n > MAX_STATIC_PATH || strlen(req->path) > MAX_STATIC_PATH)
		return not_found(resp);
	snprintf(raw_path, sizeof raw_path, "%.*s", (int)n, raw_uri);
	if (suspicious(raw_path) || suspicious(req->path))
		return http_error(resp, 400, "bad_path", NULL,
				  "a path with '..', encoded characters or "
				  "control characters is refused");
	if (!req->web_dir ||
	    resolve(req->web_dir, req->path, file, sizeof file) < 0)
		return not_found(resp);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return not_found(resp);
	}
	resp->status = 200;
	resp->content_type = mime_type(file);
	resp->fd = fd;
	resp->fd_size = (uint64_t)st.st_size;
	http_add_header(resp, "Cache-Control", "no-cache");
	return 0;
}
