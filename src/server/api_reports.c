/*
 * api_reports.c — the reports of the report registry (src/service/
 * report.h) over HTTP: one route /api/reports/NAME a report, generated
 * from the registry with its query parameters (so the OpenAPI document
 * and docs/api-reference.md list exactly what each report takes), and one
 * handler that turns the query into the registry's options and answers
 * the very sheet `mais report` writes, as JSON, CSV, a table or XLSX; the
 * registry itself as JSON (/api/reports), from which the web UI builds
 * its Reports page.  And one hazard's land release account in the shape
 * of its record's page (/api/records/hazard/{uuid}/accounting).  A user
 * who does not see every organisation counts only the records of its own
 * (and its teams'), as it sees only those.
 */
#include "server/api.h"
#include "service/report.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(http_resp *resp, const char *name, const char *why)
{
	http_error(resp, 400, "bad_parameter", name, "%s", why);
	return -1;
}

/* The options of report r from the query into a; 0, or a 400 answer. */
static int parse_options(http_req *req, http_resp *resp, const svc_report *r,
			 svc_report_args *a)
{
	size_t n;
	const svc_report_option *opt = svc_report_options(&n);
	const char *field;
	char name[64], why[160];

	svc_report_args_init(r, a);
	for (size_t i = 0; i < n; i++) {
		const char *v;

		svc_report_query_name(opt[i].name, name, sizeof name);
		if (!(v = http_query(req, name)))
			continue;
		if (!svc_report_takes(r, &opt[i])) {
			snprintf(why, sizeof why,
				 "%s: not a parameter of the %s report", name,
				 r->name);
			return bad(resp, name, why);
		}
		if (svc_report_set(r, a, opt[i].name, v))
			return bad(resp, name, mais_error_last());
	}
	if (svc_report_check(r, a, &field)) {
		svc_report_query_name(field, name, sizeof name);
		return bad(resp, name, mais_error_last());
	}
	return 0;
}

/* The sheet in format f: JSON as it is, the others as a file. */
static int answer(http_resp *resp, const mais_sheet *sh, mais_sheet_format f,
		  const char *kind)
{
	char *buf = NULL, disp[96];
	size_t len = 0;
	FILE *fp;
	int rc;

	if (f == MAIS_SHEET_JSON)
		return http_json(resp, 200, mais_sheet_json(sh));
	if (!(fp = open_memstream(&buf, &len)))
		return http_error(resp, 500, "internal", NULL, "out of memory");
	rc = mais_sheet_write(sh, f, fp);
	fclose(fp);
	if (rc == 0)
		http_text(resp, 200, mais_sheet_format_type(f), buf, len);
	else
		http_error_rc(resp, rc);
	free(buf);
	if (rc == 0 && f != MAIS_SHEET_TABLE) {
		snprintf(disp, sizeof disp, "attachment; filename=\"%s.%s\"",
			 kind, mais_sheet_format_ext(f));
		http_add_header(resp, "Content-Disposition", disp);
	}
	return 0;
}

/* The registry, for the web UI's Reports page: each report with its
 * groupings and the options it takes (report.h, svc_reports_json), and
 * the programme's reporting currency (null when unset). */
int api_reports_index(http_req *req, http_resp *resp)
{
	char cur[4];
	json_t *j;

	if (!mais_policy_can(&req->user.p, MAIS_ACT_READ, NULL, NULL))
		return http_error(resp, 403, "forbidden", NULL,
				  "reports need a role");
	if (svc_reporting_currency(req->store, cur) < 0)
		return http_error_rc(resp, mais_error_last_code());
	if (!(j = svc_reports_json()))
		return http_error(resp, 500, "internal", NULL, "out of memory");
	json_object_set_new(j, "currency",
			    *cur ? json_string(cur) : json_null());
	return http_json(resp, 200, j);
}

