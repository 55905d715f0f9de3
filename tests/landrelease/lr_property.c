/*
 * lr_property.c — the random half of the land release property test
 * (tests/landrelease/property.py runs it and compares with PostGIS).
 *
 *     lr_property DB OUT.json [CASES] [SEED]
 *
 * Writes CASES random cases (default 300, seed 20261206) into a new
 * database DB through the store, as a user would enter them: in each, two
 * admin areas that leave part of the case uncovered, 2 to 6 hazards (some
 * overlapping each other, some points with an estimated area, some with no
 * recorded date) and 3 to 10 land releases (cancellations, reductions and
 * clearances, overlapping each other, linked to a hazard and often lying
 * partly outside it, or linked to none; some given only as a number), a
 * tenth of them submitted rather than approved (they must not count).
 * Cases lie 0.05° apart, so none touches another.
 *
 * Then it reads back what was stored (a release the write path refused
 * is simply absent) and writes OUT.json: the approved records as the
 * oracle's cases (postgis_oracle.py's input format) and every figure
 * mais computes from them: each hazard's account (svc_lr_account) and the
 * land release report by admin, year, organisation and land use
 * (svc_report_land_release).
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "mais/landrelease.h"
#include "service/lr.h"
#include "service/report.h"
#include "service/write.h"

static const mais_actor who = {.user = "property", .address = "test"};
static unsigned long long rng_state;
static svc_ctx ctx; /* the write path, as the CLI's administrator */

/* xorshift64*: reproducible from the seed on every machine. */
static double rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717ULL) >> 11) /
	       9007199254740992.0;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() * n) % n;
}

static void die(const char *what)
{
	fprintf(stderr, "lr_property: %s: %s\n", what, mais_error_last());
	exit(1);
}

/* Stores a record through the write path of every adapter (releases
 * clipped to their hazard, over-release refused, hazards closed when
 * their last release is approved); its UUID in uuid, or "" when the write
 * path refused it.  Pairs of column, value (NULL skipped) end with
 * NULL. */
static int insert(mais_store *s, char uuid[37], const char *entity,
		  const char *status, const char *wkt, ...)
{
	mais_record *r;
	mais_geom *g = NULL;
	const char *col;
	va_list ap;
	int rc;

	if (mais_record_new(&r, entity) < 0 ||
	    mais_record_set_system(r, "status", status) < 0)
		die(entity);
	va_start(ap, wkt);
	while ((col = va_arg(ap, const char *))) {
		const char *val = va_arg(ap, const char *);

		if (val && mais_record_set(r, col, val) < 0)
			die(col);
	}
	va_end(ap);
	if (wkt && (mais_geom_from_wkt(&g, wkt) < 0 ||
		    mais_record_set_geom(r, g) < 0))
		die(wkt);
	(void)s;
	rc = svc_create(&ctx, r);
	uuid[0] = '\0';
	if (rc == 0)
		snprintf(uuid, 37, "%s", mais_record_uuid(r));
	else if (rc != MAIS_EINVAL)
		die("insert");
	mais_record_free(r);
	return rc == 0;
}

/* A random convex quadrilateral or triangle around (cx, cy), of about
 * size degrees, as WKT. */
static void shape(char *out, size_t len, double cx, double cy, double size)
{
	int n = rnd() < 0.3 ? 3 : 4;
	double a0 = rnd() * 6.283185307, k = cos(cy * 0.0174532925);
	size_t at = (size_t)snprintf(out, len, "POLYGON((");
	double fx = 0, fy = 0;

	for (int i = 0; i < n; i++) {
		double a = a0 + i * 6.283185307 / n + (rnd() - 0.5) * 0.6;
		double r = size * (0.6 + 0.4 * rnd());
		double x = cx + r * cos(a) / k, y = cy + r * sin(a);

		if (i == 0)
			fx = x, fy = y;
		at += (size_t)snprintf(out + at, len - at, "%.7f %.7f,", x, y);
	}
	snprintf(out + at, len - at, "%.7f %.7f))", fx, fy);
}

static const char *date_in(char *buf, int from, int span)
{
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)from + pick(span) % 10u,
		 1 + pick(12), 1 + pick(28));
	return buf;
}

