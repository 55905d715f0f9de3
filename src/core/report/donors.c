/*
 * donors.c — the donor report of money.h: for each donor, pledged,
 * received (allocated) and spent, in the original currencies and in the
 * reporting currency, with the outputs of the activities it funded and the
 * cost per m² released; then the same spending and outputs per operator.
 *
 * The records are read once into arrays sorted by UUID; the links
 * (expenditure → allocation → pledge → donor, allocation or expenditure →
 * activity) are found by binary search.  Every amount is converted at the
 * rate of its pledge's date (money.c); a missing rate leaves the row's
 * amount unknown and names the rate in the row's problems.
 */
#include "mais/donors.h"
#include "core/report/report_internal.h"
#include "mais/error.h"
#include "mais/grow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_PLEDGED, K_RECEIVED, K_SPENT, NK };

typedef struct node {
	char uuid[37];
	char ref[37];  /* pledge / allocation / donor / activity linked */
	char act[37];  /* activity of an allocation or expenditure; victim */
	char proj[37]; /* project of a pledge or allocation */
	char cur[4];
	char date[11];
	char *name; /* organisations */
	int64_t amount;
	double m2;  /* activities: released */
	int64_t eo; /* activities: EO destroyed; sessions: beneficiaries */
	size_t vic; /* victim assistance: index of its distinct victim */
} node;

typedef struct list {
	node *v;
	size_t n, cap;
} list;

typedef struct orig {
	char cur[4];
	int64_t v;
} orig;

typedef struct group {
	const char *uuid; /* "" for unknown */
	orig *o[NK];
	size_t no[NK];
	int64_t rc[NK];
	int bad[NK];
	size_t pledges;
	unsigned char *acts; /* one byte per activity */
	unsigned char *sess; /* one byte per EORE session */
	unsigned char *vics; /* one byte per distinct victim assisted */
	char *problems;
} group;

typedef struct glist {
	group *v;
	size_t n, cap;
} glist;

typedef struct donors {
	const mais_report_opts *opts;
	const char *cur;
	mais_rate_match match;
	mais_rates *rates;
	list orgs, pledges, allocs, exps, acts, rels, eos;
	list sessions, vas; /* sorted by project (ref) */
	size_t nvics;	    /* distinct victims of vas */
	glist donors, operators;
	size_t missing;
} donors;

/* ------------------------------------------------------------------ */
/* Reading.                                                             */

static node *push(list *l)
{
	if (mais_grow(&l->v, &l->cap, l->n,
		      sizeof *l->v) < 0)
		return NULL;
	memset(&l->v[l->n], 0, sizeof *l->v);
	return &l->v[l->n++];
}

/* A new node of r in l with its uuid, or NULL when out of memory. */
static node *new_node(list *l, const mais_record *r)
{
	node *x = push(l);

	if (x)
		mais_report__copy(x->uuid, sizeof x->uuid, mais_record_uuid(r));
	return x;
}

static int on_org(const mais_record *r, void *arg)
{
	donors *d = arg;
	node *x = new_node(&d->orgs, r);

	if (!x || !(x->name = strdup(mais_record_get(r, "name")
					     ? mais_record_get(r, "name")
					     : "")))
		return mais_error_nomem();
	return 0;
}

/* The money of r: link column, amount, currency and (pledges) date. */
static int on_money(donors *d, list *l, const mais_record *r, const char *link,
		    const char *date)
{
	node *x;

	if (!mais_report_counts(d->opts, r))
		return 0;
	if (!(x = new_node(l, r)))
		return mais_error_nomem();
	mais_report__copy(x->ref, sizeof x->ref, mais_record_get(r, link));
	mais_report__copy(x->act, sizeof x->act,
			  mais_record_get(r, "activity_uuid"));
	mais_report__copy(x->proj, sizeof x->proj,
			  mais_record_get(r, "project_uuid"));
	mais_report__copy(x->cur, sizeof x->cur,
			  mais_record_get(r, "currency"));
	mais_report__copy(x->date, sizeof x->date,
			  date ? mais_record_get(r, date) : NULL);
	x->amount = strtoll(mais_record_get(r, "amount"), NULL, 10);
	return 0;
}

