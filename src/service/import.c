/*
 * import.c — the import engine (import.h): source features in, records
 * out, nothing lost.  It reads through the codecs of src/io (GDAL/OGR,
 * profiles, value tables) and stores through the one write path
 * (write.h), so an upload gets the policy, rules and effects of a form.
 *
 * For each feature: its geometry is read and brought to WGS 84; each
 * profile output it is routed to becomes a record, filled from the map,
 * the constants and the value tables; records are assigned to admin areas
 * (by name here when the profile says so; by location in the write
 * path); then all records of the feature are stored in one unit of work,
 * or none is and the feature is rejected with the field and rule that
 * refused it.  Each file is one transaction, so an import is fast and a
 * crash leaves the database as it was before that file.
 *
 * A user's import (opts->as_user) is checked before any feature is
 * read: the kinds it makes, no map line for organisation_uuid (the
 * policy sets it), a set line's organisation in the user's scope and
 * every set line's reference visible.  A record the policy refuses while
 * storing (a victim's personal data without the right, say) refuses the
 * whole import: nothing of the file is kept.
 */
#include "mais/import.h"
#include "mais/admin.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "io/import_internal.h"
#include "service/import_one_per.h"
#include "service/import_policy.h"
#include "service/service.h"
#include "service/write.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_OUTPUTS 16 /* records one feature may make */

/* A flag of the write path on a record of the feature being stored. */
typedef struct pending_flag {
	char reference[64];
	const char *rule; /* static */
	char message[256];
} pending_flag;

typedef struct imp {
	mais_store *s;
	svc_ctx c;		    /* the write path, as the importing user */
	mais_principal system;	    /* who, when opts->as_user is NULL */
	const mais_import_opts *o;
	const mais_actor *who;
	mais_import_summary *sum;
	imp_profile *p;
	mais_admin_index *admin;
	mais_geom_set *seen[64]; /* per entity index: duplicate finder */
	imp_one_per *one_per;	 /* records made once per key */
	pending_flag pending[MAX_OUTPUTS * 4];
	size_t npending;
	size_t nfiles;
	/* the file being read */
	const char *file;
	char hash[65];     /* the import key's source: files and profile */
	char legacy[65];   /* the key of earlier versions, which hashed
			      the main file only, not how it is read */
	char profile_fp[65]; /* SHA-256 of the profile and the status */
	mais_reader *src;
	imp_crs *crs;
} imp;

/* A rejected feature: the callback hears of it, the summary counts it. */
static int reject(imp *im, const mais_source_feature *f, const char *field,
		  const char *rule, const char *message)
{
	mais_import_reject r = {
		.file = im->file,
		.layer = mais_source_layer(im->src),
		.feature = f->index,
		.field = field ? field : "",
		.rule = rule,
		.message = message,
	};

	im->sum->rejected++;
	if (im->o->on_reject)
		im->o->on_reject(&r, im->o->ctx);
	return 0;
}

static void note_ref(imp *im, const mais_source_feature *f,
		     const char *reference, const char *rule,
		     const char *message)
{
	mais_import_note n = {
		.file = im->file,
		.layer = mais_source_layer(im->src),
		.feature = f->index,
		.reference = reference,
		.rule = rule,
		.message = message,
	};

	if (im->o->on_note)
		im->o->on_note(&n, im->o->ctx);
}

static void note(imp *im, const mais_source_feature *f, const mais_record *r,
		 const char *rule, const char *message)
{
	note_ref(im, f, mais_record_reference(r), rule, message);
}

/* The reason a record was refused, as a rule code: the first rejecting
 * geometry rule, or the kind of value error. */
static const char *refusal_rule(const mais_record *r, int rc)
{
	const mais_geom_findings *f = mais_record_findings(r);

	for (size_t i = 0; i < f->count; i++)
		if (mais_geom_rule_rejects(f->items[i].rule))
			return mais_geom_rule_code(f->items[i].rule);
	switch (rc) {
	case MAIS_EGEOM: return "invalid_geometry";
	case MAIS_ELIMIT: return "too_long";
	case MAIS_ENOTFOUND: return "no_such_field";
	case MAIS_ESTORE: return "database";
	}
	return "invalid_value";
}

