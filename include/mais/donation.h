/*
 * donation.h — a donation of equipment is one record that creates the
 * assets (issue 5, item 6).  The store runs mais_donation_check before it
 * inserts a donation and mais_donation_assets once the donation's row is
 * written, in the same transaction, and inserts each asset like any
 * record (its own reference, version and audit entry).
 *
 * A donation of `quantity` items of equipment_type (make, model) creates
 * `quantity` equipment records with:
 *     equipment_type, make, model     as the donation's
 *     donor_uuid                      the donation's donor_uuid
 *     received_date                   the donation's donation_date
 *     equipment_status                in_store
 *     team_uuid                       null (not yet assigned)
 *     organisation_uuid               recipient_uuid, else the donation's
 *                                     organisation_uuid
 *     donation_uuid                   the donation
 *     serial                          the i-th serial of `serials`
 *     status                          the donation's workflow status
 * `serials` lists serial numbers separated by ';' or ',' (spaces around
 * them ignored, empty pieces skipped); when given, their number must be
 * quantity, else the donation is refused (naming serials) and nothing is
 * written.  An update of a donation changes no asset.
 */
#ifndef MAIS_DONATION_H
#define MAIS_DONATION_H

#include <stddef.h>

#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most assets one donation record may create. */
#define MAIS_DONATION_MAX_QUANTITY 10000

/* The equipment_status of a created asset. */
#define MAIS_DONATION_ASSET_STATUS "in_store"

/* Splits a serials text into its serial numbers: *out (caller frees each
 * and the array with mais_donation_serials_free), *count.  A NULL or
 * blank text gives none. */
int mais_donation_serials(const char *text, char ***out, size_t *count);
void mais_donation_serials_free(char **serials, size_t count);

/* Checks a prepared donation about to be inserted: quantity from 1 to
 * MAIS_DONATION_MAX_QUANTITY, and as many serials as quantity when
 * serials are given.  MAIS_EINVAL naming the field when refused. */
int mais_donation_check(const mais_record *donation);

/* The equipment records a stored donation (with its UUID) creates, not
 * yet stored: *out (caller frees each record and the array), *count. */
int mais_donation_assets(const mais_record *donation, mais_record ***out,
			 size_t *count);

#ifdef __cplusplus
}
#endif
#endif
