/*
 * import_map.c — how one source feature becomes the fields of a record:
 * source fields by name (exact, then ignoring case), templates, the
 * profile's value tables, constants, and routing by a field's value.
 * Each value is normalised for its column (import_values.c) and checked
 * by the record, so a refusal names the target field.
 */
#include "io/import_internal.h"
#include "io/import_values.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The value of field `name` in f: exact name first, then ignoring case. */
const char *imp_field(const mais_source_feature *f, const char *name,
			 int *found)
{
	*found = 1;
	for (size_t i = 0; i < f->nfields; i++)
		if (!strcmp(f->names[i], name))
			return f->values[i];
	for (size_t i = 0; i < f->nfields; i++)
		if (!strcasecmp(f->names[i], name))
			return f->values[i];
	*found = 0;
	return NULL;
}

/* A template's part for target column c: for a typed target (a date or
 * a number) a number loses its thousands separators and a sheet's ".0",
 * so that "{year}-{month}-01" with year "2,006" builds 2006-...; text
 * targets keep the source's text. */
static const char *template_part(const mais_column *c, const char *v,
				 char *buf, size_t len)
{
	if (!c || c->type == MAIS_COL_TEXT || c->type == MAIS_COL_CODE ||
	    c->type == MAIS_COL_CODES)
		return v;
	return imp_template_number(v, buf, len) == 1 ? buf : v;
}

/* Appends v to out (n used of outlen). */
static int append(char *out, size_t outlen, size_t *n, const char *v,
		  size_t len)
{
	if (*n + len >= outlen)
		return mais_error_set(MAIS_ELIMIT, "too long");
	memcpy(out + *n, v, len);
	*n += len;
	return 0;
}

int imp_template(const mais_source_feature *f, const char *spec,
		 const mais_column *c, char *out, size_t outlen,
		 const char **value)
{
	size_t n = 0;
	int found, rc = 0;

	*value = NULL;
	if (!strchr(spec, '{')) {
		*value = imp_field(f, spec, &found);
		return found ? 0 : mais_error_set(MAIS_ENOTFOUND,
						  "no source field '%s'", spec);
	}
	for (const char *p = spec; *p && rc == 0;) {
		const char *end = strchr(p, '}');
		char name[128], part[64];
		const char *v;
		size_t l;

		if (*p != '{' || !end) {
			rc = append(out, outlen, &n, p++, 1);
			continue;
		}
		l = (size_t)(end - p - 1);
		if (l >= sizeof name)
			return mais_error_set(MAIS_EINVAL, "bad template");
		memcpy(name, p + 1, l);
		name[l] = '\0';
		v = imp_field(f, name, &found);
		if (!found)
			return mais_error_set(MAIS_ENOTFOUND,
					      "no source field '%s'", name);
		if (!v)
			return 0; /* a null part makes the whole null */
		v = template_part(c, v, part, sizeof part);
		rc = append(out, outlen, &n, v, strlen(v));
		p = end + 1;
	}
	if (rc < 0)
		return rc;
	out[n] = '\0';
	*value = out;
	return 0;
}

/* The code a profile's value table gives for a source value. */
static int translate(const imp_output *o, const char *target,
		     const char *v, const char **out)
{
	json_t *table = o->values ? json_object_get(o->values, target) : NULL;
	json_t *code;

	*out = v;
	if (!table || !v)
		return 0;
	code = json_object_get(table, v);
	if (!json_is_string(code))
		return mais_error_set(MAIS_EINVAL,
				      "value '%s' has no code in the "
				      "profile's table for %s", v, target);
	*out = json_string_value(code);
	return 0;
}

/* Sets a target from text, normalised for its column type; an area
 * given in unit (NULL: m2) is scaled to m². */
static int set_target(mais_record *r, const char *target, const char *v,
		      const char *unit)
{
	const mais_column *c = mais_schema_column(mais_record_entity(r), target,
						  NULL);
	char buf[MAIS_MAX_SHORT_FIELD];
	int rc;

	if (!v || c->type == MAIS_COL_TEXT)
		return mais_record_set(r, target, v);
	if (imp_normalise(c, v, buf, sizeof buf) < 0)
		return mais_error_set(MAIS_ELIMIT, "%s.%s: value too long",
				      mais_record_entity(r)->name, target);
	if (unit && (rc = imp_scale10(buf, sizeof buf,
				      imp_unit_exp10(unit))) < 0)
		return mais_error_prefix(rc, "%s.%s (in %s)",
					 mais_record_entity(r)->name, target,
					 unit);
	return mais_record_set(r, target, buf);
}

/* Fills r from output o; on failure *bad names the target. */
int imp_fill(const imp_output *o, const mais_source_feature *f,
		mais_record *r, const char **bad)
{
	const char *target;
	json_t *v;
	int rc;

	json_object_foreach(o->set, target, v) {
		*bad = target;
		if (!imp_is_geom_target(target) &&
		    (rc = set_target(r, target, json_string_value(v), NULL)) < 0)
			return rc;
	}
	json_object_foreach(o->map, target, v) {
		char buf[MAIS_MAX_TEXT_FIELD + 1];
		const char *value, *code = NULL, *from, *unit;

		*bad = target;
		if (imp_is_geom_target(target))
			continue;
		imp_map_source(v, &from, &unit);
		rc = imp_template(f, from,
				  mais_schema_column(mais_record_entity(r),
						     target, NULL),
				  buf, sizeof buf, &value);
		if (rc == 0)
			rc = translate(o, target, value, &code);
		if (rc < 0)
			return mais_error_prefix(rc, "%s.%s",
						 mais_record_entity(r)->name,
						 target);
		if ((rc = set_target(r, target, code, unit)) < 0)
			return rc;
	}
	*bad = NULL;
	return 0;
}

/* 1 if the feature goes to output o. */
int imp_routed(const imp_output *o, const mais_source_feature *f)
{
	const char *v;
	size_t i;
	json_t *want;
	int found;

	if (!o->when_field)
		return 1;
	v = imp_field(f, o->when_field, &found);
	if (!v)
		return 0;
	json_array_foreach(o->when_in, i, want)
		if (json_is_string(want) && !strcmp(json_string_value(want), v))
			return 1;
	return 0;
}

