/*
 * admin_index.c — the gazetteer in memory (see include/mais/admin.h):
 * which admin area a hazard, an accident or a settlement lies in, which
 * admin area a table means by "NARIÑO" or "AZ.SU", and which admin areas
 * of an import are already there under another reference.
 *
 * Every admin area is copied into the index with its name keys.  Three
 * small hash tables map a key to the areas that have it: name keys (name,
 * name_local and every alias), codes (ASCII case folded) and uuids.  They
 * are multimaps — two areas may share a name — held as one array of
 * entries chained by index, so that adding an area never moves what was
 * given out.
 *
 * Polygons are kept as GEOS geometries, prepared (GEOSPrepare) so that
 * "does this area cover this point" is fast on national boundaries of
 * 100,000 vertices, and sit in a GEOS STRtree so that only areas whose
 * bounding box meets the geometry are tested.  GEOS's STRtree cannot take
 * items once it has been queried, so the tree is built on the first query
 * after a change and dropped by the next mais_admin_add(): an import of
 * admin areas adds all of them before anything is assigned.
 *
 * Overlaps of polygons are measured geodesically in m² (the same area the
 * rest of mais reports), not in square degrees, whose size shrinks with
 * the cosine of the latitude: two shares of a polygon that straddles a
 * boundary running north-south compare the same either way, but one
 * running east-west would be biased toward the share nearer the equator.
 */
#include "mais/admin.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "core/geom_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest name key kept: a name of MAIS_MAX_SHORT_FIELD bytes whose
 * letters each expand to a few bytes (ß to ss) still fits. */
#define KEY_MAX (4 * MAIS_MAX_SHORT_FIELD)

#define NONE SIZE_MAX

/* ------------------------------------------------------------------ */
/* A string multimap: key -> area index.                               */

typedef struct smap_entry {
	char *key;
	uint64_t hash;
	size_t area;
	size_t next; /* next entry of the same bucket, or NONE */
} smap_entry;

typedef struct smap {
	smap_entry *e;
	size_t n, cap;
	size_t *bucket; /* first entry of each bucket, or NONE */
	size_t nbucket; /* a power of two */
} smap;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void smap_link(smap *m, size_t i)
{
	size_t b = (size_t)(m->e[i].hash & (m->nbucket - 1));

	m->e[i].next = m->bucket[b];
	m->bucket[b] = i;
}

/* Makes room for `more` entries, so that the inserts that follow cannot
 * fail. */
static int smap_reserve(smap *m, size_t more)
{
	size_t cap = m->cap ? m->cap : 16, nb;

	while (cap < m->n + more)
		cap *= 2;
	if (cap == m->cap)
		return 0;
	smap_entry *e = realloc(m->e, cap * sizeof *e);
	if (!e)
		return -1;
	m->e = e;
	nb = cap; /* load factor <= 1 */
	size_t *b = malloc(nb * sizeof *b);
	if (!b)
		return -1;
	free(m->bucket);
	m->bucket = b;
	m->nbucket = nb;
	m->cap = cap;
	for (size_t i = 0; i < nb; i++)
		b[i] = NONE;
	for (size_t i = 0; i < m->n; i++)
		smap_link(m, i);
	return 0;
}

/* Inserts (key, area), taking ownership of key.  Room must be reserved. */
static void smap_put(smap *m, char *key, size_t area)
{
	size_t i = m->n++;

	m->e[i] = (smap_entry){.key = key, .hash = hash_str(key), .area = area};
	smap_link(m, i);
}

/* The first entry with key after entry `from` (NONE to start), or NONE. */
static size_t smap_next(const smap *m, const char *key, size_t from)
{
	size_t i;
	uint64_t h = hash_str(key);

	if (m->nbucket == 0)
		return NONE;
	i = from == NONE ? m->bucket[h & (m->nbucket - 1)] : m->e[from].next;
	for (; i != NONE; i = m->e[i].next)
		if (m->e[i].hash == h && strcmp(m->e[i].key, key) == 0)
			return i;
	return NONE;
}

static void smap_free(smap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->e[i].key);
	free(m->e);
	free(m->bucket);
}

