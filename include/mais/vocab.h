/*
 * vocab.h — the fixed vocabularies of mine action (IMAS terms): hazard
 * class, hazard status, activity type, land release method, EO category,
 * EO fate, victim outcome, sex, age band, ... each a list of stable codes
 * with English labels.
 *
 * One source table (src/core/vocab.c) generates everything else: the code
 * tables of each database (code_<vocabulary>, one row a code) and the
 * validation of coded fields.  Codes are lower-case ASCII and never change
 * once released; labels may.  Labels in other languages belong to the UI
 * message catalogue, keyed by "<vocabulary>.<code>".
 *
 * Ownership: everything returned is static and never freed.
 */
#ifndef MAIS_VOCAB_H
#define MAIS_VOCAB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mais_code {
	const char *code;  /* stable, lower-case ASCII: "sha", "ap_mine" */
	const char *label; /* English label: "Suspected hazardous area" */
} mais_code;

typedef struct mais_vocab {
	const char *name;   /* "hazard_class"; table code_hazard_class */
	const char *source; /* where the terms come from: "IMAS 04.10" */
	const mais_code *codes;
	size_t count;
} mais_vocab;

/* All vocabularies, *count set to their number. */
const mais_vocab *mais_vocab_all(size_t *count);

/* The vocabulary called name, or NULL. */
const mais_vocab *mais_vocab_find(const char *name);

/* The entry of code in v (exact, case-sensitive match), or NULL. */
const mais_code *mais_vocab_lookup(const mais_vocab *v, const char *code);

#ifdef __cplusplus
}
#endif
#endif
