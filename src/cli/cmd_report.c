/*
 * cmd_report.c — `mais report KIND DB`: the reports of report.h written
 * as an aligned table for a person, CSV for a spreadsheet, or one JSON
 * object for a program.
 *
 * Each report is first turned into a "sheet": named columns and rows of
 * typed cells, the total last.  The three writers only know sheets, so a
 * new report needs one function that fills a sheet, and every format
 * shows the same columns.  Areas are m²: raw numbers in CSV and JSON, with
 * thousands separators and no decimals in the table.
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "mais/report.h"

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum vtype { V_NULL, V_TEXT, V_COUNT, V_AREA } vtype;

typedef struct value {
	vtype type;
	const char *s; /* V_TEXT */
	double n;      /* V_COUNT, V_AREA */
} value;

typedef struct column {
	const char *key;  /* CSV header and JSON key */
	const char *head; /* table header, NULL: not in the table */
} column;

typedef struct sheet {
	const char *report; /* "land-release" */
	const column *cols;
	size_t ncols;
	size_t nrows;  /* rows, the total being the last */
	value *cells;  /* nrows × ncols */
	json_t *extra; /* more members of the JSON object, or NULL */
} sheet;

typedef enum format { F_TABLE, F_CSV, F_JSON } format;

typedef struct options {
	const char *kind, *db;
	mais_report_opts ropts;
	format fmt;
} options;

static value text(const char *s)
{
	return (value){.type = s ? V_TEXT : V_NULL, .s = s};
}

static value count(double n)
{
	return (value){.type = V_COUNT, .n = n};
}

static value area(double n)
{
	return (value){.type = V_AREA, .n = n};
}

