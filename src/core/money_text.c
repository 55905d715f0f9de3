/*
 * money_text.c — amounts as people write them: read by the user's number
 * format (mais_money_read) and written back in it (mais_money_write).
 * See money.h for the rule.
 *
 * Why the other reading: the same keys mean opposite things in the two
 * ways of writing numbers that mais's users meet (en "1,234.56", az and
 * ru "1.234,56" or "1 234,56").  A text that the user's format reads as
 * one amount and the other way reads as another ("1,234" of KWD, "1.000"
 * of EUR for a user of en) is where a person's habit and the setting
 * disagree without either being visibly wrong, and a wrong guess is a
 * figure off by a thousand.  Those texts are refused and the person is
 * shown both readings; everything else is read by the user's format
 * alone.  The other reading is strict (at most the currency's decimals):
 * it is what someone used to the other way would have typed.
 *
 * Pure: no I/O, no float or double.
 */
#include "mais/money.h"
#include "mais/error.h"

#include <stdio.h>
#include <string.h>

/* CLDR 48 (cldr-numbers-full main/LOCALE/numbers.json): decimal and
 * group of symbols-numberSystem-latn; en's currency pattern is
 * "¤#,##0.00", az's and ru's "#,##0.00 ¤". */
static const mais_number_format formats[] = {
	{"en", ".", ",", 0},
	{"az", ",", ".", 1},
	{"ru", ",", "\xc2\xa0", 1},
};

#define NFORMATS (sizeof formats / sizeof formats[0])
#define NBSP	 "\xc2\xa0"
/* Longest text read: more has no amount in it that fits 18 digits. */
#define MAX_TEXT 64

const mais_number_format *mais_number_format_find(const char *code)
{
	for (size_t i = 0; code && i < NFORMATS; i++)
		if (strcmp(formats[i].code, code) == 0)
			return &formats[i];
	return NULL;
}

const mais_number_format *mais_number_formats(size_t *n)
{
	*n = NFORMATS;
	return formats;
}

/* --- Normalising the text ------------------------------------------------ */

/* Bytes of the blank at s (ASCII space or tab, U+00A0, U+202F narrow
 * no-break space, U+2009 thin space), 0 if none. */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (!strncmp(s, NBSP, 2))
		return 2;
	if (!strncmp(s, "\xe2\x80\xaf", 3) || !strncmp(s, "\xe2\x80\x89", 3))
		return 3;
	return 0;
}

static int is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The text as digits, '.', ',', '-' and ' ' (one for any blank), with
 * blanks at the ends dropped; letters kept.  -1 on any other byte. */
