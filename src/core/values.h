/*
 * values.h — canonical text of a value of each column type (internal).
 */
#ifndef MAIS_CORE_VALUES_H
#define MAIS_CORE_VALUES_H

#include <stddef.h>
#include "mais/schema.h"

/* Checks `in` against column c's type and writes its canonical text to
 * *out (caller frees).  MAIS_EINVAL with the reason (no field name: the
 * caller prefixes it), MAIS_ELIMIT if too long. */
int mais_value_canonical(const mais_column *c, const char *in, char **out);

/* 1 if s (len bytes) is well-formed UTF-8 with no NUL, else 0. */
int mais_utf8_valid(const char *s, size_t len);

/* 1 if s is a valid ISO 8601 calendar date YYYY-MM-DD (real day). */
int mais_date_valid(const char *s);

#endif
