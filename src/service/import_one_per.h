/*
 * import_one_per.h — outputs made once per key in an import (internal to
 * src/service).  A profile output with "one_per" (a source field or a
 * template) makes its record for the first feature with each value; the
 * later features with that value use the record stored then (their links
 * point to it) and make none.  This is how a flat casualty table, one
 * row per victim with its event named in every row, becomes one accident
 * per event with its victims.  A feature whose key is null makes a record
 * of its own.
 *
 * The table covers every file of one import and learns the records that
 * an earlier run stored (from their import keys), so that a re-run links
 * as the first run did.
 *
 * Ownership: the table is the import's (imp_one_per_free, NULL
 * accepted); a uuid it returns is borrowed until the table is freed.
 */
#ifndef MAIS_SERVICE_IMPORT_ONE_PER_H
#define MAIS_SERVICE_IMPORT_ONE_PER_H

#include "io/import_internal.h"

typedef struct imp_one_per imp_one_per;

/* A new, empty table; MAIS_ENOMEM. */
int imp_one_per_new(imp_one_per **out);
void imp_one_per_free(imp_one_per *t);

/* The key of output number `output` (o) for feature f, into key (len
 * bytes): 1 when o has one_per and f's value of it is not null, 0 when
 * the output makes a record for every feature (key ""); MAIS_ENOTFOUND
 * naming a field the source lacks, MAIS_ELIMIT when the key is longer
 * than len. */
int imp_one_per_key(const imp_output *o, int output,
		    const mais_source_feature *f, char *key, size_t len);

/* The uuid of the record made for key, or NULL. */
const char *imp_one_per_find(const imp_one_per *t, const char *key);

/* Remembers uuid as the record of key; the first one remembered stays.
 * MAIS_ENOMEM. */
int imp_one_per_add(imp_one_per *t, const char *key, const char *uuid);

#endif