static int normalise(const char *text, char *out, size_t len)
{
	size_t k = 0, b;

	for (const char *p = text; *p;) {
		if ((b = blank_at(p))) {
			if (k && out[k - 1] != ' ')
				out[k++] = ' ';
			p += b;
		} else if (!strncmp(p, "\xe2\x88\x92", 3)) { /* U+2212 minus */
			out[k++] = '-';
			p += 3;
		} else if (is_digit(*p) || is_letter(*p) || strchr(".,-", *p)) {
			out[k++] = *p++;
		} else {
			return -1;
		}
		if (k + 1 >= len)
			return -1;
	}
	if (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return 0;
}

/* Takes the currency code off either end of s (in place): 0 when there
 * was none or it is currency's, 1 when it is another currency's, -1 for
 * any other letters. */
static int strip_code(char *s, const char *currency)
{
	size_t n = strlen(s), i;
	char *code = NULL;
	int other = 0;

	if (n >= 3 && is_letter(s[0]) && is_letter(s[1]) && is_letter(s[2]) &&
	    !is_letter(s[3]))
		code = s;
	else if (n >= 3 && is_letter(s[n - 1]) && is_letter(s[n - 2]) &&
		 is_letter(s[n - 3]) && (n == 3 || !is_letter(s[n - 4])))
		code = s + n - 3;
	for (i = 0; code && i < 3; i++)
		other |= (code[i] & ~0x20) != currency[i];
	if (code == s)
		memmove(s, s + 3 + (s[3] == ' '), n - 2 - (s[3] == ' '));
	else if (code)
		s[n - 3 - (n > 3 && s[n - 4] == ' ')] = '\0';
	for (i = 0; s[i]; i++)
		if (is_letter(s[i]))
			return -1;
	return other;
}

/* --- One reading ---------------------------------------------------------- */

/* A way of reading the normalised text: its decimal mark, its group mark
 * other than a blank (0: blanks only), and whether decimals beyond the
 * currency's are refused even when they are zeros. */
typedef struct reading_rule {
	char dec, grp;
	int strict;
} reading_rule;

/* 1 if mark c ('.' or ',') has no place in rule. */
static int foreign(char c, reading_rule rule)
{
	return c != rule.dec && c != rule.grp;
}

/* Checks the digit groups of s (digits and marks, no sign): at most
 * three digits before the first group mark, three between marks and
 * before the decimal mark, one kind of group mark.  *dec_at is the
 * decimal mark's index, or -1. */
static mais_money_refusal check_groups(const char *s, reading_rule rule,
				       int *dec_at)
{
	char kind = 0;
	int run = 0;

	*dec_at = -1;
	for (int i = 0; s[i]; i++) {
		char c = s[i];

		if (is_digit(c)) {
			run++;
			continue;
		}
		if (c == '-' || !is_digit(s[i + 1]) || *dec_at >= 0)
			return MAIS_MONEY_NOT_NUMBER; /* two marks, or one
							 after the decimal */
		if ((kind && run != 3) || (c != rule.dec && s[0] == '0'))
			return MAIS_MONEY_GROUPING; /* "0,001" groups nothing */
		if (c == rule.dec) {
			*dec_at = i;
		} else if ((kind && kind != c) || run > 3) {
			return MAIS_MONEY_GROUPING;
		} else {
			kind = c;
		}
		run = 0;
	}
	return kind && *dec_at < 0 && run != 3 ? MAIS_MONEY_GROUPING
					       : MAIS_MONEY_OK;
}

/* Checks the marks of s (no sign): a foreign mark first (the most telling
 * refusal), then the ends, then the groups. */
static mais_money_refusal check_marks(const char *s, reading_rule rule,
				      int *dec_at)
{
	*dec_at = -1;
	if ((strchr(s, ',') && foreign(',', rule)) ||
	    (strchr(s, '.') && foreign('.', rule)))
		return MAIS_MONEY_FOREIGN_MARK;
	if (!is_digit(s[0]) || !is_digit(s[strlen(s) - 1]))
		return MAIS_MONEY_NOT_NUMBER;
	return check_groups(s, rule, dec_at);
}

/* Appends the digits of s[0..n) (marks skipped) to *v; -1 past 18
 * significant digits. */
static int add_digits(const char *s, size_t n, int64_t *v, int *nd)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]) || (*nd == 0 && s[i] == '0'))
			continue; /* a mark, or a leading zero */
		if (++*nd > 18)
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Reads body (normalised, sign and code taken off) by rule into *minor,
 * minor units of a currency of exp decimals. */
static mais_money_refusal read_by(const char *body, int neg, reading_rule rule,
				  int exp, int64_t *minor)
{
	int dec_at, nd = 0;
	const char *frac;
	size_t nint, nfrac;
	int64_t v = 0;
	mais_money_refusal why;

	if (!*body)
		return MAIS_MONEY_NOT_NUMBER;
	why = check_marks(body, rule, &dec_at);
	if (why != MAIS_MONEY_OK)
		return why;
	nint = dec_at >= 0 ? (size_t)dec_at : strlen(body);
	frac = dec_at >= 0 ? body + dec_at + 1 : "";
	nfrac = strlen(frac);
	for (size_t i = (size_t)exp; i < nfrac; i++)
		if (rule.strict || frac[i] != '0')
			return MAIS_MONEY_DECIMALS;
	if (add_digits(body, nint, &v, &nd))
		return MAIS_MONEY_RANGE;
	for (size_t i = 0; i < (size_t)exp; i++)
		if (add_digits(i < nfrac ? frac + i : "0", 1, &v, &nd))
			return MAIS_MONEY_RANGE;
	*minor = neg ? -v : v;
	return MAIS_MONEY_OK;
}

/* --- Both readings ---------------------------------------------------------
 */

static char group_char(const mais_number_format *f)
{
	return strlen(f->group) == 1 ? f->group[0] : 0;
}

/* Takes a leading '-' off *p (and a blank after it); 1 if there was one. */
static int take_sign(char **p)
{
	if (**p != '-')
		return 0;
	++*p;
	*p += **p == ' ';
	return 1;
}

