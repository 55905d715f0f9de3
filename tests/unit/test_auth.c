/*
 * test_auth.c — users, sessions and permissions (src/server/auth.c over
 * the store's users.h): Argon2id hashing, one answer for an unknown user
 * and a wrong password, the login limit, sessions and bearer tokens
 * found only by their token and refused once expired or closed, the
 * one-time password that must be changed, disabled users, the role and
 * organisation rules of the policy (mais_policy_can, policy.h), user
 * names unique without case, and audit entries that never hold a
 * password.
 *
 * Hashing runs at libsodium's minimum cost (svc_password_test_cost) except
 * in the round-trip test, so that the suite stays fast under ASan; the
 * clock is shifted with mais_auth_test_clock to expire sessions and
 * locks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mais/mais.h"
#include "server/auth.h"
#include "service/password.h"
#include "service/users.h"
#include "testdb.h"

static const mais_actor who = {.user = "tester", .address = "test"};

/* Organisations of every test: an authority, an operator with a team and
 * a sub-team, and another operator. */
typedef struct fixture {
	testdb db;
	char authority[37], op[37], team[37], subteam[37], other[37];
} fixture;

static void add_org(mais_store *s, const char *type, const char *name,
		    const char *parent, char uuid[37])
{
	mais_record *r;

	assert_int_equal(mais_record_new(&r, "organisation"), 0);
	assert_int_equal(mais_record_set(r, "org_type", type), 0);
	assert_int_equal(mais_record_set(r, "name", name), 0);
	if (parent)
		assert_int_equal(mais_record_set(r, "parent_uuid", parent), 0);
	assert_int_equal(mais_store_insert(s, r, &who), 0);
	snprintf(uuid, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f || testdb_open(&f->db) < 0)
		return -1;
	add_org(f->db.s, "authority", "Authority", NULL, f->authority);
	add_org(f->db.s, "operator_ngo", "Operator", NULL, f->op);
	add_org(f->db.s, "team", "Team 1", f->op, f->team);
	add_org(f->db.s, "team", "Team 1a", f->team, f->subteam);
	add_org(f->db.s, "operator_ngo", "Other", NULL, f->other);
	svc_password_test_cost(crypto_pwhash_OPSLIMIT_MIN,
			    crypto_pwhash_MEMLIMIT_MIN);
	mais_auth_test_clock(0);
	mais_auth_test_forget_failures();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	testdb_close(&f->db);
	free(f);
	mais_auth_test_clock(0);
	return 0;
}

/* svc_user_add as the CLI's administrator. */
static int user_add(fixture *f, const char *name, const char *display,
		    const char *org, unsigned roles, char otp[33])
{
	svc_user_new nu = {name, display, org, roles};
	mais_principal system;

	mais_principal_system(&system);
	return svc_user_add(f->db.s, &system, &who, &nu, otp);
}

/* A user with a known password, no change required. */
static void add_user(fixture *f, const char *name, const char *org,
		     unsigned roles, const char *password)
{
	char otp[33], hash[128];
	mais_user_info info;

	assert_int_equal(
		user_add(f, name, NULL, org, roles, otp), 0);
	assert_int_equal(mais_store_user_find(f->db.s, name, &info), 0);
	assert_int_equal(svc_password_hash(password, hash), 0);
	assert_int_equal(mais_store_user_set_password(f->db.s, info.uuid, hash,
						      0, 0, &who),
			 0);
}

static void login(fixture *f, const char *name, const char *password,
		  mais_user *u)
{
	char token[65];

	assert_int_equal(
		mais_auth_login(f->db.s, "10.0.0.9", name, password, token, u),
		0);
}

static long long sql_int(fixture *f, const char *sql)
{
	return testdb_sql_int(f->db.path, sql);
}

static void test_hash_round_trip(void **state)
{
	const char *pw = "correct horse battery staple";
	char hash[128];

	(void)state;
	svc_password_test_cost(0, 0); /* the real, interactive cost */
	assert_int_equal(svc_password_hash(pw, hash), 0);
	svc_password_test_cost(crypto_pwhash_OPSLIMIT_MIN,
			    crypto_pwhash_MEMLIMIT_MIN);
	assert_string_not_equal(hash, pw);
	assert_null(strstr(hash, pw));
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_int_equal(svc_password_verify(hash, pw), 0);
	assert_int_equal(svc_password_verify(hash, "correct horse"),
			 MAIS_EINVAL);
	assert_int_equal(svc_password_verify(hash, ""), MAIS_EINVAL);
}

