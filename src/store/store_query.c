/*
 * store_query.c — the store front of the queries the HTTP API needs: a
 * list with filters, sort and pagination, and the history of a record.
 *
 * The front checks the query against the data dictionary and resolves
 * every column it names (sort, class, main date, admin area) to a column
 * of the entity, so that a backend only ever writes identifiers of the
 * dictionary into its SQL and binds every value.  What a filter means is
 * decided here once, for every backend.
 */
#include "mais/store.h"
#include "core/values.h"
#include "mais/admin.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "store/backend.h"
#include "store/store_internal.h"

#include <math.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

const mais_column *mais_store_class_column(const mais_entity *e)
{
	static const char *suffixes[] = {"_class", "_type"};

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < e->ncolumns; i++)
			if (e->columns[i].type == MAIS_COL_CODE &&
			    ends_with(e->columns[i].name, suffixes[k]))
				return &e->columns[i];
	return NULL;
}

const mais_column *mais_store_date_column(const mais_entity *e)
{
	for (size_t i = 0; i < e->ncolumns; i++)
		if (e->columns[i].type == MAIS_COL_DATE &&
		    !(e->columns[i].flags & MAIS_COL_SENSITIVE))
			return &e->columns[i];
	return mais_schema_column(e, "info_date", NULL);
}

static int check_bbox(const mais_entity *e, const mais_store_query *q)
{
	const double *b = q->bbox;

	if (!e->has_geom)
		return mais_error_set(MAIS_EINVAL, "bbox: %s has no location",
				      e->name);
	for (int i = 0; i < 4; i++)
		if (!isfinite(b[i]))
			return mais_error_set(MAIS_EINVAL,
					      "bbox: not a number");
	if (b[0] > b[2] || b[1] > b[3])
		return mais_error_set(MAIS_EINVAL,
				      "bbox: minx,miny,maxx,maxy with min <= "
				      "max");
	return 0;
}

static int plan_admin(mais_store_list_plan *p)
{
	const mais_entity *e = p->e;

	p->admin = mais_schema_column(e, "admin_area_uuid", NULL);
	if (!p->admin && strcmp(e->name, "admin_area") == 0) {
		p->admin = mais_schema_column(e, "parent_uuid", NULL);
		p->admin_self = 1;
	}
	if (!p->admin)
		return mais_error_set(MAIS_EINVAL,
				      "admin_area: %s has no admin area",
				      e->name);
	return 0;
}

static int plan_dates(mais_store_list_plan *p)
{
	const mais_store_query *q = p->q;

	if ((q->date_from && !mais_date_valid(q->date_from)) ||
	    (q->date_to && !mais_date_valid(q->date_to)))
		return mais_error_set(MAIS_EINVAL,
				      "from/to: a date is YYYY-MM-DD");
	p->date = mais_store_date_column(p->e);
	return 0;
}

static int plan_sort(mais_store_list_plan *p)
{
	const char *name = p->q->sort ? p->q->sort : "reference";

	p->sort = mais_schema_column(p->e, name, NULL);
	if (!p->sort || (p->sort->flags & MAIS_COL_SENSITIVE))
		return mais_error_set(MAIS_EINVAL,
				      "sort: %s has no column '%s'", p->e->name,
				      name);
	return 0;
}

/* The name key of the free text q into p: what a person types matches
 * however the record spells it ("fuzuli" finds "Füzuli", "terter"
 * "Tərtər"). */
static int plan_text(mais_store_list_plan *p)
{
	const char *q = p->q->q;

	if (strlen(q) > MAIS_MAX_QUERY_PARAM)
		return mais_error_set(MAIS_ELIMIT, "q: longer than %d bytes",
				      MAIS_MAX_QUERY_PARAM);
	if (mais_name_key(q, p->q_key, sizeof p->q_key) < 0)
		return mais_error_prefix(MAIS_EINVAL, "q");
	p->q_area = mais_schema_column(p->e, "admin_area_uuid", NULL);
	return 0;
}

/* Checks q and resolves its columns into p. */
static int plan(mais_store_list_plan *p, const mais_store_query *q)
{
	int rc;

	memset(p, 0, sizeof *p);
	p->q = q;
	p->e = mais_schema_entity(q->entity ? q->entity : "");
	if (!p->e)
		return mais_error_set(MAIS_ENOTFOUND, "no entity '%s'",
				      q->entity ? q->entity : "");
	if (q->limit < 1 || q->limit > MAIS_MAX_MAP_FEATURES || q->offset < 0)
		return mais_error_set(MAIS_EINVAL,
				      "limit: 1 to %d; offset: from 0",
				      MAIS_MAX_MAP_FEATURES);
	if (q->has_bbox && (rc = check_bbox(p->e, q)) < 0)
		return rc;
	if (q->admin_area && (rc = plan_admin(p)) < 0)
		return rc;
	if ((q->date_from || q->date_to) && (rc = plan_dates(p)) < 0)
		return rc;
	if (q->ref_column &&
	    (!(p->ref = mais_schema_column(p->e, q->ref_column, NULL)) ||
	     p->ref->type != MAIS_COL_REF || !q->ref_value))
		return mais_error_set(MAIS_EINVAL,
				      "refers_to: %s is not a reference of %s",
				      q->ref_column, p->e->name);
	if (q->class_code && !(p->klass = mais_store_class_column(p->e)))
		return mais_error_set(MAIS_EINVAL,
				      "class: %s has no class column",
				      p->e->name);
	if (q->q && (rc = plan_text(p)) < 0)
		return rc;
	return plan_sort(p);
}

int mais_store_list(mais_store *s, const mais_store_query *q, int64_t *total,
		    mais_store_record_fn fn, void *ctx)
{
	mais_store_list_plan p;
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	int rc;

	*total = 0;
	rc = plan(&p, q);
	if (rc < 0)
		return rc;
	return be->list(db, &p, total, fn, ctx);
}

int mais_store_list_all(mais_store *s, mais_store_query *q,
			mais_store_record_fn fn, void *ctx)
{
	int64_t total = 0;
	int rc;

	if (q->limit <= 0)
		q->limit = MAIS_MAX_MAP_FEATURES;
	do {
		rc = mais_store_list(s, q, &total, fn, ctx);
		q->offset += q->limit;
	} while (rc == 0 && q->offset < total);
	return rc;
}

int mais_store_history(mais_store *s, const char *entity, const char *uuid,
		       const mais_store_history_fns *fns)
{
	const mais_entity *e = mais_schema_entity(entity);
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	if (!e)
		return mais_error_set(MAIS_ENOTFOUND, "no entity '%s'", entity);
	return be->history(db, e, uuid, fns);
}
