/*
 * password.c — Argon2id password hashes and one-time passwords
 * (password.h), through libsodium.
 */
#include "service/password.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define OTP_CHARS 20

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;
static unsigned long long cost_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t cost_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

static void sodium_start(void)
{
	sodium_status = sodium_init();
}

int svc_crypto_ready(void)
{
	pthread_once(&sodium_once, sodium_start);
	if (sodium_status < 0)
		return mais_error_set(MAIS_ERR, "libsodium failed to start");
	return 0;
}

void svc_password_test_cost(unsigned long long opslimit, size_t memlimit)
{
	cost_ops = opslimit ? opslimit : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	cost_mem = memlimit ? memlimit : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

void svc_password_cost(unsigned long long *opslimit, size_t *memlimit)
{
	*opslimit = cost_ops;
	*memlimit = cost_mem;
}

int svc_password_hash(const char *password, char hash[128])
{
	size_t len = password ? strlen(password) : 0;
	int rc = svc_crypto_ready();

	if (rc < 0)
		return rc;
	if (len > MAIS_MAX_PASSWORD)
		return mais_error_set(MAIS_EINVAL,
				      "password longer than %d bytes",
				      MAIS_MAX_PASSWORD);
	if (crypto_pwhash_str(hash, password ? password : "", len, cost_ops,
			      cost_mem) != 0)
		return mais_error_set(MAIS_ENOMEM,
				      "out of memory hashing a password");
	return 0;
}

int svc_password_verify(const char *hash, const char *password)
{
	size_t len = password ? strlen(password) : 0;
	int rc = svc_crypto_ready();

	if (rc < 0)
		return rc;
	if (!hash || !*hash || len > MAIS_MAX_PASSWORD ||
	    crypto_pwhash_str_verify(hash, password ? password : "", len) != 0)
		return mais_error_set(MAIS_EINVAL, "wrong password");
	return 0;
}

void svc_password_one_time(char out[33])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz"
				       "ABCDEFGHJKLMNPQRSTUVWXYZ"
				       "23456789";

	for (int i = 0; i < OTP_CHARS; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[OTP_CHARS] = '\0';
}
