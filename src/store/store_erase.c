/*
 * store_erase.c — the store front for erasing personal data
 * (mais_store_erase_personal, mais_store_scrub in store.h).
 *
 * History is append-only (DESIGN.md "One history mechanism"), with one
 * exception that the law makes: a victim's personal data must go where
 * the law or a withdrawn consent requires it, from the record and from
 * every version that copied it.  The front decides what is erased — the
 * columns the data dictionary marks sensitive, never a list from the
 * caller — checks the reason, and writes the one audit entry that says
 * what was erased, by whom and why; the backend only rewrites rows
 * (erase_columns) and then its file (scrub), so that the values leave no
 * trace in free pages or in the write-ahead log either.
 */
#include "mais/error.h"
#include "mais/limits.h"
#include "mais/store.h"
#include "store/store_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define ERASE_ACTION "erase_personal_data"

/* The sensitive columns of e, in dictionary order, into cols. */
static int sensitive_columns(const mais_entity *e,
			     const mais_column *cols[MAIS_STORE_MAX_ERASED],
			     size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < e->ncolumns; i++) {
		if (!(e->columns[i].flags & MAIS_COL_SENSITIVE))
			continue;
		if (*n == MAIS_STORE_MAX_ERASED)
			return mais_error_set(MAIS_ELIMIT,
					      "%s: more than %d sensitive "
					      "columns",
					      e->name, MAIS_STORE_MAX_ERASED);
		cols[(*n)++] = &e->columns[i];
	}
	if (*n == 0)
		return mais_error_set(MAIS_EINVAL,
				      "%s records hold no personal data to "
				      "erase",
				      e->name);
	return 0;
}

/* A reason is required, says something, and is bounded. */
static int check_reason(const char *reason)
{
	const char *p = reason;

	while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (!p || !*p)
		return mais_error_set(MAIS_EINVAL,
				      "erasure.reason: an erasure needs the "
				      "reason that requires it (a law, a "
				      "withdrawn consent)");
	if (strlen(reason) > MAIS_MAX_TEXT_FIELD)
		return mais_error_set(MAIS_ELIMIT,
				      "erasure.reason: longer than %d bytes",
				      MAIS_MAX_TEXT_FIELD);
	return 0;
}

/* The audit detail: {"columns": [...], "versions": N, "reason": "..."}
 * (caller frees).  MAIS_EINVAL when the reason is not UTF-8. */
static int audit_detail(const mais_store_erasure *x, const char *reason,
			char **out)
{
	json_t *cols = json_array(), *why = json_string(reason), *o;

	*out = NULL;
	if (!why) {
		json_decref(cols);
		return mais_error_set(MAIS_EINVAL,
				      "erasure.reason: not UTF-8 text");
	}
	for (size_t i = 0; cols && i < x->ncolumns; i++)
		json_array_append_new(cols, json_string(x->columns[i]));
	o = json_pack("{s:o, s:I, s:o}", "columns", cols, "versions",
		      (json_int_t)x->versions, "reason", why);
	*out = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return *out ? 0 : mais_error_nomem();
}

/* The erasure and its audit entry, in the open write transaction. */
static int erase_in_txn(mais_store *s, const mais_entity *e, const char *uuid,
			const mais_actor *who, const char *reason,
			mais_store_erasure *x)
{
	const mais_column *cols[MAIS_STORE_MAX_ERASED];
	uint64_t held = 0;
	size_t n;
	char at[25], *detail = NULL;
	void *db;
	const mais_store_backend *be = store_backend(s, &db);
	int rc;

	rc = sensitive_columns(e, cols, &n);
	if (rc == 0)
		rc = be->erase_columns(db, e, uuid, cols, n, reason, &held,
				       &x->versions);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (held & (UINT64_C(1) << i))
			x->columns[x->ncolumns++] = cols[i]->name;
	if (rc == 0)
		rc = audit_detail(x, reason, &detail);
	store_utc_now(at);
	if (rc == 0)
		rc = be->insert_audit(db, who, at, ERASE_ACTION, e->name, uuid,
				      0, detail);
	free(detail);
	return rc;
}

int mais_store_erase_personal(mais_store *s, const char *entity,
			      const char *uuid, const mais_actor *who,
			      const char *reason, mais_store_erasure *out)
{
	const mais_entity *e = mais_schema_entity(entity);
	mais_store_erasure x = {0};
	int own = !mais_store_in_transaction(s);
	int rc;

	if (out)
		memset(out, 0, sizeof *out);
	if (!e)
		return mais_error_set(MAIS_ENOTFOUND, "no entity '%s'", entity);
	rc = check_reason(reason);
	if (rc == 0)
		rc = store_write_begin(s);
	if (rc < 0)
		return rc;
	rc = store_write_end(s, erase_in_txn(s, e, uuid, who, reason, &x));
	if (rc == 0 && out)
		*out = x;
	return rc == 0 && own ? mais_store_scrub(s) : rc;
}

int mais_store_scrub(mais_store *s)
{
	void *db;
	const mais_store_backend *be = store_backend(s, &db);

	if (mais_store_in_transaction(s))
		return mais_error_set(MAIS_EINVAL,
				      "scrub after the transaction's commit, "
				      "not inside it");
	return be->scrub(db);
}
