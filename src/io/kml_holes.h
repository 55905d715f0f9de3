/*
 * kml_holes.h — the holes GDAL drops from KML polygons, restored from the
 * file (internal to io; in_ogr.c calls it for each feature it reads).
 *
 * A KML <innerBoundaryIs> may hold several <LinearRing>s (OGC KML 2.2);
 * GDAL 3.6's LIBKML driver keeps the last of them and its KML driver the
 * first, so the polygon comes out larger with no word.  kml_rings.h reads
 * the rings from the XML; this matches them to GDAL's features and puts
 * the missing holes back, or says why it could not.
 *
 * Ownership: a kml_holes is the caller's (kml_holes_free accepts NULL).
 */
#ifndef MAIS_IO_KML_HOLES_H
#define MAIS_IO_KML_HOLES_H

#include <gdal.h>
#include <ogr_api.h>

#include <stdint.h>

typedef struct kml_holes kml_holes;

/*
 * For a dataset GDAL opened with its LIBKML or KML driver: reads the
 * document GDAL read (a KMZ's default KML, the first .kml in the archive)
 * once, streaming, and keeps the placemarks of `layer` whose
 * <innerBoundaryIs> holds several rings.  *out is NULL for any other
 * driver.  A document that cannot be read or matched is not an error:
 * the layer's polygons are then flagged kml_holes_unchecked (when it may
 * have such placemarks).  Errors: MAIS_ENOMEM.
 */
int kml_holes_open(kml_holes **out, GDALDatasetH ds, OGRLayerH layer);
void kml_holes_free(kml_holes *h);

/*
 * The feature f at `index` of the layer (0-based, in GDAL's order).  Where
 * the file's polygon has more rings than GDAL's, GDAL's are replaced by
 * the file's, in f's geometry (WGS 84 degrees, as the file).  *rule and
 * *message say what to flag on the records made of f, or are NULL:
 * "kml_holes_recovered" (holes restored), "kml_hole_lost" (a hole known
 * to be dropped could not be restored) or "kml_holes_unchecked"; both
 * are borrowed from h until the next call.  h may be NULL (nothing to
 * do).  Errors: MAIS_ENOMEM.
 */
int kml_holes_fix(kml_holes *h, int64_t index, OGRFeatureH f, const char **rule,
		  const char **message);

#endif
