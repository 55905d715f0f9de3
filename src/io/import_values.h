/*
 * import_values.h — source values as people write them, turned into the
 * forms the data dictionary takes (internal to io).
 */
#ifndef MAIS_IO_IMPORT_VALUES_H
#define MAIS_IO_IMPORT_VALUES_H

#include <stddef.h>
#include "mais/schema.h"

/*
 * Writes to out (outlen bytes) the value `in` for a column of type c:
 * numbers lose thousands separators and blanks ("1 234,5" -> "1234.5",
 * "1,234,567" -> "1234567", "1.234.567" -> "1234567", "12,5" -> "12.5");
 * dates become YYYY-MM-DD ("2010-8-1", "2010/08/01", "1.8.2010",
 * "2010-08-01T10:00:00" -> "2010-08-01"); other types are copied.  What
 * it cannot read it copies unchanged, for the record to refuse with its
 * reason.  Returns 0, or MAIS_ELIMIT if out is too small.
 */
int imp_normalise(const mais_column *c, const char *in, char *out,
		  size_t outlen);

/* A number as a part of a template ("2,006", "2006.0", " 7 ") written as
 * plain digits ("2006", "7", "1.5") to out: 1 if in is a number, 0 (out
 * undefined) if not, MAIS_ELIMIT if out is too small. */
int imp_template_number(const char *in, char *out, size_t outlen);

/* The power of ten that takes an area in `unit` to m²: "m2" (also "m²")
 * 0, "ha" 4, "km2" (also "km²") 6; -1 for any other unit or NULL. */
int imp_unit_exp10(const char *unit);

/*
 * Multiplies the number in num (a normalised decimal, "1234.5") by
 * 10^exp10 in place, exactly, by moving the decimal point ("0.35" with 6
 * -> "350000").  Returns 0; MAIS_EINVAL when num is not a plain decimal
 * (digits with at most one point), MAIS_ELIMIT when the result would not
 * fit in len bytes; the last error says which.
 */
int imp_scale10(char *num, size_t len, int exp10);

#endif
