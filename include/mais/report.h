/*
 * report.h — the standard reports of a mine action database: land release
 * accounting (DESIGN.md, "Land release accounting"), explosive ordnance
 * found, casualties, the operational bulletin, EORE reach, equipment and
 * one hazard's account.  A report is computed from the records it is
 * given (a mais_source, source.h: the use-case layer builds one over a
 * store) and hands back plain rows; writing them as a table, CSV, JSON or
 * XLSX is the caller's (src/io/out_report.c), and which report takes which
 * option is said once, in the report registry (src/service/report.h).
 * The core includes no store, JSON or I/O header.
 *
 * Which records count: only those with status "approved", unless
 * include_submitted is set, which adds "submitted" and "verified".
 * Drafts and rejected records never count.  Reference data used to name
 * and draw the groups (organisations, admin areas) is used whatever its
 * status.
 *
 * Units: areas in m², geodesic on WGS 84 (mais_geom_area_m2); years as
 * four digits.  Overlapping polygons are never counted twice in an area
 * (they are dissolved: the area of their union); the plain sum is given
 * beside it where the two differ.
 *
 * Ownership: every `**out` report is the caller's, freed with its _free
 * function (which accepts NULL); the strings inside a report belong to it
 * and live as long as it does.
 *
 * Errors: MAIS_EINVAL (bad options), MAIS_ENOMEM, MAIS_EGEOM (GEOS could
 * not compute an overlay, with its message), and the source's errors
 * (MAIS_ESTORE, MAIS_ENOMEM) while reading, passed up unchanged.
 */
#ifndef MAIS_REPORT_H
#define MAIS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "mais/record.h"
#include "mais/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How the land release report groups its rows. */
typedef enum mais_report_by {
	MAIS_REPORT_BY_ADMIN,	     /* admin areas of one level */
	MAIS_REPORT_BY_YEAR,	     /* year of record or release */
	MAIS_REPORT_BY_ORGANISATION, /* reporting organisation */
	MAIS_REPORT_BY_METHOD,	     /* EORE: delivery method */
	MAIS_REPORT_BY_LAND_USE	     /* land release: the hazard's land use */
} mais_report_by;

/* The name used on the command line and in JSON: "admin", "year",
 * "organisation", "method".  Static. */
const char *mais_report_by_name(mais_report_by by);

typedef struct mais_report_opts {
	/* land release only: the grouping */
	mais_report_by by;
	/* by admin: the level of the groups; -1 for the highest level
	 * number that has admin areas with polygons */
	int admin_level;
	/* also count submitted and verified records */
	int include_submitted;
	/* count only records of these organisations (what an operator's
	 * user may see: not the authority's records, which have none; ""
	 * stands for those, when the authority is chosen); NULL: every
	 * record */
	const char *const *orgs;
	size_t norgs;
	/* count only records in these admin areas: whose admin_area_uuid
	 * (set from their location) is one of them — the caller lists an
	 * area and every area within it.  A victim goes with its
	 * accident's area, a release linked to a hazard with its hazard's;
	 * records of entities with no admin area are not filtered.  NULL:
	 * wherever they are */
	const char *const *areas;
	size_t nareas;
	/* bulletin (required) and EORE (optional): the period, first and
	 * last day included, YYYY-MM-DD; NULL: no bound */
	const char *from, *to;
	/* equipment: one row an item instead of counts */
	int list;
} mais_report_opts;

/* Fills opts with the defaults: by admin, level -1, approved only. */
void mais_report_opts_init(mais_report_opts *opts);

/* ------------------------------------------------------------------ */
/* Land release.                                                        */

/*
 * One row of the land release report.  For a hazard,
 *     hazard area = cancelled + reduced + cleared (within it) + remaining.
 * Areas in m².
 */
