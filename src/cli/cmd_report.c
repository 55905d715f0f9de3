/*
 * cmd_report.c — `mais report KIND DB`: the reports of report.h written
 * as an aligned table for a person, CSV for a spreadsheet, or one JSON
 * object for a program.  The sheets and their writers are in
 * src/io/out_report.c, shared with the server; this file parses the
 * command line.
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "mais/report.h"
#include "io/out_report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

typedef enum format { F_TABLE, F_CSV, F_JSON } format;

typedef struct options {
	const char *kind, *db;
	mais_report_opts ropts;
	format fmt;
} options;

/* ------------------------------------------------------------------ */
/* The command.                                                         */

/* On stderr, so that the output stays what was asked for. */
static void note_no_admin(int level)
{
	if (level < 0)
		fprintf(stderr, "mais report: no admin area has a polygon: "
				"everything is unassigned\n");
	else
		fprintf(stderr,
			"mais report: no admin area of level %d has a "
			"polygon: everything is unassigned\n",
			level);
}

/* Computes the report of o->kind into a sheet and writes it. */
static int produce(mais_store *s, const options *o)
{
	mais_sheet *sh = NULL;
	int rc, level;

	rc = mais_sheet_report(s, o->kind, &o->ropts, &sh);
	if (rc)
		return rc;
	if (mais_sheet_no_admin(sh, &level))
		note_no_admin(level);
	switch (o->fmt) {
	case F_TABLE:
		rc = mais_sheet_write_table(sh, stdout);
		break;
	case F_CSV:
		rc = mais_sheet_write_csv(sh, stdout);
		break;
	case F_JSON:
		rc = mais_sheet_write_json(sh, stdout);
		break;
	}
	mais_sheet_free(sh);
	return rc;
}

static int parse_level(const char *s, int *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (!*s || *end || n < 0 || n > 100)
		return -1;
	*out = (int)n;
	return 0;
}

static int parse_by(const char *s, mais_report_by *by)
{
	static const mais_report_by all[] = {MAIS_REPORT_BY_ADMIN,
					     MAIS_REPORT_BY_YEAR,
					     MAIS_REPORT_BY_ORGANISATION};

	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (!strcmp(s, mais_report_by_name(all[i]))) {
			*by = all[i];
			return 0;
		}
	return -1;
}

static int parse_format(const char *s, format *f)
{
	if (!strcmp(s, "table"))
		*f = F_TABLE;
	else if (!strcmp(s, "csv"))
		*f = F_CSV;
	else if (!strcmp(s, "json"))
		*f = F_JSON;
	else
		return -1;
	return 0;
}

static int parse_option(int c, options *o)
{
	switch (c) {
	case 'b':
		if (parse_by(optarg, &o->ropts.by))
			return cli_usage(&cli_report, "--by is admin, year or "
						      "organisation");
		return 0;
	case 'l':
		if (parse_level(optarg, &o->ropts.admin_level))
			return cli_usage(&cli_report,
					 "--level is a number from 0");
		return 0;
	case 's':
		o->ropts.include_submitted = 1;
		return 0;
	case 'f':
		if (parse_format(optarg, &o->fmt))
			return cli_usage(&cli_report,
					 "--format is table, csv or json");
		return 0;
	}
	return cli_usage(&cli_report, "unknown option");
}

static int is_kind(const char *k)
{
	return !strcmp(k, "land-release") || !strcmp(k, "eo") ||
	       !strcmp(k, "casualties");
}

static int parse(int argc, char **argv, options *o)
{
	static const struct option opts[] = {
		{"by", required_argument, NULL, 'b'},
		{"level", required_argument, NULL, 'l'},
		{"include-submitted", no_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	int c, rc, by_given = 0;

	mais_report_opts_init(&o->ropts);
	o->fmt = F_TABLE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		by_given |= c == 'b' || c == 'l';
		if ((rc = parse_option(c, o)))
			return rc;
	}
	if (argc - optind != 2)
		return cli_usage(&cli_report, "give a report and a database");
	o->kind = argv[optind];
	o->db = argv[optind + 1];
	if (!is_kind(o->kind))
		return cli_usage(&cli_report,
				 "no report '%s' (land-release, eo, "
				 "casualties)",
				 o->kind);
	if (by_given && strcmp(o->kind, "land-release"))
		return cli_usage(&cli_report, "--by and --level are for "
					      "land-release only");
	return 0;
}

static int run(int argc, char **argv)
{
	options o;
	mais_store *s;
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc;
	if (mais_store_open(&s, o.db, MAIS_STORE_READONLY, NULL) < 0)
		return cli_fail("report");
	rc = produce(s, &o);
	mais_store_close(s);
	return rc ? cli_fail("report") : CLI_OK;
}

const cli_command cli_report = {
	.name = "report",
	.synopsis = "report land-release|eo|casualties DB [OPTIONS]",
	.summary = "land release accounting, EO found, casualties",
	.help = "mais report land-release DB [--by admin|year|organisation] "
		"[--level N]\n"
		"mais report eo DB\n"
		"mais report casualties DB\n"
		"  (each also [--include-submitted] [--format "
		"table|csv|json])\n\n"
		"land-release: hazards and the land cancelled, reduced and "
		"cleared, in m2,\n"
		"per admin area (default), year or organisation, with the "
		"released land\n"
		"outside recorded hazards and what remains.  Overlapping "
		"polygons count\n"
		"once (hazard m2); 'hazard sum m2' is the plain sum, to show "
		"the overlap.\n"
		"By admin, polygon areas are clipped to each admin area of the "
		"level\n"
		"(--level N; default the most detailed level with polygons), "
		"counts follow\n"
		"each record's admin area; 'unassigned' has the rest.\n"
		"eo: EO items (sum of quantity) and records by category and "
		"fate.\n"
		"casualties: victims by year, outcome, sex, age group and "
		"role, with the\n"
		"number of distinct accidents.\n\n"
		"Only approved records count; --include-submitted adds "
		"submitted and\n"
		"verified ones.  Drafts and rejected records never count.\n\n"
		"  --format table   aligned columns, areas rounded to m2 "
		"(default)\n"
		"  --format csv     header, rows, then the total; raw numbers\n"
		"  --format json    one object: report, options, rows[], "
		"total\n",
	.run = run,
};
