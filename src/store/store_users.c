/*
 * store_users.c — the store front for users, roles and sessions
 * (users.h), over the backend's "Users and sessions" entries.
 *
 * As for records, what every database shares lives here: checking what
 * comes in (user names, roles, that the organisation exists), new
 * UUIDs, times, the transaction around each change and its audit entry.
 * The audit entry names the user and what changed — never a password or
 * its hash, which the front passes through without looking at.
 *
 * Roles are bits in the order of the user_role vocabulary, read from
 * vocab.c itself so that there is one list of role codes.
 */
#include "mais/users.h"
#include "mais/error.h"
#include "mais/money.h"
#include "mais/schema.h"
#include "mais/vocab.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#define USER_ENTITY "mais_user" /* the entity named in audit entries */

static const mais_vocab *roles_vocab(void)
{
	return mais_vocab_find("user_role");
}

const char *mais_role_code(unsigned role)
{
	const mais_vocab *v = roles_vocab();

	for (size_t i = 0; v && i < v->count && i < 32; i++)
		if (role == 1u << i)
			return v->codes[i].code;
	return NULL;
}

/* The bit of one role code of len bytes, or 0. */
static unsigned role_bit(const char *code, size_t len)
{
	const mais_vocab *v = roles_vocab();

	for (size_t i = 0; v && i < v->count && i < 32; i++)
		if (strlen(v->codes[i].code) == len &&
		    strncmp(v->codes[i].code, code, len) == 0)
			return 1u << i;
	return 0;
}

int mais_roles_parse(const char *list, unsigned *roles)
{
	const char *p = list ? list : "";

	*roles = 0;
	while (*p) {
		size_t len;
		unsigned bit;

		p += strspn(p, " \t");
		len = strcspn(p, ",");
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		bit = role_bit(p, len);
		if (!bit)
			return mais_error_set(MAIS_EINVAL,
					      "unknown role '%.*s' (viewer, "
					      "data_entry, verifier, approver, "
					      "im_admin, sys_admin, "
					      "victim_assistance)",
					      (int)(len > 64 ? 64 : len), p);
		*roles |= bit;
		p += strcspn(p, ",");
		p += *p == ',';
	}
	if (!*roles)
		return mais_error_set(MAIS_EINVAL, "no role given");
	return 0;
}

int mais_roles_format(unsigned roles, char *out, size_t outlen)
{
	size_t used = 0;

	if (outlen)
		*out = '\0';
	for (unsigned bit = 1; bit & MAIS_ROLE_ALL; bit <<= 1) {
		int n;

		if (!(roles & bit))
			continue;
		n = snprintf(out + used, outlen - used, "%s%s", used ? "," : "",
			     mais_role_code(bit));
		if (n < 0 || (size_t)n >= outlen - used)
			return mais_error_set(MAIS_ELIMIT,
					      "role list longer than %zu bytes",
					      outlen);
		used += (size_t)n;
	}
	return 0;
}

static int check_username(const char *name)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "0123456789._-@";
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > MAIS_MAX_USERNAME || strspn(name, allowed) != len)
		return mais_error_set(MAIS_EINVAL,
				      "user name: 1 to %d of the letters A-Z "
				      "a-z, digits and . _ - @",
				      MAIS_MAX_USERNAME);
	return 0;
}

/* A token hash is 64 lower-case hex digits (SHA-256). */
static int check_token_hash(const char *h)
{
	if (!h || strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64)
		return mais_error_set(MAIS_EINVAL,
				      "a session key is 64 hex digits");
	return 0;
}

static int check_new_user(mais_store *s, const mais_user_new *u)
{
	const mais_entity *org = mais_schema_entity("organisation");
	const mais_store_backend *be;
	void *db;
	int64_t version;
	int rc;

	rc = check_username(u->username);
	if (rc < 0)
		return rc;
	if (u->display_name && strlen(u->display_name) > 127)
		return mais_error_set(MAIS_EINVAL,
				      "display name: at most 127 bytes");
	if (!u->roles || (u->roles & ~(unsigned)MAIS_ROLE_ALL))
		return mais_error_set(MAIS_EINVAL,
				      "a user needs at least one known role");
	if (!u->organisation_uuid)
		return 0;
	be = store_backend(s, &db);
	rc = be->record_version(db, org, u->organisation_uuid, &version);
	if (rc == MAIS_ENOTFOUND)
		return mais_error_set(MAIS_EINVAL,
				      "no organisation with UUID %s",
				      u->organisation_uuid);
	return rc;
}

/* The audit detail of a new user: who, roles, organisation. */
static void describe_user(const mais_user_new *u, char *out, size_t outlen)
{
	char roles[160];

	mais_roles_format(u->roles, roles, sizeof roles);
	snprintf(out, outlen, "user %s; roles %s; organisation %s", u->username,
		 roles, u->organisation_uuid ? u->organisation_uuid : "none");
}

static int audit(mais_store *s, const mais_actor *who, const char *action,
		 const char *uuid, const char *detail)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	char at[25];

	store_utc_now(at);
	return be->insert_audit(db, who, at, action, USER_ENTITY, uuid, 0,
				detail);
}

