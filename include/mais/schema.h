/*
 * schema.h — the data dictionary: every entity of the domain model
 * (DESIGN.md) with its typed columns, in one source table
 * (src/core/schema.c).  The store backends generate their tables from it,
 * records are validated against it, and imports and the HTTP API map
 * fields by its column names.  It knows nothing of SQL.
 *
 * Every entity also has the common columns of mais_schema_common() —
 * uuid, reference, organisation, date of information, workflow status,
 * version — and, if it has a location, one geometry column "geom" in
 * WGS 84 (EPSG:4326).
 *
 * Units: columns named *_m2 are areas in m², *_m lengths in m, dates are
 * ISO 8601 (YYYY-MM-DD), timestamps ISO 8601 UTC (YYYY-MM-DDThh:mm:ssZ),
 * money columns integer minor units of the currency in the column named
 * by the column's `ref` (ISO 4217), rates exact decimals as text.
 *
 * Ownership: everything returned is static and never freed.
 */
#ifndef MAIS_SCHEMA_H
#define MAIS_SCHEMA_H

#include <stddef.h>
#include "mais/geom.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mais_col_type {
	MAIS_COL_TEXT,     /* UTF-8, at most MAIS_MAX_TEXT_FIELD bytes */
	MAIS_COL_INTEGER,  /* 64-bit integer */
	MAIS_COL_REAL,     /* finite double */
	MAIS_COL_BOOL,     /* 0 or 1 (input also "true"/"false"/"yes"/"no") */
	MAIS_COL_DATE,     /* ISO 8601 calendar date YYYY-MM-DD */
	MAIS_COL_DATETIME, /* ISO 8601 UTC YYYY-MM-DDThh:mm:ssZ */
	MAIS_COL_CODE,     /* one code of the vocabulary named by ref */
	MAIS_COL_CODES,    /* comma-separated codes of vocabulary ref */
	MAIS_COL_REF,      /* UUID of a record of the entity named by ref */
	MAIS_COL_AREA_M2,  /* area in m², finite and >= 0 */
	MAIS_COL_MONEY,    /* integer minor units; ref names the currency
			      column of the same entity */
	MAIS_COL_CURRENCY, /* ISO 4217 alphabetic code: three upper letters */
	MAIS_COL_DECIMAL,  /* exact decimal as text: -?digits[.digits] */
	MAIS_COL_UUID      /* an RFC 4122 UUID, lower-case */
} mais_col_type;

enum {
	MAIS_COL_REQUIRED = 1u << 0,  /* must not be null */
	MAIS_COL_SENSITIVE = 1u << 1, /* personal data: victim-assistance
					 right only, left out of exports */
	MAIS_COL_SYSTEM = 1u << 2,    /* set by the store, not by users */
	MAIS_COL_PAST = 1u << 3       /* a date of something that happened:
					 not after today (UTC) */
};

typedef struct mais_column {
	const char *name;
	mais_col_type type;
	const char *ref;   /* vocabulary, entity or currency column, or NULL */
	unsigned flags;
	const char *doc;   /* meaning, unit, source (IMAS clause) */
} mais_column;

enum {
	MAIS_ENT_AREA_FEATURE = 1u << 0, /* hazards, releases: long-segment
					    and sliver rules apply */
	MAIS_ENT_GEOM_OPTIONAL = 1u << 1 /* geometry may be null */
};

typedef struct mais_entity {
	const char *name;      /* table name: "hazard" */
	const char *prefix;    /* reference prefix: "HA" gives HA-000001 */
	const char *title;     /* "Hazard" */
	int has_geom;          /* 1: a feature table with column geom */
	mais_geom_type geom_type; /* MAIS_GEOM_POINT, _MULTIPOLYGON, _GEOMETRY */
	unsigned flags;        /* MAIS_ENT_* */
	const char *doc;       /* what it is; IMAS / IMSMA source */
	const mais_column *columns; /* own columns, common ones excluded */
	size_t ncolumns;
} mais_entity;

/* The common columns every entity has, in table order (uuid, reference,
 * organisation_uuid, info_date, status, status_reason, version,
 * created_at, created_by, updated_at, updated_by). */
const mais_column *mais_schema_common(size_t *count);

/* All entities, in dependency order (referenced before referencing). */
const mais_entity *mais_schema_entities(size_t *count);

/* The entity called name, or NULL. */
const mais_entity *mais_schema_entity(const char *name);

/* The column called name among e's own columns then the common ones, or
 * NULL.  *common is set to 1 if it is a common column (may be NULL). */
const mais_column *mais_schema_column(const mais_entity *e, const char *name,
				      int *common);

/* "TEXT", "DATE", ... the name of a column type. Static. */
const char *mais_col_type_name(mais_col_type t);

#ifdef __cplusplus
}
#endif
#endif
