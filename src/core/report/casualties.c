/*
 * casualties.c — victims of explosive ordnance by year, outcome,
 * sex, age group, role and EO category (of the accident) (the sex- and
 * age-disaggregated figures of IMAS 05.10 and the Landmine Monitor), with
 * the number of distinct accidents behind each row.
 *
 * Each counted victim becomes one key (year, then the index of each code
 * in its vocabulary, "unknown" last) and the accident it belongs to; the
 * keys are sorted and runs of equal keys become rows, so that the order
 * of the rows is the order a person reads them and distinct accidents are
 * counted in the same pass.  A victim's year is its accident's: the year
 * of accident_date, else of the accident's info_date, else of the
 * victim's own info_date.
 */
#include "core/report/report_internal.h"
#include "mais/error.h"
#include "mais/grow.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_OUTCOME, F_SEX, F_AGE, F_ROLE, F_EO, NFIELDS };

static const char *const vocab_names[NFIELDS] = {
	"victim_outcome", "sex", "age_band", "victim_role", "eo_category"};

#define NO_ACCIDENT SIZE_MAX

typedef struct accident {
	char uuid[37];
	char year[5];		 /* "" when unknown */
	const char *eo_category; /* static code of the vocabulary, or NULL */
	int in_area;		 /* 1 if in the admin areas opts counts */
} accident;

typedef struct victim {
	char year[5]; /* "" when unknown: sorts last */
	size_t code[NFIELDS];
	size_t accident; /* index, or NO_ACCIDENT */
} victim;

typedef struct cas {
	const mais_report_opts *opts;
	const mais_vocab *vocab[NFIELDS];
	accident *acc;
	size_t nacc, capacc, counted_acc;
	victim *vic;
	size_t nvic, capvic;
} cas;

static void year_of(const mais_record *r, const char *column, char out[5])
{
	const char *d = column ? mais_record_get(r, column) : NULL;

	if (!d)
		d = mais_record_get(r, "info_date");
	out[0] = '\0';
	if (d && strlen(d) >= 4) {
		memcpy(out, d, 4);
		out[4] = '\0';
	}
}

/* The index of code in v; "not given" is the code "unknown" where the
 * vocabulary has it; v->count stands for unknown. */
static size_t code_index(const mais_vocab *v, const char *code)
{
	return mais_report__vocab_index(v, code ? code : "unknown");
}

static int on_accident(const mais_record *r, void *arg)
{
	cas *x = arg;
	accident *v;

	if (mais_grow(&x->acc, &x->capacc, x->nacc, sizeof *x->acc) < 0)
		return MAIS_ENOMEM;
	v = x->acc;
	snprintf(v[x->nacc].uuid, sizeof v->uuid, "%s", mais_record_uuid(r));
	year_of(r, "accident_date", v[x->nacc].year);
	v[x->nacc].eo_category = NULL;
	v[x->nacc].in_area = mais_report_area_counts(
		x->opts, mais_record_get(r, "admin_area_uuid"));
	if (mais_record_get(r, "eo_category")) {
		size_t i = code_index(x->vocab[F_EO],
				      mais_record_get(r, "eo_category"));

		if (i < x->vocab[F_EO]->count)
			v[x->nacc].eo_category = x->vocab[F_EO]->codes[i].code;
	}
	x->nacc++;
	if (mais_report_counts(x->opts, r))
		x->counted_acc++;
	return 0;
}

static int cmp_accident(const void *a, const void *b)
{
	return strcmp(((const accident *)a)->uuid, ((const accident *)b)->uuid);
}

/* The age band of an age in years (the bands of vocabulary age_band). */
static const char *band_of_age(const char *age)
{
	char *end;
	long a;

	if (!age)
		return NULL;
	a = strtol(age, &end, 10);
	if (*end || a < 0)
		return NULL;
	if (a <= 9)
		return "age_0_9";
	if (a <= 17)
		return "age_10_17";
	if (a <= 45)
		return "age_18_45";
	return "age_46_plus";
}

static void victim_codes(const cas *x, const mais_record *r, const accident *a,
			 victim *v)
{
	const char *band = mais_record_get(r, "age_band");

	if (!band)
		band = band_of_age(mais_record_get(r, "age"));
	v->code[F_OUTCOME] =
		code_index(x->vocab[F_OUTCOME], mais_record_get(r, "outcome"));
	v->code[F_SEX] = code_index(x->vocab[F_SEX], mais_record_get(r, "sex"));
	v->code[F_AGE] = code_index(x->vocab[F_AGE], band);
	v->code[F_ROLE] =
		code_index(x->vocab[F_ROLE], mais_record_get(r, "victim_role"));
	v->code[F_EO] = code_index(x->vocab[F_EO], a ? a->eo_category : NULL);
}

static int on_victim(const mais_record *r, void *arg)
{
	cas *x = arg;
	victim *v;
	accident key, *a = NULL;
	const char *au = mais_record_get(r, "accident_uuid");

	if (!mais_report_counts(x->opts, r))
		return 0;
	if (au && x->nacc) {
		snprintf(key.uuid, sizeof key.uuid, "%s", au);
		a = bsearch(&key, x->acc, x->nacc, sizeof *x->acc,
			    cmp_accident);
	}
	/* a victim is where its accident happened */
	if (x->opts->areas && (!a || !a->in_area))
		return 0;
	if (mais_grow(&x->vic, &x->capvic, x->nvic, sizeof *x->vic) < 0)
		return MAIS_ENOMEM;
	v = &x->vic[x->nvic++];
	v->accident = a ? (size_t)(a - x->acc) : NO_ACCIDENT;
	if (a && a->year[0])
		memcpy(v->year, a->year, sizeof v->year);
	else
		year_of(r, NULL, v->year);
	victim_codes(x, r, a, v);
	return 0;
}

