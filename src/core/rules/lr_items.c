/*
 * lr_items.c — hazards and releases as the land release kernel's callers
 * hold them (landrelease.h, mais_lr_item): copied out of records, grouped
 * into clusters that the kernel can take one at a time, and turned into
 * the kernel's arrays.
 *
 * Clusters: two items belong together when their boxes meet (their land
 * may overlap) or when one is a release of the other.  Boxes are swept in
 * order of their west edge, and union–find joins the pairs, so the cost
 * is that of a sort plus the pairs that truly overlap in longitude.
 */
#include "mais/landrelease.h"
#include "mais/error.h"
#include "core/geom_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static double number(const mais_record *r, const char *col)
{
	const char *v = mais_record_get(r, col);

	return v ? strtod(v, NULL) : 0;
}

int64_t mais_lr_ref_serial(const char *ref)
{
	const char *dash = ref ? strrchr(ref, '-') : NULL;

	return dash ? strtoll(dash + 1, NULL, 10) : 0;
}

static int polygonal(const mais_geom *g)
{
	mais_geom_type t = g ? mais_geom_get_type(g) : MAIS_GEOM_POINT;

	return (t == MAIS_GEOM_POLYGON || t == MAIS_GEOM_MULTIPOLYGON) &&
	       !mais_geom_is_empty(g);
}

int mais_lr_item_of(const mais_record *r, mais_lr_item *out)
{
	int rel = !strcmp(mais_record_entity(r)->name, "land_release");
	const mais_geom *g = mais_record_geom(r);

	memset(out, 0, sizeof *out);
	out->is_release = rel;
	copy(out->uuid, sizeof out->uuid, mais_record_uuid(r));
	copy(out->admin_area_uuid, sizeof out->admin_area_uuid,
	     mais_record_get(r, "admin_area_uuid"));
	copy(out->organisation_uuid, sizeof out->organisation_uuid,
	     mais_record_get(r, "organisation_uuid"));
	copy(out->date, sizeof out->date,
	     mais_record_get(r, rel ? "release_date" : "recorded_date"));
	copy(out->info_date, sizeof out->info_date,
	     mais_record_get(r, "info_date"));
	out->seq = mais_lr_ref_serial(mais_record_reference(r));
	out->number_m2 = number(r, rel ? "area_m2" : "estimated_area_m2");
	if (rel) {
		copy(out->hazard_uuid, sizeof out->hazard_uuid,
		     mais_record_get(r, "hazard_uuid"));
		out->method = mais_lr_method(mais_record_get(r, "method"));
	} else {
		copy(out->land_use, sizeof out->land_use,
		     mais_record_get(r, "land_use"));
		copy(out->hazard_class, sizeof out->hazard_class,
		     mais_record_get(r, "hazard_class"));
	}
	out->box[0] = 1, out->box[2] = -1; /* empty */
	if (!polygonal(g))
		return 0;
	if (mais_geom_clone(&out->geom, g) < 0)
		return mais_error_last_code();
	return mais_geom_envelope(g, &out->box[0], &out->box[1], &out->box[2],
				  &out->box[3]);
}

void mais_lr_item_clear(mais_lr_item *it)
{
	if (!it)
		return;
	mais_geom_free(it->geom);
	it->geom = NULL;
}

/* ------------------------------------------------------------------ */
/* Clusters.                                                            */

