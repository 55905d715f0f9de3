/*
 * in_ogr.c — the reader of every format GDAL/OGR reads: GeoJSON,
 * Shapefile (also zipped), KML, GPX, GeoPackage, CSV, XLSX, FlatGeobuf, ...
 * All of them come out the same way (source.h), so the import engine has
 * one path for all.
 *
 * GDAL's errors are caught by a handler and turned into our last error;
 * its warnings on a feature are kept quiet, since the engine reports what
 * is wrong with each record in its own words.
 */
#include "io/source.h"
#include "io/kml_holes.h"
#include "io/recode.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mais_reader {
	GDALDatasetH ds;
	OGRLayerH layer;
	char *crs;          /* PROJJSON, "EPSG:4326" or NULL */
	char layer_key[16]; /* the layer's index in the file */
	int64_t next_index;
	OGRFeatureH feature;
	size_t nfields;
	char **names;
	char **values;
	unsigned char *wkb;
	size_t wkb_cap;
	kml_holes *kml; /* KML: the holes GDAL drops, restored */
	mais_recoder *recode; /* --encoding on a driver that does not
				 recode (CSV), or NULL */
};

static void quiet_handler(CPLErr cls, CPLErrorNum num, const char *msg)
{
	(void)cls;
	(void)num;
	(void)msg;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static GDALDatasetH open_dataset(const char *path, const char *encoding)
{
	/* GDAL's CSV driver finds geometry in these columns */
	static const char *csv_opts[] = {
		"X_POSSIBLE_NAMES=lon,longitude,long,lng,x",
		"Y_POSSIBLE_NAMES=lat,latitude,y",
		"GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom",
		"KEEP_GEOM_COLUMNS=NO",
		NULL,
	};
	char vsi[4096], enc[80];
	const char *name = path;
	/* the Shapefile driver recodes the DBF from this encoding, whatever
	 * its .cpg says; drivers without the option ignore it */
	const char *enc_opts[] = { enc, NULL };

	if (ends_with(path, ".zip")) {
		snprintf(vsi, sizeof vsi, "/vsizip/%s", path);
		name = vsi;
	}
	/* a sheet's first row names the fields: GDAL's guess takes an
	 * all-text sheet's header for data.  The drivers read it as a
	 * configuration option, set for this thread only (in_ogr_close
	 * clears it) since the sheet is parsed as it is read. */
	CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
	CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
	if (encoding) {
		snprintf(enc, sizeof enc, "ENCODING=");
		mais_encoding_name(encoding, enc + 9, sizeof enc - 9);
	}
	return GDALOpenEx(name, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
			  ends_with(path, ".csv") ? csv_opts
			  : encoding		  ? enc_opts
						  : NULL,
			  NULL);
}

static int pick_layer(mais_reader *src, const char *path, const char *name)
{
	int n = GDALDatasetGetLayerCount(src->ds);
	char list[1024] = "";

	if (name) {
		for (int i = 0; i < n && !src->layer; i++)
			if (!strcmp(OGR_L_GetName(GDALDatasetGetLayer(src->ds, i)),
				    name)) {
				src->layer = GDALDatasetGetLayer(src->ds, i);
				snprintf(src->layer_key, sizeof src->layer_key,
					 "%d", i);
			}
		if (!src->layer)
			return mais_error_set(MAIS_ENOTFOUND,
					      "%s: no layer '%s'", path, name);
		return 0;
	}
	if (n == 1) {
		src->layer = GDALDatasetGetLayer(src->ds, 0);
		snprintf(src->layer_key, sizeof src->layer_key, "0");
		return 0;
	}
	for (int i = 0; i < n && i < 50; i++) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof list - len, "%s'%s'", i ? ", " : "",
			 OGR_L_GetName(GDALDatasetGetLayer(src->ds, i)));
	}
	return mais_error_set(MAIS_EINVAL,
			      "%s has %d layers (%s): choose one with --layer",
			      path, n, list);
}

/* The layer's CRS, in the form mais_geom_transform_to_wgs84 takes. */
static int layer_crs(mais_reader *src)
{
	OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(src->layer);
	const char *auth, *code;
	char *json = NULL;

	if (!srs)
		return 0;
	auth = OSRGetAuthorityName(srs, NULL);
	code = OSRGetAuthorityCode(srs, NULL);
	if ((auth && code && !strcasecmp(auth, "EPSG") && !strcmp(code, "4326")) ||
	    (auth && code && !strcasecmp(auth, "OGC") && !strcmp(code, "CRS84"))) {
		src->crs = strdup("EPSG:4326");
	} else if (OSRExportToPROJJSON(srs, &json, NULL) == OGRERR_NONE) {
		src->crs = strdup(json);
		CPLFree(json);
	} else {
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "layer %s: CRS cannot be exported",
				      OGR_L_GetName(src->layer));
	}
	return src->crs ? 0 : mais_error_nomem();
}