/* ------------------------------------------------------------------ */
/* The index.                                                          */

typedef struct area {
	char *uuid, *reference, *name, *name_local, *aliases, *code, *parent;
	char *name_key, *local_key; /* local_key NULL without name_local */
	int level;
	GEOSGeometry *geom; /* NULL without a polygon */
	const GEOSPreparedGeometry *prep;
	mais_admin_area pub;
} area;

/* Built on the first spatial query, dropped when an area is added. */
typedef struct tree_cache {
	GEOSSTRtree *tree;
	GEOSGeometry *country; /* union of the level-0/1 polygons */
	const GEOSPreparedGeometry *country_prep;
	int country_built;     /* 1 once tried (country may stay NULL) */
} tree_cache;

struct mais_admin_index {
	area **a;
	size_t n, cap;
	size_t ngeom; /* areas with a polygon */
	smap names, codes, uuids;
	tree_cache *tc;
};

static void area_free(area *a)
{
	GEOSContextHandle_t h;

	if (!a)
		return;
	h = mais_geom__ctx();
	if (a->prep)
		GEOSPreparedGeom_destroy_r(h, a->prep);
	if (a->geom)
		GEOSGeom_destroy_r(h, a->geom);
	free(a->uuid);
	free(a->reference);
	free(a->name);
	free(a->name_local);
	free(a->aliases);
	free(a->code);
	free(a->parent);
	free(a->name_key);
	free(a->local_key);
	free(a);
}

static void tree_drop(tree_cache *tc)
{
	GEOSContextHandle_t h = mais_geom__ctx();

	if (tc->tree)
		GEOSSTRtree_destroy_r(h, tc->tree);
	if (tc->country_prep)
		GEOSPreparedGeom_destroy_r(h, tc->country_prep);
	if (tc->country)
		GEOSGeom_destroy_r(h, tc->country);
	memset(tc, 0, sizeof *tc);
}

int mais_admin_index_new(mais_admin_index **out)
{
	mais_admin_index *ix;

	if (!out)
		return mais_error_set(MAIS_EINVAL, "admin index: no output");
	*out = NULL;
	ix = calloc(1, sizeof *ix);
	if (ix)
		ix->tc = calloc(1, sizeof *ix->tc);
	if (!ix || !ix->tc) {
		free(ix);
		return mais_error_set(MAIS_ENOMEM,
				      "admin index: out of memory");
	}
	*out = ix;
	return 0;
}

void mais_admin_index_free(mais_admin_index *ix)
{
	if (!ix)
		return;
	tree_drop(ix->tc);
	free(ix->tc);
	for (size_t i = 0; i < ix->n; i++)
		area_free(ix->a[i]);
	free(ix->a);
	smap_free(&ix->names);
	smap_free(&ix->codes);
	smap_free(&ix->uuids);
	free(ix);
}

size_t mais_admin_count(const mais_admin_index *ix)
{
	return ix ? ix->n : 0;
}

static int load_one(const mais_record *r, void *ctx)
{
	return mais_admin_add(ctx, r);
}

