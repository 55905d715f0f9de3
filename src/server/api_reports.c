/*
 * api_reports.c — the three standard reports (land release, EO,
 * casualties) as JSON or CSV: the very sheets of `mais report`
 * (src/io/out_report.c), so the web UI and the command line never
 * disagree.  Reports count records of every organisation: they give
 * totals, not records, to every logged-in user.
 */
#include "server/api.h"
#include "io/out_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(http_resp *resp, const char *name, const char *why)
{
	http_error(resp, 400, "bad_parameter", name, "%s: %s", name, why);
	return -1;
}

static int parse_by(const char *s, mais_report_by *by)
{
	static const mais_report_by all[] = {MAIS_REPORT_BY_ADMIN,
					     MAIS_REPORT_BY_YEAR,
					     MAIS_REPORT_BY_ORGANISATION};

	for (size_t i = 0; i < 3; i++)
		if (!strcmp(s, mais_report_by_name(all[i]))) {
			*by = all[i];
			return 0;
		}
	return -1;
}

static int parse_opts(http_req *req, http_resp *resp, int land_release,
		      mais_report_opts *o, int *csv)
{
	const char *by = http_query(req, "by");
	const char *level = http_query(req, "level");
	const char *sub = http_query(req, "include_submitted");
	const char *fmt = http_query(req, "format");
	char *end;
	long n;

	mais_report_opts_init(o);
	if (!land_release && (by || level))
		return bad(resp, by ? "by" : "level", "land-release only");
	if (by && parse_by(by, &o->by))
		return bad(resp, "by", "admin, year or organisation");
	if (level) {
		n = strtol(level, &end, 10);
		if (!*level || *end || n < 0 || n > 100)
			return bad(resp, "level", "a number from 0 to 100");
		o->admin_level = (int)n;
	}
	if (sub && strcmp(sub, "0") && strcmp(sub, "1") &&
	    strcmp(sub, "true") && strcmp(sub, "false"))
		return bad(resp, "include_submitted", "1 or 0");
	o->include_submitted =
		sub && (!strcmp(sub, "1") || !strcmp(sub, "true"));
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv"))
		return bad(resp, "format", "json or csv");
	*csv = fmt && !strcmp(fmt, "csv");
	return 0;
}

static int answer_csv(http_resp *resp, const mais_sheet *sh, const char *kind)
{
	char *buf = NULL, disp[96];
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc;

	if (!fp)
		return http_error(resp, 500, "internal", NULL, "out of memory");
	rc = mais_sheet_write_csv(sh, fp);
	fclose(fp);
	if (rc == 0)
		http_text(resp, 200, "text/csv; charset=utf-8", buf, len);
	else
		http_error_rc(resp, rc);
	free(buf);
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", kind);
	http_add_header(resp, "Content-Disposition", disp);
	return 0;
}

int api_report(http_req *req, http_resp *resp)
{
	const char *kind = strrchr(req->route->pattern, '/') + 1;
	mais_report_opts o;
	mais_sheet *sh = NULL;
	api_scope sc;
	int csv = 0, rc;

	if (!mais_auth_can(req->store, &req->user, MAIS_ACT_READ, NULL, NULL))
		return http_error(resp, 403, "forbidden", NULL,
				  "reports need a role");
	if (parse_opts(req, resp, !strcmp(kind, "land-release"), &o, &csv))
		return 0;
	/* an operator's user counts only its organisation's records, as it
	 * sees only those (DESIGN.md); the authority counts all */
	api_scope_of(req, "hazard", &sc);
	if (!sc.all) {
		o.orgs = sc.orgs;
		o.norgs = sc.norgs;
	}
	rc = mais_sheet_report(req->store, kind, &o, &sh);
	if (rc < 0)
		return http_error_rc(resp, rc);
	if (csv)
		answer_csv(resp, sh, kind);
	else
		http_json(resp, 200, mais_sheet_json(sh));
	mais_sheet_free(sh);
	return 0;
}
