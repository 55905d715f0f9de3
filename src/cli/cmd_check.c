/*
 * cmd_check.c — `mais check DB`: the checks of check.h, printed as a
 * table for a person or as one JSON object for a program.
 */
#include "cli/cli.h"
#include "mais/mais.h"

#include <getopt.h>
#include <jansson.h>
#include <string.h>

typedef struct printer {
	int json;
	json_t *findings;
	size_t listed, unlisted;
} printer;

static const char *severity_name(mais_check_severity s)
{
	return s == MAIS_CHECK_ERROR ? "error" : "warning";
}

static int on_finding(const mais_check_finding *f, void *ctx)
{
	printer *p = ctx;

	if (p->listed >= MAIS_MAX_CHECK_LISTED) {
		p->unlisted++;
		return 0;
	}
	p->listed++;
	if (!p->json) {
		printf("%-7s  %-17s  %-16s  %-15s  %s\n",
		       severity_name(f->severity), f->entity,
		       *f->reference ? f->reference : "-", f->code, f->message);
		return 0;
	}
	json_array_append_new(
		p->findings,
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "severity",
			  severity_name(f->severity), "entity", f->entity,
			  "reference", f->reference, "uuid", f->uuid, "code",
			  f->code, "message", f->message));
	return 0;
}

static void print_json(const char *db, printer *p, const mais_check_summary *s)
{
	json_t *o = json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:o}",
			      "database", db, "ok", s->errors == 0,
			      "records", (json_int_t)s->records,
			      "geometries", (json_int_t)s->geometries,
			      "errors", (json_int_t)s->errors,
			      "warnings", (json_int_t)s->warnings,
			      "unlisted", (json_int_t)p->unlisted,
			      "findings", p->findings);

	json_dumpf(o, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(o);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	printer p = { 0 };
	mais_check_summary sum;
	mais_store *s;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage(&cli_check, "unknown option");
		if (strcmp(optarg, "json") && strcmp(optarg, "table"))
			return cli_usage(&cli_check,
					 "--format is table or json");
		p.json = !strcmp(optarg, "json");
	}
	if (argc - optind != 1)
		return cli_usage(&cli_check, "give one database");
	if (mais_store_open(&s, argv[optind], MAIS_STORE_READONLY, NULL) < 0)
		return cli_fail("check");
	if (p.json)
		p.findings = json_array();
	else
		printf("%-7s  %-17s  %-16s  %-15s  %s\n", "level", "entity",
		       "reference", "rule", "message");
	rc = mais_check_run(s, on_finding, &p, &sum);
	mais_store_close(s);
	if (rc < 0) {
		json_decref(p.findings);
		return cli_fail("check");
	}
	if (p.json) {
		print_json(argv[optind], &p, &sum);
	} else {
		if (p.unlisted)
			printf("... and %zu more not listed\n", p.unlisted);
		printf("%s: %zu records (%zu with a geometry), %zu errors, "
		       "%zu warnings\n", argv[optind], sum.records,
		       sum.geometries, sum.errors, sum.warnings);
	}
	return sum.errors ? CLI_DATA : CLI_OK;
}

const cli_command cli_check = {
	.name = "check",
	.synopsis = "check DB [--format table|json]",
	.summary = "check integrity, GeoPackage conformance and geometry rules",
	.help = "Runs SQLite's integrity and foreign-key checks, checks the "
		"GeoPackage 1.3\n"
		"requirements mais relies on (srs 4326, contents, geometry "
		"columns, spatial\n"
		"indexes), then the geometry rules of every stored record: "
		"errors for what\n"
		"is refused on entry (null geometry without an estimated area, "
		"wrong type,\n"
		"invalid polygon, not lon/lat), warnings for what is flagged "
		"(exact\n"
		"duplicates, segments over 5 km, slivers under 1 m2, outside "
		"the country).\n"
		"Exit status 3 when there are errors; warnings alone give 0.\n\n"
		"  --format table   one line a finding, then a summary "
		"(default)\n"
		"  --format json    one object: database, ok, records, "
		"geometries, errors,\n"
		"                   warnings, unlisted, findings[]\n",
	.run = run,
};
