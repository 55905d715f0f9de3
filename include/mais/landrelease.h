/*
 * landrelease.h — the one land release kernel (docs/land-release.md, the
 * rule it implements; DESIGN.md "Land release accounting"; IMAS 07.11).
 *
 * Pure: it computes from the hazards and releases it is given, one
 * *cluster* at a time (records whose boxes touch, directly or through
 * others, or that are linked), and knows no store.  The use-case layer
 * (src/service/lr.c) loads clusters and calls it for a hazard's account,
 * the check of a release being written and every land release report, so
 * that every figure shown anywhere comes from here.
 *
 * In one cluster:
 *   - hazards own their polygon less what earlier hazards own (order:
 *     recorded date, none last, then stored order), so owned land never
 *     overlaps; a hazard with no polygon owns its estimated area;
 *   - a release linked to a polygon hazard is clipped to it; each release
 *     is credited with the land no earlier release released (order:
 *     release date, none last, then stored order), whatever the method;
 *   - released land counts for the hazard that owns it; what lies outside
 *     every hazard is released outside recorded hazards;
 *   - original = cancelled + reduced + cleared + remaining holds for every
 *     hazard and group by construction (remaining is the difference, and
 *     may fall below zero only through reported numbers).
 *
 * Units: m², geodesic on WGS 84 (mais_geom_area_m2).  Geometries are WGS
 * 84 longitude/latitude, borrowed for the call.
 *
 * Errors: MAIS_EGEOM (GEOS could not compute an overlay even on a fine
 * grid, with its message), MAIS_ENOMEM, MAIS_EINVAL (a bad index).
 */
#ifndef MAIS_LANDRELEASE_H
#define MAIS_LANDRELEASE_H

#include <stddef.h>
#include <stdint.h>
#include "mais/geom.h"
#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A hazard is closed when what remains is under, and a release may
 * exceed what remains by, max(0.5 m², 0.01 % of the original area):
 * rounding of surveyed areas, not land. */
#define MAIS_LR_TOLERANCE_M2	0.5
#define MAIS_LR_TOLERANCE_SHARE 1e-4

/* The flag written on a release clipped to its hazard. */
#define MAIS_LR_CLIPPED_RULE "clipped_to_hazard"

/* Release methods, in the order of the vocabulary release_method. */
enum { MAIS_LR_CANCELLED, MAIS_LR_REDUCED, MAIS_LR_CLEARED, MAIS_LR_NMETHODS };

/* The index of a release_method code, or -1. */
int mais_lr_method(const char *code);

/* The tolerance for a hazard of original area a, in m². */
double mais_landrelease_tolerance(double original_m2);

/* A hazard's account, in m². */
typedef struct mais_lr_account {
	double polygon_m2;   /* its whole polygon (or estimated area) */
	double original_m2;  /* the land it owns: its polygon less what
				earlier overlapping hazards own; or its
				estimated area when it has no polygon */
	double cancelled_m2; /* of its land, by method */
	double reduced_m2;
	double cleared_m2;
	double remaining_m2; /* original - the three */
	double number_m2;    /* of the released: given only as numbers */
	size_t releases;     /* releases linked to it that counted */
	int has_polygon;
	/* The hazard's own progress, which decides when it closes, is handed
	 * over, or takes no more releases: the land within its whole
	 * polygon released by any release (its own, another hazard's where
	 * they overlap, one with no hazard), plus its releases given as
	 * numbers; and what is left of the polygon.  A hazard recorded
	 * inside an earlier one owns no land in the reports, yet closes only
	 * when its own polygon is released. */
	double polygon_released_m2;
	double polygon_remaining_m2; /* polygon_m2 - polygon_released_m2 */
} mais_lr_account;

/* A group's figures (a report row), in m². */
typedef struct mais_lr_figures {
	double polygon_m2; /* plain sum of its hazards' polygons (or
			      estimates), overlaps counted each time */
	double original_m2;			 /* land of its hazards */
	double released_m2[MAIS_LR_NMETHODS];	 /* of that land */
	double remaining_m2;			 /* original - released */
	double outside_m2[MAIS_LR_NMETHODS];	 /* outside every hazard */
	/* land within hazards released by the group's own releases (their
	 * year, organisation; by zone, where it lies): the work of the
	 * group, wherever the hazards' rows are */
	double work_m2[MAIS_LR_NMETHODS];
	double number_m2; /* released given only as numbers (within the
			     above, inside or outside hazards) */
} mais_lr_figures;

/* A hazard as the kernel takes it. */
typedef struct mais_lr_hazard {
	const mais_geom *geom; /* polygonal, or NULL (none, or a point) */
	double estimated_m2;   /* the original area when geom is NULL */
	const char *date;      /* recorded_date YYYY-MM-DD, or NULL */
	int64_t seq;	       /* stored order (reference serial) */
	size_t group;	       /* row of its figures (and of its numbers
				  when there are zones) */
} mais_lr_hazard;

