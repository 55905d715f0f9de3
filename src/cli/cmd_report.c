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

typedef enum format { F_TABLE, F_CSV, F_JSON, F_XLSX } format;

typedef struct options {
	const char *kind, *db;
	mais_report_opts ropts;
	format fmt;
	const char *currency;	/* donors: the reporting currency */
	mais_rate_match match;	/* donors: which rate of the pledge date */
	const char *output;	/* --output FILE, else stdout (xlsx) */
	int by_given, level_given;
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

static int write_stream(const mais_sheet *sh, format fmt, FILE *fp)
{
	switch (fmt) {
	case F_TABLE:
		return mais_sheet_write_table(sh, fp);
	case F_CSV:
		return mais_sheet_write_csv(sh, fp);
	case F_JSON:
		return mais_sheet_write_json(sh, fp);
	case F_XLSX:
		break;
	}
	return mais_error_set(MAIS_EINVAL, "xlsx needs --output");
}

/* The sheet in o->fmt to o->output, else stdout. */
static int write_sheet(const mais_sheet *sh, const options *o)
{
	FILE *fp;
	int rc;

	if (o->fmt == F_XLSX)
		return mais_sheet_write_xlsx(sh, o->output);
	if (!o->output)
		return write_stream(sh, o->fmt, stdout);
	if (!(fp = fopen(o->output, "w")))
		return mais_error_set(MAIS_EIO, "cannot write %s", o->output);
	rc = write_stream(sh, o->fmt, fp);
	if (fclose(fp) && !rc)
		rc = mais_error_set(MAIS_EIO, "cannot write %s", o->output);
	return rc;
}

/* Computes the report of o->kind into a sheet and writes it. */
static int produce(mais_store *s, const options *o)
{
	mais_sheet *sh = NULL;
	int rc, level;

	if (!strcmp(o->kind, "donors"))
		rc = mais_sheet_donors(s, &o->ropts, o->currency, o->match,
				       &sh);
	else
		rc = mais_sheet_report(s, o->kind, &o->ropts, &sh);
	if (rc)
		return rc;
	if (mais_sheet_no_admin(sh, &level))
		note_no_admin(level);
	rc = write_sheet(sh, o);
	if (!rc && mais_sheet_missing_rates(sh)) {
		fprintf(stderr,
			"mais report: %zu amounts have no exchange rate to %s "
			"(see the rows' problems)\n",
			mais_sheet_missing_rates(sh), o->currency);
		rc = 1; /* data problems */
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
	static const mais_report_by all[] = {
		MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_YEAR,
		MAIS_REPORT_BY_ORGANISATION, MAIS_REPORT_BY_METHOD};

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
	else if (!strcmp(s, "xlsx"))
		*f = F_XLSX;
	else
		return -1;
	return 0;
}

static int parse_ops_option(int c, options *o);

static int parse_option(int c, options *o)
{
	switch (c) {
	case 'b':
		if (parse_by(optarg, &o->ropts.by))
			return cli_usage(&cli_report, "--by is admin, year, "
						      "organisation or method");
		return 0;
	case 'l':
		if (parse_level(optarg, &o->ropts.admin_level))
			return cli_usage(&cli_report,
					 "--level is a number from 0");
		return 0;
	case 's':
		o->ropts.include_submitted = 1;
		return 0;
	case 'c':
		o->currency = optarg;
		return 0;
	case 'r':
		if (!strcmp(optarg, "exact"))
			o->match = MAIS_RATE_EXACT_DATE;
		else if (!strcmp(optarg, "on-or-before"))
			o->match = MAIS_RATE_ON_OR_BEFORE;
		else
			return cli_usage(&cli_report, "--rate-date is exact or "
						      "on-or-before");
		return 0;
	case 'f':
		if (parse_format(optarg, &o->fmt))
			return cli_usage(&cli_report,
					 "--format is table, csv, json or "
					 "xlsx");
		return 0;
	}
	return parse_ops_option(c, o);
}

/* Options of the operational reports and the output file. */
static int parse_ops_option(int c, options *o)
{
	switch (c) {
	case 'F':
		o->ropts.from = optarg;
		return 0;
	case 'T':
		o->ropts.to = optarg;
		return 0;
	case 'L':
		o->ropts.list = 1;
		return 0;
	case 'o':
		o->output = optarg;
		return 0;
	}
	return cli_usage(&cli_report, "unknown option");
}

static int is_kind(const char *k)
{
	return !strcmp(k, "land-release") || !strcmp(k, "eo") ||
	       !strcmp(k, "casualties") || !strcmp(k, "donors") ||
	       !strcmp(k, "bulletin") || !strcmp(k, "eore") ||
	       !strcmp(k, "equipment");
}

/* 1 if --by names a grouping of the report kind. */
static int by_fits(const char *kind, mais_report_by by)
{
	if (!strcmp(kind, "land-release"))
		return by != MAIS_REPORT_BY_METHOD;
	if (!strcmp(kind, "bulletin"))
		return by == MAIS_REPORT_BY_ADMIN ||
		       by == MAIS_REPORT_BY_ORGANISATION;
	if (!strcmp(kind, "eore"))
		return by == MAIS_REPORT_BY_ADMIN ||
		       by == MAIS_REPORT_BY_METHOD;
	return 0;
}

/* The checks of the operational reports' options. */
static int check_ops(const options *o)
{
	const mais_report_opts *r = &o->ropts;
	int bulletin = !strcmp(o->kind, "bulletin");

	if (o->by_given && !by_fits(o->kind, r->by))
		return cli_usage(&cli_report,
				 "--by: land-release admin|year|organisation, "
				 "bulletin admin|organisation, eore "
				 "admin|method");
	if (o->level_given && strcmp(o->kind, "land-release"))
		return cli_usage(&cli_report, "--level is for land-release "
					      "only");
	if (bulletin && (!r->from || !r->to))
		return cli_usage(&cli_report, "bulletin needs --from and --to");
	if ((r->from || r->to) && !bulletin && strcmp(o->kind, "eore"))
		return cli_usage(&cli_report, "--from and --to are for "
					      "bulletin and eore");
	if (r->list && strcmp(o->kind, "equipment"))
		return cli_usage(&cli_report, "--list is for equipment");
	if (o->fmt == F_XLSX && !o->output)
		return cli_usage(&cli_report, "--format xlsx needs --output "
					      "FILE");
	return 0;
}

static int parse(int argc, char **argv, options *o)
{
	static const struct option opts[] = {
		{"by", required_argument, NULL, 'b'},
		{"level", required_argument, NULL, 'l'},
		{"include-submitted", no_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"currency", required_argument, NULL, 'c'},
		{"rate-date", required_argument, NULL, 'r'},
		{"from", required_argument, NULL, 'F'},
		{"to", required_argument, NULL, 'T'},
		{"list", no_argument, NULL, 'L'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	mais_report_opts_init(&o->ropts);
	o->fmt = F_TABLE;
	o->currency = NULL;
	o->match = MAIS_RATE_EXACT_DATE;
	o->output = NULL;
	o->by_given = o->level_given = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		o->by_given |= c == 'b';
		o->level_given |= c == 'l';
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
				 "casualties, donors, bulletin, eore, "
				 "equipment)",
				 o->kind);
	if ((rc = check_ops(o)))
		return rc;
	if (!strcmp(o->kind, "donors") != (o->currency != NULL))
		return cli_usage(&cli_report, "--currency is for donors, and "
					      "donors needs it");
	return 0;
}

static int run(int argc, char **argv)
{
	options o;
	mais_store *s;
	int rc;

	/* one hazard's accounting: cmd_report_hazard.c */
	if (argc > 1 && !strcmp(argv[1], "hazard"))
		return cli_report_hazard(argc, argv);
	rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	if (mais_store_open(&s, o.db, MAIS_STORE_READONLY, NULL) < 0)
		return cli_fail("report");
	rc = produce(s, &o);
	mais_store_close(s);
	if (rc == 1)
		return CLI_DATA;
	return rc ? cli_fail("report") : CLI_OK;
}

const cli_command cli_report = {
	.name = "report",
	.synopsis = "report land-release|eo|casualties|donors|bulletin|eore|"
		    "equipment DB [OPTIONS]",
	.summary = "land release accounting, EO found, casualties, donors, "
		   "bulletin, EORE reach, equipment",
	.help = "mais report land-release DB [--by admin|year|organisation] "
		"[--level N]\n"
		"mais report eo DB\n"
		"mais report casualties DB\n"
		"mais report bulletin DB --from YYYY-MM-DD --to YYYY-MM-DD "
		"[--by admin|organisation]\n"
		"mais report eore DB [--by admin|method] [--from D] [--to D]\n"
		"mais report equipment DB [--list]\n"
		"mais report hazard DB REFERENCE_OR_UUID  (one hazard's "
		"accounting)\n"
		"mais report donors DB --currency CODE [--rate-date "
		"exact|on-or-before]\n"
		"  (each also [--include-submitted] [--format "
		"table|csv|json|xlsx] [--output FILE]; xlsx needs --output)\n\n"
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
		"casualties: victims by year, outcome, sex, age group, "
		"role and EO category\n"
		"(of the accident), with the number of distinct accidents.\n"
		"bulletin: per admin area or operator in the period, EO found "
		"and destroyed\n"
		"(destroyed in situ or transported for destruction): AP mines, "
		"AT mines, UXO\n"
		"(uxo, axo, submunition), other; land cleared in ha; EOD spot "
		"tasks.\n"
		"eore: sessions and people reached by sex, age band and "
		"disability, per\n"
		"admin area or method.\n"
		"equipment: items by type and status; --list: make, model, "
		"serial, donor,\n"
		"date received, status and team of each.\n"
		"donors: per donor pledged, received (allocated) and spent, in "
		"the original\n"
		"currencies and in --currency (ISO 4217) at the rate of each "
		"pledge's date\n"
		"(--rate-date on-or-before: the latest rate up to it), m2 "
		"released and EO\n"
		"destroyed by the activities funded, cost per m2; then per "
		"operator.  A\n"
		"missing rate is shown in the row and exits with 3.\n\n"
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
