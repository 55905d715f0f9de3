/*
 * test_report_ops.c — the operational reports of report_ops.c (bulletin,
 * EORE reach, equipment register), the EO category of the casualty
 * matrix, and XLSX output, on small databases whose answers are worked
 * out by hand in the comments.  The XLSX file is read back with GDAL's
 * `ogrinfo` (an independent reader); the last case runs the `mais`
 * command (MAIS_CLI) for its usage errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "mais/mais.h"
#include "mais/report.h"
#include "service/report.h"
#include "testdb.h"

typedef testdb fixture;

typedef struct ids {
	char north[37], south[37], alpha[37], beta[37], donor[37], team[37];
} ids;

static void keep(char out[37], const char *uuid)
{
	snprintf(out, 37, "%s", uuid);
}

static void build_refs(fixture *f, ids *d)
{
	keep(d->north,
	     testdb_add(f, "admin_area", "approved",
			"MULTIPOLYGON(((18 44,18.1 44,18.1 44.1,18 44)))",
			"level", "1", "name", "North", NULL));
	keep(d->south,
	     testdb_add(f, "admin_area", "approved",
			"MULTIPOLYGON(((18 43,18.1 43,18.1 43.1,18 43)))",
			"level", "1", "name", "South", NULL));
	keep(d->alpha,
	     testdb_add(f, "organisation", "approved", NULL, "org_type",
			"operator_ngo", "name", "Alpha Demining", NULL));
	keep(d->beta,
	     testdb_add(f, "organisation", "approved", NULL, "org_type",
			"operator_commercial", "name", "Beta Clear", NULL));
	keep(d->donor,
	     testdb_add(f, "organisation", "approved", NULL, "org_type",
			"donor", "name", "Donor State", NULL));
	keep(d->team, testdb_add(f, "organisation", "approved", NULL,
				 "org_type", "team", "name", "Team 1", NULL));
}

static void eo(fixture *f, const char *status, const char *admin,
	       const char *org, const char *cat, const char *qty,
	       const char *fate, const char *date)
{
	testdb_add(f, "eo_item", status, NULL, "admin_area_uuid", admin,
		   "organisation_uuid", org, "eo_category", cat, "quantity",
		   qty, "fate", fate, "found_date", date, NULL);
}

static void cleared(fixture *f, const char *admin, const char *org,
		    const char *method, const char *m2, const char *date)
{
	/* no hazard_uuid: clear of the hazard accounting rule */
	testdb_add(f, "land_release", "approved", NULL, "admin_area_uuid",
		   admin, "organisation_uuid", org, "method", method, "area_m2",
		   m2, "release_date", date, NULL);
}

static void activity(fixture *f, const char *admin, const char *org,
		     const char *type, const char *start)
{
	testdb_add(f, "activity", "approved", NULL, "admin_area_uuid", admin,
		   "organisation_uuid", org, "activity_type", type,
		   "start_date", start, NULL);
}

/*
 * The period is 2024-01-01 .. 2024-03-31.
 * EO (category, quantity, fate, found):
 *   North/Alpha ap 5 destroyed_in_situ 01-10; North/Alpha at 2 removed
 *   02-01; North/Beta uxo 3 transported 03-31 (last day); North/Alpha
 *   axo 4 destroyed_in_situ 02-15; South/Beta submunition 6
 *   rendered_safe 01-01 (first day); South/Beta ied 1 destroyed_in_situ
 *   03-01; South ap 10 on 2024-04-01 and 2023-12-31 (outside); North ap
 *   7 draft (never); North ap 8 submitted, no fate (only with
 *   include_submitted); no admin area nor organisation: at 1
 *   destroyed_in_situ, no found_date but info_date 2024-02-02.
 * Releases: North/Alpha cleared 12345 m² 01-20 and 5000 m² 02-20,
 *   reduced 9999 02-01 (not cleared); South/Beta cleared 5055 03-15 and
 *   20000 on 2024-05-01 (outside).
 * Activities: North/Alpha eod_spot_task 01-05 and 03-30; South
 *   eod_spot_task 2024-06-01 (outside); South clearance 02-01.
 */
