/*
 * fuzz_gpkg_blob.c — GeoPackage geometry blobs (mais_geom_from_gpkg), as
 * read from any GeoPackage a user opens or imports: header, flags,
 * envelope and WKB all come from outside.  A blob that parses is written
 * back and parsed again, which must give the same geometry (compared as
 * WKB bytes, so that NaN coordinates compare equal to themselves).
 */
#include "mais/geom.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int same_wkb(const mais_geom *a, const mais_geom *b)
{
	unsigned char *wa = NULL, *wb = NULL;
	size_t la = 0, lb = 0;
	int same;

	if (mais_geom_to_wkb(a, &wa, &la) != 0 ||
	    mais_geom_to_wkb(b, &wb, &lb) != 0)
		same = 1; /* nothing to compare */
	else
		same = la == lb && memcmp(wa, wb, la) == 0;
	free(wa);
	free(wb);
	return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mais_geom *g = NULL, *again = NULL;
	unsigned char *blob = NULL;
	size_t len = 0;
	int32_t srs = 0;

	if (mais_geom_from_gpkg(&g, &srs, data, size) == 0) {
		(void)mais_geom_num_points(g);
		if (mais_geom_to_gpkg(g, srs, &blob, &len) == 0) {
			if (mais_geom_from_gpkg(&again, NULL, blob, len) != 0)
				abort(); /* a blob we wrote does not read */
			if (!mais_geom_is_empty(g) && !same_wkb(g, again))
				abort(); /* ... or reads as another geometry */
		}
	}
	free(blob);
	mais_geom_free(again);
	mais_geom_free(g);
	return 0;
}
