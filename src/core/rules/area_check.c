/*
 * area_check.c — a stated area against the record's own polygon
 * (operations.h).  A hazard's estimated area or a release's reported area
 * that is ten times larger or smaller than the geodesic area of the
 * polygon it comes with is almost never a real difference of opinion: it
 * is a figure in hectares or km² read as m² (10^4, 10^6), or a polygon
 * drawn at the wrong place or scale.  The record is stored and flagged
 * for a person to look at; a point, a line or no geometry has no area to
 * compare with.
 */
#include "mais/operations.h"
#include "mais/geom.h"
#include "mais/schema.h"

#include <stdio.h>
#include <stdlib.h>

/* The column in which r states an area, or NULL: estimated_area_m2, or
 * an area_m2 that users give (not the system's computed one). */
static const char *stated_column(const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);
	const mais_column *c;

	if (mais_record_get(r, "estimated_area_m2"))
		return "estimated_area_m2";
	c = mais_schema_column(e, "area_m2", NULL);
	if (c && !(c->flags & MAIS_COL_SYSTEM) && mais_record_get(r, "area_m2"))
		return "area_m2";
	return NULL;
}

int mais_area_mismatch(const mais_record *r, char *msg, size_t len)
{
	const char *col = stated_column(r);
	const mais_geom *g = mais_record_geom(r);
	double stated, polygon;

	if (!col || !g || !((polygon = mais_geom_area_m2(g)) > 0))
		return 0;
	stated = strtod(mais_record_get(r, col), NULL);
	if (stated * MAIS_AREA_MISMATCH_FACTOR >= polygon &&
	    polygon * MAIS_AREA_MISMATCH_FACTOR >= stated)
		return 0;
	snprintf(msg, len,
		 "%s.%s: %.3f m² stated, but its polygon's geodesic area is "
		 "%.3f m² (more than %.0f times %s): an area in ha or km² "
		 "read as m²?",
		 mais_record_entity(r)->name, col, stated, polygon,
		 MAIS_AREA_MISMATCH_FACTOR,
		 stated > polygon ? "larger" : "smaller");
	return 1;
}
