/*
 * values.c — what each column type admits, and its one canonical
 * spelling.  Real data writes numbers as "1 234", "12,5" or "+3", dates and
 * codes in every case; the importer turns what it can into these forms and
 * everything that reaches a record is checked here, once.
 */
#include "core/values.h"
#include "mais/error.h"
#include "mais/limits.h"
#include "mais/vocab.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mais_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned min;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			n = 1, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, min = 0x10000, c &= 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) <= n)
			return 0;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3F);
		}
		/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
		if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
			return 0;
		p += n + 1;
	}
	return 1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int mais_date_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return 0;
	y = (int)strtol(s, NULL, 10);
	m = (int)strtol(s + 5, NULL, 10);
	d = (int)strtol(s + 8, NULL, 10);
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

/* YYYY-MM-DDThh:mm:ss[.sss]Z, UTC.  GeoPackage's DATETIME wants the
 * milliseconds (GeoPackage 1.3 §1.1.1.1.1), so the canonical form has
 * them: the form without is completed with ".000". */
static int canon_datetime(const char *s, char **out)
{
	size_t len = strlen(s);
	char date[11], buf[25];
	int h, mi, se;

	if ((len != 20 && len != 24) || s[10] != 'T' || s[len - 1] != 'Z' ||
	    !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
	    s[16] != ':' || !digits(s + 17, 2) ||
	    (len == 24 && (s[19] != '.' || !digits(s + 20, 3))))
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	h = (int)strtol(s + 11, NULL, 10);
	mi = (int)strtol(s + 14, NULL, 10);
	se = (int)strtol(s + 17, NULL, 10);
	if (!mais_date_valid(date) || h > 23 || mi > 59 || se > 60)
		goto bad;
	snprintf(buf, sizeof buf, "%.19s.%.3sZ", s, len == 24 ? s + 20 : "000");
	*out = strdup(buf);
	return *out ? 0 : mais_error_nomem();
bad:
	return mais_error_set(MAIS_EINVAL,
			      "'%s' is not an ISO 8601 UTC time "
			      "(YYYY-MM-DDThh:mm:ss.sssZ)", s);
}

/* A copy of in without leading and trailing blanks, at most max bytes. */
static int trimmed(const char *in, size_t max, char **out)
{
	size_t len;

	while (isspace((unsigned char)*in))
		in++;
	len = strnlen(in, max + 1);
	if (len > max)
		return mais_error_set(MAIS_ELIMIT,
				      "longer than %zu bytes", max);
	while (len && isspace((unsigned char)in[len - 1]))
		len--;
	*out = strndup(in, len);
	return *out ? 0 : mais_error_nomem();
}

static int canon_integer(const char *t, char **out)
{
	char *end, buf[32];
	long long v;

	errno = 0;
	v = strtoll(t, &end, 10);
	if (end == t || *end || errno == ERANGE)
		return mais_error_set(MAIS_EINVAL,
				      "'%s' is not a whole number", t);
	snprintf(buf, sizeof buf, "%lld", v);
	*out = strdup(buf);
	return *out ? 0 : mais_error_nomem();
}

static int canon_real(const char *t, int nonneg, char **out)
{
	char tmp[MAIS_MAX_SHORT_FIELD], *comma, *end, buf[64];
	double v;

	snprintf(tmp, sizeof tmp, "%s", t);
	/* a decimal comma, when there is no point: "12,5" */
	comma = strchr(tmp, ',');
	if (comma && !strchr(tmp, '.') && !strchr(comma + 1, ','))
		*comma = '.';
	errno = 0;
	v = strtod(tmp, &end);
	if (end == tmp || *end || errno == ERANGE || !isfinite(v))
		return mais_error_set(MAIS_EINVAL, "'%s' is not a number", t);
	if (nonneg && v < 0)
		return mais_error_set(MAIS_EINVAL,
				      "%s is negative; an area is >= 0 m²", t);
	/* the shortest of 15 or 17 digits that reads back as the same double */
	snprintf(buf, sizeof buf, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof buf, "%.17g", v);
	*out = strdup(buf);
	return *out ? 0 : mais_error_nomem();
}

static int canon_bool(const char *t, char **out)
{
	static const char *yes[] = { "1", "true", "yes", "y", "t" };
	static const char *no[] = { "0", "false", "no", "n", "f" };

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(t, yes[i]) == 0)
			return (*out = strdup("1")) ? 0 : MAIS_ENOMEM;
		if (strcasecmp(t, no[i]) == 0)
			return (*out = strdup("0")) ? 0 : MAIS_ENOMEM;
	}
	return mais_error_set(MAIS_EINVAL, "'%s' is not yes/no", t);
}

static int check_code(const mais_column *c, const char *t)
{
	const mais_vocab *v = mais_vocab_find(c->ref);

	if (!v)
		return mais_error_set(MAIS_ENOTFOUND, "no vocabulary '%s'",
				      c->ref);
	if (!mais_vocab_lookup(v, t))
		return mais_error_set(MAIS_EINVAL,
				      "'%s' is not a code of %s", t, c->ref);
	return 0;
}

