/*
 * grow.c — the growable array of grow.h.
 */
#include "mais/grow.h"
#include "mais/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int mais_grow(void *pv, size_t *cap, size_t n, size_t elem)
{
	size_t c = *cap ? 2 * *cap : 16;
	void *v;

	if (n < *cap)
		return 0;
	if (c < *cap || c > SIZE_MAX / elem)
		return mais_error_nomem();
	memcpy(&v, pv, sizeof v); /* the caller's pointer, whatever its type */
	if (!(v = realloc(v, c * elem)))
		return mais_error_nomem();
	memcpy(pv, &v, sizeof v);
	*cap = c;
	return 0;
}
