/*
 * out_report.h — the reports of report.h written out: as an aligned table
 * for a person, CSV (RFC 4180) for a spreadsheet, or one JSON object for a
 * program.  Used alike by `mais report` and the server's
 * /api/reports/..., so that both give the same columns and numbers.
 *
 * Each report is first turned into a "sheet": named columns and rows of
 * typed cells, the total last.  The writers only know sheets, so a new
 * report needs one function that fills a sheet.  Areas are m²: raw
 * numbers in CSV and JSON, with thousands separators and no decimals in
 * the table.
 *
 * Ownership: a sheet (*out) is the caller's, freed with
 * mais_sheet_free() (NULL accepted); it borrows the strings of the report
 * it was made from, which must outlive it.  mais_sheet_json() gives a new
 * reference the caller json_decref()s.
 */
#ifndef MAIS_IO_OUT_REPORT_H
#define MAIS_IO_OUT_REPORT_H

#include <jansson.h>
#include <stdio.h>
#include "mais/report.h"
#include "mais/money.h"

typedef struct mais_sheet mais_sheet;

/* The report `kind` ("land-release", "eo", "casualties", "bulletin",
 * "eore", "equipment") computed from s
 * with opts into a sheet.  MAIS_EINVAL for an unknown kind, else the
 * report's errors. */
int mais_sheet_report(mais_store *s, const char *kind,
		      const mais_report_opts *opts, mais_sheet **out);

/* The donor report (money.h) in currency into a sheet: amounts in the
 * reporting currency are exact decimals of major units ("803272.00"; in
 * JSON strings, never doubles), "-" / empty / null where a rate was
 * missing; the original amounts are text ("400000.00 EUR; 10.00 USD"). */
int mais_sheet_donors(mais_store *s, const mais_report_opts *opts,
		      const char *currency, mais_rate_match match,
		      mais_sheet **out);

/* Conversions of a donor sheet that found no rate (0 for others). */
size_t mais_sheet_missing_rates(const mais_sheet *sh);

void mais_sheet_free(mais_sheet *sh);

/* 1 if the land release report by admin found no admin area with a
 * polygon (everything is unassigned), and *level the level asked. */
int mais_sheet_no_admin(const mais_sheet *sh, int *level);

/* {"report", options..., "rows": [...], "total": {...}}; NULL when out of
 * memory. */
json_t *mais_sheet_json(const mais_sheet *sh);

/* Header, rows, then the total; lines end with CRLF.  MAIS_EIO if the
 * stream fails. */
int mais_sheet_write_csv(const mais_sheet *sh, FILE *fp);

/* Aligned columns for a terminal. */
int mais_sheet_write_table(const mais_sheet *sh, FILE *fp);

/* The JSON of mais_sheet_json, indented, with a final newline. */
int mais_sheet_write_json(const mais_sheet *sh, FILE *fp);

/* The sheet read cell by cell, for other writers (out_xlsx.c).  The
 * report name ("bulletin"), the columns (key), the rows (the total last).
 * A cell: its kind; text in buf (TEXT; MONEY as an exact decimal), the
 * number in *n (INTEGER, REAL m², FIXED2 with 2 decimals, MONEY as a
 * double). */
typedef enum mais_cell_kind {
	MAIS_CELL_EMPTY,
	MAIS_CELL_TEXT,
	MAIS_CELL_INTEGER,
	MAIS_CELL_REAL,
	MAIS_CELL_FIXED2,
	MAIS_CELL_MONEY
} mais_cell_kind;

const char *mais_sheet_name(const mais_sheet *sh);
size_t mais_sheet_ncols(const mais_sheet *sh);
size_t mais_sheet_nrows(const mais_sheet *sh);
const char *mais_sheet_col_key(const mais_sheet *sh, size_t c);
mais_cell_kind mais_sheet_cell(const mais_sheet *sh, size_t r, size_t c,
			       char *buf, size_t len, double *n);

/* The sheet as an Office Open XML workbook at path (libxlsxwriter):
 * header row bold, numbers as numbers, the total row bold.  MAIS_EIO
 * when the file cannot be written. */
int mais_sheet_write_xlsx(const mais_sheet *sh, const char *path);

#endif
