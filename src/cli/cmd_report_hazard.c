/*
 * cmd_report_hazard.c — `mais report hazard DB REFERENCE_OR_UUID`: the
 * land release accounting of one hazard (landrelease.h): its original
 * area, what was cancelled, reduced and cleared (overlaps once, first
 * release wins) and what remains, in m².  cmd_report.c hands the
 * "hazard" report to this file.
 */
#include "cli/cli.h"
#include "mais/error.h"
#include "service/lr.h"
#include "mais/store.h"

#include <stdio.h>
#include <string.h>

/* Finds the hazard whose reference is ctx->want. */
typedef struct find {
	const char *want;
	char uuid[37];
} find;

static int on_candidate(const mais_record *r, void *arg)
{
	find *x = arg;
	const char *ref = mais_record_reference(r);

	if (!ref || strcmp(ref, x->want))
		return 0;
	snprintf(x->uuid, sizeof x->uuid, "%s", mais_record_uuid(r));
	return 1;
}

/* The hazard called `key` (a UUID or a reference): *out borrowed. */
static int find_hazard(mais_store *s, const char *key, mais_record **out)
{
	mais_store_query q = {0};
	find x = {.want = key};
	int64_t total = 0;
	int rc;

	if (mais_store_get(s, "hazard", key, out) == 0)
		return 0;
	q.entity = "hazard";
	q.q = key;
	q.limit = 100;
	rc = mais_store_list(s, &q, &total, on_candidate, &x);
	if (rc < 0)
		return rc;
	if (!x.uuid[0])
		return mais_error_set(MAIS_ENOTFOUND,
				      "no hazard with reference or UUID %s",
				      key);
	return mais_store_get(s, "hazard", x.uuid, out);
}

static void print_account(const mais_record *hz, const mais_lr_account *a)
{
	printf("hazard %s (%s), %s\n", mais_record_reference(hz),
	       mais_record_uuid(hz), mais_record_get(hz, "hazard_status"));
	printf("original m2   %16.2f  (%s)\n", a->original_m2,
	       a->has_polygon ? "polygon" : "estimated area");
	printf("cancelled m2  %16.2f\n", a->cancelled_m2);
	printf("reduced m2    %16.2f\n", a->reduced_m2);
	printf("cleared m2    %16.2f\n", a->cleared_m2);
	printf("remaining m2  %16.2f\n", a->remaining_m2);
	printf("releases counted: %zu; released as numbers only: %.2f m2\n",
	       a->releases, a->number_m2);
}

int cli_report_hazard(int argc, char **argv)
{
	mais_record *hz = NULL;
	mais_lr_account a;
	mais_store *s;
	int rc;

	if (argc != 4)
		return cli_usage(&cli_report,
				 "report hazard DB REFERENCE_OR_UUID");
	if (mais_store_open(&s, argv[2], MAIS_STORE_READONLY, NULL) < 0)
		return cli_fail("report");
	rc = find_hazard(s, argv[3], &hz);
	if (rc == 0)
		rc = svc_lr_account(s, mais_record_uuid(hz), SVC_LR_APPROVED, &a);
	if (rc == 0)
		print_account(hz, &a);
	mais_record_free(hz);
	mais_store_close(s);
	return rc ? cli_fail("report") : CLI_OK;
}
