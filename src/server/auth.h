/*
 * auth.h — users, sessions and permissions of the server (internal to
 * src/server; the contract between the request handlers and auth.c).
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, the
 * "interactive" limits).  A session is a random 256-bit token kept only as
 * its SHA-256 hash in the database (mais_session); its CSRF token is
 * random too.  Login failures are counted per address and per user name
 * in memory: 5 in 60 s lock that address or name for 60 s (429).
 *
 * Roles follow DESIGN.md: viewer, data_entry, verifier, approver,
 * im_admin, sys_admin, and the victim_assistance right, each held for an
 * organisation.  A user whose organisation is of type "authority" sees
 * every record; others see and write only records whose
 * organisation_uuid is their organisation or one of its teams (children).
 * The MAIS_ROLE_* bits are declared in mais/users.h (the store keeps
 * them).
 *
 * Every function is safe to call from several threads at once (the
 * login counters have their own lock); a mais_store is not, so each
 * thread passes its own (or the server serialises access to one).
 *
 * Errors: MAIS_EINVAL (refused: wrong password, bad new password, bad
 * user), MAIS_ENOTFOUND (no such user or session), MAIS_ELIMIT
 * (rate-limited), MAIS_ESTORE, MAIS_ENOMEM.
 */
#ifndef MAIS_SERVER_AUTH_H
#define MAIS_SERVER_AUTH_H

#include <stddef.h>
#include "mais/store.h"
#include "mais/users.h"

typedef struct mais_user {
	char uuid[37];
	char username[64];
	char display_name[128];
	char organisation_uuid[37]; /* "" for none */
	int is_authority;	    /* sees all organisations */
	unsigned roles;		    /* MAIS_ROLE_* bits (mais/users.h) */
	int must_change_password;
	char csrf_token[65]; /* of the session ("" for bearer) */
	int via_cookie;	     /* 1: CSRF header required on writes */
	char address[64];    /* where the session was opened; the
				server may set the request's address
				here: audit entries of
				change_password and new_token use it */
	size_t nteams;	     /* organisations under the user's */
	char teams[MAIS_MAX_ORG_TEAMS][37];
} mais_user;

typedef enum mais_act {
	MAIS_ACT_READ,
	MAIS_ACT_CREATE,
	MAIS_ACT_UPDATE,
	MAIS_ACT_SUBMIT,
	MAIS_ACT_VERIFY,
	MAIS_ACT_APPROVE,
	MAIS_ACT_REJECT,
	MAIS_ACT_IMPORT,
	MAIS_ACT_READ_SENSITIVE,
	MAIS_ACT_ADMIN_USERS
} mais_act;

/* Checks a password and opens a session: *token (64 hex, caller's
 * buffer of 65) for the cookie, u filled (with its csrf_token).
 * MAIS_EINVAL wrong user or password (one message for both; a disabled
 * user gets it too), MAIS_ELIMIT rate-limited.  A user whose password
 * must change logs in with u->must_change_password set.  Audited
 * "login". */
int mais_auth_login(mais_store *s, const char *address, const char *username,
		    const char *password, char token[65], mais_user *u);

/* The user of a session cookie or bearer token; MAIS_ENOTFOUND when it is
 * unknown, expired, of the other kind, or its user is disabled (sessions
 * last 12 h, tokens 90 days). */
int mais_auth_session(mais_store *s, const char *token, int bearer,
		      mais_user *u);
/* Ends a session or token (audited "logout"); MAIS_ENOTFOUND if none. */
int mais_auth_logout(mais_store *s, const char *token);
/* A new bearer token for u (64 hex); MAIS_EINVAL while u must change
 * its password.  Audited "token_create". */
int mais_auth_new_token(mais_store *s, const mais_user *u, char token[65]);
/* Changes u's password and clears must_change_password: MAIS_EINVAL
 * if old_password is wrong (counted as a login failure of the user
 * name) or new_password is shorter than 10 characters, longer than
 * MAIS_MAX_PASSWORD bytes or the old one; MAIS_ELIMIT rate-limited.
 * Sessions stay open.  Audited "user_password". */
int mais_auth_change_password(mais_store *s, const mais_user *u,
			      const char *old_password,
			      const char *new_password);

/* 1 if the X-CSRF-Token header value matches u's session (compared in
 * constant time), else 0.  Always 1 for a bearer token. */
int mais_auth_csrf_ok(const mais_user *u, const char *header);

/* 1 if u may do act on a record of entity owned by organisation
 * record_org (NULL: a new record / no record), else 0.  Always 0 while
 * u must change its password.  Shared reference data (organisation,
 * admin_area, settlement, exchange_rate) is readable whatever its
 * organisation.  MAIS_ACT_READ_SENSITIVE needs the victim_assistance
 * right, whatever the other roles.  s is unused today (the teams are in
 * u). */
int mais_auth_can(mais_store *s, const mais_user *u, mais_act act,
		  const char *entity, const char *record_org);

/* 1 if u may give roles to a user (sys_admin: any; im_admin: any but
 * sys_admin), else 0. */
int mais_auth_can_grant(const mais_user *u, unsigned roles);

/* Users (CLI `mais user` and /api/users).  A new user gets a random
 * one-time password of 20 characters (printed once by the caller) that
 * must be changed at first login.  organisation_uuid NULL is allowed
 * only for the first user, who must be sys_admin.  who is audited. */
int mais_user_add(mais_store *s, const mais_actor *who, const char *username,
		  const char *display_name, const char *organisation_uuid,
		  unsigned roles, char one_time_password[33]);
/* A new one-time password; the user's sessions and tokens end. */
int mais_user_set_password(mais_store *s, const mais_actor *who,
			   const char *username, char one_time_password[33]);
/* Disables a user; their sessions and tokens end. */
int mais_user_disable(mais_store *s, const mais_actor *who,
		      const char *username);
/* Number of users in the database. */
int mais_user_count(mais_store *s, long long *n);

/* Argon2id hash of a password (crypto_pwhash_str) into hash (a buffer
 * of crypto_pwhash_STRBYTES = 128); MAIS_EINVAL over
 * MAIS_MAX_PASSWORD bytes. */
int mais_auth_hash_password(const char *password, char hash[128]);
/* 0 if password matches hash, MAIS_EINVAL if not. */
int mais_auth_verify_password(const char *hash, const char *password);

/* For tests only, before any other thread uses auth: Argon2 limits
 * (0, 0: back to the interactive limits), a shift of auth's clock in
 * seconds (to expire sessions and locks), and forgetting all login
 * failures. */
void mais_auth_test_cost(unsigned long long opslimit, size_t memlimit);
void mais_auth_test_clock(long long offset_s);
void mais_auth_test_forget_failures(void);

#endif
