/*
 * groups.c — the small grouping the bulletin and EORE reach share (see
 * report_internal.h): each counted record adds to the group of its key
 * (an admin area or organisation uuid, or a method code; NULL is
 * "unassigned") in a table of int64 counters and one area; the groups are
 * then named from the records the source gives (the name of the admin
 * area or organisation, else its uuid) and sorted.  A failed read of the
 * source is an error of the report, never a silent uuid in place of a
 * name.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"
#include "mais/grow.h"

#include <stdlib.h>
#include <string.h>

typedef mais_report__grp grp;
typedef mais_report__groups groups;

void mais_report__groups_free(groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].name);
	}
	free(gs->g);
}

grp *mais_report__group(groups *gs, const char *key)
{
	grp *g;

	for (size_t i = 0; i < gs->n; i++)
		if (key ? gs->g[i].key && !strcmp(gs->g[i].key, key)
			: !gs->g[i].key)
			return &gs->g[i];
	if (mais_grow(&gs->g, &gs->cap, gs->n, sizeof *gs->g) < 0)
		return NULL;
	g = &gs->g[gs->n];
	memset(g, 0, sizeof *g);
	if (key && !(g->key = strdup(key)))
		return mais_error_nomem(), NULL;
	gs->n++;
	return g;
}

int mais_report__name_of(const mais_source *src, const char *entity,
			 const char *uuid, char **out)
{
	mais_record *r = NULL;
	const char *name;
	int rc;

	*out = NULL;
	if (!uuid)
		return 0;
	rc = src->get(src->ctx, entity, uuid, &r);
	if (rc && rc != MAIS_ENOTFOUND)
		return mais_error_prefix(rc, "%s %s", entity, uuid);
	name = r ? mais_record_get(r, "name") : NULL;
	*out = strdup(name ? name : uuid);
	mais_record_free(r);
	return *out ? 0 : mais_error_nomem();
}

/* By name (or vocabulary order), unassigned last. */
static int cmp_group(const void *pa, const void *pb)
{
	const grp *a = pa, *b = pb;

	if (!a->key || !b->key)
		return (!a->key) - (!b->key);
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->name, b->name);
}

int mais_report__name_groups(const mais_source *src, groups *gs,
			     const char *entity, const mais_vocab *v)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < gs->n; i++) {
		grp *g = &gs->g[i];

		if (!g->key)
			g->name = strdup("unassigned");
		else if (entity)
			rc = mais_report__name_of(src, entity, g->key,
						  &g->name);
		else
			g->name = strdup(g->key);
		g->order = mais_report__vocab_index(v, g->key);
		if (!rc && !g->name)
			rc = mais_error_nomem();
	}
	if (!rc && gs->n)
		qsort(gs->g, gs->n, sizeof *gs->g, cmp_group);
	return rc;
}