static void test_wrong_password_and_unknown_user_same_message(void **state)
{
	fixture *f = *state;
	char token[65], m1[256], m2[256], m3[256];
	mais_user u;

	add_user(f, "alice", f->op, MAIS_ROLE_VIEWER, "alice password");
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.1", "alice",
					 "not her password", token, &u),
			 MAIS_EINVAL);
	snprintf(m1, sizeof m1, "%s", mais_error_last());
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.1", "nobody",
					 "alice password", token, &u),
			 MAIS_EINVAL);
	snprintf(m2, sizeof m2, "%s", mais_error_last());
	assert_int_equal(
		mais_auth_login(f->db.s, "10.0.0.1", "", "", token, &u),
		MAIS_EINVAL);
	snprintf(m3, sizeof m3, "%s", mais_error_last());
	assert_string_equal(m1, m2);
	assert_string_equal(m1, m3);
	assert_string_equal(token, "");
	assert_int_equal(sql_int(f, "SELECT count(*) FROM mais_session"), 0);
	login(f, "alice", "alice password", &u);
	assert_string_equal(u.username, "alice");
	assert_string_equal(u.p.organisation_uuid, f->op);
}

static void test_sixth_failure_in_a_minute_is_limited(void **state)
{
	fixture *f = *state;
	char token[65];
	mais_user u;

	add_user(f, "bob", f->op, MAIS_ROLE_VIEWER, "bob password");
	/* per user name, from five addresses */
	for (int i = 0; i < 5; i++) {
		char addr[32];

		snprintf(addr, sizeof addr, "10.0.1.%d", i);
		assert_int_equal(mais_auth_login(f->db.s, addr, "bob", "wrong",
						 token, &u),
				 MAIS_EINVAL);
	}
	assert_int_equal(mais_auth_login(f->db.s, "10.0.1.99", "BOB",
					 "bob password", token, &u),
			 MAIS_ELIMIT);
	assert_int_equal(mais_auth_login(f->db.s, "10.0.1.99", "bob",
					 "bob password", token, &u),
			 MAIS_ELIMIT);
	mais_auth_test_clock(61);
	assert_int_equal(mais_auth_login(f->db.s, "10.0.1.99", "bob",
					 "bob password", token, &u),
			 0);
	/* per address, for five user names */
	for (int i = 0; i < 5; i++) {
		char name[32];

		snprintf(name, sizeof name, "guess%d", i);
		assert_int_equal(mais_auth_login(f->db.s, "10.0.2.1", name,
						 "wrong", token, &u),
				 MAIS_EINVAL);
	}
	assert_int_equal(mais_auth_login(f->db.s, "10.0.2.1", "bob",
					 "bob password", token, &u),
			 MAIS_ELIMIT);
	assert_non_null(strstr(mais_error_last(), "too many"));
	/* failures spread over more than a minute do not lock */
	for (int i = 0; i < 8; i++) {
		mais_auth_test_clock(200 + 20 * i);
		assert_int_equal(mais_auth_login(f->db.s, "10.0.3.1", "bob",
						 "wrong", token, &u),
				 MAIS_EINVAL);
	}
	mais_auth_test_clock(400);
	assert_int_equal(mais_auth_login(f->db.s, "10.0.3.1", "bob",
					 "bob password", token, &u),
			 0);
}