static int on_pledge(const mais_record *r, void *arg)
{
	donors *d = arg;

	return on_money(d, &d->pledges, r, "donor_uuid", "pledge_date");
}

static int on_alloc(const mais_record *r, void *arg)
{
	donors *d = arg;

	return on_money(d, &d->allocs, r, "pledge_uuid", NULL);
}

static int on_exp(const mais_record *r, void *arg)
{
	donors *d = arg;

	return on_money(d, &d->exps, r, "allocation_uuid", NULL);
}

static int on_act(const mais_record *r, void *arg)
{
	donors *d = arg;
	node *x = new_node(&d->acts, r);

	if (!x)
		return mais_error_nomem();
	mais_report__copy(x->ref, sizeof x->ref,
			  mais_record_get(r, "organisation_uuid"));
	return 0;
}

/* Releases and EO items: the activity and what they add to it. */
static int on_output(const mais_record *r, void *arg, list *l, int eo)
{
	const char *act = mais_record_get(r, "activity_uuid");
	const char *v = mais_record_get(r, eo ? "quantity" : "area_m2");
	const char *fate = mais_record_get(r, "fate");
	node *x;

	if (!act || !v || !mais_report_counts(((donors *)arg)->opts, r))
		return 0;
	if (eo && !mais_report_eo_destroyed(fate))
		return 0;
	if (!(x = new_node(l, r)))
		return mais_error_nomem();
	mais_report__copy(x->ref, sizeof x->ref, act);
	if (eo)
		x->eo = strtoll(v, NULL, 10);
	else
		x->m2 = strtod(v, NULL); /* an area, not money */
	return 0;
}

static int on_rel(const mais_record *r, void *arg)
{
	return on_output(r, arg, &((donors *)arg)->rels, 0);
}

static int on_eo(const mais_record *r, void *arg)
{
	return on_output(r, arg, &((donors *)arg)->eos, 1);
}

/* EORE sessions of a project: the project and the persons reached. */
static int on_session(const mais_record *r, void *arg)
{
	donors *d = arg;
	const char *proj = mais_record_get(r, "project_uuid");
	node *x;

	if (!proj || !*proj || !mais_report_counts(d->opts, r))
		return 0;
	if (!(x = new_node(&d->sessions, r)))
		return mais_error_nomem();
	mais_report__copy(x->ref, sizeof x->ref, proj);
	x->eo = mais_report__int(r, "girls") + mais_report__int(r, "boys") +
		mais_report__int(r, "women") + mais_report__int(r, "men");
	return 0;
}

/* Victim assistance of a project: the project and the victim. */
static int on_va(const mais_record *r, void *arg)
{
	donors *d = arg;
	const char *proj = mais_record_get(r, "project_uuid");
	const char *vic = mais_record_get(r, "victim_uuid");
	node *x;

	if (!proj || !*proj || !vic || !*vic || !mais_report_counts(d->opts, r))
		return 0;
	if (!(x = new_node(&d->vas, r)))
		return mais_error_nomem();
	mais_report__copy(x->ref, sizeof x->ref, proj);
	mais_report__copy(x->act, sizeof x->act, vic);
	return 0;
}

static int node_cmp(const void *a, const void *b)
{
	return strcmp(((const node *)a)->uuid, ((const node *)b)->uuid);
}

static int ref_cmp(const void *a, const void *b)
{
	return strcmp(((const node *)a)->ref, ((const node *)b)->ref);
}

static int victim_cmp(const void *a, const void *b)
{
	return strcmp(((const node *)a)->act, ((const node *)b)->act);
}

/* Numbers the distinct victims of the assistance records, then sorts
 * the records by project. */
