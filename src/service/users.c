/*
 * users.c — user management (users.h): who may make whom, one-time
 * passwords, and the principal of a stored user.  The store keeps the
 * rows (mais/users.h); passwords are hashed by password.c.
 */
#include "service/users.h"
#include "service/password.h"
#include "mais/error.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void svc_principal_of(const mais_user_info *u, mais_principal *out)
{
	memset(out, 0, offsetof(mais_principal, teams));
	snprintf(out->organisation_uuid, sizeof out->organisation_uuid, "%s",
		 u->organisation_uuid);
	out->is_authority = u->is_authority;
	out->roles = u->roles;
	out->must_change_password = u->must_change_password;
	out->nteams = u->nteams;
	memcpy(out->teams, u->teams, u->nteams * sizeof u->teams[0]);
}

int svc_principal_find(mais_store *s, const char *username, mais_principal *out)
{
	mais_user_info info;
	int rc = mais_store_user_find(s, username, &info);

	if (rc == 0 && info.disabled)
		rc = mais_error_set(MAIS_EINVAL, "user %s is disabled",
				    info.username);
	if (rc == 0)
		svc_principal_of(&info, out);
	return rc;
}

/* Only the first user may have no organisation, and must be sys_admin;
 * checked inside the caller's transaction. */
static int check_first_user(mais_store *s, unsigned roles)
{
	int64_t n;
	int rc = mais_store_user_count(s, &n);

	if (rc < 0)
		return rc;
	if (n > 0)
		return mais_error_set(MAIS_EINVAL,
				      "an organisation is required (only the "
				      "first user may have none)");
	if (!(roles & MAIS_ROLE_SYS_ADMIN))
		return mais_error_set(MAIS_EINVAL,
				      "the first user, without organisation, "
				      "must be sys_admin");
	return 0;
}

/* who may make a user with roles in org (NULL: none). */
static int may_make(mais_store *s, const mais_principal *who, const char *org,
		    unsigned roles)
{
	mais_record *o = NULL;
	int rc = 0;

	if (!mais_policy_can(who, MAIS_ACT_ADMIN_USERS, NULL, org ? org : ""))
		return mais_error_set(MAIS_EFORBIDDEN,
				      "user.organisation_uuid: user "
				      "administration needs the im_admin or "
				      "sys_admin role, for one's own "
				      "organisation");
	if (!mais_policy_can_grant(who, roles))
		return mais_error_set(MAIS_EFORBIDDEN,
				      "user.roles: you may not give these "
				      "roles");
	if (org && (rc = mais_store_get(s, "organisation", org, &o)) == 0 &&
	    !mais_policy_org_type(who, mais_record_get(o, "org_type")))
		rc = mais_error_set(MAIS_EFORBIDDEN,
				    "user.organisation_uuid: only a user of "
				    "the authority adds users to an "
				    "authority");
	mais_record_free(o);
	if (rc == MAIS_ENOTFOUND)
		rc = mais_error_set(MAIS_EINVAL,
				    "user.organisation_uuid: no organisation "
				    "with UUID %s",
				    org);
	return rc;
}

/* Inserts the first user (no organisation) in a transaction that
 * counts the users first. */
static int insert_first(mais_store *s, const mais_user_new *nu,
			const mais_actor *actor, char uuid[37])
{
	int rc = mais_store_begin(s);

	if (rc < 0)
		return rc;
	rc = check_first_user(s, nu->roles);
	if (rc == 0)
		rc = mais_store_user_insert(s, nu, actor, uuid);
	if (rc < 0) {
		mais_store_rollback(s);
		return rc;
	}
	return mais_store_commit(s);
}

int svc_user_add(mais_store *s, const mais_principal *who,
		 const mais_actor *actor, const svc_user_new *u,
		 char one_time_password[33])
{
	const char *org = u->organisation_uuid && *u->organisation_uuid
				  ? u->organisation_uuid
				  : NULL;
	mais_user_new nu = {.username = u->username,
			    .display_name = u->display_name,
			    .organisation_uuid = org,
			    .roles = u->roles,
			    .must_change_password = 1};
	char hash[crypto_pwhash_STRBYTES], uuid[37];
	int rc;

	*one_time_password = '\0';
	rc = may_make(s, who, org, u->roles);
	if (rc == 0)
		rc = svc_crypto_ready();
	if (rc < 0)
		return rc;
	svc_password_one_time(one_time_password);
	rc = svc_password_hash(one_time_password, hash);
	nu.password_hash = hash;
	if (rc == 0)
		rc = org ? mais_store_user_insert(s, &nu, actor, uuid)
			 : insert_first(s, &nu, actor, uuid);
	if (rc < 0)
		sodium_memzero(one_time_password, 33);
	return rc;
}

int svc_user_reset_password(mais_store *s, const mais_actor *actor,
			    const char *username, char one_time_password[33])
{
	mais_user_info info;
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	*one_time_password = '\0';
	rc = svc_crypto_ready();
	if (rc == 0)
		rc = mais_store_user_find(s, username, &info);
	if (rc < 0)
		return rc;
	svc_password_one_time(one_time_password);
	rc = svc_password_hash(one_time_password, hash);
	if (rc == 0)
		rc = mais_store_user_set_password(s, info.uuid, hash, 1, 1,
						  actor);
	if (rc < 0)
		sodium_memzero(one_time_password, 33);
	return rc;
}

int svc_user_disable(mais_store *s, const mais_actor *actor,
		     const char *username)
{
	mais_user_info info;
	int rc = mais_store_user_find(s, username, &info);

	return rc < 0 ? rc : mais_store_user_disable(s, info.uuid, actor);
}

int svc_user_set_number_format(mais_store *s, const mais_principal *who,
			       const char *who_uuid, const mais_actor *actor,
			       const char *user_uuid, const char *code)
{
	mais_user_info info;
	int rc = mais_store_user_get(s, user_uuid, &info);

	if (rc < 0)
		return rc;
	if (!(who_uuid && strcmp(who_uuid, info.uuid) == 0) &&
	    !mais_policy_can(who, MAIS_ACT_ADMIN_USERS, NULL,
			     info.organisation_uuid))
		return mais_error_set(MAIS_EFORBIDDEN,
				      "user.number_format: only the user or "
				      "an administrator of the user's "
				      "organisation may set it");
	return mais_store_user_set_number_format(s, info.uuid, code, actor);
}