static size_t root(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static void join(size_t *up, size_t a, size_t b)
{
	a = root(up, a);
	b = root(up, b);
	if (a != b)
		up[a > b ? a : b] = a < b ? a : b;
}

typedef struct west {
	double x;
	size_t i;
} west;

static int cmp_west(const void *a, const void *b)
{
	double x = ((const west *)a)->x, y = ((const west *)b)->x;

	return x < y ? -1 : x > y;
}

typedef struct by_uuid {
	const char *uuid;
	size_t i;
} by_uuid;

static int cmp_uuid(const void *a, const void *b)
{
	return strcmp(((const by_uuid *)a)->uuid, ((const by_uuid *)b)->uuid);
}

/* Joins boxes that meet: a sweep over the west edges. */
static int join_boxes(const mais_lr_item *v, size_t n, size_t *up)
{
	west *w = malloc((n ? n : 1) * sizeof *w);
	size_t m = 0;

	if (!w)
		return mais_error_nomem();
	for (size_t i = 0; i < n; i++)
		if (v[i].box[0] <= v[i].box[2])
			w[m++] = (west){v[i].box[0], i};
	qsort(w, m, sizeof *w, cmp_west);
	for (size_t a = 0; a < m; a++) {
		const double *ba = v[w[a].i].box;

		for (size_t b = a + 1; b < m && w[b].x <= ba[2]; b++) {
			const double *bb = v[w[b].i].box;

			if (bb[1] <= ba[3] && ba[1] <= bb[3])
				join(up, w[a].i, w[b].i);
		}
	}
	free(w);
	return 0;
}

/* Joins each release to its hazard. */
static int join_links(const mais_lr_item *v, size_t n, size_t *up)
{
	by_uuid *h = malloc((n ? n : 1) * sizeof *h);
	size_t m = 0;

	if (!h)
		return mais_error_nomem();
	for (size_t i = 0; i < n; i++)
		if (!v[i].is_release)
			h[m++] = (by_uuid){v[i].uuid, i};
	qsort(h, m, sizeof *h, cmp_uuid);
	for (size_t i = 0; i < n; i++) {
		by_uuid want = {v[i].hazard_uuid, 0}, *hit;

		if (!v[i].is_release || !*v[i].hazard_uuid)
			continue;
		hit = bsearch(&want, h, m, sizeof *h, cmp_uuid);
		if (hit)
			join(up, i, hit->i);
	}
	free(h);
	return 0;
}

int mais_lr_clusters(const mais_lr_item *v, size_t n, size_t *out,
		     size_t *nclusters)
{
	size_t *up = malloc((n ? n : 1) * sizeof *up), k = 0;
	int rc;

	if (!up)
		return mais_error_nomem();
	for (size_t i = 0; i < n; i++)
		up[i] = i;
	rc = join_boxes(v, n, up);
	if (rc == 0)
		rc = join_links(v, n, up);
	/* roots are the smallest index of their set: number them in order */
	for (size_t i = 0; rc == 0 && i < n; i++)
		out[i] = root(up, i) == i ? k++ : out[root(up, i)];
	*nclusters = k;
	free(up);
	return rc;
}

int mais_lr_cluster_of(const mais_lr_item *v, size_t n, mais_lr_hazard *hz,
		       size_t *nh, mais_lr_release *rel, size_t *nr,
		       size_t *index_of)
{
	by_uuid *h = malloc((n ? n : 1) * sizeof *h);

	*nh = *nr = 0;
	if (!h)
		return mais_error_nomem();
	for (size_t i = 0; i < n; i++) {
		if (v[i].is_release)
			continue;
		h[*nh] = (by_uuid){v[i].uuid, *nh};
		hz[*nh] = (mais_lr_hazard){v[i].geom, v[i].number_m2,
					   *v[i].date ? v[i].date : NULL,
					   v[i].seq, 0};
		if (index_of)
			index_of[i] = *nh;
		(*nh)++;
	}
	qsort(h, *nh, sizeof *h, cmp_uuid);
	for (size_t i = 0; i < n; i++) {
		by_uuid want = {v[i].hazard_uuid, 0}, *hit = NULL;

		if (!v[i].is_release)
			continue;
		if (*v[i].hazard_uuid)
			hit = bsearch(&want, h, *nh, sizeof *h, cmp_uuid);
		rel[*nr] = (mais_lr_release){v[i].geom, v[i].number_m2,
					     v[i].method < 0 ? 0 : v[i].method,
					     *v[i].date ? v[i].date : NULL,
					     v[i].seq, hit ? (long)hit->i : -1, 0};
		if (index_of)
			index_of[i] = *nr;
		(*nr)++;
	}
	free(h);
	return 0;
}