typedef struct made {
	char hz[8][37];
	int hz_poly[8];
	double hx[8], hy[8];
	char hz_date[8][11];
	int nh;
} made;

static void make_hazards(mais_store *s, made *m, double x0, double y0,
			 const char *admin[2], const char *org[2])
{
	static const char *const uses[] = {"agriculture", "residential", NULL};
	char wkt[512], date[11], area[32];

	m->nh = 2 + pick(5);
	for (int i = 0; i < m->nh; i++) {
		int point = rnd() < 0.15;
		double cx = x0 + 0.002 + rnd() * 0.018;
		double cy = y0 + 0.002 + rnd() * 0.018;
		const char *d = rnd() < 0.2 ? NULL : date_in(date, 2015, 5);

		if (point)
			snprintf(wkt, sizeof wkt, "POINT(%.7f %.7f)", cx, cy);
		else
			shape(wkt, sizeof wkt, cx, cy, 0.002 + rnd() * 0.005);
		snprintf(area, sizeof area, "%d", 1000 + pick(50000));
		insert(s, m->hz[i], "hazard",
		       rnd() < 0.1 ? "submitted" : "approved", wkt,
		       "hazard_class", point ? "indication" : "sha",
		       "hazard_status", "active", "recorded_date", d,
		       "info_date", "2014-06-01", "estimated_area_m2",
		       point ? area : NULL, "admin_area_uuid", admin[pick(3)],
		       "organisation_uuid", org[pick(3)], "land_use",
		       uses[pick(3)], NULL);
		m->hz_poly[i] = !point;
		m->hx[i] = cx, m->hy[i] = cy;
		snprintf(m->hz_date[i], 11, "%s", d ? d : "2015-01-01");
	}
}

static void make_releases(mais_store *s, const made *m, double x0,
			  double y0, const char *admin[2], const char *org[2])
{
	static const char *const methods[] = {"cancelled", "reduced",
					      "cleared"};
	int nr = 3 + pick(8);
	char wkt[512], date[11], area[32], uuid[37];

	for (int k = 0; k < nr; k++) {
		int linked = rnd() < 0.7, h = pick(m->nh);
		int number = rnd() < 0.15;
		double cx = linked ? m->hx[h] + (rnd() - 0.5) * 0.006
				   : x0 + rnd() * 0.02;
		double cy = linked ? m->hy[h] + (rnd() - 0.5) * 0.006
				   : y0 + rnd() * 0.02;
		const char *d = rnd() < 0.1 ? NULL : date_in(date, 2021, 4);

		shape(wkt, sizeof wkt, cx, cy, 0.001 + rnd() * 0.004);
		snprintf(area, sizeof area, "%d", 100 + pick(3000));
		if (linked && !*m->hz[h])
			continue;
		insert(s, uuid, "land_release",
		       rnd() < 0.1 ? "submitted" : "approved",
		       number ? NULL : wkt, "method", methods[pick(3)],
		       "hazard_uuid", linked ? m->hz[h] : NULL, "release_date",
		       d, "area_m2", number ? area : NULL, "admin_area_uuid",
		       admin[pick(3)], "organisation_uuid", org[pick(3)],
		       NULL);
	}
}

/* ------------------------------------------------------------------ */
/* Reading back.                                                        */

typedef struct rec {
	mais_lr_item it;
	char wkt_case[24]; /* the case it belongs to */
	char *wkt;
	int approved;
	char year[8];
} rec;

typedef struct store_read {
	rec *v;
	size_t n, cap;
} store_read;

/* The geometry as hex WKB: every bit of its coordinates, as PostGIS
 * reads it (WKT would round them). */
static char *hex_wkb(const mais_geom *g)
{
	unsigned char *wkb;
	size_t len;
	char *hex;

	if (mais_geom_to_wkb(g, &wkb, &len) < 0 ||
	    !(hex = malloc(2 * len + 1)))
		die("wkb");
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02X", wkb[i]);
	free(wkb);
	return hex;
}

