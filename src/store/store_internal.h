/*
 * store_internal.h — what the files of the store front share (internal):
 * store.c owns struct mais_store; store_users.c (and later parts of the
 * front) reach its backend and its write transactions through these, so
 * that every write of the front is made the same way.
 */
#ifndef MAIS_STORE_INTERNAL_H
#define MAIS_STORE_INTERNAL_H

#include "store/backend.h"

/* The backend of s and its state (*db). */
const mais_store_backend *store_backend(mais_store *s, void **db);

/* One write in the caller's explicit transaction, or in its own:
 * begin, then end with the write's rc (commits when rc is 0 and the
 * transaction is the write's own, rolls back when rc < 0); returns rc
 * or the commit's error. */
int store_write_begin(mais_store *s);
int store_write_end(mais_store *s, int rc);

/* Now as ISO 8601 UTC with milliseconds (YYYY-MM-DDThh:mm:ss.sssZ). */
void store_utc_now(char out[25]);


#endif