static void hex_sha256(const char *text, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void test_session_found_by_token_only(void **state)
{
	fixture *f = *state;
	char token[65], wrong[65], hash[65], sql[256];
	mais_user u, v;

	add_user(f, "carol", f->op, MAIS_ROLE_DATA_ENTRY, "carol password");
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.3", "carol",
					 "carol password", token, &u),
			 0);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(strlen(u.csrf_token), 64);
	assert_int_equal(u.via_cookie, 1);
	assert_int_equal(mais_auth_session(f->db.s, token, 0, &v), 0);
	assert_string_equal(v.uuid, u.uuid);
	assert_string_equal(v.csrf_token, u.csrf_token);
	assert_string_equal(v.address, "10.0.0.3");
	assert_true(mais_auth_csrf_ok(&v, u.csrf_token));
	assert_false(mais_auth_csrf_ok(&v, token));
	assert_false(mais_auth_csrf_ok(&v, NULL));
	/* the database holds the token's hash, never the token */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM mais_session WHERE token_hash = '%s'",
		 token);
	assert_int_equal(sql_int(f, sql), 0);
	hex_sha256(token, hash);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM mais_session WHERE token_hash = '%s'",
		 hash);
	assert_int_equal(sql_int(f, sql), 1);
	/* a wrong token, the hash itself, a cookie used as bearer */
	snprintf(wrong, sizeof wrong, "%s", token);
	wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
	assert_int_equal(mais_auth_session(f->db.s, wrong, 0, &v),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_auth_session(f->db.s, hash, 0, &v),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_auth_session(f->db.s, "", 0, &v), MAIS_ENOTFOUND);
	assert_int_equal(mais_auth_session(f->db.s, token, 1, &v),
			 MAIS_ENOTFOUND);
	/* logged out */
	assert_int_equal(mais_auth_logout(f->db.s, token), 0);
	assert_int_equal(mais_auth_session(f->db.s, token, 0, &v),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_auth_logout(f->db.s, token), MAIS_ENOTFOUND);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM mais_audit"
				    " WHERE action = 'logout'"),
			 1);
	/* expired after 12 h */
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.3", "carol",
					 "carol password", token, &u),
			 0);
	mais_auth_test_clock(12 * 3600 - 60);
	assert_int_equal(mais_auth_session(f->db.s, token, 0, &v), 0);
	mais_auth_test_clock(12 * 3600 + 1);
	assert_int_equal(mais_auth_session(f->db.s, token, 0, &v),
			 MAIS_ENOTFOUND);
	/* the next login clears expired sessions */
	login(f, "carol", "carol password", &u);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM mais_session"), 1);
}

static void test_bearer_tokens(void **state)
{
	fixture *f = *state;
	char token[65];
	mais_user u, v;

	add_user(f, "dave", f->op, MAIS_ROLE_VIEWER, "dave password");
	login(f, "dave", "dave password", &u);
	assert_int_equal(mais_auth_new_token(f->db.s, &u, token), 0);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(mais_auth_session(f->db.s, token, 1, &v), 0);
	assert_string_equal(v.username, "dave");
	assert_int_equal(v.via_cookie, 0);
	assert_string_equal(v.csrf_token, "");
	assert_true(mais_auth_csrf_ok(&v, NULL));
	assert_int_equal(mais_auth_session(f->db.s, token, 0, &v),
			 MAIS_ENOTFOUND);
	mais_auth_test_clock(89LL * 24 * 3600);
	assert_int_equal(mais_auth_session(f->db.s, token, 1, &v), 0);
	mais_auth_test_clock(90LL * 24 * 3600 + 1);
	assert_int_equal(mais_auth_session(f->db.s, token, 1, &v),
			 MAIS_ENOTFOUND);
	mais_auth_test_clock(0);
	assert_int_equal(mais_auth_new_token(f->db.s, &u, token), 0);
	assert_int_equal(mais_auth_logout(f->db.s, token), 0);
	assert_int_equal(mais_auth_session(f->db.s, token, 1, &v),
			 MAIS_ENOTFOUND);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM mais_audit"
				    " WHERE action = 'token_create'"),
			 2);
}

