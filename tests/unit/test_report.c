/*
 * test_report.c — the reports of report.h on small databases whose
 * answers are worked out by hand.  Every area expected here comes from
 * GeographicLib's Planimeter (an implementation independent of ours),
 * run as
 *     printf 'lat lon\n...' | Planimeter -p 10
 * on the polygon named in the comment (vertices counter-clockwise; the
 * output is "vertices perimeter_m area_m2").  The last test runs the
 * `mais` command (MAIS_CLI, set by tests/CMakeLists.txt) and parses its
 * JSON and CSV.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mais/mais.h"
#include "testdb.h"
#include "mais/report.h"
#include "service/report.h"

/* Areas agree to a millimetre² scale when the polygon is the same. */
#define EPS 0.01

/*
 * H1: 18.00-18.02 E, 44.00-44.02 N.
 *   printf '44.00 18.00\n44.00 18.02\n44.02 18.02\n44.02 18.00\n' |
 *   Planimeter -p 10  ->  4 7652.2062565147 3564163.41842
 */
#define H1_WKT "POLYGON((18 44,18.02 44,18.02 44.02,18 44.02,18 44))"
#define H1_M2  3564163.41842
/* H2: 18.01-18.03 E, 44.01-44.03 N, overlapping H1's NE quarter.
 *   '44.01 18.01\n44.01 18.03\n44.03 18.03\n44.03 18.01\n'
 *   ->  4 7651.6750657439 3563570.78350 */
#define H2_WKT \
	"POLYGON((18.01 44.01,18.03 44.01,18.03 44.03,18.01 44.03,18.01 44.01))"
#define H2_M2 3563570.78350
/* H1 ∪ H2: the octagon
 *   '44.00 18.00\n44.00 18.02\n44.01 18.02\n44.01 18.03\n44.03 18.03\n
 *    44.03 18.01\n44.02 18.01\n44.02 18.00\n'
 *   ->  8 11477.9109700775 6236767.42276 */
#define UNION_M2 6236767.42276
/* The land H2 owns: H2 less H1, which was recorded first
 * (docs/land-release.md), the L-shaped hexagon
 *   '44.01 18.02\n44.01 18.03\n44.03 18.03\n44.03 18.01\n44.02 18.01\n
 *    44.02 18.02\n'  ->  6 7651.5403184969 2672642.98952
 * H1 + OWN2 is 39 m² more than the octagon: the overlay puts H2's corner
 * on H1's edge as a straight lon/lat line, while areas follow geodesic
 * edges, which bow; so pieces add up to their whole to about 1e-5 for
 * edges of 1.6 km.  Totals are the sums of their pieces. */
#define OWN2_M2 2672642.98952
/* R1 (cleared): the west half of H1, 18.00-18.01 E, 44.00-44.02 N,
 * inside H1 and touching H2 only along a line.
 *   '44.00 18.00\n44.00 18.01\n44.02 18.01\n44.02 18.00\n'
 *   ->  4 6048.3518771444 1782081.71527 */
#define R1_WKT "POLYGON((18 44,18.01 44,18.01 44.02,18 44.02,18 44))"
#define R1_M2  1782081.71527
/* R2 (cleared, no hazard): 18.10-18.11 E, 44.00-44.01 N.
 *   '44.00 18.10\n44.00 18.11\n44.01 18.11\n44.01 18.10\n'
 *   ->  4 3826.2359289119 891114.93004 */
#define R2_WKT "POLYGON((18.1 44,18.11 44,18.11 44.01,18.1 44.01,18.1 44))"
#define R2_M2  891114.93004
/* H5 (submitted): 18.20-18.21 E, 44.00-44.01 N.
 *   '44.00 18.20\n44.00 18.21\n44.01 18.21\n44.01 18.20\n'
 *   ->  4 3826.2359289124 891114.93004 */
#define H5_WKT "POLYGON((18.2 44,18.21 44,18.21 44.01,18.2 44.01,18.2 44))"
#define H5_M2  891114.93004

typedef testdb fixture;

static const char *hazard(fixture *f, const char *status, const char *cls,
			  const char *wkt, const char *column,
			  const char *value)
{
	return testdb_add(f, "hazard", status, wkt, "hazard_class", cls,
			  "hazard_status", "active", column, value, NULL);
}

