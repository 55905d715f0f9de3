/*
 * test_schema.c — consistency of the two source tables of the domain:
 * the vocabularies (src/core/vocab.c) and the data dictionary
 * (src/core/schema.c).
 *
 * The store generates its tables, code tables and foreign keys from these
 * tables, so a dangling reference, a duplicate code or a bad identifier
 * here would become a broken database there.  Each check names the
 * vocabulary, entity or column that breaks it.  The last tests pin the
 * coverage of DESIGN.md's domain model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mais/schema.h"
#include "mais/vocab.h"

/* 1 if s matches ^[a-z][a-z0-9_]*$. */
static int is_identifier(const char *s)
{
	if (!s || !(*s >= 'a' && *s <= 'z'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

/* 1 if s is snake_case: an identifier with no "__" and no trailing '_'. */
static int is_snake_case(const char *s)
{
	size_t n;

	if (!is_identifier(s))
		return 0;
	n = strlen(s);
	return s[n - 1] != '_' && strstr(s, "__") == NULL;
}

static int is_nonempty(const char *s)
{
	return s && *s;
}

/* Index of entity name in the table, or -1. */
static long entity_index(const mais_entity *ents, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ents[i].name, name) == 0)
			return (long)i;
	return -1;
}

static int col_needs_ref(mais_col_type t)
{
	return t == MAIS_COL_CODE || t == MAIS_COL_CODES || t == MAIS_COL_REF ||
	       t == MAIS_COL_MONEY;
}

/* --- Vocabularies ----------------------------------------------------- */

static void test_vocab_table_is_well_formed(void **state)
{
	size_t n;
	const mais_vocab *all = mais_vocab_all(&n);

	(void)state;
	assert_non_null(all);
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		const mais_vocab *v = &all[i];

		if (!is_identifier(v->name))
			fail_msg("vocabulary name '%s' is not an identifier",
				 v->name ? v->name : "(null)");
		if (!is_nonempty(v->source))
			fail_msg("vocabulary %s has no source", v->name);
		if (v->count == 0 || !v->codes)
			fail_msg("vocabulary %s has no codes", v->name);
		for (size_t j = 0; j < i; j++)
			if (strcmp(all[j].name, v->name) == 0)
				fail_msg("vocabulary %s defined twice",
					 v->name);
		for (size_t k = 0; k < v->count; k++) {
			const mais_code *c = &v->codes[k];

			if (!is_identifier(c->code))
				fail_msg(
					"%s: code '%s' is not ^[a-z][a-z0-9_]*$",
					v->name, c->code ? c->code : "(null)");
			if (!is_nonempty(c->label))
				fail_msg("%s.%s has no label", v->name,
					 c->code);
			for (size_t j = 0; j < k; j++)
				if (strcmp(v->codes[j].code, c->code) == 0)
					fail_msg("%s: code %s twice", v->name,
						 c->code);
			if (mais_vocab_lookup(v, c->code) != c)
				fail_msg("%s: lookup of %s fails", v->name,
					 c->code);
		}
		if (mais_vocab_find(v->name) != v)
			fail_msg("mais_vocab_find(%s) fails", v->name);
	}
}

static void test_vocab_lookups(void **state)
{
	const mais_vocab *v;
	const mais_code *c;
	size_t n = 0;

	(void)state;
	assert_non_null(mais_vocab_all(&n));
	assert_non_null(mais_vocab_all(NULL));
	assert_null(mais_vocab_find("no_such_vocabulary"));
	assert_null(mais_vocab_find(""));
	assert_null(mais_vocab_find(NULL));

	v = mais_vocab_find("hazard_class");
	assert_non_null(v);
	c = mais_vocab_lookup(v, "sha");
	assert_non_null(c);
	assert_string_equal(c->code, "sha");
	assert_null(mais_vocab_lookup(v, "SHA")); /* case-sensitive */
	assert_null(mais_vocab_lookup(v, "sh"));
	assert_null(mais_vocab_lookup(v, ""));
	assert_null(mais_vocab_lookup(v, NULL));
	assert_null(mais_vocab_lookup(NULL, "sha"));
}

