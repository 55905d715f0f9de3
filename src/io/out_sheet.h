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

typedef struct column {
	const char *key;  /* CSV header and JSON key */
	const char *head; /* table header, NULL: not in the table */
} column;

struct mais_sheet {
	const char *report; /* "land-release" */
	const column *cols;
	size_t ncols;
	size_t nrows;	 /* rows, the total being the last */
	value *cells;	 /* nrows × ncols */
	json_t *extra;	 /* more members of the JSON object, or NULL */
	char note[256];	 /* for a person, "" when none */
	size_t problems; /* data problems found (missing rates) */
	/* the report the cells borrow their strings from (one of them) */
	mais_lr_report *lr;
	mais_hazard_report *hz;
	mais_eo_report *eo;
	mais_cas_report *cas;
	mais_donor_report *don;
	mais_bulletin_report *bul;
	mais_eore_report *eore;
	mais_equip_report *equip;
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
