/*
 * report_registry.c — THE report registry (report.h): every report with
 * its title, description, groupings and the options it takes, and every
 * option with its name, type and meaning; then the one parser and checker
 * of option values, which the command line and HTTP both call.  A new
 * report is one row of `reports` (with its compute function, report.c);
 * the CLI, the routes, the OpenAPI document, the API reference and the
 * help follow from it.
 */
#include "service/report.h"
#include "core/values.h"
#include "mais/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const svc_report_option options[] = {
	{SVC_OPT_HAZARD, "hazard", "string", "HAZARD", 1,
	 "the hazard: its reference (HA-000145) or UUID"},
	{SVC_OPT_BY, "by", "string", "GROUPING", 0, "the grouping of the rows"},
	{SVC_OPT_LEVEL, "level", "integer", "N", 0,
	 "admin level of the groups, 0 to 100 (by admin; default the most "
	 "detailed level with polygons)"},
	{SVC_OPT_FROM, "from", "string", "YYYY-MM-DD", 0,
	 "YYYY-MM-DD: first day of the period (included)"},
	{SVC_OPT_TO, "to", "string", "YYYY-MM-DD", 0,
	 "YYYY-MM-DD: last day of the period (included)"},
	{SVC_OPT_LIST, "list", "boolean", NULL, 0,
	 "one row an item (the register) instead of counts by type and "
	 "status"},
	{SVC_OPT_CURRENCY, "currency", "string", "CODE", 0,
	 "the reporting currency, an ISO 4217 code (AZN)"},
	{SVC_OPT_RATE_DATE, "rate-date", "string", "exact|on-or-before", 0,
	 "exact (default: the rate of the pledge date) or on-or-before (the "
	 "latest rate on or before it)"},
	{SVC_OPT_YEAR, "year", "integer", "YYYY", 0,
	 "the year of the figures of a year (default: this year in the "
	 "programme's time zone)"},
	{SVC_OPT_ADMIN_AREA, "admin-area", "string", "AREA", 0,
	 "count only the records in this admin area (its reference or UUID; "
	 "a country, a district) and the areas within it: a record's own "
	 "admin area, set from its location; a victim's is its accident's, "
	 "a release of a hazard's its hazard's"},
	{SVC_OPT_ORGANISATION, "organisation", "string", "ORG", 0,
	 "count only the records of this organisation (its reference or "
	 "UUID) and its teams; the authority: also the records of no "
	 "organisation.  It narrows what the user sees, never widens it"},
	{SVC_OPT_SUBMITTED, "include-submitted", "boolean", NULL, 0,
	 "also count submitted and verified records (drafts and rejected "
	 "ones never count)"},
};

#define NOPTIONS (sizeof options / sizeof *options)

/* The filters of the reports that count records with a place. */
#define PLACE (SVC_OPT_ADMIN_AREA | SVC_OPT_ORGANISATION)

