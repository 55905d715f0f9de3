/*
 * import_geom.c — a feature's geometry, brought to WGS 84 longitude /
 * latitude on entry (DESIGN.md: input in any CRS is transformed with PROJ).
 * Geometry comes from the file (WKB from GDAL) or, for tables, from
 * longitude/latitude or WKT fields named in the profile.  The CRS is
 * decided once per file (import_crs.c); a file that declares no CRS is
 * taken as lon/lat unless --srs says otherwise, and the geometry rules
 * then refuse projected metres, never taking them for degrees.
 */
#include "io/import_internal.h"
#include "mais/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The spec of a geometry pseudo-target in any output, or NULL. */
static const char *pseudo(const imp_profile *p, const char *target)
{
	for (size_t i = 0; i < p->noutputs; i++) {
		json_t *v = json_object_get(p->outputs[i].map, target);

		if (json_is_string(v))
			return json_string_value(v);
	}
	return NULL;
}

/* A point or WKT geometry from fields; *out NULL when they are empty. */
static int from_fields(const imp_profile *p, const mais_source_feature *f,
		       mais_geom **out)
{
	const char *wkt = pseudo(p, "geom_wkt"), *lon = pseudo(p, "geom_lon"),
		   *lat = pseudo(p, "geom_lat");
	const char *x, *y;
	char *end1, *end2, buf[128];
	double dx, dy;
	int found;

	*out = NULL;
	if (wkt) {
		wkt = imp_field(f, wkt, &found);
		return wkt && *wkt ? mais_geom_from_wkt(out, wkt) : 0;
	}
	if (!lon || !lat)
		return 0;
	x = imp_field(f, lon, &found);
	y = imp_field(f, lat, &found);
	if (!x || !y || !*x || !*y)
		return 0;
	dx = strtod(x, &end1);
	dy = strtod(y, &end2);
	if (*end1 || *end2)
		return mais_error_set(MAIS_EINVAL,
				      "longitude '%s' / latitude '%s' are not "
				      "numbers", x, y);
	snprintf(buf, sizeof buf, "POINT(%.17g %.17g)", dx, dy);
	return mais_geom_from_wkt(out, buf);
}

int imp_feature_geom(const imp_profile *p, imp_crs *crs,
		     const mais_source_feature *f, mais_geom **out,
		     const char **rule)
{
	int rc;

	*out = NULL;
	*rule = "unreadable_geometry";
	if (f->geom_problem)
		return mais_error_set(MAIS_EINVAL, "%s", f->geom_problem);
	rc = f->wkb ? mais_geom_from_wkb(out, f->wkb, f->wkb_len)
		    : from_fields(p, f, out);
	if (rc < 0 || !*out)
		return rc;
	rc = imp_crs_transform(crs, *out);
	if (rc < 0) {
		*rule = rc == MAIS_EUNSUPPORTED ? "unknown_crs" : "not_lonlat";
		mais_geom_free(*out);
		*out = NULL;
	}
	return rc;
}
