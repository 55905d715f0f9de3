/*
 * admin_assign.c — the admin area of a record from its location, on
 * every write (write.h): a hazard entered in the web UI is counted
 * under its district exactly as one imported from a file.  The
 * assignment itself is the gazetteer's (admin.h, mais_admin_assign: the
 * finest level, the largest overlap); this file only finds the areas to
 * ask: the caller's index (an import holds one for all its features), or
 * the stored admin areas whose bounding boxes meet the record's (the
 * store's spatial index), so that one write never reads every boundary.
 */
#include "service/write_internal.h"
#include "mais/error.h"

#include <string.h>

static int needs_area(const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_geom *g = mais_record_geom(r);

	return strcmp(e->name, "admin_area") != 0 &&
	       mais_schema_column(e, "admin_area_uuid", NULL) &&
	       !mais_record_get(r, "admin_area_uuid") && g &&
	       !mais_geom_is_empty(g);
}

static int assign_with(const mais_admin_index *ix, mais_record *r)
{
	const char *uuid = NULL;
	int rc = mais_admin_assign(ix, mais_record_geom(r), &uuid);

	if (rc < 0 || !uuid)
		return rc;
	return mais_record_set(r, "admin_area_uuid", uuid);
}

static int add_area(const mais_record *a, void *ix)
{
	return mais_admin_add(ix, a);
}

/* An index of the admin areas whose boxes meet r's. */
static int areas_near(svc_ctx *c, const mais_record *r, mais_admin_index *ix)
{
	mais_store_query q = {.entity = "admin_area", .has_bbox = 1};
	int rc = mais_geom_envelope(mais_record_geom(r), &q.bbox[0], &q.bbox[1],
				    &q.bbox[2], &q.bbox[3]);

	return rc < 0 ? rc : mais_store_list_all(c->s, &q, add_area, ix);
}

int svc_admin_assign(svc_ctx *c, mais_record *r)
{
	mais_admin_index *ix = NULL;
	int rc;

	if (!needs_area(r))
		return 0;
	if (c->admin)
		return assign_with(c->admin, r);
	rc = mais_admin_index_new(&ix);
	if (rc == 0)
		rc = areas_near(c, r, ix);
	if (rc == 0)
		rc = assign_with(ix, r);
	mais_admin_index_free(ix);
	return rc;
}
