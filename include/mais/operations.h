/*
 * operations.h — rules of operational records that need other records
 * (internal to the store's write path, public for tests).
 *
 * Handover (IMAS 07.11): a completion activity hands over the land of its
 * hazard; the hazard must have nothing left to release, and becomes
 * "handed_over" (a version of its own, in the same transaction).
 *
 * Survivors are entered once (issue: "survivors are linked to their
 * accident, never entered twice"): a victim whose given and family names
 * match, without case or accents, a victim already recorded for the same
 * accident is refused, naming the record it repeats.
 *
 * Ownership: *hazard_out is the caller's (mais_record_free).
 * Errors: MAIS_EINVAL naming the field; store errors as they come.
 */
#ifndef MAIS_OPERATIONS_H
#define MAIS_OPERATIONS_H

#include "mais/store.h"

/* For an activity of type "completion" linked to a hazard: refuses it
 * while the hazard has area left to release (more than the accounting
 * tolerance) or is handed over already; else *hazard_out is the hazard
 * to store with hazard_status "handed_over".  Other records: *hazard_out
 * NULL, 0. */
int mais_handover_check(mais_store *s, const mais_record *activity,
			mais_record **hazard_out);

/* For a victim with an accident and names: refuses a repeat (above). */
int mais_victim_check(mais_store *s, const mais_record *victim);

#endif
