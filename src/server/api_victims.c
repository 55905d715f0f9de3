/*
 * api_victims.c — acts on victims that are not plain record writes:
 * POST /api/records/victim/{uuid}/erase erases a victim's personal data
 * where the law or a withdrawn consent requires it (docs/http-api.md,
 * "Erasing a victim's personal data").
 *
 * The handler parses and answers; the use case (src/service/erase.c)
 * decides who may, erases and audits.  The user's roles are read as
 * stored now, not as the session remembers them.  A victim the user does
 * not see is 404, as everywhere (api.h); a user who sees it without both
 * rights is 403; a missing reason is 422 with field "reason".
 */
#include "server/api.h"
#include "service/erase.h"

static json_t *erasure_json(const svc_erase_result *r)
{
	json_t *cols = json_array();

	for (size_t i = 0; i < r->victim.ncolumns; i++)
		json_array_append_new(cols, json_string(r->victim.columns[i]));
	return json_pack("{s:s, s:s, s:o, s:I, s:I, s:b, s:s?}", "uuid",
			 r->uuid, "reference", r->reference, "columns", cols,
			 "versions", (json_int_t)r->victim.versions,
			 "victim_assistance", (json_int_t)r->assistance,
			 "scrubbed", r->scrubbed, "warning",
			 r->scrubbed ? NULL : r->warning);
}

int api_victim_erase(http_req *req, http_resp *resp)
{
	const char *uuid = http_param(req, "uuid");
	const json_t *reason = json_object_get(req->json, "reason");
	mais_user_info by;
	svc_erase_result res;
	int rc;

	if (!uuid || !api_is_uuid(uuid))
		return http_error(resp, 404, "not_found", NULL,
				  "no victim with this UUID");
	if (reason && !json_is_string(reason))
		return http_error(resp, 400, "bad_request", "reason",
				  "reason is a string");
	rc = mais_store_user_get(req->store, req->user.uuid, &by);
	if (rc == 0)
		rc = svc_victim_erase(req->store, &by, req->address, uuid,
				      json_string_value(reason), &res);
	if (rc < 0)
		return http_error_rc(resp, rc);
	return http_json(resp, 200, erasure_json(&res));
}