static int on_rec(const mais_record *r, void *arg)
{
	store_read *x = arg;
	rec *it;
	const char *st = mais_record_get(r, "status");
	const char *d;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 1024;
		x->v = realloc(x->v, x->cap * sizeof *x->v);
		if (!x->v)
			die("realloc");
	}
	it = memset(&x->v[x->n++], 0, sizeof *it);
	if (mais_lr_item_of(r, &it->it) < 0)
		die("item");
	it->approved = st && !strcmp(st, "approved");
	if (it->it.geom)
		it->wkt = hex_wkb(it->it.geom);
	d = *it->it.date ? it->it.date : it->it.info_date;
	snprintf(it->year, sizeof it->year, "%.4s", *d ? d : "");
	return 0;
}

static json_t *key_or_unassigned(const char *k)
{
	return json_string(k && *k ? k : "unassigned");
}

static json_t *groups_of(const rec *r)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "admin",
			 key_or_unassigned(r->it.admin_area_uuid), "year",
			 key_or_unassigned(r->year), "organisation",
			 key_or_unassigned(r->it.organisation_uuid),
			 "land_use", key_or_unassigned(r->it.land_use));
}

/* The rule's order: date (none last), then stored order. */
static int cmp_rec(const void *pa, const void *pb)
{
	const rec *a = *(rec *const *)pa, *b = *(rec *const *)pb;
	int c;

	if (!*a->it.date != !*b->it.date)
		return *a->it.date ? -1 : 1;
	if ((c = strcmp(a->it.date, b->it.date)))
		return c;
	return a->it.seq < b->it.seq ? -1 : a->it.seq > b->it.seq;
}

static json_t *wkt_or_null(const rec *r)
{
	return r->wkt ? json_string(r->wkt) : json_null();
}

/* The approved records of one case as the oracle's input. */
static json_t *oracle_case(const char *id, store_read *hz, store_read *rel,
			   store_read *adm, const char *cs)
{
	json_t *h = json_array(), *r = json_array(), *a = json_array();
	rec **order = malloc((hz->n + rel->n + 1) * sizeof *order);
	size_t n = 0;

	for (size_t i = 0; i < hz->n; i++)
		if (hz->v[i].approved && !strcmp(hz->v[i].wkt_case, cs))
			order[n++] = &hz->v[i];
	qsort(order, n, sizeof *order, cmp_rec);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			h, json_pack("{s:s, s:I, s:o, s:f, s:o}", "id",
				     order[i]->it.uuid, "order", (json_int_t)i,
				     "wkt", wkt_or_null(order[i]),
				     "estimated_m2", order[i]->it.number_m2,
				     "groups", groups_of(order[i])));
	n = 0;
	for (size_t i = 0; i < rel->n; i++)
		if (rel->v[i].approved && !strcmp(rel->v[i].wkt_case, cs))
			order[n++] = &rel->v[i];
	qsort(order, n, sizeof *order, cmp_rec);
	for (size_t i = 0; i < n; i++) {
		static const char *const m[] = {"cancelled", "reduced",
						"cleared"};
		const rec *x = order[i];
		int linked = 0;

		/* a release of a hazard that does not count (not approved)
		 * counts where it lies, as one with no hazard */
		for (size_t j = 0; *x->it.hazard_uuid && j < hz->n; j++)
			if (!strcmp(hz->v[j].it.uuid, x->it.hazard_uuid))
				linked = hz->v[j].approved;

		json_array_append_new(
			r, json_pack("{s:s, s:I, s:s, s:o, s:f, s:o, s:o}",
				     "id", x->it.uuid, "order", (json_int_t)i,
				     "method", m[x->it.method], "wkt",
				     wkt_or_null(x), "area_m2", x->it.number_m2,
				     "hazard",
				     linked ? json_string(x->it.hazard_uuid)
					    : json_null(),
				     "groups", groups_of(x)));
	}
	for (size_t i = 0; i < adm->n; i++)
		if (!strcmp(adm->v[i].wkt_case, cs))
			json_array_append_new(
				a, json_pack("{s:s, s:s}", "id",
					     adm->v[i].it.uuid, "wkt",
					     adm->v[i].wkt));
	free(order);
	return json_pack("{s:s, s:o, s:o, s:o}", "id", id, "hazards", h,
			 "releases", r, "admin", a);
}

