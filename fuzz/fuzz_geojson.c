/*
 * fuzz_geojson.c — GeoJSON geometries (mais_geojson_read), as the HTTP
 * API takes them in a record's "geometry".  What reads is written back as
 * GeoJSON, which must read again to an equal geometry.
 */
#include "io/geojson.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, 0, NULL), *out = NULL;
	mais_geom *g = NULL, *again = NULL;

	if (j && mais_geojson_read(j, &g) == 0 && g) {
		if (mais_geojson_write(g, &out) != 0 ||
		    mais_geojson_read(out, &again) != 0 ||
		    (!mais_geom_is_empty(g) &&
		     !mais_geom_equals_exact(g, again)))
			abort(); /* GeoJSON we wrote does not read back */
	}
	json_decref(out);
	json_decref(j);
	mais_geom_free(again);
	mais_geom_free(g);
	return 0;
}
