/*
 * cmd_report.c — `mais report KIND DB [ARGS] [OPTIONS]`: any report of the
 * report registry (src/service/report.h) as an aligned table for a
 * person, CSV for a spreadsheet, one JSON object for a program, or an
 * XLSX workbook.  The command line options, their checks and `mais help
 * report` all come from the registry, so a report added there is here
 * too; this file only turns argv into the registry's options and writes
 * the sheet.
 */
#include "cli/cli.h"
#include "service/report.h"
#include "mais/error.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_GIVEN = 64, OPT_BASE = 256 };

typedef struct given {
	const char *name, *value;
} given;

typedef struct options {
	const svc_report *r;
	const char *db;
	svc_report_args a;
	mais_sheet_format fmt;
	const char *output; /* --output FILE, else stdout */
	given opts[MAX_GIVEN];
	size_t nopts;
} options;

/* ------------------------------------------------------------------ */
/* Writing.                                                             */

/* The sheet in o->fmt to o->output, else stdout. */
static int write_sheet(const mais_sheet *sh, const options *o)
{
	FILE *fp = stdout;
	int rc;

	if (o->output && !(fp = fopen(o->output, "wb")))
		return mais_error_set(MAIS_EIO, "cannot write %s", o->output);
	rc = mais_sheet_write(sh, o->fmt, fp);
	if (fp != stdout && fclose(fp) && !rc)
		rc = mais_error_set(MAIS_EIO, "cannot write %s", o->output);
	return rc;
}

/* Computes the report into a sheet and writes it; 1 when it found data
 * problems. */
static int produce(mais_store *s, const options *o)
{
	mais_sheet *sh = NULL;
	int rc = svc_report_sheet(s, o->r, &o->a, &sh);

	if (rc)
		return rc;
	/* on stderr, so that the output stays what was asked for */
	if (mais_sheet_note(sh))
		fprintf(stderr, "mais report: %s\n", mais_sheet_note(sh));
	rc = write_sheet(sh, o);
	if (!rc && mais_sheet_problems(sh))
		rc = 1;
	mais_sheet_free(sh);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Parsing.                                                             */

/* The long options: one per option of the registry, then --format and
 * --output. */
static void long_options(struct option *lo)
{
	size_t n;
	const svc_report_option *opt = svc_report_options(&n);

	for (size_t i = 0; i < n; i++)
		lo[i] = (struct option){opt[i].name,
					opt[i].metavar ? required_argument
						       : no_argument,
					NULL, OPT_BASE + (int)i};
	lo[n] = (struct option){"format", required_argument, NULL, 'f'};
	lo[n + 1] = (struct option){"output", required_argument, NULL, 'o'};
	lo[n + 2] = (struct option){NULL, 0, NULL, 0};
}

static int take(int c, options *o)
{
	size_t n;
	const svc_report_option *opt = svc_report_options(&n);

	if (c == 'f') {
		if (mais_sheet_format_parse(optarg, &o->fmt))
			return cli_usage(&cli_report, "--%s",
					 mais_error_last());
		return 0;
	}
	if (c == 'o') {
		o->output = optarg;
		return 0;
	}
	if (c < OPT_BASE || (size_t)(c - OPT_BASE) >= n)
		return cli_usage(&cli_report, "unknown option");
	if (o->nopts == MAX_GIVEN)
		return cli_usage(&cli_report, "too many options");
	o->opts[o->nopts++] = (given){opt[c - OPT_BASE].name, optarg};
	return 0;
}

/* The arguments after DB: the report's positional options, in order. */
static int positionals(options *o, char **rest, int nrest)
{
	size_t n;
	const svc_report_option *opt = svc_report_options(&n);
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!opt[i].positional || !svc_report_takes(o->r, &opt[i]))
			continue;
		if (k == nrest)
			return cli_usage(&cli_report, "report %s: give the %s",
					 o->r->name, opt[i].metavar);
		if (svc_report_set(o->r, &o->a, opt[i].name, rest[k++]))
			return cli_usage(&cli_report, "%s", mais_error_last());
	}
	if (k != nrest)
		return cli_usage(&cli_report, "report %s: too many arguments",
				 o->r->name);
	return 0;
}

/* The report's options from what the command line gave. */
static int apply(options *o, char **rest, int nrest)
{
	const char *field;
	int rc;

	svc_report_args_init(o->r, &o->a);
	for (size_t i = 0; i < o->nopts; i++)
		if (svc_report_set(o->r, &o->a, o->opts[i].name,
				   o->opts[i].value))
			return cli_usage(&cli_report, "--%s",
					 mais_error_last());
	if ((rc = positionals(o, rest, nrest)))
		return rc;
	if (svc_report_check(o->r, &o->a, &field))
		return cli_usage(&cli_report, "--%s", mais_error_last());
	if (o->fmt == MAIS_SHEET_XLSX && !o->output)
		return cli_usage(&cli_report, "--format xlsx needs --output "
					      "FILE");
	return 0;
}