static void index_victims(donors *d)
{
	list *l = &d->vas;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof *l->v, victim_cmp);
	for (size_t i = 0; i < l->n; i++) {
		if (i && strcmp(l->v[i].act, l->v[i - 1].act))
			d->nvics++;
		l->v[i].vic = d->nvics;
	}
	d->nvics++;
	qsort(l->v, l->n, sizeof *l->v, ref_cmp);
}

/* The first node of l (sorted by ref) whose ref is proj, or l->n. */
static size_t first_of(const list *l, const char *proj)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(l->v[mid].ref, proj) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static node *find(const list *l, const char *uuid)
{
	node key;

	if (!uuid || !*uuid || !l->n)
		return NULL;
	mais_report__copy(key.uuid, sizeof key.uuid, uuid);
	return bsearch(&key, l->v, l->n, sizeof *l->v, node_cmp);
}

static void sort(list *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, node_cmp);
}

/* Adds the outputs to their activities. */
static void add_outputs(donors *d)
{
	for (size_t i = 0; i < d->rels.n; i++) {
		node *a = find(&d->acts, d->rels.v[i].ref);

		if (a)
			a->m2 += d->rels.v[i].m2;
	}
	for (size_t i = 0; i < d->eos.n; i++) {
		node *a = find(&d->acts, d->eos.v[i].ref);

		if (a)
			a->eo += d->eos.v[i].eo;
	}
}

static int load(donors *d, const mais_source *src)
{
	static const struct {
		const char *entity;
		mais_record_fn fn;
	} reads[] = {{"organisation", on_org},	  {"pledge", on_pledge},
		     {"allocation", on_alloc},	  {"expenditure", on_exp},
		     {"activity", on_act},	  {"land_release", on_rel},
		     {"eo_item", on_eo},	  {"eore_session", on_session},
		     {"victim_assistance", on_va}};
	int rc;

	for (size_t i = 0; i < sizeof reads / sizeof *reads; i++)
		if ((rc = src->each(src->ctx, reads[i].entity, reads[i].fn, d)))
			return rc;
	sort(&d->orgs);
	sort(&d->pledges);
	sort(&d->allocs);
	sort(&d->acts);
	if (d->sessions.n)
		qsort(d->sessions.v, d->sessions.n, sizeof *d->sessions.v,
		      ref_cmp);
	index_victims(d);
	add_outputs(d);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Groups.                                                              */

static group *group_of(donors *d, glist *g, const char *uuid)
{
	group *x;

	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->v[i].uuid, uuid))
			return &g->v[i];
	if (mais_grow(&g->v, &g->cap, g->n,
		      sizeof *g->v) < 0)
		return NULL;
	x = &g->v[g->n];
	memset(x, 0, sizeof *x);
	x->uuid = uuid;
	x->acts = calloc(d->acts.n + 1, 1);
	x->sess = calloc(d->sessions.n + 1, 1);
	x->vics = calloc(d->nvics + 1, 1);
	g->n++; /* freed by group_free even when out of memory */
	if (!x->acts || !x->sess || !x->vics)
		return NULL;
	return x;
}

static int add_checked(int64_t *sum, int64_t v)
{
	if (__builtin_add_overflow(*sum, v, sum))
		return mais_error_set(MAIS_ELIMIT,
				      "donor report: a total is too large "
				      "for 64-bit minor units");
	return 0;
}

static int add_orig(group *g, int k, const char *cur, int64_t v)
{
	orig *o;

	for (size_t i = 0; i < g->no[k]; i++)
		if (!strcmp(g->o[k][i].cur, cur))
			return add_checked(&g->o[k][i].v, v);
	o = realloc(g->o[k], (g->no[k] + 1) * sizeof *o);
	if (!o)
		return mais_error_nomem();
	g->o[k] = o;
	mais_report__copy(o[g->no[k]].cur, sizeof o->cur, cur);
	o[g->no[k]++].v = v;
	return 0;
}

/* Appends msg to *s ("a; b"), once. */
static int note(char **s, const char *msg)
{
	size_t old = *s ? strlen(*s) : 0, n = strlen(msg);
	char *t;

	if (*s && strstr(*s, msg))
		return 0;
	t = realloc(*s, old + n + 3);
	if (!t)
		return mais_error_nomem();
	snprintf(t + old, n + 3, "%s%s", old ? "; " : "", msg);
	*s = t;
	return 0;
}

