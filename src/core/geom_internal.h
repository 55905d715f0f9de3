/*
 * geom_internal.h — what geom.c shares with geom_rules.c (internal, not
 * public API): the thread's GEOS context and access to the GEOS geometry
 * inside a mais_geom.
 */
#ifndef MAIS_GEOM_INTERNAL_H
#define MAIS_GEOM_INTERNAL_H

#include <geos_c.h>
#include "mais/geom.h"

GEOSContextHandle_t mais_geom__ctx(void);
const GEOSGeometry *mais_geom__geos(const mais_geom *g);
/* Replaces g's GEOS geometry by ng (taking ownership). */
void mais_geom__replace(mais_geom *g, GEOSGeometry *ng);
/* GEOS's last message on this thread. */
const char *mais_geom__geos_message(void);
/* Geodesic area in m² of a lon/lat GEOS geometry. */
double mais_geom__area_geos(const GEOSGeometry *g);
/* Calls fn for every coordinate sequence of g; stops at a non-zero. */
typedef int (*mais_geom__seq_fn)(GEOSContextHandle_t h,
				 const GEOSCoordSequence *s, void *arg);
int mais_geom__each_seq(GEOSContextHandle_t h, const GEOSGeometry *g,
			mais_geom__seq_fn fn, void *arg);

#endif
