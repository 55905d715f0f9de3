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

/*
 * The feature's geometry in WGS 84 lon/lat: from the file (in its CRS,
 * crs; NULL = the file says none, then p->srs if given, else lon/lat), or
 * from the geometry pseudo-targets of the profile.  *out is NULL when the
 * feature has none.  On failure returns a negative code with *rule set
 * ("unreadable_geometry", "unknown_crs", "not_lonlat") and the last error
 * saying why.
 */
int imp_feature_geom(const imp_profile *p, const char *crs,
		     const mais_source_feature *f, mais_geom **out,
		     const char **rule);

#endif
