/*
 * eore.c — EORE reach (report.h): sessions and the people reached by sex,
 * age band and disability, per admin area or delivery method, within an
 * optional period.  Each counted session adds its counts to the group of
 * its admin area or method (groups.c); a count not given adds 0.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"

#include <stdlib.h>

typedef mais_report__grp grp;

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
	mais_report__groups gs;
} eore;

static int on_session(const mais_record *r, void *arg)
{
	eore *e = arg;
	const char *key;
	grp *g;

	if (!mais_report_counts(e->opts, r) ||
	    !mais_report__in_period(e->opts,
				    mais_report__date(r, "session_date")))
		return 0;
	key = mais_record_get(r, e->opts->by == MAIS_REPORT_BY_METHOD
					 ? "method"
					 : "admin_area_uuid");
	if (!(g = mais_report__group(&e->gs, key)))
		return MAIS_ENOMEM;
	for (size_t i = 0; i < E_NCOLS; i++)
		g->v[i] += mais_report__int(r, eore_cols[i]);
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

static int eore_rows(const mais_source *src, eore *e, mais_eore_report *rep)
{
	int by_method = e->opts->by == MAIS_REPORT_BY_METHOD;
	int rc = mais_report__name_groups(
		src, &e->gs, by_method ? NULL : "admin_area",
		by_method ? mais_vocab_find("eore_method") : NULL);

	if (rc)
		return rc;
	if (e->gs.n && !(rep->rows = calloc(e->gs.n, sizeof *rep->rows)))
		return mais_error_nomem();
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

int mais_report_eore(const mais_source *src, const mais_report_opts *opts,
		     mais_eore_report **out)
{
	eore e = {.opts = opts};
	mais_eore_report *rep;
	int rc;

	if ((rc = mais_report__check_call(src, opts, out, "EORE report",
					  MAIS_REPORT_BY_METHOD, 0)))
		return rc;
	*out = NULL;
	if (!(rep = calloc(1, sizeof *rep)))
		return mais_error_nomem();
	rep->by = opts->by;
	rep->include_submitted = opts->include_submitted != 0;
	rc = src->each(src->ctx, "eore_session", on_session, &e);
	if (!rc)
		rc = eore_rows(src, &e, rep);
	mais_report__groups_free(&e.gs);
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
