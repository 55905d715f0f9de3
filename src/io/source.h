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
 * longitude/latitude and WKT columns GDAL recognises.  encoding (or
 * NULL) is the encoding of a Shapefile's DBF or of a CSV file when it is
 * not UTF-8 ("CP1251", an iconv name): field names and values are read
 * as UTF-8 from it (MAIS_EINVAL for another format or an unknown name).
 * Errors name the file: MAIS_ENOTFOUND, MAIS_EUNSUPPORTED (no driver),
 * MAIS_EINVAL.
 */
int mais_source_open(mais_reader **out, const char *path, const char *layer,
		     const char *encoding);
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

/* The layer's OGRSpatialReferenceH, for the io code that asks GDAL about
 * it (import_crs.c), or NULL; borrowed for the source's life. */
void *mais_source_srs(const mais_reader *src);

/* GDAL's short name of the format ("GeoJSON", "ESRI Shapefile", "CSV"),
 * and the name GDAL opened ("/vsizip/..." for a .zip): static for the
 * source's life. */
const char *mais_source_driver(const mais_reader *src);
const char *mais_source_gdal_name(const mais_reader *src);

/* Every file the dataset is read from (GDAL's file list, with the
 * sidecars GDAL 3.6 leaves out of it: a Shapefile's .cpg, a CSV's .csvt
 * and .prj), main file first; free with mais_source_files_free.  NULL
 * when GDAL cannot tell (a .zip: its members are listed inside it). */
char **mais_source_files(const mais_reader *src);
void mais_source_files_free(char **files);

/* The content hash of the dataset opened from path, in hex (SHA-256,
 * in_digest.c): of the file alone when it is one (a .zip is hashed as
 * it is), else of every file's extension and content, main file first.
 * main_hex gets the main file's own hash (the key of versions of mais
 * that hashed only it).  MAIS_ENOTFOUND, MAIS_EIO naming a file. */
int mais_source_digest(const mais_reader *src, const char *path,
		       char hex[65], char main_hex[65]);

/* The layer's field names (n of them), borrowed for the source's life. */
const char *const *mais_source_fields(const mais_reader *src, size_t *n);

/* Number of features, or -1 if the driver cannot tell cheaply. */
int64_t mais_source_count(mais_reader *src);

/* The next feature: 1 and *f filled (valid until the next call), 0 at the
 * end, or a negative code. */
int mais_source_next(mais_reader *src, mais_source_feature *f);

#endif
