/*
 * in_recode.c — text of a named encoding recoded to UTF-8 with iconv
 * (recode.h), for `mais import --encoding NAME` on formats whose GDAL
 * driver hands over the bytes as they are (CSV: GDAL 3.6 does not
 * recode it).  A value that is not text in the encoding is kept as it
 * is, so the record refuses it and names the field: nothing is dropped
 * or replaced in silence.
 */
#include "io/recode.h"
#include "mais/error.h"

#include <ctype.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mais_recoder {
	iconv_t cd;
};

void mais_encoding_name(const char *name, char *buf, size_t size)
{
	size_t i = 0;

	while (name[i] && isdigit((unsigned char)name[i]))
		i++;
	snprintf(buf, size, "%s%s", i && !name[i] ? "CP" : "", name);
}

int mais_recoder_new(mais_recoder **out, const char *name)
{
	char iconv_name[64];
	mais_recoder *r;

	*out = NULL;
	mais_encoding_name(name, iconv_name, sizeof iconv_name);
	r = calloc(1, sizeof *r);
	if (!r)
		return mais_error_nomem();
	r->cd = iconv_open("UTF-8", iconv_name);
	if (r->cd == (iconv_t)-1) {
		free(r);
		return mais_error_set(MAIS_EINVAL,
				      "encoding '%.60s' is unknown (give a "
				      "name iconv knows: CP1251, CP1254, "
				      "ISO-8859-6, ...; `iconv -l` lists them)",
				      name);
	}
	*out = r;
	return 0;
}

void mais_recoder_free(mais_recoder *r)
{
	if (!r)
		return;
	iconv_close(r->cd);
	free(r);
}

char *mais_recode(mais_recoder *r, const char *text)
{
	size_t len = strlen(text), cap = 4 * len + 1, left = cap - 1;
	char *out = malloc(cap), *in = (char *)text, *o = out;

	if (!out)
		return NULL;
	iconv(r->cd, NULL, NULL, NULL, NULL); /* a fresh state */
	if (iconv(r->cd, &in, &len, &o, &left) == (size_t)-1 ||
	    iconv(r->cd, NULL, NULL, &o, &left) == (size_t)-1) {
		/* EILSEQ, EINVAL: not text in this encoding; E2BIG cannot
		 * happen (4 bytes of UTF-8 at most per byte read) */
		free(out);
		return strdup(text);
	}
	*o = '\0';
	return out;
}
