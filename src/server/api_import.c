/*
 * api_import.c — POST /api/import: a file uploaded with
 * multipart/form-data (server.c has already written it, under the
 * upload limit, to a private temporary directory that is removed when
 * the request ends) imported with the engine of `mais import`.
 *
 * Form fields: file; kind (as --as) or profile (a name of profiles/,
 * letters, digits, '-' and '_' only: never a path); optional srs, layer,
 * encoding (as --encoding), accept_ballpark ("1" or "true": as
 * --accept-ballpark), and map and set (one target=value a line).  Records are stored
 * submitted (an upload is not an administrator's act) as the user: the
 * import engine of the use-case layer applies the policy (the
 * organisation is the policy's, references must be visible, sensitive
 * columns and shared entities need their rights) and refuses the whole
 * upload when it refuses a record (403, or 422 for a set line's hidden
 * reference).  The answer is the JSON summary of `mais import`, with the
 * temporary directory left out of the file names.
 */
#include "server/api.h"
#include "io/out_import.h"
#include "mais/import.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MAIS_PROFILE_DIR
#define MAIS_PROFILE_DIR "profiles"
#endif

#define MAX_LINES 64

typedef struct import_form {
	const char *kind, *profile, *srs, *layer, *encoding;
	int accept_ballpark;
	char profile_path[512];
	const char *maps[MAX_LINES], *sets[MAX_LINES];
	size_t nmaps, nsets;
	char *map_text, *set_text; /* copies split in place */
} import_form;

static const char *field(const http_req *req, const char *name)
{
	const char *v =
		json_string_value(json_object_get(req->upload.fields, name));

	return v && *v ? v : NULL;
}

/* Splits text (modified) into lines "target=value"; blank lines are
 * skipped, a line without '=' refused. */
static int split_lines(char *text, const char **out, size_t *n)
{
	char *line = text, *next;

	*n = 0;
	for (; line && *line; line = next) {
		size_t len;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len)
			continue;
		if (!strchr(line, '=') || *n >= MAX_LINES)
			return -1;
		out[(*n)++] = line;
	}
	return 0;
}

static int profile_name_ok(const char *p)
{
	size_t n = 0;

	for (; p[n]; n++)
		if (!((p[n] >= 'a' && p[n] <= 'z') ||
		      (p[n] >= 'A' && p[n] <= 'Z') ||
		      (p[n] >= '0' && p[n] <= '9') || p[n] == '-' ||
		      p[n] == '_'))
			return 0;
	return n > 0 && n <= 64;
}

static int bad(http_resp *resp, unsigned status, const char *field_name,
	       const char *why)
{
	http_error(resp, status,
		   status == 400 ? "bad_request" : "invalid_value", field_name,
		   "%s", why);
	return -1;
}

static int read_form(http_req *req, http_resp *resp, import_form *f)
{
	const char *maps = field(req, "map"), *sets = field(req, "set");

	f->kind = field(req, "kind");
	f->profile = field(req, "profile");
	f->srs = field(req, "srs");
	f->layer = field(req, "layer");
	f->encoding = field(req, "encoding");
	f->accept_ballpark = field(req, "accept_ballpark") &&
			     (!strcmp(field(req, "accept_ballpark"), "1") ||
			      !strcmp(field(req, "accept_ballpark"), "true"));
	if (!req->upload.path[0])
		return bad(resp, 400, "file", "no file: send it as 'file'");
	if (!f->kind == !f->profile)
		return bad(resp, 400, "kind", "give kind or profile");
	if (f->kind && !mais_import_kind(f->kind))
		return bad(resp, 422, "kind", "no such kind");
	if (f->profile && !profile_name_ok(f->profile))
		return bad(resp, 422, "profile", "a profile name of profiles/");
	if (f->profile) {
		snprintf(f->profile_path, sizeof f->profile_path, "%s/%s.json",
			 MAIS_PROFILE_DIR, f->profile);
		if (access(f->profile_path, R_OK) != 0)
			return bad(resp, 422, "profile", "no such profile");
	}
	f->map_text = maps ? strdup(maps) : NULL;
	f->set_text = sets ? strdup(sets) : NULL;
	if (split_lines(f->map_text, f->maps, &f->nmaps) < 0)
		return bad(resp, 422, "map", "one target=source a line");
	if (split_lines(f->set_text, f->sets, &f->nsets) < 0)
		return bad(resp, 422, "set", "one target=value a line");
	return 0;
}

/* message without the temporary directory (a static buffer of the
 * thread). */
