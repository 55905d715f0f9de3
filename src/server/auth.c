/*
 * auth.c — logins, sessions, login limits and CSRF (auth.h).
 *
 * Passwords: checked with the use-case layer's Argon2id (password.h).
 * An unknown or disabled user is checked against a dummy hash so that
 * the answer takes as long and says the same as a wrong password: a
 * login never tells which user names exist.
 *
 * Sessions: a token is 32 random bytes in hex; only its SHA-256 goes to
 * the store (users.h), so a copy of the database opens no session.
 * Times are whole seconds of UTC as ISO 8601 text, which compare as
 * text.
 *
 * Login limits: failures are counted in memory per address and per user
 * name ("a:" and "u:" keys) in a fixed table behind one mutex (the
 * server answers from a thread pool).  Five failures within 60 s lock
 * the key for 60 s; a locked login is refused before any hashing.  When
 * the table is full the entry least recently failed is reused, locked
 * ones last, so the table cannot grow with the number of attackers.
 */
#include "server/auth.h"
#include "service/password.h"
#include "service/users.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <ctype.h>
#include <stddef.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SESSION_S	   (12 * 3600)
#define TOKEN_S		   (90 * 24 * 3600)
#define LIMIT_FAILURES	   5
#define LIMIT_WINDOW_S	   60
#define LIMIT_LOCK_S	   60
#define LIMIT_ENTRIES	   1024
#define MIN_PASSWORD_CHARS 10

static const char wrong_login[] = "wrong user name or password";

/* --- clock ---------------------------------------------------------- */

static long long clock_offset;

void mais_auth_test_clock(long long offset_s)
{
	clock_offset = offset_s;
}

static time_t now_s(void)
{
	return time(NULL) + (time_t)clock_offset;
}

static void iso_utc(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- passwords ------------------------------------------------------- */

/* Spends the time of one verification on nothing, for an unknown or
 * disabled user: the dummy hash is made once per cost. */
static void verify_dummy(const char *password)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char dummy[crypto_pwhash_STRBYTES];
	static unsigned long long dummy_ops;
	static size_t dummy_mem;
	char hash[crypto_pwhash_STRBYTES];
	unsigned long long ops;
	size_t mem;

	pthread_mutex_lock(&lock);
	svc_password_cost(&ops, &mem);
	if (dummy_ops != ops || dummy_mem != mem) {
		if (svc_password_hash("mais dummy password", dummy) == 0) {
			dummy_ops = ops;
			dummy_mem = mem;
		}
	}
	memcpy(hash, dummy, sizeof hash);
	pthread_mutex_unlock(&lock);
	svc_password_verify(hash, password); /* refuses: that is its use */
}

/* Characters of a password (UTF-8 code points, not bytes). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* --- tokens ---------------------------------------------------------- */

static void random_hex(char out[65])
{
	unsigned char bytes[32];

	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2hex(out, 65, bytes, sizeof bytes);
	sodium_memzero(bytes, sizeof bytes);
}

static int is_token(const char *t)
{
	return t && strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64;
}

/* The hex SHA-256 of a token's text: what the store keeps. */
static void token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* --- login limits ---------------------------------------------------- */

typedef struct failures {
	char key[80];		   /* "a:<address>" or "u:<user name>" */
	time_t at[LIMIT_FAILURES]; /* recent failures, oldest first */
	int n;
	time_t locked_until;
} failures;

static pthread_mutex_t limit_lock = PTHREAD_MUTEX_INITIALIZER;
static failures limit_table[LIMIT_ENTRIES];

static void limit_key(char out[80], char kind, const char *what)
{
	size_t i = 2;

	out[0] = kind;
	out[1] = ':';
	for (; what && *what && i < 79; what++)
		out[i++] = kind == 'u' ? (char)tolower((unsigned char)*what)
				       : *what;
	out[i] = '\0';
}

/* The entry of key (with lock held), or NULL. */
static failures *limit_find(const char *key)
{
	for (int i = 0; i < LIMIT_ENTRIES; i++)
		if (limit_table[i].key[0] && !strcmp(limit_table[i].key, key))
			return &limit_table[i];
	return NULL;
}

/* A free entry, or the one least worth keeping. */
static failures *limit_slot(time_t now)
{
	failures *best = NULL;

	for (int i = 0; i < LIMIT_ENTRIES; i++) {
		failures *f = &limit_table[i];
		time_t last;

		if (!f->key[0])
			return f;
		last = f->n ? f->at[f->n - 1] : 0;
		if (f->locked_until > now)
			last = f->locked_until; /* keep locks longest */
		if (!best || last < (best->n ? best->at[best->n - 1] : 0))
			best = f;
	}
	memset(best, 0, sizeof *best);
	return best;
}

