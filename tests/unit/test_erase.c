/*
 * test_erase.c — erasing a victim's personal data (issue 8 item 7;
 * src/service/erase.c over mais_store_erase_personal).
 *
 * A victim is stored with distinctive personal values and changed twice
 * (three versions, each with values of its own), with an assistance
 * record, a flag and an audit entry that quote them, and a second victim
 * whose data must stay.  After the erasure: no version's state has a
 * sensitive column; the raw bytes of the database file, its -wal and its
 * -shm hold none of the values (searched as UTF-8, with the store open
 * and after it is closed); the audit entry gives the reason and the
 * columns but no value; the version count and every other value of every
 * version are as before.  Each refusal (no victim-assistance right, no IM
 * administration, no reason, another organisation's victim) leaves the
 * database as it was, read back byte for byte through the store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "service/erase.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

/* The personal values the victim ever held: none may survive. */
static const char *const erased[] = {
	"Zülfüqar-ERASEME-7731",	     /* given name, versions 1 and 2 */
	"Zülfü-ERASEME-7731-b",		     /* given name, version 3 */
	"Məmmədova-ERASEME-4412",	     /* family name */
	"1961-02-28",			     /* date of birth */
	"AZE-ERASEME-99812",		     /* national id */
	"Ağdam, Nizami küç. 77 ERASEME",     /* contact, version 1 */
	"+994 50 555 73 31 ERASEME-tel",     /* contact, versions 2 and 3 */
	"below-knee amputation ERASEME-med", /* medical notes */
	"needs a prosthesis ERASEME-need",   /* assistance: need */
	"fitted 2022 ERASEME-given",	     /* assistance: given */
};
#define NERASED (sizeof erased / sizeof erased[0])

/* The other victim's name: kept. */
#define KEPT	   "Control-KEEPME-5150"
#define KEPT_NOTES "Control-notes-KEEPME-9"

typedef struct fixture {
	testdb t;
	const char *org_a, *org_b, *victim, *other, *assistance;
} fixture;

/* An approved record without geometry (uuid in testdb_add's ring). */
#define add(t, entity, ...) testdb_add(t, entity, "approved", NULL, __VA_ARGS__)