/* --encoding NAME: GDAL recodes a Shapefile's DBF (the ENCODING open
 * option); a CSV's bytes are recoded here as they are read; the other
 * formats state their own encoding (UTF-8 mostly), and are refused. */
static int set_encoding(mais_reader *src, const char *path,
			const char *encoding)
{
	const char *driver = mais_source_driver(src);
	mais_recoder *check;
	int rc;

	if (!encoding)
		return 0;
	if (!strcmp(driver, "CSV"))
		return mais_recoder_new(&src->recode, encoding);
	if (strcmp(driver, "ESRI Shapefile"))
		return mais_error_set(MAIS_EINVAL,
				      "%s: --encoding is for Shapefile (DBF) "
				      "and CSV files; a %s file states its "
				      "own encoding",
				      path, driver);
	rc = mais_recoder_new(&check, encoding); /* a name iconv knows */
	mais_recoder_free(check);
	return rc;
}

/* A copy of text from the file, recoded if --encoding says so. */
static char *text_of(const mais_reader *src, const char *text)
{
	return src->recode ? mais_recode(src->recode, text) : strdup(text);
}

static int read_schema(mais_reader *src)
{
	OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->layer);

	src->nfields = (size_t)OGR_FD_GetFieldCount(defn);
	src->names = calloc(src->nfields + 1, sizeof *src->names);
	src->values = calloc(src->nfields + 1, sizeof *src->values);
	if (!src->names || !src->values)
		return mais_error_nomem();
	for (size_t i = 0; i < src->nfields; i++) {
		src->names[i] = text_of(
			src,
			OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)i)));
		if (!src->names[i])
			return mais_error_nomem();
	}
	return 0;
}

int mais_source_open(mais_reader **out, const char *path, const char *layer,
		     const char *encoding)
{
	mais_reader *src;
	int rc;

	*out = NULL;
	GDALAllRegister();
	src = calloc(1, sizeof *src);
	if (!src)
		return mais_error_nomem();
	CPLErrorReset();
	CPLPushErrorHandler(quiet_handler);
	src->ds = open_dataset(path, encoding);
	CPLPopErrorHandler();
	if (!src->ds) {
		rc = mais_error_set(MAIS_EUNSUPPORTED,
				    "%s: cannot be read as vector data (%s)",
				    path,
				    *CPLGetLastErrorMsg() ? CPLGetLastErrorMsg()
							  : "no GDAL driver");
		free(src);
		return rc;
	}
	rc = pick_layer(src, path, layer);
	if (rc == 0)
		rc = set_encoding(src, path, encoding);
	if (rc == 0)
		rc = layer_crs(src);
	if (rc == 0)
		rc = read_schema(src);
	if (rc == 0)
		rc = kml_holes_open(&src->kml, src->ds, src->layer);
	if (rc < 0) {
		mais_source_close(src);
		return rc;
	}
	OGR_L_ResetReading(src->layer);
	*out = src;
	return 0;
}

static void free_values(mais_reader *src)
{
	for (size_t i = 0; src->values && i < src->nfields; i++) {
		free(src->values[i]);
		src->values[i] = NULL;
	}
}

void mais_source_close(mais_reader *src)
{
	if (!src)
		return;
	free_values(src);
	for (size_t i = 0; src->names && i < src->nfields; i++)
		free(src->names[i]);
	free(src->names);
	free(src->values);
	free(src->wkb);
	free(src->crs);
	kml_holes_free(src->kml);
	mais_recoder_free(src->recode);
	if (src->feature)
		OGR_F_Destroy(src->feature);
	if (src->ds)
		GDALClose(src->ds);
	CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
	CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", NULL);
	free(src);
}

const char *mais_source_layer(const mais_reader *src)
{
	return OGR_L_GetName(src->layer);
}

const char *mais_source_layer_key(const mais_reader *src)
{
	return src->layer_key;
}

const char *mais_source_crs(const mais_reader *src)
{
	return src->crs;
}

void *mais_source_srs(const mais_reader *src)
{
	return OGR_L_GetSpatialRef(src->layer);
}

const char *mais_source_driver(const mais_reader *src)
{
	return GDALGetDriverShortName(GDALGetDatasetDriver(src->ds));
}