int mais_admin_index_load(mais_admin_index **out, const mais_source *src)
{
	mais_admin_index *ix;
	int rc;

	if (!src)
		return mais_error_set(MAIS_EINVAL, "admin index: no source");
	if ((rc = mais_admin_index_new(&ix)) < 0)
		return rc;
	rc = src->each(src->ctx, "admin_area", load_one, ix);
	if (rc < 0) {
		mais_admin_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading a record.                                                   */

static const char *area_label(const area *a)
{
	return a->reference ? a->reference : a->uuid;
}

static const char *record_label(const mais_record *r)
{
	const char *s = mais_record_reference(r);

	if (!s || !*s)
		s = mais_record_uuid(r);
	return s && *s ? s : "(new)";
}

static int is_admin_area(const mais_record *r)
{
	const mais_entity *e = r ? mais_record_entity(r) : NULL;

	return e && strcmp(e->name, "admin_area") == 0;
}

/* The level of an admin_area record: 0-3 by DESIGN.md, but a deeper
 * level that a store holds is taken (finer still), not refused: one odd
 * record must not stop every use of the gazetteer. */
static int record_level(const mais_record *r, int *level)
{
	const char *s = mais_record_get(r, "level");
	char *end;
	long v;

	if (!s)
		return mais_error_set(MAIS_EINVAL, "admin area %s: no level",
				      record_label(r));
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 99)
		return mais_error_set(MAIS_EINVAL,
				      "admin area %s: level \"%s\" is not a "
				      "whole number from 0 to 99",
				      record_label(r), s);
	*level = (int)v;
	return 0;
}

static int dup_str(char **out, const char *s)
{
	*out = NULL;
	if (!s || !*s)
		return 0;
	*out = strdup(s);
	return *out ? 0
		    : mais_error_set(MAIS_ENOMEM, "admin index: out of "
						  "memory");
}

/* The name key of s in a malloc'd string (*out NULL when s is NULL). */
static int key_dup(char **out, const char *s)
{
	char k[KEY_MAX];
	int rc;

	*out = NULL;
	if (!s || !*s)
		return 0;
	if ((rc = mais_name_key(s, k, sizeof k)) < 0)
		return rc;
	return dup_str(out, k);
}

/* A code as compared: blanks trimmed, ASCII letters in lower case. */
static int code_key(const char *code, char *out, size_t outlen)
{
	size_t n;

	while (*code == ' ' || *code == '\t')
		code++;
	n = strlen(code);
	while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t'))
		n--;
	if (n >= outlen)
		return mais_error_set(MAIS_ELIMIT,
				      "admin area code \"%.64s\" "
				      "is too long",
				      code);
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	return 0;
}

/* Copies the polygon of r into a (none if r has none or it is empty). */
static int copy_polygon(area *a, const mais_record *r)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	const mais_geom *g = mais_record_geom(r);
	mais_geom_type t;

	if (!g || mais_geom_is_empty(g))
		return 0;
	t = mais_geom_get_type(g);
	if (t != MAIS_GEOM_POLYGON && t != MAIS_GEOM_MULTIPOLYGON)
		return mais_error_set(MAIS_EINVAL,
				      "admin area %s: geometry is a %s, not a "
				      "polygon",
				      area_label(a), mais_geom_type_name(t));
	a->geom = GEOSGeom_clone_r(h, mais_geom__geos(g));
	if (a->geom)
		a->prep = GEOSPrepare_r(h, a->geom);
	if (!a->geom || !a->prep)
		return mais_error_set(MAIS_EGEOM, "admin area %s: %s",
				      area_label(a), mais_geom__geos_message());
	return 0;
}

static void area_publish(area *a)
{
	a->pub = (mais_admin_area){
		.uuid = a->uuid,
		.reference = a->reference,
		.level = a->level,
		.name = a->name,
		.name_local = a->name_local,
		.aliases = a->aliases,
		.code = a->code,
		.parent_uuid = a->parent,
		.has_geometry = a->geom != NULL,
	};
}

/* Copies what the index keeps of r into a new area. */
static int area_from_record(area **out, const mais_record *r)
{
	area *a = calloc(1, sizeof *a);
	int rc;

	if (!a)
		return mais_error_set(MAIS_ENOMEM,
				      "admin index: out of memory");
	if ((rc = record_level(r, &a->level)) < 0 ||
	    (rc = dup_str(&a->uuid, mais_record_uuid(r))) < 0 ||
	    (rc = dup_str(&a->reference, mais_record_reference(r))) < 0 ||
	    (rc = dup_str(&a->name, mais_record_get(r, "name"))) < 0 ||
	    (rc = dup_str(&a->name_local, mais_record_get(r, "name_local"))) <
		    0 ||
	    (rc = dup_str(&a->aliases, mais_record_get(r, "aliases"))) < 0 ||
	    (rc = dup_str(&a->code, mais_record_get(r, "code"))) < 0 ||
	    (rc = dup_str(&a->parent, mais_record_get(r, "parent_uuid"))) < 0 ||
	    (rc = key_dup(&a->name_key, a->name)) < 0 ||
	    (rc = key_dup(&a->local_key, a->name_local)) < 0 ||
	    (rc = copy_polygon(a, r)) < 0) {
		area_free(a);
		return rc;
	}
	area_publish(a);
	*out = a;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Adding.                                                             */

/* The name keys of an area: name, name_local, each alias (empty keys
 * left out).  keys[] gets malloc'd strings; *n their number. */
typedef struct key_list {
	char **k;
	size_t n, cap;
} key_list;

static void key_list_free(key_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->k[i]);
	free(l->k);
}

