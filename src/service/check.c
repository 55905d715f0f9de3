/*
 * check.c — `mais check` over a whole database (a use case): the store's integrity and
 * format checks, then every geometry rule of DESIGN.md over every stored
 * record.  Rules that reject on entry are errors here (the data came in
 * some other way, or the rules changed); rules that flag are warnings.
 * Exact duplicates are found per entity by hash, confirmed by an exact
 * comparison.  The country is the union of the level-0 and level-1 admin
 * areas; with no admin areas there is nothing to test against.
 */
#include "mais/check.h"
#include "mais/admin.h"
#include "mais/error.h"
#include "mais/geom.h"
#include "mais/limits.h"
#include "service/service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_ctx {
	mais_check_fn fn;
	void *user;
	mais_check_summary *sum;
	const mais_admin_index *admin; /* the country's test (prepared) */
	mais_geom_set *seen;      /* geometries of the entity being read */
	int stop;
} check_ctx;

static void emit(check_ctx *c, const char *entity, const mais_record *r,
		 const char *code, mais_check_severity sev, const char *msg)
{
	mais_check_finding f = {
		.entity = entity,
		.reference = r && mais_record_reference(r)
				     ? mais_record_reference(r) : "",
		.uuid = r && mais_record_uuid(r) ? mais_record_uuid(r) : "",
		.code = code,
		.severity = sev,
		.message = msg,
	};

	if (sev == MAIS_CHECK_ERROR)
		c->sum->errors++;
	else
		c->sum->warnings++;
	if (c->fn && !c->stop)
		c->stop = c->fn(&f, c->user) != 0;
}

static int on_store_issue(const mais_store_issue *i, void *ctx)
{
	check_ctx *c = ctx;
	char msg[600];

	snprintf(msg, sizeof msg, "%s: %s", i->where, i->message);
	emit(c, "storage", NULL, "storage", MAIS_CHECK_ERROR, msg);
	return c->stop;
}

/* Flags the geometry if an earlier one of the entity is exactly equal;
 * then remembers it. */
static int check_duplicate(check_ctx *c, const mais_record *r,
			   const mais_geom *g)
{
	const char *first;
	char msg[160];
	int rc;

	rc = mais_geom_set_add(c->seen, g,
			       mais_record_reference(r)
				       ? mais_record_reference(r) : "?",
			       &first);
	if (rc == 1) {
		snprintf(msg, sizeof msg, "same geometry as %s", first);
		emit(c, mais_record_entity(r)->name, r, "duplicate",
		     MAIS_CHECK_WARNING, msg);
	}
	return rc < 0 ? rc : 0;
}

static int check_record(const mais_record *r, void *ctx)
{
	check_ctx *c = ctx;
	const char *entity = mais_record_entity(r)->name;
	mais_geom_findings f = { 0 };
	mais_geom_rules rules;
	mais_geom *g = NULL;
	int rc;

	c->sum->records++;
	if (!mais_record_entity(r)->has_geom)
		return 0;
	/* what the store found when reading it (a corrupt blob) */
	for (size_t i = 0; i < mais_record_findings(r)->count; i++)
		emit(c, entity, r,
		     mais_geom_rule_code(mais_record_findings(r)->items[i].rule),
		     MAIS_CHECK_ERROR, mais_record_findings(r)->items[i].message);
	if (mais_record_findings(r)->count)
		return c->stop;
	if (mais_record_geom(r)) {
		c->sum->geometries++;
		if (mais_geom_clone(&g, mais_record_geom(r)) < 0)
			return mais_error_last_code();
	}
	mais_record_geom_rules(r, &rules);
	mais_geom_apply_rules(&g, &rules, &f);
	for (size_t i = 0; i < f.count; i++) {
		mais_geom_rule rule = f.items[i].rule;
		/* a stored geometry that needs repair was stored invalid */
		int error = mais_geom_rule_rejects(rule) ||
			    rule == MAIS_RULE_REPAIRED;

		emit(c, entity, r, mais_geom_rule_code(rule),
		     error ? MAIS_CHECK_ERROR : MAIS_CHECK_WARNING,
		     f.items[i].message);
	}
	rc = 0;
	if (g && !mais_geom_is_empty(g)) {
		int inside = -1;

		rc = check_duplicate(c, r, g);
		/* as on import: admin areas are the country, not in it */
		if (rc == 0 && strcmp(entity, "admin_area") != 0)
			rc = mais_admin_in_country(c->admin, g, &inside);
		if (rc == 0 && inside == 0)
			emit(c, entity, r,
			     mais_geom_rule_code(MAIS_RULE_OUTSIDE_COUNTRY),
			     MAIS_CHECK_WARNING,
			     "not within the country (level-0/1 admin areas)");
	}
	mais_geom_free(g);
	return rc < 0 ? rc : c->stop;
}

/* The admin areas for the country test.  One that cannot be indexed (a
 * level that is no number, say) is a finding, not the end of the check:
 * the check goes on without the country test. */
static int load_admin(check_ctx *c, mais_store *s, mais_admin_index **out)
{
	char msg[600];
	mais_source src;

	svc_source_of(s, &src);
	if (mais_admin_index_load(out, &src) == 0)
		return 0;
	if (mais_error_last_code() == MAIS_ESTORE ||
	    mais_error_last_code() == MAIS_ENOMEM)
		return mais_error_last_code();
	snprintf(msg, sizeof msg, "admin areas: %s; no country test",
		 mais_error_last());
	emit(c, "admin_area", NULL, "admin_index", MAIS_CHECK_ERROR, msg);
	*out = NULL;
	return 0;
}

int mais_check_run(mais_store *s, mais_check_fn fn, void *ctx,
		   mais_check_summary *sum)
{
	check_ctx c = { .fn = fn, .user = ctx, .sum = sum };
	mais_admin_index *admin = NULL;
	size_t problems, ne;
	const mais_entity *ents = mais_schema_entities(&ne);
	int rc;

	memset(sum, 0, sizeof *sum);
	rc = mais_store_check(s, on_store_issue, &c, &problems);
	if (rc == 0)
		rc = load_admin(&c, s, &admin);
	c.admin = admin;
	for (size_t i = 0; rc == 0 && i < ne && !c.stop; i++) {
		rc = mais_geom_set_new(&c.seen);
		if (rc == 0)
			rc = mais_store_foreach(s, ents[i].name, check_record,
						&c);
		mais_geom_set_free(c.seen);
	}
	mais_admin_index_free(admin);
	return rc < 0 ? rc : 0;
}
