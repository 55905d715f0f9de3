/*
 * import_policy.h — the policy of a user's import, checked once before
 * any feature is read (internal to src/service): what the profile (or the
 * form's kind, map and set lines) would make must be the user's to make.
 * Each record is checked again as it is written (write.h); this check
 * refuses the import whole, up front, with the line to blame.
 *
 * Errors: MAIS_EFORBIDDEN (a kind the user may not import, a map line
 * for organisation_uuid, a set line naming an organisation outside the
 * user's), MAIS_EINVAL (a set line's reference to a record that does
 * not exist or the user may not read: "ENTITY.COLUMN: no TARGET with
 * UUID X"), the store's errors.
 */
#ifndef MAIS_SERVICE_IMPORT_POLICY_H
#define MAIS_SERVICE_IMPORT_POLICY_H

#include "io/profile.h"
#include "service/write.h"

/* 0 if c->who may run an import of profile p storing records of
 * status (NULL: approved). */
int svc_import_allowed(svc_ctx *c, const imp_profile *p, const char *status);

#endif
