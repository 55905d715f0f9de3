/*
 * report.h — the reports in the use-case layer: THE report registry, and
 * each report computed over a store.
 *
 * The registry is one table (report_registry.c): for every report its
 * name, title, description, groupings and the options it takes, and one
 * function that computes it over a store (a source over the store handed
 * to the pure core, src/core/report/) into a sheet of src/io/out_report.c
 * (the sheet writer of the report, which also frees it).  From it come
 * `mais report KIND` and `mais help report` (src/cli/cmd_report.c), the
 * routes /api/reports/KIND (src/server/api_reports.c), the OpenAPI
 * document and docs/api-reference.md, and the table, CSV, JSON and XLSX
 * writers, which know only sheets.  Which report takes which option is
 * said here and nowhere else; every report takes include-submitted and
 * every output format.
 *
 * Options have one name each: "--rate-date" on the command line,
 * "rate_date" in a query (a '-' becomes '_').  Values are parsed and
 * checked here (svc_report_set, svc_report_check), so the command line
 * and HTTP refuse the same things with the same words.
 *
 * Ownership: the registry and options are static; strings of
 * svc_report_args are borrowed from the caller (argv, the request) and
 * must outlive the call; *out sheets are the caller's (mais_sheet_free).
 *
 * Errors: MAIS_EINVAL naming the option (a value refused, an option the
 * report does not take, a required one missing), MAIS_ENOTFOUND (no such
 * report or hazard), and the errors of the report and of the store.
 */
#ifndef MAIS_SERVICE_REPORT_H
#define MAIS_SERVICE_REPORT_H

#include "io/out_report.h"
#include "mais/donors.h"
#include "mais/report.h"
#include "mais/store.h"

/* The options of the reports, as bits of svc_report.takes / needs. */
enum {
	SVC_OPT_BY = 1u << 0,
	SVC_OPT_LEVEL = 1u << 1,
	SVC_OPT_FROM = 1u << 2,
	SVC_OPT_TO = 1u << 3,
	SVC_OPT_LIST = 1u << 4,
	SVC_OPT_CURRENCY = 1u << 5,
	SVC_OPT_RATE_DATE = 1u << 6,
	SVC_OPT_HAZARD = 1u << 7,
	SVC_OPT_SUBMITTED = 1u << 8, /* every report */
	SVC_OPT_ADMIN_AREA = 1u << 9,
	SVC_OPT_ORGANISATION = 1u << 10,
	SVC_OPT_YEAR = 1u << 11
};

/* What a report is computed with: the options, parsed. */
typedef struct svc_report_args {
	mais_report_opts o;    /* by, level, period, list, submitted, orgs */
	const char *currency;  /* donors: ISO 4217 code */
	mais_rate_match match; /* donors: which rate of a pledge's date */
	const char *hazard;    /* hazard: its reference or UUID */
	/* filters: an admin area (and those within it) and an organisation
	 * (and its teams), by reference or UUID; NULL: none.  The
	 * organisation narrows o.orgs (the user's scope), never widens it */
	const char *admin_area, *organisation;
	int year; /* headline: the year of "this year"; 0: today's */
	/* set by svc_report_sheet for the compute functions: the
	 * organisations the user sees (o.orgs before the organisation
	 * filter narrowed it; NULL: all) */
	const char *const *scope;
	size_t nscope;
} svc_report_args;

/* One option. */
typedef struct svc_report_option {
	unsigned id;	     /* SVC_OPT_* */
	const char *name;    /* "rate-date" (HTTP: "rate_date") */
	const char *type;    /* OpenAPI: "string", "integer", "boolean" */
	const char *metavar; /* "YYYY-MM-DD"; NULL: a flag (no value on the
				command line; 1 or 0 in a query) */
	int positional;	     /* command line: an argument after DB */
	const char *doc;     /* for people */
} svc_report_option;

/* One report of the registry. */
typedef struct svc_report {
	const char
		*name; /* "land-release": mais report NAME, /api/reports/NAME */
	const char *title; /* one line */
	const char *doc;   /* what it counts and how, for people */
	/* the groupings of --by, the first the default (nby 0: none) */
	mais_report_by by[4];
	size_t nby;
	unsigned takes; /* SVC_OPT_* it accepts beside SVC_OPT_SUBMITTED */
	unsigned needs; /* of those, the required ones */
	/* computes the report from s with a into sh (the sheet owns it) */
	int (*compute)(mais_store *s, const svc_report_args *a, mais_sheet *sh);
} svc_report;