static int sheet_alloc(sheet *sh, size_t nrows)
{
	sh->nrows = nrows;
	sh->cells = calloc(nrows * sh->ncols, sizeof *sh->cells);
	if (!sh->cells)
		return mais_error_set(MAIS_ENOMEM, "report: out of memory");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reports to sheets.                                                   */

static const column lr_cols[] = {
	{"group", "group"},
	{"group_uuid", NULL},
	{"hazards", "hazards"},
	{"hazards_indication", "ind"},
	{"hazards_sha", "sha"},
	{"hazards_cha", "cha"},
	{"releases", "releases"},
	{"hazard_area_m2", "hazard m2"},
	{"hazard_area_sum_m2", "hazard sum m2"},
	{"cancelled_m2", "cancelled m2"},
	{"reduced_m2", "reduced m2"},
	{"cleared_m2", "cleared m2"},
	{"released_outside_hazards_m2", "outside hz m2"},
	{"released_by_number_m2", "by number m2"},
	{"remaining_m2", "remaining m2"},
};

static void lr_row(value *v, const mais_lr_row *r)
{
	*v++ = text(r->group);
	*v++ = text(r->group_uuid);
	*v++ = count((double)r->hazards);
	*v++ = count((double)r->hazards_indication);
	*v++ = count((double)r->hazards_sha);
	*v++ = count((double)r->hazards_cha);
	*v++ = count((double)r->releases);
	*v++ = area(r->hazard_area_m2);
	*v++ = area(r->hazard_area_sum_m2);
	*v++ = area(r->cancelled_m2);
	*v++ = area(r->reduced_m2);
	*v++ = area(r->cleared_m2);
	*v++ = area(r->released_outside_hazards_m2);
	*v++ = area(r->released_by_number_m2);
	*v = area(r->remaining_m2);
}

static int lr_sheet(const mais_lr_report *rep, sheet *sh)
{
	size_t n = rep->nrows + (rep->has_unassigned ? 1 : 0), i;

	sh->report = "land-release";
	sh->cols = lr_cols;
	sh->ncols = sizeof lr_cols / sizeof *lr_cols;
	if (sheet_alloc(sh, n + 1))
		return -1;
	for (i = 0; i < rep->nrows; i++)
		lr_row(&sh->cells[i * sh->ncols], &rep->rows[i]);
	if (rep->has_unassigned)
		lr_row(&sh->cells[i * sh->ncols], &rep->unassigned);
	lr_row(&sh->cells[n * sh->ncols], &rep->total);
	sh->extra = json_pack("{s:s, s:b}", "by", mais_report_by_name(rep->by),
			      "include_submitted", rep->include_submitted);
	if (rep->by == MAIS_REPORT_BY_ADMIN)
		json_object_set_new(sh->extra, "level",
				    rep->admin_level < 0
					    ? json_null()
					    : json_integer(rep->admin_level));
	return 0;
}

static const column eo_cols[] = {
	{"eo_category", "category"},
	{"fate", "fate"},
	{"items", "items"},
	{"records", "records"},
};

static void eo_row(value *v, const mais_eo_row *r)
{
	v[0] = text(r->eo_category);
	v[1] = text(r->fate);
	v[2] = count((double)r->items);
	v[3] = count((double)r->records);
}

static int eo_sheet(const mais_eo_report *rep, sheet *sh)
{
	sh->report = "eo";
	sh->cols = eo_cols;
	sh->ncols = sizeof eo_cols / sizeof *eo_cols;
	if (sheet_alloc(sh, rep->nrows + 1))
		return -1;
	for (size_t i = 0; i < rep->nrows; i++)
		eo_row(&sh->cells[i * sh->ncols], &rep->rows[i]);
	eo_row(&sh->cells[rep->nrows * sh->ncols], &rep->total);
	sh->extra =
		json_pack("{s:b}", "include_submitted", rep->include_submitted);
	return 0;
}

static const column cas_cols[] = {
	{"year", "year"},
	{"outcome", "outcome"},
	{"sex", "sex"},
	{"age_group", "age group"},
	{"victim_role", "role"},
	{"victims", "victims"},
	{"accidents", "accidents"},
};

static void cas_row(value *v, const mais_cas_row *r)
{
	v[0] = text(r->year);
	v[1] = text(r->outcome);
	v[2] = text(r->sex);
	v[3] = text(r->age_group);
	v[4] = text(r->victim_role);
	v[5] = count((double)r->victims);
	v[6] = count((double)r->accidents);
}

static int cas_sheet(const mais_cas_report *rep, sheet *sh)
{
	sh->report = "casualties";
	sh->cols = cas_cols;
	sh->ncols = sizeof cas_cols / sizeof *cas_cols;
	if (sheet_alloc(sh, rep->nrows + 1))
		return -1;
	for (size_t i = 0; i < rep->nrows; i++)
		cas_row(&sh->cells[i * sh->ncols], &rep->rows[i]);
	cas_row(&sh->cells[rep->nrows * sh->ncols], &rep->total);
	sh->extra = json_pack("{s:b, s:I}", "include_submitted",
			      rep->include_submitted, "accident_records",
			      (json_int_t)rep->accidents);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Writers.                                                             */

/* n with thousands separators, rounded to a whole number. */
static void grouped(char *buf, size_t len, double n)
{
	char digits[64];
	size_t nd, o = 0;
	int neg = n < 0;

	snprintf(digits, sizeof digits, "%.0f", fabs(n));
	nd = strlen(digits);
	if (neg && o + 1 < len)
		buf[o++] = '-';
	for (size_t i = 0; i < nd && o + 2 < len; i++) {
		if (i && (nd - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static void cell_text(const value *v, char *buf, size_t len)
{
	switch (v->type) {
	case V_NULL:
		snprintf(buf, len, "-");
		break;
	case V_TEXT:
		snprintf(buf, len, "%s", v->s);
		break;
	case V_COUNT:
		snprintf(buf, len, "%.0f", v->n);
		break;
	case V_AREA:
		grouped(buf, len, v->n);
		break;
	}
}

/* Display width of a UTF-8 string: one column a code point. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void pad(size_t n)
{
	while (n--)
		putchar(' ');
}

/* One table line: text left-aligned, numbers right-aligned. */
static void table_line(const sheet *sh, const size_t *w, size_t row)
{
	char buf[256];
	int first = 1;

	for (size_t c = 0; c < sh->ncols; c++) {
		const value *v = row == SIZE_MAX
					 ? NULL
					 : &sh->cells[row * sh->ncols + c];

		if (!sh->cols[c].head)
			continue;
		if (!first)
			fputs("  ", stdout);
		first = 0;
		if (v)
			cell_text(v, buf, sizeof buf);
		else
			snprintf(buf, sizeof buf, "%s", sh->cols[c].head);
		if (v && v->type != V_TEXT && v->type != V_NULL)
			pad(w[c] - width(buf));
		fputs(buf, stdout);
		if (!v || v->type == V_TEXT || v->type == V_NULL)
			pad(c + 1 < sh->ncols ? w[c] - width(buf) : 0);
	}
	putchar('\n');
}

static void write_table(const sheet *sh)
{
	size_t *w = calloc(sh->ncols, sizeof *w), total = 0;
	char buf[256];

	if (!w)
		return;
	for (size_t c = 0; c < sh->ncols; c++) {
		w[c] = width(sh->cols[c].head ? sh->cols[c].head : "");
		for (size_t r = 0; r < sh->nrows; r++) {
			cell_text(&sh->cells[r * sh->ncols + c], buf,
				  sizeof buf);
			if (width(buf) > w[c])
				w[c] = width(buf);
		}
		total += sh->cols[c].head ? w[c] + 2 : 0;
	}
	table_line(sh, w, SIZE_MAX);
	for (size_t r = 0; r < sh->nrows; r++) {
		if (r + 1 == sh->nrows)
			for (size_t i = 0; i + 2 < total; i++)
				putchar('-');
		if (r + 1 == sh->nrows)
			putchar('\n');
		table_line(sh, w, r);
	}
	free(w);
}

/* RFC 4180: a field with a comma, quote or line break is quoted, its
 * quotes doubled. */
static void csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void csv_value(const value *v)
{
	switch (v->type) {
	case V_NULL:
		break;
	case V_TEXT:
		csv_field(v->s);
		break;
	case V_COUNT:
		printf("%.0f", v->n);
		break;
	case V_AREA:
		printf("%.1f", v->n);
		break;
	}
}

static void write_csv(const sheet *sh)
{
	for (size_t c = 0; c < sh->ncols; c++) {
		if (c)
			putchar(',');
		csv_field(sh->cols[c].key);
	}
	fputs("\r\n", stdout);
	for (size_t r = 0; r < sh->nrows; r++) {
		for (size_t c = 0; c < sh->ncols; c++) {
			if (c)
				putchar(',');
			csv_value(&sh->cells[r * sh->ncols + c]);
		}
		fputs("\r\n", stdout);
	}
}

static json_t *json_value(const value *v)
{
	switch (v->type) {
	case V_TEXT:
		return json_string(v->s);
	case V_COUNT:
		return json_integer((json_int_t)v->n);
	case V_AREA:
		return json_real(v->n);
	case V_NULL:
		break;
	}
	return json_null();
}

static json_t *json_row(const sheet *sh, size_t r)
{
	json_t *o = json_object();

	for (size_t c = 0; c < sh->ncols; c++)
		json_object_set_new(o, sh->cols[c].key,
				    json_value(&sh->cells[r * sh->ncols + c]));
	return o;
}

static int write_json(const sheet *sh)
{
	json_t *o = json_object(), *rows = json_array();
	int rc;

	json_object_set_new(o, "report", json_string(sh->report));
	if (sh->extra)
		json_object_update(o, sh->extra);
	for (size_t r = 0; r + 1 < sh->nrows; r++)
		json_array_append_new(rows, json_row(sh, r));
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "total", json_row(sh, sh->nrows - 1));
	/* 15 significant digits: m² to the millimetre², no binary noise */
	rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	fputc('\n', stdout);
	json_decref(o);
	return rc ? mais_error_set(MAIS_EIO, "cannot write JSON") : 0;
}

static int write_sheet(const sheet *sh, format f)
{
	switch (f) {
	case F_TABLE:
		write_table(sh);
		break;
	case F_CSV:
		write_csv(sh);
		break;
	case F_JSON:
		return write_json(sh);
	}
	return 0;
}

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
	sheet sh = {0};
	mais_lr_report *lr = NULL;
	mais_eo_report *eo = NULL;
	mais_cas_report *cas = NULL;
	int rc;

	if (!strcmp(o->kind, "land-release")) {
		rc = mais_report_land_release(s, &o->ropts, &lr);
		if (!rc && lr->by == MAIS_REPORT_BY_ADMIN && !lr->nrows)
			note_no_admin(lr->admin_level);
		rc = rc ? rc : lr_sheet(lr, &sh);
	} else if (!strcmp(o->kind, "eo")) {
		rc = mais_report_eo(s, &o->ropts, &eo);
		rc = rc ? rc : eo_sheet(eo, &sh);
	} else {
		rc = mais_report_casualties(s, &o->ropts, &cas);
		rc = rc ? rc : cas_sheet(cas, &sh);
	}
	if (!rc)
		rc = write_sheet(&sh, o->fmt);
	free(sh.cells);
	json_decref(sh.extra);
	mais_lr_report_free(lr);
	mais_eo_report_free(eo);
	mais_cas_report_free(cas);
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