static void build_ops(fixture *f, const ids *d)
{
	eo(f, "approved", d->north, d->alpha, "ap_mine", "5",
	   "destroyed_in_situ", "2024-01-10");
	eo(f, "approved", d->north, d->alpha, "at_mine", "2", "removed",
	   "2024-02-01");
	eo(f, "approved", d->north, d->beta, "uxo", "3", "transported",
	   "2024-03-31");
	eo(f, "approved", d->north, d->alpha, "axo", "4", "destroyed_in_situ",
	   "2024-02-15");
	eo(f, "approved", d->south, d->beta, "submunition", "6",
	   "rendered_safe", "2024-01-01");
	eo(f, "approved", d->south, d->beta, "ied", "1", "destroyed_in_situ",
	   "2024-03-01");
	eo(f, "approved", d->south, NULL, "ap_mine", "10", "destroyed_in_situ",
	   "2024-04-01");
	eo(f, "approved", d->south, NULL, "ap_mine", "10", "destroyed_in_situ",
	   "2023-12-31");
	eo(f, "draft", d->north, d->alpha, "ap_mine", "7", "destroyed_in_situ",
	   "2024-02-01");
	eo(f, "submitted", d->north, d->alpha, "ap_mine", "8", NULL,
	   "2024-02-01");
	testdb_add(f, "eo_item", "approved", NULL, "eo_category", "at_mine",
		   "quantity", "1", "fate", "destroyed_in_situ", "info_date",
		   "2024-02-02", NULL);
	cleared(f, d->north, d->alpha, "cleared", "12345", "2024-01-20");
	cleared(f, d->north, d->alpha, "cleared", "5000", "2024-02-20");
	cleared(f, d->north, d->alpha, "reduced", "9999", "2024-02-01");
	cleared(f, d->south, d->beta, "cleared", "5055", "2024-03-15");
	cleared(f, d->south, d->beta, "cleared", "20000", "2024-05-01");
	activity(f, d->north, d->alpha, "eod_spot_task", "2024-01-05");
	activity(f, d->north, d->alpha, "eod_spot_task", "2024-03-30");
	activity(f, d->south, NULL, "eod_spot_task", "2024-06-01");
	activity(f, d->south, NULL, "clearance", "2024-02-01");
}

static mais_bulletin_report *bulletin(fixture *f, mais_report_by by,
				      int include_submitted)
{
	mais_report_opts o;
	mais_bulletin_report *r = NULL;

	mais_report_opts_init(&o);
	o.by = by;
	o.include_submitted = include_submitted;
	o.from = "2024-01-01";
	o.to = "2024-03-31";
	if (mais_report_bulletin(testdb_source(f), &o, &r) != 0)
		fail_msg("bulletin: %s", mais_error_last());
	return r;
}

static void assert_eo(const mais_bulletin_row *r, int64_t apf, int64_t apd,
		      int64_t atf, int64_t atd, int64_t uxf, int64_t uxd,
		      int64_t otf, int64_t otd)
{
	assert_int_equal(r->ap_found, apf);
	assert_int_equal(r->ap_destroyed, apd);
	assert_int_equal(r->at_found, atf);
	assert_int_equal(r->at_destroyed, atd);
	assert_int_equal(r->uxo_found, uxf);
	assert_int_equal(r->uxo_destroyed, uxd);
	assert_int_equal(r->other_found, otf);
	assert_int_equal(r->other_destroyed, otd);
}

static void assert_ha(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("ha %.6f, expected %.2f", got, want);
}

/*
 * By admin: North AP 5/5, AT 2/0, UXO 3+4 = 7 found, 7 destroyed
 * (transported and destroyed in situ), cleared 12345 + 5000 = 17345 m²
 * = 1.73 ha, 2 spot tasks; South UXO 6/0 (rendered safe is not
 * destroyed), other 1/1, 5055 m² = 0.51 ha, no spot task in the period;
 * unassigned AT 1/1 (dated by info_date).  Total AP 5/5, AT 3/1,
 * UXO 13/7, other 1/1, 22400 m² = 2.24 ha, 2 spot tasks.
 */
