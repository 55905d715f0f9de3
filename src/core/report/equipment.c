/*
 * equipment.c — the equipment register (report.h): items counted by type
 * and status, or (list) one row an item with the names of its donor and
 * team looked up in the organisations the source gives.  A failed read of
 * the source is an error of the report, never a silent uuid.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"
#include "mais/grow.h"

#include <stdlib.h>
#include <string.h>

typedef struct equip {
	const mais_source *src;
	const mais_report_opts *opts;
	const mais_vocab *type, *status;
	size_t *counts; /* type × (status + 1: not given) */
	mais_equip_item *items;
	size_t nitems, cap;
} equip;

static const char *code_or_unknown(const mais_vocab *v, size_t i)
{
	return i < v->count ? v->codes[i].code : "unknown";
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int item_strings(equip *q, const mais_record *r, mais_equip_item *it)
{
	char *donor = NULL, *team = NULL;
	int rc;

	it->uuid = dup_or_null(mais_record_uuid(r));
	it->equipment_type = dup_or_null(mais_record_get(r, "equipment_type"));
	it->name = dup_or_null(mais_record_get(r, "name"));
	it->make = dup_or_null(mais_record_get(r, "make"));
	it->model = dup_or_null(mais_record_get(r, "model"));
	it->serial = dup_or_null(mais_record_get(r, "serial"));
	it->received_date = dup_or_null(mais_record_get(r, "received_date"));
	it->status = dup_or_null(mais_record_get(r, "equipment_status"));
	rc = mais_report__name_of(q->src, "organisation",
				  mais_record_get(r, "donor_uuid"), &donor);
	it->donor = donor;
	if (!rc)
		rc = mais_report__name_of(q->src, "organisation",
					  mais_record_get(r, "team_uuid"),
					  &team);
	it->team = team;
	if (!rc && (!it->uuid || !it->equipment_type))
		rc = mais_error_nomem();
	return rc;
}

static int add_item(equip *q, const mais_record *r)
{
	mais_equip_item *it;

	if (mais_grow(&q->items, &q->cap, q->nitems, sizeof *q->items) < 0)
		return MAIS_ENOMEM;
	it = &q->items[q->nitems++];
	memset(it, 0, sizeof *it);
	return item_strings(q, r, it);
}

static int on_equipment(const mais_record *r, void *arg)
{
	equip *q = arg;
	size_t t, st;

	if (!mais_report_counts(q->opts, r))
		return 0;
	t = mais_report__vocab_index(q->type,
				     mais_record_get(r, "equipment_type"));
	st = mais_report__vocab_index(q->status,
				      mais_record_get(r, "equipment_status"));
	if (t == q->type->count) /* required code: the store enforces it */
		return 0;
	q->counts[t * (q->status->count + 1) + st]++;
	return q->opts->list ? add_item(q, r) : 0;
}

static int equip_rows(const equip *q, mais_equip_report *rep)
{
	size_t ns = q->status->count + 1, n = q->type->count * ns;

	if (!(rep->rows = calloc(n, sizeof *rep->rows)))
		return mais_error_nomem();
	rep->total.equipment_type = rep->total.status = "total";
	for (size_t i = 0; i < n; i++) {
		mais_equip_row *row = &rep->rows[rep->nrows];

		if (!q->counts[i])
			continue;
		row->equipment_type = q->type->codes[i / ns].code;
		row->status = code_or_unknown(q->status, i % ns);
		row->items = q->counts[i];
		rep->total.items += row->items;
		rep->nrows++;
	}
	return 0;
}

typedef struct keyed_item {
	size_t order; /* index of the type in its vocabulary */
	mais_equip_item it;
} keyed_item;

static int cmp_item(const void *pa, const void *pb)
{
	const keyed_item *a = pa, *b = pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (!a->it.serial || !b->it.serial)
		return (!a->it.serial) - (!b->it.serial);
	return strcmp(a->it.serial, b->it.serial);
}

/* By type (vocabulary order), then serial (none last). */
static int sort_items(const mais_vocab *type, mais_equip_report *rep)
{
	keyed_item *k = calloc(rep->nitems, sizeof *k);

	if (!k)
		return mais_error_nomem();
	for (size_t i = 0; i < rep->nitems; i++) {
		k[i].order = mais_report__vocab_index(
			type, rep->items[i].equipment_type);
		k[i].it = rep->items[i];
	}
	qsort(k, rep->nitems, sizeof *k, cmp_item);
	for (size_t i = 0; i < rep->nitems; i++)
		rep->items[i] = k[i].it;
	free(k);
	return 0;
}

/* Reads the equipment of q->src into q and rep. */
static int equip_run(equip *q, mais_equip_report *rep)
{
	int rc = q->src->each(q->src->ctx, "equipment", on_equipment, q);

	rep->items = q->items;
	rep->nitems = q->nitems;
	if (!rc)
		rc = equip_rows(q, rep);
	if (!rc && rep->nitems)
		rc = sort_items(q->type, rep);
	return rc;
}

int mais_report_equipment(const mais_source *src, const mais_report_opts *opts,
			  mais_equip_report **out)
{
	equip q = {.src = src, .opts = opts};
	mais_equip_report *rep;
	int rc;

	if (!src || !opts || !out)
		return mais_error_set(MAIS_EINVAL, "equipment report: no "
						   "source, options or output");
	*out = NULL;
	q.type = mais_vocab_find("equipment_type");
	q.status = mais_vocab_find("equipment_status");
	if (!q.type || !q.status)
		return mais_error_set(MAIS_ENOTFOUND, "equipment report: no "
						      "vocabularies");
	q.counts =
		calloc(q.type->count * (q.status->count + 1), sizeof *q.counts);
	if (!q.counts || !(rep = calloc(1, sizeof *rep))) {
		free(q.counts);
		return mais_error_nomem();
	}
	rep->include_submitted = opts->include_submitted != 0;
	rep->list = opts->list != 0;
	rc = equip_run(&q, rep);
	free(q.counts);
	if (rc) {
		mais_equip_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

static void item_free(mais_equip_item *it)
{
	const char *s[] = {it->uuid,  it->equipment_type, it->name,
			   it->make,  it->model,	  it->serial,
			   it->donor, it->received_date,  it->status,
			   it->team};

	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		free((char *)s[i]);
}

void mais_equip_report_free(mais_equip_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nitems; i++)
		item_free(&r->items[i]);
	free(r->items);
	free(r->rows);
	free(r);
}
