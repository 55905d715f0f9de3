/*
 * eo.c — explosive ordnance found, by category and fate: how many
 * items (the sum of quantity) and how many records.  Rows come out in the
 * order of the vocabularies of vocab.c (the order a person expects: AP
 * mines first), a fate not given counting as the fate "unknown".  The
 * vocabularies are small, so the counts live in a plain category × fate table.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"

#include <stdlib.h>
#include <string.h>

typedef struct eo_cell {
	int64_t items;
	size_t records;
} eo_cell;

typedef struct eo {
	const mais_report_opts *opts;
	const mais_vocab *cat, *fate;
	eo_cell *cells; /* cat->count × (fate->count + 1) */
	size_t nfate;	/* fate->count + 1: the last is "not given" */
} eo;

static int on_item(const mais_record *r, void *arg)
{
	eo *x = arg;
	const char *fate = mais_record_get(r, "fate");
	size_t c, f;
	eo_cell *cell;

	if (!mais_report_counts(x->opts, r))
		return 0;
	c = mais_report__vocab_index(x->cat, mais_record_get(r, "eo_category"));
	if (c == x->cat->count) /* required code: the store enforces it */
		return 0;
	f = mais_report__vocab_index(x->fate, fate ? fate : "unknown");
	cell = &x->cells[c * x->nfate + f];
	cell->items += mais_report__int(r, "quantity");
	cell->records++;
	return 0;
}

/* The code of fate column f: "unknown" for the "not given" column. */
static const char *fate_code(const eo *x, size_t f)
{
	return f < x->fate->count ? x->fate->codes[f].code : "unknown";
}

static int make_rows(const eo *x, mais_eo_report *rep)
{
	size_t n = x->cat->count * x->nfate;

	rep->rows = calloc(n, sizeof *rep->rows);
	if (!rep->rows)
		return mais_error_nomem();
	rep->total.eo_category = rep->total.fate = "total";
	for (size_t i = 0; i < n; i++) {
		const eo_cell *cell = &x->cells[i];
		mais_eo_row *r = &rep->rows[rep->nrows];

		if (!cell->records)
			continue;
		r->eo_category = x->cat->codes[i / x->nfate].code;
		r->fate = fate_code(x, i % x->nfate);
		r->items = cell->items;
		r->records = cell->records;
		rep->total.items += cell->items;
		rep->total.records += cell->records;
		rep->nrows++;
	}
	return 0;
}

int mais_report_eo(const mais_source *src, const mais_report_opts *opts,
		   mais_eo_report **out)
{
	eo x = {.opts = opts};
	mais_eo_report *rep = NULL;
	int rc;

	if (!src || !opts || !out)
		return mais_error_set(
			MAIS_EINVAL, "EO report: no source, options or output");
	*out = NULL;
	x.cat = mais_vocab_find("eo_category");
	x.fate = mais_vocab_find("eo_fate");
	if (!x.cat || !x.fate)
		return mais_error_set(MAIS_ENOTFOUND,
				      "EO report: no EO vocabularies");
	x.nfate = x.fate->count + 1;
	x.cells = calloc(x.cat->count * x.nfate, sizeof *x.cells);
	if (!x.cells || !(rep = calloc(1, sizeof *rep))) {
		free(x.cells);
		return mais_error_nomem();
	}
	rep->include_submitted = opts->include_submitted != 0;
	rc = src->each(src->ctx, "eo_item", on_item, &x);
	if (!rc)
		rc = make_rows(&x, rep);
	free(x.cells);
	if (rc)
		mais_eo_report_free(rep);
	else
		*out = rep;
	return rc;
}

void mais_eo_report_free(mais_eo_report *r)
{
	if (!r)
		return;
	free(r->rows);
	free(r);
}
