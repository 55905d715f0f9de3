/*
 * out_xlsx.c — a report sheet (out_report.h) as an Office Open XML
 * workbook for people, through libxlsxwriter: one worksheet named after
 * the report that opens with the report's title, then a line for each
 * thing it counts by (the period, the grouping, the filters, the
 * currency) and the day it was made, then the table: the headers a
 * person reads ("Cancelled (m²)", never a column key), labels instead of
 * codes ("AP mine", not ap_mine), no UUID columns, the total last and
 * bold.  CSV and JSON keep keys and codes, for programs.
 *
 * Counts are written as numbers, areas in m² with one decimal shown,
 * hectares with two, money with two and the reporting currency (a
 * double: the exact decimal is in the CSV and JSON).  A workbook is
 * written to a file (libxlsxwriter writes only files); for a stream (an
 * HTTP answer, the standard output) to a temporary file first.
 */
#include "io/out_report.h"
#include "mais/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Column widths, in characters: what a header or value needs, within
 * bounds so that a long note does not make a column a page wide. */
enum { MIN_WIDTH = 8, MAX_WIDTH = 45 };

typedef struct xfmt {
	lxw_format *title, *label, *head; /* bold; head with a rule */
	lxw_format *text_t;		  /* bold text (the total) */
	lxw_format *count, *area, *fixed2, *money;
	lxw_format *count_t, *area_t, *fixed2_t, *money_t; /* bold */
} xfmt;

/* Where the parts of the worksheet go. */
typedef struct layout {
	lxw_row_t head;	  /* the row of the column headers */
	size_t ncols;	  /* columns for people */
	size_t cols[256]; /* their indexes in the sheet */
	double width[256];
} layout;

static lxw_format *number_format(lxw_workbook *wb, const char *num, int bold)
{
	lxw_format *f = workbook_add_format(wb);

	if (num)
		format_set_num_format(f, num);
	if (bold)
		format_set_bold(f);
	return f;
}

static void make_formats(lxw_workbook *wb, const mais_sheet *sh, xfmt *f)
{
	char money[48];

	snprintf(money, sizeof money, "#,##0.00%s%s%s",
		 *mais_sheet_currency(sh) ? " \"" : "", mais_sheet_currency(sh),
		 *mais_sheet_currency(sh) ? "\"" : "");
	f->title = number_format(wb, NULL, 1);
	format_set_font_size(f->title, 14);
	f->label = number_format(wb, NULL, 1);
	f->head = number_format(wb, NULL, 1);
	format_set_bottom(f->head, LXW_BORDER_THIN);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
	f->text_t = f->label;
	f->count = number_format(wb, "#,##0", 0);
	f->count_t = number_format(wb, "#,##0", 1);
	f->area = number_format(wb, "#,##0.0", 0);
	f->area_t = number_format(wb, "#,##0.0", 1);
	f->fixed2 = number_format(wb, "#,##0.00", 0);
	f->fixed2_t = number_format(wb, "#,##0.00", 1);
	f->money = number_format(wb, money, 0);
	f->money_t = number_format(wb, money, 1);
}

/* The format of a number cell of kind k (total: bold). */
static lxw_format *num_format(const xfmt *f, mais_cell_kind k, int total)
{
	switch (k) {
	case MAIS_CELL_REAL:
		return total ? f->area_t : f->area;
	case MAIS_CELL_FIXED2:
		return total ? f->fixed2_t : f->fixed2;
	case MAIS_CELL_MONEY:
		return total ? f->money_t : f->money;
	default:
		return total ? f->count_t : f->count;
	}
}