/* "ap_mine, uxo" -> "ap_mine,uxo", each code checked. */
static int canon_codes(const mais_column *c, const char *t, char **out)
{
	char *res = calloc(1, strlen(t) + 1);
	size_t n = 0;

	if (!res)
		return mais_error_nomem();
	for (const char *p = t; *p;) {
		size_t l = strcspn(p, ","), s = 0, e = l;
		char code[MAIS_MAX_SHORT_FIELD];

		while (s < e && isspace((unsigned char)p[s]))
			s++;
		while (e > s && isspace((unsigned char)p[e - 1]))
			e--;
		if (e - s >= sizeof code) {
			free(res);
			return mais_error_set(MAIS_EINVAL, "code too long");
		}
		memcpy(code, p + s, e - s);
		code[e - s] = '\0';
		if (*code) {
			if (check_code(c, code) < 0) {
				free(res);
				return mais_error_last_code();
			}
			if (n)
				res[n++] = ',';
			memcpy(res + n, code, e - s);
			n += e - s;
		}
		p += l + (p[l] == ',');
	}
	*out = res;
	return 0;
}

static int canon_uuid(const char *t, char **out)
{
	char buf[37];

	if (strlen(t) != 36)
		return mais_error_set(MAIS_EINVAL, "'%s' is not a UUID", t);
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? t[i] != '-' : !isxdigit((unsigned char)t[i]))
			return mais_error_set(MAIS_EINVAL,
					      "'%s' is not a UUID", t);
		buf[i] = (char)tolower((unsigned char)t[i]);
	}
	buf[36] = '\0';
	*out = strdup(buf);
	return *out ? 0 : mais_error_nomem();
}

static int canon_currency(const char *t, char **out)
{
	if (strlen(t) != 3 || !isupper((unsigned char)t[0]) ||
	    !isupper((unsigned char)t[1]) || !isupper((unsigned char)t[2]))
		return mais_error_set(MAIS_EINVAL,
				      "'%s' is not an ISO 4217 currency code "
				      "(three capital letters, e.g. EUR)", t);
	*out = strdup(t);
	return *out ? 0 : mais_error_nomem();
}

/* -?digits[.digits]: exact, never through a double.  A decimal comma
 * ("2,00818", as az and ru write rates) becomes a point; a comma followed
 * by exactly three digits after one to three, not from 0 ("1,234"), could
 * as well group thousands and is refused, never guessed. */
static int canon_decimal(const char *t, char **out)
{
	const char *p = t + (*t == '-');
	size_t int_digits = strspn(p, "0123456789");
	/* after the mark, or the final NUL when there is none */
	const char *frac = p + int_digits + (p[int_digits] != '\0');
	size_t frac_digits = strspn(frac, "0123456789");
	char *s;

	if (!int_digits ||
	    (p[int_digits] && ((p[int_digits] != '.' && p[int_digits] != ',') ||
			       !frac_digits || frac[frac_digits])))
		return mais_error_set(MAIS_EINVAL,
				      "'%s' is not an exact decimal "
				      "(digits, one decimal point or comma)",
				      t);
	if (p[int_digits] == ',' && int_digits <= 3 && frac_digits == 3 &&
	    p[0] != '0')
		return mais_error_set(MAIS_EINVAL,
				      "'%s' is ambiguous: a decimal comma, or "
				      "thousands?  Write it with a decimal "
				      "point (%.*s.%s) or without the comma",
				      t, (int)(p - t + int_digits), t, frac);
	*out = s = strdup(t);
	if (s && p[int_digits] == ',')
		s[p - t + int_digits] = '.';
	return s ? 0 : mais_error_nomem();
}

static int canon_checked(const char *t, int ok, const char *what, char **out)
{
	if (!ok)
		return mais_error_set(MAIS_EINVAL, "'%s' is not %s", t, what);
	*out = strdup(t);
	return *out ? 0 : mais_error_nomem();
}

static int canon_typed(const mais_column *c, const char *t, char **out)
{
	switch (c->type) {
	case MAIS_COL_INTEGER:
	case MAIS_COL_MONEY:
		return canon_integer(t, out);
	case MAIS_COL_REAL:
		return canon_real(t, 0, out);
	case MAIS_COL_AREA_M2:
		return canon_real(t, 1, out);
	case MAIS_COL_BOOL:
		return canon_bool(t, out);
	case MAIS_COL_DATE:
		return canon_checked(t, mais_date_valid(t),
				     "an ISO 8601 date (YYYY-MM-DD)", out);
	case MAIS_COL_DATETIME:
		return canon_datetime(t, out);
	case MAIS_COL_CODE:
		if (check_code(c, t) < 0)
			return mais_error_last_code();
		return canon_checked(t, 1, "", out);
	case MAIS_COL_CODES:
		return canon_codes(c, t, out);
	case MAIS_COL_REF:
	case MAIS_COL_UUID:
		return canon_uuid(t, out);
	case MAIS_COL_CURRENCY:
		return canon_currency(t, out);
	case MAIS_COL_DECIMAL:
		return canon_decimal(t, out);
	case MAIS_COL_TEXT:
		break;
	}
	return canon_checked(t, 1, "", out);
}

int mais_value_canonical(const mais_column *c, const char *in, char **out)
{
	size_t max = c->type == MAIS_COL_TEXT ? MAIS_MAX_TEXT_FIELD
					      : MAIS_MAX_SHORT_FIELD;
	size_t len = strnlen(in, max + 1);
	char *t;
	int rc;

	*out = NULL;
	if (len > max)
		return mais_error_set(MAIS_ELIMIT,
				      "longer than %zu bytes (limits.h)", max);
	if (!mais_utf8_valid(in, len))
		return mais_error_set(MAIS_EINVAL,
				      "not valid UTF-8 text (is the file in "
				      "another encoding?)");
	if (c->type == MAIS_COL_TEXT) {
		*out = strndup(in, len);
		return *out ? 0 : mais_error_nomem();
	}
	rc = trimmed(in, max, &t);
	if (rc < 0)
		return rc;
	/* blanks only: null, as an empty cell */
	rc = *t ? canon_typed(c, t, out) : 0;
	free(t);
	return rc;
}
