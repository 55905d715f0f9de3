/*
 * out_sheet.h — the inside of a report sheet (internal to io): what the
 * sheet writers of the reports (out_sheets.c) fill and the output writers
 * (out_report.c, out_xlsx.c) read.  A sheet is named columns and rows of
 * typed cells, the total the last row, plus the members the report adds
 * to its JSON object, a note for a person and a count of data problems.
 */
#ifndef MAIS_IO_OUT_SHEET_H
#define MAIS_IO_OUT_SHEET_H

#include "io/out_report.h"

#include <stdint.h>

/* V_MONEY: exact minor units of a currency, never a double */
/* V_FIXED2: a number shown with 2 decimals (hectares, a hazard's m²) */
typedef enum vtype { V_NULL, V_TEXT, V_COUNT, V_AREA, V_MONEY, V_FIXED2 } vtype;

typedef struct value {
	vtype type;
	const char *s; /* V_TEXT; V_MONEY: the currency */
	double n;      /* V_COUNT, V_AREA, V_FIXED2 */
	int64_t minor; /* V_MONEY, in currency s */
} value;

/* A column.  label is what a person reads (the XLSX header, the web
 * UI's table): NULL for a column only programs need (a UUID), which the
 * XLSX leaves out.  A column of codes names its vocabulary, whose labels
 * the XLSX writes instead of the codes; words: the cells may also hold
 * the words of every report (total, unassigned, unknown), written as
 * words for people too. */
typedef struct column {
	const char *key;   /* CSV header and JSON key */
	const char *head;  /* table header, NULL: not in the table */
	const char *label; /* for people, NULL: for programs only */
	const char *vocab; /* vocabulary of the codes, or NULL */
	int words;	   /* 1: total, unassigned, unknown as words */
} column;

/* What a person is told about a report beside its rows: a line each
 * (the period, the grouping, the filters, the currency). */
enum { MAIS_SHEET_MAX_INFO = 12, MAIS_SHEET_INFO_LEN = 256 };

typedef struct sheet_info {
	const char *label; /* static: "Period" */
	char value[MAIS_SHEET_INFO_LEN];
} sheet_info;

struct mais_sheet {
	const char *report; /* "land-release" */
	const column *cols;
	size_t ncols;
	size_t nrows;	   /* rows, the total being the last */
	value *cells;	   /* nrows × ncols */
	json_t *extra;	   /* more members of the JSON object, or NULL */
	char note[256];	   /* for a person, "" when none */
	size_t problems;   /* data problems found (missing rates) */
	const char *title; /* for people (the registry's), or NULL */
	sheet_info info[MAIS_SHEET_MAX_INFO]; /* for people */
	size_t ninfo;
	char generated[11]; /* YYYY-MM-DD, "" when not said */
	/* the column "group": what it groups by, for people */
	const char *group_label, *group_vocab;
	char currency[4]; /* of the money cells, "" when none */
	/* the report the cells borrow their strings from (one of them) */
	mais_lr_report *lr;
	mais_hazard_report *hz;
	mais_eo_report *eo;
	mais_cas_report *cas;
	mais_donor_report *don;
	mais_bulletin_report *bul;
	mais_eore_report *eore;
	mais_equip_report *equip;
	mais_headline headline; /* a copy: its cells borrow currency */
};

/* Sets the columns and makes room for nrows rows (the total included),
 * every cell null.  MAIS_ENOMEM. */
int mais_sheet__alloc(mais_sheet *sh, const char *report, const column *cols,
		      size_t ncols, size_t nrows);

/* The cells of row r. */
static inline value *mais_sheet__row(mais_sheet *sh, size_t r)
{
	return &sh->cells[r * sh->ncols];
}

#endif
