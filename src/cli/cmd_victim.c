/*
 * cmd_victim.c — `mais victim`: acts on victims that are not imports or
 * reports.  One today: erase, which erases a victim's personal data where
 * the law or a withdrawn consent requires it (src/service/erase.c).
 *
 * Unlike the other commands, which act as the local administrator,
 * erase acts as a named user of the database (--user) and is allowed
 * only to a user holding the victim_assistance right and im_admin: the
 * act cannot be undone, and the audit log must say whose it was.  The
 * entry names that user, from "cli:<login name>".
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "service/erase.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

typedef struct erase_opts {
	const char *reason, *user;
} erase_opts;

static int parse_erase(int argc, char **argv, erase_opts *o)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"user", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			o->reason = optarg;
		else if (c == 'u')
			o->user = optarg;
		else
			return cli_usage(&cli_victim, "unknown option");
	}
	if (argc - optind != 2)
		return cli_usage(&cli_victim, "give a database and a victim");
	if (!o->reason)
		return cli_usage(&cli_victim,
				 "give --reason: what requires the erasure");
	if (!o->user)
		return cli_usage(&cli_victim,
				 "give --user: the user who erases");
	return CLI_OK;
}

static void print_erasure(const svc_erase_result *r)
{
	printf("erased the personal data of %s (%s):", r->reference, r->uuid);
	for (size_t i = 0; i < r->victim.ncolumns; i++)
		printf("%s %s", i ? "," : "", r->victim.columns[i]);
	if (!r->victim.ncolumns)
		printf(" none was left");
	printf("\nin all %lld version%s (no new version), and of %zu victim "
	       "assistance record%s; audited as erase_personal_data\n",
	       (long long)r->victim.versions,
	       r->victim.versions == 1 ? "" : "s", r->assistance,
	       r->assistance == 1 ? "" : "s");
}

/* argv: erase DB VICTIM --reason TEXT --user NAME */
static int victim_erase(int argc, char **argv)
{
	erase_opts o = {NULL, NULL};
	mais_user_info by;
	svc_erase_result res;
	mais_store *s;
	int rc;

	rc = parse_erase(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (mais_store_open(&s, argv[optind], 0, NULL) < 0)
		return cli_fail("victim erase");
	rc = mais_store_user_find(s, o.user, &by);
	if (rc == 0)
		rc = svc_victim_erase(s, &by, cli_user(), argv[optind + 1],
				      o.reason, &res);
	mais_store_close(s);
	if (rc < 0)
		return cli_fail("victim erase");
	print_erasure(&res);
	if (res.scrubbed)
		return CLI_OK;
	fprintf(stderr, "mais victim erase: %s\n", res.warning);
	return CLI_DATA;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(&cli_victim, "give erase");
	if (!strcmp(argv[1], "erase"))
		return victim_erase(argc - 1, argv + 1);
	return cli_usage(&cli_victim, "no subcommand '%s'", argv[1]);
}

const cli_command cli_victim = {
	.name = "victim",
	.synopsis = "victim erase DB VICTIM --reason TEXT --user NAME",
	.summary = "erase a victim's personal data (law, withdrawn consent)",
	.help = "  mais victim erase DB VICTIM --reason TEXT --user NAME\n\n"
		"erase removes the personal data of the victim VICTIM (its "
		"UUID or reference,\n"
		"e.g. VI-000012) where the law or a withdrawn consent "
		"requires it: the\n"
		"sensitive fields (given_name, family_name, date_of_birth, "
		"national_id,\n"
		"contact, medical_notes) of the victim, and need and "
		"assistance_given of its\n"
		"victim assistance records, are removed from the records "
		"and from every one\n"
		"of their versions, and the database file is rewritten so "
		"that no copy of\n"
		"them is left in it.  The rest of the history stays as it "
		"was: no new\n"
		"version, the same version numbers.  It cannot be undone; "
		"backups made\n"
		"before still hold the data.\n\n"
		"NAME is the user of the database who erases (see mais user "
		"list); it needs\n"
		"the victim_assistance right and im_admin, and must see the "
		"victim's\n"
		"organisation.  TEXT says what requires the erasure (a law, "
		"a withdrawn\n"
		"consent, a letter's reference) and must not quote the "
		"data erased.  The\n"
		"audit log keeps an entry erase_personal_data for each "
		"record: by NAME from\n"
		"cli:<login name>, the columns erased and TEXT, never the "
		"values.\n\n"
		"Exit 1 when refused (no such victim or user, missing "
		"rights, no reason);\n"
		"3 when erased but other connections kept the database's log "
		"in use (the\n"
		"message says so; run it again, or stop the server, to "
		"finish).\n",
	.run = run,
};
