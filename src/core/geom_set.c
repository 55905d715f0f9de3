/*
 * geom_set.c — a set of geometries for finding exact duplicates among
 * many records (an import, `mais check`).  Geometries are kept by hash in
 * an open-addressing table; a hash match is confirmed by exact comparison,
 * so two different geometries are never taken for duplicates.
 */
#include "mais/geom.h"
#include "mais/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	uint64_t hash;
	mais_geom *geom; /* NULL: empty slot */
	char label[64];
} entry;

struct mais_geom_set {
	entry *slots;
	size_t cap, count; /* cap is a power of two */
};

int mais_geom_set_new(mais_geom_set **out)
{
	mais_geom_set *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s || !(s->slots = calloc(1024, sizeof *s->slots))) {
		free(s);
		return mais_error_nomem();
	}
	s->cap = 1024;
	*out = s;
	return 0;
}

void mais_geom_set_free(mais_geom_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		mais_geom_free(s->slots[i].geom);
	free(s->slots);
	free(s);
}

static entry *probe(entry *slots, size_t cap, uint64_t h,
		    const mais_geom *g)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		entry *e = &slots[i];

		if (!e->geom || (e->hash == h && (!g ||
				 mais_geom_equals_exact(e->geom, g))))
			return e;
	}
}

static int grow(mais_geom_set *s)
{
	size_t cap = s->cap * 2;
	entry *slots = calloc(cap, sizeof *slots);

	if (!slots)
		return mais_error_nomem();
	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i].geom)
			*probe(slots, cap, s->slots[i].hash, NULL) = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return 0;
}

int mais_geom_set_add(mais_geom_set *s, const mais_geom *g, const char *label,
		      const char **duplicate_of)
{
	uint64_t h = mais_geom_hash(g);
	entry *e;
	int rc;

	*duplicate_of = NULL;
	e = probe(s->slots, s->cap, h, g);
	if (e->geom) {
		*duplicate_of = e->label;
		return 1;
	}
	if ((s->count + 1) * 2 > s->cap) {
		if ((rc = grow(s)) < 0)
			return rc;
		e = probe(s->slots, s->cap, h, g);
	}
	if ((rc = mais_geom_clone(&e->geom, g)) < 0)
		return rc;
	e->hash = h;
	snprintf(e->label, sizeof e->label, "%s", label);
	s->count++;
	return 0;
}
