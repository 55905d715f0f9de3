/*
 * rates.c — the exchange rates of money.h read from the exchange_rate
 * records a source gives (mais_rates_load), and the rate of a date
 * (mais_rates_find): exact date or the latest on or before it, direct or
 * the exact inverse of a recorded rate.  No float or double anywhere in
 * this file.
 */
#include "mais/donors.h"
#include "core/report/report_internal.h"
#include "mais/error.h"
#include "mais/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stored_rate {
	char from[4], to[4], date[11];
	char text[32];
	char source[256];
	char uuid[37];
	mais_rate rate;
} stored_rate;

struct mais_rates {
	stored_rate *v;
	size_t n, cap;
	const mais_report_opts *opts;
};

static int push_rate(mais_rates *t, const stored_rate *x)
{
	if (mais_grow(&t->v, &t->cap, t->n,
		      sizeof *t->v) < 0)
		return mais_error_last_code();
	t->v[t->n++] = *x;
	return 0;
}

static int on_rate(const mais_record *r, void *arg)
{
	mais_rates *t = arg;
	stored_rate x;
	const char *rate = mais_record_get(r, "rate");

	if (!mais_report_counts(t->opts, r))
		return 0;
	mais_report__copy(x.from, sizeof x.from,
			  mais_record_get(r, "from_currency"));
	mais_report__copy(x.to, sizeof x.to, mais_record_get(r, "to_currency"));
	mais_report__copy(x.date, sizeof x.date,
			  mais_record_get(r, "rate_date"));
	mais_report__copy(x.text, sizeof x.text, rate);
	mais_report__copy(x.source, sizeof x.source,
			  mais_record_get(r, "source"));
	mais_report__copy(x.uuid, sizeof x.uuid, mais_record_uuid(r));
	if (mais_rate_parse(rate, &x.rate))
		return mais_error_prefix(mais_error_last_code(),
					 "exchange_rate %s",
					 mais_record_reference(r));
	return push_rate(t, &x);
}

int mais_rates_load(const mais_source *src, const mais_report_opts *opts,
		    mais_rates **out)
{
	mais_rates *t = calloc(1, sizeof *t);
	mais_report_opts o = *opts;
	int rc;

	*out = NULL;
	if (!t)
		return mais_error_nomem();
	o.orgs = NULL; /* rates are reference data */
	o.norgs = 0;
	t->opts = &o;
	rc = src->each(src->ctx, "exchange_rate", on_rate, t);
	t->opts = NULL;
	if (rc) {
		mais_rates_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void mais_rates_free(mais_rates *r)
{
	if (!r)
		return;
	free(r->v);
	free(r);
}

/* The best stored rate from → to for date: exact date, or the latest on
 * or before it; the last stored among equals.  NULL if none. */
static const stored_rate *best(const mais_rates *t, const char *from,
			       const char *to, const char *date,
			       mais_rate_match m)
{
	const stored_rate *b = NULL;

	for (size_t i = 0; i < t->n; i++) {
		const stored_rate *x = &t->v[i];
		int c = strcmp(x->date, date);

		if (strcmp(x->from, from) || strcmp(x->to, to))
			continue;
		if (m == MAIS_RATE_EXACT_DATE ? c != 0 : c > 0)
			continue;
		if (!b || strcmp(x->date, b->date) >= 0)
			b = x;
	}
	return b;
}

static void found(mais_rate_found *out, const stored_rate *x, int inverse)
{
	out->rate = inverse ? mais_rate_inverse(x->rate) : x->rate;
	snprintf(out->text, sizeof out->text, "%s%s", inverse ? "1/" : "",
		 x->text);
	mais_report__copy(out->date, sizeof out->date, x->date);
	mais_report__copy(out->source, sizeof out->source, x->source);
	mais_report__copy(out->uuid, sizeof out->uuid, x->uuid);
	out->inverse = inverse;
}

int mais_rates_find(const mais_rates *t, const char *from, const char *to,
		    const char *date, mais_rate_match match,
		    mais_rate_found *out)
{
	const stored_rate *d, *i;

	memset(out, 0, sizeof *out);
	if (!strcmp(from, to)) {
		out->rate = (mais_rate){1, 1};
		mais_report__copy(out->text, sizeof out->text, "1");
		mais_report__copy(out->source, sizeof out->source,
				  "same currency");
		return 0;
	}
	d = best(t, from, to, date ? date : "", match);
	i = best(t, to, from, date ? date : "", match);
	/* the direct rate, unless the inverse one is of a later date */
	if (d && (!i || strcmp(d->date, i->date) >= 0))
		found(out, d, 0);
	else if (i)
		found(out, i, 1);
	else
		return mais_error_set(
			MAIS_ENOTFOUND, "no exchange rate %s→%s %s %s", from,
			to,
			match == MAIS_RATE_EXACT_DATE ? "of" : "on or before",
			date && *date ? date : "(no date)");
	return 0;
}

/* The other currency of x if it pairs with currency, else NULL. */
static const char *partner(const stored_rate *x, const char *currency)
{
	if (!strcmp(x->from, currency))
		return x->to;
	return strcmp(x->to, currency) ? NULL : x->from;
}

/* Adds code to the sorted set codes (n of at most max) unless there. */
static void add_code(char (*codes)[4], size_t *n, size_t max, const char *code)
{
	size_t i = 0;

	while (i < *n && strcmp(codes[i], code) < 0)
		i++;
	if ((i < *n && !strcmp(codes[i], code)) || *n == max)
		return;
	memmove(codes + i + 1, codes + i, (*n - i) * sizeof *codes);
	mais_report__copy(codes[i], 4, code);
	++*n;
}

/* Converts into the next slot of out when a rate of date is found. */
static int convert_one(const mais_rates *t, int64_t minor, const char *from,
		       const char *to, const char *date, mais_rate_match m,
		       mais_conversion *out, size_t *n)
{
	mais_conversion *c = &out[*n];

	if (mais_rates_find(t, from, to, date, m, &c->rate) == MAIS_ENOTFOUND)
		return 0; /* no rate of that date: not shown */
	if (mais_money_convert(minor, from, to, c->rate.rate, &c->minor) < 0)
		return mais_error_last_code();
	mais_report__copy(c->currency, sizeof c->currency, to);
	++*n;
	return 0;
}

int mais_rates_convert_all(const mais_rates *t, int64_t minor,
			   const char *currency, const char *date,
			   mais_rate_match match, mais_conversion **out,
			   size_t *n)
{
	char(*codes)[4] = NULL;
	size_t ncodes = 0;
	int exp, rc = 0;

	*out = NULL;
	*n = 0;
	if (mais_currency_exponent(currency, &exp))
		return MAIS_EINVAL;
	if (!t->n)
		return 0;
	codes = calloc(t->n, sizeof *codes);
	*out = calloc(t->n, sizeof **out);
	if (!codes || !*out) {
		free(codes);
		free(*out);
		*out = NULL;
		return mais_error_nomem();
	}
	for (size_t i = 0; i < t->n; i++) {
		const char *p = partner(&t->v[i], currency);

		if (p && strcmp(p, currency))
			add_code(codes, &ncodes, t->n, p);
	}
	for (size_t i = 0; rc == 0 && i < ncodes; i++)
		rc = convert_one(t, minor, currency, codes[i], date, match,
				 *out, n);
	free(codes);
	if (rc < 0 || *n == 0) {
		free(*out);
		*out = NULL;
		*n = rc < 0 ? 0 : *n;
	}
	return rc;
}