/* Changes columns of a stored record (a new version). */
static void change(testdb *t, const char *entity, const char *uuid, ...)
{
	mais_record *r;
	const char *col;
	va_list ap;

	assert_int_equal(mais_store_get(t->s, entity, uuid, &r), 0);
	va_start(ap, uuid);
	while ((col = va_arg(ap, const char *)))
		assert_int_equal(
			mais_record_set(r, col, va_arg(ap, const char *)), 0);
	va_end(ap);
	assert_int_equal(mais_store_update(t->s, r, &who), 0);
	mais_record_free(r);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	mais_record *v;
	const char *acc;

	if (!f || testdb_open(&f->t) < 0)
		return -1;
	f->org_a = add(&f->t, "organisation", "org_type", "operator_ngo",
		       "name", "Operator A", NULL);
	f->org_b = add(&f->t, "organisation", "org_type", "operator_ngo",
		       "name", "Operator B", NULL);
	acc = add(&f->t, "accident", "accident_date", "2021-05-04",
		  "accident_type", "civilian", "organisation_uuid", f->org_a,
		  NULL);
	f->victim =
		add(&f->t, "victim", "accident_uuid", acc, "outcome", "injured",
		    "sex", "female", "age", "38", "victim_role", "civilian",
		    "injuries", "amputation_lower_limb", "organisation_uuid",
		    f->org_a, "given_name", erased[0], "family_name", erased[2],
		    "date_of_birth", erased[3], "national_id", erased[4],
		    "contact", erased[5], "medical_notes", erased[7], NULL);
	change(&f->t, "victim", f->victim, "contact", erased[6], "age", "39",
	       NULL);
	change(&f->t, "victim", f->victim, "given_name", erased[1], "outcome",
	       "killed", NULL);
	/* a rejection whose reason quotes the names (review: it stayed) */
	change(&f->t, "victim", f->victim, "status_reason",
	       "Zülfü-ERASEME-7731-b Məmmədova-ERASEME-4412 is recorded "
	       "already",
	       NULL);
	f->other = add(&f->t, "victim", "accident_uuid", acc, "sex", "male",
		       "given_name", KEPT, "medical_notes", KEPT_NOTES,
		       "organisation_uuid", f->org_a, NULL);
	f->assistance = add(&f->t, "victim_assistance", "victim_uuid",
			    f->victim, "va_type", "prosthetics", "need",
			    erased[8], "assistance_given", erased[9],
			    "organisation_uuid", f->org_a, NULL);
	/* a flag and an audit entry that quote a value */
	assert_int_equal(mais_store_get(f->t.s, "victim", f->victim, &v), 0);
	assert_int_equal(mais_store_flag(f->t.s, v, "possible_duplicate",
					 "same name as Zülfü-ERASEME-7731-b "
					 "in this accident"),
			 0);
	mais_record_free(v);
	assert_int_equal(mais_store_get(f->t.s, "victim", f->other, &v), 0);
	assert_int_equal(mais_store_flag(f->t.s, v, "possible_duplicate",
					 "same name as " KEPT),
			 0);
	mais_record_free(v);
	assert_int_equal(
		mais_store_audit(f->t.s, &who, "read_sensitive", "victim",
				 f->victim,
				 "searched for Məmmədova-ERASEME-4412"),
		0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	testdb_close(&f->t);
	free(f);
	return 0;
}

/* --- reading back ------------------------------------------------------ */

/* Everything the store tells of a record: its row's columns and geometry
 * presence, and its history (versions, flags, audit entries) as text. */
typedef struct dump {
	char *text;
	size_t len;
} dump;

static void put(dump *d, const char *a, const char *b)
{
	size_t n = strlen(a) + (b ? strlen(b) : 4) + 2;

	d->text = realloc(d->text, d->len + n + 1);
	assert_non_null(d->text);
	d->len += (size_t)snprintf(d->text + d->len, n + 1, "%s=%s\n", a,
				   b ? b : "NULL");
}

static int dump_version(const mais_store_version_row *v, void *ctx)
{
	put(ctx, "version", v->state);
	return 0;
}

static int dump_flag(const mais_store_flag_row *fl, void *ctx)
{
	put(ctx, "flag", fl->message);
	return 0;
}

static int dump_audit(const mais_store_audit_row *a, void *ctx)
{
	put(ctx, a->action, a->detail);
	return 0;
}

static char *record_dump(testdb *t, const char *entity, const char *uuid)
{
	mais_store_history_fns fns = {dump_version, dump_flag, dump_audit,
				      NULL};
	const mais_entity *e = mais_schema_entity(entity);
	size_t ncommon;
	dump d = {NULL, 0};
	mais_record *r;

	fns.ctx = &d;
	mais_schema_common(&ncommon);
	assert_int_equal(mais_store_get(t->s, entity, uuid, &r), 0);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++)
		put(&d, "column", mais_record_value(r, i));
	mais_record_free(r);
	assert_int_equal(mais_store_history(t->s, entity, uuid, &fns), 0);
	return d.text;
}

/* The whole of what the store holds of the three records. */
static char *all_dump(fixture *f)
{
	char *a = record_dump(&f->t, "victim", f->victim);
	char *b = record_dump(&f->t, "victim", f->other);
	char *c = record_dump(&f->t, "victim_assistance", f->assistance);
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *all = malloc(n);

	assert_non_null(all);
	snprintf(all, n, "%s%s%s", a, b, c);
	free(a);
	free(b);
	free(c);
	return all;
}

/* The states of the versions of a record, oldest first. */
typedef struct states {
	json_t *list;
} states;

