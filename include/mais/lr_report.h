/*
 * lr_report.h — the land release report computed by the one kernel
 * (landrelease.h), cluster by cluster, so that it never holds every
 * geometry of the database at once (docs/land-release.md, "Groups").
 *
 *     mais_lr_tally_new     the groups: admin areas of a level (their
 *                           polygons are the kernel's zones), years,
 *                           organisations or land uses
 *     mais_lr_tally_add     one cluster of items (mais_lr_clusters)
 *     mais_lr_tally_finish  the rows, sorted, and their total (the sum of
 *                           the rows, so that rows add up exactly)
 *
 * Pure: admin areas and organisation names are read through a
 * mais_source.  The caller chooses which records count (workflow status,
 * organisation scope) by what it passes.
 *
 * Ownership: the tally is the caller's until mais_lr_tally_finish, which
 * frees it (also on error) and gives a report freed with
 * mais_lr_report_free.  Items stay the caller's.
 * Errors: MAIS_EINVAL (a grouping the report has not), MAIS_ENOMEM,
 * MAIS_EGEOM, the source's errors.
 */
#ifndef MAIS_LR_REPORT_H
#define MAIS_LR_REPORT_H

#include "mais/landrelease.h"
#include "mais/report.h"
#include "mais/source.h"

typedef struct mais_lr_tally mais_lr_tally;

int mais_lr_tally_new(mais_lr_tally **out, const mais_report_opts *opts,
		      const mais_source *src);
int mais_lr_tally_add(mais_lr_tally *t, const mais_lr_item *items, size_t n);
int mais_lr_tally_finish(mais_lr_tally *t, mais_lr_report **out);
void mais_lr_tally_free(mais_lr_tally *t);

#endif
