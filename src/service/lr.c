/*
 * lr.c — land release in the use-case layer (lr.h): loads from the store
 * the hazards and releases a question needs and hands them to the one
 * kernel (src/core/rules/landrelease.c).
 *
 * A hazard's account needs the hazards that may own part of its polygon
 * (those whose boxes meet it) and the releases that may release its land
 * (those whose boxes meet it, and its own, which may be numbers), plus
 * the hazards those releases are linked to (to clip them).  That is a
 * few R-tree queries; the kernel does the rest.
 */
#include "service/lr.h"
#include "mais/error.h"
#include "mais/grow.h"
#include "mais/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The items of one question, owned. */
typedef struct items {
	mais_lr_item *v;
	size_t n, cap;
	int which;	  /* SVC_LR_* */
	const char *skip; /* UUID of a release left out, or NULL */
} items;

static int counted(const mais_record *r, int which)
{
	const char *st = mais_record_get(r, "status");

	if (!st)
		return 0;
	if (!strcmp(st, "approved"))
		return 1;
	return which == SVC_LR_SUBMITTED &&
	       (!strcmp(st, "submitted") || !strcmp(st, "verified"));
}

static int has(const items *x, const char *uuid)
{
	if (!uuid || !*uuid) /* a record not stored yet */
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (!strcmp(x->v[i].uuid, uuid))
			return 1;
	return 0;
}

/* Adds a copy of r (once). */
static int add(items *x, const mais_record *r)
{
	if (has(x, mais_record_uuid(r)))
		return 0;
	if (mais_grow(&x->v, &x->cap, x->n,
		      sizeof *x->v) < 0)
		return mais_error_last_code();
	if (mais_lr_item_of(r, &x->v[x->n]) < 0)
		return mais_error_last_code();
	x->n++;
	return 0;
}

static int on_record(const mais_record *r, void *arg)
{
	items *x = arg;
	const char *uuid = mais_record_uuid(r);

	if (!counted(r, x->which) || (x->skip && uuid && !strcmp(uuid, x->skip)))
		return 0;
	return add(x, r);
}

static void items_free(items *x)
{
	for (size_t i = 0; i < x->n; i++)
		mais_lr_item_clear(&x->v[i]);
	free(x->v);
}

/* Every counted record of q, page by page. */
static int load(mais_store *s, mais_store_query *q, items *x)
{
	int64_t total = 0;
	int rc;

	q->limit = MAIS_MAX_MAP_FEATURES;
	q->offset = 0;
	do {
		rc = mais_store_list(s, q, &total, on_record, x);
		q->offset += q->limit;
	} while (rc == 0 && q->offset < total);
	return rc;
}

/* Records of entity whose boxes meet box. */
static int load_box(mais_store *s, const char *entity, const double box[4],
		    items *x)
{
	mais_store_query q = {0};

	if (box[0] > box[2])
		return 0;
	q.entity = entity;
	q.has_bbox = 1;
	memcpy(q.bbox, box, sizeof q.bbox);
	return load(s, &q, x);
}

/* The hazards of loaded releases that are not loaded yet (those that
 * count: a release of a hazard that does not count counts where it lies,
 * as one with no hazard). */
static int load_linked(mais_store *s, items *x)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < x->n; i++) {
		mais_record *hz = NULL;

		if (!x->v[i].is_release || !*x->v[i].hazard_uuid ||
		    has(x, x->v[i].hazard_uuid))
			continue;
		rc = mais_store_get(s, "hazard", x->v[i].hazard_uuid, &hz);
		if (rc == 0 && counted(hz, x->which))
			rc = add(x, hz);
		mais_record_free(hz);
	}
	return rc;
}

/* What the account of hazard hz needs, into x (hz first). */
static int load_for(mais_store *s, const mais_record *hz, items *x)
{
	mais_store_query q = {0};
	int rc = add(x, hz);

	if (rc == 0)
		rc = load_box(s, "hazard", x->v[0].box, x);
	if (rc == 0)
		rc = load_box(s, "land_release", x->v[0].box, x);
	if (rc == 0) {
		q.entity = "land_release";
		q.ref_column = "hazard_uuid";
		q.ref_value = mais_record_uuid(hz);
		rc = load(s, &q, x);
	}
	return rc == 0 ? load_linked(s, x) : rc;
}

/* Runs the kernel over x: *a the account of item 0 (a hazard), and
 * *credited what item `release` released (if not NULL). */
static int run(const items *x, mais_lr_account *a, size_t release,
	       double *credited)
{
	size_t n = x->n ? x->n : 1, nh, nr;
	mais_lr_hazard *hz = calloc(n, sizeof *hz);
	mais_lr_release *rel = calloc(n, sizeof *rel);
	mais_lr_account *acc = calloc(n, sizeof *acc);
	size_t *idx = calloc(n, sizeof *idx);
	double *cr = calloc(n, sizeof *cr);
	mais_lr_cluster c = {0};
	int rc = hz && rel && acc && idx && cr
			 ? 0
			 : mais_error_nomem();

	if (rc == 0)
		rc = mais_lr_cluster_of(x->v, x->n, hz, &nh, rel, &nr, idx);
	if (rc == 0) {
		c = (mais_lr_cluster){hz, nh, rel, nr, NULL, 0};
		rc = mais_lr_run(&c, acc, NULL, cr);
	}
	if (rc == 0) {
		*a = acc[idx[0]];
		if (credited)
			*credited = cr[idx[release]];
	}
	free(hz), free(rel), free(acc), free(idx), free(cr);
	return rc;
}

