/*
 * eo_model.h — EO items checked against the reference list of EO models
 * (the eo_model entity, data/eo-models.csv).  An eo_item whose eo_model
 * names a known model (compared without regard to case) of another
 * eo_category is stored with the flag MAIS_EO_MODEL_CATEGORY_RULE, not
 * refused: the list may be wrong or incomplete.
 *
 * Pure: the use-case layer starts a look for the item, adds every
 * eo_model record it reads, and asks for the finding.  Records added are
 * only read during the call; the look keeps no pointer to them.
 */
#ifndef MAIS_EO_MODEL_H
#define MAIS_EO_MODEL_H

#include <stddef.h>

#include "mais/record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MAIS_EO_MODEL_CATEGORY_RULE "eo_model_category"

typedef struct mais_eo_model_look {
	char model[128], category[64];
	int known, same;
	char others[160]; /* the other categories listed for the model */
} mais_eo_model_look;

/* Starts a look for the eo_item r: 1 when there is something to check
 * (an eo_item with a model and a category), else 0. */
int mais_eo_model_start(mais_eo_model_look *l, const mais_record *r);

/* Adds one eo_model record (a rejected one counts for nothing). */
void mais_eo_model_add(mais_eo_model_look *l, const mais_record *model);

/* 1 with message (a sentence naming eo_category and the categories known
 * for the model) when the model is known only under other categories,
 * else 0. */
int mais_eo_model_finding(const mais_eo_model_look *l, char *message,
			  size_t len);

#ifdef __cplusplus
}
#endif
#endif
