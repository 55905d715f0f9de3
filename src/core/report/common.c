/*
 * common.c — what the reports of report.h share: the default options, the
 * names of the groupings, which workflow statuses count (approved only,
 * or with the option also submitted and verified; drafts and rejected
 * records never), which EO fates count as destroyed, the readers of
 * values and periods of report_internal.h, and the free of the one
 * report made of plain values (a hazard's account).  Dates are ISO
 * YYYY-MM-DD, so a period test is a string comparison.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"
#include "mais/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mais_report_opts_init(mais_report_opts *opts)
{
	opts->by = MAIS_REPORT_BY_ADMIN;
	opts->admin_level = -1;
	opts->include_submitted = 0;
	opts->orgs = NULL;
	opts->norgs = 0;
	opts->areas = NULL;
	opts->nareas = 0;
	opts->from = opts->to = NULL;
	opts->list = 0;
}

const char *mais_report_by_name(mais_report_by by)
{
	switch (by) {
	case MAIS_REPORT_BY_ADMIN:
		return "admin";
	case MAIS_REPORT_BY_YEAR:
		return "year";
	case MAIS_REPORT_BY_ORGANISATION:
		return "organisation";
	case MAIS_REPORT_BY_METHOD:
		return "method";
	case MAIS_REPORT_BY_LAND_USE:
		return "land_use";
	}
	return "unknown";
}

static int status_counts(const mais_report_opts *opts, const char *status)
{
	if (!status)
		return 0;
	if (!strcmp(status, "approved"))
		return 1;
	return opts->include_submitted &&
	       (!strcmp(status, "submitted") || !strcmp(status, "verified"));
}

int mais_report_org_counts(const mais_report_opts *opts, const char *org)
{
	if (!opts->orgs)
		return 1;
	for (size_t i = 0; i < opts->norgs; i++)
		if (!strcmp(org ? org : "", opts->orgs[i]))
			return 1;
	return 0;
}

int mais_report_eo_destroyed(const char *fate)
{
	return fate && (!strcmp(fate, "destroyed_in_situ") ||
			!strcmp(fate, "transported"));
}

int mais_report_area_counts(const mais_report_opts *opts, const char *area)
{
	if (!opts->areas)
		return 1;
	for (size_t i = 0; area && i < opts->nareas; i++)
		if (!strcmp(area, opts->areas[i]))
			return 1;
	return 0;
}

/* 1 if r lies where opts counts (entities with no admin area: always). */
static int place_counts(const mais_report_opts *opts, const mais_record *r)
{
	if (!opts->areas ||
	    !mais_schema_column(mais_record_entity(r), "admin_area_uuid", NULL))
		return 1;
	return mais_report_area_counts(opts,
				       mais_record_get(r, "admin_area_uuid"));
}

int mais_report_counts(const mais_report_opts *opts, const mais_record *r)
{
	return status_counts(opts, mais_record_get(r, "status")) &&
	       mais_report_org_counts(
		       opts, mais_record_get(r, "organisation_uuid")) &&
	       place_counts(opts, r);
}

void mais_hazard_report_free(mais_hazard_report *r)
{
	free(r);
}

void mais_report__copy(char *dst, size_t len, const char *s)
{
	snprintf(dst, len, "%s", s ? s : "");
}

size_t mais_report__vocab_index(const mais_vocab *v, const char *code)
{
	const mais_code *c;

	if (!v)
		return 0;
	c = code ? mais_vocab_lookup(v, code) : NULL;
	return c ? (size_t)(c - v->codes) : v->count;
}

int64_t mais_report__int(const mais_record *r, const char *column)
{
	const char *v = mais_record_get(r, column);

	return v ? strtoll(v, NULL, 10) : 0;
}

const char *mais_report__date(const mais_record *r, const char *column)
{
	const char *d = mais_record_get(r, column);

	return d ? d : mais_record_get(r, "info_date");
}

int mais_report__in_period(const mais_report_opts *o, const char *date)
{
	if (!o->from && !o->to)
		return 1;
	if (!date)
		return 0;
	return (!o->from || strncmp(date, o->from, 10) >= 0) &&
	       (!o->to || strncmp(date, o->to, 10) <= 0);
}

static int is_date(const char *d)
{
	static const char shape[] = "dddd-dd-dd";

	if (!d || strlen(d) != 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != '-')
			return 0;
	return 1;
}

int mais_report__check_period(const mais_report_opts *o, int required)
{
	if (required && (!o->from || !o->to))
		return mais_error_set(MAIS_EINVAL,
				      "report: give the period (from, to)");
	if ((o->from && !is_date(o->from)) || (o->to && !is_date(o->to)))
		return mais_error_set(MAIS_EINVAL,
				      "report: the period is YYYY-MM-DD");
	if (o->from && o->to && strcmp(o->from, o->to) > 0)
		return mais_error_set(MAIS_EINVAL,
				      "report: the period ends before it "
				      "starts");
	return 0;
}

int mais_report__check_call(const mais_source *src,
			    const mais_report_opts *opts, const void *out,
			    const char *name, mais_report_by other,
			    int period_required)
{
	if (!src || !opts || !out)
		return mais_error_set(MAIS_EINVAL,
				      "%s: no source, options or output", name);
	if (opts->by != MAIS_REPORT_BY_ADMIN && opts->by != other)
		return mais_error_set(MAIS_EINVAL, "%s: by admin or %s", name,
				      mais_report_by_name(other));
	return mais_report__check_period(opts, period_required);
}