/* Display width of UTF-8 text: one column a code point. */
static double text_width(const char *s)
{
	double w = 0;

	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void widen(layout *l, size_t j, double w)
{
	if (w > l->width[j])
		l->width[j] = w > MAX_WIDTH ? MAX_WIDTH : w;
}

/* The title, what the report counts, the day; the headers' row after a
 * blank line. */
static lxw_error write_top(lxw_worksheet *ws, const mais_sheet *sh,
			   const xfmt *f, layout *l)
{
	lxw_row_t row = 0;
	const char *label, *value;
	lxw_error e = worksheet_write_string(ws, row++, 0, mais_sheet_title(sh),
					     f->title);

	for (size_t i = 0; !e && i < mais_sheet_ninfo(sh); i++) {
		label = mais_sheet_info(sh, i, &value);
		e = worksheet_write_string(ws, row, 0, label, f->label);
		if (!e)
			e = worksheet_write_string(ws, row++, 1, value, NULL);
	}
	if (!e && *mais_sheet_generated(sh)) {
		e = worksheet_write_string(ws, row, 0, "Generated", f->label);
		if (!e)
			e = worksheet_write_string(
				ws, row++, 1, mais_sheet_generated(sh), NULL);
	}
	if (!e && mais_sheet_note(sh)) {
		e = worksheet_write_string(ws, row, 0, "Note", f->label);
		if (!e)
			e = worksheet_write_string(ws, row++, 1,
						   mais_sheet_note(sh), NULL);
	}
	l->head = row + 1;
	return e;
}

static lxw_error write_heads(lxw_worksheet *ws, const mais_sheet *sh,
			     const xfmt *f, layout *l)
{
	lxw_error e = LXW_NO_ERROR;

	for (size_t j = 0; !e && j < l->ncols; j++) {
		const char *label = mais_sheet_col_label(sh, l->cols[j]);

		widen(l, j, text_width(label) > 24 ? 24 : text_width(label));
		e = worksheet_write_string(ws, l->head, (lxw_col_t)j, label,
					   f->head);
	}
	return e;
}

static lxw_error write_cell(lxw_worksheet *ws, const mais_sheet *sh,
			    const xfmt *f, layout *l, size_t r, size_t j)
{
	char buf[512];
	double n;
	size_t c = l->cols[j];
	int total = r + 1 == mais_sheet_nrows(sh);
	mais_cell_kind k = mais_sheet_cell(sh, r, c, buf, sizeof buf, &n);
	lxw_row_t row = (lxw_row_t)(l->head + 1 + r);
	const char *text;

	switch (k) {
	case MAIS_CELL_EMPTY:
		return LXW_NO_ERROR;
	case MAIS_CELL_TEXT:
		text = mais_sheet_people_text(sh, c, buf);
		widen(l, j, text_width(text) + 1);
		return worksheet_write_string(ws, row, (lxw_col_t)j, text,
					      total ? f->text_t : NULL);
	default:
		widen(l, j, 14);
		return worksheet_write_number(ws, row, (lxw_col_t)j, n,
					      num_format(f, k, total));
	}
}

/* The columns a person reads: every one with a label. */
static void plan(const mais_sheet *sh, layout *l)
{
	memset(l, 0, sizeof *l);
	for (size_t c = 0; c < mais_sheet_ncols(sh) && l->ncols < 256; c++)
		if (mais_sheet_col_label(sh, c)) {
			l->width[l->ncols] = MIN_WIDTH;
			l->cols[l->ncols++] = c;
		}
}

static lxw_error write_sheet(lxw_worksheet *ws, const mais_sheet *sh,
			     const xfmt *f)
{
	layout l;
	lxw_error e;

	plan(sh, &l);
	e = write_top(ws, sh, f, &l);
	if (!e)
		e = write_heads(ws, sh, f, &l);
	for (size_t r = 0; !e && r < mais_sheet_nrows(sh); r++)
		for (size_t j = 0; !e && j < l.ncols; j++)
			e = write_cell(ws, sh, f, &l, r, j);
	for (size_t j = 0; !e && j < l.ncols; j++)
		e = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
					 l.width[j], NULL);
	if (!e)
		worksheet_freeze_panes(ws, l.head + 1, 0);
	return e;
}

int mais_sheet_write_xlsx(const mais_sheet *sh, const char *path)
{
	lxw_doc_properties props = {.title = NULL};
	char title[256];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_error e;
	xfmt f;

	if (!sh || !path)
		return mais_error_set(MAIS_EINVAL, "xlsx: no sheet or path");
	if (!(wb = workbook_new(path)))
		return mais_error_set(MAIS_EIO, "xlsx: cannot create %s", path);
	snprintf(title, sizeof title, "%s", mais_sheet_title(sh));
	props.title = title;
	workbook_set_properties(wb, &props);
	make_formats(wb, sh, &f);
	ws = workbook_add_worksheet(wb, mais_sheet_name(sh));
	e = ws ? write_sheet(ws, sh, &f) : LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (e) {
		workbook_close(wb);
		return mais_error_set(MAIS_EIO, "xlsx: %s: %s", path,
				      lxw_strerror(e));
	}
	e = workbook_close(wb);
	if (e)
		return mais_error_set(MAIS_EIO, "xlsx: cannot write %s: %s",
				      path, lxw_strerror(e));
	return 0;
}

/* Copies the file at path to fp. */
static int copy_file(const char *path, FILE *fp)
{
	char buf[8192];
	size_t n;
	FILE *in = fopen(path, "rb");
	int bad;

	if (!in)
		return mais_error_set(MAIS_EIO, "xlsx: cannot read %s", path);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, fp) != n)
			break;
	bad = ferror(in) || ferror(fp);
	fclose(in);
	return bad ? mais_error_set(MAIS_EIO, "xlsx: cannot copy the workbook")
		   : 0;
}

int mais_sheet_write_xlsx_stream(const mais_sheet *sh, FILE *fp)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc;

	snprintf(path, sizeof path, "%s/mais-report-XXXXXX.xlsx",
		 dir && *dir ? dir : "/tmp");
	if ((fd = mkstemps(path, 5)) < 0)
		return mais_error_set(MAIS_EIO, "xlsx: cannot create %s", path);
	close(fd);
	rc = mais_sheet_write_xlsx(sh, path);
	if (!rc)
		rc = copy_file(path, fp);
	unlink(path);
	return rc;
}
