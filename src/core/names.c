/*
 * names.c — name keys: one spelling for every way a source writes a
 * place name (see mais_name_key in include/mais/admin.h).
 *
 * Tables from a ministry write "CORDOBA" or "BOGOTA D.C.", maps write
 * "Córdoba" and "Bogotá"; Azerbaijani names come with ə and ş or without
 * them.  The key keeps what identifies a name (its letters and digits)
 * and drops what sources disagree on (case, accents, punctuation,
 * spacing).  Unicode is GNU libunistring's: it knows decompositions, case
 * folding and general categories for every script, which a hand-made
 * table of accented Latin letters would not.  We do the rest by hand:
 * letters that have no decomposition (ə, ø, ł, æ, ...) are mapped to
 * Latin letters here, because no normalisation form does it.
 *
 * The steps: check UTF-8, decompose (NFKD), case-fold (decomposing again,
 * as folding may produce composed letters), then one pass over the code
 * points that drops marks, maps letters and folds punctuation and spaces.
 */
#include "mais/admin.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Letters that no Unicode decomposition turns into Latin letters, as they
 * are after case folding, with what they become in a key. */
static const struct {
	ucs4_t c;
	const char *to;
} letter_map[] = {
	{0x00E6, "ae"}, /* æ */
	{0x00F0, "d"},	/* ð */
	{0x00F8, "o"},	/* ø */
	{0x00FE, "th"}, /* þ */
	{0x0111, "d"},	/* đ */
	{0x0127, "h"},	/* ħ */
	{0x0131, "i"},	/* ı dotless i */
	{0x0142, "l"},	/* ł */
	{0x0153, "oe"}, /* œ */
	{0x0167, "t"},	/* ŧ */
	{0x01DD, "e"},	/* ǝ turned e */
	{0x0259, "e"},	/* ə schwa (Azerbaijani) */
};

/* Marks that join the parts of an abbreviation or an elision: removed,
 * so that "D.C." and "DC", "Mar'inka" and "Marinka" match. */
static int is_joiner(ucs4_t c)
{
	return c == '.' || c == '\'' || c == '`' || c == 0x2018 ||
	       c == 0x2019 || c == 0x02BB || c == 0x02BC;
}

/* Code points that separate words: punctuation, separators, controls. */
static int is_separator(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_P) ||
	       uc_is_general_category(c, UC_CATEGORY_Z) ||
	       uc_is_general_category(c, UC_CATEGORY_Cc);
}

/* Code points dropped without trace: combining marks and invisible
 * format characters (soft hyphen, zero-width joiner). */
static int is_dropped(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_M) ||
	       uc_is_general_category(c, UC_CATEGORY_Cf) || is_joiner(c);
}

static const char *mapped_letter(ucs4_t c)
{
	for (size_t i = 0; i < sizeof letter_map / sizeof letter_map[0]; i++)
		if (letter_map[i].c == c)
			return letter_map[i].to;
	return NULL;
}

/* The key being written: out[0..len), with a pending space to write
 * before the next word (so that trailing spaces never get written). */
typedef struct key_writer {
	char *out;
	size_t cap; /* bytes available, without the NUL */
	size_t len;
	int space;
} key_writer;

static int put_bytes(key_writer *w, const void *p, size_t n)
{
	size_t need = n + (w->space && w->len > 0);

	if (w->len + need > w->cap)
		return -1;
	if (w->space && w->len > 0)
		w->out[w->len++] = ' ';
	w->space = 0;
	memcpy(w->out + w->len, p, n);
	w->len += n;
	return 0;
}

static int put_char(key_writer *w, ucs4_t c)
{
	const char *m;
	uint8_t buf[6];
	int n;

	if (is_dropped(c))
		return 0;
	if (is_separator(c)) {
		w->space = 1;
		return 0;
	}
	m = mapped_letter(c);
	if (m)
		return put_bytes(w, m, strlen(m));
	n = u8_uctomb(buf, c, sizeof buf);
	return n > 0 ? put_bytes(w, buf, (size_t)n) : 0;
}

/* Decomposes and case-folds s: a malloc'd string in *folded. */
static int fold(const char *s, size_t n, uint8_t **folded, size_t *flen)
{
	size_t dlen = 0;
	uint8_t *d =
		u8_normalize(UNINORM_NFKD, (const uint8_t *)s, n, NULL, &dlen);

	if (!d)
		return mais_error_set(MAIS_ENOMEM, "name key: out of memory");
	*folded = u8_casefold(d, dlen, NULL, UNINORM_NFKD, NULL, flen);
	free(d);
	if (!*folded)
		return mais_error_set(MAIS_ENOMEM, "name key: out of memory");
	return 0;
}

int mais_name_key(const char *utf8, char *out, size_t outlen)
{
	size_t n, flen = 0;
	uint8_t *f = NULL;
	key_writer w;
	int rc;

	if (!utf8 || !out || outlen == 0)
		return mais_error_set(MAIS_EINVAL,
				      "name key: no name or buffer");
	n = strlen(utf8);
	if (n > MAIS_MAX_TEXT_FIELD)
		return mais_error_set(MAIS_ELIMIT,
				      "name key: name of %zu bytes is over "
				      "the limit of %d (MAIS_MAX_TEXT_FIELD)",
				      n, MAIS_MAX_TEXT_FIELD);
	if (u8_check((const uint8_t *)utf8, n))
		return mais_error_set(MAIS_EINVAL,
				      "name key: name is not valid UTF-8");
	if (n > 0 && (rc = fold(utf8, n, &f, &flen)) < 0)
		return rc;
	w = (key_writer){.out = out, .cap = outlen - 1};
	for (size_t i = 0; i < flen;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, f + i, flen - i);

		if (put_char(&w, c) < 0) {
			free(f);
			out[0] = '\0';
			return mais_error_set(MAIS_ELIMIT,
					      "name key: the key of \"%.64s\" "
					      "does not fit in %zu bytes",
					      utf8, outlen);
		}
		i += (size_t)(k > 0 ? k : 1);
	}
	free(f);
	out[w.len] = '\0';
	return 0;
}
