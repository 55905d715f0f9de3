/*
 * lr.h — land release in the use-case layer: what a write of a release
 * and a hazard's account need from the store, computed by the one kernel
 * of the core (docs/land-release.md).
 *
 * Which releases count: for the check of a release being written, every
 * release that is submitted, verified or approved (so two submitted
 * releases cannot each claim the whole remainder); for an account
 * (reports, the hazard's page, the effects of an approval) the approved
 * ones, or with SVC_LR_SUBMITTED also the submitted and verified ones.
 *
 * Errors: MAIS_EINVAL naming the field when a release is refused,
 * MAIS_ENOTFOUND (no such hazard), MAIS_EGEOM (an overlay failed), the
 * store's errors.
 */
#ifndef MAIS_SERVICE_LR_H
#define MAIS_SERVICE_LR_H

#include "mais/landrelease.h"
#include "mais/store.h"

/* Which releases an account counts. */
enum { SVC_LR_APPROVED = 0, SVC_LR_SUBMITTED = 1 };

/* The account of one hazard (m²), counting releases as `which` says. */
int svc_lr_account(mais_store *s, const char *hazard_uuid, int which,
		   mais_lr_account *out);

/*
 * Checks the prepared land release r before it is written in the open
 * transaction of s: refused (MAIS_EINVAL, nothing written) when it
 * releases more than remains of its hazard (counting the other submitted,
 * verified and approved releases), is dated before the hazard was
 * recorded, or releases a hazard that is not active.  Its polygon is
 * clipped to its hazard's (the polygon as given kept as the original of
 * the version); *clipped_msg is then set ("" when not clipped) for the
 * flag MAIS_LR_CLIPPED_RULE.  A draft or rejected release, or one with no
 * hazard, is checked for its hazard's state only.  Closes nothing: a
 * hazard closes when the release that empties it is approved.
 */
int svc_lr_check(mais_store *s, mais_record *r, char clipped_msg[256]);

#endif
