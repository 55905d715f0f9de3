/*
 * testdb.h — test support: a new database in its own temporary folder,
 * removed afterwards, and a way to look at it with plain SQL (an
 * independent look: not through mais's store).
 */
#ifndef MAIS_TEST_TESTDB_H
#define MAIS_TEST_TESTDB_H

#include "mais/mais.h"
#include "mais/source.h"

typedef struct testdb {
	char dir[64];	/* the temporary folder */
	char path[128]; /* dir/t.gpkg */
	mais_store *s;	/* open on path */
	mais_source src; /* over s (testdb_source) */
} testdb;

/* Creates the folder and a new database in it; -1 on failure (printed). */
int testdb_open(testdb *t);

/* Closes the store (if open) and removes the folder. */
void testdb_close(testdb *t);

/* One integer from SQL run with SQLite directly on the file; -1 when the
 * query gives no row. */
long long testdb_sql_int(const char *path, const char *sql);

/* Stores a record of entity with the workflow status, a geometry (WKT or
 * NULL) and column/value pairs ended by NULL (a NULL value is skipped),
 * failing the test on any error.  Returns its uuid, in a ring of 64
 * buffers (valid for the next 63 calls). */
const char *testdb_add(testdb *t, const char *entity, const char *status,
		       const char *wkt, ...);

/* A source over t->s, what the use-case layer hands a report of the
 * core (svc_source_of); borrowed from t. */
const mais_source *testdb_source(testdb *t);

/* cmocka setup/teardown giving a testdb as the state. */
int testdb_setup(void **state);
int testdb_teardown(void **state);

#endif
