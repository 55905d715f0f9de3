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

/* A map value: a field's value, or a template "{A}-{B}-01" (NULL when a
 * field it names is null).  MAIS_ENOTFOUND naming a field the source does
 * not have. */
static int mapped(const mais_source_feature *f, const char *spec, char *out,
		  size_t outlen, const char **value)
{
	size_t n = 0;
	int found;

	*value = NULL;
	if (!strchr(spec, '{')) {
		*value = imp_field(f, spec, &found);
		return found ? 0 : mais_error_set(MAIS_ENOTFOUND,
						  "no source field '%s'", spec);
	}
	for (const char *p = spec; *p;) {
		const char *end = strchr(p, '}');
		char name[128];
		const char *v;
		size_t l;

		if (*p != '{' || !end) {
			if (n + 1 >= outlen)
				return mais_error_set(MAIS_ELIMIT, "too long");
			out[n++] = *p++;
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
		if (n + strlen(v) >= outlen)
			return mais_error_set(MAIS_ELIMIT, "too long");
		memcpy(out + n, v, strlen(v));
		n += strlen(v);
		p = end + 1;
	}
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

/* Sets a target from text, normalised for its column type. */
static int set_target(mais_record *r, const char *target, const char *v)
{
	const mais_column *c = mais_schema_column(mais_record_entity(r), target,
						  NULL);
	char buf[MAIS_MAX_SHORT_FIELD];

	if (!v || c->type == MAIS_COL_TEXT)
		return mais_record_set(r, target, v);
	if (imp_normalise(c, v, buf, sizeof buf) < 0)
		return mais_error_set(MAIS_ELIMIT, "%s.%s: value too long",
				      mais_record_entity(r)->name, target);
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
		    (rc = set_target(r, target, json_string_value(v))) < 0)
			return rc;
	}
	json_object_foreach(o->map, target, v) {
		char buf[MAIS_MAX_TEXT_FIELD + 1];
		const char *value, *code = NULL;

		*bad = target;
		if (imp_is_geom_target(target))
			continue;
		rc = mapped(f, json_string_value(v), buf, sizeof buf, &value);
		if (rc == 0)
			rc = translate(o, target, value, &code);
		if (rc < 0)
			return mais_error_prefix(rc, "%s.%s",
						 mais_record_entity(r)->name,
						 target);
		if ((rc = set_target(r, target, code)) < 0)
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

