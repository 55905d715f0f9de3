/*
 * fill.c — one record of every entity, every column filled (fill.h).
 * Values are generated from the data dictionary, so a new entity or column
 * is covered without touching this file.
 */
#include "fill.h"
#include "service/write.h"

#include <stdio.h>
#include <string.h>

/* UUIDs of the records stored so far, by entity name. */
static struct {
	const char *entity;
	char uuid[37];
} stored[64];
static size_t nstored;

static const char *uuid_of(const char *entity)
{
	for (size_t i = 0; i < nstored; i++)
		if (strcmp(stored[i].entity, entity) == 0)
			return stored[i].uuid;
	return NULL;
}

const char *fill_value(mais_store *s, const mais_column *c, char *buf,
		       size_t len)
{
	(void)s;
	switch (c->type) {
	case MAIS_COL_TEXT:
		snprintf(buf, len, "%s: Ağdam rayonu — тест", c->name);
		return buf;
	case MAIS_COL_INTEGER: /* a count, a level (0-3), a year-free number */
		return "1";
	case MAIS_COL_MONEY:
		return "40000000";
	case MAIS_COL_REAL:
		return "12.5";
	case MAIS_COL_AREA_M2:
		return "1234.5";
	case MAIS_COL_BOOL:
		return "1";
	case MAIS_COL_DATE:
		return "2022-07-15";
	case MAIS_COL_DATETIME:
		return "2022-07-15T10:30:00.000Z";
	case MAIS_COL_CODE:
	case MAIS_COL_CODES:
		return mais_vocab_find(c->ref)->codes[0].code;
	case MAIS_COL_REF:
		return uuid_of(c->ref);
	case MAIS_COL_CURRENCY:
		return "EUR";
	case MAIS_COL_DECIMAL:
		return "2.00818";
	case MAIS_COL_UUID:
		return "0b8c3a36-5a8e-4d2f-9a57-2f3f9c1e7a01";
	}
	return NULL;
}

/* A location in Azerbaijan (Aghdam district) of the entity's type. */
static const char *fill_wkt(const mais_entity *e)
{
	if (e->geom_type == MAIS_GEOM_POINT)
		return "POINT(46.93 39.99)";
	return "POLYGON((46.93 39.99,46.94 39.99,46.94 40.0,46.93 40.0,"
	       "46.93 39.99))";
}

static int fill_one(mais_store *s, const mais_entity *e,
		    const mais_actor *who)
{
	const mais_column *common;
	size_t ncommon;
	mais_record *r;
	char buf[128];
	int rc;

	rc = mais_record_new(&r, e->name);
	if (rc < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < e->ncolumns; i++)
		if (!(e->columns[i].flags & MAIS_COL_SYSTEM))
			rc = mais_record_set(r, e->columns[i].name,
					     fill_value(s, &e->columns[i], buf,
							sizeof buf));
	common = mais_schema_common(&ncommon);
	for (size_t i = 0; rc == 0 && i < ncommon; i++)
		if (!(common[i].flags & MAIS_COL_SYSTEM))
			rc = mais_record_set(r, common[i].name,
					     fill_value(s, &common[i], buf,
							sizeof buf));
	if (rc == 0 && e->has_geom) {
		mais_geom *g;

		rc = mais_geom_from_wkt(&g, fill_wkt(e));
		if (rc == 0)
			rc = mais_record_set_geom(r, g);
	}
	if (rc == 0)
		rc = fill_create(s, r, who);
	if (rc == 0 && nstored < sizeof stored / sizeof stored[0]) {
		stored[nstored].entity = e->name;
		snprintf(stored[nstored].uuid, 37, "%s", mais_record_uuid(r));
		nstored++;
	}
	mais_record_free(r);
	return rc;
}

int fill_create(mais_store *s, mais_record *r, const mais_actor *who)
{
	mais_principal system;
	svc_ctx c;

	mais_principal_system(&system);
	svc_ctx_init(&c, s, who, &system);
	return svc_create(&c, r);
}

int fill_every_entity(mais_store *s, const mais_actor *who)
{
	size_t ne;
	const mais_entity *ents = mais_schema_entities(&ne);
	int rc = 0;

	nstored = 0;
	for (size_t i = 0; rc == 0 && i < ne; i++) {
		rc = fill_one(s, &ents[i], who);
		if (rc < 0)
			fprintf(stderr, "fill %s: %s\n", ents[i].name,
				mais_error_last());
	}
	return rc;
}
