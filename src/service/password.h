/*
 * password.h — passwords of users: Argon2id hashes (libsodium
 * crypto_pwhash_str with the "interactive" limits; the hash string
 * carries its own parameters, so a hash made with other limits still
 * verifies) and one-time passwords that no reader confuses.  Used by
 * user management (users.h) and by the server's logins (auth.c).
 *
 * Errors: MAIS_EINVAL (a wrong password, one over MAIS_MAX_PASSWORD
 * bytes), MAIS_ENOMEM, MAIS_ERR (libsodium failed to start).
 */
#ifndef MAIS_SERVICE_PASSWORD_H
#define MAIS_SERVICE_PASSWORD_H

#include <stddef.h>

/* Starts libsodium once (every entry point below calls it). */
int svc_crypto_ready(void);

/* Argon2id hash of a password into hash (crypto_pwhash_STRBYTES = 128). */
int svc_password_hash(const char *password, char hash[128]);

/* 0 if password matches hash, MAIS_EINVAL if not. */
int svc_password_verify(const char *hash, const char *password);

/* A new one-time password of 20 characters (no 0/O/o, 1/l/I/i). */
void svc_password_one_time(char out[33]);

/* For tests only, before other threads hash: Argon2 limits (0, 0: back
 * to the interactive limits). */
void svc_password_test_cost(unsigned long long opslimit, size_t memlimit);

/* The current limits, so that a caller can tell they changed (the
 * server's dummy hash for unknown users is remade then). */
void svc_password_cost(unsigned long long *opslimit, size_t *memlimit);

#endif
