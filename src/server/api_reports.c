/*
 * api_reports.c — the reports of `mais report` (land release, EO,
 * casualties, bulletin, EORE, equipment, donors) as JSON or CSV: the very
 * sheets of src/io/out_report.c, so the web UI and the command line never
 * disagree; and one hazard's land release accounting (landrelease.h).
 * A user who does not see every organisation counts only the records of
 * its own (and its teams'), as it sees only those.
 */
#include "server/api.h"
#include "core/values.h"
#include "io/out_report.h"
#include "service/lr.h"
#include "mais/money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(http_resp *resp, const char *name, const char *why)
{
	http_error(resp, 400, "bad_parameter", name, "%s: %s", name, why);
	return -1;
}

/* The query parameters a report takes beside include_submitted and
 * format: any other is a 400 naming it. */
enum {
	P_BY = 1,	/* by */
	P_LEVEL = 2,	/* level */
	P_PERIOD = 4,	/* from, to */
	P_LIST = 8,	/* list */
	P_CURRENCY = 16 /* currency, rate_date */
};

typedef struct report_kind {
	const char *kind;
	unsigned params;
	/* the groupings of by, the first the default */
	mais_report_by by[3];
	size_t nby;
	const char *by_doc;
} report_kind;

static const report_kind kinds[] = {
	{"land-release",
	 P_BY | P_LEVEL,
	 {MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_YEAR,
	  MAIS_REPORT_BY_ORGANISATION},
	 3,
	 "admin, year or organisation"},
	{"eo", 0, {MAIS_REPORT_BY_ADMIN}, 0, NULL},
	{"casualties", 0, {MAIS_REPORT_BY_ADMIN}, 0, NULL},
	{"bulletin",
	 P_BY | P_PERIOD,
	 {MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_ORGANISATION},
	 2,
	 "admin or organisation"},
	{"eore",
	 P_BY | P_PERIOD,
	 {MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_METHOD},
	 2,
	 "admin or method"},
	{"equipment", P_LIST, {MAIS_REPORT_BY_ADMIN}, 0, NULL},
	{"donors", P_CURRENCY, {MAIS_REPORT_BY_ADMIN}, 0, NULL},
};