int svc_lr_account(mais_store *s, const char *hazard_uuid, int which,
		   mais_lr_account *out)
{
	mais_record *hz = NULL;
	items x = {.which = which};
	int rc;

	memset(out, 0, sizeof *out);
	rc = mais_store_get(s, "hazard", hazard_uuid, &hz);
	if (rc == 0)
		rc = load_for(s, hz, &x);
	if (rc == 0)
		rc = run(&x, out, 0, NULL);
	items_free(&x);
	mais_record_free(hz);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The check of a release being written.                                */

/* 1 if the stored version of r already releases hazard hz_uuid (an edit
 * of a counted release, which may go on once its hazard is closed). */
static int already_of(mais_store *s, const mais_record *r, const char *hz_uuid)
{
	mais_record *old = NULL;
	const char *h;
	int yes;

	if (!mais_record_uuid(r) ||
	    mais_store_get(s, "land_release", mais_record_uuid(r), &old) < 0)
		return 0;
	h = mais_record_get(old, "hazard_uuid");
	yes = h && !strcmp(h, hz_uuid);
	mais_record_free(old);
	return yes;
}

/* The hazard may take this release: active, and recorded before it. */
static int check_hazard(mais_store *s, const mais_record *r,
			const mais_record *hz)
{
	const char *hst = mais_record_get(hz, "hazard_status");
	const char *rec = mais_record_get(hz, "recorded_date");
	const char *d = mais_record_get(r, "release_date");
	const char *ref = mais_record_reference(hz);

	if (d && rec && strcmp(d, rec) < 0)
		return mais_error_set(MAIS_EINVAL,
				      "land_release.release_date: %s is "
				      "before hazard %s was recorded (%s)",
				      d, ref, rec);
	if (hst && strcmp(hst, "active") &&
	    !already_of(s, r, mais_record_uuid(hz)))
		return mais_error_set(MAIS_EINVAL,
				      "land_release.hazard_uuid: hazard %s "
				      "is %s: nothing of it can be released",
				      ref, hst);
	return 0;
}

/* Sets area_m2 to the clipped area when it was the area of the polygon as
 * given (computed on entry), not a number the user reported. */
static int reset_area(mais_record *r, double before, double after)
{
	char was[64], now[64];
	const char *v = mais_record_get(r, "area_m2");

	snprintf(was, sizeof was, "%.3f", before);
	if (!v || strcmp(v, was))
		return 0;
	snprintf(now, sizeof now, "%.3f", after);
	return mais_record_set(r, "area_m2", now);
}

/* Stores r's polygon clipped to the hazard's when a part lies outside. */
static int clip(mais_record *r, const mais_record *hz, char msg[256])
{
	const mais_geom *g = mais_record_geom(r);
	mais_geom *clipped = NULL;
	double outside, full;
	int rc;

	if (!g || !mais_record_geom(hz))
		return 0;
	rc = mais_lr_clip(g, mais_record_geom(hz), &clipped, &outside);
	if (rc == MAIS_EINVAL)
		return mais_error_set(MAIS_EINVAL,
				      "land_release.geom: the release lies "
				      "outside hazard %s (no part within it)",
				      mais_record_reference(hz));
	if (rc < 0 || !clipped)
		return rc;
	full = mais_geom_area_m2(g);
	mais_record_derive_geom(r, clipped);
	snprintf(msg, 256,
		 "%.3f m² of the release lie outside hazard %s and are not "
		 "counted; the geometry as given is kept as the original of "
		 "this version",
		 outside, mais_record_reference(hz));
	return reset_area(r, full, full - outside);
}

/* Refuses r when it releases more than remains of hazard hz, counting
 * the other submitted, verified and approved releases. */
static int check_remainder(mais_store *s, const mais_record *r,
			   const mais_record *hz)
{
	items x = {.which = SVC_LR_SUBMITTED, .skip = mais_record_uuid(r)};
	mais_lr_account before, after;
	double tol;
	int rc = load_for(s, hz, &x);

	if (rc == 0)
		rc = run(&x, &before, 0, NULL);
	if (rc == 0)
		rc = add(&x, r);
	if (rc == 0)
		rc = run(&x, &after, 0, NULL);
	items_free(&x);
	if (rc < 0)
		return rc;
	/* the hazard's own progress: its whole polygon, released by any
	 * release (landrelease.h) */
	tol = mais_landrelease_tolerance(before.polygon_m2);
	if (after.polygon_remaining_m2 >= -tol ||
	    after.polygon_remaining_m2 >= before.polygon_remaining_m2)
		return 0;
	return mais_error_set(MAIS_EINVAL,
			      "land_release.%s: the release adds %.3f m² to "
			      "hazard %s, but only %.3f m² of its %.3f m² "
			      "remain",
			      mais_record_geom(r) ? "geom" : "area_m2",
			      before.polygon_remaining_m2 -
				      after.polygon_remaining_m2,
			      mais_record_reference(hz),
			      before.polygon_remaining_m2, before.polygon_m2);
}

int svc_lr_check(mais_store *s, mais_record *r, char clipped_msg[256])
{
	const char *hz_uuid = mais_record_get(r, "hazard_uuid");
	const char *st = mais_record_get(r, "status");
	mais_record *hz = NULL;
	int rc;

	clipped_msg[0] = '\0';
	if (!hz_uuid || (st && !strcmp(st, "rejected")))
		return 0;
	rc = mais_store_get(s, "hazard", hz_uuid, &hz);
	if (rc == 0)
		rc = check_hazard(s, r, hz);
	if (rc == 0)
		rc = clip(r, hz, clipped_msg);
	if (rc == 0 && st && strcmp(st, "draft"))
		rc = check_remainder(s, r, hz);
	mais_record_free(hz);
	return rc;
}