static int vocab_has(const char *vocab, const char *code)
{
	const mais_vocab *v = mais_vocab_find(vocab);

	return v && mais_vocab_lookup(v, code) != NULL;
}

static void test_vocab_design_terms(void **state)
{
	static const char *const required[] = {
		"workflow_status",
		"hazard_class",
		"hazard_status",
		"activity_type",
		"release_method",
		"asset_type",
		"eo_category",
		"eo_fate",
		"victim_outcome",
		"sex",
		"age_band",
		"victim_role",
		"accident_type",
		"activity_at_time",
		"evidence_type",
		"source_reliability",
		"blocked_resource",
		"injury_type",
		"va_type",
		"eore_method",
		"eore_audience",
		"org_type",
		"user_role",
		"equipment_type",
		"equipment_status",
		"qm_type",
		"qm_result",
		"competency",
		"settlement_return_status",
		"funding_type",
		"task_status",
		"land_use",
	};
	static const char *const workflow[] = {
		"draft", "submitted", "verified", "approved", "rejected",
	};
	static const char *const activities[] = {
		"nts",		 "ts", "clearance", "bac",
		"eod_spot_task", "qa", "qc",	    "completion",
	};
	static const char *const eo[] = {
		"ap_mine", "at_mine", "submunition", "uxo",
		"axo",	   "ied",     "booby_trap",
	};
	static const char *const bands[] = {
		"age_0_9",     "age_10_17", "age_18_45",
		"age_46_plus", "child",	    "adult",
	};
	const mais_vocab *rm;

	(void)state;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!mais_vocab_find(required[i]))
			fail_msg("vocabulary %s missing", required[i]);

	assert_true(vocab_has("hazard_class", "indication"));
	assert_true(vocab_has("hazard_class", "sha"));
	assert_true(vocab_has("hazard_class", "cha"));

	rm = mais_vocab_find("release_method");
	assert_non_null(rm);
	assert_int_equal(rm->count, 3);
	assert_true(vocab_has("release_method", "cancelled"));
	assert_true(vocab_has("release_method", "reduced"));
	assert_true(vocab_has("release_method", "cleared"));

	assert_int_equal(mais_vocab_find("workflow_status")->count, 5);
	for (size_t i = 0; i < sizeof workflow / sizeof workflow[0]; i++)
		assert_true(vocab_has("workflow_status", workflow[i]));
	for (size_t i = 0; i < sizeof activities / sizeof activities[0]; i++)
		assert_true(vocab_has("activity_type", activities[i]));
	for (size_t i = 0; i < sizeof eo / sizeof eo[0]; i++)
		assert_true(vocab_has("eo_category", eo[i]));
	for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++)
		assert_true(vocab_has("age_band", bands[i]));
	assert_true(vocab_has("hazard_status", "handed_over"));
	assert_true(vocab_has("victim_outcome", "killed"));
	assert_true(vocab_has("victim_outcome", "injured"));
	assert_true(vocab_has("victim_role", "security_force"));
	assert_true(vocab_has("eo_fate", "destroyed_in_situ"));
	assert_true(vocab_has("user_role", "victim_assistance"));
}

/* --- Common columns --------------------------------------------------- */

static void test_common_columns(void **state)
{
	static const struct {
		const char *name;
		mais_col_type type;
		unsigned flags;
	} want[] = {
		{"uuid", MAIS_COL_UUID, MAIS_COL_SYSTEM | MAIS_COL_REQUIRED},
		{"reference", MAIS_COL_TEXT,
		 MAIS_COL_SYSTEM | MAIS_COL_REQUIRED},
		{"organisation_uuid", MAIS_COL_REF, 0},
		{"info_date", MAIS_COL_DATE, MAIS_COL_PAST},
		{"status", MAIS_COL_CODE, MAIS_COL_SYSTEM | MAIS_COL_REQUIRED},
		{"status_reason", MAIS_COL_TEXT, 0},
		{"version", MAIS_COL_INTEGER,
		 MAIS_COL_SYSTEM | MAIS_COL_REQUIRED},
		{"created_at", MAIS_COL_DATETIME, MAIS_COL_SYSTEM},
		{"created_by", MAIS_COL_TEXT, MAIS_COL_SYSTEM},
		{"updated_at", MAIS_COL_DATETIME, MAIS_COL_SYSTEM},
		{"updated_by", MAIS_COL_TEXT, MAIS_COL_SYSTEM},
	};
	size_t n;
	const mais_column *c = mais_schema_common(&n);

	(void)state;
	assert_non_null(c);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(c[i].name, want[i].name);
		assert_int_equal(c[i].type, want[i].type);
		assert_int_equal(c[i].flags, want[i].flags);
		assert_true(is_nonempty(c[i].doc));
	}
	assert_string_equal(c[2].ref, "organisation");
	assert_string_equal(c[4].ref, "workflow_status");
	assert_non_null(mais_vocab_find(c[4].ref));
}

