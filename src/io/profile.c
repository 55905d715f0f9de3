/*
 * profile.c — reads and checks import profiles (profile.h).  A profile is
 * checked whole before the first feature is read, so that a misspelt
 * column fails at once with its name rather than on every feature.
 */
#include "io/profile.h"
#include "io/import_values.h"
#include "mais/error.h"
#include "mais/schema.h"

#include <stdlib.h>
#include <string.h>

int imp_is_geom_target(const char *t)
{
	return !strcmp(t, "geom_lon") || !strcmp(t, "geom_lat") ||
	       !strcmp(t, "geom_wkt");
}

void imp_map_source(const json_t *v, const char **from, const char **unit)
{
	*from = json_is_string(v) ? json_string_value(v)
				  : json_string_value(json_object_get(v, "from"));
	*unit = json_string_value(json_object_get(v, "unit"));
}

void imp_profile_free(imp_profile *p)
{
	if (!p)
		return;
	json_decref(p->json);
	free(p->outputs);
	free(p);
}

/* The entity of a kind of the command line (import_opts.h). */
const char *mais_import_kind(const char *kind)
{
	static const char *aliases[][2] = {
		{ "admin-area", "admin_area" }, { "release", "land_release" },
		{ "eo", "eo_item" },		{ "eore", "eore_session" },
		{ "victim-assistance", "victim_assistance" },
	};

	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(kind, aliases[i][0]))
			return aliases[i][1];
	return mais_schema_entity(kind) ? kind : NULL;
}

/* Every key of obj must be a column of e (or a geometry pseudo-target);
 * with strings_only, every value a string. */
static int check_targets(const char *where, const mais_entity *e,
			 json_t *obj, int strings_only)
{
	const char *key;
	json_t *v;

	if (!obj)
		return 0;
	if (!json_is_object(obj))
		return mais_error_set(MAIS_EINVAL, "%s: not an object", where);
	json_object_foreach(obj, key, v) {
		const mais_column *c = mais_schema_column(e, key, NULL);

		if (!imp_is_geom_target(key) &&
		    (!c || (c->flags & MAIS_COL_SYSTEM)))
			return mais_error_set(MAIS_EINVAL,
					      "%s: '%s' is not a field of %s "
					      "that can be set", where, key,
					      e->name);
		if (strings_only && !json_is_string(v))
			return mais_error_set(MAIS_EINVAL,
					      "%s.%s: give a string", where,
					      key);
	}
	return 0;
}

/* A map line with a unit: a known unit, on an area column. */
static int check_unit(const char *where, const mais_entity *e,
		      const char *target, const char *from, const char *unit)
{
	const mais_column *c = mais_schema_column(e, target, NULL);

	if (!from)
		return mais_error_set(MAIS_EINVAL,
				      "%s: map.%s: give a source (\"from\")",
				      where, target);
	if (imp_unit_exp10(unit) < 0)
		return mais_error_set(MAIS_EINVAL,
				      "%s: map.%s: unknown unit '%s' (give "
				      "m2, ha or km2)", where, target, unit);
	if (!c || c->type != MAIS_COL_AREA_M2)
		return mais_error_set(MAIS_EINVAL,
				      "%s: map.%s: a unit is given for areas "
				      "(_m2 fields) only", where, target);
	return 0;
}

/* The map's values: a string (a source or template, "SOURCE:UNIT" for
 * an area target), or {"from": ..., "unit": ...}; the short form becomes
 * the object. */
static int read_map(const char *where, imp_output *o)
{
	const char *target, *from, *unit;
	json_t *v;
	int rc;

	if (!o->map)
		return 0;
	if ((rc = check_targets(where, o->entity, o->map, 0)) < 0)
		return rc;
	json_object_foreach(o->map, target, v) {
		const mais_column *c = mais_schema_column(o->entity, target,
							  NULL);
		const char *colon = json_is_string(v)
					    ? strrchr(json_string_value(v), ':')
					    : NULL;

		if (colon && c && c->type == MAIS_COL_AREA_M2 &&
		    colon != json_string_value(v) &&
		    imp_unit_exp10(colon + 1) >= 0) {
			json_t *obj = json_pack("{s:s%, s:s}", "from",
						json_string_value(v),
						(size_t)(colon -
							 json_string_value(v)),
						"unit", colon + 1);

			if (!obj || json_object_set_new(o->map, target, obj))
				return mais_error_nomem();
			v = obj;
		}
		imp_map_source(v, &from, &unit);
		if (json_is_object(v) &&
		    (rc = check_unit(where, o->entity, target, from,
				     unit ? unit : "m2")) < 0)
			return rc;
		if (!json_is_object(v) && !json_is_string(v))
			return mais_error_set(MAIS_EINVAL,
					      "%s: map.%s: give a string", where,
					      target);
	}
	return 0;
}

/* Every link names a reference column and an earlier output. */
static int check_links(const char *where, const imp_output *o, size_t index)
{
	const char *key;
	json_t *v;

	if (!o->link)
		return 0;
	if (!json_is_object(o->link))
		return mais_error_set(MAIS_EINVAL, "%s: link: not an object",
				      where);
	json_object_foreach(o->link, key, v) {
		const mais_column *c = mais_schema_column(o->entity, key, NULL);

		if (!c || c->type != MAIS_COL_REF || !json_is_integer(v) ||
		    json_integer_value(v) < 0 ||
		    (size_t)json_integer_value(v) >= index)
			return mais_error_set(MAIS_EINVAL,
					      "%s: link.%s: give a reference "
					      "field and the index of an "
					      "earlier output", where, key);
	}
	return 0;
}