/* Adds amount (of cur, converted at date) to g's sums of kind k. */
static int add_amount(donors *d, group *g, int k, const node *m,
		      const char *date)
{
	mais_rate_found f;
	int64_t v;
	int rc = add_orig(g, k, m->cur, m->amount);

	if (rc)
		return rc;
	rc = mais_rates_find(d->rates, m->cur, d->cur, date, d->match, &f);
	if (rc == MAIS_ENOTFOUND) {
		g->bad[k] = 1;
		d->missing++;
		return note(&g->problems, mais_error_last());
	}
	if (!rc)
		rc = mais_money_convert(m->amount, m->cur, d->cur, f.rate, &v);
	return rc ? rc : add_checked(&g->rc[k], v);
}

static void mark(const donors *d, group *g, const char *act)
{
	node *a = find(&d->acts, act);

	if (a)
		g->acts[a - d->acts.v] = 1;
}

/* Marks the EORE sessions and the survivors of project proj. */
static void mark_project(const donors *d, group *g, const char *proj)
{
	if (!*proj)
		return;
	for (size_t i = first_of(&d->sessions, proj);
	     i < d->sessions.n && !strcmp(d->sessions.v[i].ref, proj); i++)
		g->sess[i] = 1;
	for (size_t i = first_of(&d->vas, proj);
	     i < d->vas.n && !strcmp(d->vas.v[i].ref, proj); i++)
		g->vics[d->vas.v[i].vic] = 1;
}

static int do_pledges(donors *d)
{
	for (size_t i = 0; i < d->pledges.n; i++) {
		node *p = &d->pledges.v[i];
		group *g = group_of(d, &d->donors, p->ref);
		int rc;

		if (!g)
			return mais_error_nomem();
		g->pledges++;
		mark_project(d, g, p->proj);
		if ((rc = add_amount(d, g, K_PLEDGED, p, p->date)))
			return rc;
	}
	return 0;
}

static int do_allocs(donors *d)
{
	for (size_t i = 0; i < d->allocs.n; i++) {
		node *a = &d->allocs.v[i], *p = find(&d->pledges, a->ref);
		group *g;
		int rc;

		if (!p) /* its pledge does not count */
			continue;
		if (!(g = group_of(d, &d->donors, p->ref)))
			return mais_error_nomem();
		if ((rc = add_amount(d, g, K_RECEIVED, a, p->date)))
			return rc;
		mark(d, g, a->act);
		mark_project(d, g, a->proj);
	}
	return 0;
}

static int do_exp(donors *d, node *e)
{
	node *a = find(&d->allocs, e->ref), *p, *act;
	const char *act_uuid;
	group *g, *o;
	int rc;

	if (!a || !(p = find(&d->pledges, a->ref)))
		return 0;
	if (!(g = group_of(d, &d->donors, p->ref)))
		return mais_error_nomem();
	if ((rc = add_amount(d, g, K_SPENT, e, p->date)))
		return rc;
	act_uuid = *e->act ? e->act : a->act;
	mark(d, g, act_uuid);
	if (!(act = find(&d->acts, act_uuid)))
		return 0;
	if (!(o = group_of(d, &d->operators, act->ref)))
		return mais_error_nomem();
	mark(d, o, act_uuid);
	return add_amount(d, o, K_SPENT, e, p->date);
}

