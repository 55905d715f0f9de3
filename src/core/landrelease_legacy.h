/*
 * landrelease.h — the land release accounting rule of DESIGN.md, per
 * hazard: original = cancelled + reduced + cleared + remaining, in m²,
 * where the released parts are the release polygons clipped to the
 * hazard, overlaps counted once, and releases given only as a number
 * count with that number.  The store runs mais_landrelease_check before
 * it writes a land release linked to a hazard; a release that would
 * release more than remains, is dated in the future or before the hazard
 * was recorded, or releases a closed or handed-over hazard is refused,
 * and the release that leaves nothing closes its hazard.
 *
 * Attribution of overlaps: the releases of a hazard are taken in the
 * order they were stored (their references); the part of a release
 * polygon already released by an earlier one counts for the earlier one
 * (first release wins), whatever the methods.  Rejected releases do not
 * count; every other workflow status does (a draft release is already
 * land that the operator says is released).
 *
 * A point hazard (or one with no polygon) has estimated_area_m2 as its
 * original area; its release polygons cannot be clipped and count with
 * the area of their union.
 *
 * Tolerance: a release may exceed what remains, and a hazard is closed
 * when what remains is under, max(0.5 m², 0.01 % of the original area)
 * (MAIS_LR_TOLERANCE_*): rounding of surveyed areas, not land.
 */
#ifndef MAIS_LANDRELEASE_LEGACY_H
#define MAIS_LANDRELEASE_LEGACY_H
/* LEGACY: the store-side accounting, kept only until the write path calls
 * src/service/lr.h; removed then. */

#include "mais/landrelease.h"
#include "mais/store.h"

#ifdef __cplusplus
extern "C" {
#endif




/* Computes the accounting of the hazard with this UUID from the stored
 * releases.  MAIS_ENOTFOUND if there is no such hazard. */
int mais_landrelease_account(mais_store *s, const char *hazard_uuid,
			     mais_lr_account *out);

/* What the store must write beside a checked release. */
typedef struct mais_lr_effect {
	mais_record *close_hazard; /* the hazard to store with hazard_status
				      "closed" (owned: the caller frees it),
				      or NULL */
	int clipped;		   /* 1: the geometry was clipped to the
				      hazard; flag it with `message` */
	char message[256];
} mais_lr_effect;


/*
 * Checks a prepared land release r about to be inserted or updated in s
 * (inside the write's transaction), and clips its polygon to its hazard
 * (the geometry as given is kept as the record's original geometry, which
 * the version stores).  Does nothing for a release with no hazard_uuid
 * except refuse a release_date in the future.  MAIS_EINVAL, with a
 * message naming the field, when the release is refused; *fx says what
 * else to write (see mais_lr_effect).
 */
int mais_landrelease_check(mais_store *s, mais_record *r, mais_lr_effect *fx);

#ifdef __cplusplus
}
#endif
#endif