static const svc_report reports[] = {
	{
		.name = "land-release",
		.title = "Land release accounting (m²)",
		.doc = "Hazards and the land cancelled, reduced and cleared, "
		       "in m², per admin area (default), year, organisation or "
		       "land use, and what remains: original = cancelled + "
		       "reduced + cleared + remaining in every row, and the "
		       "rows add up to the total (docs/land-release.md).  "
		       "Every m² counts once: where hazards overlap, the land "
		       "is the earlier hazard's ('hazard sum m2' is the plain "
		       "sum of the polygons, to show the overlap); where "
		       "releases overlap, the earlier release's.  Released "
		       "land counts in the row of the hazard that owns it; "
		       "land released outside recorded hazards is shown by "
		       "method, in the release's own row.  By admin, land is "
		       "split by the admin areas of the level (--level N; "
		       "default the most detailed level with polygons), counts "
		       "follow each record's admin area; 'unassigned' has the "
		       "rest.",
		.by = {MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_YEAR,
		       MAIS_REPORT_BY_ORGANISATION, MAIS_REPORT_BY_LAND_USE},
		.nby = 4,
		.takes = SVC_OPT_BY | SVC_OPT_LEVEL | PLACE,
		.compute = svc_compute_land_release,
	},
	{
		.name = "hazard",
		.title = "Land release account of one hazard (m²)",
		.doc = "One hazard's account, in m² to 2 decimals: the rows "
		       "cancelled, reduced, cleared and remaining add up to "
		       "the total, the hazard's original area (original = "
		       "cancelled + reduced + cleared + remaining; "
		       "docs/land-release.md).  Overlapping releases count "
		       "once (first release wins).",
		.takes = SVC_OPT_HAZARD,
		.needs = SVC_OPT_HAZARD,
		.compute = svc_compute_hazard,
	},
	{
		.name = "eo",
		.title = "EO found by category and fate",
		.doc = "EO items (sum of quantity) and records by category and "
		       "fate.",
		.takes = PLACE,
		.compute = svc_compute_eo,
	},
	{
		.name = "casualties",
		.title = "Casualties by year, outcome, sex, age group and role",
		.doc = "Victims by year, outcome, sex, age group, role and EO "
		       "category (of the accident), with the number of "
		       "distinct accidents.",
		.takes = PLACE,
		.compute = svc_compute_casualties,
	},
	{
		.name = "bulletin",
		.title = "Operational bulletin of a period",
		.doc = "Per admin area (the record's own) or operator in the "
		       "period: EO found and destroyed (destroyed in situ or "
		       "transported for destruction): AP mines, AT mines, UXO "
		       "(uxo, axo, submunition), other; land cleared in ha; "
		       "EOD spot tasks.",
		.by = {MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_ORGANISATION},
		.nby = 2,
		.takes = SVC_OPT_BY | SVC_OPT_FROM | SVC_OPT_TO | PLACE,
		.needs = SVC_OPT_FROM | SVC_OPT_TO,
		.compute = svc_compute_bulletin,
	},
	{
		.name = "eore",
		.title = "EORE sessions and people reached",
		.doc = "Sessions and people reached by sex, age band and "
		       "disability, per admin area or delivery method; with a "
		       "period, only the sessions of it (session_date, else "
		       "info_date).",
		.by = {MAIS_REPORT_BY_ADMIN, MAIS_REPORT_BY_METHOD},
		.nby = 2,
		.takes = SVC_OPT_BY | SVC_OPT_FROM | SVC_OPT_TO | PLACE,
		.compute = svc_compute_eore,
	},
	{
		.name = "equipment",
		.title = "Equipment by type and status, or the register",
		.doc = "Items by type and status; --list: make, model, serial, "
		       "donor, date received, status and team of each.",
		.takes = SVC_OPT_LIST | SVC_OPT_ORGANISATION,
		.compute = svc_compute_equipment,
	},
	{
		.name = "donors",
		.title = "Donors and operators: money and outputs",
		.doc = "Per donor pledged, received (allocated) and spent, in "
		       "the original currencies and in the reporting currency "
		       "at the rate of each pledge's date (--rate-date "
		       "on-or-before: the latest rate up to it; exact "
		       "decimals), m2 released and EO destroyed by the "
		       "activities funded, cost per m2; then per operator.  "
		       "Exchange rates are reference data.  A missing rate is "
		       "shown in the row (the command exits with 3).",
		.takes = SVC_OPT_CURRENCY | SVC_OPT_RATE_DATE,
		.needs = SVC_OPT_CURRENCY,
		.compute = svc_compute_donors,
	},
	{
		.name = "headline",
		.title = "Headline figures",
		.doc = "The figures at the top of the dashboard, each taken "
		       "from a report above, so that it is the same figure "
		       "there: area remaining (land-release --by year, the "
		       "total's remaining m2); land released in the year "
		       "(land-release --by year, the year's row's released_m2: "
		       "the land its releases released within hazards and "
		       "outside them); EO destroyed in the year (bulletin of the year, "
		       "the total's destroyed items); casualties of the year "
		       "(casualties, the year's victims); funds pledged and "
		       "received (donors in the reporting currency, --currency "
		       "or the programme's, mais init --currency; not "
		       "filtered by admin area or organisation).  The year is "
		       "--year, else this year in the programme's time zone.",
		.takes = SVC_OPT_YEAR | SVC_OPT_CURRENCY | SVC_OPT_RATE_DATE |
			 PLACE,
		.compute = svc_compute_headline,
	},
};

#define NREPORTS (sizeof reports / sizeof *reports)

const svc_report *svc_reports(size_t *n)
{
	*n = NREPORTS;
	return reports;
}

const svc_report *svc_report_find(const char *name)
{
	for (size_t i = 0; name && i < NREPORTS; i++)
		if (!strcmp(reports[i].name, name))
			return &reports[i];
	return NULL;
}