/* 1 if r's entity has an admin area and r has none. */
static int lacks_admin(const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);

	return strcmp(e->name, "admin_area") &&
	       mais_schema_column(e, "admin_area_uuid", NULL) &&
	       !mais_record_get(r, "admin_area_uuid");
}

/* Assigns the record to an admin area by name when the profile says so
 * (by location, the write path does it for every write).  A name that
 * matches none is said in msg; the record stays unassigned. */
static int assign_by_name(imp *im, const mais_source_feature *f,
			  mais_record *r, char *msg, size_t msglen)
{
	const char *uuid = NULL, *name;
	json_t *alias;
	int found;

	if (!im->p->admin_by_name || !lacks_admin(r))
		return 0;
	name = imp_field(f, im->p->admin_field, &found);
	alias = name ? json_object_get(im->p->admin_aliases, name) : NULL;
	if (json_is_string(alias))
		name = json_string_value(alias);
	if (!name)
		snprintf(msg, msglen, "no %s given", im->p->admin_field);
	else if (mais_admin_find_name(im->admin, name, im->p->admin_level,
				      &uuid) < 0)
		snprintf(msg, msglen, "%s '%s': %s", im->p->admin_field, name,
			 mais_error_last());
	return uuid ? mais_record_set(r, "admin_area_uuid", uuid) : 0;
}

/* Why a stored record stayed without admin area ("" when it has one). */
static void unassigned_why(const mais_record *r, char *msg, size_t msglen)
{
	if (!lacks_admin(r))
		msg[0] = '\0';
	else if (!*msg)
		snprintf(msg, msglen, "%s",
			 mais_record_geom(r) ? "outside every admin area"
					     : "no location to assign an "
					       "admin area by");
}

/* The records of one feature: one per output it is routed to.  A record
 * that an earlier feature made for the same key ("one_per") is the stored
 * one, marked reused: linked to, never stored again. */
typedef struct feat {
	const mais_source_feature *f;
	mais_record *recs[MAX_OUTPUTS];
	int outputs[MAX_OUTPUTS]; /* the profile output of each */
	int reused[MAX_OUTPUTS];
	char key[MAX_OUTPUTS][MAIS_MAX_SHORT_FIELD]; /* one_per key, or "" */
	size_t n;
	const char *bad;  /* the target field that refused, or NULL */
	const char *rule; /* the rule that refused it before any record */
} feat;

/* Makes the record of output i: the one made for the same key by an
 * earlier feature, or a new one filled from the feature (none when its
 * unless_zero target is zero). */
static int make_one(imp *im, feat *ft, size_t i, const mais_geom *g)
{
	const imp_output *o = &im->p->outputs[i];
	size_t k = ft->n;
	const char *uuid = NULL, *z;
	mais_record *r;
	int rc;

	rc = imp_one_per_key(o, (int)i, ft->f, ft->key[k], sizeof ft->key[k]);
	if (rc == 1)
		uuid = imp_one_per_find(im->one_per, ft->key[k]);
	ft->outputs[k] = (int)i;
	if (rc < 0) {
		ft->rule = rc == MAIS_ENOTFOUND ? "no_such_field" : "too_long";
		return rc;
	}
	if (uuid) {
		rc = mais_store_get(im->s, o->entity->name, uuid, &ft->recs[k]);
		if (rc == 0) {
			ft->reused[k] = 1;
			ft->n++;
		}
		return rc;
	}
	if ((rc = mais_record_new(&r, o->entity->name)) < 0)
		return rc;
	ft->recs[ft->n++] = r;
	rc = mais_record_set_system(r, "status", im->o->status ? im->o->status
							       : "approved");
	if (rc == 0)
		rc = imp_fill(o, ft->f, r, &ft->bad);
	if (rc == 0 && g && o->entity->has_geom) {
		mais_geom *copy;

		rc = mais_geom_clone(&copy, g);
		if (rc == 0)
			rc = mais_record_set_geom(r, copy);
	}
	if (rc < 0)
		return rc;
	z = o->unless_zero ? mais_record_get(r, o->unless_zero) : "1";
	if (!z || strtod(z, NULL) == 0) { /* nothing to record */
		mais_record_free(r);
		ft->n--;
	}
	return 0;
}