typedef struct mais_lr_row {
	/* admin area name, year ("2021") or organisation name;
	 * "unassigned" (by year "unknown"); "total" */
	const char *group;
	/* the admin area or organisation; NULL for years, unassigned and
	 * total */
	const char *group_uuid;
	/* records counted in the row (by admin: by the record's
	 * admin_area_uuid, not clipped) */
	size_t hazards;
	size_t hazards_indication, hazards_sha, hazards_cha;
	size_t releases;
	/* area of the union of the hazard polygons, plus estimated_area_m2
	 * of hazards with no polygon (by admin: the union clipped to the
	 * admin polygon; the estimates by assignment) */
	double hazard_area_m2;
	/* plain sum of each hazard's area (polygon area, or estimated
	 * area): larger than hazard_area_m2 when hazards overlap, never
	 * smaller but for the rounding of overlays.  By admin each polygon
	 * counts with its part within the admin polygon, and in the
	 * unassigned row with its part outside every admin polygon
	 * (clipped, like hazard_area_m2); the estimates by assignment.
	 * The total's is the sum of the whole polygons. */
	double hazard_area_sum_m2;
	/* per method: area of the union of the release polygons, plus the
	 * reported area_m2 of releases with no polygon */
	double cancelled_m2, reduced_m2, cleared_m2;
	/* released land lying outside every hazard (legacy releases with
	 * no hazard record), by method, and their sum */
	double outside_cancelled_m2, outside_reduced_m2, outside_cleared_m2;
	double released_outside_hazards_m2;
	/* land within hazards released by the releases of this row (by year:
	 * released that year; by organisation: by that organisation; by
	 * admin: where it lies, as cancelled_m2 ...), wherever the row of
	 * the hazard that owns it is; the work of the row, not its stock */
	double cancelled_by_releases_m2, reduced_by_releases_m2,
		cleared_by_releases_m2;
	/* sum of area_m2 of releases with no polygon (included above) */
	double released_by_number_m2;
	/* hazard_area_m2 minus the released area within hazard polygons
	 * minus number-only releases linked to the row's hazards; never
	 * below 0 */
	double remaining_m2;
} mais_lr_row;

typedef struct mais_lr_report {
	mais_report_by by;
	/* by admin: the level used (-1 if no admin area has a polygon:
	 * every record is then unassigned) */
	int admin_level;
	int include_submitted;
	/* groups, sorted by name (years ascending); by admin every admin
	 * area of the level with a polygon, even if all zero; by year and
	 * organisation only groups with records */
	size_t nrows;
	mais_lr_row *rows;
	/* 1 if the unassigned row is not all zero */
	int has_unassigned;
	/* records in no group; by admin also the polygon parts outside
	 * every admin area */
	mais_lr_row unassigned;
	/* over everything, dissolved over all */
	mais_lr_row total;
} mais_lr_report;

/* The land release report is computed by the one kernel (lr_report.h),
 * loaded by the use-case layer (svc_report_land_release); its rule and
 * groups are docs/land-release.md. */
void mais_lr_report_free(mais_lr_report *r);

/* The land the releases of row r released (m²): within hazards (the
 * row's work, *_by_releases_m2) and outside them (outside_*_m2), of one
 * method (MAIS_LR_CANCELLED, _REDUCED, _CLEARED of landrelease.h) or, -1,
 * of all.  By year: the land released that year — the one rule of the
 * dashboard's "released this year" and its chart of land released by
 * year. */
double mais_lr_row_released(const mais_lr_row *r, int method);

/* ------------------------------------------------------------------ */
/* Explosive ordnance.                                                  */

typedef struct mais_eo_row {
	/* code of vocabulary eo_category; "total" */
	const char *eo_category;
	/* code of eo_fate, "unknown" when not given; "total" */
	const char *fate;
	int64_t items;	/* sum of quantity */
	size_t records; /* eo_item records */
} mais_eo_row;

typedef struct mais_eo_report {
	int include_submitted;
	/* one per category and fate that has records, in vocabulary
	 * order */
	size_t nrows;
	mais_eo_row *rows;
	mais_eo_row total;
} mais_eo_report;

/* EO items found, by category and fate.  opts->by and admin_level are
 * ignored.  Codes are static strings of the vocabularies. */
