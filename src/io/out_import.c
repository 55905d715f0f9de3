/*
 * out_import.c — the summary of an import (see out_import.h), shared by
 * `mais import` and POST /api/import so that both say the same: counts,
 * counts per rule, and the first rejects and flags listed with the file,
 * layer, feature, field, rule and message.
 */
#include "io/out_import.h"
#include "mais/limits.h"

#include <stdlib.h>
#include <string.h>

struct mais_import_log {
	FILE *csv;
	json_t *by_rule; /* {"rejected": {rule: n}, "flagged": {...}} */
	json_t *listed;
	json_t *first_rejected; /* the first few, empty rows aside */
	json_t *crs;		/* per file: its CRS and transformations */
	char *hide;		/* prefix of file names to hide, or NULL */
};

mais_import_log *mais_import_log_new(FILE *csv)
{
	mais_import_log *log = calloc(1, sizeof *log);

	if (!log)
		return NULL;
	log->csv = csv;
	log->by_rule = json_pack("{s:{}, s:{}}", "rejected", "flagged");
	log->listed = json_array();
	log->first_rejected = json_array();
	log->crs = json_array();
	if (!log->by_rule || !log->listed || !log->first_rejected ||
	    !log->crs) {
		mais_import_log_free(log);
		return NULL;
	}
	if (csv)
		fputs("outcome,file,layer,feature,reference,field,rule,"
		      "message\n",
		      csv);
	return log;
}

void mais_import_log_free(mais_import_log *log)
{
	if (!log)
		return;
	json_decref(log->by_rule);
	json_decref(log->listed);
	json_decref(log->first_rejected);
	json_decref(log->crs);
	free(log->hide);
	free(log);
}

void mais_import_log_hide_prefix(mais_import_log *log, const char *prefix)
{
	free(log->hide);
	log->hide = prefix ? strdup(prefix) : NULL;
}

/* One CSV field, quoted as RFC 4180 says. */
static void csv_field(FILE *fp, const char *s, int last)
{
	fputc('"', fp);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputs(last ? "\"\n" : "\",", fp);
}

static void count_rule(mais_import_log *log, const char *outcome,
		       const char *rule)
{
	json_t *o = json_object_get(log->by_rule, outcome);
	json_int_t n = json_integer_value(json_object_get(o, rule));

	json_object_set_new(o, rule, json_integer(n + 1));
}

static const char *shown(const mais_import_log *log, const char *file)
{
	size_t n = log->hide ? strlen(log->hide) : 0;

	if (n && file && strncmp(file, log->hide, n) == 0)
		return file + n;
	return file ? file : "";
}

typedef struct line {
	const char *outcome, *file, *layer, *reference, *field, *rule, *message;
	long long feature;
} line;

static void report_line(mais_import_log *log, const line *l)
{
	const char *file = shown(log, l->file);
	char idx[32];

	count_rule(log, l->outcome, l->rule);
	if (json_array_size(log->listed) < MAIS_MAX_CHECK_LISTED)
		json_array_append_new(
			log->listed,
			json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}",
				  "outcome", l->outcome, "file", file, "layer",
				  l->layer ? l->layer : "", "feature",
				  (json_int_t)l->feature, "reference",
				  l->reference ? l->reference : "", "field",
				  l->field ? l->field : "", "rule", l->rule,
				  "message", l->message ? l->message : ""));
	if (!log->csv)
		return;
	snprintf(idx, sizeof idx, "%lld", l->feature);
	csv_field(log->csv, l->outcome, 0);
	csv_field(log->csv, file, 0);
	csv_field(log->csv, l->layer, 0);
	csv_field(log->csv, idx, 0);
	csv_field(log->csv, l->reference, 0);
	csv_field(log->csv, l->field, 0);
	csv_field(log->csv, l->rule, 0);
	csv_field(log->csv, l->message, 1);
}

/* Keeps the first rejections for the summary (empty rows aside). */
static void keep_first(mais_import_log *log, const line *l)
{
	if (!strcmp(l->rule, "empty_row") ||
	    json_array_size(log->first_rejected) >= MAIS_IMPORT_FIRST_REJECTED)
		return;
	json_array_append_new(log->first_rejected,
			      json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}",
					"file", shown(log, l->file), "layer",
					l->layer ? l->layer : "", "feature",
					(json_int_t)l->feature, "field",
					l->field ? l->field : "", "rule",
					l->rule, "message",
					l->message ? l->message : ""));
}

void mais_import_log_reject(const mais_import_reject *r, void *ctx)
{
	line l = {.outcome = "rejected",
		  .file = r->file,
		  .layer = r->layer,
		  .field = r->field,
		  .rule = r->rule,
		  .message = r->message,
		  .feature = (long long)r->feature};

	keep_first(ctx, &l);
	report_line(ctx, &l);
}

void mais_import_log_note(const mais_import_note *n, void *ctx)
{
	line l = {.outcome = "flagged",
		  .file = n->file,
		  .layer = n->layer,
		  .reference = n->reference,
		  .rule = n->rule,
		  .message = n->message,
		  .feature = (long long)n->feature};

	report_line(ctx, &l);
}

const json_t *mais_import_log_first_rejected(const mais_import_log *log)
{
	return log->first_rejected;
}

void mais_import_log_crs(const mais_import_crs *c, void *ctx)
{
	mais_import_log *log = ctx;
	json_t *ops = json_array();

	for (size_t i = 0; ops && i < c->nops; i++)
		json_array_append_new(
			ops, json_pack("{s:s, s:o, s:b, s:I}", "name",
				       c->ops[i].name, "accuracy_m",
				       c->ops[i].accuracy_m < 0
					       ? json_null()
					       : json_real(c->ops[i].accuracy_m),
				       "ballpark", c->ops[i].ballpark,
				       "features",
				       (json_int_t)c->ops[i].features));
	json_array_append_new(
		log->crs,
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "file",
			  shown(log, c->file), "layer",
			  c->layer ? c->layer : "", "crs", c->crs, "name",
			  c->name, "from", c->from, "transformations",
			  ops ? ops : json_array()));
}

const json_t *mais_import_log_crs_list(const mais_import_log *log)
{
	return log->crs;
}

const json_t *mais_import_log_by_rule(const mais_import_log *log)
{
	return log->by_rule;
}

json_t *mais_import_log_json(const mais_import_log *log,
			     const mais_import_summary *s)
{
	json_t *o = json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O, s:O}",
		"read", (json_int_t)s->read, "stored", (json_int_t)s->stored,
		"imported_before", (json_int_t)s->imported_before, "rejected",
		(json_int_t)s->rejected, "repaired", (json_int_t)s->repaired,
		"duplicates", (json_int_t)s->duplicates, "unassigned",
		(json_int_t)s->unassigned, "records", (json_int_t)s->records,
		"empty_rows", (json_int_t)s->empty_rows, "rejected_by_rule",
		json_object_get(log->by_rule, "rejected"), "flagged_by_rule",
		json_object_get(log->by_rule, "flagged"), "listed",
		log->listed);

	if (o)
		json_object_set(o, "crs", log->crs);
	return o;
}
