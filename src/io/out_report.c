/*
 * out_report.c — a report sheet and its writers (out_report.h): an
 * aligned table, CSV and JSON here, XLSX in out_xlsx.c; the sheet of each
 * report is filled in out_sheets.c.  The command line and the server
 * write through the same functions, so they give the same columns and
 * numbers.
 */
#include "io/out_sheet.h"
#include "mais/error.h"
#include "mais/donors.h"
#include "mais/vocab.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct mais_sheet sheet;

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
	case V_MONEY:
		if (mais_money_format(v->minor, v->s, 1, buf, len))
			snprintf(buf, len, "?");
		break;
	case V_FIXED2:
		snprintf(buf, len, "%.2f", v->n);
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

static void pad(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

/* One table line: text left-aligned, numbers right-aligned. */
static void table_line(FILE *fp, const sheet *sh, const size_t *w, size_t row)
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
			fputs("  ", fp);
		first = 0;
		if (v)
			cell_text(v, buf, sizeof buf);
		else
			snprintf(buf, sizeof buf, "%s", sh->cols[c].head);
		if (v && v->type != V_TEXT && v->type != V_NULL)
			pad(fp, w[c] - width(buf));
		fputs(buf, fp);
		if (!v || v->type == V_TEXT || v->type == V_NULL)
			pad(fp, c + 1 < sh->ncols ? w[c] - width(buf) : 0);
	}
	fputc('\n', fp);
}

int mais_sheet_write_table(const sheet *sh, FILE *fp)
{
	size_t *w = calloc(sh->ncols, sizeof *w), total = 0;
	char buf[256];

	if (!w)
		return mais_error_nomem();
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
	table_line(fp, sh, w, SIZE_MAX);
	for (size_t r = 0; r < sh->nrows; r++) {
		if (r + 1 == sh->nrows) {
			for (size_t i = 0; i + 2 < total; i++)
				fputc('-', fp);
			fputc('\n', fp);
		}
		table_line(fp, sh, w, r);
	}
	free(w);
	return ferror(fp) ? mais_error_set(MAIS_EIO, "cannot write report") : 0;
}

/* RFC 4180: a field with a comma, quote or line break is quoted, its
 * quotes doubled. */
static void csv_field(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void csv_value(FILE *fp, const value *v)
{
	char buf[64];

	switch (v->type) {
	case V_NULL:
		break;
	case V_TEXT:
		csv_field(fp, v->s);
		break;
	case V_COUNT:
		fprintf(fp, "%.0f", v->n);
		break;
	case V_AREA:
		fprintf(fp, "%.1f", v->n);
		break;
	case V_MONEY:
		if (!mais_money_format(v->minor, v->s, 0, buf, sizeof buf))
			fputs(buf, fp);
		break;
	case V_FIXED2:
		fprintf(fp, "%.2f", v->n);
		break;
	}
}

int mais_sheet_write_csv(const sheet *sh, FILE *fp)
{
	for (size_t c = 0; c < sh->ncols; c++) {
		if (c)
			fputc(',', fp);
		csv_field(fp, sh->cols[c].key);
	}
	fputs("\r\n", fp);
	for (size_t r = 0; r < sh->nrows; r++) {
		for (size_t c = 0; c < sh->ncols; c++) {
			if (c)
				fputc(',', fp);
			csv_value(fp, &sh->cells[r * sh->ncols + c]);
		}
		fputs("\r\n", fp);
	}
	return ferror(fp) ? mais_error_set(MAIS_EIO, "cannot write CSV") : 0;
}

static json_t *json_value(const value *v)
{
	switch (v->type) {
	case V_TEXT:
		return json_string(v->s);
	case V_COUNT:
		return json_integer((json_int_t)v->n);
	case V_AREA:
	case V_FIXED2:
		return json_real(v->n);
	case V_MONEY: {
		/* a string: exact, where a JSON number may be read as a
		 * double */
		char buf[64];

		if (mais_money_format(v->minor, v->s, 0, buf, sizeof buf))
			break;
		return json_string(buf);
	}
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

/* [{"label", "value"}]: what the report counts, for people. */
static json_t *json_info(const sheet *sh)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sh->ninfo; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "label",
						   sh->info[i].label, "value",
						   sh->info[i].value));
	return a;
}

/* [{"key", "label", "vocabulary"}]: the columns, with the header a
 * person reads (null: for programs) and the vocabulary of codes. */