int mais_store_user_insert(mais_store *s, const mais_user_new *u,
			   const mais_actor *who, char uuid[37])
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	char at[25], detail[384];
	uuid_t id;
	int rc;

	*uuid = '\0';
	rc = check_new_user(s, u);
	if (rc < 0)
		return rc;
	uuid_generate_random(id);
	uuid_unparse_lower(id, uuid);
	store_utc_now(at);
	describe_user(u, detail, sizeof detail);
	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = be->user_insert(db, uuid, u, at);
	if (rc == 0)
		rc = audit(s, who, "user_create", uuid, detail);
	rc = store_write_end(s, rc);
	if (rc < 0)
		*uuid = '\0';
	return rc;
}

int mais_store_user_find(mais_store *s, const char *username,
			 mais_user_info *out)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	if (!username || !*username)
		return mais_error_set(MAIS_ENOTFOUND, "no user name given");
	return be->user_get(db, username, NULL, out);
}

int mais_store_user_get(mais_store *s, const char *uuid, mais_user_info *out)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	if (!uuid || !*uuid)
		return mais_error_set(MAIS_ENOTFOUND, "no user UUID given");
	return be->user_get(db, NULL, uuid, out);
}

int mais_store_user_password_hash(mais_store *s, const char *uuid, char *hash,
				  size_t outlen)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	return be->user_password_hash(db, uuid, hash, outlen);
}

/* Deletes every session and token of a user. */
static int end_user_sessions(mais_store *s, const char *uuid)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	int64_t n;

	return be->session_delete(db, NULL, uuid, &n);
}

int mais_store_user_set_password(mais_store *s, const char *uuid,
				 const char *password_hash,
				 int must_change_password, int end_sessions,
				 const mais_actor *who)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	int rc;

	if (!password_hash || !*password_hash)
		return mais_error_set(MAIS_EINVAL, "no password hash given");
	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = be->user_set_password(db, uuid, password_hash,
				   must_change_password);
	if (rc == 0 && end_sessions)
		rc = end_user_sessions(s, uuid);
	if (rc == 0)
		rc = audit(s, who, "user_password", uuid,
			   must_change_password
				   ? "one-time password set; to be changed "
				     "at next login"
				   : "password changed");
	return store_write_end(s, rc);
}

int mais_store_user_disable(mais_store *s, const char *uuid,
			    const mais_actor *who)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	int rc;

	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = be->user_disable(db, uuid);
	if (rc == 0)
		rc = end_user_sessions(s, uuid);
	if (rc == 0)
		rc = audit(s, who, "user_disable", uuid, NULL);
	return store_write_end(s, rc);
}

int mais_store_user_set_number_format(mais_store *s, const char *uuid,
				      const char *code, const mais_actor *who)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	char detail[64];
	int rc;

	if (!mais_number_format_find(code))
		return mais_error_set(MAIS_EINVAL,
				      "number format '%.16s': en, az or ru",
				      code ? code : "");
	snprintf(detail, sizeof detail, "number format %s", code);
	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = be->user_set_number_format(db, uuid, code);
	if (rc == 0)
		rc = audit(s, who, "user_settings", uuid, detail);
	return store_write_end(s, rc);
}

int mais_store_user_count(mais_store *s, int64_t *n)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	return be->user_count(db, n);
}

int mais_store_user_foreach(mais_store *s, mais_store_user_fn fn, void *ctx)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	return be->user_foreach(db, fn, ctx);
}

int mais_store_session_insert(mais_store *s, const char *token_hash,
			      const mais_session_info *info,
			      const mais_actor *who)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	char detail[128];
	int rc;

	rc = check_token_hash(token_hash);
	if (rc < 0)
		return rc;
	snprintf(detail, sizeof detail, "%s until %s",
		 info->bearer ? "bearer token" : "session", info->expires_at);
	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = be->session_insert(db, token_hash, info);
	if (rc == 0)
		rc = audit(s, who, info->bearer ? "token_create" : "login",
			   info->user_uuid, detail);
	return store_write_end(s, rc);
}

int mais_store_session_find(mais_store *s, const char *token_hash,
			    mais_session_info *out)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	if (check_token_hash(token_hash) < 0)
		return mais_error_set(MAIS_ENOTFOUND, "no such session");
	return be->session_find(db, token_hash, out);
}

int mais_store_session_delete(mais_store *s, const char *token_hash,
			      const mais_actor *who)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	mais_session_info info;
	int64_t n = 0;
	int rc;

	rc = mais_store_session_find(s, token_hash, &info);
	if (rc < 0)
		return rc;
	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = be->session_delete(db, token_hash, NULL, &n);
	if (rc == 0 && n == 0)
		rc = mais_error_set(MAIS_ENOTFOUND, "no such session");
	if (rc == 0)
		rc = audit(s, who, "logout", info.user_uuid,
			   info.bearer ? "bearer token" : "session");
	return store_write_end(s, rc);
}

int mais_store_session_purge(mais_store *s, const char *now)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	int rc;

	rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	return store_write_end(s, be->session_purge(db, now));
}