static void test_bulletin_by_admin(void **state)
{
	fixture *f = *state;
	ids d;
	mais_bulletin_report *r;

	build_refs(f, &d);
	build_ops(f, &d);
	r = bulletin(f, MAIS_REPORT_BY_ADMIN, 0);
	assert_int_equal(r->nrows, 3);
	assert_string_equal(r->rows[0].group, "North");
	assert_string_equal(r->rows[0].group_uuid, d.north);
	assert_eo(&r->rows[0], 5, 5, 2, 0, 7, 7, 0, 0);
	assert_ha(r->rows[0].cleared_ha, 1.73);
	assert_true(fabs(r->rows[0].cleared_m2 - 17345) < 1e-6);
	assert_int_equal(r->rows[0].spot_tasks, 2);
	assert_string_equal(r->rows[1].group, "South");
	assert_eo(&r->rows[1], 0, 0, 0, 0, 6, 0, 1, 1);
	assert_ha(r->rows[1].cleared_ha, 0.51);
	assert_int_equal(r->rows[1].spot_tasks, 0);
	assert_string_equal(r->rows[2].group, "unassigned");
	assert_null(r->rows[2].group_uuid);
	assert_eo(&r->rows[2], 0, 0, 1, 1, 0, 0, 0, 0);
	assert_string_equal(r->total.group, "total");
	assert_eo(&r->total, 5, 5, 3, 1, 13, 7, 1, 1);
	assert_ha(r->total.cleared_ha, 2.24);
	assert_int_equal(r->total.spot_tasks, 2);
	assert_string_equal(r->from, "2024-01-01");
	mais_bulletin_report_free(r);
	/* the submitted AP 8 with no fate: found, not destroyed */
	r = bulletin(f, MAIS_REPORT_BY_ADMIN, 1);
	assert_eo(&r->rows[0], 13, 5, 2, 0, 7, 7, 0, 0);
	mais_bulletin_report_free(r);
}

/*
 * By organisation: Alpha Demining AP 5/5, AT 2/0, UXO (axo) 4/4,
 * 1.73 ha, 2 spot tasks; Beta Clear UXO 3+6 = 9 found, 3 destroyed,
 * other 1/1, 0.51 ha; unassigned AT 1/1.
 */
static void test_bulletin_by_organisation(void **state)
{
	fixture *f = *state;
	ids d;
	mais_bulletin_report *r;

	build_refs(f, &d);
	build_ops(f, &d);
	r = bulletin(f, MAIS_REPORT_BY_ORGANISATION, 0);
	assert_int_equal(r->nrows, 3);
	assert_string_equal(r->rows[0].group, "Alpha Demining");
	assert_eo(&r->rows[0], 5, 5, 2, 0, 4, 4, 0, 0);
	assert_ha(r->rows[0].cleared_ha, 1.73);
	assert_int_equal(r->rows[0].spot_tasks, 2);
	assert_string_equal(r->rows[1].group, "Beta Clear");
	assert_eo(&r->rows[1], 0, 0, 0, 0, 9, 3, 1, 1);
	assert_ha(r->rows[1].cleared_ha, 0.51);
	assert_string_equal(r->rows[2].group, "unassigned");
	assert_eo(&r->total, 5, 5, 3, 1, 13, 7, 1, 1);
	mais_bulletin_report_free(r);
}

static void test_bulletin_needs_a_period(void **state)
{
	fixture *f = *state;
	mais_report_opts o;
	mais_bulletin_report *r = NULL;

	mais_report_opts_init(&o);
	assert_int_equal(mais_report_bulletin(testdb_source(f), &o, &r), MAIS_EINVAL);
	o.from = "2024-03-01";
	o.to = "2024-02-01"; /* ends before it starts */
	assert_int_equal(mais_report_bulletin(testdb_source(f), &o, &r), MAIS_EINVAL);
	o.to = "2024-3-31";
	assert_int_equal(mais_report_bulletin(testdb_source(f), &o, &r), MAIS_EINVAL);
	o.to = "2024-03-31";
	o.by = MAIS_REPORT_BY_YEAR;
	assert_int_equal(mais_report_bulletin(testdb_source(f), &o, &r), MAIS_EINVAL);
	assert_null(r);
}

