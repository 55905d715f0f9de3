/*
 * eo_model.h — EO items checked against the reference list of EO models
 * (the eo_model entity, data/eo-models.csv).  An eo_item whose eo_model
 * names a known model (compared without regard to case) of another
 * eo_category is stored with the flag MAIS_EO_MODEL_CATEGORY_RULE, not
 * refused: the list may be wrong or incomplete.
 */
#ifndef MAIS_EO_MODEL_H
#define MAIS_EO_MODEL_H

#include <stddef.h>

#include "mais/record.h"
#include "mais/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MAIS_EO_MODEL_CATEGORY_RULE "eo_model_category"

/* Checks the eo_item r against the eo_model records of s: *flag set to 1
 * with message (a sentence naming eo_category and the categories known
 * for the model) when the model is known only under other categories,
 * else 0.  Does nothing for another entity or an item with no model. */
int mais_eo_model_check(mais_store *s, const mais_record *r, int *flag,
			char *message, size_t len);

#ifdef __cplusplus
}
#endif
#endif