static void release(fixture *f, const char *status, const char *method,
		    const char *wkt, const char *hazard_uuid, const char *date,
		    const char *area_m2)
{
	testdb_add(f, "land_release", status, wkt, "method", method,
		   "hazard_uuid", hazard_uuid, "release_date", date, "area_m2",
		   area_m2, NULL);
}

/*
 * The land of the first tests: H1 (sha, recorded 2019) and H2 (cha, no
 * recorded_date, info_date 2020) overlapping; H3 an indication given as a
 * point with an estimated 5,000 m² and no date; H4 a draft (never
 * counted); H5 submitted.  Releases: R1 cleared half of H1 (2021); R2
 * cleared outside every hazard (2021); R3 reduced 1,000 m² given only as
 * a number, of H2 (2022); R4 a draft cancelling all of H2 (never
 * counted).
 */
static void build_land(fixture *f, const char *org_a, const char *org_b)
{
	const char *h1, *h2;

	h1 = testdb_add(f, "hazard", "approved", H1_WKT, "hazard_class", "sha",
			"hazard_status", "active", "recorded_date",
			"2019-05-01", "organisation_uuid", org_a, NULL);
	h2 = testdb_add(f, "hazard", "approved", H2_WKT, "hazard_class", "cha",
			"hazard_status", "active", "info_date", "2020-01-01",
			"organisation_uuid", org_b, NULL);
	testdb_add(f, "hazard", "approved", "POINT(18.3 44.3)", "hazard_class",
		   "indication", "hazard_status", "active", "estimated_area_m2",
		   "5000", NULL);
	hazard(f, "draft", "sha", "POLYGON((19 44,19.1 44,19.1 44.1,19 44))",
	       NULL, NULL);
	hazard(f, "submitted", "sha", H5_WKT, "recorded_date", "2019-01-01");
	release(f, "approved", "cleared", R1_WKT, h1, "2021-06-01", NULL);
	release(f, "approved", "cleared", R2_WKT, NULL, "2021-07-01", NULL);
	release(f, "approved", "reduced", NULL, h2, "2022-01-01", "1000");
	release(f, "draft", "cancelled", H2_WKT, h2, "2022-02-01", NULL);
}

static mais_lr_report *lr_report(fixture *f, mais_report_by by,
				 int include_submitted)
{
	mais_report_opts o;
	mais_lr_report *r = NULL;

	mais_report_opts_init(&o);
	o.by = by;
	o.include_submitted = include_submitted;
	if (svc_report_land_release(f->s, &o, &r) != 0)
		fail_msg("report: %s", mais_error_last());
	return r;
}

static void assert_area(double got, double want)
{
	if (fabs(got - want) > EPS)
		fail_msg("area %.5f, expected %.5f", got, want);
}

static void test_total_dissolves_overlap_and_accounts_release(void **state)
{
	fixture *f = *state;
	mais_lr_report *r;
	const mais_lr_row *t;

	build_land(f, NULL, NULL);
	r = lr_report(f, MAIS_REPORT_BY_YEAR, 0);
	t = &r->total;
	assert_string_equal(t->group, "total");
	assert_int_equal(t->hazards, 3); /* H1, H2, H3: not the draft H4
					    nor the submitted H5 */
	assert_int_equal(t->hazards_indication, 1);
	assert_int_equal(t->hazards_sha, 1);
	assert_int_equal(t->hazards_cha, 1);
	assert_int_equal(t->releases, 3);
	/* dissolved: H1 + its land H2 owns + 5000 = 6241806.40794 */
	assert_area(t->hazard_area_m2, H1_M2 + OWN2_M2 + 5000);
	/* plain sum: 3564163.41842 + 3563570.78350 + 5000 = 7132734.20192 */
	assert_area(t->hazard_area_sum_m2, H1_M2 + H2_M2 + 5000);
	assert_area(t->cancelled_m2, 0);
	assert_area(t->reduced_m2, 1000);
	/* R1 within H1; R2 outside every hazard */
	assert_area(t->cleared_m2, R1_M2);
	assert_area(t->outside_cleared_m2, R2_M2);
	assert_area(t->released_outside_hazards_m2, R2_M2);
	assert_area(t->released_by_number_m2, 1000);
	/* 6241806.40794 - 1782081.71527 - 1000 = 4458724.69267 */
	assert_area(t->remaining_m2, H1_M2 + OWN2_M2 + 5000 - R1_M2 - 1000);
	mais_lr_report_free(r);
}