const svc_report_option *svc_report_options(size_t *n)
{
	*n = NOPTIONS;
	return options;
}

/* 1 if name is the option's name, with '_' for '-' allowed. */
static int same_name(const char *opt, const char *name)
{
	for (; *opt && *name; opt++, name++)
		if (*opt != *name && !(*opt == '-' && *name == '_'))
			return 0;
	return *opt == *name;
}

void svc_report_query_name(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[i] = '\0';
}

const svc_report_option *svc_report_option_find(const char *name)
{
	for (size_t i = 0; name && i < NOPTIONS; i++)
		if (same_name(options[i].name, name))
			return &options[i];
	return NULL;
}

int svc_report_takes(const svc_report *r, const svc_report_option *o)
{
	return o->id == SVC_OPT_SUBMITTED || (r->takes & o->id);
}

void svc_report_by_doc(const svc_report *r, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nby && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s%s",
				      !i	       ? ""
				      : i + 1 < r->nby ? ", "
						       : " or ",
				      mais_report_by_name(r->by[i]),
				      i ? "" : " (default)");
}

void svc_report_args_init(const svc_report *r, svc_report_args *a)
{
	memset(a, 0, sizeof *a);
	mais_report_opts_init(&a->o);
	a->match = MAIS_RATE_EXACT_DATE;
	if (r->nby)
		a->o.by = r->by[0];
}

/* ------------------------------------------------------------------ */
/* Values.                                                              */

static int refuse(const svc_report_option *o, const char *value,
		  const char *why)
{
	return mais_error_set(MAIS_EINVAL, "%s '%s': %s", o->name,
			      value ? value : "", why);
}

/* A flag: NULL or "" (given on the command line), 1, 0, true, false. */
static int set_flag(const svc_report_option *o, const char *v, int *out)
{
	if (!v || !*v || !strcmp(v, "1") || !strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "0") || !strcmp(v, "false"))
		*out = 0;
	else
		return refuse(o, v, "1 or 0");
	return 0;
}

static int set_by(const svc_report *r, const svc_report_option *o,
		  svc_report_args *a, const char *v)
{
	char doc[96], why[160];

	for (size_t i = 0; v && i < r->nby; i++)
		if (!strcmp(v, mais_report_by_name(r->by[i]))) {
			a->o.by = r->by[i];
			return 0;
		}
	svc_report_by_doc(r, doc, sizeof doc);
	snprintf(why, sizeof why, "the %s report groups by %s", r->name, doc);
	return refuse(o, v, why);
}

static int set_level(const svc_report_option *o, svc_report_args *a,
		     const char *v)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : -1;

	if (!v || !*v || *end || n < 0 || n > 100)
		return refuse(o, v, "a number from 0 to 100");
	a->o.admin_level = (int)n;
	return 0;
}

static int set_date(const svc_report_option *o, const char **out, const char *v)
{
	if (!v || !mais_date_valid(v))
		return refuse(o, v, "a day YYYY-MM-DD");
	*out = v;
	return 0;
}

static int set_currency(const svc_report_option *o, svc_report_args *a,
			const char *v)
{
	int exp;

	if (!v || mais_currency_exponent(v, &exp))
		return refuse(o, v, "an ISO 4217 code of mais (AZN)");
	a->currency = v;
	return 0;
}

static int set_rate_date(const svc_report_option *o, svc_report_args *a,
			 const char *v)
{
	if (v && !strcmp(v, "exact"))
		a->match = MAIS_RATE_EXACT_DATE;
	else if (v && !strcmp(v, "on-or-before"))
		a->match = MAIS_RATE_ON_OR_BEFORE;
	else
		return refuse(o, v, "exact or on-or-before");
	return 0;
}

/* A record named by its reference or UUID (looked up when computed). */
static int set_key(const svc_report_option *o, const char **out, const char *v)
{
	if (!v || !*v)
		return refuse(o, v, "a reference or UUID");
	*out = v;
	return 0;
}

static int set_year(const svc_report_option *o, svc_report_args *a,
		    const char *v)
{
	char *end;
	long y = v ? strtol(v, &end, 10) : 0;

	if (!v || !*v || *end || y < 1900 || y > 2999)
		return refuse(o, v, "a year YYYY");
	a->year = (int)y;
	return 0;
}

