/*
 * out_report.c — the reports of report.h as sheets, and the sheet writers
 * (table, CSV, JSON): see out_report.h.  Moved here from the CLI so that
 * the server writes the very same columns.
 */
#include "io/out_report.h"
#include "mais/error.h"
#include "mais/money.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* V_MONEY: exact minor units of a currency, never a double */
/* V_FIXED2: a number shown with 2 decimals (hectares) */
typedef enum vtype { V_NULL, V_TEXT, V_COUNT, V_AREA, V_MONEY, V_FIXED2 } vtype;

typedef struct value {
	vtype type;
	const char *s; /* V_TEXT */
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
	size_t nrows;  /* rows, the total being the last */
	value *cells;  /* nrows × ncols */
	json_t *extra; /* more members of the JSON object, or NULL */
	/* the report the cells borrow their strings from (one of them) */
	mais_lr_report *lr;
	mais_eo_report *eo;
	mais_cas_report *cas;
	mais_donor_report *don;
	mais_bulletin_report *bul;
	mais_eore_report *eore;
	mais_equip_report *equip;
};

typedef struct mais_sheet sheet;

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

static value money(int64_t minor, const char *currency, int ok)
{
	if (!ok)
		return (value){.type = V_NULL};
	return (value){.type = V_MONEY, .minor = minor, .s = currency};
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
	{"remaining_m2", "remaining m2"},
	{"outside_cancelled_m2", "out: cancelled m2"},
	{"outside_reduced_m2", "out: reduced m2"},
	{"outside_cleared_m2", "out: cleared m2"},
	{"released_outside_hazards_m2", "outside hz m2"},
	{"released_by_number_m2", "by number m2"},
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
	*v++ = area(r->remaining_m2);
	*v++ = area(r->outside_cancelled_m2);
	*v++ = area(r->outside_reduced_m2);
	*v++ = area(r->outside_cleared_m2);
	*v++ = area(r->released_outside_hazards_m2);
	*v = area(r->released_by_number_m2);
}

static int lr_sheet(const mais_lr_report *rep, sheet *sh)
{
	size_t n = rep->nrows + (rep->has_unassigned ? 1 : 0), i;

	sh->report = "land-release";
	sh->cols = lr_cols;
	sh->ncols = sizeof lr_cols / sizeof *lr_cols;
	if (sheet_alloc(sh, n + 1))
		return MAIS_ENOMEM;
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
		return MAIS_ENOMEM;
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
	{"eo_category", "EO category"},
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
	v[5] = text(r->eo_category);
	v[6] = count((double)r->victims);
	v[7] = count((double)r->accidents);
}