static int read_output(imp_output *o, json_t *j, const char *name,
		       size_t index)
{
	json_t *when = json_object_get(j, "when");
	const char *as = json_string_value(json_object_get(j, "as"));
	char where[160];
	int rc;

	snprintf(where, sizeof where, "profile %s: output '%s'", name,
		 as ? as : "?");
	o->entity = as ? mais_schema_entity(mais_import_kind(as)
						    ? mais_import_kind(as) : as)
		       : NULL;
	if (!o->entity)
		return mais_error_set(MAIS_EINVAL, "%s: 'as' names no kind",
				      where);
	o->map = json_object_get(j, "map");
	o->set = json_object_get(j, "set");
	o->values = json_object_get(j, "values");
	o->unless_zero = json_string_value(json_object_get(j, "unless_zero"));
	o->one_per = json_string_value(json_object_get(j, "one_per"));
	o->link = json_object_get(j, "link");
	if (json_object_get(j, "one_per") && !o->one_per)
		return mais_error_set(MAIS_EINVAL,
				      "%s: one_per: give a source field or a "
				      "template", where);
	if (when) {
		o->when_field = json_string_value(json_object_get(when, "field"));
		o->when_in = json_object_get(when, "in");
		if (!o->when_field || !json_is_array(o->when_in))
			return mais_error_set(MAIS_EINVAL,
					      "%s: 'when' needs 'field' and "
					      "an array 'in'", where);
	}
	if ((rc = read_map(where, o)) < 0 ||
	    (rc = check_targets(where, o->entity, o->set, 1)) < 0 ||
	    (rc = check_targets(where, o->entity, o->values, 0)) < 0)
		return rc;
	return check_links(where, o, index);
}

/* "target=value" pairs of the command line into obj (created if NULL). */
static int add_pairs(json_t *output, const char *key,
		     const char *const *pairs, size_t n)
{
	json_t *obj = json_object_get(output, key);

	if (n && !obj) {
		obj = json_object();
		json_object_set_new(output, key, obj);
	}
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(pairs[i], '=');
		char target[128];

		if (!eq || eq == pairs[i] || (size_t)(eq - pairs[i]) >= sizeof target)
			return mais_error_set(MAIS_EINVAL,
					      "--%s %s: give TARGET=VALUE", key,
					      pairs[i]);
		memcpy(target, pairs[i], (size_t)(eq - pairs[i]));
		target[eq - pairs[i]] = '\0';
		json_object_set_new(obj, target, json_string(eq + 1));
	}
	return 0;
}

static int load_json(json_t **out, const mais_import_opts *opts)
{
	json_error_t err;

	if (!opts->profile) {
		if (!opts->as)
			return mais_error_set(MAIS_EINVAL,
					      "give --as KIND or --profile");
		*out = json_pack("{s:s, s:[{s:s}]}", "profile", "command line",
				 "outputs", "as", opts->as);
		return *out ? 0 : mais_error_nomem();
	}
	*out = json_load_file(opts->profile, JSON_REJECT_DUPLICATES, &err);
	if (!*out)
		return mais_error_set(MAIS_EINVAL, "profile %s, line %d: %s",
				      opts->profile, err.line, err.text);
	if (opts->as)
		return mais_error_set(MAIS_EINVAL,
				      "give --as or --profile, not both");
	return 0;
}

static int read_admin(imp_profile *p, const char *name)
{
	json_t *admin = json_object_get(p->json, "admin");
	const char *by = json_string_value(json_object_get(admin, "by"));

	if (!admin || (by && !strcmp(by, "location")))
		return 0;
	if (!by || strcmp(by, "name"))
		return mais_error_set(MAIS_EINVAL,
				      "profile %s: admin.by is 'location' or "
				      "'name'", name);
	p->admin_by_name = 1;
	p->admin_field = json_string_value(json_object_get(admin, "field"));
	p->admin_level = json_is_integer(json_object_get(admin, "level"))
				 ? (int)json_integer_value(
					   json_object_get(admin, "level"))
				 : -1;
	p->admin_aliases = json_object_get(admin, "aliases");
	if (!p->admin_field)
		return mais_error_set(MAIS_EINVAL,
				      "profile %s: admin.field is missing",
				      name);
	return 0;
}

int imp_profile_build(imp_profile **out, const mais_import_opts *opts)
{
	imp_profile *p = calloc(1, sizeof *p);
	json_t *outputs;
	const char *name;
	int rc;

	*out = NULL;
	if (!p)
		return mais_error_nomem();
	rc = load_json(&p->json, opts);
	outputs = json_object_get(p->json, "outputs");
	name = opts->profile ? opts->profile : "command line";
	if (rc == 0 && (!json_is_array(outputs) || !json_array_size(outputs)))
		rc = mais_error_set(MAIS_EINVAL,
				    "profile %s: 'outputs' must be a non-empty "
				    "array", name);
	if (rc == 0) {
		p->noutputs = json_array_size(outputs);
		p->outputs = calloc(p->noutputs, sizeof *p->outputs);
		if (!p->outputs)
			rc = mais_error_nomem();
	}
	for (size_t i = 0; rc == 0 && i < p->noutputs; i++) {
		json_t *o = json_array_get(outputs, i);

		rc = add_pairs(o, "map", opts->maps, opts->nmaps);
		if (rc == 0)
			rc = add_pairs(o, "set", opts->sets, opts->nsets);
		if (rc == 0)
			rc = read_output(&p->outputs[i], o, name, i);
	}
	if (rc == 0)
		rc = read_admin(p, name);
	p->srs = opts->srs ? opts->srs
			   : json_string_value(json_object_get(p->json, "srs"));
	p->encoding = opts->encoding ? opts->encoding
				     : json_string_value(json_object_get(
					       p->json, "encoding"));
	if (rc < 0) {
		imp_profile_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
