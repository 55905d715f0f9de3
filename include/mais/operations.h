/*
 * operations.h — rules of operational records that need other records,
 * pure: the use-case layer (src/service/write.c) loads what a rule needs
 * and passes it here, then stores what the rule decided.
 *
 * Handover (IMAS 07.11): a completion activity hands over the land of its
 * hazard.  When written (submitted or approved), the hazard must not be
 * handed over already and must have nothing left to release counting
 * every release that is submitted, verified or approved; the hazard is
 * handed over only when the completion is *approved* and the approved
 * releases leave nothing (within the accounting tolerance).
 *
 * Victims: identical casualty rows are separate people, never merged;
 * a victim whose given and family names match, without case or accents,
 * another victim of the same accident is stored and flagged
 * (MAIS_VICTIM_DUPLICATE_RULE) as a possible duplicate, not refused.
 *
 * Areas: a stated area (a hazard's estimated_area_m2, a release's
 * reported area_m2) more than MAIS_AREA_MISMATCH_FACTOR times larger or
 * smaller than the geodesic area of the record's own polygon is flagged
 * (MAIS_AREA_MISMATCH_RULE), not refused: a figure in hectares or km²
 * read as m² is 10^4 or 10^6 off and would otherwise pass unseen.
 *
 * Errors: MAIS_EINVAL naming the field; MAIS_ENOMEM; name keys'
 * errors (admin.h, mais_name_key).
 */
#ifndef MAIS_OPERATIONS_H
#define MAIS_OPERATIONS_H

#include <stddef.h>
#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MAIS_VICTIM_DUPLICATE_RULE "possible_duplicate"
#define MAIS_AREA_MISMATCH_RULE "area_mismatch"
#define MAIS_AREA_MISMATCH_FACTOR 10.0

/* 1 if activity is a completion linked to a hazard, else 0. */
int mais_handover_applies(const mais_record *activity);

/* Checks the completion activity against its hazard, given what remains
 * of the hazard (m²) and the accounting tolerance (m²): MAIS_EINVAL when
 * the hazard is handed over already or more than tolerance remains. */
int mais_handover_check(const mais_record *activity,
			const mais_record *hazard, double remaining_m2,
			double tolerance_m2);

/* Sets hazard_status "handed_over" and a status_reason naming the
 * completion (its reference). */
int mais_handover_apply(mais_record *hazard, const mais_record *activity);

/* A hazard's status is the result of acts, not a field a person types
 * (IMAS 07.11): it closes when the release that empties it is approved,
 * is handed over by an approved completion, and is reopened by an
 * approver with a reason.  So a write of hazard r (old: its stored
 * version, NULL for a new one) may not change hazard_status, and a new
 * hazard is active — but for the system principal (an administrator's
 * import of legacy hazards, closed or handed over long ago).  MAIS_EINVAL
 * naming hazard.hazard_status; 0 for any other record. */
int mais_hazard_status_check(const mais_record *old, const mais_record *r,
			     int system);

/* The name keys of a victim's given and family names, for comparing
 * (both "" when either name is missing: nothing to compare). */
typedef struct mais_victim_names {
	char given[256], family[256];
} mais_victim_names;

int mais_victim_names_of(const mais_record *victim, mais_victim_names *out);

/* 1 if other is another record than victim (by uuid) with the same
 * non-empty name keys (names: victim's), 0 if not, or the error of
 * other's name keys. */
int mais_victim_same_person(const mais_record *victim,
			    const mais_victim_names *names,
			    const mais_record *other);

/* 1, with a message naming the field written to msg (len bytes), when r
 * states an area (estimated_area_m2, or area_m2 where it is not computed
 * by the system) that differs from the geodesic area (m², WGS 84) of
 * r's polygon by more than MAIS_AREA_MISMATCH_FACTOR times either way; 0
 * when they agree, or r states no area or has no polygon. */
int mais_area_mismatch(const mais_record *r, char *msg, size_t len);

#ifdef __cplusplus
}
#endif
#endif