static int keep_state(const mais_store_version_row *v, void *ctx)
{
	json_array_append_new(((states *)ctx)->list,
			      json_loads(v->state, 0, NULL));
	return 0;
}

static json_t *version_states(testdb *t, const char *entity, const char *uuid)
{
	states st = {json_array()};
	mais_store_history_fns fns = {keep_state, NULL, NULL, &st};

	assert_int_equal(mais_store_history(t->s, entity, uuid, &fns), 0);
	return st.list;
}

/* --- the file ---------------------------------------------------------- */

/* 1 if the file path holds needle (bytes). */
static int file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	size_t n = strlen(needle), len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	int found = 0;

	if (!fp) {
		free(buf);
		return 0; /* absent: holds nothing */
	}
	for (size_t got;
	     buf && (got = fread(buf + len, 1, cap - len, fp)) > 0;) {
		len += got;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(fp);
	assert_non_null(buf);
	for (size_t i = 0; !found && i + n <= len; i++)
		found = memcmp(buf + i, needle, n) == 0;
	free(buf);
	return found;
}

/* Fails naming the first erased value found in the database's files. */
static void assert_no_trace(const testdb *t)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char path[160];

	for (size_t s = 0; s < 4; s++) {
		snprintf(path, sizeof path, "%s%s", t->path, suffixes[s]);
		for (size_t i = 0; i < NERASED; i++)
			if (file_has(path, erased[i]))
				fail_msg("%s still holds \"%s\"", path,
					 erased[i]);
	}
}

/* The triggers that keep the history append-only are in place. */
static void assert_append_only(const char *path)
{
	assert_int_equal(testdb_sql_int(path,
					"SELECT count(*) FROM sqlite_master"
					" WHERE type = 'trigger' AND name IN"
					" ('mais_version_no_update',"
					" 'mais_audit_no_update')"),
			 2);
}

/* --- users ------------------------------------------------------------- */

static mais_user_info user(const char *name, const char *org, unsigned roles)
{
	mais_user_info u;

	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "%s", name);
	snprintf(u.organisation_uuid, sizeof u.organisation_uuid, "%s", org);
	u.roles = roles;
	return u;
}

#define BOTH (MAIS_ROLE_VICTIM_ASSISTANCE | MAIS_ROLE_IM_ADMIN)

/* --- tests ------------------------------------------------------------- */

/* The values are in the file before: the search can find them. */
static void test_values_are_there_before(void **state)
{
	fixture *f = *state;
	char path[160];

	snprintf(path, sizeof path, "%s-wal", f->t.path);
	mais_store_close(f->t.s); /* folds the log into the file */
	f->t.s = NULL;
	for (size_t i = 0; i < NERASED; i++)
		assert_true(file_has(f->t.path, erased[i]));
	assert_int_equal(mais_store_open(&f->t.s, f->t.path, 0, NULL), 0);
}