/* --- Entities --------------------------------------------------------- */

static void check_column(const mais_entity *ents, size_t nents, size_t ei,
			 const mais_column *col)
{
	const mais_entity *e = &ents[ei];
	size_t ncommon;
	const mais_column *common = mais_schema_common(&ncommon);

	if (!is_snake_case(col->name))
		fail_msg("%s.%s is not snake_case", e->name,
			 col->name ? col->name : "(null)");
	if (strcmp(col->name, "fid") == 0 || strcmp(col->name, "geom") == 0)
		fail_msg("%s.%s is a reserved column name", e->name, col->name);
	for (size_t k = 0; k < ncommon; k++)
		if (strcmp(common[k].name, col->name) == 0)
			fail_msg("%s.%s collides with a common column", e->name,
				 col->name);
	if (!is_nonempty(col->doc))
		fail_msg("%s.%s has no doc", e->name, col->name);
	if ((unsigned)col->type > MAIS_COL_UUID ||
	    strcmp(mais_col_type_name(col->type), "UNKNOWN") == 0)
		fail_msg("%s.%s has an unknown type", e->name, col->name);
	if (col_needs_ref(col->type) != (col->ref != NULL))
		fail_msg("%s.%s: type %s %s a ref", e->name, col->name,
			 mais_col_type_name(col->type),
			 col->ref ? "must not have" : "needs");

	switch (col->type) {
	case MAIS_COL_CODE:
	case MAIS_COL_CODES:
		if (!mais_vocab_find(col->ref))
			fail_msg("%s.%s: no vocabulary %s", e->name, col->name,
				 col->ref);
		break;
	case MAIS_COL_REF: {
		long ri = entity_index(ents, nents, col->ref);

		if (ri < 0)
			fail_msg("%s.%s: no entity %s", e->name, col->name,
				 col->ref);
		if ((size_t)ri > ei)
			fail_msg("%s.%s: entity %s is defined later", e->name,
				 col->name, col->ref);
		break;
	}
	case MAIS_COL_MONEY: {
		int common_flag = 1;
		const mais_column *cur =
			mais_schema_column(e, col->ref, &common_flag);

		if (!cur || common_flag || cur->type != MAIS_COL_CURRENCY)
			fail_msg("%s.%s: %s is not a currency column of %s",
				 e->name, col->name, col->ref, e->name);
		if ((col->flags & MAIS_COL_REQUIRED) &&
		    !(cur->flags & MAIS_COL_REQUIRED))
			fail_msg("%s.%s is required but its currency %s is not",
				 e->name, col->name, cur->name);
		break;
	}
	default:
		break;
	}
	if ((col->flags & ~(unsigned)(MAIS_COL_REQUIRED | MAIS_COL_SENSITIVE |
				      MAIS_COL_SYSTEM | MAIS_COL_PAST)) != 0)
		fail_msg("%s.%s has unknown flags", e->name, col->name);
	if ((col->flags & MAIS_COL_PAST) && col->type != MAIS_COL_DATE &&
	    col->type != MAIS_COL_DATETIME)
		fail_msg("%s.%s: 'past' on a column that is no date", e->name,
			 col->name);
}

