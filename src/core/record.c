/*
 * record.c — a record of the data dictionary, checked as it is filled.
 *
 * Values are kept as canonical text, one slot per column (the entity's own
 * columns, then the common ones), so that every backend, the versions
 * table and the API see one spelling of each value.  Checking on set, not
 * on store, lets an importer name the field that is wrong at the moment it
 * maps it.
 */
#include "mais/record.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "mais/money.h"
#include "mais/vocab.h"
#include "core/values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mais_record {
	const mais_entity *entity;
	size_t nvalues;
	char **values;
	mais_geom *geom;
	mais_geom *geom_original;
	mais_geom_findings findings;
	int geom_checked; /* the rules ran on geom since it was set */
};

int mais_record_new(mais_record **out, const char *entity)
{
	const mais_entity *e = mais_schema_entity(entity);
	size_t ncommon;
	mais_record *r;

	*out = NULL;
	if (!e)
		return mais_error_set(MAIS_ENOTFOUND, "no entity '%s'", entity);
	mais_schema_common(&ncommon);
	r = calloc(1, sizeof *r);
	if (!r)
		return mais_error_nomem();
	r->entity = e;
	r->nvalues = e->ncolumns + ncommon;
	r->values = calloc(r->nvalues, sizeof *r->values);
	if (!r->values) {
		free(r);
		return mais_error_nomem();
	}
	if (mais_record_set_system(r, "status", "draft") < 0 ||
	    mais_record_set_system(r, "version", "0") < 0) {
		mais_record_free(r);
		return mais_error_last_code();
	}
	*out = r;
	return 0;
}

void mais_record_free(mais_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nvalues; i++)
		free(r->values[i]);
	free(r->values);
	mais_geom_free(r->geom);
	mais_geom_free(r->geom_original);
	free(r);
}

const mais_entity *mais_record_entity(const mais_record *r)
{
	return r->entity;
}

/* The slot of a column: own columns first, then the common ones. */
static const mais_column *column_slot(const mais_record *r, const char *name,
				      size_t *slot)
{
	const mais_entity *e = r->entity;
	const mais_column *common;
	size_t ncommon;

	for (size_t i = 0; i < e->ncolumns; i++)
		if (strcmp(e->columns[i].name, name) == 0) {
			*slot = i;
			return &e->columns[i];
		}
	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < ncommon; i++)
		if (strcmp(common[i].name, name) == 0) {
			*slot = e->ncolumns + i;
			return &common[i];
		}
	return NULL;
}

static int set_value(mais_record *r, const char *column, const char *value,
		     int system)
{
	const mais_column *c;
	size_t slot;
	char *canon = NULL;
	int rc;

	c = column_slot(r, column, &slot);
	if (!c)
		return mais_error_set(MAIS_ENOTFOUND, "%s: no field '%s'",
				      r->entity->name, column);
	if ((c->flags & MAIS_COL_SYSTEM) && !system)
		return mais_error_set(MAIS_EINVAL,
				      "%s.%s: set by mais, not by users",
				      r->entity->name, column);
	if (value && *value) {
		rc = mais_value_canonical(c, value, &canon);
		if (rc < 0)
			return mais_error_prefix(rc, "%s.%s", r->entity->name,
						 column);
	}
	free(r->values[slot]);
	r->values[slot] = canon;
	if (!r->geom) /* an estimated area may now allow a null geometry */
		r->geom_checked = 0;
	return 0;
}

int mais_record_set(mais_record *r, const char *column, const char *value)
{
	return set_value(r, column, value, 0);
}

int mais_record_set_system(mais_record *r, const char *column,
			   const char *value)
{
	return set_value(r, column, value, 1);
}

const char *mais_record_get(const mais_record *r, const char *column)
{
	size_t slot;

	if (!column_slot(r, column, &slot))
		return NULL;
	return r->values[slot];
}

const char *mais_record_value(const mais_record *r, size_t i)
{
	return i < r->nvalues ? r->values[i] : NULL;
}

