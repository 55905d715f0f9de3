/*
 * api_money.c — GET /api/money: an amount as the user typed it, read by
 * the core's one rule (mais/money.h mais_money_read) in the user's number
 * format, written back as mais writes it, and converted at the exchange
 * rates of a date.  The web form calls it as the person types, so that
 * the browser never parses an amount itself and the preview of the
 * conversions is the core's exact conversion, the donor report's.
 *
 * The API's records keep integer minor units (docs/http-api.md); this
 * route is how a client turns text into them.
 */
#include "server/api.h"
#include "service/money.h"

#include <stdlib.h>
#include <string.h>

static const char *const refusal_names[] = {
	[MAIS_MONEY_OK] = "ok",
	[MAIS_MONEY_EMPTY] = "empty",
	[MAIS_MONEY_NOT_NUMBER] = "not_number",
	[MAIS_MONEY_GROUPING] = "grouping",
	[MAIS_MONEY_FOREIGN_MARK] = "foreign_mark",
	[MAIS_MONEY_DECIMALS] = "decimals",
	[MAIS_MONEY_AMBIGUOUS] = "ambiguous",
	[MAIS_MONEY_CURRENCY] = "currency",
	[MAIS_MONEY_RANGE] = "range",
};

/* {minor, text, input}: an amount as shown and as typed in format f. */
static json_t *amount_json(int64_t minor, const char *currency,
			   const mais_number_format *f)
{
	char shown[64] = "", typed[64] = "";

	mais_money_write(minor, currency, f, 1, shown, sizeof shown);
	mais_money_write(minor, currency, f, 0, typed, sizeof typed);
	return json_pack("{s:I, s:s, s:s}", "minor", (json_int_t)minor, "text",
			 shown, "input", typed);
}

/* 422 invalid_amount: why, and the readings the person may have meant
 * (both of an ambiguous text; the other way's of a refused one). */
static int refused(http_resp *resp, const mais_money_reading *r,
		   const char *currency, const mais_number_format *f)
{
	json_t *readings = json_array(), *err;

	if (r->refusal == MAIS_MONEY_AMBIGUOUS)
		json_array_append_new(readings,
				      amount_json(r->minor, currency, f));
	if (r->has_other)
		json_array_append_new(readings,
				      amount_json(r->other, currency, f));
	err = json_pack("{s:i, s:s, s:s, s:s, s:s, s:o}", "status", 422, "code",
			"invalid_amount", "field", "text", "message",
			mais_error_last(), "reason", refusal_names[r->refusal],
			"readings", readings);
	return http_json(resp, 422, json_pack("{s:o}", "error", err));
}

static json_t *conversion_json(const mais_conversion *c,
			       const mais_number_format *f)
{
	json_t *j = amount_json(c->minor, c->currency, f);

	json_object_set_new(j, "currency", json_string(c->currency));
	json_object_set_new(j, "rate", json_string(c->rate.text));
	json_object_set_new(j, "rate_date", json_string(c->rate.date));
	json_object_set_new(j, "source", json_string(c->rate.source));
	json_object_set_new(j, "inverse", json_boolean(c->rate.inverse));
	return j;
}

/* The conversions of minor at the rates of date into j; 0 or -1 after
 * an answer. */
static int add_conversions(http_req *req, http_resp *resp, json_t *j,
			   int64_t minor, const char *currency,
			   const mais_number_format *f)
{
	const char *date = http_query(req, "date");
	const char *rates = http_query(req, "rates");
	mais_rate_match m = MAIS_RATE_EXACT_DATE;
	mais_conversion *c = NULL;
	json_t *a;
	size_t n = 0;
	int rc;

	if (!date || !*date)
		return 0;
	if (rates && strcmp(rates, "exact") && strcmp(rates, "latest"))
		return http_error(resp, 400, "bad_parameter", "rates",
				  "rates: exact (the rates of the date, "
				  "default) or latest (on or before it)"),
		       -1;
	if (rates && !strcmp(rates, "latest"))
		m = MAIS_RATE_ON_OR_BEFORE;
	rc = svc_money_conversions(req->store, minor, currency, date, m, &c,
				   &n);
	if (rc == MAIS_EINVAL)
		return http_error(resp, 400, "bad_parameter", "date", "%s",
				  mais_error_last()),
		       -1;
	if (rc < 0)
		return http_error_rc(resp, rc), -1;
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, conversion_json(&c[i], f));
	free(c);
	json_object_set_new(j, "date", json_string(date));
	json_object_set_new(
		j, "rates",
		json_string(m == MAIS_RATE_EXACT_DATE ? "exact" : "latest"));
	json_object_set_new(j, "conversions", a);
	return 0;
}

/* The amount of the request: text read in f, or amount in minor units.
 * 0, or -1 after an answer. */
static int amount_of(http_req *req, http_resp *resp, const char *currency,
		     const mais_number_format *f, int64_t *minor)
{
	const char *text = http_query(req, "text");
	const char *amount = http_query(req, "amount");
	mais_money_reading r;
	char *end;

	if (!text == !amount)
		return http_error(resp, 400, "bad_parameter", "text",
				  "text (as typed) or amount (minor units), "
				  "one of them"),
		       -1;
	if (text && strlen(text) > MAIS_MAX_QUERY_PARAM)
		return http_error(resp, 400, "bad_parameter", "text",
				  "text: too long"),
		       -1;
	if (text) {
		if (mais_money_read(text, f, currency, &r) < 0) {
			refused(resp, &r, currency, f);
			return -1;
		}
		*minor = r.minor;
		return 0;
	}
	*minor = strtoll(amount, &end, 10);
	if (!*amount || *end || strlen(amount) > 19)
		return http_error(resp, 400, "bad_parameter", "amount",
				  "amount: a whole number of minor units"),
		       -1;
	return 0;
}

int api_money(http_req *req, http_resp *resp)
{
	const char *currency = http_query(req, "currency");
	const char *fmt = http_query(req, "format");
	const mais_number_format *f =
		svc_number_format(req->user.number_format);
	int64_t minor = 0;
	int exp;
	json_t *j;

	if (fmt && !(f = mais_number_format_find(fmt)))
		return http_error(resp, 400, "bad_parameter", "format",
				  "format: en, az or ru");
	if (!currency || !*currency)
		return http_error(resp, 400, "bad_parameter", "currency",
				  "currency: an ISO 4217 code (EUR)");
	if (strlen(currency) != 3 || mais_currency_exponent(currency, &exp))
		return http_error(resp, 422, "invalid_value", "currency",
				  "currency '%.8s': not in the ISO 4217 table "
				  "of mais",
				  currency);
	if (amount_of(req, resp, currency, f, &minor) < 0)
		return 0;
	j = amount_json(minor, currency, f);
	json_object_set_new(j, "currency", json_string(currency));
	json_object_set_new(j, "number_format", json_string(f->code));
	if (add_conversions(req, resp, j, minor, currency, f) < 0) {
		json_decref(j);
		return 0;
	}
	return http_json(resp, 200, j);
}