/* Reads text both ways into r; no error set. */
static void classify(const char *text, const mais_number_format *f,
		     const char *currency, int exp, mais_money_reading *r)
{
	char norm[MAX_TEXT + 1], *p = norm;
	reading_rule mine = {f->decimal[0], group_char(f), 0};
	reading_rule other = {f->decimal[0] == '.' ? ',' : '.', f->decimal[0],
			      1};
	int64_t o = 0;
	int neg, code;

	memset(r, 0, sizeof *r);
	r->refusal = MAIS_MONEY_NOT_NUMBER;
	if (normalise(text, norm, sizeof norm) < 0)
		return;
	if (!*norm) {
		r->refusal = MAIS_MONEY_EMPTY;
		return;
	}
	neg = take_sign(&p); /* "-EUR 5.00", as CLDR writes it */
	code = strip_code(p, currency);
	if (code != 0) {
		r->refusal =
			code > 0 ? MAIS_MONEY_CURRENCY : MAIS_MONEY_NOT_NUMBER;
		return;
	}
	if (*p == '-') {
		if (neg)
			return; /* two signs */
		neg = take_sign(&p);
	}
	r->refusal = read_by(p, neg, mine, exp, &r->minor);
	r->has_other = read_by(p, neg, other, exp, &o) == MAIS_MONEY_OK;
	r->other = o;
	if (r->has_other && r->refusal == MAIS_MONEY_OK) {
		if (o == r->minor)
			r->has_other = 0;
		else
			r->refusal = MAIS_MONEY_AMBIGUOUS;
	}
}

/* --- Writing
 * ------------------------------------------------------------------ */

/* |minor| with exp decimals, grouped as f groups, into buf; with
 * extra_zero one more decimal 0. */
static int write_number(int64_t minor, int exp, int extra_zero,
			const mais_number_format *f, char *buf, size_t len)
{
	char d[32];
	uint64_t v =
		minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	int nd = snprintf(d, sizeof d, "%0*llu%s", exp + 1,
			  (unsigned long long)v, extra_zero ? "0" : "");
	int nint = nd - exp - extra_zero;
	size_t k = 0, g = strlen(f->group);

	for (int i = 0; i < nd; i++) {
		if (k + g + 2 >= len)
			return mais_error_set(MAIS_ELIMIT,
					      "money: buffer too small");
		if (i && i < nint && (nint - i) % 3 == 0) {
			memcpy(buf + k, f->group, g);
			k += g;
		}
		if (i == nint)
			buf[k++] = f->decimal[0];
		buf[k++] = d[i];
	}
	buf[k] = '\0';
	return 0;
}

/* The text of minor as f writes it, with or without the code. */
static int compose(int64_t minor, const char *currency, int exp,
		   const mais_number_format *f, int with_code, int extra_zero,
		   char *buf, size_t len)
{
	char num[48];
	const char *sign = minor < 0 ? "-" : "";
	int n;

	if (write_number(minor, exp, extra_zero, f, num, sizeof num) < 0)
		return MAIS_ELIMIT;
	if (!with_code)
		n = snprintf(buf, len, "%s%s", sign, num);
	else if (f->code_after)
		n = snprintf(buf, len, "%s%s" NBSP "%s", sign, num, currency);
	else
		n = snprintf(buf, len, "%s%s" NBSP "%s", sign, currency, num);
	if (n < 0 || (size_t)n >= len)
		return mais_error_set(MAIS_ELIMIT, "money: buffer too small");
	return 0;
}

int mais_money_write(int64_t minor, const char *currency,
		     const mais_number_format *f, int with_code, char *buf,
		     size_t len)
{
	mais_money_reading r;
	int exp, rc;

	if (!f)
		return mais_error_set(MAIS_EINVAL, "money: no number format");
	if (mais_currency_exponent(currency, &exp))
		return MAIS_EINVAL;
	rc = compose(minor, currency, exp, f, with_code, 0, buf, len);
	if (rc < 0 || with_code)
		return rc; /* shown, not typed: as the format writes it */
	classify(buf, f, currency, exp, &r);
	if (r.refusal != MAIS_MONEY_AMBIGUOUS)
		return 0;
	/* "1,234" KWD in ru: one more zero ("1,2340") reads one way only */
	return compose(minor, currency, exp, f, 0, 1, buf, len);
}