/* Years ascending, unknown ("") last. */
static int cmp_year(const char *a, const char *b)
{
	if (!*a || !*b)
		return (!*a) - (!*b);
	return strcmp(a, b);
}

static int cmp_key(const victim *a, const victim *b)
{
	int c = cmp_year(a->year, b->year);

	for (int i = 0; !c && i < NFIELDS; i++)
		c = (a->code[i] > b->code[i]) - (a->code[i] < b->code[i]);
	return c;
}

static int cmp_victim(const void *pa, const void *pb)
{
	const victim *a = pa, *b = pb;
	int c = cmp_key(a, b);

	if (c)
		return c;
	return (a->accident > b->accident) - (a->accident < b->accident);
}

static const char *code_name(const mais_vocab *v, size_t i)
{
	return i < v->count ? v->codes[i].code : "unknown";
}

static int start_row(const cas *x, const victim *v, mais_cas_row *r)
{
	if (!(r->year = strdup(v->year[0] ? v->year : "unknown")))
		return mais_error_nomem();
	r->outcome = code_name(x->vocab[F_OUTCOME], v->code[F_OUTCOME]);
	r->sex = code_name(x->vocab[F_SEX], v->code[F_SEX]);
	r->age_group = code_name(x->vocab[F_AGE], v->code[F_AGE]);
	r->victim_role = code_name(x->vocab[F_ROLE], v->code[F_ROLE]);
	r->eo_category = code_name(x->vocab[F_EO], v->code[F_EO]);
	return 0;
}

/* One pass over the sorted victims: rows, and distinct accidents per row
 * (equal accidents are adjacent within a row) and in all (marks). */
static int make_rows(const cas *x, mais_cas_report *rep)
{
	unsigned char *seen = calloc(x->nacc + 1, 1);
	mais_cas_row *r = NULL;

	rep->rows = calloc(x->nvic + 1, sizeof *rep->rows);
	if (!rep->rows || !seen) {
		free(seen);
		return mais_error_nomem();
	}
	for (size_t i = 0; i < x->nvic; i++) {
		const victim *v = &x->vic[i], *prev = i ? v - 1 : NULL;
		int new_row = !prev || cmp_key(prev, v) != 0;

		if (new_row) {
			r = &rep->rows[rep->nrows++];
			if (start_row(x, v, r)) {
				free(seen);
				return MAIS_ENOMEM;
			}
		}
		r->victims++;
		if (v->accident == NO_ACCIDENT)
			continue;
		if (new_row || prev->accident != v->accident)
			r->accidents++;
		if (!seen[v->accident]) {
			seen[v->accident] = 1;
			rep->total.accidents++;
		}
	}
	free(seen);
	rep->total.victims = x->nvic;
	return 0;
}

static int load(cas *x, const mais_source *src)
{
	int rc = src->each(src->ctx, "accident", on_accident, x);

	if (rc)
		return rc;
	if (x->nacc) /* qsort and bsearch want a non-null array */
		qsort(x->acc, x->nacc, sizeof *x->acc, cmp_accident);
	rc = src->each(src->ctx, "victim", on_victim, x);
	if (!rc && x->nvic)
		qsort(x->vic, x->nvic, sizeof *x->vic, cmp_victim);
	return rc;
}

static int find_vocabs(cas *x)
{
	for (int i = 0; i < NFIELDS; i++)
		if (!(x->vocab[i] = mais_vocab_find(vocab_names[i])))
			return mais_error_set(MAIS_ENOTFOUND,
					      "casualty report: no vocabulary "
					      "%s",
					      vocab_names[i]);
	return 0;
}

int mais_report_casualties(const mais_source *src, const mais_report_opts *opts,
			   mais_cas_report **out)
{
	cas x = {.opts = opts};
	mais_cas_report *rep = NULL;
	int rc;

	if (!src || !opts || !out)
		return mais_error_set(MAIS_EINVAL, "casualty report: no "
						   "source, options or output");
	*out = NULL;
	rc = find_vocabs(&x);
	if (!rc)
		rc = load(&x, src);
	if (!rc && !(rep = calloc(1, sizeof *rep)))
		rc = mais_error_nomem();
	if (!rc) {
		rep->include_submitted = opts->include_submitted != 0;
		rep->accidents = x.counted_acc;
		rep->total.year = rep->total.outcome = rep->total.sex = "total";
		rep->total.age_group = rep->total.victim_role = "total";
		rep->total.eo_category = "total";
		rc = make_rows(&x, rep);
	}
	if (rc)
		mais_cas_report_free(rep);
	else
		*out = rep;
	free(x.acc);
	free(x.vic);
	return rc;
}

void mais_cas_report_free(mais_cas_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrows; i++)
		free((char *)r->rows[i].year);
	free(r->rows);
	free(r);
}
