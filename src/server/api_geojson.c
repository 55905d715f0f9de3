/*
 * api_geojson.c — map layers: GET /api/geojson/ENTITY gives the records
 * a user sees as a GeoJSON FeatureCollection, filtered by bbox (through
 * the table's R-tree), status and class, at most MAIS_MAX_MAP_FEATURES.
 * Each feature's properties are what a map styles and labels with: uuid,
 * reference, status and the entity's code columns (never a sensitive
 * one).  "truncated" tells the map to zoom in for the rest.
 */
#include "server/api.h"
#include "io/geojson.h"

#include <string.h>

typedef struct layer {
	json_t *features;
} layer;

static json_t *properties(const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	json_t *p = json_pack("{s:s, s:s, s:s}", "uuid", mais_record_uuid(r),
			      "reference", mais_record_reference(r), "status",
			      mais_record_get(r, "status"));

	for (size_t i = 0; i < e->ncolumns; i++) {
		const mais_column *c = &e->columns[i];

		if ((c->type == MAIS_COL_CODE || c->type == MAIS_COL_CODES ||
		     c->type == MAIS_COL_AREA_M2 ||
		     strcmp(c->name, "name") == 0) &&
		    !(c->flags & MAIS_COL_SENSITIVE))
			json_object_set_new(
				p, c->name,
				api_value_json(c, mais_record_value(r, i)));
	}
	return p;
}

static int add_feature(const mais_record *r, void *ctx)
{
	layer *l = ctx;
	json_t *geom = NULL;

	if (mais_geojson_write(mais_record_geom(r), &geom) < 0)
		geom = json_null();
	json_array_append_new(l->features,
			      json_pack("{s:s, s:s, s:o, s:o}", "type",
					"Feature", "id", mais_record_uuid(r),
					"geometry", geom, "properties",
					properties(r)));
	return 0;
}

int api_geojson(http_req *req, http_resp *resp)
{
	const mais_entity *e = api_entity(req, resp);
	layer l = {NULL};
	mais_store_query q;
	api_scope sc;
	int64_t total;
	int rc;

	if (!e)
		return 0;
	if (!e->has_geom)
		return http_error(resp, 400, "no_location", NULL,
				  "%s records have no geometry", e->name);
	if (api_parse_query(req, resp, e, &q, MAIS_MAX_MAP_FEATURES,
			    MAIS_MAX_MAP_FEATURES))
		return 0;
	q.sort = "reference";
	api_scope_of(req, e->name, &sc);
	if (!sc.all) {
		q.orgs = sc.orgs;
		q.norgs = sc.norgs;
	}
	l.features = json_array();
	rc = mais_store_list(req->store, &q, &total, add_feature, &l);
	if (rc < 0) {
		json_decref(l.features);
		return http_error_rc(resp, rc);
	}
	return http_json(
		resp, 200,
		json_pack("{s:s, s:o, s:I, s:b}", "type", "FeatureCollection",
			  "features", l.features, "total", (json_int_t)total,
			  "truncated",
			  total > (int64_t)json_array_size(l.features)));
}