static int key_list_add(key_list *l, const char *s)
{
	char *k;
	int rc;

	if ((rc = key_dup(&k, s)) < 0)
		return rc;
	if (!k || !*k) {
		free(k);
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		char **p = realloc(l->k, cap * sizeof *p);
		if (!p) {
			free(k);
			return mais_error_set(MAIS_ENOMEM, "admin index: out "
							   "of memory");
		}
		l->k = p;
		l->cap = cap;
	}
	l->k[l->n++] = k;
	return 0;
}

/* Adds the key of every ';'-separated alias in aliases. */
static int key_list_aliases(key_list *l, const char *aliases)
{
	const char *p = aliases;

	while (p && *p) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *one = strndup(p, len);
		int rc;

		if (!one)
			return mais_error_set(MAIS_ENOMEM, "admin index: out "
							   "of memory");
		rc = key_list_add(l, one);
		free(one);
		if (rc < 0)
			return rc;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int area_keys(key_list *l, const area *a)
{
	int rc;

	if ((rc = key_list_add(l, a->name)) < 0 ||
	    (rc = key_list_add(l, a->name_local)) < 0 ||
	    (rc = key_list_aliases(l, a->aliases)) < 0) {
		return mais_error_prefix(rc, "admin area %s", area_label(a));
	}
	return 0;
}

/* Makes room for one more area and its keys, so that adding it to the
 * tables cannot fail half-way. */
static int reserve(mais_admin_index *ix, size_t nkeys)
{
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 64;
		area **p = realloc(ix->a, cap * sizeof *p);
		if (!p)
			return -1;
		ix->a = p;
		ix->cap = cap;
	}
	if (smap_reserve(&ix->names, nkeys) < 0 ||
	    smap_reserve(&ix->codes, 1) < 0 || smap_reserve(&ix->uuids, 1) < 0)
		return -1;
	return 0;
}

/* Puts area a, with its name keys and code key, into the tables. */
static int insert(mais_admin_index *ix, area *a, key_list *keys)
{
	char ck[MAIS_MAX_SHORT_FIELD];
	char *ckey = NULL, *ukey = strdup(a->uuid);
	int rc;

	if (a->code && (rc = code_key(a->code, ck, sizeof ck)) < 0) {
		free(ukey);
		return rc;
	}
	if (a->code && *ck && !(ckey = strdup(ck)))
		goto nomem;
	if (!ukey || reserve(ix, keys->n) < 0)
		goto nomem;
	for (size_t i = 0; i < keys->n; i++)
		smap_put(&ix->names, keys->k[i], ix->n);
	keys->n = 0; /* the map owns them now */
	if (ckey)
		smap_put(&ix->codes, ckey, ix->n);
	smap_put(&ix->uuids, ukey, ix->n);
	ix->a[ix->n++] = a;
	return 0;
nomem:
	free(ckey);
	free(ukey);
	return mais_error_set(MAIS_ENOMEM, "admin index: out of memory");
}

int mais_admin_add(mais_admin_index *ix, const mais_record *r)
{
	area *a = NULL;
	key_list keys = {0};
	int rc;

	if (!ix || !is_admin_area(r))
		return mais_error_set(MAIS_EINVAL, "admin index: the record "
						   "is not an admin area");
	if (!mais_record_uuid(r) || !*mais_record_uuid(r))
		return mais_error_set(MAIS_EINVAL, "admin index: an admin area "
						   "must be stored (have a "
						   "uuid) before it is added");
	if (mais_admin_get(ix, mais_record_uuid(r)))
		return mais_error_set(MAIS_EEXISTS,
				      "admin index: admin area %s is in the "
				      "index already",
				      record_label(r));
	if ((rc = area_from_record(&a, r)) < 0)
		return rc;
	if ((rc = area_keys(&keys, a)) == 0)
		rc = insert(ix, a, &keys);
	key_list_free(&keys);
	if (rc < 0) {
		area_free(a);
		return rc;
	}
	if (a->geom) {
		ix->ngeom++;
		tree_drop(ix->tc);
	}
	return 0;
}