static void test_must_change_password(void **state)
{
	fixture *f = *state;
	char otp[33], token[65];
	mais_user u, v;

	assert_int_equal(user_add(f, "erin", "Erin E.", f->op,
				       MAIS_ROLE_DATA_ENTRY, otp),
			 0);
	assert_int_equal(strlen(otp), 20);
	assert_int_equal(strspn(otp, "abcdefghjkmnpqrstuvwxyz"
				     "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
			 20);
	login(f, "erin", otp, &u);
	assert_int_equal(u.p.must_change_password, 1);
	assert_string_equal(u.display_name, "Erin E.");
	assert_false(
		mais_policy_can(&u.p, MAIS_ACT_READ, "hazard", f->op));
	assert_int_equal(mais_auth_new_token(f->db.s, &u, token), MAIS_EINVAL);
	assert_int_equal(
		mais_auth_change_password(f->db.s, &u, "wrong", "long enough!"),
		MAIS_EINVAL);
	assert_int_equal(
		mais_auth_change_password(f->db.s, &u, otp, "too short"),
		MAIS_EINVAL);
	assert_int_equal(mais_auth_change_password(f->db.s, &u, otp, otp),
			 MAIS_EINVAL);
	assert_int_equal(mais_auth_change_password(f->db.s, &u, otp,
						   "erin's passphrase"),
			 0);
	login(f, "erin", "erin's passphrase", &v);
	assert_int_equal(v.p.must_change_password, 0);
	assert_true(
		mais_policy_can(&v.p, MAIS_ACT_CREATE, "hazard", f->op));
	assert_int_equal(
		mais_auth_login(f->db.s, "10.0.0.9", "erin", otp, token, &v),
		MAIS_EINVAL);
	/* an administrator's reset: a new one-time password */
	assert_int_equal(svc_user_reset_password(f->db.s, &who, "erin", otp), 0);
	login(f, "erin", otp, &v);
	assert_int_equal(v.p.must_change_password, 1);
}

static void test_disabled_user_refused(void **state)
{
	fixture *f = *state;
	char token[65], msg[256];
	mais_user u, v;

	add_user(f, "frank", f->op, MAIS_ROLE_VIEWER, "frank password");
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.5", "frank",
					 "frank password", token, &u),
			 0);
	assert_int_equal(svc_user_disable(f->db.s, &who, "frank"), 0);
	assert_int_equal(mais_auth_session(f->db.s, token, 0, &v),
			 MAIS_ENOTFOUND);
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.5", "frank",
					 "frank password", token, &u),
			 MAIS_EINVAL);
	snprintf(msg, sizeof msg, "%s", mais_error_last());
	assert_int_equal(mais_auth_login(f->db.s, "10.0.0.6", "frank", "wrong",
					 token, &u),
			 MAIS_EINVAL);
	assert_string_equal(msg, mais_error_last());
	assert_int_equal(svc_user_disable(f->db.s, &who, "nobody"),
			 MAIS_ENOTFOUND);
}

/* One row of the matrix: which acts a role may do on its own
 * organisation's record (R C U S V A J I X M: read, create, update,
 * submit, verify, approve, reject, import, read sensitive, admin). */
typedef struct matrix_row {
	const char *name;
	unsigned roles;
	const char *acts; /* 10 characters, 1 allowed, 0 refused */
} matrix_row;

static void test_can_matrix(void **state)
{
	static const matrix_row rows[] = {
		{"viewer", MAIS_ROLE_VIEWER, "1000000000"},
		{"entry", MAIS_ROLE_DATA_ENTRY, "1111000100"},
		{"verifier", MAIS_ROLE_VERIFIER, "1000101000"},
		{"approver", MAIS_ROLE_APPROVER, "1000011000"},
		{"imadmin", MAIS_ROLE_IM_ADMIN, "1111111101"},
		{"sysadmin", MAIS_ROLE_SYS_ADMIN, "1111111101"},
		{"va", MAIS_ROLE_VICTIM_ASSISTANCE, "1000000010"},
		{"va_entry", MAIS_ROLE_VICTIM_ASSISTANCE | MAIS_ROLE_DATA_ENTRY,
		 "1111000110"},
	};
	fixture *f = *state;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		mais_user u;

		add_user(f, rows[i].name, f->op, rows[i].roles, "a password!");
		login(f, rows[i].name, "a password!", &u);
		for (int act = MAIS_ACT_READ; act <= MAIS_ACT_ADMIN_USERS;
		     act++) {
			int want = rows[i].acts[act] == '1';

			if (mais_policy_can(&u.p, act, "hazard", f->op) !=
			    want)
				fail_msg("%s: act %d should be %s",
					 rows[i].name, act,
					 want ? "allowed" : "refused");
			/* NULL: a new record, or no record */
			assert_int_equal(
				mais_policy_can(&u.p, act, "hazard", NULL),
				want);
		}
	}
}

