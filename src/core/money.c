/*
 * money.c — exact money arithmetic: the minor units of ISO 4217
 * currencies, decimal rates as fractions, conversion in 128-bit integers
 * rounded half away from zero (see money.h).  The exchange rates of a
 * database are read in src/core/report/rates.c.  No float or double
 * anywhere in this file.
 */
#include "mais/money.h"
#include "mais/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 i128;

/*
 * The minor unit ("exponent") of currencies, from the ISO 4217 list
 * (SIX, "Current currency & funds code list", column "Minor unit").
 * The one data source of exponents in mais; sorted by code.  A currency
 * missing here is refused by name: add it with its ISO 4217 minor unit.
 */
static const struct currency {
	char code[4];
	int exponent;
} currencies[] = {
	{"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"AOA", 2}, {"ARS", 2},
	{"AUD", 2}, {"AZN", 2}, {"BAM", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
	{"BRL", 2}, {"CAD", 2}, {"CHF", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2},
	{"COP", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2}, {"DZD", 2}, {"EGP", 2},
	{"ETB", 2}, {"EUR", 2}, {"GBP", 2}, {"GEL", 2}, {"GNF", 0}, {"HUF", 2},
	{"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3},
	{"JPY", 0}, {"KES", 2}, {"KHR", 2}, {"KMF", 0}, {"KRW", 0}, {"KWD", 3},
	{"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LYD", 3}, {"MAD", 2}, {"MKD", 2},
	{"MMK", 2}, {"MZN", 2}, {"NGN", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3},
	{"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2},
	{"RSD", 2}, {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SDG", 2}, {"SEK", 2},
	{"SOS", 2}, {"SSP", 2}, {"SYP", 2}, {"THB", 2}, {"TJS", 2}, {"TND", 3},
	{"TRY", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UYI", 0}, {"UZS", 2},
	{"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0}, {"YER", 2},
	{"ZAR", 2}, {"ZMW", 2},
};

static int currency_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct currency *)elem)->code);
}

int mais_currency_exponent(const char *code, int *exponent)
{
	const struct currency *c = NULL;

	if (code)
		c = bsearch(code, currencies,
			    sizeof currencies / sizeof *currencies,
			    sizeof *currencies, currency_cmp);
	if (!c)
		return mais_error_set(MAIS_EINVAL,
				      "currency '%s': not in the ISO 4217 "
				      "table of mais (src/core/money.c)",
				      code ? code : "(none)");
	*exponent = c->exponent;
	return 0;
}

const char *mais_currency_at(size_t i, int *exponent)
{
	if (i >= sizeof currencies / sizeof *currencies)
		return NULL;
	if (exponent)
		*exponent = currencies[i].exponent;
	return currencies[i].code;
}

static int64_t pow10i(int n)
{
	int64_t p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/* Appends the digits of s[0..n) to *v; -1 past 18 digits in all. */
static int add_digits(const char *s, size_t n, int64_t *v, int *ndigits)
{
	for (size_t i = 0; i < n; i++) {
		if (*ndigits == 0 && s[i] == '0')
			continue; /* leading zeros carry nothing */
		if (++*ndigits > 18)
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int mais_rate_parse(const char *text, mais_rate *out)
{
	size_t ni, nf = 0;
	const char *frac = NULL;
	int64_t v = 0;
	int nd = 0;

	if (!text || !*text || (ni = strspn(text, "0123456789")) == 0)
		goto bad;
	if (text[ni] == '.') {
		frac = text + ni + 1;
		nf = strspn(frac, "0123456789");
		if (!nf || frac[nf])
			goto bad;
		while (nf && frac[nf - 1] == '0')
			nf--;
	} else if (text[ni]) {
		goto bad;
	}
	if (nf > MAIS_RATE_MAX_DECIMALS)
		return mais_error_set(MAIS_ELIMIT,
				      "rate '%s': more than %d decimals", text,
				      MAIS_RATE_MAX_DECIMALS);
	if (add_digits(text, ni, &v, &nd) || add_digits(frac, nf, &v, &nd))
		return mais_error_set(MAIS_ELIMIT,
				      "rate '%s': more than 18 digits", text);
	if (v == 0)
		return mais_error_set(MAIS_EINVAL, "rate '%s': must be above 0",
				      text);
	out->num = v;
	out->den = pow10i((int)nf);
	return 0;
bad:
	return mais_error_set(MAIS_EINVAL,
			      "rate '%s': not an exact decimal above 0 "
			      "(digits, one point)",
			      text ? text : "");
}

mais_rate mais_rate_inverse(mais_rate r)
{
	return (mais_rate){.num = r.den, .den = r.num};
}

/* a × b, or -1 on overflow of i128 (a, b >= 0). */
static int mul_checked(i128 a, i128 b, i128 *out)
{
	const i128 max = (i128)(((unsigned __int128)1 << 127) - 1);

	if (a && b > max / a)
		return -1;
	*out = a * b;
	return 0;
}

/* n / d rounded half away from zero (d > 0). */
static i128 div_round(i128 n, i128 d)
{
	i128 a = n < 0 ? -n : n, q = a / d, r = a % d;

	if (2 * r >= d)
		q++;
	return n < 0 ? -q : q;
}

int mais_money_convert(int64_t amount, const char *from, const char *to,
		       mais_rate rate, int64_t *out)
{
	int ef, et;
	i128 n, d, q, a = amount < 0 ? -(i128)amount : (i128)amount;

	if (mais_currency_exponent(from, &ef) ||
	    mais_currency_exponent(to, &et))
		return MAIS_EINVAL;
	if (rate.num <= 0 || rate.den <= 0)
		return mais_error_set(MAIS_EINVAL, "rate %s→%s: not above 0",
				      from, to);
	/* amount/10^ef major units × num/den × 10^et minor units */
	if (mul_checked(a, rate.num, &n) || mul_checked(n, pow10i(et), &n) ||
	    mul_checked(rate.den, pow10i(ef), &d))
		goto limit;
	q = div_round(amount < 0 ? -n : n, d);
	if (q > INT64_MAX || q < -(i128)INT64_MAX)
		goto limit;
	*out = (int64_t)q;
	return 0;
limit:
	return mais_error_set(MAIS_ELIMIT,
			      "%lld %s minor units in %s: too large for "
			      "64-bit minor units",
			      (long long)amount, from, to);
}

/* digits of v (>= 0) with at least min digits, grouped or not, into buf */
static int put_digits(uint64_t v, int exp, int grouped, char *buf, size_t len)
{
	char d[32], o[64];
	int nd =
		snprintf(d, sizeof d, "%0*llu", exp + 1, (unsigned long long)v);
	int nint = nd - exp;
	size_t k = 0;

	for (int i = 0; i < nint; i++) {
		if (grouped && i && (nint - i) % 3 == 0)
			o[k++] = ',';
		o[k++] = d[i];
	}
	if (exp)
		o[k++] = '.';
	for (int i = nint; i < nd; i++)
		o[k++] = d[i];
	o[k] = '\0';
	if ((size_t)snprintf(buf, len, "%s", o) >= len)
		return mais_error_set(MAIS_ELIMIT, "money: buffer too small");
	return 0;
}

int mais_money_format(int64_t minor, const char *currency, int grouped,
		      char *buf, size_t len)
{
	int exp;
	uint64_t v =
		minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;

	if (mais_currency_exponent(currency, &exp))
		return MAIS_EINVAL;
	if (!len)
		return mais_error_set(MAIS_ELIMIT, "money: buffer too small");
	if (minor < 0) {
		if (len < 2)
			return mais_error_set(MAIS_ELIMIT,
					      "money: buffer too small");
		buf[0] = '-';
		return put_digits(v, exp, grouped, buf + 1, len - 1);
	}
	return put_digits(v, exp, grouped, buf, len);
}
