/*
 * testdb.h — test support: a new database in its own temporary folder,
 * removed afterwards, and a way to look at it with plain SQL (an
 * independent look: not through mais's store).
 */
#ifndef MAIS_TEST_TESTDB_H
#define MAIS_TEST_TESTDB_H

#include "mais/mais.h"

typedef struct testdb {
	char dir[64];	/* the temporary folder */
	char path[128]; /* dir/t.gpkg */
	mais_store *s;	/* open on path */
} testdb;

/* Creates the folder and a new database in it; -1 on failure (printed). */
int testdb_open(testdb *t);

/* Closes the store (if open) and removes the folder. */
void testdb_close(testdb *t);

/* One integer from SQL run with SQLite directly on the file; -1 when the
 * query gives no row. */
long long testdb_sql_int(const char *path, const char *sql);

/* cmocka setup/teardown giving a testdb as the state. */
int testdb_setup(void **state);
int testdb_teardown(void **state);

#endif