static int parse(int argc, char **argv, options *o)
{
	size_t n;
	struct option lo[64];
	int c, rc;

	svc_report_options(&n);
	if (n + 3 > sizeof lo / sizeof *lo)
		return cli_usage(&cli_report, "too many report options");
	long_options(lo);
	memset(o, 0, sizeof *o);
	o->fmt = MAIS_SHEET_TABLE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1)
		if ((rc = take(c, o)))
			return rc;
	if (argc - optind < 2)
		return cli_usage(&cli_report, "give a report and a database");
	if (!(o->r = svc_report_find(argv[optind])))
		return cli_usage(&cli_report,
				 "no report '%s' (see 'mais help report')",
				 argv[optind]);
	o->db = argv[optind + 1];
	return apply(o, argv + optind + 2, argc - optind - 2);
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
	if (rc == 1)
		return CLI_DATA;
	return rc ? cli_fail("report") : CLI_OK;
}

/* ------------------------------------------------------------------ */
/* Help, from the registry.                                             */

/* text wrapped at 76 columns, each line after indent. */
static void wrap(FILE *out, const char *indent, const char *text)
{
	size_t col = 0, ind = strlen(indent);

	while (*text) {
		size_t w = strcspn(text, " ");

		if (col && col + 1 + w > 76) {
			fputc('\n', out);
			col = 0;
		}
		if (!col) {
			fputs(indent, out);
			col = ind;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, w, out);
		col += w;
		text += w;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

/* "--by admin|year|organisation": the option with its value. */
static void option_use(FILE *out, const svc_report *r,
		       const svc_report_option *opt)
{
	if (opt->positional) {
		fprintf(out, " %s", opt->metavar);
		return;
	}
	fprintf(out, " %s--%s", r->needs & opt->id ? "" : "[", opt->name);
	if (opt->id == SVC_OPT_BY)
		for (size_t i = 0; i < r->nby; i++)
			fprintf(out, "%c%s", i ? '|' : ' ',
				mais_report_by_name(r->by[i]));
	else if (opt->metavar)
		fprintf(out, " %s", opt->metavar);
	fputs(r->needs & opt->id ? "" : "]", out);
}

static void report_help(FILE *out, const svc_report *r)
{
	size_t n;
	const svc_report_option *opt = svc_report_options(&n);

	fprintf(out, "mais report %s DB", r->name);
	for (size_t i = 0; i < n; i++)
		if (opt[i].id != SVC_OPT_SUBMITTED && (r->takes & opt[i].id))
			option_use(out, r, &opt[i]);
	fputc('\n', out);
	wrap(out, "    ", r->title);
	wrap(out, "    ", r->doc);
	fputc('\n', out);
}

static void help(FILE *out)
{
	size_t n, nr;
	const svc_report_option *opt = svc_report_options(&n);
	const svc_report *r = svc_reports(&nr);

	fputs("Reports:\n\n", out);
	for (size_t i = 0; i < nr; i++)
		report_help(out, &r[i]);
	fputs("Options (each report takes those its line shows, and "
	      "--include-submitted,\n--format and --output):\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		if (opt[i].positional)
			fprintf(out, "  %s, or --%s %s\n", opt[i].metavar,
				opt[i].name, opt[i].metavar);
		else
			fprintf(out, "  --%s%s%s\n", opt[i].name,
				opt[i].metavar ? " " : "",
				opt[i].metavar ? opt[i].metavar : "");
		wrap(out, "      ", opt[i].doc);
	}
	fputs("  --format table|csv|json|xlsx\n", out);
	wrap(out, "      ",
	     "table: aligned columns, areas rounded to m2 (default); csv: "
	     "header, rows, then the total, raw numbers; json: one object: "
	     "report, options, rows[], total; xlsx: a workbook (needs "
	     "--output).");
	fputs("  --output FILE\n", out);
	wrap(out, "      ", "write to FILE instead of the standard output.");
	fputs("\nOnly approved records count; --include-submitted adds "
	      "submitted and\nverified ones.  Drafts and rejected records "
	      "never count.\n",
	      out);
}

const cli_command cli_report = {
	.name = "report",
	.synopsis = "report KIND DB [ARGS] [OPTIONS]",
	.summary = "the reports of a database as a table, CSV, JSON or XLSX "
		   "(help report lists them)",
	.help_fn = help,
	.run = run,
};
