/*
 * report_ops.c — the operational reports of report.h: the bulletin of a
 * period (EO found and destroyed by category group, area cleared in ha,
 * EOD spot tasks) per admin area or operator, EORE reach by sex, age,
 * disability per admin area or method, and the equipment register (counts
 * by type and status, or the list of items with donor and team names).
 *
 * Bulletin and EORE share one small grouping: each counted record adds to
 * the group of its key (an admin area or organisation uuid, or a method
 * code; NULL is "unassigned"), in a table of int64 counters and one area;
 * the groups are then named (names looked up in the store), sorted, and
 * copied into the public rows with a total.  Dates are ISO YYYY-MM-DD, so
 * a period test is a string comparison.
 */
#include "mais/report.h"
#include "mais/error.h"
#include "mais/vocab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NV = 12 }; /* counters a group holds */

typedef struct grp {
	char *key;    /* uuid or code; NULL: unassigned */
	char *name;   /* display name (malloc'd) */
	size_t order; /* method: vocabulary index */
	int64_t v[NV];
	double area;
} grp;

typedef struct groups {
	grp *g;
	size_t n, cap;
} groups;

static int no_memory(void)
{
	return mais_error_set(MAIS_ENOMEM, "report: out of memory");
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void groups_free(groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].name);
	}
	free(gs->g);
}

/* The group of key, added on first sight; NULL when out of memory. */
static grp *group_of(groups *gs, const char *key)
{
	grp *g;

	for (size_t i = 0; i < gs->n; i++)
		if (key ? gs->g[i].key && !strcmp(gs->g[i].key, key)
			: !gs->g[i].key)
			return &gs->g[i];
	if (gs->n == gs->cap) {
		size_t cap = gs->cap ? gs->cap * 2 : 16;

		if (!(g = realloc(gs->g, cap * sizeof *g)))
			return NULL;
		gs->g = g;
		gs->cap = cap;
	}
	g = &gs->g[gs->n];
	memset(g, 0, sizeof *g);
	if (key && !(g->key = strdup(key)))
		return NULL;
	gs->n++;
	return g;
}

/* Name column of the entity's record uuid, or the uuid itself. */
static char *name_of(mais_store *s, const char *entity, const char *uuid)
{
	mais_record *r = NULL;
	char *name;

	if (!uuid)
		return NULL;
	if (mais_store_get(s, entity, uuid, &r) || !mais_record_get(r, "name"))
		name = strdup(uuid);
	else
		name = strdup(mais_record_get(r, "name"));
	mais_record_free(r);
	mais_error_clear();
	return name;
}

static size_t vocab_index(const mais_vocab *v, const char *code)
{
	for (size_t i = 0; v && code && i < v->count; i++)
		if (!strcmp(v->codes[i].code, code))
			return i;
	return v ? v->count : 0;
}

/* Names the groups (entity NULL: the key is a code of vocabulary v). */
static int name_groups(mais_store *s, groups *gs, const char *entity,
		       const mais_vocab *v)
{
	for (size_t i = 0; i < gs->n; i++) {
		grp *g = &gs->g[i];

		if (!g->key)
			g->name = strdup("unassigned");
		else if (entity)
			g->name = name_of(s, entity, g->key);
		else
			g->name = strdup(g->key);
		g->order = vocab_index(v, g->key);
		if (!g->name)
			return no_memory();
	}
	return 0;
}