/* A land release as the kernel takes it. */
typedef struct mais_lr_release {
	const mais_geom *geom; /* polygonal, or NULL: a number */
	double number_m2;      /* area_m2 when geom is NULL */
	int method;	       /* MAIS_LR_CANCELLED ... */
	const char *date;      /* release_date, or NULL */
	int64_t seq;
	long hazard;  /* index of its hazard in the cluster, or -1 */
	size_t group; /* row of what it releases outside hazards */
} mais_lr_release;

/* A zone that splits land by where it lies (an admin area). */
typedef struct mais_lr_zone {
	const mais_geom *geom; /* polygonal */
	size_t group;
} mais_lr_zone;

/* Zones made ready once for many clusters (their polygons prepared for
 * fast tests): admin areas are large and every cluster tests them. */
typedef struct mais_lr_zones mais_lr_zones;

/* *out (caller frees with mais_lr_zones_free) borrows the geometries,
 * which must outlive it.  MAIS_EINVAL for a zone with no polygon,
 * MAIS_ENOMEM. */
int mais_lr_zones_new(mais_lr_zones **out, const mais_lr_zone *zones,
		      size_t n);
void mais_lr_zones_free(mais_lr_zones *z);

typedef struct mais_lr_cluster {
	const mais_lr_hazard *hazards;
	size_t nhazards;
	const mais_lr_release *releases;
	size_t nreleases;
	/* zones not NULL: land (owned, released, outside) counts in the group
	 * of the zone it lies in, and `unzoned` for the part in none; numbers
	 * count in their record's group.  NULL: everything counts in the
	 * record's group.  Zones must not overlap. */
	const mais_lr_zones *zones;
	size_t unzoned;
} mais_lr_cluster;

/*
 * Runs the rule over one cluster.  accounts: an array of nhazards that
 * receives each hazard's account (or NULL); groups: an array indexed by
 * group to which the figures are *added* (or NULL), so that a report
 * calls it cluster after cluster; credited: an array of nreleases that
 * receives what each release released, within hazards and outside, in m²
 * (or NULL).
 */
int mais_lr_run(const mais_lr_cluster *c, mais_lr_account *accounts,
		mais_lr_figures *groups, double *credited);

/*
 * The release polygon clipped to its hazard's polygon: *out (caller
 * frees) is NULL when nothing lies outside (within CLIP noise, 1e-3 m²),
 * else the part within, as a MULTIPOLYGON; *outside_m2 the area left
 * out.  MAIS_EINVAL when no part lies within the hazard.
 */
int mais_lr_clip(const mais_geom *release, const mais_geom *hazard,
		 mais_geom **out, double *outside_m2);


/* ------------------------------------------------------------------ */
/* Records as the kernel's callers hold them.                           */

/* What the land release rule and its reports need of a hazard or a
 * release record, copied out of it (so that a cluster can be held
 * without its records).  Strings are "" when the record has none. */
typedef struct mais_lr_item {
	int is_release;
	char uuid[37];
	char hazard_uuid[37];	  /* release: its hazard */
	char admin_area_uuid[37];
	char organisation_uuid[37];
	char date[11];		  /* recorded_date / release_date */
	char info_date[11];	  /* info_date, for the year when no date */
	char land_use[32];	  /* hazard */
	char hazard_class[16];	  /* hazard */
	int64_t seq;		  /* serial of the reference */
	int method;		  /* release: MAIS_LR_* */
	double number_m2;	  /* hazard: estimated_area_m2; release:
				     area_m2 */
	mais_geom *geom;	  /* owned: polygonal, or NULL */
	double box[4];		  /* minx, miny, maxx, maxy; empty when
				     minx > maxx */
} mais_lr_item;

/* Fills *out from a hazard or land_release record (its geometry cloned
 * when polygonal).  MAIS_ENOMEM. */
int mais_lr_item_of(const mais_record *r, mais_lr_item *out);

/* Frees what an item holds (its geometry); NULL accepted. */
void mais_lr_item_clear(mais_lr_item *it);

/* The serial number at the end of a reference ("HQ-HA-000042": 42), 0
 * if none. */
int64_t mais_lr_ref_serial(const char *reference);

/* Cluster ids of n items: items whose boxes meet, or a release and its
 * hazard, share an id (0 .. *nclusters-1) in out[n]. */
int mais_lr_clusters(const mais_lr_item *items, size_t n, size_t *out,
		     size_t *nclusters);

/* The kernel's records of a cluster of items: hz[] and rel[] (each with
 * room for n) filled with the hazards and the releases among items, a
 * release's hazard found by UUID among them (-1 if absent); groups 0.
 * *nh, *nr the counts; index_of[n] (or NULL) the position of each item
 * in hz or rel. */
int mais_lr_cluster_of(const mais_lr_item *items, size_t n,
		       mais_lr_hazard *hz, size_t *nh, mais_lr_release *rel,
		       size_t *nr, size_t *index_of);

#ifdef __cplusplus
}
#endif
#endif