const char *mais_source_gdal_name(const mais_reader *src)
{
	return GDALGetDescription(src->ds);
}

/* Adds the sidecar of file with extension ext (".cpg") when it exists
 * and is not listed yet. */
static char **add_sidecar(char **list, const char *file, const char *ext)
{
	char *name = CPLStrdup(CPLResetExtension(file, ext));

	if (CSLFindString(list, name) < 0 && CPLCheckForFile(name, NULL))
		list = CSLAddString(list, name);
	CPLFree(name);
	return list;
}

char **mais_source_files(const mais_reader *src)
{
	/* files GDAL 3.6's list leaves out though the driver reads them */
	static const struct {
		const char *driver, *of, *sidecar;
	} extra[] = {
		{ "ESRI Shapefile", "dbf", "cpg" },
		{ "ESRI Shapefile", "dbf", "CPG" },
		{ "CSV", "csv", "csvt" },
		{ "CSV", "csv", "prj" },
	};
	char **list = GDALGetFileList(src->ds);
	int n = CSLCount(list);

	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++)
			if (!strcmp(mais_source_driver(src), extra[k].driver) &&
			    !strcasecmp(CPLGetExtension(list[i]), extra[k].of))
				list = add_sidecar(list, list[i],
						   extra[k].sidecar);
	return list;
}

void mais_source_files_free(char **files)
{
	CSLDestroy(files);
}

const char *const *mais_source_fields(const mais_reader *src, size_t *n)
{
	*n = src->nfields;
	return (const char *const *)src->names;
}

int64_t mais_source_count(mais_reader *src)
{
	return (int64_t)OGR_L_GetFeatureCount(src->layer, FALSE);
}

/* A field as text: dates and times in ISO 8601, the rest as GDAL writes
 * them. */
static char *field_text(const mais_reader *src, OGRFeatureH f, int i)
{
	OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
	int y, mo, d, h, mi, tz;
	float s;
	char buf[40];

	if (!OGR_F_IsFieldSetAndNotNull(f, i))
		return NULL;
	if ((t == OFTDate || t == OFTDateTime) &&
	    OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &s, &tz)) {
		if (t == OFTDate || (h == 0 && mi == 0 && s == 0))
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
		else
			snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ",
				 y, mo, d, h, mi, (int)s);
		return strdup(buf);
	}
	return text_of(src, OGR_F_GetFieldAsString(f, i));
}

static int read_geometry(mais_reader *src, mais_source_feature *out)
{
	OGRGeometryH g = OGR_F_GetGeometryRef(src->feature);
	size_t len;

	out->wkb = NULL;
	out->wkb_len = 0;
	out->geom_problem = NULL;
	if (!g)
		return 0;
	len = (size_t)OGR_G_WkbSizeEx(g);
	if (len > MAIS_MAX_GEOMETRY_BYTES) {
		out->geom_problem = "geometry larger than MAIS_MAX_GEOMETRY_BYTES";
		return 0;
	}
	if (len > src->wkb_cap) {
		unsigned char *grown = realloc(src->wkb, len);

		if (!grown)
			return mais_error_nomem();
		src->wkb = grown;
		src->wkb_cap = len;
	}
	if (OGR_G_ExportToIsoWkb(g, wkbNDR, src->wkb) != OGRERR_NONE) {
		out->geom_problem = "GDAL cannot write this geometry as WKB";
		return 0;
	}
	out->wkb = src->wkb;
	out->wkb_len = len;
	return 0;
}

int mais_source_next(mais_reader *src, mais_source_feature *out)
{
	if (src->feature)
		OGR_F_Destroy(src->feature);
	free_values(src);
	CPLPushErrorHandler(quiet_handler);
	src->feature = OGR_L_GetNextFeature(src->layer);
	CPLPopErrorHandler();
	if (!src->feature)
		return 0;
	for (size_t i = 0; i < src->nfields; i++)
		if (OGR_F_IsFieldSetAndNotNull(src->feature, (int)i) &&
		    !(src->values[i] = field_text(src, src->feature, (int)i)))
			return mais_error_nomem();
	if (kml_holes_fix(src->kml, src->next_index, src->feature,
			  &out->flag_rule, &out->flag_message) < 0)
		return mais_error_last_code();
	out->index = src->next_index++;
	out->nfields = src->nfields;
	out->names = (const char *const *)src->names;
	out->values = (const char *const *)src->values;
	return read_geometry(src, out) < 0 ? mais_error_last_code() : 1;
}