int mais_record_set_geom(mais_record *r, mais_geom *g)
{
	if (g && !r->entity->has_geom) {
		mais_geom_free(g);
		return mais_error_set(MAIS_EINVAL, "%s: has no location",
				      r->entity->name);
	}
	mais_geom_free(r->geom);
	mais_geom_free(r->geom_original);
	r->geom = g;
	r->geom_original = NULL;
	r->geom_checked = 0;
	return 0;
}

const mais_geom *mais_record_geom(const mais_record *r)
{
	return r->geom;
}

const mais_geom *mais_record_geom_original(const mais_record *r)
{
	return r->geom_original;
}

void mais_record_derive_geom(mais_record *r, mais_geom *g)
{
	if (r->geom_original)
		mais_geom_free(r->geom);
	else
		r->geom_original = r->geom;
	r->geom = g;
}

void mais_record_add_finding(mais_record *r, mais_geom_rule rule,
			     const char *message)
{
	mais_geom_findings_add(&r->findings, rule, "%s", message);
}

const mais_geom_findings *mais_record_findings(const mais_record *r)
{
	return &r->findings;
}

static int check_required(const mais_record *r)
{
	const mais_entity *e = r->entity;
	const mais_column *common;
	size_t ncommon;

	for (size_t i = 0; i < e->ncolumns; i++)
		if ((e->columns[i].flags & MAIS_COL_REQUIRED) &&
		    !(e->columns[i].flags & MAIS_COL_SYSTEM) && !r->values[i])
			return mais_error_set(MAIS_EINVAL,
					      "%s.%s: required, but empty",
					      e->name, e->columns[i].name);
	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < ncommon; i++)
		if ((common[i].flags & MAIS_COL_REQUIRED) &&
		    !(common[i].flags & MAIS_COL_SYSTEM) &&
		    !r->values[e->ncolumns + i])
			return mais_error_set(MAIS_EINVAL,
					      "%s.%s: required, but empty",
					      e->name, common[i].name);
	return 0;
}

/* Dates of what happened (MAIS_COL_PAST) are not after today: an
 * accident, a find or a release in the future is a typing error. */
int mais_record_check_dates(const mais_record *r, const char *today)
{
	const mais_entity *e = r->entity;
	size_t ncommon;
	const mais_column *common = mais_schema_common(&ncommon);

	for (size_t i = 0; today && i < e->ncolumns + ncommon; i++) {
		const mais_column *c = i < e->ncolumns
					       ? &e->columns[i]
					       : &common[i - e->ncolumns];

		if ((c->flags & MAIS_COL_PAST) && r->values[i] &&
		    strncmp(r->values[i], today, 10) > 0)
			return mais_error_set(MAIS_EINVAL,
					      "%s.%s: %s is in the future "
					      "(today is %s in the programme's "
					      "time zone)",
					      e->name, c->name, r->values[i],
					      today);
	}
	return 0;
}

/* DESIGN.md: a null geometry is refused unless the record gives an
 * estimated area: estimated_area_m2, or a reported area_m2 that users set
 * (a release reported only as a number).  Entities whose location is
 * optional and that are not area features may always lack one. */
static int gives_estimated_area(const mais_record *r)
{
	const mais_entity *e = r->entity;
	const mais_column *area;

	if (!(e->flags & MAIS_ENT_GEOM_OPTIONAL))
		return 0;
	if (!(e->flags & MAIS_ENT_AREA_FEATURE))
		return 1;
	if (mais_record_get(r, "estimated_area_m2"))
		return 1;
	area = mais_schema_column(e, "area_m2", NULL);
	return area && !(area->flags & MAIS_COL_SYSTEM) &&
	       mais_record_get(r, "area_m2");
}

void mais_record_geom_rules(const mais_record *r, mais_geom_rules *out)
{
	out->expect = r->entity->geom_type;
	out->area_feature = (r->entity->flags & MAIS_ENT_AREA_FEATURE) != 0;
	out->has_estimated_area = gives_estimated_area(r);
}

