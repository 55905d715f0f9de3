/*
 * eo_model.c — an EO item's category against the reference list of EO
 * models (eo_model.h).
 */
#include "mais/eo_model.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct look {
	const char *model, *category;
	int known, same;
	char others[160];
} look;

static int on_model(const mais_record *m, void *arg)
{
	look *l = arg;
	const char *name = mais_record_get(m, "model");
	const char *cat = mais_record_get(m, "eo_category");
	const char *st = mais_record_get(m, "status");
	size_t n;

	if (!name || !cat || strcasecmp(name, l->model) != 0 ||
	    (st && strcmp(st, "rejected") == 0))
		return 0;
	l->known = 1;
	if (strcmp(cat, l->category) == 0) {
		l->same = 1;
		return 0;
	}
	n = strlen(l->others);
	if (!strstr(l->others, cat) && n + strlen(cat) + 3 < sizeof l->others)
		snprintf(l->others + n, sizeof l->others - n, "%s%s",
			 n ? ", " : "", cat);
	return 0;
}

int mais_eo_model_check(mais_store *s, const mais_record *r, int *flag,
			char *message, size_t len)
{
	look l = {0};
	int rc;

	*flag = 0;
	if (strcmp(mais_record_entity(r)->name, "eo_item") != 0)
		return 0;
	l.model = mais_record_get(r, "eo_model");
	l.category = mais_record_get(r, "eo_category");
	if (!l.model || !l.category)
		return 0;
	rc = mais_store_foreach(s, "eo_model", on_model, &l);
	if (rc < 0)
		return rc;
	if (l.known && !l.same) {
		*flag = 1;
		snprintf(message, len,
			 "eo_item.eo_category: %s, but the EO model %s is "
			 "listed as %s",
			 l.category, l.model, l.others);
	}
	return 0;
}
