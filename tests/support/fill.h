/*
 * fill.h — test support: stores one record of every entity of the data
 * dictionary, every column given a value of its type, so that tests and
 * GeoPackage validators see every table and every column type with data.
 */
#ifndef MAIS_TEST_FILL_H
#define MAIS_TEST_FILL_H

#include "mais/mais.h"

/* Stores r through the write path of the use-case layer, as the CLI's
 * administrator (rules and effects included): svc_create. */
int fill_create(mais_store *s, mais_record *r, const mais_actor *who);

/* Inserts one record of each entity (in dictionary order, so references
 * point to records stored before).  Returns 0 or the first error. */
int fill_every_entity(mais_store *s, const mais_actor *who);

/* A value of column c's type (static or in buf); NULL for a reference
 * with no target yet. */
const char *fill_value(mais_store *s, const mais_column *c, char *buf,
		       size_t len);

#endif
