/*
 * store.c — the store front: one implementation of what every database
 * shares, over a backend table (backend.h).
 *
 * Persistence only.  A write here is always: prepare the record (types,
 * required fields, geometry rules of the data dictionary), check that
 * its references point to stored records, then in one transaction the
 * row, its flags, its whole new state as a row of the versions table
 * (JSON of every column, the geometry, and the original geometry when
 * the rules repaired it) and an audit entry pointing to that version.
 * Any failure rolls all of it back, so a record is never half-written.
 * The rules of the domain (land release, handover, donations, the
 * workflow, the policy) and what an approval causes are the use-case
 * layer's (src/service/write.c): the store never calls them.
 */
#include "mais/store.h"
#include "mais/error.h"
#include "store/backend.h"
#include "store/store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uuid/uuid.h>

struct mais_store {
	const mais_store_backend *be;
	void *db;
	int in_txn; /* an explicit transaction of the caller is open */
};

/* Which backend a URI names, and the location it gives that backend. */
static const mais_store_backend *backend_for(const char *uri,
					     const char **location)
{
	if (strncmp(uri, "gpkg:", 5) == 0) {
		*location = uri + 5;
		return &mais_store_gpkg_backend;
	}
	if (strncmp(uri, "postgresql:", 11) == 0 ||
	    strncmp(uri, "postgres:", 9) == 0)
		return NULL;
	*location = uri; /* a bare path is a GeoPackage file */
	return &mais_store_gpkg_backend;
}

int mais_store_open(mais_store **out, const char *uri, unsigned flags,
		    const mais_store_init_opts *opts)
{
	const char *location = NULL;
	const mais_store_backend *be = backend_for(uri, &location);
	mais_store *s;
	int rc;

	*out = NULL;
	if (!be)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "%s: no backend for this URI in this "
				      "build (gpkg:PATH or a file path)", uri);
	s = calloc(1, sizeof *s);
	if (!s)
		return mais_error_nomem();
	s->be = be;
	rc = be->open(&s->db, location, flags, opts);
	if (rc < 0) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void mais_store_close(mais_store *s)
{
	if (!s)
		return;
	if (s->in_txn)
		s->be->rollback(s->db);
	s->be->close(s->db);
	free(s);
}

const char *mais_store_backend_name(const mais_store *s)
{
	return s->be->name;
}

int mais_store_begin(mais_store *s)
{
	int rc;

	if (s->in_txn)
		return mais_error_set(MAIS_EINVAL,
				      "a transaction is already open");
	rc = s->be->begin(s->db);
	if (rc == 0)
		s->in_txn = 1;
	return rc;
}

int mais_store_commit(mais_store *s)
{
	int rc;

	if (!s->in_txn)
		return mais_error_set(MAIS_EINVAL, "no transaction is open");
	s->in_txn = 0;
	rc = s->be->commit(s->db);
	if (rc < 0)
		s->be->rollback(s->db);
	return rc;
}

int mais_store_in_transaction(const mais_store *s)
{
	return s->in_txn;
}

int mais_store_rollback(mais_store *s)
{
	if (!s->in_txn)
		return mais_error_set(MAIS_EINVAL, "no transaction is open");
	s->in_txn = 0;
	return s->be->rollback(s->db);
}

/* Runs one write in the caller's transaction, or in one of its own. */
static int write_begin(mais_store *s)
{
	return s->in_txn ? 0 : s->be->begin(s->db);
}

static int write_end(mais_store *s, int rc)
{
	if (s->in_txn)
		return rc;
	if (rc < 0) {
		s->be->rollback(s->db);
		return rc;
	}
	rc = s->be->commit(s->db);
	if (rc < 0) /* e.g. a deferred foreign key: the transaction stays */
		s->be->rollback(s->db);
	return rc;
}

/* Now as ISO 8601 UTC with milliseconds, YYYY-MM-DDThh:mm:ss.sssZ. */
static void utc_now(char out[25])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, 25, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 6, ".%03uZ", (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

/* The columns of a record as JSON text (caller frees); the geometry goes
 * beside it in the versions table as a GeoPackage blob. */
static int record_state_json(const mais_record *r, char **out)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_column *common;
	size_t ncommon;
	json_t *o = json_object();
	int rc;

	if (!o)
		return mais_error_nomem();
	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++) {
		const char *v = mais_record_value(r, i);
		const char *name = i < e->ncolumns ? e->columns[i].name
						   : common[i - e->ncolumns].name;

		/* a column absent from the state is null: half the size */
		if (v)
			json_object_set_new(o, name, json_string(v));
	}
	rc = 0;
	*out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (rc == 0 && !*out)
		return mais_error_nomem();
	return rc;
}

