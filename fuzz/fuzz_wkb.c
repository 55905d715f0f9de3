/*
 * fuzz_wkb.c — ISO/OGC WKB (mais_geom_from_wkb), the form every feature's
 * geometry takes on its way from GDAL into the import engine.  What
 * parses then goes through the geometry rules of a hazard (the checks,
 * MakeValid repair and orientation every imported polygon gets) and the
 * geodesic area.
 */
#include "mais/geom.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mais_geom_rules rules = {.expect = MAIS_GEOM_GEOMETRY,
				 .area_feature = 1};
	mais_geom_findings f = {0};
	mais_geom *g = NULL;
	unsigned char *wkb = NULL;
	size_t len;

	if (mais_geom_from_wkb(&g, data, size) != 0)
		return 0;
	if (mais_geom_to_wkb(g, &wkb, &len) == 0)
		free(wkb);
	if (mais_geom_num_points(g) <= 10000) { /* keep each run fast */
		mais_geom_apply_rules(&g, &rules, &f);
		if (g)
			(void)mais_geom_area_m2(g);
	}
	mais_geom_free(g);
	return 0;
}