static const report_kind *find_kind(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

static int parse_by(const report_kind *k, const char *s, mais_report_by *by)
{
	for (size_t i = 0; i < k->nby; i++)
		if (!strcmp(s, mais_report_by_name(k->by[i]))) {
			*by = k->by[i];
			return 0;
		}
	return -1;
}

/* 0 if s is absent or a boolean (1, 0, true, false), *v set. */
static int parse_bool(const char *s, int *v)
{
	if (!s) {
		*v = 0;
		return 0;
	}
	if (strcmp(s, "0") && strcmp(s, "1") && strcmp(s, "true") &&
	    strcmp(s, "false"))
		return -1;
	*v = !strcmp(s, "1") || !strcmp(s, "true");
	return 0;
}

/* A parameter the report does not take: 400. */
static int not_for(http_resp *resp, const report_kind *k, const char *name)
{
	char why[96];

	snprintf(why, sizeof why, "not a parameter of the %s report", k->kind);
	return bad(resp, name, why);
}

typedef struct report_query {
	mais_report_opts o;
	int csv;
	const char *currency;
	mais_rate_match match;
} report_query;

static int parse_opts(http_req *req, http_resp *resp, const report_kind *k,
		      report_query *q)
{
	const char *by = http_query(req, "by");
	const char *level = http_query(req, "level");
	const char *sub = http_query(req, "include_submitted");
	const char *fmt = http_query(req, "format");
	const char *from = http_query(req, "from");
	const char *to = http_query(req, "to");
	const char *list = http_query(req, "list");
	const char *cur = http_query(req, "currency");
	const char *rate = http_query(req, "rate_date");
	mais_report_opts *o = &q->o;
	char *end;
	long n;
	int exp;

	mais_report_opts_init(o);
	q->csv = 0;
	q->currency = NULL;
	q->match = MAIS_RATE_EXACT_DATE;
	if (by && !(k->params & P_BY))
		return not_for(resp, k, "by");
	if (level && !(k->params & P_LEVEL))
		return not_for(resp, k, "level");
	if ((from || to) && !(k->params & P_PERIOD))
		return not_for(resp, k, from ? "from" : "to");
	if (list && !(k->params & P_LIST))
		return not_for(resp, k, "list");
	if ((cur || rate) && !(k->params & P_CURRENCY))
		return not_for(resp, k, cur ? "currency" : "rate_date");
	if (k->nby)
		o->by = k->by[0];
	if (by && parse_by(k, by, &o->by))
		return bad(resp, "by", k->by_doc);
	if (level) {
		n = strtol(level, &end, 10);
		if (!*level || *end || n < 0 || n > 100)
			return bad(resp, "level", "a number from 0 to 100");
		o->admin_level = (int)n;
	}
	if (from && !mais_date_valid(from))
		return bad(resp, "from", "YYYY-MM-DD");
	if (to && !mais_date_valid(to))
		return bad(resp, "to", "YYYY-MM-DD");
	if (!strcmp(k->kind, "bulletin") && (!from || !to))
		return bad(resp, from ? "to" : "from",
			   "required: the bulletin's period (YYYY-MM-DD)");
	if (from && to && strcmp(from, to) > 0)
		return bad(resp, "to", "on or after from");
	o->from = from;
	o->to = to;
	if (parse_bool(list, &o->list))
		return bad(resp, "list", "1 or 0");
	if (k->params & P_CURRENCY) {
		if (!cur)
			return bad(resp, "currency",
				   "required: an ISO 4217 code (AZN)");
		if (mais_currency_exponent(cur, &exp) < 0)
			return bad(resp, "currency",
				   "not an ISO 4217 code (AZN)");
		q->currency = cur;
		if (rate && !strcmp(rate, "on-or-before"))
			q->match = MAIS_RATE_ON_OR_BEFORE;
		else if (rate && strcmp(rate, "exact"))
			return bad(resp, "rate_date", "exact or on-or-before");
	}
	if (parse_bool(sub, &o->include_submitted))
		return bad(resp, "include_submitted", "1 or 0");
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv"))
		return bad(resp, "format", "json or csv");
	q->csv = fmt && !strcmp(fmt, "csv");
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
	const report_kind *k = find_kind(kind);
	report_query q;
	mais_sheet *sh = NULL;
	api_scope sc;
	int rc;

	if (!k)
		return http_error(resp, 404, "no_route", NULL, "no report %s",
				  kind);
	if (!mais_auth_can(req->store, &req->user, MAIS_ACT_READ, NULL, NULL))
		return http_error(resp, 403, "forbidden", NULL,
				  "reports need a role");
	if (parse_opts(req, resp, k, &q))
		return 0;
	/* an operator's user counts only its organisation's records, as it
	 * sees only those (DESIGN.md); the authority counts all.  Every
	 * report, the donors' and the equipment register too, counts its
	 * records through mais_report_counts, which honours opts.orgs. */
	api_scope_of(req, "hazard", &sc);
	if (!sc.all) {
		q.o.orgs = sc.orgs;
		q.o.norgs = sc.norgs;
	}
	if (q.currency)
		rc = mais_sheet_donors(req->store, &q.o, q.currency, q.match,
				       &sh);
	else
		rc = mais_sheet_report(req->store, kind, &q.o, &sh);
	if (rc < 0)
		return http_error_rc(resp, rc);
	if (q.csv)
		answer_csv(resp, sh, kind);
	else
		http_json(resp, 200, mais_sheet_json(sh));
	mais_sheet_free(sh);
	return 0;
}

/* --- One hazard's accounting ------------------------------------------ */

/* m² to the centimetre² grain the CLI prints (%.2f). */
static double m2(double v)
{
	return round(v * 100.0) / 100.0;
}

int api_hazard_accounting(http_req *req, http_resp *resp)
{
	const char *fmt = http_query(req, "format");
	mais_record *hz = NULL;
	mais_lr_account a;
	double orig, canc, red, clr, rem;
	int rc;

	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv"))
		return bad(resp, "format", "json or csv"), 0;
	/* the route names the entity; api_load reads it from {entity} */
	if (!http_param(req, "entity") && req->nparams < HTTP_MAX_PARAMS) {
		req->param_names[req->nparams] = strdup("entity");
		req->param_values[req->nparams] = strdup("hazard");
		if (!req->param_names[req->nparams] ||
		    !req->param_values[req->nparams]) {
			free(req->param_names[req->nparams]);
			free(req->param_values[req->nparams]);
			req->param_names[req->nparams] = NULL;
			req->param_values[req->nparams] = NULL;
			return http_error(resp, 500, "internal", NULL,
					  "out of memory");
		}
		req->nparams++;
	}
	/* 404 for a hazard the user may not read, as for the record */
	if (api_load(req, resp, &hz))
		return 0;
	rc = svc_lr_account(req->store, mais_record_uuid(hz), SVC_LR_APPROVED, &a);
	if (rc < 0) {
		mais_record_free(hz);
		return http_error_rc(resp, rc);
	}
	/* rounded parts; remaining from them, so that the answer keeps
	 * original = cancelled + reduced + cleared + remaining */
	orig = m2(a.original_m2);
	canc = m2(a.cancelled_m2);
	red = m2(a.reduced_m2);
	clr = m2(a.cleared_m2);
	rem = m2(orig - canc - red - clr);
	if (fmt && !strcmp(fmt, "csv")) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);

		if (!fp) {
			mais_record_free(hz);
			return http_error(resp, 500, "internal", NULL,
					  "out of memory");
		}
		fprintf(fp,
			"hazard_uuid,reference,hazard_status,original_m2,"
			"cancelled_m2,reduced_m2,cleared_m2,remaining_m2,"
			"released_by_number_m2,releases,has_polygon\r\n"
			"%s,%s,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%zu,%d\r\n",
			mais_record_uuid(hz),
			mais_record_reference(hz) ? mais_record_reference(hz)
						  : "",
			mais_record_get(hz, "hazard_status")
				? mais_record_get(hz, "hazard_status")
				: "",
			orig, canc, red, clr, rem, m2(a.number_m2), a.releases,
			a.has_polygon);
		fclose(fp);
		http_text(resp, 200, "text/csv; charset=utf-8", buf, len);
		free(buf);
		http_add_header(resp, "Content-Disposition",
				"attachment; filename=\"accounting.csv\"");
	} else {
		http_json(resp, 200,
			  json_pack("{s:s, s:s, s:s?, s:s?, s:f, s:f, s:f, "
				    "s:f, s:f, s:f, s:I, s:b}",
				    "report", "hazard-accounting",
				    "hazard_uuid", mais_record_uuid(hz),
				    "reference", mais_record_reference(hz),
				    "hazard_status",
				    mais_record_get(hz, "hazard_status"),
				    "original_m2", orig, "cancelled_m2", canc,
				    "reduced_m2", red, "cleared_m2", clr,
				    "remaining_m2", rem,
				    "released_by_number_m2", m2(a.number_m2),
				    "releases", (json_int_t)a.releases,
				    "has_polygon", a.has_polygon));
	}
	mais_record_free(hz);
	return 0;
}