/* The records of a feature: one per output it is routed to. */
static int make_records(imp *im, feat *ft, const mais_geom *g)
{
	int rc = 0, routed = 0;

	for (size_t i = 0;
	     rc == 0 && i < im->p->noutputs && ft->n < MAX_OUTPUTS; i++)
		if (imp_routed(&im->p->outputs[i], ft->f)) {
			routed++;
			rc = make_one(im, ft, i, g);
		}
	if (rc < 0)
		return rc;
	if (!routed)
		return mais_error_set(MAIS_ENOTFOUND,
				      "no profile output takes this feature "
				      "(see the outputs' 'when')");
	if (!ft->n)
		return mais_error_set(MAIS_EINVAL,
				      "every output of this feature is zero "
				      "('unless_zero'): nothing to record");
	return 0;
}

/* Flags an exact duplicate of a geometry stored earlier in this import. */
static int flag_duplicate(imp *im, const mais_source_feature *f,
			  const mais_record *r)
{
	size_t count, e;
	const char *first;
	char msg[160];
	int rc;

	e = (size_t)(mais_record_entity(r) - mais_schema_entities(&count));
	if (!mais_record_geom(r) || e >= sizeof im->seen / sizeof im->seen[0])
		return 0;
	if (!im->seen[e] && (rc = mais_geom_set_new(&im->seen[e])) < 0)
		return rc;
	rc = mais_geom_set_add(im->seen[e], mais_record_geom(r),
			       mais_record_reference(r), &first);
	if (rc != 1)
		return rc;
	snprintf(msg, sizeof msg, "same geometry as %s", first);
	im->sum->duplicates++;
	note(im, f, r, "duplicate", msg);
	return mais_store_flag(im->s, r, "duplicate", msg);
}

/* Gazetteer imports: duplicate names and codes are flagged, and each new
 * admin area joins the index for the features after it. */
static int admin_area_stored(imp *im, const mais_source_feature *f,
			     const mais_record *r)
{
	char msg[256];
	int dup, rc = 0;

	if (strcmp(mais_record_entity(r)->name, "admin_area"))
		return 0;
	dup = mais_admin_duplicates(im->admin, r, msg, sizeof msg);
	if (dup > 0) {
		const char *rule = dup & MAIS_ADMIN_DUP_CODE ? "duplicate_code"
							     : "duplicate_name";

		note(im, f, r, rule, msg);
		rc = mais_store_flag(im->s, r, rule, msg);
	}
	return rc == 0 ? mais_admin_add(im->admin, r) : rc;
}

/* Flags a record outside the country (DESIGN.md: stored and flagged). */
static int flag_outside_country(imp *im, const mais_source_feature *f,
				const mais_record *r)
{
	const char *msg = "outside the country (the level-0/1 admin areas)";
	int inside, rc;

	if (!strcmp(mais_record_entity(r)->name, "admin_area"))
		return 0;
	rc = mais_admin_in_country(im->admin, mais_record_geom(r), &inside);
	if (rc < 0 || inside != 0)
		return rc;
	note(im, f, r, "outside_country", msg);
	return mais_store_flag(im->s, r, "outside_country", msg);
}

/* What the reader found in the file about the feature (the holes of a
 * KML polygon: kml_holes.h) is flagged on each record with its geometry. */
static int flag_from_reader(imp *im, const mais_source_feature *f,
			    const mais_record *r)
{
	if (!f->flag_rule || !mais_record_geom(r))
		return 0;
	note(im, f, r, f->flag_rule, f->flag_message);
	return mais_store_flag(im->s, r, f->flag_rule, f->flag_message);
}

/* Flags a record whose position went through a ballpark transformation
 * (accepted with --accept-ballpark). */
static int flag_ballpark(imp *im, const mais_source_feature *f,
			 const mais_record *r)
{
	const char *op = imp_crs_ballpark(im->crs);
	char msg[400];

	if (!op || !mais_record_geom(r))
		return 0;
	snprintf(msg, sizeof msg, "position brought to WGS 84 by a ballpark "
		 "transformation (%s): the datum shift is unknown, it may be "
		 "off by 100 m or more", op);
	note(im, f, r, "crs_ballpark", msg);
	return mais_store_flag(im->s, r, "crs_ballpark", msg);
}

/* The flags the geometry rules raised on entry (repaired, long segment,
 * sliver) are listed with the others. */