static void test_entity_table_is_well_formed(void **state)
{
	size_t n;
	const mais_entity *ents = mais_schema_entities(&n);

	(void)state;
	assert_non_null(ents);
	assert_true(n >= 21);
	for (size_t i = 0; i < n; i++) {
		const mais_entity *e = &ents[i];
		size_t plen;

		if (!is_snake_case(e->name))
			fail_msg("entity name '%s' is not snake_case",
				 e->name ? e->name : "(null)");
		if (!is_nonempty(e->title) || !is_nonempty(e->doc))
			fail_msg("entity %s lacks a title or doc", e->name);
		if (e->ncolumns == 0 || !e->columns)
			fail_msg("entity %s has no columns", e->name);
		if (mais_schema_entity(e->name) != e)
			fail_msg("mais_schema_entity(%s) fails", e->name);

		plen = e->prefix ? strlen(e->prefix) : 0;
		if (plen < 2 || plen > 3)
			fail_msg("%s: prefix '%s' is not 2-3 letters", e->name,
				 e->prefix ? e->prefix : "(null)");
		for (size_t k = 0; k < plen; k++)
			if (!(e->prefix[k] >= 'A' && e->prefix[k] <= 'Z'))
				fail_msg("%s: prefix '%s' is not upper-case",
					 e->name, e->prefix);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(ents[j].name, e->name) == 0)
				fail_msg("entity %s defined twice", e->name);
			if (strcmp(ents[j].prefix, e->prefix) == 0)
				fail_msg("prefix %s used by %s and %s",
					 e->prefix, ents[j].name, e->name);
		}

		if (e->has_geom) {
			if (e->geom_type != MAIS_GEOM_POINT &&
			    e->geom_type != MAIS_GEOM_MULTIPOLYGON &&
			    e->geom_type != MAIS_GEOM_GEOMETRY)
				fail_msg("%s: geometry type %d not allowed",
					 e->name, (int)e->geom_type);
		} else if (e->flags != 0) {
			fail_msg("%s has geometry flags but no geometry",
				 e->name);
		}
		if ((e->flags & ~(unsigned)(MAIS_ENT_AREA_FEATURE |
					    MAIS_ENT_GEOM_OPTIONAL)) != 0)
			fail_msg("%s has unknown flags", e->name);
		if ((e->flags & MAIS_ENT_AREA_FEATURE) &&
		    e->geom_type == MAIS_GEOM_POINT)
			fail_msg("%s: an area feature cannot be points only",
				 e->name);

		for (size_t c = 0; c < e->ncolumns; c++) {
			check_column(ents, n, i, &e->columns[c]);
			for (size_t d = 0; d < c; d++)
				if (strcmp(e->columns[d].name,
					   e->columns[c].name) == 0)
					fail_msg("%s.%s defined twice", e->name,
						 e->columns[c].name);
		}
	}
}

static void test_schema_lookups(void **state)
{
	const mais_entity *ha = mais_schema_entity("hazard");
	const mais_column *c;
	int common = -1;

	(void)state;
	assert_non_null(ha);
	assert_null(mais_schema_entity("no_such_entity"));
	assert_null(mais_schema_entity(""));
	assert_null(mais_schema_entity(NULL));
	assert_non_null(mais_schema_entities(NULL));
	assert_non_null(mais_schema_common(NULL));

	c = mais_schema_column(ha, "hazard_class", &common);
	assert_non_null(c);
	assert_int_equal(c->type, MAIS_COL_CODE);
	assert_int_equal(common, 0);

	common = -1;
	c = mais_schema_column(ha, "status", &common);
	assert_non_null(c);
	assert_string_equal(c->ref, "workflow_status");
	assert_int_equal(common, 1);

	c = mais_schema_column(ha, "uuid", NULL);
	assert_non_null(c);
	assert_int_equal(c->type, MAIS_COL_UUID);

	common = -1;
	assert_null(mais_schema_column(ha, "no_such_column", &common));
	assert_null(mais_schema_column(ha, "geom", NULL));
	assert_null(mais_schema_column(ha, "fid", NULL));
	assert_null(mais_schema_column(ha, NULL, NULL));
	assert_null(mais_schema_column(NULL, "uuid", NULL));
	/* a column of another entity is not found */
	assert_null(mais_schema_column(ha, "quantity", NULL));

	assert_string_equal(mais_col_type_name(MAIS_COL_TEXT), "TEXT");
	assert_string_equal(mais_col_type_name(MAIS_COL_AREA_M2), "AREA_M2");
	assert_string_equal(mais_col_type_name(MAIS_COL_UUID), "UUID");
}

