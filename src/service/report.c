/*
 * report.c — each report of the registry computed over a store: a source
 * over the store (source.c) is handed to the pure report of the core
 * (src/core/report/), and the report to its sheet writer
 * (src/io/out_sheets.c), which owns it from then on.  The land release
 * report and a hazard's account come from the one land release kernel
 * (svc_report_land_release in lr_report.c, svc_lr_account in lr.c).
 */
#include "service/report.h"
#include "service/lookup.h"
#include "service/lr.h"
#include "service/service.h"
#include "mais/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mais_source *source(mais_store *s, mais_source *src)
{
	svc_source_of(s, src);
	return src;
}

int svc_compute_land_release(mais_store *s, const svc_report_args *a,
			     mais_sheet *sh)
{
	mais_lr_report *rep = NULL;
	int rc = svc_report_land_release(s, &a->o, &rep);

	return rc ? rc : mais_sheet_land_release(sh, rep);
}

int svc_compute_eo(mais_store *s, const svc_report_args *a, mais_sheet *sh)
{
	mais_eo_report *rep = NULL;
	mais_source src;
	int rc = mais_report_eo(source(s, &src), &a->o, &rep);

	return rc ? rc : mais_sheet_eo(sh, rep);
}

int svc_compute_casualties(mais_store *s, const svc_report_args *a,
			   mais_sheet *sh)
{
	mais_cas_report *rep = NULL;
	mais_source src;
	int rc = mais_report_casualties(source(s, &src), &a->o, &rep);

	return rc ? rc : mais_sheet_casualties(sh, rep);
}

int svc_compute_bulletin(mais_store *s, const svc_report_args *a,
			 mais_sheet *sh)
{
	mais_bulletin_report *rep = NULL;
	mais_source src;
	int rc = mais_report_bulletin(source(s, &src), &a->o, &rep);

	return rc ? rc : mais_sheet_bulletin(sh, rep);
}

int svc_compute_eore(mais_store *s, const svc_report_args *a, mais_sheet *sh)
{
	mais_eore_report *rep = NULL;
	mais_source src;
	int rc = mais_report_eore(source(s, &src), &a->o, &rep);

	return rc ? rc : mais_sheet_eore(sh, rep);
}

int svc_compute_equipment(mais_store *s, const svc_report_args *a,
			  mais_sheet *sh)
{
	mais_equip_report *rep = NULL;
	mais_source src;
	int rc = mais_report_equipment(source(s, &src), &a->o, &rep);

	return rc ? rc : mais_sheet_equipment(sh, rep);
}

int svc_compute_donors(mais_store *s, const svc_report_args *a, mais_sheet *sh)
{
	mais_donor_report *rep = NULL;
	mais_source src;
	int rc = mais_report_donors(source(s, &src), &a->o, a->currency,
				    a->match, &rep);

	return rc ? rc : mais_sheet_donors(sh, rep);
}

int svc_compute_hazard(mais_store *s, const svc_report_args *a, mais_sheet *sh)
{
	mais_hazard_report *rep = NULL;
	int rc = svc_report_hazard(s, a->hazard, &a->o, &rep);

	return rc ? rc : mais_sheet_hazard(sh, rep);
}

/* ------------------------------------------------------------------ */
/* One hazard's account.                                                */

/* m² to the cm² (2 decimals), the grain the account is shown in. */
static double cm2(double v)
{
	return round(v * 100.0) / 100.0;
}

static void fill_hazard(mais_hazard_report *h, const mais_record *hz,
			const mais_lr_account *a)
{
	const char *ref = mais_record_reference(hz);
	const char *st = mais_record_get(hz, "hazard_status");

	snprintf(h->uuid, sizeof h->uuid, "%s", mais_record_uuid(hz));
	snprintf(h->reference, sizeof h->reference, "%s", ref ? ref : "");
	snprintf(h->status, sizeof h->status, "%s", st ? st : "");
	h->polygon_m2 = cm2(a->polygon_m2);
	h->polygon_remaining_m2 = cm2(a->polygon_remaining_m2);
	h->original_m2 = cm2(a->original_m2);
	h->cancelled_m2 = cm2(a->cancelled_m2);
	h->reduced_m2 = cm2(a->reduced_m2);
	h->cleared_m2 = cm2(a->cleared_m2);
	/* from the rounded parts, so that the shown figures add up */
	h->remaining_m2 = cm2(h->original_m2 - h->cancelled_m2 - h->reduced_m2 -
			      h->cleared_m2);
	h->number_m2 = cm2(a->number_m2);
	h->releases = a->releases;
	h->has_polygon = a->has_polygon;
}

int svc_report_hazard(mais_store *s, const char *key,
		      const mais_report_opts *opts, mais_hazard_report **out)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	int rc;

	*out = NULL;
	if (!s || !key || !opts)
		return mais_error_set(MAIS_EINVAL,
				      "hazard report: no store, hazard or "
				      "options");
	rc = svc_lookup_record(s, "hazard", key, &hz);
	if (!rc && !mais_report_org_counts(
			   opts, mais_record_get(hz, "organisation_uuid")))
		rc = mais_error_set(MAIS_ENOTFOUND,
				    "no hazard with reference or UUID %s", key);
	if (!rc)
		rc = svc_lr_account(s, mais_record_uuid(hz),
				    opts->include_submitted ? SVC_LR_SUBMITTED
							    : SVC_LR_APPROVED,
				    &a);
	if (!rc && !(*out = calloc(1, sizeof **out)))
		rc = mais_error_nomem();
	if (!rc) {
		fill_hazard(*out, hz, &a);
		(*out)->include_submitted = opts->include_submitted != 0;
	}
	mais_record_free(hz);
	return rc;
}