static void note_findings(imp *im, const mais_source_feature *f,
			  const mais_record *r)
{
	const mais_geom_findings *fd = mais_record_findings(r);

	for (size_t k = 0; k < fd->count; k++)
		if (!mais_geom_rule_rejects(fd->items[k].rule))
			note(im, f, r, mais_geom_rule_code(fd->items[k].rule),
			     fd->items[k].message);
}

/* A flag the write path raised on a record of the feature being stored
 * (a possible duplicate victim, an area that does not match its polygon):
 * kept until the feature's records are all stored, then listed. */
static void on_write_flag(const mais_record *r, const char *rule,
			  const char *message, void *arg)
{
	imp *im = arg;
	pending_flag *p;

	if (im->npending >= sizeof im->pending / sizeof im->pending[0])
		return;
	p = &im->pending[im->npending++];
	snprintf(p->reference, sizeof p->reference, "%s",
		 mais_record_reference(r) ? mais_record_reference(r) : "");
	p->rule = rule;
	snprintf(p->message, sizeof p->message, "%s", message);
}

/* After a feature's records are stored: counts, flags and notes.  A
 * record made by an earlier feature (reused) was counted then. */
static int after_store(imp *im, const feat *ft,
		       char (*unassigned)[MAIS_MAX_SHORT_FIELD])
{
	int repaired = 0, rc = 0;
	int64_t made = 0;

	for (size_t i = 0; rc == 0 && i < ft->n; i++) {
		const mais_record *r = ft->recs[i];
		const mais_geom_findings *fd = mais_record_findings(r);

		if (ft->reused[i])
			continue;
		made++;
		for (size_t k = 0; k < fd->count; k++)
			repaired |= fd->items[k].rule == MAIS_RULE_REPAIRED;
		note_findings(im, ft->f, r);
		if (unassigned[i][0]) {
			im->sum->unassigned++;
			note_ref(im, ft->f, mais_record_reference(r),
				 "unassigned", unassigned[i]);
		}
		rc = flag_duplicate(im, ft->f, r);
		if (rc == 0)
			rc = flag_outside_country(im, ft->f, r);
		if (rc == 0)
			rc = flag_from_reader(im, ft->f, r);
		if (rc == 0)
			rc = flag_ballpark(im, ft->f, r);
		if (rc == 0)
			rc = admin_area_stored(im, ft->f, r);
	}
	for (size_t i = 0; i < im->npending; i++)
		note_ref(im, ft->f, im->pending[i].reference,
			 im->pending[i].rule, im->pending[i].message);
	im->sum->repaired += repaired;
	im->sum->stored++;
	im->sum->records += made;
	return rc;
}

/* Sets the references of record i to records made earlier of the same
 * feature ("link"). */
static int set_links(imp *im, feat *ft, size_t i)
{
	const imp_output *o = &im->p->outputs[ft->outputs[i]];
	const char *target;
	json_t *v;
	int rc = 0;

	json_object_foreach(o->link, target, v)
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (ft->outputs[k] == json_integer_value(v))
				rc = mais_record_set(
					ft->recs[i], target,
					mais_record_uuid(ft->recs[k]));
	return rc;
}

/* Stores record i of the feature: a reused one gets this feature's
 * import key only. */
static int store_one(imp *im, feat *ft, size_t i, char *unassigned,
		     size_t len)
{
	mais_import_key key = {
		.source_hash = im->hash,
		.source_name = im->file,
		.layer = mais_source_layer_key(im->src),
		.feature = ft->f->index,
		.output = ft->outputs[i],
	};
	mais_record *r = ft->recs[i];
	int rc;

	if (ft->reused[i])
		return mais_store_import_add(im->s, &key, r);
	/* the links first: a reference the profile links may be required
	 * (victim.accident_uuid); then the policy: a refused act is the
	 * user's, not the feature's; then the rules: admin areas are
	 * assigned by the valid, repaired geometry */
	rc = set_links(im, ft, i);
	if (rc == 0)
		rc = svc_policy_create(&im->c, r);
	if (rc == 0)
		rc = mais_record_prepare(r);
	if (rc == 0)
		rc = assign_by_name(im, ft->f, r, unassigned, len);
	if (rc == 0)
		rc = svc_create_imported(&im->c, r, &key);
	if (rc == 0)
		unassigned_why(r, unassigned, len);
	return rc;
}

/* The field a write path's message names ("victim.age: ..." -> "age"),
 * into out; "" when it names none of r's. */