/* --- Coverage of DESIGN.md -------------------------------------------- */

static void test_design_entities_exist(void **state)
{
	static const char *const names[] = {
		"organisation",	  "accreditation", "admin_area",
		"settlement",	  "hazard",	   "task",
		"activity",	  "land_release",  "eo_item",
		"accident",	  "victim",	   "victim_assistance",
		"eore_session",	  "qm_inspection", "equipment",
		"equipment_test", "project",	   "pledge",
		"exchange_rate",  "allocation",	   "expenditure",
	};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!mais_schema_entity(names[i]))
			fail_msg("entity %s missing", names[i]);
}

static void test_design_columns(void **state)
{
	const mais_entity *e;
	const mais_column *c;

	(void)state;
	/* hazards: polygon or point, may have no geometry, area rules */
	e = mais_schema_entity("hazard");
	assert_int_equal(e->has_geom, 1);
	assert_int_equal(e->geom_type, MAIS_GEOM_GEOMETRY);
	assert_true(e->flags & MAIS_ENT_AREA_FEATURE);
	assert_true(e->flags & MAIS_ENT_GEOM_OPTIONAL);
	c = mais_schema_column(e, "hazard_class", NULL);
	assert_string_equal(c->ref, "hazard_class");
	assert_true(c->flags & MAIS_COL_REQUIRED);
	c = mais_schema_column(e, "area_m2", NULL);
	assert_int_equal(c->type, MAIS_COL_AREA_M2);
	assert_true(c->flags & MAIS_COL_SYSTEM);
	assert_int_equal(mais_schema_column(e, "estimated_area_m2", NULL)->type,
			 MAIS_COL_AREA_M2);

	/* land release: one method per polygon, the three of IMAS 07.11 */
	e = mais_schema_entity("land_release");
	assert_int_equal(e->geom_type, MAIS_GEOM_MULTIPOLYGON);
	assert_true(e->flags & MAIS_ENT_AREA_FEATURE);
	c = mais_schema_column(e, "method", NULL);
	assert_string_equal(c->ref, "release_method");
	assert_true(c->flags & MAIS_COL_REQUIRED);

	/* victims: personal data is sensitive, statistics are not */
	e = mais_schema_entity("victim");
	assert_int_equal(e->has_geom, 0);
	assert_true(mais_schema_column(e, "given_name", NULL)->flags &
		    MAIS_COL_SENSITIVE);
	assert_true(mais_schema_column(e, "family_name", NULL)->flags &
		    MAIS_COL_SENSITIVE);
	assert_true(mais_schema_column(e, "medical_notes", NULL)->flags &
		    MAIS_COL_SENSITIVE);
	assert_false(mais_schema_column(e, "sex", NULL)->flags &
		     MAIS_COL_SENSITIVE);
	assert_true(mais_schema_column(e, "accident_uuid", NULL)->flags &
		    MAIS_COL_REQUIRED);

	/* money: integer minor units with their currency; sourced rates */
	e = mais_schema_entity("pledge");
	c = mais_schema_column(e, "amount", NULL);
	assert_int_equal(c->type, MAIS_COL_MONEY);
	assert_string_equal(c->ref, "currency");
	e = mais_schema_entity("exchange_rate");
	assert_int_equal(mais_schema_column(e, "rate", NULL)->type,
			 MAIS_COL_DECIMAL);
	assert_true(mais_schema_column(e, "source", NULL)->flags &
		    MAIS_COL_REQUIRED);

	/* organisation comes first: every other entity may refer to it */
	e = mais_schema_entity("organisation");
	assert_string_equal(mais_schema_column(e, "parent_uuid", NULL)->ref,
			    "organisation");
	assert_string_equal(mais_schema_entities(NULL)[0].name, "organisation");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab_table_is_well_formed),
		cmocka_unit_test(test_vocab_lookups),
		cmocka_unit_test(test_vocab_design_terms),
		cmocka_unit_test(test_common_columns),
		cmocka_unit_test(test_entity_table_is_well_formed),
		cmocka_unit_test(test_schema_lookups),
		cmocka_unit_test(test_design_columns),
		cmocka_unit_test(test_design_entities_exist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