/* ------------------------------------------------------------------ */
/* mais's figures.                                                      */

static json_t *account_json(const mais_lr_account *a)
{
	return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "polygon",
			 a->polygon_m2, "original", a->original_m2,
			 "cancelled", a->cancelled_m2, "reduced",
			 a->reduced_m2, "cleared", a->cleared_m2,
			 "remaining", a->remaining_m2);
}

static json_t *row_json(const mais_lr_row *r)
{
	return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
			 "s:f, s:f}",
			 "original", r->hazard_area_m2, "polygon",
			 r->hazard_area_sum_m2, "cancelled", r->cancelled_m2,
			 "reduced", r->reduced_m2, "cleared", r->cleared_m2,
			 "remaining", r->remaining_m2, "outside_cancelled",
			 r->outside_cancelled_m2, "outside_reduced",
			 r->outside_reduced_m2, "outside_cleared",
			 r->outside_cleared_m2, "work_cancelled",
			 r->cancelled_by_releases_m2, "work_reduced",
			 r->reduced_by_releases_m2, "work_cleared",
			 r->cleared_by_releases_m2);
}

static json_t *report_json(mais_store *s, mais_report_by by)
{
	mais_report_opts o;
	mais_lr_report *rep;
	json_t *rows = json_object();

	mais_report_opts_init(&o);
	o.by = by;
	o.admin_level = 1;
	if (svc_report_land_release(s, &o, &rep) < 0)
		die("report");
	for (size_t i = 0; i < rep->nrows; i++)
		json_object_set_new(rows,
				    rep->rows[i].group_uuid
					    ? rep->rows[i].group_uuid
					    : rep->rows[i].group,
				    row_json(&rep->rows[i]));
	json_object_set_new(rows, "unassigned", row_json(&rep->unassigned));
	json_object_set_new(rows, "total", row_json(&rep->total));
	mais_lr_report_free(rep);
	return rows;
}

static void read_free(store_read *x)
{
	for (size_t i = 0; i < x->n; i++) {
		mais_lr_item_clear(&x->v[i].it);
		free(x->v[i].wkt);
	}
	free(x->v);
}

static void read_all(mais_store *s, const char *entity, store_read *x,
		     int ncases)
{
	if (mais_store_foreach(s, entity, on_rec, x) < 0)
		die("read");
	/* the case of a record: by where it lies, or by its hazard */
	for (size_t i = 0; i < x->n; i++) {
		rec *r = &x->v[i];
		double bx = r->it.box[0], by = r->it.box[1];

		if (bx > r->it.box[2]) /* no polygon: the case is set below */
			continue;
		for (int c = 0; c < ncases; c++)
			if (bx >= 45 + (c % 20) * 0.05 - 0.01 &&
			    bx < 45 + (c % 20) * 0.05 + 0.04 &&
			    by >= 39 + (c / 20) * 0.05 - 0.01 &&
			    by < 39 + (c / 20) * 0.05 + 0.04)
				snprintf(r->wkt_case, sizeof r->wkt_case,
					 "c%03d", c);
	}
}

