/*
 * import.h — the import engine: files of any format GDAL reads, mapped to
 * records of the data dictionary and stored, losing nothing.
 *
 * Every feature read is either stored or rejected with a reason naming
 * the file, layer, feature index, field and rule: read = stored +
 * rejected, always.  Invalid polygons are repaired and counted; exact
 * duplicate geometries within an import are stored, flagged and listed;
 * records are assigned to admin areas (points by containment, polygons by
 * largest overlap, or by name when a profile says so) and those outside
 * every admin area are counted as unassigned.  Re-running an import stores
 * nothing twice: each feature's key is (SHA-256 of every file the
 * dataset is read from, of the profile and of how it is read, layer,
 * feature index, profile output).
 *
 * A profile (JSON, see docs/import-profiles.md) maps source fields to
 * columns and may make several records of one feature or route features
 * to kinds by the value of a field.
 *
 * Records are stored through the one write path of the use-case layer
 * (src/service/write.h): the same policy, rules, admin areas and effects
 * as a record entered in a form.
 *
 * Ownership: summaries are the caller's.
 */
#ifndef MAIS_IMPORT_H
#define MAIS_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "mais/import_opts.h"
#include "mais/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Imports the files, each in one transaction, into s as `who`.  sum
 * accumulates over the files.  Returns 0 when every file was read (some
 * features may be rejected: see sum), or an error naming the file when
 * one could not be read at all (what was stored from earlier files stays).
 */
int mais_import(mais_store *s, const char *const *paths, size_t npaths,
		const mais_import_opts *opts, const mais_actor *who,
		mais_import_summary *sum);

#ifdef __cplusplus
}
#endif
#endif
