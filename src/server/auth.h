/*
 * auth.h — logins, sessions and CSRF of the server (internal to
 * src/server; the contract between the request handlers and auth.c).
 *
 * Passwords are checked against their Argon2id hashes (the use-case
 * layer's password.h).  A session is a random 256-bit token kept only as
 * its SHA-256 hash in the database (mais_session); its CSRF token is
 * random too.  Login failures are counted per address and per user name
 * (without case) in memory: 5 in 60 s lock that address or name for 60 s
 * (429).
 *
 * Who may do what is not decided here: the user's principal (policy.h)
 * goes to the policy, which every adapter asks through the use-case
 * layer.  User management is the use-case layer's too (service/users.h).
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
#include "mais/policy.h"
#include "mais/store.h"
#include "mais/users.h"

typedef struct mais_user {
	char uuid[37];
	char username[64];
	char display_name[128];
	char csrf_token[65]; /* of the session ("" for bearer) */
	int via_cookie;	     /* 1: CSRF header required on writes */
	char address[64];    /* where the session was opened; the
				server may set the request's address
				here: audit entries of
				change_password and new_token use it */
	char number_format[8]; /* money.h; "" when never chosen */
	mais_principal p;    /* what the policy sees: organisation,
				roles, teams */
} mais_user;

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

/* For tests only, before any other thread uses auth: a shift of auth's
 * clock in seconds (to expire sessions and locks), and forgetting all
 * login failures.  (Argon2 limits: svc_password_test_cost.) */
void mais_auth_test_clock(long long offset_s);
void mais_auth_test_forget_failures(void);

#endif
