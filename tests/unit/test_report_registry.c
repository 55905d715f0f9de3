/*
 * test_report_registry.c — the report registry (src/service/report.h) is
 * the one place that says which reports exist and which options each
 * takes: every report of it is in `mais help report` with its options
 * (MAIS_CLI), has its route /api/reports/NAME with exactly its options as
 * query parameters in the OpenAPI document and the API reference, and
 * refuses the options it does not take.  A report added to the registry
 * and missing from any of them fails here.  And the hazard account, a
 * report of the registry: its parts add up to its original area.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "server/routes.h"
#include "service/report.h"
#include "testdb.h"

/* `mais help report` in a malloc'd string. */
static char *help_text(void)
{
	const char *cli = getenv("MAIS_CLI");
	char cmd[512], *out = calloc(1, 1 << 16);
	size_t n;
	FILE *p;

	assert_non_null(out);
	snprintf(cmd, sizeof cmd, "'%s' help report", cli);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, (1 << 16) - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

/* The line of help that starts with "mais report NAME DB", as a new
 * string; fails when there is none. */
static char *help_line(const char *help, const char *name)
{
	char want[96];
	const char *p, *e;

	snprintf(want, sizeof want, "mais report %s DB", name);
	for (p = help; (p = strstr(p, want)); p++)
		if ((p == help || p[-1] == '\n') &&
		    (p[strlen(want)] == ' ' || p[strlen(want)] == '\n'))
			break;
	if (!p)
		fail_msg("'%s' not in mais help report:\n%s", want, help);
	e = strchr(p, '\n');
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

/* s with every run of blanks one space (the help wraps its lines). */
static char *flat(const char *s)
{
	char *o = calloc(1, strlen(s) + 1), *q = o;

	assert_non_null(o);
	for (; *s; s++)
		if (!(*s == ' ' || *s == '\n') || (q > o && q[-1] != ' '))
			*q++ = *s == '\n' ? ' ' : *s;
	return o;
}

static void test_help_lists_every_report(void **state)
{
	size_t n, no;
	const svc_report *r = svc_reports(&n);
	const svc_report_option *opt = svc_report_options(&no);
	char *help, want[64];

	(void)state;
	if (!getenv("MAIS_CLI"))
		skip();
	help = help_text();
	for (size_t i = 0; i < n; i++) {
		char *line = help_line(help, r[i].name);

		for (size_t k = 0; k < no; k++) {
			if (opt[k].id == SVC_OPT_SUBMITTED)
				continue;
			snprintf(want, sizeof want, "%s%s",
				 opt[k].positional ? " " : "--",
				 opt[k].positional ? opt[k].metavar
						   : opt[k].name);
			if (!strstr(line, want) != !(r[i].takes & opt[k].id))
				fail_msg("report %s, option %s: '%s'",
					 r[i].name, opt[k].name, line);
		}
		free(line);
	}
	for (size_t k = 0; k < no; k++) {
		char *h = flat(help), *d = flat(opt[k].doc);

		if (!strstr(h, opt[k].name) || !strstr(h, d))
			fail_msg("option %s not in the help", opt[k].name);
		free(h);
		free(d);
	}
	free(help);
}

/* The parameter called name of an OpenAPI operation, or NULL. */
static json_t *param(json_t *op, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(json_object_get(op, "parameters"), i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")),
			    name))
			return p;
	return NULL;
}

/* The routes, OpenAPI and the API reference of report r. */
static void check_route(const svc_report *r, json_t *paths,
			const char *markdown)
{
	size_t no;
	const svc_report_option *opt = svc_report_options(&no);
	const route *rt;
	char path[96], want[128], qname[64];
	json_t *op;

	snprintf(path, sizeof path, "/api/reports/%s", r->name);
	assert_int_equal(routes_find("GET", path, NULL, &rt, NULL, 0),
			 MATCH_OK);
	assert_ptr_equal(rt->fn, api_report);
	op = json_object_get(json_object_get(paths, path), "get");
	if (!op)
		fail_msg("%s not in the OpenAPI document", path);
	assert_non_null(param(op, "format"));
	for (size_t k = 0; k < no; k++) {
		snprintf(qname, sizeof qname, "%s", opt[k].name);
		for (char *c = qname; *c; c++)
			*c = *c == '-' ? '_' : *c;
		if (!param(op, qname) != !svc_report_takes(r, &opt[k]))
			fail_msg("%s: parameter %s", path, qname);
	}
	snprintf(want, sizeof want, "### GET `%s`", path);
	if (!strstr(markdown, want))
		fail_msg("%s not in the API reference", path);
}

static void test_routes_and_openapi_cover_every_report(void **state)
{
	size_t n;
	const svc_report *r = svc_reports(&n);
	json_t *doc = routes_openapi();
	char *md = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&md, &len);

	(void)state;
	assert_non_null(doc);
	assert_non_null(fp);
	routes_markdown(fp);
	fclose(fp);
	for (size_t i = 0; i < n; i++)
		check_route(&r[i], json_object_get(doc, "paths"), md);
	free(md);
	json_decref(doc);
}