int main(int argc, char **argv)
{
	int ncases = argc > 3 ? atoi(argv[3]) : 300;
	mais_store *s;
	mais_principal admin;
	json_t *cases = json_array(), *hz = json_object(), *out;
	store_read H = {0}, R = {0}, A = {0};
	char org[2][37], adm[2][37], id[24];

	if (argc < 3 || ncases < 1 || ncases > 2000)
		return fprintf(stderr, "usage: lr_property DB OUT.json "
				       "[CASES] [SEED]\n"),
		       2;
	rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261206ULL;
	if (mais_store_open(&s, argv[1], MAIS_STORE_CREATE, NULL) < 0)
		die(argv[1]);
	mais_principal_system(&admin);
	svc_ctx_init(&ctx, s, &who, &admin);
	insert(s, org[0], "organisation", "approved", NULL, "org_type",
	       "operator_ngo", "name", "Alpha", NULL);
	insert(s, org[1], "organisation", "approved", NULL, "org_type",
	       "operator_commercial", "name", "Beta", NULL);
	for (int c = 0; c < ncases; c++) {
		double x0 = 45 + (c % 20) * 0.05, y0 = 39 + (c / 20) * 0.05;
		const char *admins[3], *orgs[3] = {org[0], org[1], NULL};
		char w[256], e[256];
		made m = {0};

		snprintf(w, sizeof w,
			 "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,"
			 "%.3f %.3f))",
			 x0, y0, x0 + 0.012, y0, x0 + 0.012, y0 + 0.02, x0,
			 y0 + 0.02, x0, y0);
		snprintf(e, sizeof e,
			 "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,"
			 "%.3f %.3f))",
			 x0 + 0.012, y0, x0 + 0.02, y0, x0 + 0.02, y0 + 0.014,
			 x0 + 0.012, y0 + 0.014, x0 + 0.012, y0);
		insert(s, adm[0], "admin_area", "approved", w, "level", "1",
		       "name", "W", NULL);
		insert(s, adm[1], "admin_area", "approved", e, "level", "1",
		       "name", "E", NULL);
		admins[0] = adm[0], admins[1] = adm[1], admins[2] = NULL;
		make_hazards(s, &m, x0, y0, admins, orgs);
		make_releases(s, &m, x0, y0, admins, orgs);
	}
	read_all(s, "hazard", &H, ncases);
	read_all(s, "land_release", &R, ncases);
	read_all(s, "admin_area", &A, ncases);
	/* a hazard with no polygon is a case of its own; a release goes
	 * with its hazard */
	for (size_t i = 0; i < H.n; i++)
		if (H.v[i].it.box[0] > H.v[i].it.box[2])
			snprintf(H.v[i].wkt_case, 24, "p%zu", i % 100000);
	for (size_t i = 0; i < R.n; i++)
		for (size_t j = 0; j < H.n; j++)
			if (!strcmp(R.v[i].it.hazard_uuid, H.v[j].it.uuid) &&
			    H.v[j].approved)
				memcpy(R.v[i].wkt_case, H.v[j].wkt_case, 24);
	for (size_t i = 0; i < R.n; i++)
		if (!*R.v[i].wkt_case)
			snprintf(R.v[i].wkt_case, 24, "n%zu", i % 100000);
	for (size_t i = 0; i < H.n + R.n; i++) {
		rec *r = i < H.n ? &H.v[i] : &R.v[i - H.n];
		size_t k;

		for (k = 0; k < i; k++) /* the first record of its case */
			if (!strcmp((k < H.n ? &H.v[k] : &R.v[k - H.n])->wkt_case,
				    r->wkt_case))
				break;
		if (k == i) {
			snprintf(id, sizeof id, "%s", r->wkt_case);
			json_array_append_new(cases, oracle_case(id, &H, &R, &A,
								 r->wkt_case));
		}
	}
	for (size_t i = 0; i < H.n; i++) {
		mais_lr_account a;

		if (!H.v[i].approved)
			continue;
		if (svc_lr_account(s, H.v[i].it.uuid, SVC_LR_APPROVED, &a) < 0)
			die("account");
		json_object_set_new(hz, H.v[i].it.uuid, account_json(&a));
	}
	out = json_pack("{s:o, s:{s:o, s:{s:o, s:o, s:o, s:o}}}", "cases",
			cases, "mais", "hazards", hz, "groups", "admin",
			report_json(s, MAIS_REPORT_BY_ADMIN), "year",
			report_json(s, MAIS_REPORT_BY_YEAR), "organisation",
			report_json(s, MAIS_REPORT_BY_ORGANISATION), "land_use",
			report_json(s, MAIS_REPORT_BY_LAND_USE));
	if (json_dump_file(out, argv[2], JSON_COMPACT) < 0)
		die(argv[2]);
	fprintf(stderr, "lr_property: %zu hazards, %zu releases stored\n",
		H.n, R.n);
	json_decref(out);
	read_free(&H), read_free(&R), read_free(&A);
	mais_store_close(s);
	return 0;
}
