/*
 * out_report.h — the reports of report.h written out: as an aligned table
 * for a person, CSV (RFC 4180) for a spreadsheet, one JSON object for a
 * program, or an XLSX workbook.  Used alike by `mais report` and the
 * server's /api/reports/..., through the report registry
 * (src/service/report.h), so that both give the same columns and numbers.
 *
 * Each report is first turned into a "sheet" by its sheet writer
 * (out_sheets.c): named columns and rows of typed cells, the total last.
 * The output writers only know sheets, so a new report needs one function
 * that fills a sheet.  Areas are m²: raw numbers in CSV and JSON, with
 * thousands separators and no decimals in the table.
 *
 * Ownership: a sheet (*out) is the caller's, freed with mais_sheet_free()
 * (NULL accepted).  A sheet writer takes the report it is given, even
 * when it fails: the sheet frees it, and its cells borrow its strings.
 * mais_sheet_json() gives a new reference the caller json_decref()s.
 *
 * Errors: MAIS_ENOMEM, MAIS_EIO when a stream or file cannot be written.
 */
#ifndef MAIS_IO_OUT_REPORT_H
#define MAIS_IO_OUT_REPORT_H

#include <jansson.h>
#include <stdio.h>
#include "mais/report.h"
#include "mais/donors.h"

typedef struct mais_sheet mais_sheet;

/* A new empty sheet, for a sheet writer to fill. */
int mais_sheet_new(mais_sheet **out);

void mais_sheet_free(mais_sheet *sh);

/* The sheet writers of the reports (out_sheets.c): each fills an empty
 * sheet from its report and keeps the report. */
int mais_sheet_land_release(mais_sheet *sh, mais_lr_report *rep);
/* Rows cancelled, reduced, cleared, remaining; the total is the original
 * area (m², 2 decimals). */
int mais_sheet_hazard(mais_sheet *sh, mais_hazard_report *rep);
int mais_sheet_eo(mais_sheet *sh, mais_eo_report *rep);
int mais_sheet_casualties(mais_sheet *sh, mais_cas_report *rep);
int mais_sheet_bulletin(mais_sheet *sh, mais_bulletin_report *rep);
int mais_sheet_eore(mais_sheet *sh, mais_eore_report *rep);
int mais_sheet_equipment(mais_sheet *sh, mais_equip_report *rep);
/* Amounts in the reporting currency are exact decimals of major units
 * ("803272.00"; in JSON strings, never doubles), "-" / empty / null where
 * a rate was missing; the original amounts are text ("400000.00 EUR;
 * 10.00 USD"). */
int mais_sheet_donors(mais_sheet *sh, mais_donor_report *rep);

/* The headline figures of the dashboard, each taken from a report of the
 * registry (src/service/report_headline.c says which). */
typedef struct mais_headline {
	int year;
	char currency[4];    /* the reporting currency; "": funds not known */
	double remaining_m2; /* area remaining, now */
	double released_m2;  /* land released in the year */
	int64_t eo_destroyed, casualties; /* in the year */
	int64_t pledged, received;	  /* minor units of currency */
	int pledged_ok, received_ok;	  /* 0: a rate was missing */
	size_t missing_rates;
	int include_submitted;
} mais_headline;

/* One row, the total: the figures (m², counts, money). */
int mais_sheet_headline(mais_sheet *sh, const mais_headline *h);

/* A note for a person about the sheet ("no admin area of level 2 has a
 * polygon: everything is unassigned"), or NULL.  Borrowed. */
const char *mais_sheet_note(const mais_sheet *sh);

/* Data problems the report found (amounts without an exchange rate): the
 * command exits 3 when there are some. */
size_t mais_sheet_problems(const mais_sheet *sh);

/* The output formats, every report in each. */
typedef enum mais_sheet_format {
	MAIS_SHEET_TABLE,
	MAIS_SHEET_CSV,
	MAIS_SHEET_JSON,
	MAIS_SHEET_XLSX
} mais_sheet_format;

/* "table", "csv", "json", "xlsx" into *out; MAIS_EINVAL otherwise. */
int mais_sheet_format_parse(const char *name, mais_sheet_format *out);
/* The format's name, its media type, its file name extension. Static. */
const char *mais_sheet_format_name(mais_sheet_format f);
const char *mais_sheet_format_type(mais_sheet_format f);
const char *mais_sheet_format_ext(mais_sheet_format f);

/* The sheet in format f to fp. */
int mais_sheet_write(const mais_sheet *sh, mais_sheet_format f, FILE *fp);

/* {"report", options..., "rows": [...], "total": {...}}; NULL when out of
 * memory. */
json_t *mais_sheet_json(const mais_sheet *sh);

/* Header, rows, then the total; lines end with CRLF. */
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

/* What a person reads about the sheet (the XLSX, the web UI): its title
 * (the registry's, else the report's name), the lines of what it counts
 * ("Period" "2024-01-01 to 2024-12-31"; *text borrowed), the day it was
 * made ("" when not said), and the reporting currency of its money cells
 * ("" when none).  Borrowed from the sheet. */
const char *mais_sheet_title(const mais_sheet *sh);
size_t mais_sheet_ninfo(const mais_sheet *sh);
const char *mais_sheet_info(const mais_sheet *sh, size_t i, const char **text);
const char *mais_sheet_generated(const mais_sheet *sh);
const char *mais_sheet_currency(const mais_sheet *sh);

/* Set by the report registry (src/service/report.c): the title (static),
 * a line of what the report counts (label static, the value formatted
 * and cut to MAIS_SHEET_INFO_LEN; lines past MAIS_SHEET_MAX_INFO are
 * dropped), the day it was made (YYYY-MM-DD). */
void mais_sheet_set_title(mais_sheet *sh, const char *title);
void mais_sheet_add_info(mais_sheet *sh, const char *label, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));
void mais_sheet_set_generated(mais_sheet *sh, const char *date);

/* Column c's header for a person ("Cancelled (m²)"), or NULL for a
 * column only programs need (a UUID): the XLSX leaves it out. */
const char *mais_sheet_col_label(const mais_sheet *sh, size_t c);

/* Column c's vocabulary ("eo_category"), or NULL. */
const char *mais_sheet_col_vocab(const mais_sheet *sh, size_t c);

/* Text of column c as a person reads it: the label of a code of the
 * column's vocabulary ("AP mine" for ap_mine), the words every report
 * uses ("Total" for total), else text itself.  Static or text. */
const char *mais_sheet_people_text(const mais_sheet *sh, size_t c,
				   const char *text);

/* The sheet as an Office Open XML workbook at path (libxlsxwriter), for
 * people: the title, the lines of what it counts, the day, then the
 * columns with their people's headers (none for UUIDs), codes as their
 * labels, numbers as numbers, the total row bold. */
int mais_sheet_write_xlsx(const mais_sheet *sh, const char *path);

/* The same workbook to a stream (written to a temporary file of $TMPDIR,
 * else /tmp, which is removed). */
int mais_sheet_write_xlsx_stream(const mais_sheet *sh, FILE *fp);

#endif
