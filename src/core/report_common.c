/*
 * report_common.c — what the reports of report.h share: the default
 * options, the names of the groupings, and which workflow statuses count
 * (approved only, or with the option also submitted and verified; drafts
 * and rejected records never).
 */
#include "mais/report.h"

#include <string.h>

void mais_report_opts_init(mais_report_opts *opts)
{
	opts->by = MAIS_REPORT_BY_ADMIN;
	opts->admin_level = -1;
	opts->include_submitted = 0;
	opts->orgs = NULL;
	opts->norgs = 0;
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

static int organisation_counts(const mais_report_opts *opts,
			       const char *org)
{
	if (!opts->orgs)
		return 1;
	for (size_t i = 0; org && i < opts->norgs; i++)
		if (!strcmp(org, opts->orgs[i]))
			return 1;
	return 0;
}

int mais_report_eo_destroyed(const char *fate)
{
	return fate && (!strcmp(fate, "destroyed_in_situ") ||
			!strcmp(fate, "transported"));
}

int mais_report_counts(const mais_report_opts *opts, const mais_record *r)
{
	return status_counts(opts, mais_record_get(r, "status")) &&
	       organisation_counts(opts, mais_record_get(r, "organisation_uuid"));
}