/* Every option a report does not take is refused by name; the ones it
 * takes are known; a required one missing is named by the check. */
static void test_options_refused_where_not_taken(void **state)
{
	size_t n, no;
	const svc_report *r = svc_reports(&n);
	const svc_report_option *opt = svc_report_options(&no);
	svc_report_args a;
	const char *field;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < no; k++) {
			svc_report_args_init(&r[i], &a);
			if (svc_report_takes(&r[i], &opt[k]))
				continue;
			assert_int_equal(svc_report_set(&r[i], &a, opt[k].name,
							"1"),
					 MAIS_EINVAL);
			assert_non_null(strstr(mais_error_last(), "not an "
								  "option"));
		}
		svc_report_args_init(&r[i], &a);
		if (r[i].needs)
			assert_int_equal(svc_report_check(&r[i], &a, &field),
					 MAIS_EINVAL);
		else
			assert_int_equal(svc_report_check(&r[i], &a, &field),
					 0);
	}
	r = svc_report_find("bulletin");
	svc_report_args_init(r, &a);
	assert_int_equal(svc_report_set(r, &a, "from", "2024-01-01"), 0);
	assert_int_equal(svc_report_check(r, &a, &field), MAIS_EINVAL);
	assert_string_equal(field, "to");
	assert_int_equal(svc_report_set(r, &a, "to", "2023-12-31"), 0);
	assert_int_equal(svc_report_check(r, &a, &field), MAIS_EINVAL);
	assert_string_equal(field, "to");
	assert_int_equal(svc_report_set(r, &a, "by", "year"), MAIS_EINVAL);
	assert_int_equal(svc_report_set(r, &a, "from", "2021-02-30"),
			 MAIS_EINVAL);
	assert_int_equal(svc_report_set(svc_report_find("donors"), &a,
					"rate_date", "nearest"),
			 MAIS_EINVAL);
}

#define SQUARE "POLYGON((44 40,44.01 40,44.01 40.01,44 40.01,44 40))"
#define CORNER "POLYGON((44 40,44.005 40,44.005 40.005,44 40.005,44 40))"

static double cell(json_t *row, const char *key)
{
	return json_number_value(json_object_get(row, key));
}

/* The hazard report of a hazard with a cleared corner: the parts are the
 * rows, the original area the total, and the rows add up to it (the same
 * figures as the hazard's accounting page of the HTTP case 0129). */
static void test_hazard_report_parts_add_up(void **state)
{
	testdb *f = *state;
	const svc_report *r = svc_report_find("hazard");
	const char *hz;
	svc_report_args a;
	mais_sheet *sh;
	json_t *j, *rows;
	double sum = 0;

	hz = testdb_add(f, "hazard", "approved", SQUARE, "hazard_class",
			"sha", "hazard_status", "active", NULL);
	testdb_add(f, "land_release", "approved", CORNER, "hazard_uuid", hz,
		   "method", "cleared", "release_date", "2021-01-01", NULL);
	svc_report_args_init(r, &a);
	assert_int_equal(svc_report_set(r, &a, "hazard", "HA-000001"), 0);
	assert_int_equal(svc_report_sheet(f->s, r, &a, &sh), 0);
	j = mais_sheet_json(sh);
	rows = json_object_get(j, "rows");
	assert_int_equal(json_array_size(rows), 4);
	for (size_t i = 0; i < 4; i++)
		sum += cell(json_array_get(rows, i), "m2");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(rows, 2), "part")),
			    "cleared");
	assert_float_equal(cell(json_array_get(rows, 2), "m2"), 237033.35,
			   0.005);
	assert_float_equal(cell(json_object_get(j, "total"), "m2"), 948099.21,
			   0.005);
	assert_float_equal(sum, 948099.21, 0.005);
	json_decref(j);
	mais_sheet_free(sh);
	/* an unknown hazard: not found */
	assert_int_equal(svc_report_set(r, &a, "hazard", "HA-999999"), 0);
	assert_int_equal(svc_report_sheet(f->s, r, &a, &sh), MAIS_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_lists_every_report),
		cmocka_unit_test(test_routes_and_openapi_cover_every_report),
		cmocka_unit_test(test_options_refused_where_not_taken),
		cmocka_unit_test_setup_teardown(test_hazard_report_parts_add_up,
						testdb_setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
