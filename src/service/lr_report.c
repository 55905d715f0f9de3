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

typedef char uuid_text[37];

typedef struct pass {
	const mais_report_opts *opts;
	mais_lr_item *v;
	size_t n, cap;
	/* with an admin area filter: the hazards in those areas, sorted */
	uuid_text *placed;
	size_t nplaced, capplaced;
} pass;

static int cmp_uuid(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* 1 if release r lies where p's options count: a release of a hazard is
 * where its hazard is, so that a hazard's figures keep their releases; a
 * release with none, where it lies itself. */
static int release_placed(const pass *p, const mais_record *r)
{
	const char *hz = mais_record_get(r, "hazard_uuid");

	if (!hz)
		return mais_report_area_counts(
			p->opts, mais_record_get(r, "admin_area_uuid"));
	return p->nplaced &&
	       bsearch(hz, p->placed, p->nplaced, sizeof *p->placed, cmp_uuid);
}

/* 1 if r counts: mais_report_counts (status, organisation, place), a
 * release placed by its hazard. */
static int counts(const pass *p, const mais_record *r)
{
	mais_report_opts anywhere = *p->opts;

	if (!p->opts->areas ||
	    strcmp(mais_record_entity(r)->name, "land_release"))
		return mais_report_counts(p->opts, r);
	anywhere.areas = NULL;
	return mais_report_counts(&anywhere, r) && release_placed(p, r);
}

/* Hazards in the admin areas of the filter, whatever their status: their
 * releases are there too. */
static int on_hazard_place(const mais_record *r, void *arg)
{
	pass *p = arg;

	if (!mais_report_area_counts(p->opts,
				     mais_record_get(r, "admin_area_uuid")))
		return 0;
	if (mais_grow(&p->placed, &p->capplaced, p->nplaced,
		      sizeof *p->placed) < 0)
		return mais_error_last_code();
	snprintf(p->placed[p->nplaced++], sizeof *p->placed, "%s",
		 mais_record_uuid(r));
	return 0;
}

/* First pass: the item of each record that counts, without geometry. */
static int on_record(const mais_record *r, void *arg)
{
	pass *p = arg;

	if (!counts(p, r))
		return 0;
	if (mais_grow(&p->v, &p->cap, p->n, sizeof *p->v) < 0)
		return mais_error_last_code();
	if (mais_lr_item_of(r, &p->v[p->n]) < 0)
		return mais_error_last_code();
	mais_lr_item_clear(&p->v[p->n++]); /* the box stays */
	return 0;
}

/* The hazards in the filter's admin areas, sorted (none without one). */
static int place_hazards(mais_store *s, pass *p)
{
	int rc;

	if (!p->opts->areas)
		return 0;
	rc = mais_store_foreach(s, "hazard", on_hazard_place, p);
	if (rc == 0 && p->nplaced)
		qsort(p->placed, p->nplaced, sizeof *p->placed, cmp_uuid);
	return rc;
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
		rc = place_hazards(s, &p);
	if (rc == 0)
		rc = mais_store_foreach(s, "hazard", on_record, &p);
	if (rc == 0)
		rc = mais_store_foreach(s, "land_release", on_record, &p);
	if (rc == 0)
		rc = by_cluster(s, &p, t);
	free(p.v);
	free(p.placed);
	if (rc < 0) {
		mais_lr_tally_free(t);
		return rc;
	}
	return mais_lr_tally_finish(t, out);
}

