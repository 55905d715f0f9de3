/*
 * lr_report.c — the land release report loaded cluster by cluster
 * (svc_report_land_release, service/report.h): the records that count are read once for their
 * boxes and links, grouped into clusters (mais_lr_clusters), and each
 * cluster's geometries are read back while the kernel computes it, so
 * that only one cluster's geometries are held at a time.
 */
#include "service/report.h"
#include "service/service.h"
#include "mais/error.h"
#include "mais/grow.h"
#include "mais/limits.h"
#include "mais/lr_report.h"

#include <stdlib.h>
#include <string.h>

typedef struct pass {
	const mais_report_opts *opts;
	mais_lr_item *v;
	size_t n, cap;
} pass;

static int counts(const mais_report_opts *o, const mais_record *r)
{
	const char *st = mais_record_get(r, "status");
	const char *org = mais_record_get(r, "organisation_uuid");
	size_t i;

	if (!st || (strcmp(st, "approved") &&
		    (!o->include_submitted ||
		     (strcmp(st, "submitted") && strcmp(st, "verified")))))
		return 0;
	if (!o->orgs)
		return 1;
	for (i = 0; org && i < o->norgs; i++)
		if (!strcmp(o->orgs[i], org))
			return 1;
	return 0;
}

/* First pass: the item of each record that counts, without geometry. */
static int on_record(const mais_record *r, void *arg)
{
	pass *p = arg;

	if (!counts(p->opts, r))
		return 0;
	if (mais_grow(&p->v, &p->cap, p->n,
		      sizeof *p->v) < 0)
		return mais_error_last_code();
	if (mais_lr_item_of(r, &p->v[p->n]) < 0)
		return mais_error_last_code();
	mais_lr_item_clear(&p->v[p->n++]); /* the box stays */
	return 0;
}

/* Second pass: the geometries of one cluster's items. */
static int load_geoms(mais_store *s, mais_lr_item *v, size_t n)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		mais_record *r = NULL;
		mais_lr_item it;

		if (v[i].box[0] > v[i].box[2])
			continue; /* no polygon */
		rc = mais_store_get(s, v[i].is_release ? "land_release"
						       : "hazard",
				    v[i].uuid, &r);
		if (rc == 0)
			rc = mais_lr_item_of(r, &it);
		if (rc == 0) {
			v[i].geom = it.geom;
		}
		mais_record_free(r);
	}
	return rc;
}

static void clear_geoms(mais_lr_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mais_lr_item_clear(&v[i]);
}

typedef struct member {
	size_t cluster, i;
} member;

static int cmp_member(const void *a, const void *b)
{
	const member *x = a, *y = b;

	if (x->cluster != y->cluster)
		return x->cluster < y->cluster ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The items of p in order of cluster, and each cluster run. */
static int by_cluster(mais_store *s, pass *p, mais_lr_tally *t)
{
	size_t n = p->n ? p->n : 1, nc = 0;
	size_t *cl = malloc(n * sizeof *cl);
	member *m = malloc(n * sizeof *m);
	mais_lr_item *buf = malloc(n * sizeof *buf);
	int rc = cl && m && buf ? 0
			       : mais_error_nomem();

	if (rc == 0)
		rc = mais_lr_clusters(p->v, p->n, cl, &nc);
	for (size_t i = 0; rc == 0 && i < p->n; i++)
		m[i] = (member){cl[i], i};
	if (rc == 0)
		qsort(m, p->n, sizeof *m, cmp_member);
	for (size_t a = 0, b; rc == 0 && a < p->n; a = b) {
		for (b = a; b < p->n && m[b].cluster == m[a].cluster; b++)
			buf[b - a] = p->v[m[b].i];
		rc = load_geoms(s, buf, b - a);
		if (rc == 0)
			rc = mais_lr_tally_add(t, buf, b - a);
		clear_geoms(buf, b - a);
	}
	free(cl), free(m), free(buf);
	return rc;
}

int svc_report_land_release(mais_store *s, const mais_report_opts *opts,
			    mais_lr_report **out)
{
	pass p = {.opts = opts};
	mais_lr_tally *t = NULL;
	mais_source src;
	int rc;

	*out = NULL;
	svc_source_of(s, &src);
	rc = mais_lr_tally_new(&t, opts, &src);
	if (rc == 0)
		rc = mais_store_foreach(s, "hazard", on_record, &p);
	if (rc == 0)
		rc = mais_store_foreach(s, "land_release", on_record, &p);
	if (rc == 0)
		rc = by_cluster(s, &p, t);
	free(p.v);
	if (rc < 0) {
		mais_lr_tally_free(t);
		return rc;
	}
	return mais_lr_tally_finish(t, out);
}