/* The registry: *n reports, in the order people read them. */
const svc_report *svc_reports(size_t *n);

/* The report called name, or NULL. */
const svc_report *svc_report_find(const char *name);

/* Every option (*n of them), in the order of the help. */
const svc_report_option *svc_report_options(size_t *n);

/* The option called name ("rate-date" or "rate_date"), or NULL. */
const svc_report_option *svc_report_option_find(const char *name);

/* An option's name in a query into buf: "rate-date" is "rate_date". */
void svc_report_query_name(const char *name, char *buf, size_t len);

/* 1 if report r takes option o (include-submitted: every report). */
int svc_report_takes(const svc_report *r, const svc_report_option *o);

/* "admin (default), year or organisation": the groupings of r, into buf. */
void svc_report_by_doc(const svc_report *r, char *buf, size_t len);

/* The defaults of report r into a (its first grouping). */
void svc_report_args_init(const svc_report *r, svc_report_args *a);

/*
 * Sets option `name` of report r from text value (borrowed; a flag takes
 * NULL or "" for set, else "1", "0", "true" or "false").  MAIS_EINVAL
 * with a message naming the option when there is no such option, r does
 * not take it, or the value is refused.
 */
int svc_report_set(const svc_report *r, svc_report_args *a, const char *name,
		   const char *value);

/* The checks over all options of a once set: required ones given, the
 * period in order.  MAIS_EINVAL, *field the option at fault. */
int svc_report_check(const svc_report *r, const svc_report_args *a,
		     const char **field);

/* Report r computed from s with a into a new sheet (*out), with its
 * title and what it counts stated for people (mais_sheet_info).  The
 * filters are resolved here: MAIS_ENOTFOUND for an admin area or
 * organisation that does not exist. */
int svc_report_sheet(mais_store *s, const svc_report *r,
		     const svc_report_args *a, mais_sheet **out);

/* The registry as JSON for a program (GET /api/reports, the web UI's
 * Reports page): {"reports": [{"name", "title", "doc", "groupings",
 * "options": [{"name" (as in a query), "type", "required", "doc",
 * "values"}]}]}.  A new reference, NULL when out of memory. */
json_t *svc_reports_json(void);

/* The programme's reporting currency (mais init --currency), "" when
 * unset, into out. */
int svc_reporting_currency(mais_store *s, char out[4]);

/* Checks code (an ISO 4217 code mais knows) and stores it as the
 * programme's reporting currency, audited.  MAIS_EINVAL. */
int svc_set_reporting_currency(mais_store *s, const char *code,
			       const mais_actor *who);

/* ------------------------------------------------------------------ */
/* The reports over a store (report.c).                                 */

/* The compute functions of the registry: report r of s with a, handed
 * to its sheet writer (src/io/out_sheets.c), which owns it. */
int svc_compute_land_release(mais_store *s, const svc_report_args *a,
			     mais_sheet *sh);
int svc_compute_hazard(mais_store *s, const svc_report_args *a, mais_sheet *sh);
int svc_compute_eo(mais_store *s, const svc_report_args *a, mais_sheet *sh);
int svc_compute_casualties(mais_store *s, const svc_report_args *a,
			   mais_sheet *sh);
int svc_compute_bulletin(mais_store *s, const svc_report_args *a,
			 mais_sheet *sh);
int svc_compute_eore(mais_store *s, const svc_report_args *a, mais_sheet *sh);
int svc_compute_equipment(mais_store *s, const svc_report_args *a,
			  mais_sheet *sh);
int svc_compute_donors(mais_store *s, const svc_report_args *a, mais_sheet *sh);
int svc_compute_headline(mais_store *s, const svc_report_args *a,
			 mais_sheet *sh);

/* The land release report (report.h) of the records of s that opts
 * counts (approved; with include_submitted also submitted and verified;
 * of opts->orgs only when given), computed by the one kernel cluster by
 * cluster (docs/land-release.md): a first pass keeps only each record's
 * box, and the geometries of one cluster are loaded while it is computed
 * (src/service/lr_report.c).  *out: caller frees with
 * mais_lr_report_free. */
int svc_report_land_release(mais_store *s, const mais_report_opts *opts,
			    mais_lr_report **out);

/* The account of the hazard whose reference or UUID is key, counting the
 * releases opts says (include_submitted), as shown (report.h).  A hazard
 * outside opts->orgs (when given) is MAIS_ENOTFOUND, as one that does not
 * exist. */
int svc_report_hazard(mais_store *s, const char *key,
		      const mais_report_opts *opts, mais_hazard_report **out);

#endif