static void session(fixture *f, const char *status, const char *admin,
		    const char *method, const char *const v[9])
{
	testdb_add(f, "eore_session", status, NULL, "admin_area_uuid", admin,
		   "method", method, "session_date", "2024-02-01", "girls",
		   v[0], "boys", v[1], "women", v[2], "men", v[3],
		   "persons_with_disabilities", v[4], "age_0_9", v[5],
		   "age_10_17", v[6], "age_18_45", v[7], "age_46_plus", v[8],
		   NULL);
}

/*
 * S1 North interpersonal: 10 girls, 12 boys, 5 women, 3 men, 2 PwD, ages
 * 8 / 14 / 6 / 2.  S2 North mass_media: 100, 90, 80, 70, nothing else.
 * S3 South interpersonal: 1, 2, 3, 4, 1 PwD.  S4 South draft: 1000
 * girls (never).  S5 nowhere, no method: 7 men.
 * By admin: North 2 sessions, 110 / 102 / 85 / 73 = 370, PwD 2, ages 8,
 * 14, 6, 2; South 1, 1 / 2 / 3 / 4 = 10, PwD 1; unassigned 1, 7 men.
 * Total 4 sessions, 111 / 104 / 88 / 84 = 387, PwD 3.
 * By method: interpersonal 2 sessions, 11 / 14 / 8 / 7 = 40;
 * mass_media 1, 340; unassigned 7.
 */
static void build_eore(fixture *f, const ids *d)
{
	static const char *const s1[9] = {"10", "12", "5", "3", "2",
					  "8",	"14", "6", "2"};
	static const char *const s2[9] = {"100", "90", "80", "70"};
	static const char *const s3[9] = {"1", "2", "3", "4", "1"};
	static const char *const s4[9] = {"1000"};
	static const char *const s5[9] = {NULL, NULL, NULL, "7"};

	session(f, "approved", d->north, "interpersonal", s1);
	session(f, "approved", d->north, "mass_media", s2);
	session(f, "approved", d->south, "interpersonal", s3);
	session(f, "draft", d->south, "interpersonal", s4);
	session(f, "approved", NULL, NULL, s5);
}

static mais_eore_report *eore(fixture *f, mais_report_by by)
{
	mais_report_opts o;
	mais_eore_report *r = NULL;

	mais_report_opts_init(&o);
	o.by = by;
	if (mais_report_eore(testdb_source(f), &o, &r) != 0)
		fail_msg("eore: %s", mais_error_last());
	return r;
}

static void test_eore_reach(void **state)
{
	fixture *f = *state;
	ids d;
	mais_eore_report *r;
	const mais_eore_row *n;

	build_refs(f, &d);
	build_eore(f, &d);
	r = eore(f, MAIS_REPORT_BY_ADMIN);
	assert_int_equal(r->nrows, 3);
	n = &r->rows[0];
	assert_string_equal(n->group, "North");
	assert_int_equal(n->sessions, 2);
	assert_int_equal(n->girls, 110);
	assert_int_equal(n->boys, 102);
	assert_int_equal(n->women, 85);
	assert_int_equal(n->men, 73);
	assert_int_equal(n->total, 370);
	assert_int_equal(n->disabilities, 2);
	assert_int_equal(n->age_0_9, 8);
	assert_int_equal(n->age_10_17, 14);
	assert_int_equal(n->age_18_45, 6);
	assert_int_equal(n->age_46_plus, 2);
	assert_string_equal(r->rows[1].group, "South");
	assert_int_equal(r->rows[1].total, 10);
	assert_int_equal(r->rows[1].disabilities, 1);
	assert_string_equal(r->rows[2].group, "unassigned");
	assert_int_equal(r->rows[2].men, 7);
	assert_int_equal(r->total.sessions, 4);
	assert_int_equal(r->total.girls, 111);
	assert_int_equal(r->total.boys, 104);
	assert_int_equal(r->total.women, 88);
	assert_int_equal(r->total.men, 84);
	assert_int_equal(r->total.total, 387);
	assert_int_equal(r->total.disabilities, 3);
	mais_eore_report_free(r);
	r = eore(f, MAIS_REPORT_BY_METHOD);
	assert_int_equal(r->nrows, 3);
	assert_string_equal(r->rows[0].group, "interpersonal");
	assert_int_equal(r->rows[0].sessions, 2);
	assert_int_equal(r->rows[0].total, 40);
	assert_string_equal(r->rows[1].group, "mass_media");
	assert_int_equal(r->rows[1].total, 340);
	assert_string_equal(r->rows[2].group, "unassigned");
	assert_int_equal(r->rows[2].total, 7);
	assert_int_equal(r->total.total, 387);
	mais_eore_report_free(r);
}