int mais_report_eo(const mais_source *src, const mais_report_opts *opts,
		   mais_eo_report **out);

void mais_eo_report_free(mais_eo_report *r);

/* ------------------------------------------------------------------ */
/* Casualties.                                                          */

typedef struct mais_cas_row {
	/* year of the accident_date of the victim's accident, else of the
	 * accident's info_date, else of the victim's info_date, else
	 * "unknown"; "total" */
	const char *year;
	/* codes of their vocabularies, or "unknown"; the age group is the
	 * age_band if set, else the band of the age (age_0_9, age_10_17,
	 * age_18_45, age_46_plus) */
	const char *outcome, *sex, *age_group, *victim_role;
	/* eo_category of the victim's accident, or "unknown" */
	const char *eo_category;
	size_t victims;
	size_t accidents; /* distinct accidents of these victims */
} mais_cas_row;

typedef struct mais_cas_report {
	int include_submitted;
	/* years ascending ("unknown" last), then the vocabulary order of
	 * each field */
	size_t nrows;
	mais_cas_row *rows;
	/* victims; accidents = distinct accidents of the counted victims */
	mais_cas_row total;
	/* every counted accident record, with victims or not */
	size_t accidents;
} mais_cas_report;

/* Victims by year, outcome, sex, age group, role and EO category.  A victim
 * counts by its own status; its year comes from its accident.  opts->by and
 * admin_level are ignored. */
int mais_report_casualties(const mais_source *src, const mais_report_opts *opts,
			   mais_cas_report **out);

void mais_cas_report_free(mais_cas_report *r);

/* ------------------------------------------------------------------ */
/* Operational bulletin, EORE reach, equipment (report_ops.c).          */

/*
 * One row of the operational bulletin.  EO items (sum of quantity) by
 * group of eo_category: AP = ap_mine; AT = at_mine; UXO = uxo, axo and
 * submunition; other = every other category (ied, booby_trap,
 * small_arms_ammunition, other, unknown).  "found" is every counted item;
 * "destroyed" those whose fate is destroyed_in_situ or transported (for
 * destruction: destroyed after removal).
 */
typedef struct mais_bulletin_row {
	/* admin area or organisation name; "unassigned"; "total" */
	const char *group;
	const char *group_uuid; /* NULL for unassigned and total */
	int64_t ap_found, ap_destroyed;
	int64_t at_found, at_destroyed;
	int64_t uxo_found, uxo_destroyed;
	int64_t other_found, other_destroyed;
	/* sum of area_m2 of releases with method cleared */
	double cleared_m2;
	/* cleared_m2 / 10,000 rounded to 2 decimals */
	double cleared_ha;
	/* activities of type eod_spot_task */
	size_t spot_tasks;
} mais_bulletin_row;

typedef struct mais_bulletin_report {
	mais_report_by by; /* admin or organisation */
	int include_submitted;
	const char *from, *to; /* the report's own copies */
	/* groups with records in the period, by name; unassigned last */
	size_t nrows;
	mais_bulletin_row *rows;
	mais_bulletin_row total;
} mais_bulletin_report;

/*
 * The bulletin of the period opts->from .. opts->to (both required, days
 * included): EO items by found_date, cleared land by release_date, spot
 * tasks by start_date, each else by info_date (a record with neither is
 * outside every period).  Grouped by opts->by: admin (the record's own
 * admin_area_uuid, any level) or organisation (its organisation_uuid).
 * MAIS_EINVAL for another grouping or a bad period.
 */
int mais_report_bulletin(const mais_source *src, const mais_report_opts *opts,
			 mais_bulletin_report **out);

void mais_bulletin_report_free(mais_bulletin_report *r);

/* One row of EORE reach: sums over the sessions of the group. */
typedef struct mais_eore_row {
	/* admin area name or method code; "unassigned"; "total" */
	const char *group;
	const char *group_uuid; /* admin areas only */
	size_t sessions;
	int64_t girls, boys, women, men;
	int64_t total; /* girls + boys + women + men */
	int64_t disabilities;
	int64_t age_0_9, age_10_17, age_18_45, age_46_plus;
} mais_eore_row;

