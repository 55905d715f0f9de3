/*
 * geojson.h — GeoJSON geometries (RFC 7946) in and out of mais_geom, for
 * the HTTP API: a record's "geometry" member and the features of map
 * layers.  Coordinates are WGS 84 lon/lat; a third coordinate is
 * ignored on input and never written.
 *
 * Ownership: *out geometries are the caller's (mais_geom_free); *out JSON
 * values are new references the caller json_decref()s.
 *
 * Errors: MAIS_EINVAL (not a GeoJSON geometry, with the reason),
 * MAIS_ELIMIT (more than MAIS_MAX_VERTICES), MAIS_ENOMEM.
 */
#ifndef MAIS_IO_GEOJSON_H
#define MAIS_IO_GEOJSON_H

#include <jansson.h>
#include "mais/geom.h"

/* A geometry from a GeoJSON geometry object; JSON null gives *out NULL
 * and 0. */
int mais_geojson_read(const json_t *j, mais_geom **out);

/* The GeoJSON geometry object of g (JSON null when g is NULL). */
int mais_geojson_write(const mais_geom *g, json_t **out);

#endif