static void item(fixture *f, const char *status, const char *type,
		 const char *eq_status, const char *serial, const char *donor,
		 const char *team)
{
	testdb_add(f, "equipment", status, NULL, "equipment_type", type,
		   "equipment_status", eq_status, "serial", serial,
		   "donor_uuid", donor, "team_uuid", team, "make",
		   donor ? "Minelab" : NULL, "model", donor ? "F3" : NULL,
		   "received_date", donor ? "2023-05-01" : NULL, NULL);
}

/*
 * Detectors B2 (in service, from Donor State, with Team 1), A1 (in
 * service), C3 (in repair); a dog with no status; a draft PPE (never).
 * Counts: detector/in_service 2, detector/in_repair 1, mdd/unknown 1,
 * total 4.  List: detectors A1, B2, C3 by serial, then the dog.
 */
static void test_equipment(void **state)
{
	fixture *f = *state;
	ids d;
	mais_report_opts o;
	mais_equip_report *r;

	build_refs(f, &d);
	item(f, "approved", "detector", "in_service", "B2", d.donor, d.team);
	item(f, "approved", "detector", "in_service", "A1", NULL, NULL);
	item(f, "approved", "detector", "in_repair", "C3", NULL, NULL);
	item(f, "approved", "mdd", NULL, NULL, NULL, NULL);
	item(f, "draft", "ppe", "written_off", "P1", NULL, NULL);
	mais_report_opts_init(&o);
	assert_int_equal(mais_report_equipment(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->nrows, 3);
	assert_string_equal(r->rows[0].equipment_type, "detector");
	assert_string_equal(r->rows[0].status, "in_service");
	assert_int_equal(r->rows[0].items, 2);
	assert_string_equal(r->rows[1].status, "in_repair");
	assert_int_equal(r->rows[1].items, 1);
	assert_string_equal(r->rows[2].equipment_type, "mdd");
	assert_string_equal(r->rows[2].status, "unknown");
	assert_int_equal(r->total.items, 4);
	assert_int_equal(r->nitems, 0);
	mais_equip_report_free(r);
	o.list = 1;
	assert_int_equal(mais_report_equipment(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->nitems, 4);
	assert_string_equal(r->items[0].serial, "A1");
	assert_null(r->items[0].donor);
	assert_string_equal(r->items[1].serial, "B2");
	assert_string_equal(r->items[1].donor, "Donor State");
	assert_string_equal(r->items[1].team, "Team 1");
	assert_string_equal(r->items[1].make, "Minelab");
	assert_string_equal(r->items[1].model, "F3");
	assert_string_equal(r->items[1].received_date, "2023-05-01");
	assert_string_equal(r->items[1].status, "in_service");
	assert_string_equal(r->items[2].serial, "C3");
	assert_string_equal(r->items[3].equipment_type, "mdd");
	assert_null(r->items[3].serial);
	mais_equip_report_free(r);
}

/* A1 (ap_mine): 2 killed male civilians; A2 (no category): 1. */
static void test_casualties_eo_category(void **state)
{
	fixture *f = *state;
	mais_report_opts o;
	mais_cas_report *r;
	char a1[37], a2[37];

	keep(a1, testdb_add(f, "accident", "approved", NULL, "accident_date",
			    "2021-05-01", "eo_category", "ap_mine", NULL));
	keep(a2, testdb_add(f, "accident", "approved", NULL, "accident_date",
			    "2021-06-01", NULL));
	for (int i = 0; i < 2; i++)
		testdb_add(f, "victim", "approved", NULL, "accident_uuid", a1,
			   "outcome", "killed", "sex", "male", "age", "30",
			   "victim_role", "civilian", NULL);
	testdb_add(f, "victim", "approved", NULL, "accident_uuid", a2,
		   "outcome", "killed", "sex", "male", "age", "30",
		   "victim_role", "civilian", NULL);
	mais_report_opts_init(&o);
	assert_int_equal(mais_report_casualties(testdb_source(f), &o, &r), 0);
	assert_int_equal(r->nrows, 2);
	assert_string_equal(r->rows[0].eo_category, "ap_mine");
	assert_int_equal(r->rows[0].victims, 2);
	assert_int_equal(r->rows[0].accidents, 1);
	assert_string_equal(r->rows[1].eo_category, "unknown");
	assert_int_equal(r->rows[1].victims, 1);
	assert_string_equal(r->total.eo_category, "total");
	mais_cas_report_free(r);
}

/* `ogrinfo -al -q path` output in a malloc'd string. */
static char *ogrinfo(const char *path)
{
	char cmd[512], *out = calloc(1, 65536);
	size_t n;
	FILE *p;

	assert_non_null(out);
	/* the workbook opens with its title: no header row for GDAL */
	snprintf(cmd, sizeof cmd,
		 "OGR_XLSX_HEADERS=DISABLE OGR_XLSX_FIELD_TYPES=STRING "
		 "ogrinfo -al -q '%s' 2>&1",
		 path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

static void assert_has(const char *out, const char *want)
{
	if (!strstr(out, want))
		fail_msg("'%s' not in:\n%s", want, out);
}

/* The bulletin by admin written as XLSX for people and read back by
 * GDAL: the title, the period, the headers a person reads, the figures
 * and the 2-decimal hectares, the total row in words. */
static void test_xlsx_round_trip(void **state)
{
	fixture *f = *state;
	ids d;
	const svc_report *r = svc_report_find("bulletin");
	svc_report_args a;
	mais_sheet *sh;
	char path[192];
	char *out;

	build_refs(f, &d);
	build_ops(f, &d);
	svc_report_args_init(r, &a);
	a.o.from = "2024-01-01";
	a.o.to = "2024-03-31";
	assert_int_equal(svc_report_sheet(f->s, r, &a, &sh), 0);
	snprintf(path, sizeof path, "%s/bulletin.xlsx", f->dir);
	if (mais_sheet_write_xlsx(sh, path) != 0)
		fail_msg("xlsx: %s", mais_error_last());
	mais_sheet_free(sh);
	out = ogrinfo(path);
	assert_has(out, "Field1 (String) = Operational bulletin of a period");
	assert_has(out, "Field2 (String) = 2024-01-01 to 2024-03-31");
	assert_has(out, "Field1 (String) = Admin area\n"
			"  Field2 (String) = AP mines found");
	assert_has(out, "Field10 (String) = Cleared (ha)");
	assert_has(out, "Field1 (String) = North\n"
			"  Field2 (String) = 5");
	assert_has(out, "Field6 (String) = 13");
	assert_has(out, "Field10 (String) = 1.73");
	assert_has(out, "Field10 (String) = 2.24");
	assert_has(out, "Field1 (String) = Total");
	free(out);
}

static int cli(fixture *f, const char *args)
{
	const char *m = getenv("MAIS_CLI");
	char cmd[512];
	int rc;

	assert_non_null(m);
	snprintf(cmd, sizeof cmd, "'%s' report %s '%s' >/dev/null 2>&1", m,
		 args, f->path);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Usage errors exit 2; xlsx with --output writes a file. */
static void test_cli(void **state)
{
	fixture *f = *state;
	char arg[256], *out;

	mais_store_close(f->s);
	f->s = NULL;
	assert_int_equal(cli(f, "eo --format xlsx"), 2);
	assert_int_equal(cli(f, "bulletin --from 2024-01-01"), 2);
	assert_int_equal(cli(f, "eore --by year"), 2);
	assert_int_equal(cli(f, "equipment --from 2024-01-01"), 2);
	assert_int_equal(cli(f, "eo --list"), 2);
	assert_int_equal(cli(f, "bulletin --from 2024-01-01 --to 2024-12-31 "
				"--by organisation --format csv"),
			 0);
	assert_int_equal(cli(f, "eore --by method --format json"), 0);
	assert_int_equal(cli(f, "equipment --list"), 0);
	snprintf(arg, sizeof arg,
		 "casualties --format xlsx --output '%s/c.xlsx'", f->dir);
	assert_int_equal(cli(f, arg), 0);
	snprintf(arg, sizeof arg, "%s/c.xlsx", f->dir);
	out = ogrinfo(arg);
	assert_has(out, "Field6 (String) = EO category");
	assert_has(out, "Field6 (String) = Total");
	free(out);
}

/* A source over the fixture whose get fails with `code` (a database that
 * breaks while a report names its groups), or passes through. */
typedef struct failing {
	const mais_source *inner;
	int code; /* 0: pass get through */
	int gets; /* calls of get */
} failing;

static int failing_each(void *ctx, const char *entity, mais_record_fn fn,
			void *arg)
{
	const mais_source *in = ((failing *)ctx)->inner;

	return in->each(in->ctx, entity, fn, arg);
}

static int failing_get(void *ctx, const char *entity, const char *uuid,
		       mais_record **out)
{
	failing *x = ctx;

	x->gets++;
	if (!x->code)
		return x->inner->get(x->inner->ctx, entity, uuid, out);
	*out = NULL;
	return mais_error_set(x->code, "disk I/O error reading %s", entity);
}

/* name_of (report_ops.c) swallowed every error of the store and cleared
 * it, naming the group by its uuid: an error of the database (ESTORE,
 * ENOMEM) while the bulletin, EORE reach or the equipment list name their
 * groups is now the report's error, with its message; a record that is
 * not there (ENOTFOUND) is still named by its uuid. */
static void test_name_lookup_error_not_swallowed(void **state)
{
	fixture *f = *state;
	failing x = {.inner = testdb_source(f), .code = MAIS_ESTORE};
	mais_source src = {&x, failing_each, failing_get};
	mais_bulletin_report *b = NULL;
	mais_eore_report *e = NULL;
	mais_equip_report *q = NULL;
	mais_report_opts o;
	ids d;

	build_refs(f, &d);
	build_ops(f, &d);
	testdb_add(f, "eore_session", "approved", NULL, "admin_area_uuid",
		   d.north, "method", "interpersonal", "girls", "3", NULL);
	testdb_add(f, "equipment", "approved", NULL, "equipment_type",
		   "detector", "name", "D1", "donor_uuid", d.donor, NULL);
	mais_report_opts_init(&o);
	o.from = "2024-01-01";
	o.to = "2024-03-31";
	assert_int_equal(mais_report_bulletin(&src, &o, &b), MAIS_ESTORE);
	assert_null(b);
	assert_non_null(strstr(mais_error_last(), "disk I/O error"));
	o.from = o.to = NULL;
	assert_int_equal(mais_report_eore(&src, &o, &e), MAIS_ESTORE);
	o.list = 1;
	x.code = MAIS_ENOMEM;
	assert_int_equal(mais_report_equipment(&src, &o, &q), MAIS_ENOMEM);
	assert_null(q);
	assert_true(x.gets >= 3);

	/* a donor that is not there: named by its uuid, no error */
	x.code = MAIS_ENOTFOUND;
	assert_int_equal(mais_report_equipment(&src, &o, &q), 0);
	assert_string_equal(q->items[0].donor, d.donor);
	mais_equip_report_free(q);
	x.code = 0;
	assert_int_equal(mais_report_equipment(&src, &o, &q), 0);
	assert_string_equal(q->items[0].donor, "Donor State");
	mais_equip_report_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bulletin_by_admin,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_bulletin_by_organisation,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_bulletin_needs_a_period,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_eore_reach, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_equipment, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_casualties_eo_category,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_round_trip,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_cli, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(
			test_name_lookup_error_not_swallowed, testdb_setup,
			testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