const mais_admin_area *mais_admin_get(const mais_admin_index *ix,
				      const char *uuid)
{
	size_t i;

	if (!ix || !uuid)
		return NULL;
	i = smap_next(&ix->uuids, uuid, NONE);
	return i == NONE ? NULL : &ix->a[ix->uuids.e[i].area]->pub;
}

/* ------------------------------------------------------------------ */
/* Finding by name or code.                                            */

/* The one area at `level` (-1 any) among the entries of m with key; the
 * caller's `what` ("named \"X\"", "with code X") for messages. */
static int find_unique(const mais_admin_index *ix, const smap *m,
		       const char *key, int level, const char *what,
		       const char **uuid)
{
	const area *found = NULL;

	for (size_t i = smap_next(m, key, NONE); i != NONE;
	     i = smap_next(m, key, i)) {
		const area *a = ix->a[m->e[i].area];

		if ((level >= 0 && a->level != level) || a == found)
			continue;
		if (found)
			return mais_error_set(
				MAIS_EINVAL,
				"admin area %s is ambiguous: %s (%s, level %d) "
				"and %s (%s, level %d) both match",
				what, area_label(found), found->name,
				found->level, area_label(a), a->name, a->level);
		found = a;
	}
	if (!found) {
		if (level >= 0)
			return mais_error_set(MAIS_ENOTFOUND,
					      "no admin area %s at level %d",
					      what, level);
		return mais_error_set(MAIS_ENOTFOUND, "no admin area %s", what);
	}
	*uuid = found->uuid;
	return 0;
}

int mais_admin_find_name(const mais_admin_index *ix, const char *name,
			 int level, const char **uuid)
{
	char key[KEY_MAX], what[MAIS_MAX_SHORT_FIELD + 16];
	int rc;

	if (!ix || !name || !uuid)
		return mais_error_set(MAIS_EINVAL, "admin find: no name");
	*uuid = NULL;
	if ((rc = mais_name_key(name, key, sizeof key)) < 0)
		return rc;
	snprintf(what, sizeof what, "named \"%s\"", name);
	return find_unique(ix, &ix->names, key, level, what, uuid);
}

int mais_admin_find_code(const mais_admin_index *ix, const char *code,
			 int level, const char **uuid)
{
	char key[MAIS_MAX_SHORT_FIELD], what[MAIS_MAX_SHORT_FIELD + 16];
	int rc;

	if (!ix || !code || !uuid)
		return mais_error_set(MAIS_EINVAL, "admin find: no code");
	*uuid = NULL;
	if ((rc = code_key(code, key, sizeof key)) < 0)
		return rc;
	snprintf(what, sizeof what, "with code \"%s\"", code);
	return find_unique(ix, &ix->codes, key, level, what, uuid);
}

/* ------------------------------------------------------------------ */
/* Assigning a geometry.                                               */

static int tree_build(const mais_admin_index *ix)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	tree_cache *tc = ix->tc;

	if (tc->tree)
		return 0;
	tc->tree = GEOSSTRtree_create_r(h, 10);
	if (!tc->tree)
		return mais_error_set(MAIS_ENOMEM, "admin index: %s",
				      mais_geom__geos_message());
	for (size_t i = 0; i < ix->n; i++)
		if (ix->a[i]->geom)
			GEOSSTRtree_insert_r(h, tc->tree, ix->a[i]->geom,
					     ix->a[i]);
	return 0;
}

/* The state of one assignment, passed through the tree's callback. */
typedef struct assign_ctx {
	GEOSContextHandle_t h;
	const GEOSGeometry *g;
	int polygonal;	     /* measure overlaps, else test cover */
	double g_area;	     /* geodesic m² of g, computed when first needed */
	const mais_geom *mg; /* the geometry assigned (its area is cached) */
	GEOSGeometry *valid; /* g repaired, made when GEOS refuses g */
	const area *best;
	double best_overlap;
	const area *failed; /* the area GEOS failed on */
} assign_ctx;