static const char *without(const char *message, const char *prefix)
{
	static _Thread_local char buf[MAIS_MAX_ERROR_MESSAGE];
	size_t n = strlen(prefix), o = 0;

	for (const char *p = message; *p && o + 1 < sizeof buf;) {
		if (strncmp(p, prefix, n) == 0) {
			p += n;
			continue;
		}
		buf[o++] = *p++;
	}
	buf[o] = '\0';
	return buf;
}

static int run_import(http_req *req, http_resp *resp, import_form *f)
{
	const char *path = req->upload.path;
	mais_import_opts o = {.as = f->kind ? mais_import_kind(f->kind) : NULL,
			      .profile = f->profile ? f->profile_path : NULL,
			      .maps = f->maps,
			      .nmaps = f->nmaps,
			      .sets = f->sets,
			      .nsets = f->nsets,
			      .layer = f->layer,
			      .srs = f->srs,
			      .encoding = f->encoding,
			      .accept_ballpark = f->accept_ballpark,
			      .status = "submitted",
			      .as_user = &req->user.p};
	mais_import_summary sum = {0};
	mais_import_log *log = mais_import_log_new(NULL);
	char prefix[80];
	int rc;

	if (!log)
		return http_error(resp, 500, "internal", NULL, "out of memory");
	snprintf(prefix, sizeof prefix, "%s/", req->upload.dir);
	mais_import_log_hide_prefix(log, prefix);
	o.on_reject = mais_import_log_reject;
	o.on_note = mais_import_log_note;
	o.on_crs = mais_import_log_crs;
	o.ctx = log;
	rc = mais_import(req->store, &path, 1, &o, &req->actor, &sum);
	/* refused by the policy before the file was read (a set line), or
	 * while storing: the message names the field, not the file */
	if (rc < 0 && (rc == MAIS_EFORBIDDEN || rc == MAIS_ESTORE ||
		       !strstr(mais_error_last(), prefix)))
		http_error_rc(resp, rc);
	else if (rc < 0)
		http_error(resp, 422, "unreadable", "file", "%s",
			   without(mais_error_last(), prefix));
	else
		http_json(resp, 200, mais_import_log_json(log, &sum));
	mais_import_log_free(log);
	return 0;
}

int api_import(http_req *req, http_resp *resp)
{
	import_form f = {0};

	if (read_form(req, resp, &f) == 0)
		run_import(req, resp, &f);
	free(f.map_text);
	free(f.set_text);
	return 0;
}

/* --- Profiles ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(
		json_string_value(json_object_get(*(json_t *const *)a, "name")),
		json_string_value(
			json_object_get(*(json_t *const *)b, "name")));
}

/* {"name", "title"} of profiles/NAME.json, or NULL. */
static json_t *profile_entry(const char *file)
{
	char name[80], path[600];
	size_t n = strlen(file);
	json_t *doc, *entry;

	if (n < 6 || n - 5 >= sizeof name || strcmp(file + n - 5, ".json"))
		return NULL;
	snprintf(name, sizeof name, "%.*s", (int)(n - 5), file);
	if (!profile_name_ok(name))
		return NULL;
	snprintf(path, sizeof path, "%s/%s", MAIS_PROFILE_DIR, file);
	doc = json_load_file(path, 0, NULL);
	entry = json_pack(
		"{s:s, s:s}", "name", name, "title",
		json_string_value(json_object_get(doc, "description"))
			? json_string_value(json_object_get(doc, "description"))
			: "");
	json_decref(doc);
	return entry;
}

int api_profiles(http_req *req, http_resp *resp)
{
	DIR *d = opendir(MAIS_PROFILE_DIR);
	json_t *list = json_array();
	struct dirent *de;

	(void)req;
	while (d && (de = readdir(d)) && json_array_size(list) < 1000) {
		json_t *e = profile_entry(de->d_name);

		if (e)
			json_array_append_new(list, e);
	}
	if (d)
		closedir(d);
	if (json_array_size(list) > 1) {
		size_t n = json_array_size(list);
		json_t **items = malloc(n * sizeof *items);

		for (size_t i = 0; items && i < n; i++)
			items[i] = json_incref(json_array_get(list, i));
		if (items) {
			qsort(items, n, sizeof *items, by_name);
			json_array_clear(list);
			for (size_t i = 0; i < n; i++)
				json_array_append_new(list, items[i]);
			free(items);
		}
	}
	return http_json(resp, 200, json_pack("{s:o}", "profiles", list));
}
