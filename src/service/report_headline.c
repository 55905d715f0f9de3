/*
 * report_headline.c — the headline figures of the dashboard (the
 * registry's "headline" report), and the programme's reporting currency.
 *
 * The review of the web UI found a figure computed twice — once by a
 * report, once again in the browser — and the two disagreed.  So no
 * headline figure is computed here: each is read off a report of the
 * registry, run with the same options a person would give it on the
 * Reports page, and the registry's description names which:
 *
 *   area remaining      land-release by year: the total's remaining_m2
 *   released in year Y  land-release by year: row Y's released_m2, the
 *                       land its releases released within hazards and
 *                       outside them (mais_lr_row_released)
 *   EO destroyed in Y   bulletin from Y-01-01 to Y-12-31: the total's
 *                       *_destroyed
 *   casualties in Y     casualties: the victims of the rows of year Y
 *   funds               donors in the reporting currency: the total's
 *                       pledged and received (the programme's money: no
 *                       admin area or organisation filter)
 */
#include "service/report.h"
#include "service/service.h"
#include "mais/error.h"
#include "mais/money.h"

#include <stdio.h>
#include <string.h>

static int land(mais_store *s, const svc_report_args *a, mais_headline *h)
{
	mais_report_opts o = a->o;
	mais_lr_report *rep = NULL;
	char year[8];
	int rc;

	o.by = MAIS_REPORT_BY_YEAR;
	if ((rc = svc_report_land_release(s, &o, &rep)))
		return rc;
	snprintf(year, sizeof year, "%d", h->year);
	h->remaining_m2 = rep->total.remaining_m2;
	for (size_t i = 0; i < rep->nrows; i++) {
		const mais_lr_row *r = &rep->rows[i];

		if (strcmp(r->group, year))
			continue;
		h->released_m2 = mais_lr_row_released(r, -1);
	}
	mais_lr_report_free(rep);
	return 0;
}

static int eo(const mais_source *src, const svc_report_args *a,
	      mais_headline *h)
{
	mais_report_opts o = a->o;
	mais_bulletin_report *rep = NULL;
	char from[16], to[16];
	int rc;

	snprintf(from, sizeof from, "%d-01-01", h->year);
	snprintf(to, sizeof to, "%d-12-31", h->year);
	o.by = MAIS_REPORT_BY_ADMIN;
	o.from = from;
	o.to = to;
	if ((rc = mais_report_bulletin(src, &o, &rep)))
		return rc;
	h->eo_destroyed = rep->total.ap_destroyed + rep->total.at_destroyed +
			  rep->total.uxo_destroyed + rep->total.other_destroyed;
	mais_bulletin_report_free(rep);
	return 0;
}

static int casualties(const mais_source *src, const svc_report_args *a,
		      mais_headline *h)
{
	mais_cas_report *rep = NULL;
	char year[8];
	int rc;

	if ((rc = mais_report_casualties(src, &a->o, &rep)))
		return rc;
	snprintf(year, sizeof year, "%d", h->year);
	for (size_t i = 0; i < rep->nrows; i++)
		if (!strcmp(rep->rows[i].year, year))
			h->casualties += (int64_t)rep->rows[i].victims;
	mais_cas_report_free(rep);
	return 0;
}

/* The programme's money, in what the user sees: no place or organisation
 * filter (a pledge is to the programme, not to a district). */
static int funds(const mais_source *src, const svc_report_args *a,
		 mais_headline *h)
{
	mais_report_opts o = a->o;
	mais_donor_report *rep = NULL;
	int rc;

	if (!a->currency)
		return 0;
	o.areas = NULL;
	o.nareas = 0;
	o.orgs = a->scope;
	o.norgs = a->nscope;
	if ((rc = mais_report_donors(src, &o, a->currency, a->match, &rep)))
		return rc;
	snprintf(h->currency, sizeof h->currency, "%s", a->currency);
	h->pledged = rep->total.pledged;
	h->received = rep->total.received;
	h->pledged_ok = rep->total.pledged_ok;
	h->received_ok = rep->total.received_ok;
	h->missing_rates = rep->missing_rates;
	mais_donor_report_free(rep);
	return 0;
}

int svc_compute_headline(mais_store *s, const svc_report_args *a,
			 mais_sheet *sh)
{
	mais_headline h = {.year = a->year};
	mais_source src;
	int rc;

	svc_source_of(s, &src);
	h.include_submitted = a->o.include_submitted != 0;
	rc = land(s, a, &h);
	if (!rc)
		rc = eo(&src, a, &h);
	if (!rc)
		rc = casualties(&src, a, &h);
	if (!rc)
		rc = funds(&src, a, &h);
	return rc ? rc : mais_sheet_headline(sh, &h);
}

/* ------------------------------------------------------------------ */
/* The reporting currency.                                              */

int svc_reporting_currency(mais_store *s, char out[4])
{
	char v[16];
	int rc = mais_store_setting_get(s, MAIS_SETTING_CURRENCY, v, sizeof v);

	out[0] = '\0';
	if (rc == 0 && strlen(v) == 3) /* set only by the check below */
		memcpy(out, v, 4);
	return rc;
}

int svc_set_reporting_currency(mais_store *s, const char *code,
			       const mais_actor *who)
{
	int exp;

	if (!code || mais_currency_exponent(code, &exp))
		return mais_error_set(MAIS_EINVAL,
				      "currency '%s': an ISO 4217 code of "
				      "mais (AZN, EUR, USD)",
				      code ? code : "");
	return mais_store_setting_set(s, MAIS_SETTING_CURRENCY, code, who);
}