typedef struct mais_eore_report {
	mais_report_by by; /* admin or method */
	int include_submitted;
	size_t nrows; /* admin: by name; method: vocabulary order */
	mais_eore_row *rows;
	mais_eore_row total;
} mais_eore_report;

/* EORE sessions and people reached, by opts->by admin (admin_area_uuid)
 * or method; with opts->from / to only sessions whose session_date (else
 * info_date) lies in the period.  A value not given counts 0. */
int mais_report_eore(const mais_source *src, const mais_report_opts *opts,
		     mais_eore_report **out);

void mais_eore_report_free(mais_eore_report *r);

/* Equipment counted by type and status ("unknown" when not given). */
typedef struct mais_equip_row {
	const char *equipment_type, *status; /* "total" in the total */
	size_t items;
} mais_equip_row;

/* One item of the register; names of the donor and team looked up (the
 * uuid when the organisation is not found), NULL when not given. */
typedef struct mais_equip_item {
	const char *uuid, *equipment_type, *name, *make, *model, *serial;
	const char *donor, *received_date, *status, *team;
} mais_equip_item;

typedef struct mais_equip_report {
	int include_submitted;
	int list;     /* opts->list: items filled, else rows */
	size_t nrows; /* type × status with items, vocabulary order */
	mais_equip_row *rows;
	mais_equip_row total;
	size_t nitems; /* by type (vocabulary order), then serial */
	mais_equip_item *items;
} mais_equip_report;

int mais_report_equipment(const mais_source *src, const mais_report_opts *opts,
			  mais_equip_report **out);

void mais_equip_report_free(mais_equip_report *r);

/* ------------------------------------------------------------------ */
/* One hazard's account (mais report hazard).                           */

/*
 * The land release account of one hazard as shown (docs/land-release.md):
 * every area in m² rounded to the cm² (2 decimals), and remaining_m2
 * computed from the rounded parts, so that the shown figures keep
 * original = cancelled + reduced + cleared + remaining exactly.  Filled
 * by the use-case layer from the one kernel (src/service/report.c).
 */
typedef struct mais_hazard_report {
	char uuid[37];
	char reference[64]; /* "" when none */
	char status[32];    /* hazard_status, "" when none */
	double polygon_m2;  /* its whole polygon, or estimated_area_m2 */
	double polygon_remaining_m2; /* of the whole polygon, after every
					approved release on it: what decides
					when it closes (landrelease.h) */
	double original_m2; /* the land it owns (docs/land-release.md): its
			       polygon less what earlier hazards own */
	double cancelled_m2, reduced_m2, cleared_m2, remaining_m2;
	double number_m2; /* released as numbers only (in the above) */
	size_t releases;  /* releases counted */
	int has_polygon;
	int include_submitted;
} mais_hazard_report;

void mais_hazard_report_free(mais_hazard_report *r);

/* 1 if an EO item of this fate counts as destroyed in every report:
 * destroyed in situ, or transported for destruction (the vocabulary has
 * no separate "destroyed after removal"). */
int mais_report_eo_destroyed(const char *fate);

/* 1 if a record of organisation org (NULL: the authority's) counts under
 * opts: always when opts->orgs is NULL, else when org is one of them
 * ("" in opts->orgs for NULL). */
int mais_report_org_counts(const mais_report_opts *opts, const char *org);

/* 1 if a record in admin area `area` (NULL: none) counts under opts:
 * always when opts->areas is NULL, else when area is one of them. */
int mais_report_area_counts(const mais_report_opts *opts, const char *area);

/* 1 if record r counts under opts: its status, its organisation when
 * opts names some, and its admin area when opts names some and r's
 * entity has one (internal to the reports, shared by them). */
int mais_report_counts(const mais_report_opts *opts, const mais_record *r);

#ifdef __cplusplus
}
#endif
#endif
