/*
 * users.h — user management, the one place users are made and changed,
 * for `mais user` and the HTTP API alike.  A new user gets a random
 * one-time password of 20 characters (shown once by the caller) that
 * must be changed at first login.
 *
 * Policy (policy.h), for the acting principal: administering users
 * needs im_admin or sys_admin for the new user's organisation (an
 * operator's IM administrator: its own organisation or teams); roles
 * only as mais_policy_can_grant allows; and a user of an organisation of
 * type authority (who would see every organisation's records and
 * victims' names) only by a user of the authority, a system
 * administrator or the CLI.  The first user, with no organisation, must
 * be sys_admin.  User names are unique without regard to case.
 *
 * Errors: MAIS_EFORBIDDEN (the policy; "user.roles: ...",
 * "user.organisation_uuid: ..."), MAIS_EINVAL, MAIS_EEXISTS (the name is
 * taken, whatever its case), MAIS_ENOTFOUND (no such user), the store's.
 */
#ifndef MAIS_SERVICE_USERS_H
#define MAIS_SERVICE_USERS_H

#include "mais/policy.h"
#include "mais/users.h"

/* A new user, as asked. */
typedef struct svc_user_new {
	const char *username;
	const char *display_name;      /* or NULL */
	const char *organisation_uuid; /* NULL or "": none (first user) */
	unsigned roles;		       /* MAIS_ROLE_* */
} svc_user_new;

/* Adds the user, by who (the policy) as actor (the audit). */
int svc_user_add(mais_store *s, const mais_principal *who,
		 const mais_actor *actor, const svc_user_new *u,
		 char one_time_password[33]);

/* A new one-time password for username; the user's sessions and tokens
 * end. */
int svc_user_reset_password(mais_store *s, const mais_actor *actor,
			    const char *username, char one_time_password[33]);

/* Disables a user; their sessions and tokens end. */
int svc_user_disable(mais_store *s, const mais_actor *actor,
		     const char *username);

/* Sets how the user of user_uuid writes numbers and amounts (money.h:
 * "en", "az", "ru"), by who (the user of who_uuid; NULL for the CLI):
 * the user, or an administrator of the user's organisation
 * (MAIS_EFORBIDDEN otherwise). */
int svc_user_set_number_format(mais_store *s, const mais_principal *who,
			       const char *who_uuid, const mais_actor *actor,
			       const char *user_uuid, const char *code);

/* The principal (policy.h) of a stored user: its organisation, roles,
 * whether its organisation is an authority, and its teams. */
void svc_principal_of(const mais_user_info *u, mais_principal *out);

/* The principal of the user called username (MAIS_ENOTFOUND if none,
 * MAIS_EINVAL if disabled): the CLI acting as that user. */
int svc_principal_find(mais_store *s, const char *username,
		       mais_principal *out);

#endif
