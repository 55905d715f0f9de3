/*
 * users.h — users, their roles and their sessions, as the store keeps
 * them.  This is storage only: user management (one-time passwords, who
 * may make whom) is the use-case layer's (src/service/users.c), who may
 * do what is the policy's (policy.h; the MAIS_ROLE_* bits are roles.h),
 * and sessions and tokens are the server's (src/server/auth.c).
 *
 * A user belongs to at most one organisation and holds roles for it
 * (DESIGN.md "Users and permissions").  Roles are bits, in the order of
 * the user_role vocabulary (vocab.c), so that role i is the code
 * mais_role_code(1u << i).  A session (web login) or a bearer token (API
 * client) is kept only as the SHA-256 of its token, in hex: the database
 * never holds anything that opens a session by itself.
 *
 * Every change of a user (creation, password, disabling) and every
 * session opened or closed writes an entry in the audit log, in the same
 * transaction; the entry never holds a password or a hash.
 *
 * Ownership: structs are the caller's (no pointers inside); strings
 * passed in stay the caller's.
 *
 * Errors: MAIS_EINVAL (bad user name, unknown role, no such
 * organisation), MAIS_EEXISTS (user name taken, whatever its case), MAIS_ENOTFOUND (no such
 * user or session), MAIS_ELIMIT (an organisation with more than
 * MAIS_MAX_ORG_TEAMS teams), MAIS_ESTORE.
 */
#ifndef MAIS_USERS_H
#define MAIS_USERS_H

#include <stddef.h>
#include <stdint.h>
#include "mais/limits.h"
#include "mais/roles.h"
#include "mais/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The code of one role bit ("viewer"), or NULL if role is not exactly
 * one known bit.  Static. */
const char *mais_role_code(unsigned role);

/* Parses "viewer,data_entry" (blanks around commas allowed) into role
 * bits; MAIS_EINVAL naming an unknown code or an empty list. */
int mais_roles_parse(const char *list, unsigned *roles);

/* Writes the codes of roles, comma-separated, to out ("" for none);
 * truncates to outlen (MAIS_ELIMIT then). */
int mais_roles_format(unsigned roles, char *out, size_t outlen);

/* A user as stored (never the password hash). */
typedef struct mais_user_info {
	char uuid[37];
	char username[MAIS_MAX_USERNAME + 1];
	char display_name[128];
	char organisation_uuid[37]; /* "" for none */
	int is_authority;	    /* the organisation's org_type is
				       "authority" */
	unsigned roles;		    /* MAIS_ROLE_* */
	int must_change_password;
	int disabled;
	char created_at[32]; /* ISO 8601 UTC */
	/* how the user writes numbers and amounts (money.h
	 * mais_number_format_find): "en", "az", "ru"; "" when never chosen
	 * (MAIS_NUMBER_FORMAT_DEFAULT then) */
	char number_format[8];
	/* Every organisation under the user's (parent_uuid, at any depth):
	 * the teams whose records the user also sees.  Filled by the finds
	 * only; mais_store_user_foreach leaves it empty. */
	size_t nteams;
	char teams[MAIS_MAX_ORG_TEAMS][37];
} mais_user_info;

/* A new user. */
typedef struct mais_user_new {
	const char *username;	       /* 1-63 of A-Z a-z 0-9 . _ - @ */
	const char *display_name;      /* NULL or at most 127 bytes */
	const char *organisation_uuid; /* NULL for none */
	unsigned roles;		       /* at least one */
	const char *password_hash;     /* as crypto_pwhash_str writes it */
	int must_change_password;
} mais_user_new;

/* Stores a new user with roles for its organisation and audits
 * "user_create"; *uuid (caller's buffer of 37) is the new user's. */
int mais_store_user_insert(mais_store *s, const mais_user_new *u,
			   const mais_actor *who, char uuid[37]);

/* Finds a user by name (without regard to case: user names are unique
 * without it) or by UUID; MAIS_ENOTFOUND if none. */
int mais_store_user_find(mais_store *s, const char *username,
			 mais_user_info *out);
int mais_store_user_get(mais_store *s, const char *uuid, mais_user_info *out);

/* The stored password hash of a user ("" if none was ever set) into
 * hash (outlen bytes; crypto_pwhash_STRBYTES is enough). */
int mais_store_user_password_hash(mais_store *s, const char *uuid, char *hash,
				  size_t outlen);

/* Sets a user's password hash and must-change flag and audits
 * "user_password".  With end_sessions, the user's sessions and tokens
 * are deleted too (a password reset by an administrator). */
int mais_store_user_set_password(mais_store *s, const char *uuid,
				 const char *password_hash,
				 int must_change_password, int end_sessions,
				 const mais_actor *who);

/* Disables a user, deletes their sessions and tokens, and audits
 * "user_disable".  A disabled user stays (the audit log names them). */
int mais_store_user_disable(mais_store *s, const char *uuid,
			    const mais_actor *who);

/* Sets how a user writes numbers and amounts: a code of
 * mais_number_format_find ("en", "az", "ru"), MAIS_EINVAL naming the
 * codes otherwise; audits "user_settings".  Who may set it is the
 * caller's (service/users.h). */
int mais_store_user_set_number_format(mais_store *s, const char *uuid,
				      const char *code, const mais_actor *who);

/* Number of users, disabled ones included. */
int mais_store_user_count(mais_store *s, int64_t *n);

/* Calls fn for every user in order of creation, with a struct borrowed
 * for the call (teams left empty).  Stops with fn's value if not 0. */
typedef int (*mais_store_user_fn)(const mais_user_info *u, void *ctx);
int mais_store_user_foreach(mais_store *s, mais_store_user_fn fn, void *ctx);

/* A session or bearer token.  Times are ISO 8601 UTC as the caller
 * wrote them (YYYY-MM-DDThh:mm:ssZ compares as text). */
typedef struct mais_session_info {
	char user_uuid[37];
	int bearer;	     /* 0: a cookie session; 1: a bearer token */
	char csrf_token[65]; /* "" for a bearer token */
	char created_at[32];
	char expires_at[32];
	char last_address[64]; /* where it was opened from */
} mais_session_info;

/* Stores a session under token_hash (64 hex: SHA-256 of the token) and
 * audits "login" (session) or "token_create" (bearer token). */
int mais_store_session_insert(mais_store *s, const char *token_hash,
			      const mais_session_info *info,
			      const mais_actor *who);

/* The session of token_hash, expired or not; MAIS_ENOTFOUND if none. */
int mais_store_session_find(mais_store *s, const char *token_hash,
			    mais_session_info *out);

/* Deletes the session of token_hash and audits "logout";
 * MAIS_ENOTFOUND if there is none. */
int mais_store_session_delete(mais_store *s, const char *token_hash,
			      const mais_actor *who);

/* Deletes every session and token that expired before now (ISO 8601
 * UTC); housekeeping, not audited. */
int mais_store_session_purge(mais_store *s, const char *now);

#ifdef __cplusplus
}
#endif
#endif
