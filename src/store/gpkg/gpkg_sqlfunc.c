/*
 * gpkg_sqlfunc.c — the SQL functions that GeoPackage's R-tree triggers
 * call (GeoPackage 1.3 §F.3): ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY,
 * ST_MaxY on GeoPackage geometry blobs.  GDAL registers its own on its
 * connections; mais registers these on its own, so that every insert keeps
 * the spatial index that QGIS and GDAL use.
 *
 * The envelope is read from the blob's header when it has one (all blobs
 * that mais writes do); otherwise the geometry is parsed.
 *
 * And mais_name_key(text): the gazetteer's name key (admin.h), so that a
 * search compares names as the admin-area matching does, without case,
 * accents or punctuation (gpkg_query.c).  Only mais's own queries call it:
 * no trigger, view or index of the file needs it, so GDAL and QGIS open
 * the file without it.
 */
#include "store/gpkg/gpkg_internal.h"
#include "mais/admin.h"
#include "mais/geom.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { F_EMPTY, F_MINX, F_MAXX, F_MINY, F_MAXY };

/* Envelope of a blob: 1 found, 0 empty geometry, -1 not a geometry. */
static int blob_envelope(const unsigned char *b, size_t n, double env[4])
{
	mais_geom *g = NULL;
	int rc;

	if (n >= 8 && b[0] == 'G' && b[1] == 'P') {
		int le = b[3] & 1, code = (b[3] >> 1) & 7;

		if (b[3] & 0x10)
			return 0;
		if (code >= 1 && code <= 4 && n >= 8 + 32) {
			for (int i = 0; i < 4; i++) {
				unsigned char raw[8];

				for (int k = 0; k < 8; k++)
					raw[k] = b[8 + 8 * i +
						   (le ? k : 7 - k)];
				memcpy(&env[i], raw, 8);
			}
			return 1;
		}
	}
	if (mais_geom_from_gpkg(&g, NULL, b, n) < 0)
		return -1;
	if (mais_geom_is_empty(g)) {
		mais_geom_free(g);
		return 0;
	}
	/* GeoPackage envelopes are [minx, maxx, miny, maxy] */
	rc = mais_geom_envelope(g, &env[0], &env[2], &env[1], &env[3]);
	mais_geom_free(g);
	return rc == 0 ? 1 : -1;
}

static void st_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int which = (int)(intptr_t)sqlite3_user_data(ctx);
	double env[4];
	int found;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_null(ctx);
		return;
	}
	found = blob_envelope(sqlite3_value_blob(argv[0]),
			      (size_t)sqlite3_value_bytes(argv[0]), env);
	if (which == F_EMPTY) {
		if (found < 0)
			sqlite3_result_null(ctx);
		else
			sqlite3_result_int(ctx, found == 0);
		return;
	}
	if (found <= 0 || isnan(env[which - 1]))
		sqlite3_result_null(ctx);
	else
		sqlite3_result_double(ctx, env[which - 1]);
}

/* mais_name_key(text): the key, or NULL for NULL or a text that has
 * none (not UTF-8, or over the limit of a text field). */
static void name_key_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);
	/* NFKD and case folding at most triple a name (ligatures) */
	size_t cap = 3 * len + 16;
	char *key;

	(void)argc;
	if (!text || !(key = malloc(cap))) {
		sqlite3_result_null(ctx);
		return;
	}
	if (mais_name_key(text, key, cap) == 0)
		sqlite3_result_text(ctx, key, -1, free);
	else {
		free(key);
		sqlite3_result_null(ctx);
	}
}

int gpkg_sqlfunc_register(sqlite3 *conn)
{
	if (sqlite3_create_function(
		    conn, "mais_name_key", 1,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		    name_key_func, NULL, NULL) != SQLITE_OK)
		return gpkg_error(conn, "mais_name_key");
	static const char *names[] = { "ST_IsEmpty", "ST_MinX", "ST_MaxX",
				       "ST_MinY", "ST_MaxY" };

	for (int i = 0; i < 5; i++)
		if (sqlite3_create_function(conn, names[i], 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
						    SQLITE_INNOCUOUS,
					    (void *)(intptr_t)i, st_func, NULL,
					    NULL) != SQLITE_OK)
			return gpkg_error(conn, names[i]);
	return 0;
}