static int set_value(const svc_report *r, const svc_report_option *o,
		     svc_report_args *a, const char *v)
{
	switch (o->id) {
	case SVC_OPT_BY:
		return set_by(r, o, a, v);
	case SVC_OPT_LEVEL:
		return set_level(o, a, v);
	case SVC_OPT_FROM:
		return set_date(o, &a->o.from, v);
	case SVC_OPT_TO:
		return set_date(o, &a->o.to, v);
	case SVC_OPT_LIST:
		return set_flag(o, v, &a->o.list);
	case SVC_OPT_SUBMITTED:
		return set_flag(o, v, &a->o.include_submitted);
	case SVC_OPT_CURRENCY:
		return set_currency(o, a, v);
	case SVC_OPT_RATE_DATE:
		return set_rate_date(o, a, v);
	case SVC_OPT_HAZARD:
		return set_key(o, &a->hazard, v);
	case SVC_OPT_ADMIN_AREA:
		return set_key(o, &a->admin_area, v);
	case SVC_OPT_ORGANISATION:
		return set_key(o, &a->organisation, v);
	case SVC_OPT_YEAR:
		return set_year(o, a, v);
	}
	return refuse(o, v, "not an option");
}

int svc_report_set(const svc_report *r, svc_report_args *a, const char *name,
		   const char *value)
{
	const svc_report_option *o = svc_report_option_find(name);

	if (!o)
		return mais_error_set(MAIS_EINVAL, "%s: no such report option",
				      name);
	if (!svc_report_takes(r, o))
		return mais_error_set(MAIS_EINVAL,
				      "%s: not an option of the %s report",
				      o->name, r->name);
	return set_value(r, o, a, value);
}

/* 1 if a has a value for option id. */
static int given(const svc_report_args *a, unsigned id)
{
	switch (id) {
	case SVC_OPT_FROM:
		return a->o.from != NULL;
	case SVC_OPT_TO:
		return a->o.to != NULL;
	case SVC_OPT_CURRENCY:
		return a->currency != NULL;
	case SVC_OPT_HAZARD:
		return a->hazard != NULL;
	}
	return 1;
}

int svc_report_check(const svc_report *r, const svc_report_args *a,
		     const char **field)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		*field = options[i].name;
		if ((r->needs & options[i].id) && !given(a, options[i].id))
			return mais_error_set(MAIS_EINVAL,
					      "%s: required by the %s report "
					      "(%s)",
					      options[i].name, r->name,
					      options[i].doc);
	}
	*field = "to";
	if (a->o.from && a->o.to && strcmp(a->o.from, a->o.to) > 0)
		return mais_error_set(MAIS_EINVAL,
				      "to '%s': on or after from (%s)", a->o.to,
				      a->o.from);
	*field = NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The registry for programs (GET /api/reports).                        */

/* The values an option takes when they are few: the groupings of r, the
 * rate dates; NULL otherwise. */
static json_t *option_values(const svc_report *r, const svc_report_option *o)
{
	json_t *v;

	if (o->id == SVC_OPT_RATE_DATE)
		return json_pack("[s, s]", "exact", "on-or-before");
	if (o->id != SVC_OPT_BY)
		return NULL;
	v = json_array();
	for (size_t i = 0; i < r->nby; i++)
		json_array_append_new(
			v, json_string(mais_report_by_name(r->by[i])));
	return v;
}

/* The options r takes, as a query names them. */
static json_t *options_json(const svc_report *r)
{
	json_t *a = json_array();
	char name[64];

	for (size_t i = 0; i < NOPTIONS; i++) {
		const svc_report_option *o = &options[i];

		if (!svc_report_takes(r, o))
			continue;
		svc_report_query_name(o->name, name, sizeof name);
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:b, s:s, s:o*}", "name", name,
				     "type", o->type, "required",
				     (r->needs & o->id) != 0, "doc", o->doc,
				     "values", option_values(r, o)));
	}
	return a;
}

json_t *svc_reports_json(void)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < NREPORTS; i++)
		json_array_append_new(
			list,
			json_pack("{s:s, s:s, s:s, s:o*, s:o}", "name",
				  reports[i].name, "title", reports[i].title,
				  "doc", reports[i].doc, "groupings",
				  option_values(&reports[i],
						svc_report_option_find("by")),
				  "options", options_json(&reports[i])));
	return list ? json_pack("{s:o}", "reports", list) : NULL;
}
