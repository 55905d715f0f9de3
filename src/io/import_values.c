/*
 * import_values.c — numbers and dates as they come in real files.
 *
 * The rules are those an information officer expects: a comma followed by
 * exactly three digits in groups is a thousands separator ("1,234"), a
 * lone comma otherwise is a decimal comma ("12,5"); when both a comma and
 * a point appear, the last one is the decimal separator.  Day-first dates
 * are read only with dots (1.8.2010), the usual European form; slashes
 * are read year-first only, since 01/08/2010 is ambiguous.  Areas given
 * in hectares or km² are scaled to m² by moving the decimal point, so that
 * no binary rounding creeps in.
 */
#include "io/import_values.h"
#include "mais/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies in without blanks (also UTF-8 no-break and thin spaces) and
 * apostrophes used as separators. */
static int strip_blanks(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if (isspace(*p) || *p == '\'' || *p == '_')
			continue;
		if (p[0] == 0xC2 && p[1] == 0xA0) { /* U+00A0 */
			p++;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x80 &&
		    (p[2] == 0xAF || p[2] == 0x89)) { /* U+202F, U+2009 */
			p += 2;
			continue;
		}
		if (n + 1 >= outlen)
			return MAIS_ELIMIT;
		out[n++] = (char)*p;
	}
	out[n] = '\0';
	return 0;
}

/* 1 if s is digits in groups of three after the first 1-3, separated by
 * sep: "1,234,567". */
static int grouped(const char *s, char sep)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t lead = strspn(p, "0123456789");

	if (lead < 1 || lead > 3 || p[lead] != sep)
		return 0;
	for (p += lead; *p == sep; p += 4)
		if (strspn(p + 1, "0123456789") < 3 ||
		    (p[4] && p[4] != sep && p[4] != (sep == ',' ? '.' : ',')))
			return 0;
	return *p == '\0' || *p == (sep == ',' ? '.' : ',');
}

static void drop_char(char *s, char c)
{
	char *w = s;

	for (; *s; s++)
		if (*s != c)
			*w++ = *s;
	*w = '\0';
}

static int number(const char *in, char *out, size_t outlen)
{
	char *comma, *point;

	if (strip_blanks(in, out, outlen) < 0)
		return MAIS_ELIMIT;
	comma = strrchr(out, ',');
	point = strrchr(out, '.');
	if (comma && point) {
		/* the later one is the decimal separator */
		if (comma > point) {
			drop_char(out, '.');
			*strrchr(out, ',') = '.';
		} else {
			drop_char(out, ',');
		}
	} else if (comma) {
		if (grouped(out, ','))
			drop_char(out, ',');
		else if (strchr(out, ',') == comma)
			*comma = '.';
	} else if (point && strchr(out, '.') != point && grouped(out, '.')) {
		drop_char(out, '.'); /* 1.234.567 */
	}
	return 0;
}

static int date(const char *in, char *out, size_t outlen)
{
	int a, b, c, n = 0;
	char s1, s2;

	if (outlen < 11)
		return MAIS_ELIMIT;
	while (isspace((unsigned char)*in))
		in++;
	if (sscanf(in, "%4d%c%2d%c%2d%n", &a, &s1, &b, &s2, &c, &n) == 5 &&
	    s1 == s2 && (s1 == '-' || s1 == '/') && a > 999 &&
	    (in[n] == '\0' || in[n] == 'T' || in[n] == ' ')) {
		snprintf(out, outlen, "%04d-%02d-%02d", a, b, c);
		return 0;
	}
	if (sscanf(in, "%2d.%2d.%4d%n", &a, &b, &c, &n) == 3 && c > 999 &&
	    in[n] == '\0') {
		snprintf(out, outlen, "%04d-%02d-%02d", c, b, a);
		return 0;
	}
	snprintf(out, outlen, "%s", in);
	return strlen(in) < outlen ? 0 : MAIS_ELIMIT;
}

