/*
 * eo_model.c — an EO item's category against the reference list of EO
 * models (eo_model.h), from the eo_model records the caller adds.
 */
#include "mais/eo_model.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int mais_eo_model_start(mais_eo_model_look *l, const mais_record *r)
{
	const char *model = mais_record_get(r, "eo_model");
	const char *cat = mais_record_get(r, "eo_category");

	memset(l, 0, sizeof *l);
	if (strcmp(mais_record_entity(r)->name, "eo_item") != 0 || !model ||
	    !cat)
		return 0;
	snprintf(l->model, sizeof l->model, "%s", model);
	snprintf(l->category, sizeof l->category, "%s", cat);
	return 1;
}

void mais_eo_model_add(mais_eo_model_look *l, const mais_record *m)
{
	const char *name = mais_record_get(m, "model");
	const char *cat = mais_record_get(m, "eo_category");
	const char *st = mais_record_get(m, "status");
	size_t n;

	if (!*l->model || !name || !cat || strcasecmp(name, l->model) != 0 ||
	    (st && strcmp(st, "rejected") == 0))
		return;
	l->known = 1;
	if (strcmp(cat, l->category) == 0) {
		l->same = 1;
		return;
	}
	n = strlen(l->others);
	if (!strstr(l->others, cat) && n + strlen(cat) + 3 < sizeof l->others)
		snprintf(l->others + n, sizeof l->others - n, "%s%s",
			 n ? ", " : "", cat);
}

int mais_eo_model_finding(const mais_eo_model_look *l, char *message,
			  size_t len)
{
	if (!l->known || l->same)
		return 0;
	snprintf(message, len,
		 "eo_item.eo_category: %s, but the EO model %s is listed as "
		 "%s",
		 l->category, l->model, l->others);
	return 1;
}
