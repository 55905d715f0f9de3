/*
 * cmd_backup.c — `mais backup DB DEST`: a consistent copy of a database
 * while others may be using it (SQLite's online backup API), recorded in
 * the audit log.
 */
#include "cli/cli.h"
#include "mais/mais.h"

static int run(int argc, char **argv)
{
	mais_actor who = { .user = cli_user(), .address = "cli" };
	mais_store *s;
	int rc;

	if (argc != 3)
		return cli_usage(&cli_backup, "give a database and a new file");
	if (mais_store_open(&s, argv[1], 0, NULL) < 0)
		return cli_fail("backup");
	rc = mais_store_backup(s, argv[2]);
	if (rc == 0)
		rc = mais_store_audit(s, &who, "backup", NULL, NULL, argv[2]);
	mais_store_close(s);
	if (rc < 0)
		return cli_fail("backup");
	printf("backed up %s to %s\n", argv[1], argv[2]);
	return CLI_OK;
}

const cli_command cli_backup = {
	.name = "backup",
	.synopsis = "backup DB DEST",
	.summary = "copy a database safely, even while the server runs",
	.help = "Copies DB to the new file DEST with SQLite's online backup "
		"API: the copy is\n"
		"consistent even while the server or an import writes to DB. "
		"DEST must not\n"
		"exist.  The backup is recorded in DB's audit log.\n",
	.run = run,
};