/* 1 if candidate a (with overlap m²) beats the best so far. */
static int better(const assign_ctx *c, const area *a, double overlap)
{
	const area *b = c->best;

	if (!b || a->level != b->level)
		return !b || a->level > b->level;
	if (overlap != c->best_overlap)
		return overlap > c->best_overlap;
	return strcmp(a->uuid, b->uuid) < 0;
}

/* A valid copy of an invalid polygon g, made once, for the overlay that
 * GEOS refuses on invalid input: the "structure" method of MakeValid
 * keeps polygons polygonal (the rules of geom_rules.c repair stored
 * geometries; this is for a geometry assigned before, or without, them). */
static int repair(assign_ctx *c)
{
	GEOSMakeValidParams *p;

	if (c->valid)
		return 0;
	p = GEOSMakeValidParams_create_r(c->h);
	if (!p)
		return -1;
	GEOSMakeValidParams_setMethod_r(c->h, p, GEOS_MAKE_VALID_STRUCTURE);
	GEOSMakeValidParams_setKeepCollapsed_r(c->h, p, 0);
	c->valid = GEOSMakeValidWithParams_r(c->h, c->g, p);
	GEOSMakeValidParams_destroy_r(c->h, p);
	return c->valid ? 0 : -1;
}

/* g ∩ a, with a first cut to g's bounding box: an admin polygon has
 * thousands of vertices, the hazard a few, and the overlay costs by the
 * size of both.  The fast clip may leave an invalid polygon; then the
 * overlay is done on the whole one. */
static GEOSGeometry *clipped_intersection(assign_ctx *c, const area *a)
{
	double x0, y0, x1, y1;
	GEOSGeometry *clip, *x = NULL;

	if (GEOSGeom_getXMin_r(c->h, c->g, &x0) &&
	    GEOSGeom_getYMin_r(c->h, c->g, &y0) &&
	    GEOSGeom_getXMax_r(c->h, c->g, &x1) &&
	    GEOSGeom_getYMax_r(c->h, c->g, &y1) &&
	    (clip = GEOSClipByRect_r(c->h, a->geom, x0, y0, x1, y1))) {
		x = GEOSIntersection_r(c->h, clip, c->g);
		GEOSGeom_destroy_r(c->h, clip);
	}
	if (!x)
		x = GEOSIntersection_r(c->h, a->geom, c->g);
	return x;
}

/* m² of g inside a; -1 when GEOS fails. */
static double overlap_m2(assign_ctx *c, const area *a)
{
	GEOSGeometry *x;
	double m2;
	char in = GEOSPreparedIntersects_r(c->h, a->prep, c->g);

	if (in != 1)
		return in == 0 ? 0 : -1;
	in = GEOSPreparedContains_r(c->h, a->prep, c->g);
	if (in == 2)
		return -1;
	if (in == 1) {
		if (c->g_area < 0)
			c->g_area = c->mg ? mais_geom_area_m2(c->mg)
					  : mais_geom__area_geos(c->g);
		return c->g_area;
	}
	x = clipped_intersection(c, a);
	if (!x && repair(c) == 0)
		x = GEOSIntersection_r(c->h, a->geom, c->valid);
	if (!x)
		return -1;
	m2 = mais_geom__area_geos(x);
	GEOSGeom_destroy_r(c->h, x);
	return m2;
}

static void assign_visit(void *item, void *userdata)
{
	assign_ctx *c = userdata;
	const area *a = item;
	double overlap = 0;

	if (c->failed)
		return;
	if (c->polygonal) {
		overlap = overlap_m2(c, a);
		if (overlap < 0)
			c->failed = a;
		if (overlap <= 0)
			return;
	} else {
		char in = GEOSPreparedCovers_r(c->h, a->prep, c->g);

		if (in == 2)
			c->failed = a;
		if (in != 1)
			return;
	}
	if (better(c, a, overlap)) {
		c->best = a;
		c->best_overlap = overlap;
	}
}

