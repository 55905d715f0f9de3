/*
 * testdb.c — a new database per test in a temporary folder (testdb.h).
 */
#define _XOPEN_SOURCE 700
#include "testdb.h"
#include "service/service.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int testdb_open(testdb *t)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/mais-test-XXXXXX");
	if (!mkdtemp(t->dir)) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(t->path, sizeof t->path, "%s/t.gpkg", t->dir);
	if (mais_store_open(&t->s, t->path, MAIS_STORE_CREATE, NULL) < 0) {
		fprintf(stderr, "%s\n", mais_error_last());
		return -1;
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void testdb_close(testdb *t)
{
	mais_store_close(t->s);
	t->s = NULL;
	nftw(t->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

long long testdb_sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

const char *testdb_add(testdb *t, const char *entity, const char *status,
		       const char *wkt, ...)
{
	static const mais_actor who = {.user = "tester", .address = "test"};
	static char uuids[64][37];
	static int next;
	mais_record *r;
	mais_geom *g = NULL;
	const char *col;
	char *u;
	va_list ap;

	assert_int_equal(mais_record_new(&r, entity), 0);
	assert_int_equal(mais_record_set_system(r, "status", status), 0);
	va_start(ap, wkt);
	while ((col = va_arg(ap, const char *))) {
		const char *val = va_arg(ap, const char *);

		if (val && mais_record_set(r, col, val) != 0)
			fail_msg("%s.%s: %s", entity, col, mais_error_last());
	}
	va_end(ap);
	if (wkt) {
		assert_int_equal(mais_geom_from_wkt(&g, wkt), 0);
		assert_int_equal(mais_record_set_geom(r, g), 0);
	}
	if (mais_store_insert(t->s, r, &who) != 0)
		fail_msg("insert %s: %s", entity, mais_error_last());
	u = uuids[next++ % 64];
	snprintf(u, 37, "%s", mais_record_uuid(r));
	mais_record_free(r);
	return u;
}

int testdb_setup(void **state)
{
	testdb *t = calloc(1, sizeof *t);

	if (!t || testdb_open(t) < 0) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

int testdb_teardown(void **state)
{
	testdb_close(*state);
	free(*state);
	return 0;
}

const mais_source *testdb_source(testdb *t)
{
	svc_source_of(t->s, &t->src);
	return &t->src;
}
