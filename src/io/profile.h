/*
 * profile.h — import profiles (internal to io): how the fields of a source
 * become records.  A profile is JSON:
 *
 *   { "profile": "bih-suspect-areas",
 *     "description": "...", "srs": "EPSG:4326", "encoding": "CP1251",
 *     "admin": { "by": "location" }              (default)
 *            | { "by": "name", "field": "departamento", "level": 1,
 *                "aliases": { "BOGOTA DC": "Bogota" } },
 *     "outputs": [
 *       { "as": "hazard",
 *         "when": { "field": "TIPO_EVENTO", "in": ["8"] },
 *         "map": { "source": "fileId", "info_date": "{AÑO}-12-31" },
 *         "set": { "hazard_class": "sha", "hazard_status": "active" },
 *         "values": { "eo_category": { "1": "ap_mine" } },
 *         "unless_zero": "quantity",
 *         "one_per": "{event_id}",
 *         "link": { "activity_uuid": 0 } } ] }
 *
 * A map value is a source field name, or a template in which {FIELD}
 * stands for a field's value; for an area target (an _m2 column) it may
 * give the source's unit: {"from": "Area_2022", "unit": "km2"}, or
 * "Area_2022:km2" (units: m2, ha, km2).  "when" routes a feature to the
 * outputs whose field value is listed; "unless_zero" skips an output whose
 * target is empty or zero; "one_per" (a field or template) makes the
 * output once per distinct value in an import, later features using the
 * record made first; "link" sets a reference to the record made by an
 * earlier output of the same feature.  The pseudo-targets geom_lon, geom_lat and geom_wkt
 * give a geometry from fields.  The command line's --as, --map and --set
 * make a profile of one output, or add to every output of a profile file.
 */
#ifndef MAIS_IO_PROFILE_H
#define MAIS_IO_PROFILE_H

#include <jansson.h>
#include "mais/import_opts.h"

typedef struct imp_output {
	const mais_entity *entity;
	json_t *map;    /* {target: source or template, or {"from": source
			   or template, "unit": unit}}, borrowed */
	json_t *set;    /* {target: value} */
	json_t *values; /* {target: {source value: code}} or NULL */
	const char *when_field;
	json_t *when_in; /* array of strings, or NULL */
	const char *unless_zero;
	const char *one_per; /* field or template: one record per value */
	json_t *link;    /* {target: index of an earlier output} or NULL */
} imp_output;

typedef struct imp_profile {
	json_t *json;   /* owns everything above */
	const char *srs;
	const char *encoding; /* --encoding, or the profile's "encoding" */
	int admin_by_name;
	const char *admin_field;
	int admin_level;
	json_t *admin_aliases;
	imp_output *outputs;
	size_t noutputs;
} imp_profile;

/* Builds the profile of opts (file, --as, --map, --set), checking every
 * target against the data dictionary.  MAIS_EINVAL naming the profile and
 * the key that is wrong. */
int imp_profile_build(imp_profile **out, const mais_import_opts *opts);
void imp_profile_free(imp_profile *p);

/* 1 if target is one of the geometry pseudo-targets. */
int imp_is_geom_target(const char *target);

/* A map value v: *from the source field or template (NULL if v is
 * neither a string nor an object with "from"), *unit the source's unit
 * or NULL (m2). */
void imp_map_source(const json_t *v, const char **from, const char **unit);

#endif