static void test_erase_leaves_no_trace(void **state)
{
	fixture *f = *state;
	mais_user_info u = user("va-admin", f->org_a, BOTH);
	json_t *before = version_states(&f->t, "victim", f->victim), *after;
	char *other = record_dump(&f->t, "victim", f->other);
	svc_erase_result res;
	int64_t n;
	mais_record *r;

	assert_int_equal(svc_victim_erase(f->t.s, &u, "test", f->victim,
					  "consent withdrawn (letter 17/2026)",
					  &res),
			 0);
	assert_true(res.scrubbed);
	assert_int_equal(res.victim.ncolumns, 6);
	assert_int_equal(res.victim.versions, 4);
	assert_int_equal(res.assistance, 1);
	/* (d) the same versions, nothing new; the row keeps its version */
	assert_int_equal(mais_store_version_count(f->t.s, f->victim, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(mais_store_get(f->t.s, "victim", f->victim, &r), 0);
	assert_int_equal(mais_record_version(r), 4);
	assert_null(mais_record_get(r, "given_name"));
	assert_null(mais_record_get(r, "contact"));
	assert_string_equal(mais_record_get(r, "sex"), "female");
	mais_record_free(r);
	/* (a), (d) each version is itself without the sensitive columns */
	after = version_states(&f->t, "victim", f->victim);
	assert_int_equal(json_array_size(after), 4);
	for (size_t i = 0; i < 3; i++) {
		json_t *was = json_array_get(before, i);
		const mais_entity *e = mais_schema_entity("victim");

		for (size_t c = 0; c < e->ncolumns; c++)
			if (e->columns[c].flags & MAIS_COL_SENSITIVE)
				json_object_del(was, e->columns[c].name);
		assert_true(json_equal(was, json_array_get(after, i)));
		assert_string_equal(json_string_value(json_object_get(
					    json_array_get(after, i), "sex")),
				    "female");
	}
	/* the other victim is as it was */
	{
		char *again = record_dump(&f->t, "victim", f->other);

		assert_string_equal(again, other);
		assert_non_null(strstr(again, KEPT));
		free(again);
	}
	/* (b) no byte of any value, store open and store closed */
	assert_no_trace(&f->t);
	mais_store_close(f->t.s);
	f->t.s = NULL;
	assert_no_trace(&f->t);
	assert_true(file_has(f->t.path, KEPT));
	assert_int_equal(mais_store_open(&f->t.s, f->t.path, 0, NULL), 0);
	json_decref(before);
	json_decref(after);
	free(other);
}

typedef struct found_audit {
	const char *action;
	json_t *detail;
	char actor[64];
	int count;
} found_audit;

static int find_audit(const mais_store_audit_row *a, void *ctx)
{
	found_audit *fa = ctx;

	if (strcmp(a->action, fa->action))
		return 0;
	fa->count++;
	json_decref(fa->detail);
	fa->detail = json_loads(a->detail ? a->detail : "", 0, NULL);
	snprintf(fa->actor, sizeof fa->actor, "%s", a->actor);
	return 0;
}

static int marked_flag(const mais_store_flag_row *fl, void *ctx)
{
	(*(int *)ctx) +=
		strstr(fl->message, "same name as [erased] in") != NULL;
	return 0;
}

/* (c) the audit entry says what, who and why; never a value */
static void test_erase_audited(void **state)
{
	fixture *f = *state;
	mais_user_info u = user("va-admin", f->org_a, BOTH);
	found_audit fa = {.action = "erase_personal_data"};
	mais_store_history_fns fns = {NULL, NULL, find_audit, &fa};
	svc_erase_result res;
	json_t *cols;
	char *all;
	int marked = 0;

	assert_int_equal(svc_victim_erase(f->t.s, &u, "test", f->victim,
					  "court order 5/2026", &res),
			 0);
	assert_int_equal(mais_store_history(f->t.s, "victim", f->victim, &fns),
			 0);
	assert_int_equal(fa.count, 1);
	assert_string_equal(fa.actor, "va-admin");
	assert_non_null(fa.detail);
	assert_string_equal(
		json_string_value(json_object_get(fa.detail, "reason")),
		"court order 5/2026");
	cols = json_object_get(fa.detail, "columns");
	assert_int_equal(json_array_size(cols), 6);
	assert_string_equal(json_string_value(json_array_get(cols, 0)),
			    "given_name");
	assert_string_equal(json_string_value(json_array_get(cols, 5)),
			    "medical_notes");
	assert_int_equal(
		json_integer_value(json_object_get(fa.detail, "versions")), 4);
	json_decref(fa.detail);
	/* the assistance record has its own entry */
	fa.count = 0;
	fa.detail = NULL;
	assert_int_equal(mais_store_history(f->t.s, "victim_assistance",
					    f->assistance, &fns),
			 0);
	assert_int_equal(fa.count, 1);
	assert_int_equal(json_array_size(json_object_get(fa.detail, "columns")),
			 2);
	json_decref(fa.detail);
	/* the flag and the earlier audit entry lost the value, not the rest */
	fns = (mais_store_history_fns){NULL, marked_flag, NULL, &marked};
	assert_int_equal(mais_store_history(f->t.s, "victim", f->victim, &fns),
			 0);
	assert_int_equal(marked, 1);
	all = all_dump(f);
	assert_non_null(strstr(all, "read_sensitive=searched for [erased]"));
	for (size_t i = 0; i < NERASED; i++)
		assert_null(strstr(all, erased[i]));
	free(all);
	/* the history is append-only again */
	assert_append_only(f->t.path);
}

/* A second erasure finds nothing more, and says so in its entry. */
static void test_erase_again(void **state)
{
	fixture *f = *state;
	mais_user_info u = user("va-admin", f->org_a, BOTH);
	svc_erase_result res;
	mais_record *r;

	assert_int_equal(svc_victim_erase(f->t.s, &u, "test", f->victim,
					  "consent withdrawn", &res),
			 0);
	assert_int_equal(mais_store_get(f->t.s, "victim", f->victim, &r), 0);
	/* by reference too, as the CLI gives it */
	assert_int_equal(svc_victim_erase(f->t.s, &u, "test",
					  mais_record_reference(r),
					  "consent withdrawn", &res),
			 0);
	assert_string_equal(res.uuid, f->victim);
	assert_int_equal(res.victim.ncolumns, 0);
	assert_int_equal(res.victim.versions, 4);
	mais_record_free(r);
}

/* Each refusal: its code, and the database read back unchanged. */
static void refused(fixture *f, const mais_user_info *u, const char *victim,
		    const char *reason, int code)
{
	char *before = all_dump(f), *after;
	svc_erase_result res;
	int64_t n;

	assert_int_equal(
		svc_victim_erase(f->t.s, u, "test", victim, reason, &res),
		code);
	after = all_dump(f);
	assert_string_equal(after, before);
	assert_int_equal(mais_store_version_count(f->t.s, f->victim, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(testdb_sql_int(f->t.path,
					"SELECT count(*) FROM mais_audit WHERE"
					" action = 'erase_personal_data'"),
			 0);
	free(before);
	free(after);
}

static void test_refusals(void **state)
{
	fixture *f = *state;
	mais_user_info no_va = user("im", f->org_a, MAIS_ROLE_IM_ADMIN),
		       no_im = user("va", f->org_a,
				    MAIS_ROLE_VICTIM_ASSISTANCE |
					    MAIS_ROLE_DATA_ENTRY),
		       ok = user("va-admin", f->org_a, BOTH),
		       other_org = user("va-admin-b", f->org_b, BOTH),
		       sys = user("root", "", MAIS_ROLE_SYS_ADMIN), gone = ok;

	gone.disabled = 1;
	refused(f, &no_va, f->victim, "consent withdrawn", MAIS_EFORBIDDEN);
	assert_non_null(strstr(mais_error_last(), "lacks victim_assistance"));
	refused(f, &no_im, f->victim, "consent withdrawn", MAIS_EFORBIDDEN);
	assert_non_null(strstr(mais_error_last(), "lacks im_admin"));
	refused(f, &sys, f->victim, "consent withdrawn", MAIS_EFORBIDDEN);
	assert_non_null(strstr(mais_error_last(),
			       "lacks victim_assistance and im_admin"));
	refused(f, &gone, f->victim, "consent withdrawn", MAIS_EFORBIDDEN);
	refused(f, &ok, f->victim, "", MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "erasure.reason"));
	refused(f, &ok, f->victim, " \t\n", MAIS_EINVAL);
	refused(f, &ok, f->victim, NULL, MAIS_EINVAL);
	refused(f, &ok, f->victim, "\xff\xfe not UTF-8", MAIS_EINVAL);
	/* another organisation's victim is not there for this user */
	refused(f, &other_org, f->victim, "consent withdrawn", MAIS_ENOTFOUND);
	refused(f, &ok, "00000000-0000-4000-8000-000000000000",
		"consent withdrawn", MAIS_ENOTFOUND);
	refused(f, &ok, "VI-999999", "consent withdrawn", MAIS_ENOTFOUND);
	/* a record that is no victim is not erased as one */
	refused(f, &ok, f->assistance, "consent withdrawn", MAIS_ENOTFOUND);
}

/* The authority's IM administrator with the right reaches every
 * organisation's victims. */
static void test_authority_reaches_all(void **state)
{
	fixture *f = *state;
	mais_user_info u = user("hq", "", BOTH);
	svc_erase_result res;

	u.is_authority = 1;
	assert_int_equal(svc_victim_erase(f->t.s, &u, "cli", f->victim,
					  "law 2026/12 art. 9", &res),
			 0);
	assert_int_equal(res.victim.ncolumns, 6);
}

/* The store's own contract: inside the caller's transaction, then a
 * scrub after the commit; scrub is refused inside one. */
static void test_store_in_transaction(void **state)
{
	fixture *f = *state;
	mais_store_erasure x;
	mais_record *r;

	/* a refused erasure inside a transaction that is committed all the
	 * same leaves the history append-only and the data as it was: the
	 * reason quotes the last column's value, after the others were
	 * marked */
	assert_int_equal(mais_store_begin(f->t.s), 0);
	assert_int_equal(mais_store_erase_personal(f->t.s, "victim", f->other,
						   &who, "asked by " KEPT_NOTES,
						   &x),
			 MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "erasure.reason"));
	assert_int_equal(mais_store_commit(f->t.s), 0);
	assert_append_only(f->t.path);
	assert_int_equal(testdb_sql_int(f->t.path,
					"SELECT count(*) FROM victim"
					" WHERE given_name = '" KEPT "'"),
			 1);
	assert_int_equal(testdb_sql_int(f->t.path,
					"SELECT count(*) FROM mais_flag"
					" WHERE message = 'same name as " KEPT
					"'"),
			 1);
	assert_int_equal(mais_store_begin(f->t.s), 0);
	assert_int_equal(mais_store_erase_personal(f->t.s, "victim", f->other,
						   &who, "consent withdrawn",
						   &x),
			 0);
	assert_int_equal(x.ncolumns, 2);
	assert_string_equal(x.columns[0], "given_name");
	assert_string_equal(x.columns[1], "medical_notes");
	assert_int_equal(mais_store_scrub(f->t.s), MAIS_EINVAL);
	assert_int_equal(mais_store_commit(f->t.s), 0);
	assert_int_equal(mais_store_scrub(f->t.s), 0);
	assert_int_equal(mais_store_get(f->t.s, "victim", f->other, &r), 0);
	assert_null(mais_record_get(r, "given_name"));
	assert_string_equal(mais_record_get(r, "sex"), "male");
	mais_record_free(r);
	/* the first victim was not touched */
	assert_true(file_has(f->t.path, erased[1]));
	assert_false(file_has(f->t.path, KEPT));
	assert_false(file_has(f->t.path, KEPT_NOTES));
	/* entities without personal data, records that are not there */
	assert_int_equal(mais_store_erase_personal(f->t.s, "hazard", f->other,
						   &who, "x", &x),
			 MAIS_EINVAL);
	assert_int_equal(mais_store_erase_personal(f->t.s, "victim", f->org_a,
						   &who, "x", &x),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_store_erase_personal(f->t.s, "nothing", f->other,
						   &who, "x", &x),
			 MAIS_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_are_there_before,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_leaves_no_trace,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_audited, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_erase_again, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_authority_reaches_all,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_in_transaction,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