static int limit_locked(const char *key, time_t now)
{
	failures *f;
	int locked;

	pthread_mutex_lock(&limit_lock);
	f = limit_find(key);
	locked = f && f->locked_until > now;
	pthread_mutex_unlock(&limit_lock);
	return locked;
}

static void limit_fail(const char *key, time_t now)
{
	failures *f;
	int keep = 0;

	pthread_mutex_lock(&limit_lock);
	f = limit_find(key);
	if (!f) {
		f = limit_slot(now);
		snprintf(f->key, sizeof f->key, "%s", key);
	}
	for (int i = 0; i < f->n; i++) /* drop failures out of the window */
		if (now - f->at[i] < LIMIT_WINDOW_S)
			f->at[keep++] = f->at[i];
	f->n = keep;
	if (f->n == LIMIT_FAILURES) {
		memmove(f->at, f->at + 1, sizeof f->at[0] * (f->n - 1));
		f->n--;
	}
	f->at[f->n++] = now;
	if (f->n >= LIMIT_FAILURES) {
		f->locked_until = now + LIMIT_LOCK_S;
		f->n = 0;
	}
	pthread_mutex_unlock(&limit_lock);
}

static void limit_forget(const char *key)
{
	failures *f;

	pthread_mutex_lock(&limit_lock);
	f = limit_find(key);
	if (f)
		memset(f, 0, sizeof *f);
	pthread_mutex_unlock(&limit_lock);
}

void mais_auth_test_forget_failures(void)
{
	pthread_mutex_lock(&limit_lock);
	memset(limit_table, 0, sizeof limit_table);
	pthread_mutex_unlock(&limit_lock);
}

static int too_many(void)
{
	return mais_error_set(MAIS_ELIMIT,
			      "too many failed logins: try again in a minute");
}

/* --- sessions -------------------------------------------------------- */

static void fill_user(mais_user *u, const mais_user_info *info,
		      const char *csrf, int via_cookie, const char *address)
{
	memset(u, 0, offsetof(mais_user, p));
	snprintf(u->uuid, sizeof u->uuid, "%s", info->uuid);
	snprintf(u->username, sizeof u->username, "%s", info->username);
	snprintf(u->display_name, sizeof u->display_name, "%s",
		 info->display_name);
	snprintf(u->csrf_token, sizeof u->csrf_token, "%s", csrf);
	u->via_cookie = via_cookie;
	snprintf(u->address, sizeof u->address, "%s", address ? address : "");
	snprintf(u->number_format, sizeof u->number_format, "%s",
		 info->number_format);
	svc_principal_of(info, &u->p);
}

/* Stores a new session (or bearer token) of user and gives its token. */
static int open_session(mais_store *s, const mais_user_info *user,
			const char *address, int bearer, char token[65],
			char csrf[65])
{
	mais_actor who = {.user = user->username, .address = address};
	mais_session_info info;
	char hash[65];
	time_t now = now_s();
	int rc;

	memset(&info, 0, sizeof info);
	snprintf(info.user_uuid, sizeof info.user_uuid, "%s", user->uuid);
	info.bearer = bearer;
	iso_utc(now, info.created_at);
	iso_utc(now + (bearer ? TOKEN_S : SESSION_S), info.expires_at);
	snprintf(info.last_address, sizeof info.last_address, "%s",
		 address ? address : "");
	*csrf = '\0';
	if (!bearer)
		random_hex(csrf);
	snprintf(info.csrf_token, sizeof info.csrf_token, "%s", csrf);
	random_hex(token);
	token_hash(token, hash);
	rc = mais_store_session_purge(s, info.created_at);
	if (rc == 0)
		rc = mais_store_session_insert(s, hash, &info, &who);
	if (rc < 0)
		sodium_memzero(token, 65);
	return rc;
}

/* The user of username if password is theirs; MAIS_EINVAL with one
 * message for an unknown user, a disabled one and a wrong password. */
static int check_login(mais_store *s, const char *username,
		       const char *password, mais_user_info *info)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	int rc;

	rc = mais_store_user_find(s, username, info);
	if (rc == 0)
		rc = mais_store_user_password_hash(s, info->uuid, hash,
						   sizeof hash);
	if (rc < 0 && rc != MAIS_ENOTFOUND)
		return rc;
	if (rc == MAIS_ENOTFOUND || info->disabled || !*hash) {
		verify_dummy(password);
		return mais_error_set(MAIS_EINVAL, "%s", wrong_login);
	}
	if (svc_password_verify(hash, password) < 0)
		return mais_error_set(MAIS_EINVAL, "%s", wrong_login);
	return 0;
}

