/*
 * grow.h — a growable array, the one way mais grows one: capacity doubled
 * (16 first) when it is full, the size checked against overflow.
 *
 *     if (mais_grow(&x->v, &x->cap, x->n, sizeof *x->v) < 0)
 *             return mais_error_last_code();
 *     x->v[x->n++] = item;
 *
 * pv is the address of the array pointer (any element type); the array
 * stays the caller's, freed with free().  Returns 0 when there is room for
 * element n, MAIS_ENOMEM (the array unchanged) when there is none.
 */
#ifndef MAIS_GROW_H
#define MAIS_GROW_H

#include <stddef.h>

int mais_grow(void *pv, size_t *cap, size_t n, size_t elem);

#endif
