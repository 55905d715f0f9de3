/*
 * recode.h — text of a named encoding (cp1251, cp1254, iso-8859-6, ...)
 * recoded to UTF-8 with iconv (internal to io).  The reader uses it for
 * the formats whose drivers pass bytes through as they are (CSV); a
 * Shapefile's DBF is recoded by GDAL itself (its ENCODING open option).
 *
 * Ownership: a recoder is the caller's (mais_recoder_free, NULL
 * accepted); mais_recode() returns a new string the caller frees.
 */
#ifndef MAIS_IO_RECODE_H
#define MAIS_IO_RECODE_H

#include <stddef.h>

typedef struct mais_recoder mais_recoder;

/* The name iconv knows for `name`: a bare code page number ("1251", as
 * .cpg files write it) becomes "CP1251"; other names pass as they are.
 * Written into buf (size bytes). */
void mais_encoding_name(const char *name, char *buf, size_t size);

/* A recoder from encoding `name` (mais_encoding_name is applied) to
 * UTF-8.  MAIS_EINVAL naming it when iconv does not know the encoding,
 * MAIS_ENOMEM. */
int mais_recoder_new(mais_recoder **out, const char *name);
void mais_recoder_free(mais_recoder *r);

/* text recoded to UTF-8 (a new string), or NULL when out of memory.
 * Bytes that are not text in the encoding are kept as they are, so that
 * the record's UTF-8 check refuses the value, naming the field, rather
 * than a character being lost in silence. */
char *mais_recode(mais_recoder *r, const char *text);

#endif