/* g itself for points and polygons; its point on surface (in *own, for
 * the caller to destroy) for lines, multipoints and collections. */
static const GEOSGeometry *probe(GEOSContextHandle_t h, const GEOSGeometry *g,
				 int *polygonal, GEOSGeometry **own)
{
	int t = GEOSGeomTypeId_r(h, g);

	*own = NULL;
	*polygonal = t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
	if (t == GEOS_POINT || *polygonal)
		return g;
	*own = GEOSPointOnSurface_r(h, g);
	return *own;
}

int mais_admin_assign(const mais_admin_index *ix, const mais_geom *g,
		      const char **uuid)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	GEOSGeometry *own = NULL;
	assign_ctx c = {.h = h, .g_area = -1, .mg = g};
	int rc;

	if (!ix || !g || !uuid)
		return mais_error_set(MAIS_EINVAL, "admin assign: no geometry");
	*uuid = NULL;
	if (ix->ngeom == 0 || mais_geom_is_empty(g))
		return 0;
	if ((rc = tree_build(ix)) < 0)
		return rc;
	c.g = probe(h, mais_geom__geos(g), &c.polygonal, &own);
	if (!c.g)
		return mais_error_set(MAIS_EGEOM, "admin assign: %s",
				      mais_geom__geos_message());
	GEOSSTRtree_query_r(h, ix->tc->tree, c.g, assign_visit, &c);
	if (own)
		GEOSGeom_destroy_r(h, own);
	if (c.valid)
		GEOSGeom_destroy_r(h, c.valid);
	if (c.failed)
		return mais_error_set(MAIS_EGEOM,
				      "admin assign: testing against admin "
				      "area %s (%s): %s",
				      area_label(c.failed), c.failed->name,
				      mais_geom__geos_message());
	*uuid = c.best ? c.best->uuid : NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Duplicates.                                                         */