/* --- Reading, with a message for a person ------------------------------------
 */

/* "1,234,567.89": how f writes numbers, for messages. */
static void example(const mais_number_format *f, char *buf, size_t len)
{
	if (write_number(123456789, 2, 0, f, buf, len) < 0)
		snprintf(buf, len, "?");
}

/* minor as shown ("EUR 1,234.00") and as typed ("1,234.00"). */
static void both_ways(int64_t minor, const char *currency,
		      const mais_number_format *f, char *shown, char *typed,
		      size_t len)
{
	if (mais_money_write(minor, currency, f, 1, shown, len) < 0)
		snprintf(shown, len, "?");
	if (mais_money_write(minor, currency, f, 0, typed, len) < 0)
		snprintf(typed, len, "?");
}

static int refuse_ambiguous(const char *text, const char *currency,
			    const mais_number_format *f,
			    const mais_money_reading *r)
{
	char s1[64], t1[64], s2[64], t2[64];

	both_ways(r->minor, currency, f, s1, t1, sizeof s1);
	both_ways(r->other, currency, f, s2, t2, sizeof s2);
	return mais_error_set(MAIS_EINVAL,
			      "'%.64s' is ambiguous: %s or %s?  Write %s for "
			      "the first, %s for the second",
			      text, s1, s2, t1, t2);
}

/* What is wrong with text, without the hint, into buf. */
static void why_refused(const char *text, const char *currency, int exp,
			const mais_number_format *f,
			const mais_money_reading *r, char *buf, size_t len)
{
	char ex[48];

	example(f, ex, sizeof ex);
	switch (r->refusal) {
	case MAIS_MONEY_EMPTY:
		snprintf(buf, len, "no amount given");
		break;
	case MAIS_MONEY_GROUPING:
		snprintf(buf, len,
			 "'%.64s': digits are grouped by threes, with one "
			 "kind of separator (%s)",
			 text, ex);
		break;
	case MAIS_MONEY_FOREIGN_MARK:
		snprintf(buf, len,
			 "'%.64s': the number format %s does not use '%c' (%s)",
			 text, f->code, f->decimal[0] == ',' ? '.' : ',', ex);
		break;
	case MAIS_MONEY_DECIMALS:
		snprintf(buf, len, "'%.64s': %s has %d decimals", text,
			 currency, exp);
		break;
	case MAIS_MONEY_CURRENCY:
		snprintf(buf, len, "'%.64s': the amount is in %s", text,
			 currency);
		break;
	case MAIS_MONEY_RANGE:
		snprintf(buf, len, "'%.64s': too large an amount", text);
		break;
	default:
		snprintf(buf, len, "'%.64s' is not an amount (%s)", text, ex);
	}
}

/* Sets the message of r's refusal, with what to write when the other way
 * of writing numbers reads an amount; MAIS_EINVAL. */
static int refuse(const char *text, const char *currency, int exp,
		  const mais_number_format *f, const mais_money_reading *r)
{
	char why[256], shown[64], typed[64];

	if (r->refusal == MAIS_MONEY_AMBIGUOUS)
		return refuse_ambiguous(text, currency, f, r);
	why_refused(text, currency, exp, f, r, why, sizeof why);
	if (!r->has_other)
		return mais_error_set(MAIS_EINVAL, "%s", why);
	both_ways(r->other, currency, f, shown, typed, sizeof shown);
	return mais_error_set(MAIS_EINVAL, "%s; if you mean %s, write %s", why,
			      shown, typed);
}

int mais_money_read(const char *text, const mais_number_format *f,
		    const char *currency, mais_money_reading *r)
{
	int exp;

	memset(r, 0, sizeof *r);
	r->refusal = MAIS_MONEY_NOT_NUMBER;
	if (!f)
		return mais_error_set(MAIS_EINVAL, "money: no number format");
	if (mais_currency_exponent(currency, &exp))
		return MAIS_EINVAL;
	classify(text ? text : "", f, currency, exp, r);
	return r->refusal == MAIS_MONEY_OK
		       ? 0
		       : refuse(text ? text : "", currency, exp, f, r);
}

int mais_money_parse(const char *text, const mais_number_format *f,
		     const char *currency, int64_t *minor)
{
	mais_money_reading r;
	int rc = mais_money_read(text, f, currency, &r);

	if (rc == 0)
		*minor = r.minor;
	return rc;
}
