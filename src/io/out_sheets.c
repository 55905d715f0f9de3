/*
 * out_sheets.c — the sheet writer of each report (out_report.h): its
 * columns (the keys of CSV and JSON, the heads of the table), its rows
 * and total as typed cells, the options it states in its JSON object,
 * and a note for a person.  The sheet owns the report it is given and
 * borrows its strings.  The output writers (out_report.c, out_xlsx.c)
 * know only sheets, so a new report needs one writer here.
 */
#include "io/out_sheet.h"
#include "mais/error.h"
#include "mais/landrelease.h"

#include <stdio.h>
#include <string.h>

#define NCOLS(c) (sizeof c / sizeof *c)

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

static value fixed2(double n)
{
	return (value){.type = V_FIXED2, .n = n};
}

static value money(int64_t minor, const char *currency, int ok)
{
	if (!ok)
		return (value){.type = V_NULL};
	return (value){.type = V_MONEY, .minor = minor, .s = currency};
}

/* A row of a report into the cells v; ctx: what every row needs. */
typedef void (*row_fn)(value *v, const void *row, const void *ctx);

/* The n rows of size `size` at rows, then the total, through fn. */
static int fill_rows(mais_sheet *sh, const char *report, const column *cols,
		     size_t ncols, const void *rows, size_t n, size_t size,
		     const void *total, row_fn fn, const void *ctx)
{
	if (mais_sheet__alloc(sh, report, cols, ncols, n + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < n; i++)
		fn(mais_sheet__row(sh, i), (const char *)rows + i * size, ctx);
	fn(mais_sheet__row(sh, n), total, ctx);
	return 0;
}

/* The members the report adds to its JSON object (j, stolen). */
static int extra(mais_sheet *sh, json_t *j)
{
	sh->extra = j;
	return j ? 0 : mais_error_nomem();
}

/* The header and the codes of the column "group" when rows are grouped
 * by `by`, for people. */
static void group_by(mais_sheet *sh, mais_report_by by)
{
	switch (by) {
	case MAIS_REPORT_BY_ADMIN:
		sh->group_label = "Admin area";
		break;
	case MAIS_REPORT_BY_YEAR:
		sh->group_label = "Year";
		break;
	case MAIS_REPORT_BY_ORGANISATION:
		sh->group_label = "Organisation";
		break;
	case MAIS_REPORT_BY_METHOD:
		sh->group_label = "Delivery method";
		sh->group_vocab = "eore_method";
		break;
	case MAIS_REPORT_BY_LAND_USE:
		sh->group_label = "Land use";
		sh->group_vocab = "land_use";
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Land release.                                                        */

static const column lr_cols[] = {
	{"group", "group", "Group", NULL, 1},
	{"group_uuid", NULL, NULL, NULL, 0},
	{"hazards", "hazards", "Hazards", NULL, 0},
	{"hazards_indication", "ind", "Indications", NULL, 0},
	{"hazards_sha", "sha", "SHA", NULL, 0},
	{"hazards_cha", "cha", "CHA", NULL, 0},
	{"releases", "releases", "Releases", NULL, 0},
	{"hazard_area_m2", "hazard m2", "Hazard area (m²)", NULL, 0},
	{"hazard_area_sum_m2", "hazard sum m2", "Hazard area, plain sum (m²)",
	 NULL, 0},
	{"cancelled_m2", "cancelled m2", "Cancelled (m²)", NULL, 0},
	{"reduced_m2", "reduced m2", "Reduced (m²)", NULL, 0},
	{"cleared_m2", "cleared m2", "Cleared (m²)", NULL, 0},
	{"remaining_m2", "remaining m2", "Remaining (m²)", NULL, 0},
	{"outside_cancelled_m2", "out: cancelled m2",
	 "Cancelled outside hazards (m²)", NULL, 0},
	{"outside_reduced_m2", "out: reduced m2",
	 "Reduced outside hazards (m²)", NULL, 0},
	{"outside_cleared_m2", "out: cleared m2",
	 "Cleared outside hazards (m²)", NULL, 0},
	{"released_outside_hazards_m2", "outside hz m2",
	 "Released outside hazards (m²)", NULL, 0},
	{"cancelled_by_releases_m2", "row's releases: cancelled m2",
	 "Cancelled by the row's releases (m²)", NULL, 0},
	{"reduced_by_releases_m2", "row's releases: reduced m2",
	 "Reduced by the row's releases (m²)", NULL, 0},
	{"cleared_by_releases_m2", "row's releases: cleared m2",
	 "Cleared by the row's releases (m²)", NULL, 0},
	{"released_by_number_m2", "by number m2",
	 "Released, given as a number (m²)", NULL, 0},
	{"released_cancelled_m2", NULL,
	 "Released by the row's releases: cancelled (m²)", NULL, 0},
	{"released_reduced_m2", NULL,
	 "Released by the row's releases: reduced (m²)", NULL, 0},
	{"released_cleared_m2", NULL,
	 "Released by the row's releases: cleared (m²)", NULL, 0},
	{"released_m2", "released m2", "Released by the row's releases (m²)",
	 NULL, 0},
};

static void lr_row(value *v, const void *row, const void *ctx)
{
	const mais_lr_row *r = row;

	(void)ctx;
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
	*v++ = area(r->cancelled_by_releases_m2);
	*v++ = area(r->reduced_by_releases_m2);
	*v++ = area(r->cleared_by_releases_m2);
	*v++ = area(r->released_by_number_m2);
	*v++ = area(mais_lr_row_released(r, MAIS_LR_CANCELLED));
	*v++ = area(mais_lr_row_released(r, MAIS_LR_REDUCED));
	*v++ = area(mais_lr_row_released(r, MAIS_LR_CLEARED));
	*v = area(mais_lr_row_released(r, -1));
}

/* By admin with no admin area of a polygon: say so (everything is
 * unassigned). */
static void lr_note(mais_sheet *sh, const mais_lr_report *rep)
{
	if (rep->by != MAIS_REPORT_BY_ADMIN || rep->nrows)
		return;
	if (rep->admin_level < 0)
		snprintf(sh->note, sizeof sh->note,
			 "no admin area has a polygon: everything is "
			 "unassigned");
	else
		snprintf(sh->note, sizeof sh->note,
			 "no admin area of level %d has a polygon: "
			 "everything is unassigned",
			 rep->admin_level);
}

int mais_sheet_land_release(mais_sheet *sh, mais_lr_report *rep)
{
	size_t n;

	sh->lr = rep;
	n = rep->nrows + (rep->has_unassigned ? 1 : 0);
	if (mais_sheet__alloc(sh, "land-release", lr_cols, NCOLS(lr_cols),
			      n + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nrows; i++)
		lr_row(mais_sheet__row(sh, i), &rep->rows[i], NULL);
	if (rep->has_unassigned)
		lr_row(mais_sheet__row(sh, rep->nrows), &rep->unassigned, NULL);
	lr_row(mais_sheet__row(sh, n), &rep->total, NULL);
	lr_note(sh, rep);
	group_by(sh, rep->by);
	if (extra(sh,
		  json_pack("{s:s, s:b}", "by", mais_report_by_name(rep->by),
			    "include_submitted", rep->include_submitted)))
		return MAIS_ENOMEM;
	if (rep->by == MAIS_REPORT_BY_ADMIN)
		json_object_set_new(sh->extra, "level",
				    rep->admin_level < 0
					    ? json_null()
					    : json_integer(rep->admin_level));
	return 0;
}

/* ------------------------------------------------------------------ */
/* One hazard's account.                                                */

static const column hz_cols[] = {
	{"hazard", "hazard", "Hazard", NULL, 0},
	{"hazard_uuid", NULL, NULL, NULL, 0},
	{"hazard_status", "status", "Hazard status", "hazard_status", 0},
	{"part", "part", "Part", "release_method", 1},
	{"m2", "m2", "Area (m²)", NULL, 0},
};

static void hz_row(value *v, const mais_hazard_report *h, const char *part,
		   double m2)
{
	v[0] = text(h->reference);
	v[1] = text(h->uuid);
	v[2] = text(h->status[0] ? h->status : NULL);
	v[3] = text(part);
	v[4] = fixed2(m2);
}

/* The parts as rows; the total, the original area, is their sum. */
int mais_sheet_hazard(mais_sheet *sh, mais_hazard_report *h)
{
	sh->hz = h;
	if (mais_sheet__alloc(sh, "hazard", hz_cols, NCOLS(hz_cols), 5))
		return MAIS_ENOMEM;
	hz_row(mais_sheet__row(sh, 0), h, "cancelled", h->cancelled_m2);
	hz_row(mais_sheet__row(sh, 1), h, "reduced", h->reduced_m2);
	hz_row(mais_sheet__row(sh, 2), h, "cleared", h->cleared_m2);
	hz_row(mais_sheet__row(sh, 3), h, "remaining", h->remaining_m2);
	hz_row(mais_sheet__row(sh, 4), h, "original", h->original_m2);
	return extra(sh, json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:I, "
				   "s:b, s:b}",
				   "hazard_uuid", h->uuid, "reference",
				   h->reference, "hazard_status", h->status,
				   "original_m2", h->original_m2,
				   "polygon_m2", h->polygon_m2,
				   "polygon_remaining_m2",
				   h->polygon_remaining_m2,
				   "released_by_number_m2", h->number_m2,
				   "releases", (json_int_t)h->releases,
				   "has_polygon", h->has_polygon,
				   "include_submitted", h->include_submitted));
}

/* ------------------------------------------------------------------ */
/* EO and casualties.                                                   */

static const column eo_cols[] = {
	{"eo_category", "category", "EO category", "eo_category", 1},
	{"fate", "fate", "Fate", "eo_fate", 1},
	{"items", "items", "Items", NULL, 0},
	{"records", "records", "Records", NULL, 0},
};

static void eo_row(value *v, const void *row, const void *ctx)
{
	const mais_eo_row *r = row;

	(void)ctx;
	v[0] = text(r->eo_category);
	v[1] = text(r->fate);
	v[2] = count((double)r->items);
	v[3] = count((double)r->records);
}

int mais_sheet_eo(mais_sheet *sh, mais_eo_report *rep)
{
	sh->eo = rep;
	if (fill_rows(sh, "eo", eo_cols, NCOLS(eo_cols), rep->rows, rep->nrows,
		      sizeof *rep->rows, &rep->total, eo_row, NULL))
		return MAIS_ENOMEM;
	return extra(sh, json_pack("{s:b}", "include_submitted",
				   rep->include_submitted));
}

static const column cas_cols[] = {
	{"year", "year", "Year", NULL, 1},
	{"outcome", "outcome", "Outcome", "victim_outcome", 1},
	{"sex", "sex", "Sex", "sex", 1},
	{"age_group", "age group", "Age group", "age_band", 1},
	{"victim_role", "role", "Role", "victim_role", 1},
	{"eo_category", "EO category", "EO category", "eo_category", 1},
	{"victims", "victims", "Casualties", NULL, 0},
	{"accidents", "accidents", "Accidents", NULL, 0},
};

static void cas_row(value *v, const void *row, const void *ctx)
{
	const mais_cas_row *r = row;

	(void)ctx;
	v[0] = text(r->year);
	v[1] = text(r->outcome);
	v[2] = text(r->sex);
	v[3] = text(r->age_group);
	v[4] = text(r->victim_role);
	v[5] = text(r->eo_category);
	v[6] = count((double)r->victims);
	v[7] = count((double)r->accidents);
}

int mais_sheet_casualties(mais_sheet *sh, mais_cas_report *rep)
{
	sh->cas = rep;
	if (fill_rows(sh, "casualties", cas_cols, NCOLS(cas_cols), rep->rows,
		      rep->nrows, sizeof *rep->rows, &rep->total, cas_row,
		      NULL))
		return MAIS_ENOMEM;
	return extra(sh, json_pack("{s:b, s:I}", "include_submitted",
				   rep->include_submitted, "accident_records",
				   (json_int_t)rep->accidents));
}

/* ------------------------------------------------------------------ */
/* Donors.                                                              */

/* Amounts in the reporting currency are exact decimals; "-" (empty in
 * CSV, null in JSON) where a rate was missing, and the row's problems say
 * which. */
static const column don_cols[] = {
	{"kind", "kind", "Kind", NULL, 1},
	{"name", "name", "Name", NULL, 1},
	{"uuid", NULL, NULL, NULL, 0},
	{"pledges", "pledges", "Pledges", NULL, 0},
	{"pledged_original", "pledged (original)",
	 "Pledged (original currencies)", NULL, 0},
	{"pledged", "pledged", "Pledged", NULL, 0},
	{"received_original", NULL, "Received (original currencies)", NULL, 0},
	{"received", "received", "Received", NULL, 0},
	{"spent_original", NULL, "Spent (original currencies)", NULL, 0},
	{"spent", "spent", "Spent", NULL, 0},
	{"activities", "activities", "Activities funded", NULL, 0},
	{"released_m2", "released m2", "Released (m²)", NULL, 0},
	{"eo_destroyed", "EO destroyed", "EO destroyed", NULL, 0},
	{"eore_beneficiaries", "EORE beneficiaries", "EORE beneficiaries", NULL,
	 0},
	{"survivors_assisted", "survivors assisted", "Survivors assisted", NULL,
	 0},
	{"cost_per_m2", "cost per m2", "Cost per m²", NULL, 0},
	{"problems", "problems", "Problems", NULL, 0},
};

static void don_row(value *v, const void *row, const void *ctx)
{
	const mais_donor_row *r = row;
	const char *cur = ctx;
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

int mais_sheet_donors(mais_sheet *sh, mais_donor_report *rep)
{
	sh->don = rep;
	snprintf(sh->currency, sizeof sh->currency, "%s", rep->currency);
	if (fill_rows(sh, "donors", don_cols, NCOLS(don_cols), rep->rows,
		      rep->nrows, sizeof *rep->rows, &rep->total, don_row,
		      rep->currency))
		return MAIS_ENOMEM;
	sh->problems = rep->missing_rates;
	if (rep->missing_rates)
		snprintf(sh->note, sizeof sh->note,
			 "%zu amounts have no exchange rate to %s (see the "
			 "rows' problems)",
			 rep->missing_rates, rep->currency);
	return extra(sh, json_pack("{s:s, s:s, s:b, s:I}", "currency",
				   rep->currency, "rate_date",
				   rep->match == MAIS_RATE_EXACT_DATE
					   ? "exact"
					   : "on-or-before",
				   "include_submitted", rep->include_submitted,
				   "missing_rates",
				   (json_int_t)rep->missing_rates));
}

/* ------------------------------------------------------------------ */
/* Bulletin and EORE reach.                                             */

static const column bul_cols[] = {
	{"group", "group", "Group", NULL, 1},
	{"group_uuid", NULL, NULL, NULL, 0},
	{"ap_found", "AP found", "AP mines found", NULL, 0},
	{"ap_destroyed", "AP destroyed", "AP mines destroyed", NULL, 0},
	{"at_found", "AT found", "AT mines found", NULL, 0},
	{"at_destroyed", "AT destroyed", "AT mines destroyed", NULL, 0},
	{"uxo_found", "UXO found", "UXO found", NULL, 0},
	{"uxo_destroyed", "UXO destroyed", "UXO destroyed", NULL, 0},
	{"other_found", "other found", "Other EO found", NULL, 0},
	{"other_destroyed", "other destroyed", "Other EO destroyed", NULL, 0},
	{"cleared_ha", "cleared ha", "Cleared (ha)", NULL, 0},
	{"spot_tasks", "spot tasks", "EOD spot tasks", NULL, 0},
};

static void bul_row(value *v, const void *row, const void *ctx)
{
	const mais_bulletin_row *r = row;

	(void)ctx;
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

int mais_sheet_bulletin(mais_sheet *sh, mais_bulletin_report *rep)
{
	sh->bul = rep;
	group_by(sh, rep->by);
	if (fill_rows(sh, "bulletin", bul_cols, NCOLS(bul_cols), rep->rows,
		      rep->nrows, sizeof *rep->rows, &rep->total, bul_row,
		      NULL))
		return MAIS_ENOMEM;
	return extra(sh,
		     json_pack("{s:s, s:s, s:s, s:b}", "by",
			       mais_report_by_name(rep->by), "from", rep->from,
			       "to", rep->to, "include_submitted",
			       rep->include_submitted));
}

static const column eore_cols[] = {
	{"group", "group", "Group", NULL, 1},
	{"group_uuid", NULL, NULL, NULL, 0},
	{"sessions", "sessions", "Sessions", NULL, 0},
	{"girls", "girls", "Girls", NULL, 0},
	{"boys", "boys", "Boys", NULL, 0},
	{"women", "women", "Women", NULL, 0},
	{"men", "men", "Men", NULL, 0},
	{"total", "total", "People reached", NULL, 0},
	{"persons_with_disabilities", "PwD", "Persons with disabilities", NULL,
	 0},
	{"age_0_9", "0-9", "Aged 0-9", NULL, 0},
	{"age_10_17", "10-17", "Aged 10-17", NULL, 0},
	{"age_18_45", "18-45", "Aged 18-45", NULL, 0},
	{"age_46_plus", "46+", "Aged 46 and over", NULL, 0},
};

static void eore_row(value *v, const void *row, const void *ctx)
{
	const mais_eore_row *r = row;

	(void)ctx;
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

int mais_sheet_eore(mais_sheet *sh, mais_eore_report *rep)
{
	sh->eore = rep;
	group_by(sh, rep->by);
	if (fill_rows(sh, "eore", eore_cols, NCOLS(eore_cols), rep->rows,
		      rep->nrows, sizeof *rep->rows, &rep->total, eore_row,
		      NULL))
		return MAIS_ENOMEM;
	return extra(sh,
		     json_pack("{s:s, s:b}", "by", mais_report_by_name(rep->by),
			       "include_submitted", rep->include_submitted));
}

/* ------------------------------------------------------------------ */
/* Equipment.                                                           */

static const column equip_cols[] = {
	{"equipment_type", "type", "Type", "equipment_type", 1},
	{"equipment_status", "status", "Status", "equipment_status", 1},
	{"items", "items", "Items", NULL, 0},
};

static const column equip_list_cols[] = {
	{"uuid", NULL, NULL, NULL, 0},
	{"equipment_type", "type", "Type", "equipment_type", 1},
	{"name", "name", "Name", NULL, 0},
	{"make", "make", "Make", NULL, 0},
	{"model", "model", "Model", NULL, 0},
	{"serial", "serial", "Serial number", NULL, 0},
	{"donor", "donor", "Donor", NULL, 0},
	{"received_date", "received", "Received", NULL, 0},
	{"equipment_status", "status", "Status", "equipment_status", 0},
	{"team", "team", "Team", NULL, 0},
};

static void equip_row(value *v, const void *row, const void *ctx)
{
	const mais_equip_row *r = row;

	(void)ctx;
	v[0] = text(r->equipment_type);
	v[1] = text(r->status);
	v[2] = count((double)r->items);
}

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
static int equip_list(mais_sheet *sh, const mais_equip_report *rep)
{
	value *t;

	if (mais_sheet__alloc(sh, "equipment", equip_list_cols,
			      NCOLS(equip_list_cols), rep->nitems + 1))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < rep->nitems; i++)
		equip_item_row(mais_sheet__row(sh, i), &rep->items[i]);
	t = mais_sheet__row(sh, rep->nitems);
	t[1] = text("total");
	t[2] = count((double)rep->nitems);
	return 0;
}

int mais_sheet_equipment(mais_sheet *sh, mais_equip_report *rep)
{
	int rc;

	sh->equip = rep;
	if (rep->list)
		rc = equip_list(sh, rep);
	else
		rc = fill_rows(sh, "equipment", equip_cols, NCOLS(equip_cols),
			       rep->rows, rep->nrows, sizeof *rep->rows,
			       &rep->total, equip_row, NULL);
	if (rc)
		return MAIS_ENOMEM;
	return extra(sh,
		     json_pack("{s:b, s:b}", "list", rep->list,
			       "include_submitted", rep->include_submitted));
}

/* ------------------------------------------------------------------ */
/* Headline figures.                                                    */

static const column head_cols[] = {
	{"area_remaining_m2", "remaining m2", "Area remaining (m²)", NULL, 0},
	{"released_m2", "released m2", "Land released in the year (m²)", NULL,
	 0},
	{"eo_destroyed", "EO destroyed", "EO destroyed in the year", NULL, 0},
	{"casualties", "casualties", "Casualties in the year", NULL, 0},
	{"pledged", "pledged", "Funds pledged", NULL, 0},
	{"received", "received", "Funds received", NULL, 0},
};

/* No rows: the figures are the total, one row. */
int mais_sheet_headline(mais_sheet *sh, const mais_headline *h)
{
	const mais_headline *x = &sh->headline;
	value *v;

	sh->headline = *h;
	snprintf(sh->currency, sizeof sh->currency, "%s", h->currency);
	if (mais_sheet__alloc(sh, "headline", head_cols, NCOLS(head_cols), 1))
		return MAIS_ENOMEM;
	v = mais_sheet__row(sh, 0);
	v[0] = area(x->remaining_m2);
	v[1] = area(x->released_m2);
	v[2] = count((double)x->eo_destroyed);
	v[3] = count((double)x->casualties);
	v[4] = money(x->pledged, x->currency, *x->currency && x->pledged_ok);
	v[5] = money(x->received, x->currency, *x->currency && x->received_ok);
	sh->problems = x->missing_rates;
	if (!*x->currency)
		snprintf(sh->note, sizeof sh->note,
			 "no reporting currency: funds are not shown (mais "
			 "init --currency, or the currency option)");
	else if (x->missing_rates)
		snprintf(sh->note, sizeof sh->note,
			 "%zu amounts have no exchange rate to %s (the donors "
			 "report says which)",
			 x->missing_rates, x->currency);
	return extra(sh,
		     json_pack("{s:i, s:s?, s:b}", "year", x->year, "currency",
			       *x->currency ? x->currency : NULL,
			       "include_submitted", x->include_submitted));
}
