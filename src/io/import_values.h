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

#endif