static void test_can_scope_by_organisation(void **state)
{
	fixture *f = *state;
	mais_user op, team, auth, sys, va;

	add_user(f, "op", f->op, MAIS_ROLE_DATA_ENTRY, "op password!");
	add_user(f, "team", f->team, MAIS_ROLE_VIEWER, "team password");
	add_user(f, "auth", f->authority, MAIS_ROLE_VIEWER, "auth password");
	add_user(f, "sys", f->op, MAIS_ROLE_SYS_ADMIN, "sys password!");
	add_user(f, "va", f->op, MAIS_ROLE_VICTIM_ASSISTANCE, "va password!");
	login(f, "op", "op password!", &op);
	login(f, "team", "team password", &team);
	login(f, "auth", "auth password", &auth);
	login(f, "sys", "sys password!", &sys);
	login(f, "va", "va password!", &va);
	assert_int_equal(op.p.nteams, 2);
	assert_int_equal(op.p.is_authority, 0);
	assert_int_equal(auth.p.is_authority, 1);
	/* an operator: its own records and its teams', not another's */
	assert_true(
		mais_policy_can(&op.p, MAIS_ACT_READ, "hazard", f->op));
	assert_true(
		mais_policy_can(&op.p, MAIS_ACT_READ, "hazard", f->team));
	assert_true(mais_policy_can(&op.p, MAIS_ACT_UPDATE, "hazard",
				  f->subteam));
	assert_false(
		mais_policy_can(&op.p, MAIS_ACT_READ, "hazard", f->other));
	assert_false(mais_policy_can(&op.p, MAIS_ACT_UPDATE, "hazard",
				   f->other));
	assert_false(mais_policy_can(&op.p, MAIS_ACT_READ, "hazard",
				   f->authority));
	/* reference data is shared */
	assert_true(mais_policy_can(&op.p, MAIS_ACT_READ, "organisation",
				  f->other));
	assert_false(mais_policy_can(&op.p, MAIS_ACT_UPDATE,
				   "organisation", f->other));
	/* a team sees itself, not its parent */
	assert_true(mais_policy_can(&team.p, MAIS_ACT_READ, "hazard",
				  f->team));
	assert_true(mais_policy_can(&team.p, MAIS_ACT_READ, "hazard",
				  f->subteam));
	assert_false(
		mais_policy_can(&team.p, MAIS_ACT_READ, "hazard", f->op));
	/* the authority sees all, with its own roles only */
	assert_true(mais_policy_can(&auth.p, MAIS_ACT_READ, "hazard",
				  f->other));
	assert_false(mais_policy_can(&auth.p, MAIS_ACT_UPDATE, "hazard",
				   f->other));
	assert_true(mais_policy_can(&sys.p, MAIS_ACT_APPROVE, "hazard",
				  f->other));
	/* victims' personal data needs the right, and the scope */
	assert_false(mais_policy_can(&sys.p, MAIS_ACT_READ_SENSITIVE,
				   "victim", f->op));
	assert_true(mais_policy_can(&va.p, MAIS_ACT_READ_SENSITIVE,
				  "victim", f->op));
	assert_false(mais_policy_can(&va.p, MAIS_ACT_READ_SENSITIVE,
				   "victim", f->other));
	/* granting roles */
	assert_true(mais_policy_can_grant(&sys.p, MAIS_ROLE_SYS_ADMIN));
	assert_false(mais_policy_can_grant(&op.p, MAIS_ROLE_VIEWER));
	op.p.roles |= MAIS_ROLE_IM_ADMIN;
	assert_true(mais_policy_can_grant(&op.p, MAIS_ROLE_VERIFIER |
						     MAIS_ROLE_IM_ADMIN));
	assert_false(mais_policy_can_grant(&op.p, MAIS_ROLE_SYS_ADMIN));
	/* the victim-assistance right only from one who holds it (review) */
	assert_false(mais_policy_can_grant(&op.p, MAIS_ROLE_VIEWER |
						      MAIS_ROLE_VICTIM_ASSISTANCE));
	op.p.roles |= MAIS_ROLE_VICTIM_ASSISTANCE;
	assert_true(mais_policy_can_grant(&op.p, MAIS_ROLE_VIEWER |
						     MAIS_ROLE_VICTIM_ASSISTANCE));
}

