/*
 * fuzz_kml_rings.c — the KML ring reader (kml_rings.h), as the import
 * runs it over a KML that GDAL opened: the bytes are fed in two chunks
 * (split where the first byte says, so that numbers and tags straddle
 * chunks), for both of GDAL's layouts and two layers.  Every placemark it
 * keeps must point at polygons, rings and points that exist.
 */
#include "io/kml_rings.h"

#include <stdint.h>
#include <stdlib.h>

static void check_placemark(const kml_scan *s, const kml_placemark *pm)
{
	for (size_t i = 0; i < pm->n; i++) {
		const kml_polygon *p = kml_scan_polygon(s, pm->at + i);

		if (!p)
			abort(); /* a polygon past the pool */
		for (size_t k = 0; k < p->n; k++) {
			const kml_ring *r = kml_scan_ring(s, p->at + k);

			if (!r)
				abort(); /* a ring past the pool */
			if (pm->whole && r->n &&
			    (!kml_scan_point(s, r->at) ||
			     !kml_scan_point(s, r->at + r->n - 1)))
				abort(); /* points not kept */
		}
	}
}

static void run(const uint8_t *data, size_t size, kml_layout layout, int layer)
{
	size_t cut = size ? data[0] % (size + 1) : 0;
	kml_scan *s;

	if (kml_scan_new(&s, layout, layer, "holes") != 0)
		return;
	if (kml_scan_feed(s, (const char *)data, cut) == 0 &&
	    kml_scan_feed(s, (const char *)data + cut, size - cut) == 0 &&
	    kml_scan_finish(s) == 0) {
		for (int64_t i = 0; i < 64; i++) {
			const kml_placemark *pm = kml_scan_find(s, i);

			if (pm && pm->index != i)
				abort(); /* found the wrong one */
			if (pm)
				check_placemark(s, pm);
		}
		if (kml_scan_several(s) < 0)
			abort();
		(void)kml_scan_problem(s);
	}
	kml_scan_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, KML_LAYOUT_LIBKML, 0);
	run(data, size, KML_LAYOUT_LIBKML, 1);
	run(data, size, KML_LAYOUT_KML, 0);
	run(data, size, KML_LAYOUT_KML, 1);
	return 0;
}