int mais_auth_login(mais_store *s, const char *address, const char *username,
		    const char *password, char token[65], mais_user *u)
{
	char akey[80], ukey[80], csrf[65];
	mais_user_info info;
	time_t now = now_s();
	int rc;

	*token = '\0';
	rc = svc_crypto_ready();
	if (rc < 0)
		return rc;
	limit_key(akey, 'a', address ? address : "");
	limit_key(ukey, 'u', username ? username : "");
	if (limit_locked(akey, now) || limit_locked(ukey, now))
		return too_many();
	rc = check_login(s, username, password, &info);
	if (rc == MAIS_EINVAL) {
		limit_fail(akey, now);
		limit_fail(ukey, now);
	}
	if (rc < 0)
		return rc;
	limit_forget(ukey);
	rc = open_session(s, &info, address, 0, token, csrf);
	if (rc == 0)
		fill_user(u, &info, csrf, 1, address);
	return rc;
}

static int no_session(void)
{
	return mais_error_set(MAIS_ENOTFOUND, "no such session");
}

int mais_auth_session(mais_store *s, const char *token, int bearer,
		      mais_user *u)
{
	mais_session_info info;
	mais_user_info user;
	char hash[65], now[32];
	int rc;

	if (!is_token(token))
		return no_session();
	token_hash(token, hash);
	rc = mais_store_session_find(s, hash, &info);
	if (rc < 0)
		return rc;
	iso_utc(now_s(), now);
	if (!info.bearer != !bearer || strcmp(info.expires_at, now) <= 0)
		return no_session();
	rc = mais_store_user_get(s, info.user_uuid, &user);
	if (rc == MAIS_ENOTFOUND || (rc == 0 && user.disabled))
		return no_session();
	if (rc == 0)
		fill_user(u, &user, info.csrf_token, !bearer,
			  info.last_address);
	return rc;
}

int mais_auth_logout(mais_store *s, const char *token)
{
	mais_session_info info;
	mais_user_info user;
	mais_actor who;
	char hash[65];
	int rc;

	if (!is_token(token))
		return no_session();
	token_hash(token, hash);
	rc = mais_store_session_find(s, hash, &info);
	if (rc == 0)
		rc = mais_store_user_get(s, info.user_uuid, &user);
	if (rc < 0)
		return rc;
	who.user = user.username;
	who.address = info.last_address;
	return mais_store_session_delete(s, hash, &who);
}

int mais_auth_new_token(mais_store *s, const mais_user *u, char token[65])
{
	mais_user_info info;
	char csrf[65];
	int rc;

	*token = '\0';
	rc = svc_crypto_ready();
	if (rc < 0)
		return rc;
	if (u->p.must_change_password)
		return mais_error_set(MAIS_EINVAL,
				      "change your password first");
	rc = mais_store_user_get(s, u->uuid, &info);
	if (rc == 0 && info.disabled)
		rc = mais_error_set(MAIS_EINVAL, "user %s is disabled",
				    info.username);
	if (rc < 0)
		return rc;
	return open_session(s, &info, u->address, 1, token, csrf);
}

static int check_new_password(const char *old_password,
			      const char *new_password)
{
	if (!new_password || utf8_chars(new_password) < MIN_PASSWORD_CHARS)
		return mais_error_set(MAIS_EINVAL,
				      "the new password needs at least %d "
				      "characters",
				      MIN_PASSWORD_CHARS);
	if (strlen(new_password) > MAIS_MAX_PASSWORD)
		return mais_error_set(MAIS_EINVAL,
				      "the new password is longer than %d "
				      "bytes",
				      MAIS_MAX_PASSWORD);
	if (old_password && strcmp(old_password, new_password) == 0)
		return mais_error_set(MAIS_EINVAL,
				      "the new password is the old one");
	return 0;
}

int mais_auth_change_password(mais_store *s, const mais_user *u,
			      const char *old_password,
			      const char *new_password)
{
	mais_actor who = {.user = u->username, .address = u->address};
	char hash[crypto_pwhash_STRBYTES] = "", ukey[80];
	time_t now = now_s();
	int rc;

	limit_key(ukey, 'u', u->username);
	if (limit_locked(ukey, now))
		return too_many();
	rc = mais_store_user_password_hash(s, u->uuid, hash, sizeof hash);
	if (rc < 0)
		return rc;
	if (svc_password_verify(hash, old_password) < 0) {
		limit_fail(ukey, now);
		return mais_error_set(MAIS_EINVAL, "wrong password");
	}
	rc = check_new_password(old_password, new_password);
	if (rc == 0)
		rc = svc_password_hash(new_password, hash);
	if (rc == 0)
		rc = mais_store_user_set_password(s, u->uuid, hash, 0, 0, &who);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int mais_auth_csrf_ok(const mais_user *u, const char *header)
{
	size_t len = strlen(u->csrf_token);

	if (!u->via_cookie)
		return 1;
	if (len != 64 || !header || strlen(header) != len)
		return 0;
	return sodium_memcmp(u->csrf_token, header, len) == 0;
}