static int compute(donors *d)
{
	int rc = do_pledges(d);

	if (!rc)
		rc = do_allocs(d);
	for (size_t i = 0; !rc && i < d->exps.n; i++)
		rc = do_exp(d, &d->exps.v[i]);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Rows.                                                                */

static int orig_cmp(const void *a, const void *b)
{
	return strcmp(((const orig *)a)->cur, ((const orig *)b)->cur);
}

/* "400000.00 EUR; 1000.00 USD", or NULL when there is none. */
static int orig_text(orig *o, size_t n, char **out)
{
	char buf[64], amount[48];
	int rc;

	*out = NULL;
	if (n)
		qsort(o, n, sizeof *o, orig_cmp);
	for (size_t i = 0; i < n; i++) {
		if ((rc = mais_money_format(o[i].v, o[i].cur, 0, amount,
					    sizeof amount)))
			return rc;
		snprintf(buf, sizeof buf, "%s %s", amount, o[i].cur);
		if ((rc = note(out, buf)))
			return rc;
	}
	return 0;
}

static void outputs(const donors *d, const group *g, mais_donor_row *row)
{
	int64_t m2;

	for (size_t i = 0; i < d->acts.n; i++)
		if (g->acts[i]) {
			row->activities++;
			row->released_m2 += d->acts.v[i].m2;
			row->eo_destroyed += d->acts.v[i].eo;
		}
	for (size_t i = 0; i < d->sessions.n; i++)
		if (g->sess[i])
			row->eore_beneficiaries += d->sessions.v[i].eo;
	for (size_t i = 0; i < d->nvics; i++)
		row->survivors_assisted += g->vics[i];
	m2 = (int64_t)llround(row->released_m2); /* whole m² */
	if (row->spent_ok && m2 > 0) {
		/* half away from zero; spent is never negative */
		row->cost_per_m2 =
			row->spent / m2 + (row->spent % m2 * 2 >= m2);
		row->has_cost = 1;
	}
}

static const char *org_name(const donors *d, const char *uuid)
{
	node *o = find(&d->orgs, uuid);

	return o ? o->name : "unknown";
}

static int fill_row(const donors *d, group *g, const char *kind,
		    mais_donor_row *row)
{
	char **orig_out[NK] = {&row->pledged_original, &row->received_original,
			       &row->spent_original};
	int64_t *rc_out[NK] = {&row->pledged, &row->received, &row->spent};
	int *ok_out[NK] = {&row->pledged_ok, &row->received_ok, &row->spent_ok};
	int rc;

	row->kind = kind;
	row->name = strdup(org_name(d, g->uuid));
	row->uuid = *g->uuid ? strdup(g->uuid) : NULL;
	if (!row->name || (*g->uuid && !row->uuid))
		return mais_error_nomem();
	for (int k = 0; k < NK; k++) {
		if ((rc = orig_text(g->o[k], g->no[k], orig_out[k])))
			return rc;
		*rc_out[k] = g->rc[k];
		*ok_out[k] = !g->bad[k];
	}
	row->pledges = g->pledges;
	row->problems = g->problems;
	g->problems = NULL;
	outputs(d, g, row);
	return 0;
}

/* The total of the donors: sums, and the union of their activities. */
static int total_of(donors *d, group *t)
{
	int rc;

	t->uuid = "";
	t->acts = calloc(d->acts.n + 1, 1);
	t->sess = calloc(d->sessions.n + 1, 1);
	t->vics = calloc(d->nvics + 1, 1);
	if (!t->acts || !t->sess || !t->vics)
		return mais_error_nomem();
	for (size_t i = 0; i < d->donors.n; i++) {
		group *g = &d->donors.v[i];

		t->pledges += g->pledges;
		for (int k = 0; k < NK; k++) {
			t->bad[k] |= g->bad[k];
			if ((rc = add_checked(&t->rc[k], g->rc[k])))
				return rc;
			for (size_t j = 0; j < g->no[k]; j++)
				if ((rc = add_orig(t, k, g->o[k][j].cur,
						   g->o[k][j].v)))
					return rc;
		}
		for (size_t a = 0; a < d->acts.n; a++)
			t->acts[a] |= g->acts[a];
		for (size_t j = 0; j < d->sessions.n; j++)
			t->sess[j] |= g->sess[j];
		for (size_t j = 0; j < d->nvics; j++)
			t->vics[j] |= g->vics[j];
	}
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const mais_donor_row *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	/* "donor" before "operator" */
	return c ? c : strcmp(x->name, y->name);
}

static void group_free(group *g)
{
	for (int k = 0; k < NK; k++)
		free(g->o[k]);
	free(g->acts);
	free(g->sess);
	free(g->vics);
	free(g->problems);
}

static int make_rows(donors *d, mais_donor_report *rep)
{
	group total = {0};
	size_t n = d->donors.n + d->operators.n;
	int rc = 0;

	rep->rows = calloc(n + 1, sizeof *rep->rows);
	if (!rep->rows)
		return mais_error_nomem();
	for (size_t i = 0; !rc && i < d->donors.n; i++)
		rc = fill_row(d, &d->donors.v[i], "donor",
			      &rep->rows[rep->nrows++]);
	for (size_t i = 0; !rc && i < d->operators.n; i++)
		rc = fill_row(d, &d->operators.v[i], "operator",
			      &rep->rows[rep->nrows++]);
	if (!rc)
		qsort(rep->rows, rep->nrows, sizeof *rep->rows, row_cmp);
	if (!rc)
		rc = total_of(d, &total);
	if (!rc)
		rc = fill_row(d, &total, "total", &rep->total);
	if (!rc) {
		free((char *)rep->total.name);
		rep->total.name = strdup("total");
		rc = rep->total.name ? 0 : mais_error_nomem();
	}
	if (!rc && d->missing) {
		char msg[96];

		snprintf(msg, sizeof msg,
			 "%zu amounts without an exchange "
			 "rate: see the rows",
			 d->missing);
		rc = note(&rep->total.problems, msg);
	}
	group_free(&total);
	return rc;
}

/* ------------------------------------------------------------------ */

static void list_free(list *l)
{
	free(l->v);
}

static void donors_free(donors *d)
{
	for (size_t i = 0; i < d->orgs.n; i++)
		free(d->orgs.v[i].name);
	list_free(&d->orgs);
	list_free(&d->pledges);
	list_free(&d->allocs);
	list_free(&d->exps);
	list_free(&d->acts);
	list_free(&d->rels);
	list_free(&d->eos);
	list_free(&d->sessions);
	list_free(&d->vas);
	for (size_t i = 0; i < d->donors.n; i++)
		group_free(&d->donors.v[i]);
	for (size_t i = 0; i < d->operators.n; i++)
		group_free(&d->operators.v[i]);
	free(d->donors.v);
	free(d->operators.v);
	mais_rates_free(d->rates);
}

int mais_report_donors(const mais_source *src, const mais_report_opts *opts,
		       const char *currency, mais_rate_match match,
		       mais_donor_report **out)
{
	donors d = {.opts = opts, .cur = currency, .match = match};
	mais_donor_report *rep;
	int exp, rc;

	if (!src || !opts || !out)
		return mais_error_set(MAIS_EINVAL, "donor report: no source, "
						   "options or output");
	*out = NULL;
	if (mais_currency_exponent(currency, &exp))
		return mais_error_prefix(MAIS_EINVAL, "reporting currency");
	if (!(rep = calloc(1, sizeof *rep)))
		return mais_error_nomem();
	mais_report__copy(rep->currency, sizeof rep->currency, currency);
	rep->match = match;
	rep->include_submitted = opts->include_submitted != 0;
	rc = mais_rates_load(src, opts, &d.rates);
	if (!rc)
		rc = load(&d, src);
	if (!rc)
		rc = compute(&d);
	if (!rc)
		rc = make_rows(&d, rep);
	rep->missing_rates = d.missing;
	donors_free(&d);
	if (rc)
		mais_donor_report_free(rep);
	else
		*out = rep;
	return rc;
}

static void row_free(mais_donor_row *r)
{
	free((char *)r->name);
	free((char *)r->uuid);
	free(r->pledged_original);
	free(r->received_original);
	free(r->spent_original);
	free(r->problems);
}

void mais_donor_report_free(mais_donor_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++)
		row_free(&r->rows[i]);
	free(r->rows);
	row_free(&r->total);
	free(r);
}