static void field_named(const mais_record *r, const char *msg, char *out,
			size_t len)
{
	const char *entity = mais_record_entity(r)->name;
	size_t n = strlen(entity), k;

	out[0] = '\0';
	if (strncmp(msg, entity, n) || msg[n] != '.')
		return;
	k = strcspn(msg + n + 1, ": ");
	if (k < len && msg[n + 1 + k] == ':') {
		memcpy(out, msg + n + 1, k);
		out[k] = '\0';
	}
	if (!mais_schema_column(mais_record_entity(r), out, NULL))
		out[0] = '\0';
}

/* Stores the records of a feature as one unit: all or none. */
static int store_feature(imp *im, feat *ft)
{
	char unassigned[MAX_OUTPUTS][MAIS_MAX_SHORT_FIELD] = { { 0 } };
	size_t i;
	int rc;

	if ((rc = mais_store_unit_begin(im->s)) < 0)
		return rc;
	im->npending = 0;
	for (i = 0, rc = 0; rc == 0 && i < ft->n; i++)
		rc = store_one(im, ft, i, unassigned[i], sizeof unassigned[i]);
	if (rc < 0) {
		char why[MAIS_MAX_ERROR_MESSAGE], field[64];

		snprintf(why, sizeof why, "%s", mais_error_last());
		mais_store_unit_end(im->s, 0);
		/* the database failed, not the data; or the policy refused
		 * the user's act, which is not one feature's fault */
		if (rc == MAIS_ESTORE || rc == MAIS_ENOMEM ||
		    rc == MAIS_EFORBIDDEN)
			return mais_error_set(rc, "%s", why);
		field_named(ft->recs[i - 1], why, field, sizeof field);
		return reject(im, ft->f, field,
			      refusal_rule(ft->recs[i - 1], rc), why);
	}
	rc = after_store(im, ft, unassigned);
	if (rc == 0)
		rc = mais_store_unit_end(im->s, 1);
	for (i = 0; rc == 0 && i < ft->n; i++)
		if (ft->key[i][0] && !ft->reused[i])
			rc = imp_one_per_add(im->one_per, ft->key[i],
					     mais_record_uuid(ft->recs[i]));
	return rc;
}

/* 1 if an earlier run stored every output of this feature under the
 * key hash; the records it made once per key are remembered for the
 * features after it. */
static int imported_under(imp *im, const char *hash, const feat *ft,
			  int *before)
{
	char uuid[37];
	int found = 1, rc = 0;

	for (size_t i = 0; rc == 0 && found && i < ft->n; i++) {
		mais_import_key key = { hash, im->file,
					mais_source_layer_key(im->src),
					ft->f->index, ft->outputs[i] };

		rc = mais_store_import_find(im->s, &key, uuid, &found);
		if (rc == 0 && found && ft->key[i][0])
			rc = imp_one_per_add(im->one_per, ft->key[i], uuid);
	}
	*before = ft->n && found;
	return rc;
}

/* 1 if f is an empty row: no geometry and no value that is not blank
 * (a spreadsheet's rows that are formatted but hold nothing). */
static int empty_row(const mais_source_feature *f)
{
	if (f->wkb || f->geom_problem)
		return 0;
	for (size_t i = 0; i < f->nfields; i++)
		if (f->values[i] && f->values[i][strspn(f->values[i],
							" \t\r\n")])
			return 0;
	return 1;
}

/* The rule that refused the feature before it was stored. */
static const char *feature_rule(const feat *ft, int rc)
{
	if (ft->rule)
		return ft->rule;
	if (ft->n)
		return refusal_rule(ft->recs[ft->n - 1], rc);
	return rc == MAIS_ENOTFOUND ? "no_route" : "nothing_to_record";
}

/* 1 if an earlier run stored every output of this feature: under this
 * version's key, or under the key of the versions that hashed only the
 * main file of a dataset and the profile (so that their imports are not
 * stored twice once mais is upgraded). */
static int imported_before(imp *im, const feat *ft, int *before)
{
	int rc = imported_under(im, im->hash, ft, before);

	if (rc == 0 && !*before)
		rc = imported_under(im, im->legacy, ft, before);
	return rc;
}