int imp_normalise(const mais_column *c, const char *in, char *out,
		  size_t outlen)
{
	switch (c->type) {
	case MAIS_COL_INTEGER:
	case MAIS_COL_MONEY: {
		/* spreadsheets store counts as reals: "4.0" is 4 */
		int rc = number(in, out, outlen);
		/* out is unterminated when number() failed */
		char *point = rc == 0 ? strchr(out, '.') : NULL;

		if (rc == 0 && point && point[1] &&
		    strspn(point + 1, "0") == strlen(point + 1))
			*point = '\0';
		return rc;
	}
	case MAIS_COL_REAL:
	case MAIS_COL_AREA_M2:
		return number(in, out, outlen);
	case MAIS_COL_DATE:
		return date(in, out, outlen);
	default:
		break;
	}
	if (strlen(in) >= outlen)
		return MAIS_ELIMIT;
	memcpy(out, in, strlen(in) + 1);
	return 0;
}

/* The digits of a plain decimal ("-12.5": "125", 2 before the point)
 * into digits (cap bytes); 0 if num is not one. */
static size_t plain_digits(const char *num, char *digits, size_t cap,
			   size_t *nint)
{
	const char *p = num + (*num == '-' || *num == '+');
	size_t nfrac = 0;

	*nint = strspn(p, "0123456789");
	if (p[*nint] == '.')
		nfrac = strspn(p + *nint + 1, "0123456789");
	if (*nint + nfrac == 0 || *nint + nfrac >= cap ||
	    p[*nint + (p[*nint] == '.' ? 1 + nfrac : 0)] != '\0')
		return 0;
	memcpy(digits, p, *nint);
	if (nfrac)
		memcpy(digits + *nint, p + *nint + 1, nfrac);
	return *nint + nfrac;
}

int imp_template_number(const char *in, char *out, size_t outlen)
{
	char digits[128], *point;
	size_t nint;

	if (number(in, out, outlen) < 0)
		return MAIS_ELIMIT;
	if (!plain_digits(out, digits, sizeof digits, &nint) || !nint)
		return 0;
	point = strchr(out, '.');
	if (point && strspn(point + 1, "0") == strlen(point + 1))
		*point = '\0'; /* a sheet's 2006.0 */
	return 1;
}

int imp_unit_exp10(const char *unit)
{
	static const struct {
		const char *name;
		int exp10;
	} units[] = {
		{"m2", 0},  {"m\u00b2", 0},  {"ha", 4},
		{"km2", 6}, {"km\u00b2", 6},
	};

	for (size_t i = 0; unit && i < sizeof units / sizeof units[0]; i++)
		if (!strcmp(unit, units[i].name))
			return units[i].exp10;
	return -1;
}

int imp_scale10(char *num, size_t len, int exp10)
{
	char digits[128], out[160];
	size_t nint, nd, point, lead = 0, end, n = 0;

	if (exp10 <= 0)
		return 0;
	nd = plain_digits(num, digits, sizeof digits - (size_t)exp10, &nint);
	if (!nd)
		return mais_error_set(MAIS_EINVAL,
				      "'%s' is not a decimal number to scale "
				      "to m2",
				      num);
	point = nint + (size_t)exp10; /* digits before the point */
	while (nd < point)
		digits[nd++] = '0';
	while (lead + 1 < point && digits[lead] == '0')
		lead++;
	for (end = nd; end > point && digits[end - 1] == '0'; end--)
		;
	if (*num == '-')
		out[n++] = '-';
	memcpy(out + n, digits + lead, point - lead);
	n += point - lead;
	if (end > point) {
		out[n++] = '.';
		memcpy(out + n, digits + point, end - point);
		n += end - point;
	}
	out[n] = '\0';
	if (n + 1 > len)
		return mais_error_set(MAIS_ELIMIT, "'%s' is too long", num);
	memcpy(num, out, n + 1);
	return 0;
}
