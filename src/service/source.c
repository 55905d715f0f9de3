/*
 * source.c — the core's record source (mais/source.h) over a store: how
 * the use-case layer hands records to rules and reports without the core
 * knowing the store.
 */
#include "service/service.h"

static int each(void *ctx, const char *entity, mais_record_fn fn, void *arg)
{
	return mais_store_foreach(ctx, entity, fn, arg);
}

static int get(void *ctx, const char *entity, const char *uuid,
	       mais_record **out)
{
	return mais_store_get(ctx, entity, uuid, out);
}

void svc_source_of(mais_store *s, mais_source *out)
{
	out->ctx = s;
	out->each = each;
	out->get = get;
}