static int do_feature(imp *im, const mais_source_feature *f)
{
	feat ft = { .f = f };
	const char *rule = NULL;
	mais_geom *g = NULL;
	int rc, before = 0;

	im->sum->read++;
	if (empty_row(f)) {
		im->sum->empty_rows++;
		return reject(im, f, NULL, "empty_row",
			      "an empty row: no geometry and no value (not "
			      "stored)");
	}
	rc = imp_feature_geom(im->p, im->crs, f, &g, &rule);
	if (rc < 0)
		return reject(im, f, "geom", rule, mais_error_last());
	rc = make_records(im, &ft, g);
	mais_geom_free(g);
	if (rc == 0)
		rc = imported_before(im, &ft, &before);
	if (rc < 0 && rc != MAIS_ENOMEM)
		rc = reject(im, f, ft.bad, feature_rule(&ft, rc),
			    mais_error_last());
	else if (rc == 0 && before)
		im->sum->stored++, im->sum->imported_before++;
	else if (rc == 0)
		rc = store_feature(im, &ft);
	for (size_t i = 0; i < ft.n; i++)
		mais_record_free(ft.recs[i]);
	return rc;
}

/* With --as and no profile, a source field named as a column of the
 * kind (ignoring case) fills that column unless --map or --set already
 * says what fills it: a file written for mais needs no mapping. */
static void map_same_names(imp *im)
{
	imp_output *o = &im->p->outputs[0];
	const char *const *names;
	size_t n;

	if (im->o->profile)
		return;
	names = mais_source_fields(im->src, &n);
	for (size_t i = 0; i < n; i++) {
		const mais_column *c;
		char lower[64];
		size_t k;

		for (k = 0; names[i][k] && k + 1 < sizeof lower; k++)
			lower[k] = (char)tolower((unsigned char)names[i][k]);
		lower[k] = '\0';
		c = mais_schema_column(o->entity, lower, NULL);
		/* the organisation of a user's records is the policy's */
		if (c && !strcmp(c->name, "organisation_uuid") &&
		    !mais_policy_sees_all(im->c.who, o->entity->name))
			continue;
		if (!c || (c->flags & MAIS_COL_SYSTEM) ||
		    json_object_get(o->map, c->name) ||
		    json_object_get(o->set, c->name))
			continue;
		if (!o->map) {
			o->map = json_object();
			json_object_set_new(json_array_get(
				json_object_get(im->p->json, "outputs"), 0),
					    "map", o->map);
		}
		json_object_set_new(o->map, c->name, json_string(names[i]));
	}
}

/* What the records of a file depend on besides its bytes: the profile
 * (kinds, maps, constants such as the organisation), the status and the
 * organisation the policy gives the records (an upload's).  The
 * import key hashes both with the file, so importing the same file as
 * another kind, or for another organisation, is a new import, not a
 * re-run. */
static int profile_fingerprint(imp *im)
{
	unsigned char out[crypto_hash_sha256_BYTES];
	const char *status = im->o->status ? im->o->status : "approved";
	const char *org = mais_policy_default_org(im->c.who);
	char *text = json_dumps(im->p->json, JSON_COMPACT | JSON_SORT_KEYS);
	crypto_hash_sha256_state st;

	if (!text)
		return mais_error_nomem();
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)text,
				  strlen(text));
	crypto_hash_sha256_update(&st, (const unsigned char *)status,
				  strlen(status) + 1);
	/* the organisation the policy gives the records */
	crypto_hash_sha256_update(&st, (const unsigned char *)(org ? org : ""),
				  strlen(org ? org : "") + 1);
	crypto_hash_sha256_final(&st, out);
	free(text);
	sodium_bin2hex(im->profile_fp, sizeof im->profile_fp, out, sizeof out);
	return 0;
}

/* Adds s and its terminating NUL ("" for NULL) to st. */
static void hash_str(crypto_hash_sha256_state *st, const char *s)
{
	crypto_hash_sha256_update(st, (const unsigned char *)(s ? s : ""),
				  strlen(s ? s : "") + 1);
}

/* The key's source hash: SHA-256 of the file's hash and the profile's.
 * This version's key (now) adds a tag, so that it never equals an
 * earlier version's, and how the file is read (the CRS given, the
 * encoding, ballpark accepted), so that a re-import that corrects them
 * is a new import. */
