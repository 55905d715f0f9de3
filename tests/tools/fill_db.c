/*
 * fill_db.c — test tool: `fill_db PATH` creates a new database at PATH
 * holding one record of every entity (tests/support/fill.c), for the
 * GeoPackage conformance test (ogrinfo, validate_gpkg.py, mais check).
 */
#include "fill.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	mais_actor who = { .user = "test", .address = "test" };
	mais_store *s;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: fill_db PATH\n");
		return 2;
	}
	if (mais_store_open(&s, argv[1], MAIS_STORE_CREATE, NULL) < 0) {
		fprintf(stderr, "fill_db: %s\n", mais_error_last());
		return 1;
	}
	rc = fill_every_entity(s, &who);
	mais_store_close(s);
	return rc < 0 ? 1 : 0;
}