static void test_include_submitted_never_drafts(void **state)
{
	fixture *f = *state;
	mais_lr_report *r;

	build_land(f, NULL, NULL);
	r = lr_report(f, MAIS_REPORT_BY_YEAR, 1);
	assert_true(r->include_submitted);
	/* + H5 (submitted), never H4 (draft) nor R4 (draft) */
	assert_int_equal(r->total.hazards, 4);
	assert_int_equal(r->total.hazards_sha, 2);
	assert_area(r->total.hazard_area_m2, H1_M2 + OWN2_M2 + 5000 + H5_M2);
	assert_area(r->total.cancelled_m2, 0);
	assert_area(r->total.remaining_m2,
		    H1_M2 + OWN2_M2 + 5000 + H5_M2 - R1_M2 - 1000);
	mais_lr_report_free(r);
}

static const mais_lr_row *row_named(const mais_lr_report *r, const char *g)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].group, g))
			return &r->rows[i];
	fail_msg("no row %s", g);
	return NULL;
}

/*
 * By year: 2019 H1; 2020 H2 (from info_date); 2021 R1 and R2; 2022 R3;
 * unknown H3.  Released land counts in the row of the hazard that owns
 * it, whatever the year of the release (so each row keeps original =
 * released + remaining); a release outside hazards in its own year.
 */
static void test_by_year(void **state)
{
	fixture *f = *state;
	mais_lr_report *r;
	const mais_lr_row *y;

	build_land(f, NULL, NULL);
	r = lr_report(f, MAIS_REPORT_BY_YEAR, 0);
	assert_int_equal(r->nrows, 4);
	assert_string_equal(r->rows[0].group, "2019");
	assert_string_equal(r->rows[3].group, "2022");
	assert_null(r->rows[0].group_uuid);
	y = row_named(r, "2019");
	assert_int_equal(y->hazards, 1);
	assert_area(y->hazard_area_m2, H1_M2);
	assert_area(y->cleared_m2, R1_M2);
	/* H1 - R1 = 3564163.41842 - 1782081.71527 = 1782081.70315 */
	assert_area(y->remaining_m2, H1_M2 - R1_M2);
	y = row_named(r, "2020");
	/* the land H2 owns less R3's 1000 m² (a number, of H2) */
	assert_area(y->hazard_area_m2, OWN2_M2);
	assert_area(y->reduced_m2, 1000);
	assert_area(y->released_by_number_m2, 1000);
	assert_area(y->remaining_m2, OWN2_M2 - 1000);
	y = row_named(r, "2021");
	assert_int_equal(y->hazards, 0);
	assert_int_equal(y->releases, 2);
	assert_area(y->cleared_m2, 0);
	assert_area(y->outside_cleared_m2, R2_M2);
	/* what the releases of 2021 released: R1 within H1, R2 outside */
	assert_area(y->cleared_by_releases_m2, R1_M2);
	assert_area(y->released_outside_hazards_m2, R2_M2);
	y = row_named(r, "2022");
	assert_int_equal(y->releases, 1);
	assert_area(y->reduced_m2, 0);
	assert_area(y->reduced_by_releases_m2, 1000); /* R3, a number */
	assert_true(r->has_unassigned);
	assert_string_equal(r->unassigned.group, "unknown");
	assert_int_equal(r->unassigned.hazards, 1);
	assert_area(r->unassigned.hazard_area_m2, 5000);
	assert_area(r->unassigned.remaining_m2, 5000);
	mais_lr_report_free(r);
}

