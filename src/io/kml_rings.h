/*
 * kml_rings.h — the rings of a KML layer's polygons as the file writes
 * them (internal to io).
 *
 * OGC KML 2.2 lets one <innerBoundaryIs> hold several <LinearRing>s, and
 * real tools write them so; GDAL 3.6 keeps one of them (LIBKML the last,
 * KML the first) and the area comes out larger with no word.  This reader
 * streams the XML once (libxml2's SAX, fed in chunks: memory bounded by
 * MAIS_MAX_KML_KEPT_POINTS, whatever the file's size) and keeps every
 * placemark with such an <innerBoundaryIs> (a "several-ring placemark"),
 * with all its polygons and rings, so that in_kml_holes.c can match it to
 * GDAL's feature and restore the holes.
 *
 * Which placemarks make GDAL's layer N depends on the driver (kml_layout,
 * checked against ogrinfo of GDAL 3.6): a placemark is known by its layer
 * and its index among the layer's features, in document order.
 *
 * Ownership: a kml_scan is the caller's (kml_scan_free, which accepts
 * NULL); what the accessors return is borrowed from it.
 */
#ifndef MAIS_IO_KML_RINGS_H
#define MAIS_IO_KML_RINGS_H

#include <stddef.h>
#include <stdint.h>

typedef enum kml_layout {
	/* GDAL's LIBKML driver: the root container (the last feature of
	 * <kml>) is layer 0 when it holds a feature other than a container,
	 * then every container inside it in document order (preorder), empty
	 * or not; a layer's features are its own Placemarks and
	 * GroundOverlays. */
	KML_LAYOUT_LIBKML,
	/* GDAL's KML driver: every container holding Placemarks (the <kml>
	 * element too), each after the containers inside it (postorder); a
	 * layer's features are its own Placemarks that have a geometry. */
	KML_LAYOUT_KML,
} kml_layout;

/* A ring: n points, the first and last as the file writes them (always
 * kept, to match GDAL's rings), all of them from index `at` of the points
 * when its placemark was kept whole. */
typedef struct kml_ring {
	size_t at, n;
	double first[2], last[2];
	int has_z; /* some point has a third coordinate */
	int bad;   /* the coordinates could not be read (not 2 or 3 numbers) */
} kml_ring;

/* A polygon: rings [at, at + n) of kml_scan_ring, its outer ring first,
 * then the inner ones in document order (as GDAL's drivers put them). */
typedef struct kml_polygon {
	size_t at, n;
	int outer;   /* it has exactly one outer ring (ring at) */
	int several; /* one of its <innerBoundaryIs> holds several rings */
} kml_polygon;

/* A several-ring placemark: polygons [at, at + n) of kml_scan_polygon, in
 * document order (MultiGeometry flattened). */
typedef struct kml_placemark {
	int64_t index; /* among its layer's features, from 0 */
	size_t at, n;
	int whole; /* every point was kept (not over the limit) */
} kml_placemark;

typedef struct kml_scan kml_scan;

/*
 * A reader for the placemarks of layer `layer` (0-based) named `name`
 * (UTF-8; the layer's name as GDAL gives it, checked against the
 * container's <name>) in GDAL's `layout`.  Errors: MAIS_ENOMEM.
 */
int kml_scan_new(kml_scan **out, kml_layout layout, int layer,
		 const char *name);
void kml_scan_free(kml_scan *s);

/* The next len bytes of the document.  A document that is not XML is not
 * an error here (kml_scan_problem says so); errors: MAIS_ENOMEM. */
int kml_scan_feed(kml_scan *s, const char *buf, size_t len);

/* The end of the document: finds the layer's container and its
 * several-ring placemarks.  Errors: MAIS_ENOMEM. */
int kml_scan_finish(kml_scan *s);

/* After finish: NULL when the layer's placemarks were found, else why
 * not (the XML is malformed, the layer has no container or another name,
 * a limit was reached), a static or scan-owned string. */
const char *kml_scan_problem(const kml_scan *s);

/* 1 if the document is not well-formed XML (kml_scan_problem says
 * where); what was read before the error is kept. */
int kml_scan_malformed(const kml_scan *s);

/* Several-ring placemarks seen anywhere in the document. */
int64_t kml_scan_several(const kml_scan *s);

/* 1 if a NetworkLink to a relative href (a file in the archive) is a
 * feature of the root container: a KMZ's layers then come from the files
 * it links, as the LIBKML driver reads them. */
int kml_scan_has_links(const kml_scan *s);

/* The layer's several-ring placemark at feature index `index`, or NULL. */
const kml_placemark *kml_scan_find(const kml_scan *s, int64_t index);

/* The polygon, ring and point (x, y, z; z 0 when absent) numbered i. */
const kml_polygon *kml_scan_polygon(const kml_scan *s, size_t i);
const kml_ring *kml_scan_ring(const kml_scan *s, size_t i);
const double *kml_scan_point(const kml_scan *s, size_t i);

#endif
