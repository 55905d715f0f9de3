/*
 * cmd_hazard.c — `mais hazard reopen DB HAZARD --reason TEXT`: a closed
 * or handed-over hazard made active again (a find after clearance), by
 * the use-case layer's svc_hazard_reopen, as POST
 * /api/records/hazard/{uuid}/reopen does it: a version of the hazard
 * whose status_reason says why, and an audit entry "reopen".
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "service/lookup.h"
#include "service/write.h"

#include <getopt.h>
#include <string.h>

static int reopen(const char *db, const char *key, const char *reason)
{
	mais_actor who = {.user = cli_user(), .address = "cli"};
	mais_principal system;
	char uuid[37];
	mais_store *s;
	svc_ctx c;
	int rc;

	if (mais_store_open(&s, db, 0, NULL) < 0)
		return cli_fail("hazard reopen");
	mais_principal_system(&system);
	svc_ctx_init(&c, s, &who, &system);
	rc = svc_lookup(s, "hazard", key, uuid);
	if (rc == 0)
		rc = svc_hazard_reopen(&c, uuid, 0, reason);
	mais_store_close(s);
	if (rc < 0)
		return cli_fail("hazard reopen");
	printf("hazard %s is active again\n", key);
	return CLI_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	const char *reason = NULL;
	int c;

	if (argc < 2 || strcmp(argv[1], "reopen"))
		return cli_usage(&cli_hazard, "give reopen");
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_usage(&cli_hazard, "unknown option");
		reason = optarg;
	}
	if (argc - optind != 2)
		return cli_usage(&cli_hazard, "give a database and a hazard");
	if (!reason || !*reason)
		return cli_usage(&cli_hazard, "give --reason (what was found)");
	return reopen(argv[optind], argv[optind + 1], reason);
}

const cli_command cli_hazard = {
	.name = "hazard",
	.synopsis = "hazard reopen DB HAZARD --reason TEXT",
	.summary = "reopen a closed or handed-over hazard",
	.help = "reopen makes a closed or handed-over hazard (its UUID or "
		"reference, e.g.\n"
		"HA-000012) active again, after a find on released land.  "
		"The hazard gets a\n"
		"version of its own whose status_reason is \"reopened: "
		"TEXT\", and the audit\n"
		"log an entry \"reopen\".  Its releases stay as they were.\n",
	.run = run,
};