static void test_by_organisation(void **state)
{
	fixture *f = *state;
	mais_lr_report *r;
	const char *a, *b;

	a = testdb_add(f, "organisation", "approved", NULL, "org_type",
		       "operator_ngo", "name", "Beta Demining", NULL);
	b = testdb_add(f, "organisation", "draft", NULL, "org_type",
		       "operator_ngo", "name", "Alpha Demining", NULL);
	build_land(f, a, b);
	r = lr_report(f, MAIS_REPORT_BY_ORGANISATION, 0);
	/* sorted by name: Alpha (H2), Beta (H1); the rest unassigned */
	assert_int_equal(r->nrows, 2);
	assert_string_equal(r->rows[0].group, "Alpha Demining");
	assert_string_equal(r->rows[0].group_uuid, b);
	assert_area(r->rows[0].hazard_area_m2, OWN2_M2);
	assert_area(r->rows[0].remaining_m2, OWN2_M2 - 1000);
	assert_string_equal(r->rows[1].group, "Beta Demining");
	assert_area(r->rows[1].remaining_m2, H1_M2 - R1_M2);
	assert_string_equal(r->unassigned.group, "unassigned");
	assert_int_equal(r->unassigned.hazards, 1);
	assert_int_equal(r->unassigned.releases, 3);
	/* R1's land is H1's (Beta); R2 lies outside every hazard */
	assert_area(r->rows[1].cleared_m2, R1_M2);
	assert_area(r->unassigned.cleared_m2, 0);
	assert_area(r->unassigned.outside_cleared_m2, R2_M2);
	mais_lr_report_free(r);
}

/*
 * By admin: a country (level 0) and two level-1 squares, W 17.9-18.0 E
 * and E 18.0-18.1 E, both 43.9-44.1 N.  HS straddles their border at
 * 18.0 E, recorded in W:
 *   HS  '44.00 17.99\n44.00 18.01\n44.01 18.01\n44.01 17.99\n'
 *       ->  4 5430.2250584791 1782229.85403
 *   its W part '44.00 17.99\n44.00 18.00\n44.01 18.00\n44.01 17.99\n'
 *       ->  4 3826.2359289124 891114.93004
 *   its E part '44.00 18.00\n44.00 18.01\n44.01 18.01\n44.01 18.00\n'
 *       ->  4 3826.2359289124 891114.93004
 *   HS with a vertex added at 18.00 on both edges (W + E)
 *       '44.00 17.99\n44.00 18.00\n44.00 18.01\n44.01 18.01\n
 *        44.01 18.00\n44.01 17.99\n'  ->  6 5430.2250643746 1782229.86009
 * so the parts add up to the hazard to 0.006 m² (the extra vertex bends
 * the geodesic edges).  RE is cleared in E, outside any hazard:
 *   '44.05 18.05\n44.05 18.06\n44.06 18.06\n44.06 18.05\n'
 *       ->  4 3824.9075838254 890373.92787
 * HO lies outside every admin area (same square shape as H5):
 * 891114.93004.
 */
#define HALF_M2 891114.93004
#define HS_M2	1782229.85403
#define RE_M2	890373.92787

static void build_admin(fixture *f)
{
	const char *w, *e;

	testdb_add(f, "admin_area", "approved",
		   "MULTIPOLYGON(((17.9 43.9,18.1 43.9,18.1 44.1,17.9 44.1,"
		   "17.9 43.9)))",
		   "level", "0", "name", "Country", NULL);
	w = testdb_add(f, "admin_area", "approved",
		       "MULTIPOLYGON(((17.9 43.9,18 43.9,18 44.1,17.9 44.1,"
		       "17.9 43.9)))",
		       "level", "1", "name", "West", NULL);
	e = testdb_add(f, "admin_area", "draft",
		       "MULTIPOLYGON(((18 43.9,18.1 43.9,18.1 44.1,18 44.1,"
		       "18 43.9)))",
		       "level", "1", "name", "East", NULL);
	hazard(f, "approved", "sha",
	       "POLYGON((17.99 44,18.01 44,18.01 44.01,17.99 44.01,17.99 44))",
	       "admin_area_uuid", w);
	hazard(f, "approved", "cha", H5_WKT, NULL, NULL);
	testdb_add(f, "land_release", "approved",
		   "POLYGON((18.05 44.05,18.06 44.05,18.06 44.06,18.05 44.06,"
		   "18.05 44.05))",
		   "method", "cleared", "admin_area_uuid", e, NULL);
}

