/*
 * test_policy.c — the attempts (a)-(f) of issue 8, run against the
 * use-case layer (service/write.h, the import engine, service/users.h)
 * as an operator's users would try them; each must be refused and leave
 * the database as it was (read back with plain SQL: every version, audit
 * entry, user, flag and import key counted, and operator B's hazard still
 * active).  The same table runs through the HTTP API
 * (tests/cases/http/02xx-attempt-*) and the CLI (tests/policy_cli.py).
 *
 *   (a) the organisation set by the data: a map line, a set line, a
 *       field of the record naming operator B's organisation;
 *   (b) a release pointing at operator B's hazard (which would close it);
 *   (c) a victim's personal fields without the victim-assistance right;
 *   (d) shared admin areas made by a data-entry user (also through a
 *       profile);
 *   (e) an operator's IM administrator making an organisation of type
 *       authority, or a user in the authority;
 *   (f) a user name that differs from another only by case.
 *
 * Controls: the same user's own hazard is stored, with its organisation
 * set by the policy, so the refusals are the policy's and not the set-up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "service/users.h"
#include "service/write.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

#define SQ_A "POLYGON((20 40,20.01 40,20.01 40.01,20 40.01,20 40))"
#define SQ_B "POLYGON((21 40,21.01 40,21.01 40.01,21 40.01,21 40))"

typedef struct fixture {
	testdb db;
	char authority[37], op_a[37], op_b[37], hazard_b[37], accident[37];
	char shadow[37];      /* legacy: an authority-typed team under A */
	mais_principal entry; /* data_entry of operator A */
	mais_principal admin; /* im_admin of operator A */
	char file[256];	      /* a file to import, written by a test */
} fixture;

static void ok(int rc)
{
	if (rc)
		fail_msg("refused: %s", mais_error_last());
}

/* svc_create as p of a record (status, WKT or NULL, column/value pairs
 * ending with NULL); its uuid into uuid (37 bytes) when not NULL. */
