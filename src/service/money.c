/*
 * money.c (service) — a user's number format and the conversions of an
 * amount at the rates of a date (service/money.h), over the store.
 */
#include "service/money.h"
#include "core/values.h"
#include "mais/error.h"
#include "service/service.h"

const mais_number_format *svc_number_format(const char *code)
{
	const mais_number_format *f =
		code && *code ? mais_number_format_find(code) : NULL;

	return f ? f : mais_number_format_find(MAIS_NUMBER_FORMAT_DEFAULT);
}

int svc_money_conversions(mais_store *s, int64_t minor, const char *currency,
			  const char *date, mais_rate_match match,
			  mais_conversion **out, size_t *n)
{
	mais_source src;
	mais_report_opts opts;
	mais_rates *rates = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!date || !mais_date_valid(date))
		return mais_error_set(MAIS_EINVAL, "date '%.16s': YYYY-MM-DD",
				      date ? date : "");
	svc_source_of(s, &src);
	mais_report_opts_init(&opts); /* approved rates, as the report */
	rc = mais_rates_load(&src, &opts, &rates);
	if (rc == 0)
		rc = mais_rates_convert_all(rates, minor, currency, date, match,
					    out, n);
	mais_rates_free(rates);
	return rc;
}