static json_t *json_columns(const sheet *sh)
{
	json_t *a = json_array();

	for (size_t c = 0; c < sh->ncols; c++) {
		const char *label = mais_sheet_col_label(sh, c);
		const char *vocab = mais_sheet_col_vocab(sh, c);

		json_array_append_new(a, json_pack("{s:s, s:s?, s:s?}", "key",
						   sh->cols[c].key, "label",
						   label, "vocabulary", vocab));
	}
	return a;
}

json_t *mais_sheet_json(const sheet *sh)
{
	json_t *o = json_object(), *rows = json_array();

	if (!o || !rows) {
		json_decref(o);
		json_decref(rows);
		return NULL;
	}
	json_object_set_new(o, "report", json_string(sh->report));
	json_object_set_new(o, "title", json_string(mais_sheet_title(sh)));
	json_object_set_new(o, "info", json_info(sh));
	json_object_set_new(o, "columns", json_columns(sh));
	if (sh->extra)
		json_object_update(o, sh->extra);
	for (size_t r = 0; r + 1 < sh->nrows; r++)
		json_array_append_new(rows, json_row(sh, r));
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "total", json_row(sh, sh->nrows - 1));
	return o;
}

int mais_sheet_write_json(const sheet *sh, FILE *fp)
{
	json_t *o = mais_sheet_json(sh);
	int rc;

	if (!o)
		return mais_error_nomem();
	/* 15 significant digits: m² to the millimetre², no binary noise */
	rc = json_dumpf(o, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	fputc('\n', fp);
	json_decref(o);
	return rc || ferror(fp) ? mais_error_set(MAIS_EIO, "cannot write JSON")
				: 0;
}

/* ------------------------------------------------------------------ */
/* The sheet.                                                           */

int mais_sheet_new(sheet **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : mais_error_nomem();
}

int mais_sheet__alloc(sheet *sh, const char *report, const column *cols,
		      size_t ncols, size_t nrows)
{
	sh->report = report;
	sh->cols = cols;
	sh->ncols = ncols;
	sh->nrows = nrows;
	sh->cells = calloc(nrows * ncols, sizeof *sh->cells);
	return sh->cells ? 0 : mais_error_nomem();
}

void mais_sheet_free(sheet *sh)
{
	if (!sh)
		return;
	free(sh->cells);
	json_decref(sh->extra);
	mais_lr_report_free(sh->lr);
	mais_hazard_report_free(sh->hz);
	mais_eo_report_free(sh->eo);
	mais_cas_report_free(sh->cas);
	mais_donor_report_free(sh->don);
	mais_bulletin_report_free(sh->bul);
	mais_eore_report_free(sh->eore);
	mais_equip_report_free(sh->equip);
	free(sh);
}

const char *mais_sheet_note(const sheet *sh)
{
	return sh->note[0] ? sh->note : NULL;
}

size_t mais_sheet_problems(const sheet *sh)
{
	return sh->problems;
}

/* ------------------------------------------------------------------ */
/* Formats.                                                             */

static const struct format {
	const char *name, *type, *ext;
} formats[] = {
	[MAIS_SHEET_TABLE] = {"table", "text/plain; charset=utf-8", "txt"},
	[MAIS_SHEET_CSV] = {"csv", "text/csv; charset=utf-8", "csv"},
	[MAIS_SHEET_JSON] = {"json", "application/json", "json"},
	[MAIS_SHEET_XLSX] = {"xlsx",
			     "application/vnd.openxmlformats-officedocument."
			     "spreadsheetml.sheet",
			     "xlsx"},
};

int mais_sheet_format_parse(const char *name, mais_sheet_format *out)
{
	for (size_t i = 0; name && i < sizeof formats / sizeof *formats; i++)
		if (!strcmp(formats[i].name, name)) {
			*out = (mais_sheet_format)i;
			return 0;
		}
	return mais_error_set(MAIS_EINVAL,
			      "format '%s': table, csv, json or xlsx",
			      name ? name : "");
}

const char *mais_sheet_format_name(mais_sheet_format f)
{
	return formats[f].name;
}

const char *mais_sheet_format_type(mais_sheet_format f)
{
	return formats[f].type;
}

const char *mais_sheet_format_ext(mais_sheet_format f)
{
	return formats[f].ext;
}

int mais_sheet_write(const sheet *sh, mais_sheet_format f, FILE *fp)
{
	switch (f) {
	case MAIS_SHEET_TABLE:
		return mais_sheet_write_table(sh, fp);
	case MAIS_SHEET_CSV:
		return mais_sheet_write_csv(sh, fp);
	case MAIS_SHEET_JSON:
		return mais_sheet_write_json(sh, fp);
	case MAIS_SHEET_XLSX:
		return mais_sheet_write_xlsx_stream(sh, fp);
	}
	return mais_error_set(MAIS_EINVAL, "no such format");
}

/* ------------------------------------------------------------------ */
/* Reading a sheet (other writers: out_xlsx.c).                         */

const char *mais_sheet_name(const mais_sheet *sh)
{
	return sh->report;
}

size_t mais_sheet_ncols(const mais_sheet *sh)
{
	return sh->ncols;
}

size_t mais_sheet_nrows(const mais_sheet *sh)
{
	return sh->nrows;
}

const char *mais_sheet_col_key(const mais_sheet *sh, size_t c)
{
	return c < sh->ncols ? sh->cols[c].key : NULL;
}

mais_cell_kind mais_sheet_cell(const mais_sheet *sh, size_t r, size_t c,
			       char *buf, size_t len, double *n)
{
	const value *v = &sh->cells[r * sh->ncols + c];

	*n = v->n;
	buf[0] = '\0';
	switch (v->type) {
	case V_NULL:
		return MAIS_CELL_EMPTY;
	case V_TEXT:
		snprintf(buf, len, "%s", v->s);
		return MAIS_CELL_TEXT;
	case V_COUNT:
		return MAIS_CELL_INTEGER;
	case V_AREA:
		return MAIS_CELL_REAL;
	case V_FIXED2:
		return MAIS_CELL_FIXED2;
	case V_MONEY:
		if (mais_money_format(v->minor, v->s, 0, buf, len))
			return MAIS_CELL_EMPTY;
		*n = strtod(buf, NULL);
		return MAIS_CELL_MONEY;
	}
	return MAIS_CELL_EMPTY;
}

/* ------------------------------------------------------------------ */
/* For people (out_xlsx.c, the web UI through the JSON).                */

const char *mais_sheet_title(const mais_sheet *sh)
{
	return sh->title ? sh->title : sh->report;
}

size_t mais_sheet_ninfo(const mais_sheet *sh)
{
	return sh->ninfo;
}

const char *mais_sheet_info(const mais_sheet *sh, size_t i, const char **text)
{
	*text = i < sh->ninfo ? sh->info[i].value : NULL;
	return i < sh->ninfo ? sh->info[i].label : NULL;
}

const char *mais_sheet_generated(const mais_sheet *sh)
{
	return sh->generated;
}

const char *mais_sheet_currency(const mais_sheet *sh)
{
	return sh->currency;
}

void mais_sheet_set_title(mais_sheet *sh, const char *title)
{
	sh->title = title;
}

void mais_sheet_add_info(mais_sheet *sh, const char *label, const char *fmt,
			 ...)
{
	va_list ap;

	if (sh->ninfo >= MAIS_SHEET_MAX_INFO)
		return;
	va_start(ap, fmt);
	vsnprintf(sh->info[sh->ninfo].value, MAIS_SHEET_INFO_LEN, fmt, ap);
	va_end(ap);
	sh->info[sh->ninfo++].label = label;
}

void mais_sheet_set_generated(mais_sheet *sh, const char *date)
{
	snprintf(sh->generated, sizeof sh->generated, "%s", date ? date : "");
}

/* The column that names the rows' groups takes its header and codes from
 * the grouping (admin area, year, delivery method, ...). */
static int is_group(const mais_sheet *sh, size_t c)
{
	return !strcmp(sh->cols[c].key, "group");
}

const char *mais_sheet_col_label(const mais_sheet *sh, size_t c)
{
	if (c >= sh->ncols)
		return NULL;
	if (is_group(sh, c) && sh->group_label)
		return sh->group_label;
	return sh->cols[c].label;
}

const char *mais_sheet_col_vocab(const mais_sheet *sh, size_t c)
{
	if (c >= sh->ncols)
		return NULL;
	return is_group(sh, c) ? sh->group_vocab : sh->cols[c].vocab;
}

/* The words the reports write in code and group cells. */
static const mais_code words[] = {
	{"total", "Total"},
	{"unassigned", "Unassigned"},
	{"unknown", "Unknown"},
	{"remaining", "Remaining"},
	{"original", "Original area"},
	{"donor", "Donor"},
	{"operator", "Operator"},
};

const char *mais_sheet_people_text(const mais_sheet *sh, size_t c,
				   const char *text)
{
	const mais_vocab *v = mais_vocab_find(mais_sheet_col_vocab(sh, c));
	const mais_code *code = v && text ? mais_vocab_lookup(v, text) : NULL;

	if (code)
		return code->label;
	if (!text || c >= sh->ncols || (!v && !sh->cols[c].words))
		return text;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(words[i].code, text))
			return words[i].label;
	return text;
}