static int vcreate(fixture *f, const mais_principal *p, const char *status,
		   char *uuid, const char *entity, const char *wkt, va_list ap)
{
	mais_record *r;
	mais_geom *g = NULL;
	const char *col;
	svc_ctx c;
	int rc;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", status), 0);
	while ((col = va_arg(ap, const char *)))
		ok(mais_record_set(r, col, va_arg(ap, const char *)));
	if (wkt) {
		assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
		assert_int_equal(mais_record_set_geom(r, g), 0);
	}
	svc_ctx_init(&c, f->db.s, &who, p);
	rc = svc_create(&c, r);
	if (uuid && rc == 0)
		snprintf(uuid, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
	return rc;
}

/* A record stored approved by the system (the set-up). */
static void put(fixture *f, char *uuid, const char *entity, const char *wkt,
		...)
{
	mais_principal system;
	va_list ap;

	mais_principal_system(&system);
	va_start(ap, wkt);
	ok(vcreate(f, &system, "approved", uuid, entity, wkt, ap));
	va_end(ap);
}

static void user(fixture *f, const char *name, const char *org, unsigned roles,
		 mais_principal *p)
{
	svc_user_new nu = {name, NULL, org, roles};
	mais_principal system;
	char otp[33];

	mais_principal_system(&system);
	ok(svc_user_add(f->db.s, &system, &who, &nu, otp));
	ok(svc_principal_find(f->db.s, name, p));
	p->must_change_password = 0; /* as after the first login */
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f || testdb_open(&f->db) < 0)
		return -1;
	put(f, f->authority, "organisation", NULL, "org_type", "authority",
	    "name", "Agency", NULL);
	put(f, f->op_a, "organisation", NULL, "org_type", "operator_ngo",
	    "name", "Operator A", NULL);
	put(f, f->op_b, "organisation", NULL, "org_type", "operator_ngo",
	    "name", "Operator B", NULL);
	put(f, f->shadow, "organisation", NULL, "org_type", "authority", "name",
	    "Shadow", "parent_uuid", f->op_a, NULL);
	put(f, f->hazard_b, "hazard", SQ_B, "hazard_class", "cha",
	    "hazard_status", "active", "organisation_uuid", f->op_b, NULL);
	put(f, f->accident, "accident", "POINT(20 40)", "accident_date",
	    "2021-05-04", "accident_type", "civilian", "organisation_uuid",
	    f->op_a, NULL);
	user(f, "opa", f->op_a, MAIS_ROLE_DATA_ENTRY, &f->entry);
	user(f, "opadmin", f->op_a, MAIS_ROLE_IM_ADMIN, &f->admin);
	snprintf(f->file, sizeof f->file, "%s/in.geojson", f->db.dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	testdb_close(&f->db);
	free(f);
	return 0;
}

/* Everything a refused attempt must leave as it was. */
static long long fingerprint(fixture *f)
{
	return testdb_sql_int(
		f->db.path,
		"SELECT (SELECT count(*) FROM mais_version) * 1000000 +"
		" (SELECT count(*) FROM mais_audit) * 10000 +"
		" (SELECT count(*) FROM mais_user) * 1000 +"
		" (SELECT count(*) FROM mais_flag) * 100 +"
		" (SELECT count(*) FROM mais_import_feature)");
}

static long long hazard_b_active(fixture *f)
{
	char q[160];

	snprintf(q, sizeof q,
		 "SELECT count(*) FROM hazard WHERE uuid = '%s' AND "
		 "hazard_status = 'active' AND version = 1",
		 f->hazard_b);
	return testdb_sql_int(f->db.path, q);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* --- the ways in ---------------------------------------------------- */

/* svc_create as p of a draft of entity with a WKT and column/value
 * pairs. */
static int create_as(fixture *f, const mais_principal *p, const char *entity,
		     const char *wkt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, wkt);
	rc = vcreate(f, p, "draft", NULL, entity, wkt, ap);
	va_end(ap);
	return rc;
}

/* mais_import of f->file as p (status submitted, as an upload). */
static int import_as(fixture *f, const mais_principal *p, const char *as,
		     const char *profile, const char *map, const char *set)
{
	mais_import_opts o = {0};
	mais_import_summary sum = {0};
	const char *path = f->file;

	o.as = as;
	o.profile = profile;
	o.maps = &map;
	o.nmaps = map != NULL;
	o.sets = &set;
	o.nsets = set != NULL;
	o.status = "submitted";
	o.as_user = p;
	return mais_import(f->db.s, &path, 1, &o, &who, &sum);
}

static const char hazard_file[] =
	"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
	"\"Feature\",\"properties\":{\"hazard_class\":\"sha\","
	"\"hazard_status\":\"active\",\"org\":\"%s\"},\"geometry\":"
	"{\"type\":\"Polygon\",\"coordinates\":[[[20,40],[20.01,40],"
	"[20.01,40.01],[20,40.01],[20,40]]]}}]}";

static void hazard_of(fixture *f, const char *org)
{
	char text[1024];

	snprintf(text, sizeof text, hazard_file, org);
	write_file(f->file, text);
}

/* (a) */
static int a_map_line(fixture *f)
{
	hazard_of(f, f->op_b);
	return import_as(f, &f->entry, "hazard", NULL, "organisation_uuid=org",
			 NULL);
}

static int a_map_line_authority(fixture *f)
{
	hazard_of(f, ""); /* null: the authority's */
	return import_as(f, &f->entry, "hazard", NULL, "organisation_uuid=org",
			 NULL);
}

static int a_set_line(fixture *f)
{
	char set[80];

	hazard_of(f, "");
	snprintf(set, sizeof set, "organisation_uuid=%s", f->op_b);
	return import_as(f, &f->entry, "hazard", NULL, NULL, set);
}

static int a_field(fixture *f)
{
	return create_as(f, &f->entry, "hazard", SQ_A, "hazard_class", "sha",
			 "hazard_status", "active", "organisation_uuid",
			 f->op_b, NULL);
}

/* (b) */
static int b_release(fixture *f)
{
	return create_as(f, &f->entry, "land_release", SQ_B, "method",
			 "cleared", "hazard_uuid", f->hazard_b, NULL);
}

static int b_release_import(fixture *f)
{
	char set[80];

	write_file(f->file,
		   "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
		   "\"Feature\",\"properties\":{\"method\":\"cleared\"},"
		   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[21,"
		   "40],[21.01,40],[21.01,40.01],[21,40.01],[21,40]]]}}]}");
	snprintf(set, sizeof set, "hazard_uuid=%s", f->hazard_b);
	return import_as(f, &f->entry, "release", NULL, NULL, set);
}

/* (c) */
static int c_victim(fixture *f)
{
	return create_as(f, &f->entry, "victim", NULL, "given_name", "Amina",
			 "outcome", "injured", "accident_uuid", f->accident,
			 NULL);
}

static int c_victim_import(fixture *f)
{
	char set[80];

	snprintf(f->file, sizeof f->file, "%s/victims.csv", f->db.dir);
	write_file(f->file, "given_name,outcome\nAmina,injured\n");
	snprintf(set, sizeof set, "accident_uuid=%s", f->accident);
	return import_as(f, &f->entry, "victim", NULL, NULL, set);
}

/* (d) */
static int d_admin_area(fixture *f)
{
	return create_as(f, &f->entry, "admin_area", SQ_A, "level", "1", "name",
			 "Planted", NULL);
}

static int d_admin_area_profile(fixture *f)
{
	char profile[256];

	snprintf(profile, sizeof profile, "%s/areas.json", f->db.dir);
	write_file(profile, "{\"profile\": \"areas\", \"outputs\": [{\"as\": "
			    "\"admin_area\", \"map\": {\"name\": \"n\"}, "
			    "\"set\": {\"level\": \"1\"}}]}");
	write_file(f->file,
		   "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
		   "\"Feature\",\"properties\":{\"n\":\"Planted\"},"
		   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[20,"
		   "40],[20.01,40],[20.01,40.01],[20,40.01],[20,40]]]}}]}");
	return import_as(f, &f->entry, NULL, profile, NULL, NULL);
}

/* (e) */
static int e_authority_org(fixture *f)
{
	return create_as(f, &f->admin, "organisation", NULL, "org_type",
			 "authority", "name", "Shadow Agency", "parent_uuid",
			 f->op_a, NULL);
}

static int e_user_in_authority(fixture *f)
{
	svc_user_new nu = {"spy", NULL, f->authority, MAIS_ROLE_VIEWER};
	char otp[33];

	return svc_user_add(f->db.s, &f->admin, &who, &nu, otp);
}

/* An authority-typed organisation under A (legacy data): in the IM
 * administrator's scope, but a user there would see everything. */
static int e_user_in_authority_team(fixture *f)
{
	svc_user_new nu = {"spy", NULL, f->shadow, MAIS_ROLE_VIEWER};
	char otp[33];

	return svc_user_add(f->db.s, &f->admin, &who, &nu, otp);
}

/* (f) */
static int f_username_case(fixture *f)
{
	svc_user_new nu = {"OPA", NULL, f->op_a, MAIS_ROLE_VIEWER};
	mais_principal system;
	char otp[33];

	mais_principal_system(&system);
	return svc_user_add(f->db.s, &system, &who, &nu, otp);
}

typedef struct attempt {
	const char *name;
	int (*run)(fixture *f);
	int refused;	 /* the code expected */
	const char *why; /* in the message: refused for this reason */
} attempt;

static const attempt attempts[] = {
	{"a: map line organisation_uuid (operator B)", a_map_line,
	 MAIS_EFORBIDDEN, "not by a map line"},
	{"a: map line organisation_uuid (null: authority)",
	 a_map_line_authority, MAIS_EFORBIDDEN, "not by a map line"},
	{"a: set line organisation_uuid", a_set_line, MAIS_EFORBIDDEN,
	 "hazard.organisation_uuid"},
	{"a: organisation_uuid in the record", a_field, MAIS_EFORBIDDEN,
	 "hazard.organisation_uuid"},
	{"b: release of B's hazard", b_release, MAIS_EINVAL,
	 "land_release.hazard_uuid: no hazard"},
	{"b: release of B's hazard, upload set line", b_release_import,
	 MAIS_EINVAL, "land_release.hazard_uuid: no hazard"},
	{"c: victim's name without the right", c_victim, MAIS_EFORBIDDEN,
	 "victim.given_name"},
	{"c: victim's name without the right, upload", c_victim_import,
	 MAIS_EFORBIDDEN, "victim.given_name"},
	{"d: admin area by data entry", d_admin_area, MAIS_EFORBIDDEN,
	 "admin_area"},
	{"d: admin area through a profile", d_admin_area_profile,
	 MAIS_EFORBIDDEN, "importing admin_area"},
	{"e: organisation of type authority", e_authority_org, MAIS_EFORBIDDEN,
	 "organisation.org_type"},
	{"e: a user in the authority", e_user_in_authority, MAIS_EFORBIDDEN,
	 "for one's own organisation"},
	{"e: a user in an authority under A", e_user_in_authority_team,
	 MAIS_EFORBIDDEN, "users to an authority"},
	{"f: user name differing by case", f_username_case, MAIS_EEXISTS,
	 "without regard to case"},
};

static void test_attempts_refused_nothing_written(void **state)
{
	fixture *f = *state;

	for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
		long long before = fingerprint(f);
		int rc = attempts[i].run(f);

		if (rc != attempts[i].refused ||
		    !strstr(mais_error_last(), attempts[i].why))
			fail_msg("%s: %d (%s), expected %d (%s)",
				 attempts[i].name, rc, mais_error_last(),
				 attempts[i].refused, attempts[i].why);
		if (fingerprint(f) != before)
			fail_msg("%s: the database changed", attempts[i].name);
		if (hazard_b_active(f) != 1)
			fail_msg("%s: B's hazard changed", attempts[i].name);
	}
	assert_int_equal(
		testdb_sql_int(f->db.path, "SELECT count(*) FROM admin_area"),
		0);
	assert_int_equal(
		testdb_sql_int(f->db.path, "SELECT count(*) FROM organisation"),
		4);
	assert_int_equal(
		testdb_sql_int(f->db.path, "SELECT count(*) FROM victim"), 0);
}

/* The controls: the same user's own hazard and release, by form and by
 * upload, are stored, belonging to operator A (set by the policy). */
static void test_own_records_stored(void **state)
{
	fixture *f = *state;
	char q[160];

	ok(create_as(f, &f->entry, "hazard", SQ_A, "hazard_class", "sha",
		     "hazard_status", "active", NULL));
	hazard_of(f, "");
	ok(import_as(f, &f->entry, "hazard", NULL, NULL, NULL));
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM hazard WHERE organisation_uuid = '%s'",
		 f->op_a);
	assert_int_equal(testdb_sql_int(f->db.path, q), 2);
	assert_int_equal(testdb_sql_int(f->db.path,
					"SELECT count(*) FROM hazard WHERE "
					"status = 'submitted'"),
			 1);
	/* a victim of A's accident without personal fields */
	ok(create_as(f, &f->entry, "victim", NULL, "outcome", "injured",
		     "accident_uuid", f->accident, NULL));
	/* the IM administrator makes a team of its own organisation */
	ok(create_as(f, &f->admin, "organisation", NULL, "org_type", "team",
		     "name", "Team 1", "parent_uuid", f->op_a, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_attempts_refused_nothing_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_records_stored, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