int api_report(http_req *req, http_resp *resp)
{
	const char *kind = strrchr(req->route->pattern, '/') + 1;
	const svc_report *r = svc_report_find(kind);
	const char *fmt = http_query(req, "format");
	mais_sheet_format f = MAIS_SHEET_JSON;
	svc_report_args a;
	mais_sheet *sh = NULL;
	api_scope sc;
	int rc;

	if (!r)
		return http_error(resp, 404, "no_route", NULL, "no report %s",
				  kind);
	if (!mais_policy_can(&req->user.p, MAIS_ACT_READ, NULL, NULL))
		return http_error(resp, 403, "forbidden", NULL,
				  "reports need a role");
	if (parse_options(req, resp, r, &a))
		return 0;
	if (fmt && mais_sheet_format_parse(fmt, &f))
		return bad(resp, "format", mais_error_last()), 0;
	/* an operator's user counts only its organisation's records, as it
	 * sees only those (DESIGN.md); the authority counts all.  Every
	 * report honours opts.orgs. */
	api_scope_of(req, "hazard", &sc);
	if (!sc.all) {
		a.o.orgs = sc.orgs;
		a.o.norgs = sc.norgs;
	}
	rc = svc_report_sheet(req->store, r, &a, &sh);
	if (rc < 0)
		return http_error_rc(resp, rc);
	answer(resp, sh, f, kind);
	mais_sheet_free(sh);
	return 0;
}

/* --- The routes of the registry ------------------------------------- */

enum { MAX_REPORTS = 16, MAX_PARAMS = 16, DOC_LEN = 320 };

#define R200                                                               \
	{                                                                  \
		200, "the report: JSON as `mais report --format json` "    \
		     "(default), or CSV, a table or XLSX as format says; " \
		     "a user who does not see every organisation counts "  \
		     "only its organisations' records"                     \
	}
#define R400                                                           \
	{                                                              \
		400, "a query parameter refused, missing, or not one " \
		     "of the report's; field names it"                 \
	}
#define R401_403                                                      \
	{401, "not logged in"},                                       \
	{                                                             \
		403, "not allowed (no role, or a password that must " \
		     "change first)"                                  \
	}

static const route_response report_responses[] = {
	R200, R400, R401_403, {0, NULL}};
static const route_response hazard_responses[] = {
	R200,
	R400,
	R401_403,
	{404, "no such hazard, or one of an organisation the user does not "
	      "see"},
	{0, NULL},
};

static struct {
	route routes[MAX_REPORTS];
	route_param params[MAX_REPORTS][MAX_PARAMS + 2];
	char paths[MAX_REPORTS][64];
	char names[MAX_REPORTS][MAX_PARAMS][32];
	char docs[MAX_REPORTS][MAX_PARAMS][DOC_LEN];
	size_t n;
} gen;

static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

/* The documentation of option o of report r into doc. */
static void param_doc(const svc_report *r, const svc_report_option *o,
		      char *doc, size_t len)
{
	char by[128];
	int req = (r->needs & o->id) != 0;

	if (o->id == SVC_OPT_BY) {
		svc_report_by_doc(r, by, sizeof by);
		snprintf(doc, len, "%s: %s", o->doc, by);
	} else if (!strcmp(o->type, "boolean")) {
		snprintf(doc, len, "1: %s", o->doc);
	} else {
		snprintf(doc, len, "%s%s", req ? "required: " : "", o->doc);
	}
}

/* The query parameters of report k (index i of the registry). */
static void build_params(size_t k, const svc_report *r)
{
	size_t n, p = 0;
	const svc_report_option *opt = svc_report_options(&n);

	for (size_t i = 0; i < n && p < MAX_PARAMS; i++) {
		if (!svc_report_takes(r, &opt[i]))
			continue;
		svc_report_query_name(opt[i].name, gen.names[k][p],
				      sizeof gen.names[k][p]);
		param_doc(r, &opt[i], gen.docs[k][p], DOC_LEN);
		gen.params[k][p] = (route_param){gen.names[k][p], opt[i].type,
						 gen.docs[k][p]};
		p++;
	}
	gen.params[k][p++] = (route_param){
		"format", "string", "json (default), csv, table or xlsx"};
	gen.params[k][p] = (route_param){NULL, NULL, NULL};
}

