/*
 * record.h — one record of an entity of the data dictionary (schema.h):
 * its field values, its geometry and the findings of the geometry rules.
 *
 * A record is checked on every set: a value that its column's type does
 * not admit (a date that is not ISO 8601, a code not in the vocabulary,
 * a negative area, a string over its limit) is refused with MAIS_EINVAL
 * and a message naming the entity, the column and the value; an unknown
 * column is MAIS_ENOTFOUND.  Values are kept as canonical text ("12.5",
 * "2024-03-01", "sha"); the store binds them with the column's type.
 *
 * Ownership: mais_record_new() gives a record the caller frees with
 * mais_record_free() (NULL is accepted).  mais_record_set_geom() takes
 * ownership of the geometry.  Strings and geometries returned by getters
 * are borrowed from the record and valid until it changes or is freed.
 */
#ifndef MAIS_RECORD_H
#define MAIS_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "mais/geom.h"
#include "mais/schema.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mais_record mais_record;

/* A new empty record of the entity called `entity` (MAIS_ENOTFOUND if
 * there is none).  Status starts as "draft", version as 0. */
int mais_record_new(mais_record **out, const char *entity);

void mais_record_free(mais_record *r);

const mais_entity *mais_record_entity(const mais_record *r);

/* Sets a column (own or common) from text; NULL or "" sets it null.
 * Numbers accept a leading '+', surrounding blanks, and for REAL/AREA a
 * decimal comma when there is no dot; dates accept YYYY-MM-DD only (an
 * importer converts other forms first).  Booleans accept 1/0, true/false,
 * yes/no.  Codes are matched exactly.  Refuses MAIS_COL_SYSTEM columns
 * unless `system` is set (the store's own use). */
int mais_record_set(mais_record *r, const char *column, const char *value);
int mais_record_set_system(mais_record *r, const char *column,
			   const char *value);

/* The canonical text of a column, or NULL when null or unknown. */
const char *mais_record_get(const mais_record *r, const char *column);

/* The value of column i: own columns 0..ncolumns-1 of the entity, then
 * the common columns (mais_schema_common) from ncolumns on. */
const char *mais_record_value(const mais_record *r, size_t i);

/* Sets the geometry in WGS 84 lon/lat (NULL clears it); takes ownership
 * even on failure.  MAIS_EINVAL if the entity has no location. */
int mais_record_set_geom(mais_record *r, mais_geom *g);
const mais_geom *mais_record_geom(const mais_record *r);

/* The geometry as given before the rules repaired it (NULL when the rules
 * did not change it): kept in the record's first version. */
const mais_geom *mais_record_geom_original(const mais_record *r);

/*
 * Makes the record ready to store: checks required columns (MAIS_EINVAL
 * naming the first missing one), runs the geometry rules of the entity
 * (MAIS_EGEOM when one rejects; see mais_geom_apply_rules), and sets the
 * system column area_m2, where the entity has one, to the geodesic area
 * of the polygon in m².  Findings (flags such as "repaired") are kept in
 * the record for the store to write.
 */
int mais_record_prepare(mais_record *r);

/* Refuses (MAIS_EINVAL naming the column) a date of what happened
 * (MAIS_COL_PAST: an accident, a find, a release) after today, the
 * programme's day as YYYY-MM-DD (its time zone: the use-case layer
 * computes it, svc_today).  today NULL: nothing is checked. */
int mais_record_check_dates(const mais_record *r, const char *today);

/* The geometry rules that apply to this record (its entity's type and
 * flags; whether it gives an estimated area), as mais_record_prepare
 * runs them. */
void mais_record_geom_rules(const mais_record *r, mais_geom_rules *out);

/* Replaces the geometry by g, derived from it by a rule of the domain (a
 * release clipped to its hazard, landrelease.h), keeping the geometry as
 * given as the original (unless the rules already kept one): the version
 * stores both.  Takes ownership of g; the rules are not run again. */
void mais_record_derive_geom(mais_record *r, mais_geom *g);

/* Adds a finding to the record (a store that cannot read a stored
 * geometry says so here, leaving the geometry null). */
void mais_record_add_finding(mais_record *r, mais_geom_rule rule,
			     const char *message);

/* The geometry findings of the last mais_record_prepare (never NULL). */
const mais_geom_findings *mais_record_findings(const mais_record *r);

/* Shorthands for common columns. */
const char *mais_record_uuid(const mais_record *r);
const char *mais_record_reference(const mais_record *r);
int64_t mais_record_version(const mais_record *r);

#ifdef __cplusplus
}
#endif
#endif
