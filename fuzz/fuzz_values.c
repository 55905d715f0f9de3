/*
 * fuzz_values.c — a source value as people write it (imp_normalise:
 * thousands separators, decimal commas, dates in several orders) and then
 * checked by the record (mais_record_set), as import_map.c does for every
 * mapped field.  The value goes through imp_normalise for every column
 * type, into a buffer as large as the engine's and into one of exactly
 * the size the first input byte picks (so a write past the end is seen),
 * then into every settable column of a hazard, and into one column of
 * each type of the other entities.
 */
#include "io/import_values.h"
#include "mais/limits.h"
#include "mais/record.h"
#include "mais/schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void set_normalised(mais_record *r, const mais_column *c, const char *in)
{
	char buf[MAIS_MAX_SHORT_FIELD];

	if (c->flags & MAIS_COL_SYSTEM)
		return;
	if (c->type == MAIS_COL_TEXT)
		mais_record_set(r, c->name, in);
	else if (imp_normalise(c, in, buf, sizeof buf) == 0)
		mais_record_set(r, c->name, buf);
}

/* Every own and common column of entity e. */
static void set_all(const mais_entity *e, const char *in, int only_new_types,
		    unsigned *types_seen)
{
	size_t ncommon;
	const mais_column *common = mais_schema_common(&ncommon);
	mais_record *r;

	if (mais_record_new(&r, e->name) != 0)
		return;
	for (size_t i = 0; i < e->ncolumns + ncommon; i++) {
		const mais_column *c = i < e->ncolumns
					       ? &e->columns[i]
					       : &common[i - e->ncolumns];

		if (only_new_types && (*types_seen & (1u << c->type)))
			continue;
		*types_seen |= 1u << c->type;
		set_normalised(r, c, in);
	}
	mais_record_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nentities, outlen;
	const mais_entity *entities = mais_schema_entities(&nentities);
	unsigned types_seen = 0;
	char *in, *small;

	if (size < 1 || size > MAIS_MAX_TEXT_FIELD)
		return 0;
	outlen = 1 + data[0] % 40;
	in = malloc(size);
	small = malloc(outlen);
	if (!in || !small) {
		free(in);
		free(small);
		return 0;
	}
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	for (int t = MAIS_COL_TEXT; t <= MAIS_COL_UUID; t++) {
		mais_column c = {.name = "x", .type = (mais_col_type)t};
		char buf[MAIS_MAX_SHORT_FIELD];

		if (imp_normalise(&c, in, buf, sizeof buf) == 0 &&
		    strlen(buf) >= sizeof buf)
			abort();
		if (imp_normalise(&c, in, small, outlen) == 0 &&
		    strlen(small) >= outlen)
			abort();
	}
	set_all(mais_schema_entity("hazard"), in, 0, &types_seen);
	for (size_t i = 0; i < nentities; i++)
		set_all(&entities[i], in, 1, &types_seen);
	free(small);
	free(in);
	return 0;
}
