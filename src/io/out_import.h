/*
 * out_import.h — what an import says about itself: the rejects and flags
 * counted by rule and listed (the first MAIS_MAX_CHECK_LISTED), written
 * as the JSON summary of `mais import --format json` and of
 * POST /api/import, and optionally as a CSV report line by line.
 *
 * Use: mais_import_log_new(), point the import options' on_reject and
 * on_note at mais_import_log_reject / _note with the log as ctx, run
 * mais_import(), then mais_import_log_json().
 *
 * Ownership: the log is the caller's (mais_import_log_free, NULL
 * accepted); the CSV stream stays the caller's.  mais_import_log_json()
 * gives a new reference.
 */
#ifndef MAIS_IO_OUT_IMPORT_H
#define MAIS_IO_OUT_IMPORT_H

#include <jansson.h>
#include <stdio.h>
#include "mais/import_opts.h"

typedef struct mais_import_log mais_import_log;

/* A new log; csv (or NULL) gets a header now and a line per reject and
 * flag.  NULL when out of memory. */
mais_import_log *mais_import_log_new(FILE *csv);
void mais_import_log_free(mais_import_log *log);

/* Hides `prefix` (a temporary directory) at the start of the file names
 * written from now on: the server stores uploads under one. */
void mais_import_log_hide_prefix(mais_import_log *log, const char *prefix);

/* Callbacks of mais_import_opts (ctx is the log). */
void mais_import_log_reject(const mais_import_reject *r, void *ctx);
void mais_import_log_note(const mais_import_note *n, void *ctx);
void mais_import_log_crs(const mais_import_crs *c, void *ctx);

/* Each file's CRS and transformations, as on_crs said them: [{"file",
 * "layer", "crs", "name", "from", "transformations": [{"name",
 * "accuracy_m" (null when unknown), "ballpark", "features"}]}]
 * (borrowed). */
const json_t *mais_import_log_crs_list(const mais_import_log *log);

/* How many rejections mais_import_log_first_rejected keeps. */
#define MAIS_IMPORT_FIRST_REJECTED 5

/* The first MAIS_IMPORT_FIRST_REJECTED rejections other than empty rows
 * (which the summary counts on a line of their own), in the order they
 * came: [{file, layer, feature, field, rule, message}] (borrowed), for
 * the summary of a person who asked for no report. */
const json_t *mais_import_log_first_rejected(const mais_import_log *log);

/* Per rule: {"rejected": {rule: n}, "flagged": {rule: n}} (borrowed). */
const json_t *mais_import_log_by_rule(const mais_import_log *log);

/* The summary: the counts of sum (empty_rows among them),
 * rejected_by_rule, flagged_by_rule,
 * "listed" (outcome, file, layer, feature, reference, field, rule,
 * message) and "crs" (mais_import_log_crs_list). */
json_t *mais_import_log_json(const mais_import_log *log,
			     const mais_import_summary *sum);

#endif