static void build_routes(void)
{
	size_t n;
	const svc_report *r = svc_reports(&n);

	for (size_t k = 0; k < n && k < MAX_REPORTS; k++) {
		snprintf(gen.paths[k], sizeof gen.paths[k], "/api/reports/%s",
			 r[k].name);
		build_params(k, &r[k]);
		gen.routes[k] =
			(route){"GET",
				gen.paths[k],
				api_report,
				ROUTE_USER,
				BODY_NONE,
				"reports",
				r[k].title,
				NULL,
				gen.params[k],
				NULL,
				r[k].takes & SVC_OPT_HAZARD ? hazard_responses
							    : report_responses};
		gen.n++;
	}
}

const route *api_report_routes(size_t *n)
{
	pthread_once(&gen_once, build_routes);
	*n = gen.n;
	return gen.routes;
}

/* --- One hazard's account, as its record's page shows it --------------- */

/* Sets the path parameter {entity} to "hazard" for api_load. */
static int name_entity(http_req *req, http_resp *resp)
{
	if (http_param(req, "entity") || req->nparams >= HTTP_MAX_PARAMS)
		return 0;
	req->param_names[req->nparams] = strdup("entity");
	req->param_values[req->nparams] = strdup("hazard");
	if (!req->param_names[req->nparams] ||
	    !req->param_values[req->nparams]) {
		free(req->param_names[req->nparams]);
		free(req->param_values[req->nparams]);
		req->param_names[req->nparams] = NULL;
		req->param_values[req->nparams] = NULL;
		http_error(resp, 500, "internal", NULL, "out of memory");
		return -1;
	}
	req->nparams++;
	return 0;
}

static int accounting_csv(http_resp *resp, const mais_hazard_report *h)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return http_error(resp, 500, "internal", NULL, "out of memory");
	fprintf(fp,
		"hazard_uuid,reference,hazard_status,original_m2,"
		"cancelled_m2,reduced_m2,cleared_m2,remaining_m2,"
		"released_by_number_m2,releases,has_polygon\r\n"
		"%s,%s,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%zu,%d\r\n",
		h->uuid, h->reference, h->status, h->original_m2,
		h->cancelled_m2, h->reduced_m2, h->cleared_m2, h->remaining_m2,
		h->number_m2, h->releases, h->has_polygon);
	fclose(fp);
	http_text(resp, 200, "text/csv; charset=utf-8", buf, len);
	free(buf);
	http_add_header(resp, "Content-Disposition",
			"attachment; filename=\"accounting.csv\"");
	return 0;
}

static int accounting_json(http_resp *resp, const mais_hazard_report *h)
{
	return http_json(
		resp, 200,
		json_pack("{s:s, s:s, s:s?, s:s?, s:f, s:f, s:f, s:f, s:f, "
			  "s:f, s:f, s:f, s:I, s:b}",
			  "report", "hazard-accounting", "hazard_uuid", h->uuid,
			  "reference", h->reference[0] ? h->reference : NULL,
			  "hazard_status", h->status[0] ? h->status : NULL,
			  "polygon_m2", h->polygon_m2,
			  "polygon_remaining_m2", h->polygon_remaining_m2,
			  "original_m2", h->original_m2, "cancelled_m2",
			  h->cancelled_m2, "reduced_m2", h->reduced_m2,
			  "cleared_m2", h->cleared_m2, "remaining_m2",
			  h->remaining_m2, "released_by_number_m2",
			  h->number_m2, "releases", (json_int_t)h->releases,
			  "has_polygon", h->has_polygon));
}

int api_hazard_accounting(http_req *req, http_resp *resp)
{
	const char *fmt = http_query(req, "format");
	mais_hazard_report *h = NULL;
	mais_report_opts o;
	mais_record *hz = NULL;
	int rc;

	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv"))
		return bad(resp, "format", "format: json or csv"), 0;
	/* 404 for a hazard the user may not read, as for the record */
	if (name_entity(req, resp) || api_load(req, resp, &hz))
		return 0;
	mais_report_opts_init(&o);
	rc = svc_report_hazard(req->store, mais_record_uuid(hz), &o, &h);
	mais_record_free(hz);
	if (rc < 0)
		return http_error_rc(resp, rc);
	if (fmt && !strcmp(fmt, "csv"))
		accounting_csv(resp, h);
	else
		accounting_json(resp, h);
	mais_hazard_report_free(h);
	return 0;
}