static void test_first_user_and_organisation_rules(void **state)
{
	fixture *f = *state;
	char otp[33];
	int64_t n;

	assert_int_equal(mais_store_user_count(f->db.s, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(user_add(f, "admin", NULL, NULL,
				       MAIS_ROLE_VIEWER, otp),
			 MAIS_EINVAL);
	assert_string_equal(otp, "");
	assert_int_equal(user_add(f, "admin", NULL, NULL,
				       MAIS_ROLE_SYS_ADMIN, otp),
			 0);
	assert_int_equal(user_add(f, "admin2", NULL, NULL,
				       MAIS_ROLE_SYS_ADMIN, otp),
			 MAIS_EINVAL);
	assert_int_equal(user_add(f, "admin", NULL, f->op,
				       MAIS_ROLE_VIEWER, otp),
			 MAIS_EEXISTS);
	/* names differ by more than case (the login limit counts "Admin"
	 * and "admin" as one name) */
	assert_int_equal(user_add(f, "ADMIN", NULL, f->op, MAIS_ROLE_VIEWER,
				  otp),
			 MAIS_EEXISTS);
	assert_int_equal(user_add(f, "Admin", NULL, f->op, MAIS_ROLE_VIEWER,
				  otp),
			 MAIS_EEXISTS);
	assert_int_equal(user_add(f, "x", NULL,
				       "00000000-0000-4000-8000-000000000000",
				       MAIS_ROLE_VIEWER, otp),
			 MAIS_EINVAL);
	assert_int_equal(user_add(f, "bad name", NULL, f->op,
				       MAIS_ROLE_VIEWER, otp),
			 MAIS_EINVAL);
	assert_int_equal(
		user_add(f, "noroles", NULL, f->op, 0, otp),
		MAIS_EINVAL);
	assert_int_equal(mais_store_user_count(f->db.s, &n), 0);
	assert_int_equal(n, 1);
}

static void test_audit_of_user_creation_has_no_password(void **state)
{
	fixture *f = *state;
	char otp[33], sql[256];

	assert_int_equal(user_add(f, "gina", NULL, f->op,
				       MAIS_ROLE_VIEWER | MAIS_ROLE_VERIFIER,
				       otp),
			 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM mais_audit WHERE"
				    " action = 'user_create' AND actor ="
				    " 'tester' AND entity = 'mais_user' AND"
				    " detail LIKE '%gina%viewer,verifier%'"),
			 1);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM mais_audit WHERE detail LIKE '%%%s%%'"
		 " OR detail LIKE '%%argon2%%'",
		 otp);
	assert_int_equal(sql_int(f, sql), 0);
	assert_int_equal(svc_user_reset_password(f->db.s, &who, "gina", otp), 0);
	assert_int_equal(svc_user_disable(f->db.s, &who, "gina"), 0);
	assert_int_equal(sql_int(f, sql), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM mais_audit WHERE"
				    " action IN ('user_password',"
				    " 'user_disable')"),
			 2);
	/* the hash is stored, and is not the password */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM mais_user WHERE password_hash = '%s'"
		 " OR password_hash NOT LIKE '$argon2id$%%'",
		 otp);
	assert_int_equal(sql_int(f, sql), 0);
}

static void test_roles_follow_the_vocabulary(void **state)
{
	const mais_vocab *v = mais_vocab_find("user_role");
	char text[160];
	unsigned roles;

	(void)state;
	assert_int_equal(1u << v->count, MAIS_ROLE_ALL + 1);
	assert_string_equal(mais_role_code(MAIS_ROLE_VIEWER), "viewer");
	assert_string_equal(mais_role_code(MAIS_ROLE_IM_ADMIN), "im_admin");
	assert_string_equal(mais_role_code(MAIS_ROLE_VICTIM_ASSISTANCE),
			    "victim_assistance");
	assert_null(mais_role_code(3));
	assert_int_equal(mais_roles_parse(" data_entry , approver", &roles), 0);
	assert_int_equal(roles, MAIS_ROLE_DATA_ENTRY | MAIS_ROLE_APPROVER);
	assert_int_equal(mais_roles_format(roles, text, sizeof text), 0);
	assert_string_equal(text, "data_entry,approver");
	assert_int_equal(mais_roles_parse("viewer,admin", &roles), MAIS_EINVAL);
	assert_non_null(strstr(mais_error_last(), "'admin'"));
	assert_int_equal(mais_roles_parse("", &roles), MAIS_EINVAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_round_trip),
		T(test_wrong_password_and_unknown_user_same_message),
		T(test_sixth_failure_in_a_minute_is_limited),
		T(test_session_found_by_token_only),
		T(test_bearer_tokens),
		T(test_must_change_password),
		T(test_disabled_user_refused),
		T(test_can_matrix),
		T(test_can_scope_by_organisation),
		T(test_first_user_and_organisation_rules),
		T(test_audit_of_user_creation_has_no_password),
		cmocka_unit_test(test_roles_follow_the_vocabulary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
