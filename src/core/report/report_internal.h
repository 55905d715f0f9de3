/*
 * report_internal.h — what the reports of src/core/report/ share
 * (internal, not public API): small readers of a record's values
 * (common.c), the period of a report, and the grouping of records by a key
 * that the bulletin and EORE reach use (groups.c).  Written once here so
 * that no report keeps its own copy.
 */
#ifndef MAIS_CORE_REPORT_INTERNAL_H
#define MAIS_CORE_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "mais/report.h"
#include "mais/vocab.h"

/* The index of code in v; v->count when code is NULL or not in v (and 0
 * when v is NULL). */
size_t mais_report__vocab_index(const mais_vocab *v, const char *code);

/* s (NULL: "") into dst of len bytes, cut to fit. */
void mais_report__copy(char *dst, size_t len, const char *s);

/* An integer column of r; 0 when not given. */
int64_t mais_report__int(const mais_record *r, const char *column);

/* The record's date column, else its info_date; NULL when neither. */
const char *mais_report__date(const mais_record *r, const char *column);

/* 1 if date (YYYY-MM-DD) lies in the period of o (from, to included); a
 * record with no date lies in no bounded period. */
int mais_report__in_period(const mais_report_opts *o, const char *date);

/* The period of o: required or not, YYYY-MM-DD, from <= to.
 * MAIS_EINVAL naming what is wrong. */
int mais_report__check_period(const mais_report_opts *o, int required);

/* The checks of a grouped report on entry (bulletin, EORE): source,
 * options and output given, by admin or by `other`, and the period
 * (required or not).  MAIS_EINVAL naming the report `name`. */
int mais_report__check_call(const mais_source *src,
			    const mais_report_opts *opts, const void *out,
			    const char *name, mais_report_by other,
			    int period_required);

/* ------------------------------------------------------------------ */
/* Groups (groups.c).                                                   */

enum { MAIS_REPORT__NV = 12 }; /* counters a group holds */

typedef struct mais_report__grp {
	char *key;    /* uuid or code; NULL: unassigned */
	char *name;   /* display name (malloc'd) */
	size_t order; /* by a vocabulary: the code's index */
	int64_t v[MAIS_REPORT__NV];
	double area;
} mais_report__grp;

typedef struct mais_report__groups {
	mais_report__grp *g;
	size_t n, cap;
} mais_report__groups;

/* The group of key (NULL: unassigned), added on first sight; NULL (and
 * the error set) when out of memory. */
mais_report__grp *mais_report__group(mais_report__groups *gs, const char *key);

/*
 * Names every group and sorts them: by the name column of the record of
 * `entity` whose uuid is the key (the uuid itself when there is no such
 * record, or it has no name), or, entity NULL, by the key as a code of
 * vocabulary v (in v's order); unassigned last.  The source's errors
 * (MAIS_ESTORE, MAIS_ENOMEM) are passed up, never swallowed.
 */
int mais_report__name_groups(const mais_source *src, mais_report__groups *gs,
			     const char *entity, const mais_vocab *v);

void mais_report__groups_free(mais_report__groups *gs);

/* *out: the name column of the record of entity with this uuid, else the
 * uuid (malloc'd); NULL when uuid is NULL.  Errors of the source other
 * than MAIS_ENOTFOUND are returned, never cleared. */
int mais_report__name_of(const mais_source *src, const char *entity,
			 const char *uuid, char **out);

#endif
