/*
 * source.h — features read from a file of any format GDAL/OGR reads
 * (internal to io).  The import engine sees only this: a layer of
 * features, each with its fields as text (dates in ISO 8601) and its
 * geometry as WKB in the layer's CRS.
 */
#ifndef MAIS_IO_SOURCE_H
#define MAIS_IO_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct mais_reader mais_reader;

typedef struct mais_source_feature {
	int64_t index;            /* 0-based position in the layer */
	size_t nfields;
	const char *const *names; /* field names (UTF-8), borrowed */
	const char *const *values;/* NULL where the field is null */
	const unsigned char *wkb; /* ISO WKB, or NULL: no geometry */
	size_t wkb_len;
	const char *geom_problem; /* why a geometry present in the file
				     could not be read, or NULL */
	const char *flag_rule;    /* what the reader found that the records
				     made of it are flagged with (rule and
				     message: kml_holes.h), or NULL */
	const char *flag_message;
} mais_source_feature;

/*
 * Opens path (a .zip is read through GDAL's /vsizip/) and its layer
 * `layer`, or its only layer when layer is NULL (MAIS_EINVAL listing the
 * layers when there are several).  CSV files are opened with the
 * longitude/latitude and WKT columns GDAL recognises.  Errors name the
 * file: MAIS_ENOTFOUND, MAIS_EUNSUPPORTED (no driver), MAIS_EINVAL.
 */
int mais_source_open(mais_reader **out, const char *path, const char *layer);
void mais_source_close(mais_reader *src);

/* The layer's name (static for the source's life). */
const char *mais_source_layer(const mais_reader *src);

/* The layer's index in the file, as text ("0"): with the file's content
 * hash, the key of an import that does not depend on the file's name
 * (GeoJSON, CSV and Shapefile name their layer after the file). */
const char *mais_source_layer_key(const mais_reader *src);

/* The layer's CRS as PROJJSON for PROJ, "EPSG:4326" when it is WGS 84
 * longitude/latitude, or NULL when the file declares none. */
const char *mais_source_crs(const mais_reader *src);

/* The layer's field names (n of them), borrowed for the source's life. */
const char *const *mais_source_fields(const mais_reader *src, size_t *n);

/* Number of features, or -1 if the driver cannot tell cheaply. */
int64_t mais_source_count(mais_reader *src);

/* The next feature: 1 and *f filled (valid until the next call), 0 at the
 * end, or a negative code. */
int mais_source_next(mais_reader *src, mais_source_feature *f);

#endif