/* Appends a printf-style clause to msg, "; "-separated. */
static void __attribute__((format(printf, 3, 4)))
clause(char *msg, size_t msglen, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (!msg || msglen == 0)
		return;
	len = strlen(msg);
	if (len > 0 && len + 2 < msglen) {
		memcpy(msg + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(msg + len, msglen - len, fmt, ap);
	va_end(ap);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* What a record brings to the comparison. */
typedef struct dup_probe {
	const char *uuid, *parent;
	int level;
	char name_key[KEY_MAX], local_key[KEY_MAX],
		code_key[MAIS_MAX_SHORT_FIELD];
} dup_probe;

static int is_other(const dup_probe *p, const area *a)
{
	return a->level == p->level && !(p->uuid && !strcmp(p->uuid, a->uuid));
}

static int same_name(const area *a, const char *key)
{
	return (a->name_key && !strcmp(a->name_key, key)) ||
	       (a->local_key && !strcmp(a->local_key, key));
}

/* The first other area of the same level whose name or name_local has
 * key, not under a different parent. */
static const area *dup_name(const mais_admin_index *ix, const dup_probe *p,
			    const char *key)
{
	if (!*key)
		return NULL;
	for (size_t i = smap_next(&ix->names, key, NONE); i != NONE;
	     i = smap_next(&ix->names, key, i)) {
		const area *a = ix->a[ix->names.e[i].area];

		if (!is_other(p, a) || !same_name(a, key))
			continue;
		if (p->parent && a->parent && strcmp(p->parent, a->parent))
			continue;
		return a;
	}
	return NULL;
}

static const area *dup_code(const mais_admin_index *ix, const dup_probe *p)
{
	const char *key = p->code_key;

	if (!*key)
		return NULL;
	for (size_t i = smap_next(&ix->codes, key, NONE); i != NONE;
	     i = smap_next(&ix->codes, key, i)) {
		const area *a = ix->a[ix->codes.e[i].area];

		if (is_other(p, a))
			return a;
	}
	return NULL;
}

static int probe_of(dup_probe *p, const mais_record *r)
{
	const char *local = mais_record_get(r, "name_local");
	const char *code = mais_record_get(r, "code");
	const char *name = mais_record_get(r, "name");
	int rc;

	p->uuid = mais_record_uuid(r);
	p->parent = mais_record_get(r, "parent_uuid");
	p->name_key[0] = p->local_key[0] = p->code_key[0] = '\0';
	if ((rc = record_level(r, &p->level)) < 0)
		return rc;
	if (name && (rc = mais_name_key(name, p->name_key, KEY_MAX)) < 0)
		return mais_error_prefix(rc, "admin area %s", record_label(r));
	if (local && (rc = mais_name_key(local, p->local_key, KEY_MAX)) < 0)
		return mais_error_prefix(rc, "admin area %s", record_label(r));
	if (code && (rc = code_key(code, p->code_key, sizeof p->code_key)) < 0)
		return rc;
	return 0;
}

int mais_admin_duplicates(const mais_admin_index *ix, const mais_record *r,
			  char *msg, size_t msglen)
{
	dup_probe *p;
	const area *a;
	int set = 0, rc;

	if (msg && msglen)
		msg[0] = '\0';
	if (!ix || !is_admin_area(r))
		return mais_error_set(MAIS_EINVAL,
				      "admin duplicates: the "
				      "record is not an admin area");
	if (!(p = malloc(sizeof *p)))
		return mais_error_set(MAIS_ENOMEM,
				      "admin index: out of memory");
	if ((rc = probe_of(p, r)) < 0) {
		free(p);
		return rc;
	}
	a = dup_name(ix, p, p->name_key);
	if (!a)
		a = dup_name(ix, p, p->local_key);
	if (a) {
		set |= MAIS_ADMIN_DUP_NAME;
		clause(msg, msglen, "name %s also on %s (%s)",
		       or_empty(mais_record_get(r, "name")), area_label(a),
		       a->name);
	}
	if ((a = dup_code(ix, p))) {
		set |= MAIS_ADMIN_DUP_CODE;
		clause(msg, msglen, "code %s also on %s (%s)",
		       or_empty(mais_record_get(r, "code")), area_label(a),
		       a->name);
	}
	free(p);
	return set;
}

/* ------------------------------------------------------------------ */
/* The country.                                                        */

/* Builds the union of the level-0/1 polygons once (DESIGN.md: the
 * country is the union of the level-0/1 admin areas). */
static int build_country(const mais_admin_index *ix)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	tree_cache *tc = ix->tc;
	GEOSGeometry **parts, *coll;
	size_t n = 0;

	if (tc->country_built)
		return 0;
	tc->country_built = 1;
	parts = calloc(ix->n ? ix->n : 1, sizeof *parts);
	if (!parts)
		return mais_error_nomem();
	for (size_t i = 0; i < ix->n; i++)
		if (ix->a[i]->geom && ix->a[i]->level <= 1 &&
		    (parts[n] = GEOSGeom_clone_r(h, ix->a[i]->geom)))
			n++;
	if (n == 0) {
		free(parts);
		return 0;
	}
	coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts,
					   (unsigned)n);
	free(parts);
	if (coll) {
		tc->country = GEOSUnaryUnion_r(h, coll);
		GEOSGeom_destroy_r(h, coll);
	}
	if (tc->country)
		tc->country_prep = GEOSPrepare_r(h, tc->country);
	if (!tc->country_prep)
		return mais_error_set(MAIS_EGEOM, "admin areas: country: %s",
				      mais_geom__geos_message());
	return 0;
}

int mais_admin_in_country(const mais_admin_index *ix, const mais_geom *g,
			  int *inside)
{
	GEOSContextHandle_t h = mais_geom__ctx();
	char in;
	int rc;

	*inside = -1;
	if (!ix || !g || mais_geom_is_empty(g))
		return 0;
	if ((rc = build_country(ix)) < 0)
		return rc;
	if (!ix->tc->country_prep)
		return 0;
	in = GEOSPreparedCovers_r(h, ix->tc->country_prep, mais_geom__geos(g));
	if (in == 2)
		return mais_error_set(MAIS_EGEOM, "country test: %s",
				      mais_geom__geos_message());
	*inside = in;
	return 0;
}