static void test_by_admin_clips_to_each_area(void **state)
{
	fixture *f = *state;
	mais_lr_report *r;
	const mais_lr_row *w, *e;

	build_admin(f);
	r = lr_report(f, MAIS_REPORT_BY_ADMIN, 0);
	assert_int_equal(r->admin_level, 1); /* the highest with polygons */
	assert_int_equal(r->nrows, 2);	     /* East, West by name */
	e = &r->rows[0];
	w = &r->rows[1];
	assert_string_equal(e->group, "East");
	assert_string_equal(w->group, "West");
	/* counts follow admin_area_uuid: HS is West's */
	assert_int_equal(w->hazards, 1);
	assert_int_equal(e->hazards, 0);
	/* polygon areas are clipped, the dissolved ones and the plain sums
	 * alike: HS's W part in West, its E part in East */
	assert_area(w->hazard_area_m2, HALF_M2);
	assert_area(e->hazard_area_m2, HALF_M2);
	assert_area(w->hazard_area_sum_m2, HALF_M2);
	assert_area(e->hazard_area_sum_m2, HALF_M2);
	assert_true(fabs(w->hazard_area_m2 + e->hazard_area_m2 - HS_M2) < 1);
	assert_area(w->remaining_m2, HALF_M2);
	assert_int_equal(e->releases, 1);
	assert_area(e->cleared_m2, 0);
	assert_area(e->outside_cleared_m2, RE_M2);
	assert_area(e->released_outside_hazards_m2, RE_M2);
	/* HO: no admin area, and outside all of them */
	assert_true(r->has_unassigned);
	assert_int_equal(r->unassigned.hazards, 1);
	assert_area(r->unassigned.hazard_area_m2, HALF_M2);
	assert_area(r->unassigned.hazard_area_sum_m2, HALF_M2);
	/* total: HS whole (4 vertices) + HO */
	assert_int_equal(r->total.hazards, 2);
	assert_area(r->total.hazard_area_m2, HS_M2 + HALF_M2);
	assert_area(r->total.hazard_area_sum_m2, HS_M2 + HALF_M2);
	assert_area(r->total.outside_cleared_m2, RE_M2);
	mais_lr_report_free(r);
}

static void test_by_admin_level_zero(void **state)
{
	fixture *f = *state;
	mais_report_opts o;
	mais_lr_report *r;

	build_admin(f);
	mais_report_opts_init(&o);
	o.admin_level = 0;
	assert_int_equal(svc_report_land_release(f->s, &o, &r), 0);
	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].group, "Country");
	/* HS wholly inside; its record points to a level-1 area, so its
	 * count is unassigned, as is HO's; its area is the Country's */
	assert_area(r->rows[0].hazard_area_m2, HS_M2);
	assert_area(r->rows[0].hazard_area_sum_m2, HS_M2);
	assert_int_equal(r->rows[0].hazards, 0);
	assert_int_equal(r->unassigned.hazards, 2);
	assert_area(r->unassigned.hazard_area_m2, HALF_M2);
	assert_area(r->unassigned.hazard_area_sum_m2, HALF_M2);
	mais_lr_report_free(r);
}

/*
 * The plain sum by admin is clipped like the dissolved area, so that it is
 * never below it.  One admin area, West (17.9-18.0 E, 43.9-44.1 N); HX
 * straddles its east edge, recorded in West; HY is HX's W part again,
 * recorded in no admin area.  Every piece is a 0.01 x 0.01 degree square
 * at 44.00-44.01 N: 891114.93004 m² (HALF_M2, Planimeter above).
 *   West:       hazards 1 (HX), dissolved HALF (HX W = HY), sum 2 HALF
 *   unassigned: hazards 1 (HY), dissolved HALF (HX E), sum HALF (HX E)
 */
