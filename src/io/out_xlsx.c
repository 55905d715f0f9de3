/*
 * out_xlsx.c — a report sheet (out_report.h) as an Office Open XML
 * workbook, through libxlsxwriter: one worksheet named after the report,
 * the column keys as a bold header row, then the rows, the total last and
 * bold.  Counts are written as numbers, areas in m² as numbers with one
 * decimal shown, hectares with two, money as a number with two decimals
 * shown (a double: the exact decimal is in the CSV and JSON); text as
 * text, and empty cells left empty.  A workbook is written to a file
 * (libxlsxwriter writes only files); for a stream (an HTTP answer, the
 * standard output) to a temporary file first.
 */
#include "io/out_report.h"
#include "mais/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct xfmt {
	lxw_format *head, *total;      /* bold */
	lxw_format *area, *fixed2;     /* "0.0", "0.00" */
	lxw_format *area_t, *fixed2_t; /* the same, bold */
	lxw_format *count_t;	       /* bold number */
} xfmt;

static lxw_format *number_format(lxw_workbook *wb, const char *num, int bold)
{
	lxw_format *f = workbook_add_format(wb);

	if (num)
		format_set_num_format(f, num);
	if (bold)
		format_set_bold(f);
	return f;
}

static void make_formats(lxw_workbook *wb, xfmt *f)
{
	f->head = number_format(wb, NULL, 1);
	f->total = f->head;
	f->count_t = f->head;
	f->area = number_format(wb, "0.0", 0);
	f->area_t = number_format(wb, "0.0", 1);
	f->fixed2 = number_format(wb, "0.00", 0);
	f->fixed2_t = number_format(wb, "0.00", 1);
}

/* The format of a number cell of kind k (total: bold). */
static lxw_format *num_format(const xfmt *f, mais_cell_kind k, int total)
{
	switch (k) {
	case MAIS_CELL_REAL:
		return total ? f->area_t : f->area;
	case MAIS_CELL_FIXED2:
	case MAIS_CELL_MONEY:
		return total ? f->fixed2_t : f->fixed2;
	default:
		return total ? f->count_t : NULL;
	}
}

static lxw_error write_cell(lxw_worksheet *ws, const mais_sheet *sh,
			    const xfmt *f, size_t r, size_t c)
{
	char buf[512];
	double n;
	int total = r + 1 == mais_sheet_nrows(sh);
	mais_cell_kind k = mais_sheet_cell(sh, r, c, buf, sizeof buf, &n);
	lxw_row_t row = (lxw_row_t)(r + 1);
	lxw_col_t col = (lxw_col_t)c;

	switch (k) {
	case MAIS_CELL_EMPTY:
		return LXW_NO_ERROR;
	case MAIS_CELL_TEXT:
		return worksheet_write_string(ws, row, col, buf,
					      total ? f->total : NULL);
	default:
		return worksheet_write_number(ws, row, col, n,
					      num_format(f, k, total));
	}
}

static lxw_error write_sheet(lxw_worksheet *ws, const mais_sheet *sh,
			     const xfmt *f)
{
	lxw_error e = LXW_NO_ERROR;
	size_t nc = mais_sheet_ncols(sh);

	for (size_t c = 0; !e && c < nc; c++)
		e = worksheet_write_string(ws, 0, (lxw_col_t)c,
					   mais_sheet_col_key(sh, c), f->head);
	for (size_t r = 0; !e && r < mais_sheet_nrows(sh); r++)
		for (size_t c = 0; !e && c < nc; c++)
			e = write_cell(ws, sh, f, r, c);
	return e;
}

int mais_sheet_write_xlsx(const mais_sheet *sh, const char *path)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_error e;
	xfmt f;

	if (!sh || !path)
		return mais_error_set(MAIS_EINVAL, "xlsx: no sheet or path");
	if (!(wb = workbook_new(path)))
		return mais_error_set(MAIS_EIO, "xlsx: cannot create %s", path);
	make_formats(wb, &f);
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
