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
 */
#ifndef MAIS_SERVER_AUTH_H
#define MAIS_SERVER_AUTH_H

#include <stddef.h>
#include "mais/store.h"

typedef struct mais_user {
	char uuid[37];
	char username[64];
	char display_name[128];
	char organisation_uuid[37]; /* "" for none */
	int is_authority;           /* sees all organisations */
	unsigned roles;             /* MAIS_ROLE_* bits */
	int must_change_password;
	char csrf_token[65];        /* of the session ("" for bearer) */
	int via_cookie;             /* 1: CSRF header required on writes */
} mais_user;

enum {
	MAIS_ROLE_VIEWER = 1u << 0,
	MAIS_ROLE_DATA_ENTRY = 1u << 1,
	MAIS_ROLE_VERIFIER = 1u << 2,
	MAIS_ROLE_APPROVER = 1u << 3,
	MAIS_ROLE_IM_ADMIN = 1u << 4,
	MAIS_ROLE_SYS_ADMIN = 1u << 5,
	MAIS_ROLE_VICTIM_ASSISTANCE = 1u << 6
};

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
 * buffer of 65) for the cookie, u filled.  MAIS_EINVAL wrong user or
 * password (one message for both), MAIS_ELIMIT rate-limited. */
int mais_auth_login(mais_store *s, const char *address, const char *username,
		    const char *password, char token[65], mais_user *u);

/* The user of a session cookie or bearer token; MAIS_ENOTFOUND when it is
 * unknown or expired (sessions last 12 h, tokens 90 days). */
int mais_auth_session(mais_store *s, const char *token, int bearer,
		      mais_user *u);
int mais_auth_logout(mais_store *s, const char *token);
/* A new bearer token for u (64 hex). */
int mais_auth_new_token(mais_store *s, const mais_user *u, char token[65]);
int mais_auth_change_password(mais_store *s, const mais_user *u,
			      const char *old_password,
			      const char *new_password);

/* 1 if u may do act on a record of entity owned by organisation
 * record_org (NULL: a new record / no record), else 0. */
int mais_auth_can(mais_store *s, const mais_user *u, mais_act act,
		  const char *entity, const char *record_org);

/* Users (CLI `mais user` and /api/users).  A new user gets a random
 * one-time password (printed once by the caller) that must be changed at
 * first login. */
int mais_user_add(mais_store *s, const char *username,
		  const char *display_name, const char *organisation_uuid,
		  unsigned roles, char one_time_password[33]);
int mais_user_set_password(mais_store *s, const char *username,
			   char one_time_password[33]);
int mais_user_disable(mais_store *s, const char *username);
/* Number of users in the database. */
int mais_user_count(mais_store *s, long long *n);

#endif
