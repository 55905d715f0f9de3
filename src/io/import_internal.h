/*
 * import_internal.h — the parts of the import engine (internal to io):
 * import.c runs files and stores, import_map.c fills records from
 * features, import_geom.c reads a feature's geometry into WGS 84.
 */
#ifndef MAIS_IO_IMPORT_INTERNAL_H
#define MAIS_IO_IMPORT_INTERNAL_H

#include "io/profile.h"
#include "io/source.h"
#include "mais/record.h"

/* The value of field name in f (NULL if null); *found = 0 if the source
 * has no such field. */
const char *imp_field(const mais_source_feature *f, const char *name,
		      int *found);

/*
 * A map value of f: a field's value, or a template "{A}-{B}-01" written
 * to out (outlen bytes), NULL when a field it names is null.  For a
 * typed target column c (a date or a number; NULL: text) a number in a
 * part loses its thousands separators and a sheet's ".0" ("2,006" ->
 * "2006").  *value is borrowed from f or out.  MAIS_ENOTFOUND naming a
 * field the source lacks; MAIS_ELIMIT when out is too small.
 */
int imp_template(const mais_source_feature *f, const char *spec,
		 const mais_column *c, char *out, size_t outlen,
		 const char **value);

/* 1 if the feature goes to output o ("when"). */
int imp_routed(const imp_output *o, const mais_source_feature *f);

/* Fills r from output o: constants, then mapped fields.  On failure *bad
 * names the target field and the last error says why. */
int imp_fill(const imp_output *o, const mais_source_feature *f,
	     mais_record *r, const char **bad);

/* The CRS a file is read in, decided before its features (import_crs.c):
 * the file's, or the user's (--srs, the profile's "srs") where the file
 * states none or only its format's default; identified by its parameters
 * when PROJ knows only a ballpark transformation from it.  Refused (a
 * negative code, the last error saying why and what to do) when the
 * user's and the file's disagree, when it matches several EPSG CRSs, or
 * when only a ballpark transformation is known and o->accept_ballpark is
 * not set.  Free with imp_crs_free (NULL accepted). */
typedef struct imp_crs imp_crs;
int imp_crs_decide(imp_crs **out, const mais_reader *src,
		   const imp_profile *p, const mais_import_opts *o);
void imp_crs_free(imp_crs *c);

/* Transforms g (read in the file's CRS) to WGS 84 lon/lat in place and
 * counts the operation used; nothing to do for lon/lat.  Errors of
 * mais_geom_transform_to_wgs84_ex. */
int imp_crs_transform(imp_crs *c, mais_geom *g);

/* The name of the ballpark operation the last feature's geometry went
 * through (borrowed), or NULL: the feature's records are flagged
 * crs_ballpark. */
const char *imp_crs_ballpark(const imp_crs *c);

/* Says the file's CRS and the transformations used (o->on_crs). */
void imp_crs_report(const imp_crs *c, const mais_import_opts *o,
		    const char *file, const char *layer);

/*
 * The feature's geometry in WGS 84 lon/lat: from the file (in the CRS
 * decided for it, crs), or from the geometry pseudo-targets of the
 * profile.  *out is NULL when the feature has none.  On failure returns a
 * negative code with *rule set ("unreadable_geometry", "unknown_crs",
 * "not_lonlat") and the last error saying why.
 */
int imp_feature_geom(const imp_profile *p, imp_crs *crs,
		     const mais_source_feature *f, mais_geom **out,
		     const char **rule);

#endif