/* Writes the version, the flags and the audit entry of a written row. */
static int write_history(mais_store *s, const mais_record *r,
			 const mais_actor *who, const char *action,
			 const char *at)
{
	const mais_geom_findings *f = mais_record_findings(r);
	char *state = NULL;
	int64_t version_id = 0;
	int rc;

	rc = record_state_json(r, &state);
	if (rc == 0)
		rc = s->be->insert_version(s->db, r, state, who, at,
					   &version_id);
	free(state);
	for (size_t i = 0; rc == 0 && i < f->count; i++)
		rc = s->be->insert_flag(s->db, r,
					mais_geom_rule_code(f->items[i].rule),
					f->items[i].message, at);
	if (rc == 0)
		rc = s->be->insert_audit(s->db, who, at, action,
					 mais_record_entity(r)->name,
					 mais_record_uuid(r), version_id, NULL);
	return rc;
}

/* Every reference of the record points to a stored record: checked here
 * to name the field (the database's foreign keys would only say that one
 * failed). */
static int check_references(mais_store *s, const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_column *common;
	size_t ncommon;
	int64_t version;

	common = mais_schema_common(&ncommon);
	for (size_t i = 0; i < e->ncolumns + ncommon; i++) {
		const mais_column *c = i < e->ncolumns
					       ? &e->columns[i]
					       : &common[i - e->ncolumns];
		const char *v = mais_record_value(r, i);
		int rc;

		if (c->type != MAIS_COL_REF || !v)
			continue;
		/* a record may refer to itself (an organisation's parent) */
		if (strcmp(c->ref, e->name) == 0 && mais_record_uuid(r) &&
		    strcmp(v, mais_record_uuid(r)) == 0)
			continue;
		rc = s->be->record_version(s->db, mais_schema_entity(c->ref), v,
					   &version);
		if (rc == MAIS_ENOTFOUND)
			return mais_error_set(MAIS_EINVAL,
					      "%s.%s: no %s with UUID %s",
					      e->name, c->name, c->ref, v);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Gives a new record its UUID, reference, version and creation stamp. */
static int assign_identity(mais_store *s, mais_record *r,
			   const mais_actor *who, const char *at)
{
	const mais_entity *e = mais_record_entity(r);
	char prefix[64], ref[128], uuid[37];
	int64_t serial;
	int rc;

	if (!mais_record_uuid(r)) {
		uuid_t u;

		uuid_generate_random(u);
		uuid_unparse_lower(u, uuid);
		rc = mais_record_set_system(r, "uuid", uuid);
		if (rc < 0)
			return rc;
	}
	rc = s->be->ref_prefix(s->db, prefix, sizeof prefix);
	if (rc == 0)
		rc = s->be->next_serial(s->db, e, &serial);
	if (rc < 0)
		return rc;
	snprintf(ref, sizeof ref, "%s%s%s-%06lld", prefix, *prefix ? "-" : "",
		 e->prefix, (long long)serial);
	if ((rc = mais_record_set_system(r, "reference", ref)) < 0 ||
	    (rc = mais_record_set_system(r, "version", "1")) < 0 ||
	    (rc = mais_record_set_system(r, "created_at", at)) < 0 ||
	    (rc = mais_record_set_system(r, "created_by", who->user)) < 0 ||
	    (rc = mais_record_set_system(r, "updated_at", at)) < 0)
		return rc;
	return mais_record_set_system(r, "updated_by", who->user);
}

static int insert(mais_store *s, mais_record *r, const mais_actor *who,
		  const mais_import_key *key)
{
	char at[25];
	int rc;

	rc = mais_record_prepare(r);
	if (rc < 0)
		return rc;
	utc_now(at);
	rc = write_begin(s);
	if (rc < 0)
		return rc;
	rc = check_references(s, r);
	if (rc == 0)
		rc = assign_identity(s, r, who, at);
	if (rc == 0)
		rc = s->be->insert_row(s->db, r);
	if (rc == 0)
		rc = write_history(s, r, who, key ? "import" : "create", at);
	if (rc == 0 && key)
		rc = s->be->import_add(s->db, key, r, at);
	return write_end(s, rc);
}

int mais_store_insert(mais_store *s, mais_record *r, const mais_actor *who)
{
	return insert(s, r, who, NULL);
}

int mais_store_insert_imported(mais_store *s, mais_record *r,
			       const mais_actor *who,
			       const mais_import_key *key)
{
	return insert(s, r, who, key);
}

int mais_store_import_find(mais_store *s, const mais_import_key *key,
			   char uuid[37], int *found)
{
	return s->be->import_find(s->db, key, uuid, found);
}

int mais_store_flag(mais_store *s, const mais_record *r, const char *rule,
		    const char *message)
{
	char at[25];
	int rc;

	utc_now(at);
	rc = write_begin(s);
	if (rc == 0)
		rc = write_end(s, s->be->insert_flag(s->db, r, rule, message,
						     at));
	return rc;
}

int mais_store_unit_begin(mais_store *s)
{
	if (!s->in_txn)
		return mais_error_set(MAIS_EINVAL, "no transaction is open");
	return s->be->savepoint(s->db, 0);
}

int mais_store_unit_end(mais_store *s, int commit)
{
	return s->be->savepoint(s->db, commit ? 1 : 2);
}

/* The row and history of an update inside the write's transaction: the
 * version moves on by one (back again if it fails). */
static int update_in_txn(mais_store *s, mais_record *r, const mais_actor *who,
			 const char *action, const char *at)
{
	int64_t expected = mais_record_version(r);
	char next[32];
	int rc;

	snprintf(next, sizeof next, "%lld", (long long)expected + 1);
	if ((rc = mais_record_set_system(r, "version", next)) == 0 &&
	    (rc = mais_record_set_system(r, "updated_at", at)) == 0)
		rc = mais_record_set_system(r, "updated_by", who->user);
	if (rc == 0)
		rc = check_references(s, r);
	if (rc == 0)
		rc = s->be->update_row(s->db, r, expected);
	if (rc == 0)
		rc = write_history(s, r, who, action, at);
	if (rc < 0) { /* the caller's record keeps the version it had */
		snprintf(next, sizeof next, "%lld", (long long)expected);
		mais_record_set_system(r, "version", next);
	}
	return rc;
}

int mais_store_update(mais_store *s, mais_record *r, const mais_actor *who)
{
	return mais_store_update_as(s, r, who, "update");
}

int mais_store_update_as(mais_store *s, mais_record *r, const mais_actor *who,
			 const char *action)
{
	int64_t expected = mais_record_version(r);
	char at[25], was[32];
	int rc;

	if (!mais_record_uuid(r))
		return mais_error_set(MAIS_EINVAL,
				      "%s: update of a record never stored",
				      mais_record_entity(r)->name);
	rc = mais_record_prepare(r);
	if (rc < 0)
		return rc;
	utc_now(at);
	rc = write_begin(s);
	if (rc == 0)
		rc = write_end(s, update_in_txn(s, r, who, action, at));
	if (rc < 0) { /* a failed commit too: the record keeps its version */
		snprintf(was, sizeof was, "%lld", (long long)expected);
		mais_record_set_system(r, "version", was);
	}
	return rc;
}

int mais_store_get(mais_store *s, const char *entity, const char *uuid,
		   mais_record **out)
{
	const mais_entity *e = mais_schema_entity(entity);

	*out = NULL;
	if (!e)
		return mais_error_set(MAIS_ENOTFOUND, "no entity '%s'", entity);
	return s->be->get_row(s->db, e, uuid, out);
}

int mais_store_foreach(mais_store *s, const char *entity,
		       mais_store_record_fn fn, void *ctx)
{
	const mais_entity *e = mais_schema_entity(entity);

	if (!e)
		return mais_error_set(MAIS_ENOTFOUND, "no entity '%s'", entity);
	return s->be->foreach_row(s->db, e, fn, ctx);
}

int mais_store_version_count(mais_store *s, const char *uuid, int64_t *count)
{
	return s->be->version_count(s->db, uuid, count);
}

int mais_store_audit(mais_store *s, const mais_actor *who, const char *action,
		     const char *entity, const char *uuid, const char *detail)
{
	char at[25];
	int rc;

	utc_now(at);
	rc = write_begin(s);
	if (rc < 0)
		return rc;
	rc = s->be->insert_audit(s->db, who, at, action, entity, uuid, 0,
				 detail);
	return write_end(s, rc);
}

int mais_store_check(mais_store *s, mais_store_issue_fn fn, void *ctx,
		     size_t *problems)
{
	*problems = 0;
	return s->be->check(s->db, fn, ctx, problems);
}

int mais_store_backup(mais_store *s, const char *dest_path)
{
	return s->be->backup(s->db, dest_path);
}

int mais_store_schema_version(mais_store *s, int *version)
{
	return s->be->schema_version(s->db, version);
}

/* The settings a database keeps (mais_meta), each with its audit. */
static int setting_known(const char *key)
{
	static const char *keys[] = {MAIS_SETTING_TIME_ZONE,
				     MAIS_SETTING_CURRENCY};

	for (size_t i = 0; key && i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return mais_error_set(MAIS_EINVAL, "no setting '%s'", key ? key : "");
}

int mais_store_setting_get(mais_store *s, const char *key, char *out,
			   size_t len)
{
	int rc = setting_known(key);

	if (len)
		out[0] = '\0';
	return rc < 0 ? rc : s->be->setting_get(s->db, key, out, len);
}

int mais_store_setting_set(mais_store *s, const char *key, const char *value,
			   const mais_actor *who)
{
	char at[25], detail[160];
	int rc = setting_known(key);

	if (rc < 0)
		return rc;
	utc_now(at);
	snprintf(detail, sizeof detail, "%s=%s", key, value ? value : "");
	rc = write_begin(s);
	if (rc < 0)
		return rc;
	rc = s->be->setting_set(s->db, key, value ? value : "");
	if (rc == 0)
		rc = s->be->insert_audit(s->db, who, at, "setting", NULL, NULL,
					 0, detail);
	return write_end(s, rc);
}

/* For the other files of the front (store_internal.h). */
const mais_store_backend *store_backend(mais_store *s, void **db)
{
	*db = s->db;
	return s->be;
}

int store_write_begin(mais_store *s)
{
	return write_begin(s);
}

int store_write_end(mais_store *s, int rc)
{
	return write_end(s, rc);
}

void store_utc_now(char out[25])
{
	utc_now(out);
}

