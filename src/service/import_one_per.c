/*
 * import_one_per.c — the table of records made once per key in an import
 * (import_one_per.h): a hash table from "output number, key" to the uuid
 * of the record the first feature with that key made.
 */
#include "service/import_one_per.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct imp_one_per {
	json_t *uuids; /* {"N\x1fKEY": uuid} */
};

int imp_one_per_new(imp_one_per **out)
{
	imp_one_per *t = calloc(1, sizeof *t);

	if (t && !(t->uuids = json_object())) {
		free(t);
		t = NULL;
	}
	*out = t;
	return t ? 0 : mais_error_nomem();
}

void imp_one_per_free(imp_one_per *t)
{
	if (!t)
		return;
	json_decref(t->uuids);
	free(t);
}

int imp_one_per_key(const imp_output *o, int output,
		    const mais_source_feature *f, char *key, size_t len)
{
	char buf[MAIS_MAX_SHORT_FIELD];
	const char *v;
	int rc, n;

	key[0] = '\0';
	if (!o->one_per)
		return 0;
	rc = imp_template(f, o->one_per, NULL, buf, sizeof buf, &v);
	if (rc < 0)
		return mais_error_prefix(rc, "one_per");
	if (!v)
		return 0;
	n = snprintf(key, len, "%d\x1f%s", output, v);
	if (n < 0 || (size_t)n >= len)
		return mais_error_set(MAIS_ELIMIT,
				      "one_per: the key '%s' is "
				      "too long",
				      v);
	return 1;
}

const char *imp_one_per_find(const imp_one_per *t, const char *key)
{
	return json_string_value(json_object_get(t->uuids, key));
}

int imp_one_per_add(imp_one_per *t, const char *key, const char *uuid)
{
	if (json_object_get(t->uuids, key))
		return 0;
	return json_object_set_new_nocheck(t->uuids, key, json_string(uuid))
		       ? mais_error_nomem()
		       : 0;
}