static void test_by_admin_sum_is_clipped(void **state)
{
	fixture *f = *state;
	mais_lr_report *r;
	const char *w;

	w = testdb_add(f, "admin_area", "approved",
		       "MULTIPOLYGON(((17.9 43.9,18 43.9,18 44.1,17.9 44.1,"
		       "17.9 43.9)))",
		       "level", "1", "name", "West", NULL);
	hazard(f, "approved", "sha",
	       "POLYGON((17.99 44,18.01 44,18.01 44.01,17.99 44.01,17.99 44))",
	       "admin_area_uuid", w);
	hazard(f, "approved", "sha",
	       "POLYGON((17.99 44,18 44,18 44.01,17.99 44.01,17.99 44))", NULL,
	       NULL);
	r = lr_report(f, MAIS_REPORT_BY_ADMIN, 0);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(r->rows[0].hazards, 1);
	assert_area(r->rows[0].hazard_area_m2, HALF_M2);
	assert_area(r->rows[0].hazard_area_sum_m2, 2 * HALF_M2);
	assert_int_equal(r->unassigned.hazards, 1);
	assert_area(r->unassigned.hazard_area_m2, HALF_M2);
	assert_area(r->unassigned.hazard_area_sum_m2, HALF_M2);
	/* the total: HX whole (HS_M2, 4 vertices) and HY */
	assert_area(r->total.hazard_area_m2, HS_M2);
	assert_area(r->total.hazard_area_sum_m2, HS_M2 + HALF_M2);
	mais_lr_report_free(r);
}

static void test_empty_database(void **state)
{
	fixture *f = *state;
	mais_lr_report *r = lr_report(f, MAIS_REPORT_BY_ADMIN, 0);

	assert_int_equal(r->nrows, 0);
	assert_int_equal(r->admin_level, -1);
	assert_false(r->has_unassigned);
	assert_int_equal(r->total.hazards, 0);
	assert_area(r->total.remaining_m2, 0);
	mais_lr_report_free(r);
}

/*
 * EO: ap_mine destroyed in situ 3 + 2 (two records), uxo removed 10,
 * at_mine with no fate 1 (counted as "unknown"); a draft ap_mine 100
 * never; a submitted uxo removed 4 only with the option.
 */
static void eo(fixture *f, const char *status, const char *cat,
	       const char *fate, const char *qty)
{
	testdb_add(f, "eo_item", status, NULL, "eo_category", cat, "fate", fate,
		   "quantity", qty, NULL);
}