static void key_hash(imp *im, const char file_hex[65], int now, char hash[65])
{
	unsigned char out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	if (now)
		hash_str(&st, "mais import key 2");
	crypto_hash_sha256_update(&st, (const unsigned char *)file_hex, 64);
	crypto_hash_sha256_update(&st, (const unsigned char *)im->profile_fp,
				  64);
	if (now) {
		hash_str(&st, im->p->srs);
		hash_str(&st, im->p->encoding);
		hash_str(&st, im->o->accept_ballpark ? "ballpark" : "");
	}
	crypto_hash_sha256_final(&st, out);
	sodium_bin2hex(hash, 65, out, sizeof out);
}

/* The import keys of the dataset at path: this version's, of every
 * file it is read from and how it is read, and the earlier versions',
 * of the main file alone. */
static int dataset_keys(imp *im, const char *path)
{
	char hex[65], main_hex[65];
	int rc = mais_source_digest(im->src, path, hex, main_hex);

	if (rc < 0)
		return rc;
	key_hash(im, hex, 1, im->hash);
	key_hash(im, main_hex, 0, im->legacy);
	return 0;
}

static int import_file(imp *im, const char *path)
{
	mais_source_feature f;
	int64_t total;
	int rc;

	im->file = path;
	if (access(path, R_OK) != 0) /* as the hash said before GDAL opened */
		return mais_error_set(MAIS_ENOTFOUND, "%s: cannot open", path);
	if ((rc = mais_source_open(&im->src, path, im->o->layer,
				   im->p->encoding)) < 0)
		return rc;
	rc = dataset_keys(im, path); /* its errors name the file */
	if (rc == 0 && (rc = imp_crs_decide(&im->crs, im->src, im->p, im->o)))
		rc = mais_error_prefix(rc, "%s", path);
	if (rc < 0) {
		mais_source_close(im->src);
		im->src = NULL;
		return rc;
	}
	map_same_names(im);
	total = mais_source_count(im->src);
	rc = mais_store_begin(im->s);
	while (rc == 0 && (rc = mais_source_next(im->src, &f)) == 1) {
		rc = do_feature(im, &f);
		if (im->o->on_progress && (f.index + 1) % 256 == 0)
			im->o->on_progress(im->sum->read,
					   im->nfiles == 1 ? total : -1,
					   im->o->ctx);
	}
	if (rc == 0)
		rc = mais_store_audit(im->s, im->who, "import", NULL, NULL,
				      path);
	if (rc == 0)
		rc = mais_store_commit(im->s);
	else
		mais_store_rollback(im->s);
	if (rc == 0)
		imp_crs_report(im->crs, im->o, path, mais_source_layer(im->src));
	imp_crs_free(im->crs);
	im->crs = NULL;
	mais_source_close(im->src);
	im->src = NULL;
	if (rc == MAIS_EFORBIDDEN) /* the user's act, not the file */
		return rc;
	return rc < 0 ? mais_error_prefix(rc, "%s", path) : 0;
}

int mais_import(mais_store *s, const char *const *paths, size_t npaths,
		const mais_import_opts *opts, const mais_actor *who,
		mais_import_summary *sum)
{
	imp im = { .s = s, .o = opts, .who = who, .sum = sum, .nfiles = npaths };
	mais_source src;
	int rc;

	if (sodium_init() < 0)
		return mais_error_set(MAIS_ERR, "libsodium failed to start");
	mais_principal_system(&im.system);
	svc_ctx_init(&im.c, s, who, opts->as_user ? opts->as_user : &im.system);
	im.c.on_flag = on_write_flag;
	im.c.on_flag_arg = &im;
	svc_source_of(s, &src);
	rc = imp_one_per_new(&im.one_per);
	if (rc == 0)
		rc = imp_profile_build(&im.p, opts);
	if (rc == 0)
		rc = svc_import_allowed(&im.c, im.p, opts->status);
	if (rc == 0)
		rc = profile_fingerprint(&im);
	if (rc == 0)
		rc = mais_admin_index_load(&im.admin, &src);
	im.c.admin = im.admin;
	for (size_t i = 0; rc == 0 && i < npaths; i++)
		rc = import_file(&im, paths[i]);
	for (size_t i = 0; i < 64; i++)
		mais_geom_set_free(im.seen[i]);
	mais_admin_index_free(im.admin);
	imp_profile_free(im.p);
	imp_one_per_free(im.one_per);
	return rc;
}