/* By name (or vocabulary order), unassigned last. */
static int cmp_group(const void *pa, const void *pb)
{
	const grp *a = pa, *b = pb;

	if (!a->key || !b->key)
		return (!a->key) - (!b->key);
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void sort_groups(groups *gs)
{
	if (gs->n)
		qsort(gs->g, gs->n, sizeof *gs->g, cmp_group);
}

/* The record's date column, else its info_date. */
static const char *date_of(const mais_record *r, const char *column)
{
	const char *d = mais_record_get(r, column);

	return d ? d : mais_record_get(r, "info_date");
}

static int in_period(const mais_report_opts *o, const char *date)
{
	if (!o->from && !o->to)
		return 1;
	if (!date)
		return 0;
	return (!o->from || strncmp(date, o->from, 10) >= 0) &&
	       (!o->to || strncmp(date, o->to, 10) <= 0);
}

static int64_t int_of(const mais_record *r, const char *column)
{
	const char *v = mais_record_get(r, column);

	return v ? strtoll(v, NULL, 10) : 0;
}

static int is_date(const char *d)
{
	static const char shape[] = "dddd-dd-dd";

	if (!d || strlen(d) != 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != '-')
			return 0;
	return 1;
}

static int check_period(const mais_report_opts *o, int required)
{
	if (required && (!o->from || !o->to))
		return mais_error_set(MAIS_EINVAL,
				      "report: give the period (from, to)");
	if ((o->from && !is_date(o->from)) || (o->to && !is_date(o->to)))
		return mais_error_set(MAIS_EINVAL,
				      "report: the period is YYYY-MM-DD");
	if (o->from && o->to && strcmp(o->from, o->to) > 0)
		return mais_error_set(MAIS_EINVAL,
				      "report: the period ends before it "
				      "starts");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Bulletin.                                                            */

enum { B_AP, B_AT, B_UXO, B_OTHER, NEO };

typedef struct bulletin {
	const mais_report_opts *opts;
	groups gs;
} bulletin;

static const char *bulletin_key(const bulletin *b, const mais_record *r)
{
	return mais_record_get(r, b->opts->by == MAIS_REPORT_BY_ADMIN
					  ? "admin_area_uuid"
					  : "organisation_uuid");
}

/* The group of a counted record of the period; NULL if it does not
 * count (*rc 0) or when out of memory (*rc set). */
static grp *bulletin_group(bulletin *b, const mais_record *r,
			   const char *date_column, int *rc)
{
	grp *g;

	*rc = 0;
	if (!mais_report_counts(b->opts, r) ||
	    !in_period(b->opts, date_of(r, date_column)))
		return NULL;
	if (!(g = group_of(&b->gs, bulletin_key(b, r))))
		*rc = no_memory();
	return g;
}

static int eo_group(const char *cat)
{
	if (!strcmp(cat, "ap_mine"))
		return B_AP;
	if (!strcmp(cat, "at_mine"))
		return B_AT;
	if (!strcmp(cat, "uxo") || !strcmp(cat, "axo") ||
	    !strcmp(cat, "submunition"))
		return B_UXO;
	return B_OTHER;
}

static int on_eo(const mais_record *r, void *arg)
{
	int rc;
	grp *g = bulletin_group(arg, r, "found_date", &rc);
	const char *cat = mais_record_get(r, "eo_category");
	int k;

	if (!g || !cat)
		return rc;
	k = eo_group(cat);
	g->v[2 * k] += int_of(r, "quantity");
	if (mais_report_eo_destroyed(mais_record_get(r, "fate")))
		g->v[2 * k + 1] += int_of(r, "quantity");
	return 0;
}

static int on_release(const mais_record *r, void *arg)
{
	const char *m = mais_record_get(r, "method"), *a;
	grp *g;
	int rc;

	if (!m || strcmp(m, "cleared"))
		return 0;
	if (!(g = bulletin_group(arg, r, "release_date", &rc)))
		return rc;
	if ((a = mais_record_get(r, "area_m2")))
		g->area += strtod(a, NULL);
	return 0;
}

static int on_activity(const mais_record *r, void *arg)
{
	const char *t = mais_record_get(r, "activity_type");
	grp *g;
	int rc;

	if (!t || strcmp(t, "eod_spot_task"))
		return 0;
	if (!(g = bulletin_group(arg, r, "start_date", &rc)))
		return rc;
	g->v[2 * NEO]++;
	return 0;
}

static double ha_of(double m2)
{
	return round(m2 / 100.0) / 100.0;
}

static void bulletin_fill(mais_bulletin_row *row, const int64_t *v, double area)
{
	row->ap_found += v[0];
	row->ap_destroyed += v[1];
	row->at_found += v[2];
	row->at_destroyed += v[3];
	row->uxo_found += v[4];
	row->uxo_destroyed += v[5];
	row->other_found += v[6];
	row->other_destroyed += v[7];
	row->spot_tasks += (size_t)v[2 * NEO];
	row->cleared_m2 += area;
	row->cleared_ha = ha_of(row->cleared_m2);
}

static int bulletin_rows(mais_store *s, bulletin *b, mais_bulletin_report *rep)
{
	int by_admin = b->opts->by == MAIS_REPORT_BY_ADMIN;
	int rc = name_groups(s, &b->gs,
			     by_admin ? "admin_area" : "organisation", NULL);

	if (rc)
		return rc;
	sort_groups(&b->gs);
	if (b->gs.n && !(rep->rows = calloc(b->gs.n, sizeof *rep->rows)))
		return no_memory();
	rep->total.group = "total";
	for (size_t i = 0; i < b->gs.n; i++) {
		grp *g = &b->gs.g[i];
		mais_bulletin_row *row = &rep->rows[i];

		/* the strings move to the row */
		row->group = g->name;
		row->group_uuid = g->key;
		g->key = g->name = NULL;
		bulletin_fill(row, g->v, g->area);
		bulletin_fill(&rep->total, g->v, g->area);
		rep->nrows++;
	}
	return 0;
}

static int bulletin_run(mais_store *s, bulletin *b, mais_bulletin_report *rep)
{
	int rc = mais_store_foreach(s, "eo_item", on_eo, b);

	if (!rc)
		rc = mais_store_foreach(s, "land_release", on_release, b);
	if (!rc)
		rc = mais_store_foreach(s, "activity", on_activity, b);
	if (!rc)
		rc = bulletin_rows(s, b, rep);
	return rc;
}

/* The checks every grouped report makes on entry: arguments given, by
 * admin or by `other`, and the period (required or not). */
static int check_call(mais_store *s, const mais_report_opts *opts,
		      const void *out, const char *name, mais_report_by other,
		      int period_required)
{
	if (!s || !opts || !out)
		return mais_error_set(MAIS_EINVAL,
				      "%s: no store, options or output", name);
	if (opts->by != MAIS_REPORT_BY_ADMIN && opts->by != other)
		return mais_error_set(MAIS_EINVAL, "%s: by admin or %s", name,
				      mais_report_by_name(other));
	return check_period(opts, period_required);
}

int mais_report_bulletin(mais_store *s, const mais_report_opts *opts,
			 mais_bulletin_report **out)
{
	bulletin b = {.opts = opts};
	mais_bulletin_report *rep;
	int rc;

	if ((rc = check_call(s, opts, out, "bulletin",
			     MAIS_REPORT_BY_ORGANISATION, 1)))
		return rc;
	*out = NULL;
	if (!(rep = calloc(1, sizeof *rep)))
		return no_memory();
	rep->by = opts->by;
	rep->include_submitted = opts->include_submitted != 0;
	rc = bulletin_run(s, &b, rep);
	if (!rc && (!(rep->from = strdup(opts->from)) ||
		    !(rep->to = strdup(opts->to))))
		rc = no_memory();
	groups_free(&b.gs);
	if (rc) {
		mais_bulletin_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

void mais_bulletin_report_free(mais_bulletin_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		free((char *)r->rows[i].group);
		free((char *)r->rows[i].group_uuid);
	}
	free(r->rows);
	free((char *)r->from);
	free((char *)r->to);
	free(r);
}

/* ------------------------------------------------------------------ */
/* EORE reach.                                                          */

/* Columns of eore_session summed, in the order of the counters. */
static const char *const eore_cols[] = {"girls",
					"boys",
					"women",
					"men",
					"persons_with_disabilities",
					"age_0_9",
					"age_10_17",
					"age_18_45",
					"age_46_plus"};
enum { E_NCOLS = sizeof eore_cols / sizeof *eore_cols, E_SESSIONS = E_NCOLS };

typedef struct eore {
	const mais_report_opts *opts;
	groups gs;
} eore;

static int on_session(const mais_record *r, void *arg)
{
	eore *e = arg;
	const char *key;
	grp *g;

	if (!mais_report_counts(e->opts, r) ||
	    !in_period(e->opts, date_of(r, "session_date")))
		return 0;
	key = mais_record_get(r, e->opts->by == MAIS_REPORT_BY_METHOD
					 ? "method"
					 : "admin_area_uuid");
	if (!(g = group_of(&e->gs, key)))
		return no_memory();
	for (size_t i = 0; i < E_NCOLS; i++)
		g->v[i] += int_of(r, eore_cols[i]);
	g->v[E_SESSIONS]++;
	return 0;
}

static void eore_fill(mais_eore_row *row, const int64_t *v)
{
	row->girls += v[0];
	row->boys += v[1];
	row->women += v[2];
	row->men += v[3];
	row->total += v[0] + v[1] + v[2] + v[3];
	row->disabilities += v[4];
	row->age_0_9 += v[5];
	row->age_10_17 += v[6];
	row->age_18_45 += v[7];
	row->age_46_plus += v[8];
	row->sessions += (size_t)v[E_SESSIONS];
}

static int eore_rows(mais_store *s, eore *e, mais_eore_report *rep)
{
	int by_method = e->opts->by == MAIS_REPORT_BY_METHOD;
	int rc = name_groups(s, &e->gs, by_method ? NULL : "admin_area",
			     by_method ? mais_vocab_find("eore_method") : NULL);

	if (rc)
		return rc;
	sort_groups(&e->gs);
	if (e->gs.n && !(rep->rows = calloc(e->gs.n, sizeof *rep->rows)))
		return no_memory();
	rep->total.group = "total";
	for (size_t i = 0; i < e->gs.n; i++) {
		grp *g = &e->gs.g[i];
		mais_eore_row *row = &rep->rows[i];

		/* the strings move to the row */
		row->group = g->name;
		row->group_uuid = by_method ? NULL : g->key;
		if (by_method)
			free(g->key);
		g->key = g->name = NULL;
		eore_fill(row, g->v);
		eore_fill(&rep->total, g->v);
		rep->nrows++;
	}
	return 0;
}

int mais_report_eore(mais_store *s, const mais_report_opts *opts,
		     mais_eore_report **out)
{
	eore e = {.opts = opts};
	mais_eore_report *rep;
	int rc;

	if ((rc = check_call(s, opts, out, "EORE report",
			     MAIS_REPORT_BY_METHOD, 0)))
		return rc;
	*out = NULL;
	if (!(rep = calloc(1, sizeof *rep)))
		return no_memory();
	rep->by = opts->by;
	rep->include_submitted = opts->include_submitted != 0;
	rc = mais_store_foreach(s, "eore_session", on_session, &e);
	if (!rc)
		rc = eore_rows(s, &e, rep);
	groups_free(&e.gs);
	if (rc) {
		mais_eore_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

void mais_eore_report_free(mais_eore_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		free((char *)r->rows[i].group);
		free((char *)r->rows[i].group_uuid);
	}
	free(r->rows);
	free(r);
}

/* ------------------------------------------------------------------ */
/* Equipment.                                                           */

typedef struct equip {
	mais_store *s;
	const mais_report_opts *opts;
	const mais_vocab *type, *status;
	size_t *counts; /* type × (status + 1: not given) */
	mais_equip_item *items;
	size_t nitems, cap;
	int rc;
} equip;

static const char *code_or_unknown(const mais_vocab *v, size_t i)
{
	return i < v->count ? v->codes[i].code : "unknown";
}

static int item_strings(equip *q, const mais_record *r, mais_equip_item *it)
{
	const char *d = mais_record_get(r, "donor_uuid");
	const char *t = mais_record_get(r, "team_uuid");

	it->uuid = dup_or_null(mais_record_uuid(r));
	it->equipment_type = dup_or_null(mais_record_get(r, "equipment_type"));
	it->name = dup_or_null(mais_record_get(r, "name"));
	it->make = dup_or_null(mais_record_get(r, "make"));
	it->model = dup_or_null(mais_record_get(r, "model"));
	it->serial = dup_or_null(mais_record_get(r, "serial"));
	it->received_date = dup_or_null(mais_record_get(r, "received_date"));
	it->status = dup_or_null(mais_record_get(r, "equipment_status"));
	it->donor = name_of(q->s, "organisation", d);
	it->team = name_of(q->s, "organisation", t);
	if (!it->uuid || !it->equipment_type || (d && !it->donor) ||
	    (t && !it->team))
		return no_memory();
	return 0;
}

static int add_item(equip *q, const mais_record *r)
{
	mais_equip_item *it;

	if (q->nitems == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 32;

		if (!(it = realloc(q->items, cap * sizeof *it)))
			return no_memory();
		q->items = it;
		q->cap = cap;
	}
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
	t = vocab_index(q->type, mais_record_get(r, "equipment_type"));
	st = vocab_index(q->status, mais_record_get(r, "equipment_status"));
	if (t == q->type->count) /* required code: the store enforces it */
		return 0;
	q->counts[t * (q->status->count + 1) + st]++;
	return q->opts->list ? add_item(q, r) : 0;
}

static int equip_rows(const equip *q, mais_equip_report *rep)
{
	size_t ns = q->status->count + 1, n = q->type->count * ns;

	if (!(rep->rows = calloc(n, sizeof *rep->rows)))
		return no_memory();
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
		return no_memory();
	for (size_t i = 0; i < rep->nitems; i++) {
		k[i].order = vocab_index(type, rep->items[i].equipment_type);
		k[i].it = rep->items[i];
	}
	qsort(k, rep->nitems, sizeof *k, cmp_item);
	for (size_t i = 0; i < rep->nitems; i++)
		rep->items[i] = k[i].it;
	free(k);
	return 0;
}

int mais_report_equipment(mais_store *s, const mais_report_opts *opts,
			  mais_equip_report **out)
{
	equip q = {.s = s, .opts = opts};
	mais_equip_report *rep;
	int rc;

	if (!s || !opts || !out)
		return mais_error_set(MAIS_EINVAL, "equipment report: no "
						   "store, options or output");
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
		return no_memory();
	}
	rep->include_submitted = opts->include_submitted != 0;
	rep->list = opts->list != 0;
	rc = mais_store_foreach(s, "equipment", on_equipment, &q);
	rep->items = q.items;
	rep->nitems = q.nitems;
	if (!rc)
		rc = equip_rows(&q, rep);
	if (!rc && rep->nitems)
		rc = sort_items(q.type, rep);
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
