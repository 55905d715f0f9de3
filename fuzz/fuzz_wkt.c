/*
 * fuzz_wkt.c — WKT text (mais_geom_from_wkt), as it comes in the WKT
 * column of a CSV or spreadsheet (--map geom_wkt=...).  The input is made
 * a C string; what parses is written back as WKT, which must parse again.
 */
#include "mais/geom.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *wkt = malloc(size + 1), *out = NULL;
	mais_geom *g = NULL, *again = NULL;

	if (!wkt)
		return 0;
	memcpy(wkt, data, size);
	wkt[size] = '\0';
	if (mais_geom_from_wkt(&g, wkt) == 0 &&
	    mais_geom_to_wkt(g, &out) == 0 &&
	    mais_geom_from_wkt(&again, out) != 0)
		abort(); /* WKT we wrote does not read back */
	free(out);
	mais_geom_free(again);
	mais_geom_free(g);
	free(wkt);
	return 0;
}