static int run_geom_rules(mais_record *r)
{
	mais_geom_rules rules;
	mais_geom *before = NULL;
	int rc;

	mais_record_geom_rules(r, &rules);
	if (r->geom && mais_geom_clone(&before, r->geom) < 0)
		return mais_error_last_code();
	rc = mais_geom_apply_rules(&r->geom, &rules, &r->findings);
	if (rc < 0) {
		mais_geom_free(before);
		return rc;
	}
	for (size_t i = 0; i < r->findings.count; i++)
		if (r->findings.items[i].rule == MAIS_RULE_REPAIRED) {
			mais_geom_free(r->geom_original);
			r->geom_original = before;
			return 0;
		}
	mais_geom_free(before);
	return 0;
}

/* Sets area_m2 from the polygon: always for a system column (the hazard's
 * surveyed area), only when not reported for a user column. */
static int set_area(mais_record *r)
{
	const mais_column *c = mais_schema_column(r->entity, "area_m2", NULL);
	char text[64];

	if (!c || !r->geom)
		return 0;
	if (!(c->flags & MAIS_COL_SYSTEM) && mais_record_get(r, "area_m2"))
		return 0;
	snprintf(text, sizeof text, "%.3f", mais_geom_area_m2(r->geom));
	return mais_record_set_system(r, "area_m2", text);
}

/* DESIGN.md "Funding": an amount is never without its currency, never
 * negative; a currency is one of the ISO 4217 table of money.c; a rate is
 * an exact decimal above 0. */
static int check_money_column(const mais_record *r, size_t i)
{
	const mais_column *c = &r->entity->columns[i];
	const char *v = r->values[i];
	int exp;
	mais_rate rate;

	if (!v)
		return 0;
	if (c->type == MAIS_COL_MONEY && c->ref && !mais_record_get(r, c->ref))
		return mais_error_set(MAIS_EINVAL, "%s.%s: required with %s",
				      r->entity->name, c->ref, c->name);
	if (c->type == MAIS_COL_MONEY && v[0] == '-')
		return mais_error_set(MAIS_EINVAL,
				      "%s.%s: %s is negative; an amount is 0 "
				      "or more",
				      r->entity->name, c->name, v);
	if (c->type == MAIS_COL_CURRENCY && mais_currency_exponent(v, &exp))
		return mais_error_prefix(MAIS_EINVAL, "%s.%s", r->entity->name,
					 c->name);
	if (c->type == MAIS_COL_DECIMAL && !strcmp(c->name, "rate") &&
	    mais_rate_parse(v, &rate))
		return mais_error_prefix(mais_error_last_code(), "%s.%s",
					 r->entity->name, c->name);
	return 0;
}

static int check_money(const mais_record *r)
{
	for (size_t i = 0; i < r->entity->ncolumns; i++) {
		int rc = check_money_column(r, i);

		if (rc < 0)
			return rc;
	}
	return 0;
}

int mais_record_prepare(mais_record *r)
{
	int rc;

	rc = check_money(r); /* first: "currency: required with amount" */
	if (rc == 0)
		rc = check_required(r);
	if (rc < 0)
		return rc;
	/* the rules run once per geometry: a record prepared, then changed
	 * in its fields only (an admin area assigned), is not checked again */
	if (r->entity->has_geom && !r->geom_checked) {
		r->findings.count = 0;
		rc = run_geom_rules(r);
		if (rc < 0)
			return mais_error_prefix(rc, "%s: geometry",
						 r->entity->name);
		r->geom_checked = 1;
	}
	return set_area(r);
}

const char *mais_record_uuid(const mais_record *r)
{
	return mais_record_get(r, "uuid");
}

const char *mais_record_reference(const mais_record *r)
{
	return mais_record_get(r, "reference");
}

int64_t mais_record_version(const mais_record *r)
{
	const char *v = mais_record_get(r, "version");

	return v ? strtoll(v, NULL, 10) : 0;
}