static void test_eo(void **state)
{
	fixture *f = *state;
	mais_report_opts o;
	mais_eo_report *r;

	eo(f, "approved", "ap_mine", "destroyed_in_situ", "3");
	eo(f, "approved", "uxo", "removed", "10");
	eo(f, "approved", "ap_mine", "destroyed_in_situ", "2");
	eo(f, "approved", "at_mine", NULL, "1");
	eo(f, "draft", "ap_mine", "destroyed_in_situ", "100");
	eo(f, "submitted", "uxo", "removed", "4");
	mais_report_opts_init(&o);
	assert_int_equal(mais_report_eo(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->nrows, 3); /* vocabulary order */
	assert_string_equal(r->rows[0].eo_category, "ap_mine");
	assert_string_equal(r->rows[0].fate, "destroyed_in_situ");
	assert_int_equal(r->rows[0].items, 5);
	assert_int_equal(r->rows[0].records, 2);
	assert_string_equal(r->rows[1].eo_category, "at_mine");
	assert_string_equal(r->rows[1].fate, "unknown");
	assert_string_equal(r->rows[2].eo_category, "uxo");
	assert_int_equal(r->rows[2].items, 10);
	assert_int_equal(r->total.items, 16);
	assert_int_equal(r->total.records, 4);
	mais_eo_report_free(r);
	o.include_submitted = 1;
	assert_int_equal(mais_report_eo(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->rows[2].items, 14);
	assert_int_equal(r->total.items, 20);
	mais_eo_report_free(r);
}

/*
 * Casualties.  A1 2020-03-01; A2 no accident_date, info_date 2019-06-01;
 * A3 no date.  Victims of A1: two killed male civilians aged 8 and 9
 * (one row, age_0_9, 2 victims, 1 accident), an injured male of 17
 * (age_10_17), an injured female of 46 (age_46_plus), a draft (never), a
 * submitted killed male of 45 (age_18_45, only with the option).  Of A2:
 * an injured female deminer with age_band age_18_45 and no age.  Of A3:
 * an injured victim with nothing else known.  A killed male civilian of
 * 8 in A2 too, so that 2019 has its own row for that key.
 */
static void victim(fixture *f, const char *status, const char *acc,
		   const char *outcome, const char *sex, const char *age,
		   const char *band, const char *role)
{
	testdb_add(f, "victim", status, NULL, "accident_uuid", acc, "outcome",
		   outcome, "sex", sex, "age", age, "age_band", band,
		   "victim_role", role, NULL);
}

static void test_casualties(void **state)
{
	fixture *f = *state;
	mais_report_opts o;
	mais_cas_report *r;
	char a1[37], a2[37], a3[37];

	snprintf(a1, sizeof a1, "%s",
		 testdb_add(f, "accident", "approved", NULL, "accident_date",
			    "2020-03-01", NULL));
	snprintf(a2, sizeof a2, "%s",
		 testdb_add(f, "accident", "approved", NULL, "info_date",
			    "2019-06-01", NULL));
	snprintf(a3, sizeof a3, "%s",
		 testdb_add(f, "accident", "draft", NULL, NULL));
	victim(f, "approved", a1, "killed", "male", "8", NULL, "civilian");
	victim(f, "approved", a1, "killed", "male", "9", NULL, "civilian");
	victim(f, "approved", a1, "injured", "male", "17", NULL, "civilian");
	victim(f, "approved", a1, "injured", "female", "46", NULL, "civilian");
	victim(f, "draft", a1, "killed", "male", "30", NULL, "civilian");
	victim(f, "submitted", a1, "killed", "male", "45", NULL, "civilian");
	victim(f, "approved", a2, "injured", "female", NULL, "age_18_45",
	       "deminer");
	victim(f, "approved", a2, "killed", "male", "8", NULL, "civilian");
	victim(f, "approved", a3, "injured", NULL, NULL, NULL, NULL);
	mais_report_opts_init(&o);
	assert_int_equal(mais_report_casualties(testdb_source(f), &o, &r), 0);
	/* 2019: injured/female/18_45/deminer, killed/male/0_9/civilian;
	 * 2020: killed/male/0_9 (2), injured/female/46+, injured/male/10_17
	 * (vocabulary order: killed before injured, female before male);
	 * unknown: injured/unknown/unknown/unknown */
	assert_int_equal(r->nrows, 6);
	assert_string_equal(r->rows[0].year, "2019");
	assert_string_equal(r->rows[0].outcome, "killed");
	assert_string_equal(r->rows[1].year, "2019");
	assert_string_equal(r->rows[1].victim_role, "deminer");
	assert_string_equal(r->rows[1].age_group, "age_18_45");
	assert_string_equal(r->rows[2].year, "2020");
	assert_string_equal(r->rows[2].age_group, "age_0_9");
	assert_int_equal(r->rows[2].victims, 2);
	assert_int_equal(r->rows[2].accidents, 1);
	assert_string_equal(r->rows[3].sex, "female");
	assert_string_equal(r->rows[3].age_group, "age_46_plus");
	assert_string_equal(r->rows[4].age_group, "age_10_17");
	assert_string_equal(r->rows[5].year, "unknown");
	assert_string_equal(r->rows[5].sex, "unknown");
	assert_string_equal(r->rows[5].age_group, "unknown");
	assert_string_equal(r->rows[5].victim_role, "unknown");
	assert_int_equal(r->total.victims, 7);
	assert_int_equal(r->total.accidents, 3); /* A1, A2, A3 */
	assert_int_equal(r->accidents, 2);	 /* A3 is a draft */
	mais_cas_report_free(r);
	o.include_submitted = 1;
	assert_int_equal(mais_report_casualties(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->total.victims, 8);
	assert_string_equal(r->rows[3].age_group, "age_18_45");
	mais_cas_report_free(r);
}

/*
 * The coarse age bands (issue 9): a source that knows only "under 18 /
 * 18 and over" gives child and adult, shown as such.  One accident of
 * 2021: a killed female adult, an injured female adult, an injured male
 * of 12 (age_10_17), an injured male child, an injured male of 30
 * (age_18_45).  Counted by hand, in vocabulary order (killed before
 * injured, female before male, age_10_17 < child < age_18_45 < adult):
 * 5 rows of 1 victim each.
 */
static void test_casualties_child_adult(void **state)
{
	static const char *const want[5][3] = {
		{"killed", "female", "adult"},
		{"injured", "female", "adult"},
		{"injured", "male", "age_10_17"},
		{"injured", "male", "child"},
		{"injured", "male", "age_18_45"},
	};
	fixture *f = *state;
	mais_report_opts o;
	mais_cas_report *r;
	char a[37];

	snprintf(a, sizeof a, "%s",
		 testdb_add(f, "accident", "approved", NULL, "accident_date",
			    "2021-07-01", NULL));
	victim(f, "approved", a, "killed", "female", NULL, "adult", NULL);
	victim(f, "approved", a, "injured", "female", NULL, "adult", NULL);
	victim(f, "approved", a, "injured", "male", "12", NULL, NULL);
	victim(f, "approved", a, "injured", "male", NULL, "child", NULL);
	victim(f, "approved", a, "injured", "male", "30", NULL, NULL);
	mais_report_opts_init(&o);
	assert_int_equal(mais_report_casualties(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->nrows, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(r->rows[i].outcome, want[i][0]);
		assert_string_equal(r->rows[i].sex, want[i][1]);
		assert_string_equal(r->rows[i].age_group, want[i][2]);
		assert_int_equal(r->rows[i].victims, 1);
	}
	assert_int_equal(r->total.victims, 5);
	mais_cas_report_free(r);
}

/* Runs `mais report ...` on the fixture's database; its output in a
 * malloc'd string. */
static char *run_cli(fixture *f, const char *args)
{
	const char *cli = getenv("MAIS_CLI");
	char cmd[512], *out = calloc(1, 65536);
	size_t n;
	FILE *p;

	assert_non_null(cli);
	assert_non_null(out);
	mais_store_close(f->s);
	f->s = NULL;
	snprintf(cmd, sizeof cmd, "'%s' report %s '%s'", cli, args, f->path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	assert_int_equal(mais_store_open(&f->s, f->path, 0, NULL), 0);
	return out;
}

static void test_cli_json_and_csv(void **state)
{
	static const char *keys[] = {"group",
				     "group_uuid",
				     "hazards",
				     "hazards_indication",
				     "hazards_sha",
				     "hazards_cha",
				     "releases",
				     "hazard_area_m2",
				     "hazard_area_sum_m2",
				     "cancelled_m2",
				     "reduced_m2",
				     "cleared_m2",
				     "released_outside_hazards_m2",
				     "released_by_number_m2",
				     "remaining_m2"};
	fixture *f = *state;
	json_error_t err;
	json_t *o, *rows, *t;
	char *out;

	if (!getenv("MAIS_CLI"))
		skip();
	build_land(f, NULL, NULL);
	out = run_cli(f, "land-release --by year --format json");
	o = json_loads(out, 0, &err);
	if (!o)
		fail_msg("not JSON (%s): %s", err.text, out);
	assert_string_equal(json_string_value(json_object_get(o, "report")),
			    "land-release");
	assert_string_equal(json_string_value(json_object_get(o, "by")),
			    "year");
	rows = json_object_get(o, "rows");
	t = json_object_get(o, "total");
	assert_int_equal(json_array_size(rows), 5); /* 4 years + unknown */
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		assert_non_null(json_object_get(t, keys[i]));
		assert_non_null(
			json_object_get(json_array_get(rows, 0), keys[i]));
	}
	assert_int_equal(json_integer_value(json_object_get(t, "hazards")), 3);
	assert_area(json_number_value(json_object_get(t, "hazard_area_m2")),
		    H1_M2 + OWN2_M2 + 5000);
	json_decref(o);
	free(out);
	out = run_cli(f, "eo --format csv");
	assert_string_equal(out, "eo_category,fate,items,records\r\n"
				 "total,total,0,0\r\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_total_dissolves_overlap_and_accounts_release,
			testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(
			test_include_submitted_never_drafts, testdb_setup,
			testdb_teardown),
		cmocka_unit_test_setup_teardown(test_by_year, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_by_organisation,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(
			test_by_admin_clips_to_each_area, testdb_setup,
			testdb_teardown),
		cmocka_unit_test_setup_teardown(test_by_admin_level_zero,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_by_admin_sum_is_clipped,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_empty_database,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_eo, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_casualties, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_casualties_child_adult,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_cli_json_and_csv,
						testdb_setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