static int cas_sheet(const mais_cas_report *rep, sheet *sh)
{
	sh->report = "casualties";
	sh->cols = cas_cols;
	sh->ncols = sizeof cas_cols / sizeof *cas_cols;
	if (sheet_alloc(sh, rep->nrows + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nrows; i++)
		cas_row(&sh->cells[i * sh->ncols], &rep->rows[i]);
	cas_row(&sh->cells[rep->nrows * sh->ncols], &rep->total);
	sh->extra = json_pack("{s:b, s:I}", "include_submitted",
			      rep->include_submitted, "accident_records",
			      (json_int_t)rep->accidents);
	return 0;
}

/* Donors: amounts in the reporting currency are exact decimals; "-"
 * (empty in CSV, null in JSON) where a rate was missing, and the row's
 * problems say which. */
static const column don_cols[] = {
	{"kind", "kind"},
	{"name", "name"},
	{"uuid", NULL},
	{"pledges", "pledges"},
	{"pledged_original", "pledged (original)"},
	{"pledged", "pledged"},
	{"received_original", NULL},
	{"received", "received"},
	{"spent_original", NULL},
	{"spent", "spent"},
	{"activities", "activities"},
	{"released_m2", "released m2"},
	{"eo_destroyed", "EO destroyed"},
	{"eore_beneficiaries", "EORE beneficiaries"},
	{"survivors_assisted", "survivors assisted"},
	{"cost_per_m2", "cost per m2"},
	{"problems", "problems"},
};

static void don_row(value *v, const mais_donor_row *r, const char *cur)
{
	int op = !strcmp(r->kind, "operator");

	*v++ = text(r->kind);
	*v++ = text(r->name);
	*v++ = text(r->uuid);
	*v++ = count((double)r->pledges);
	*v++ = text(r->pledged_original);
	*v++ = money(r->pledged, cur, r->pledged_ok);
	*v++ = text(r->received_original);
	*v++ = money(r->received, cur, r->received_ok);
	*v++ = text(r->spent_original);
	*v++ = money(r->spent, cur, r->spent_ok);
	*v++ = count((double)r->activities);
	*v++ = area(r->released_m2);
	*v++ = count((double)r->eo_destroyed);
	/* operators have no projects: empty rather than a silent 0 */
	*v++ = op ? text(NULL) : count((double)r->eore_beneficiaries);
	*v++ = op ? text(NULL) : count((double)r->survivors_assisted);
	*v++ = money(r->cost_per_m2, cur, r->has_cost);
	*v = text(r->problems);
}

static int don_sheet(const mais_donor_report *rep, sheet *sh)
{
	sh->report = "donors";
	sh->cols = don_cols;
	sh->ncols = sizeof don_cols / sizeof *don_cols;
	if (sheet_alloc(sh, rep->nrows + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nrows; i++)
		don_row(&sh->cells[i * sh->ncols], &rep->rows[i],
			rep->currency);
	don_row(&sh->cells[rep->nrows * sh->ncols], &rep->total,
		rep->currency);
	sh->extra = json_pack(
		"{s:s, s:s, s:b, s:I}", "currency", rep->currency, "rate_date",
		rep->match == MAIS_RATE_EXACT_DATE ? "exact" : "on-or-before",
		"include_submitted", rep->include_submitted, "missing_rates",
		(json_int_t)rep->missing_rates);
	return sh->extra ? 0 : mais_error_set(MAIS_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Operational reports (report_ops.c).                                  */

static value fixed2(double n)
{
	return (value){.type = V_FIXED2, .n = n};
}

static const column bul_cols[] = {
	{"group", "group"},
	{"group_uuid", NULL},
	{"ap_found", "AP found"},
	{"ap_destroyed", "AP destroyed"},
	{"at_found", "AT found"},
	{"at_destroyed", "AT destroyed"},
	{"uxo_found", "UXO found"},
	{"uxo_destroyed", "UXO destroyed"},
	{"other_found", "other found"},
	{"other_destroyed", "other destroyed"},
	{"cleared_ha", "cleared ha"},
	{"spot_tasks", "spot tasks"},
};

static void bul_row(value *v, const mais_bulletin_row *r)
{
	*v++ = text(r->group);
	*v++ = text(r->group_uuid);
	*v++ = count((double)r->ap_found);
	*v++ = count((double)r->ap_destroyed);
	*v++ = count((double)r->at_found);
	*v++ = count((double)r->at_destroyed);
	*v++ = count((double)r->uxo_found);
	*v++ = count((double)r->uxo_destroyed);
	*v++ = count((double)r->other_found);
	*v++ = count((double)r->other_destroyed);
	*v++ = fixed2(r->cleared_ha);
	*v = count((double)r->spot_tasks);
}

static int bul_sheet(const mais_bulletin_report *rep, sheet *sh)
{
	sh->report = "bulletin";
	sh->cols = bul_cols;
	sh->ncols = sizeof bul_cols / sizeof *bul_cols;
	if (sheet_alloc(sh, rep->nrows + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nrows; i++)
		bul_row(&sh->cells[i * sh->ncols], &rep->rows[i]);
	bul_row(&sh->cells[rep->nrows * sh->ncols], &rep->total);
	sh->extra =
		json_pack("{s:s, s:s, s:s, s:b}", "by",
			  mais_report_by_name(rep->by), "from", rep->from, "to",
			  rep->to, "include_submitted", rep->include_submitted);
	return sh->extra ? 0 : mais_error_set(MAIS_ENOMEM, "out of memory");
}

static const column eore_cols[] = {
	{"group", "group"},
	{"group_uuid", NULL},
	{"sessions", "sessions"},
	{"girls", "girls"},
	{"boys", "boys"},
	{"women", "women"},
	{"men", "men"},
	{"total", "total"},
	{"persons_with_disabilities", "PwD"},
	{"age_0_9", "0-9"},
	{"age_10_17", "10-17"},
	{"age_18_45", "18-45"},
	{"age_46_plus", "46+"},
};

static void eore_row(value *v, const mais_eore_row *r)
{
	*v++ = text(r->group);
	*v++ = text(r->group_uuid);
	*v++ = count((double)r->sessions);
	*v++ = count((double)r->girls);
	*v++ = count((double)r->boys);
	*v++ = count((double)r->women);
	*v++ = count((double)r->men);
	*v++ = count((double)r->total);
	*v++ = count((double)r->disabilities);
	*v++ = count((double)r->age_0_9);
	*v++ = count((double)r->age_10_17);
	*v++ = count((double)r->age_18_45);
	*v = count((double)r->age_46_plus);
}

static int eore_sheet(const mais_eore_report *rep, sheet *sh)
{
	sh->report = "eore";
	sh->cols = eore_cols;
	sh->ncols = sizeof eore_cols / sizeof *eore_cols;
	if (sheet_alloc(sh, rep->nrows + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nrows; i++)
		eore_row(&sh->cells[i * sh->ncols], &rep->rows[i]);
	eore_row(&sh->cells[rep->nrows * sh->ncols], &rep->total);
	sh->extra = json_pack("{s:s, s:b}", "by", mais_report_by_name(rep->by),
			      "include_submitted", rep->include_submitted);
	return sh->extra ? 0 : mais_error_set(MAIS_ENOMEM, "out of memory");
}

static const column equip_cols[] = {
	{"equipment_type", "type"},
	{"equipment_status", "status"},
	{"items", "items"},
};

static const column equip_list_cols[] = {
	{"uuid", NULL},
	{"equipment_type", "type"},
	{"name", "name"},
	{"make", "make"},
	{"model", "model"},
	{"serial", "serial"},
	{"donor", "donor"},
	{"received_date", "received"},
	{"equipment_status", "status"},
	{"team", "team"},
};

static void equip_item_row(value *v, const mais_equip_item *it)
{
	*v++ = text(it->uuid);
	*v++ = text(it->equipment_type);
	*v++ = text(it->name);
	*v++ = text(it->make);
	*v++ = text(it->model);
	*v++ = text(it->serial);
	*v++ = text(it->donor);
	*v++ = text(it->received_date);
	*v++ = text(it->status);
	*v = text(it->team);
}

/* The list: one row an item; the total row has the count in "name". */
static int equip_list_sheet(const mais_equip_report *rep, sheet *sh)
{
	value *t;

	sh->cols = equip_list_cols;
	sh->ncols = sizeof equip_list_cols / sizeof *equip_list_cols;
	if (sheet_alloc(sh, rep->nitems + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nitems; i++)
		equip_item_row(&sh->cells[i * sh->ncols], &rep->items[i]);
	t = &sh->cells[rep->nitems * sh->ncols];
	t[1] = text("total");
	t[2] = count((double)rep->nitems);
	return 0;
}

static int equip_sheet(const mais_equip_report *rep, sheet *sh)
{
	int rc;

	sh->report = "equipment";
	if (rep->list) {
		rc = equip_list_sheet(rep, sh);
	} else {
		sh->cols = equip_cols;
		sh->ncols = sizeof equip_cols / sizeof *equip_cols;
		rc = sheet_alloc(sh, rep->nrows + 1);
		for (size_t i = 0; !rc && i <= rep->nrows; i++) {
			const mais_equip_row *r =
				i < rep->nrows ? &rep->rows[i] : &rep->total;
			value *v = &sh->cells[i * sh->ncols];

			v[0] = text(r->equipment_type);
			v[1] = text(r->status);
			v[2] = count((double)r->items);
		}
	}
	if (rc)
		return MAIS_ENOMEM;
	sh->extra = json_pack("{s:b, s:b}", "list", rep->list,
			      "include_submitted", rep->include_submitted);
	return sh->extra ? 0 : mais_error_set(MAIS_ENOMEM, "out of memory");
}

/* The reports of report_ops.c by kind. */
static int ops_sheet(mais_store *s, const char *kind,
		     const mais_report_opts *opts, sheet *sh)
{
	int rc;

	if (!strcmp(kind, "bulletin")) {
		rc = mais_report_bulletin(s, opts, &sh->bul);
		return rc ? rc : bul_sheet(sh->bul, sh);
	}
	if (!strcmp(kind, "eore")) {
		rc = mais_report_eore(s, opts, &sh->eore);
		return rc ? rc : eore_sheet(sh->eore, sh);
	}
	if (!strcmp(kind, "equipment")) {
		rc = mais_report_equipment(s, opts, &sh->equip);
		return rc ? rc : equip_sheet(sh->equip, sh);
	}
	return mais_error_set(MAIS_EINVAL,
			      "no report '%s' (land-release, eo, casualties, "
			      "bulletin, eore, equipment)",
			      kind);
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
		return mais_error_set(MAIS_ENOMEM, "report: out of memory");
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

json_t *mais_sheet_json(const sheet *sh)
{
	json_t *o = json_object(), *rows = json_array();

	if (!o || !rows) {
		json_decref(o);
		json_decref(rows);
		return NULL;
	}
	json_object_set_new(o, "report", json_string(sh->report));
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
		return mais_error_set(MAIS_ENOMEM, "report: out of memory");
	/* 15 significant digits: m² to the millimetre², no binary noise */
	rc = json_dumpf(o, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	fputc('\n', fp);
	json_decref(o);
	return rc || ferror(fp) ? mais_error_set(MAIS_EIO, "cannot write JSON")
				: 0;
}

/* ------------------------------------------------------------------ */
/* Computing.                                                           */

void mais_sheet_free(sheet *sh)
{
	if (!sh)
		return;
	free(sh->cells);
	json_decref(sh->extra);
	mais_lr_report_free(sh->lr);
	mais_eo_report_free(sh->eo);
	mais_cas_report_free(sh->cas);
	mais_donor_report_free(sh->don);
	mais_bulletin_report_free(sh->bul);
	mais_eore_report_free(sh->eore);
	mais_equip_report_free(sh->equip);
	free(sh);
}

int mais_sheet_no_admin(const sheet *sh, int *level)
{
	if (!sh->lr || sh->lr->by != MAIS_REPORT_BY_ADMIN || sh->lr->nrows)
		return 0;
	*level = sh->lr->admin_level;
	return 1;
}

int mais_sheet_report(mais_store *s, const char *kind,
		      const mais_report_opts *opts, sheet **out)
{
	sheet *sh;
	int rc;

	*out = NULL;
	sh = calloc(1, sizeof *sh);
	if (!sh)
		return mais_error_set(MAIS_ENOMEM, "report: out of memory");
	if (!strcmp(kind, "land-release")) {
		rc = mais_report_land_release(s, opts, &sh->lr);
		rc = rc ? rc : lr_sheet(sh->lr, sh);
	} else if (!strcmp(kind, "eo")) {
		rc = mais_report_eo(s, opts, &sh->eo);
		rc = rc ? rc : eo_sheet(sh->eo, sh);
	} else if (!strcmp(kind, "casualties")) {
		rc = mais_report_casualties(s, opts, &sh->cas);
		rc = rc ? rc : cas_sheet(sh->cas, sh);
	} else {
		rc = ops_sheet(s, kind, opts, sh);
	}
	if (rc) {
		mais_sheet_free(sh);
		return rc < 0 ? rc : MAIS_ENOMEM;
	}
	*out = sh;
	return 0;
}

int mais_sheet_donors(mais_store *s, const mais_report_opts *opts,
		      const char *currency, mais_rate_match match,
		      mais_sheet **out)
{
	sheet *sh;
	int rc;

	*out = NULL;
	sh = calloc(1, sizeof *sh);
	if (!sh)
		return mais_error_set(MAIS_ENOMEM, "report: out of memory");
	rc = mais_report_donors(s, opts, currency, match, &sh->don);
	rc = rc ? rc : don_sheet(sh->don, sh);
	if (rc) {
		mais_sheet_free(sh);
		return rc < 0 ? rc : MAIS_ENOMEM;
	}
	*out = sh;
	return 0;
}

size_t mais_sheet_missing_rates(const mais_sheet *sh)
{
	return sh->don ? sh->don->missing_rates : 0;
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
