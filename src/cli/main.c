/*
 * main.c — `mais`: the command table, help, version and dispatch.  Each
 * subcommand lives in cmd_<name>.c and returns one of the exit codes of
 * cli.h; this file only finds it.
 */
#include "cli/cli.h"
#include "mais/mais.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_command *commands[] = { &cli_init, &cli_import, &cli_check,
					&cli_report, &cli_backup, &cli_user_cmd,
					&cli_hazard, &cli_victim, &cli_serve,
					&cli_apiref };
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char *exit_codes =
	"Exit status (every command):\n"
	"  0  done\n"
	"  1  failure: could not do it (the message says why)\n"
	"  2  usage: the command line is wrong\n"
	"  3  done, but data problems were found (rejected records, "
	"check findings)\n";

static const char *db_help =
	"DB is a GeoPackage file path (data/mais.gpkg) or a store URI\n"
	"(gpkg:data/mais.gpkg).\n";

int cli_fail(const char *command)
{
	fprintf(stderr, "mais %s: %s\n", command, mais_error_last());
	return CLI_FAILURE;
}

int cli_usage(const cli_command *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mais %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: mais %s\n(see 'mais help %s')\n",
		c->synopsis, c->name);
	return CLI_USAGE;
}

const char *cli_user(void)
{
	static char user[128];
	struct passwd *pw = getpwuid(geteuid());

	snprintf(user, sizeof user, "cli:%s", pw ? pw->pw_name : "unknown");
	return user;
}

static void print_help(FILE *out)
{
	fprintf(out,
		"mais %s — Mine Action Information System\n\n"
		"usage: mais COMMAND [ARGS]\n\nCommands:\n",
		mais_version());
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-34s %s\n", commands[i]->synopsis,
			commands[i]->summary);
	fprintf(out, "  %-34s %s\n", "help COMMAND", "help on one command");
	fprintf(out, "\n%s\n%s", db_help, exit_codes);
}

static const cli_command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int help_command(const char *name)
{
	const cli_command *c = find(name);

	if (!c) {
		fprintf(stderr, "mais help: no command '%s'\n", name);
		return CLI_USAGE;
	}
	printf("usage: mais %s\n\n%s\n\n", c->synopsis, c->summary);
	if (c->help_fn)
		c->help_fn(stdout);
	else
		fputs(c->help, stdout);
	printf("\n%s", exit_codes);
	return CLI_OK;
}

int main(int argc, char **argv)
{
	const cli_command *c;

	if (argc < 2) {
		print_help(stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("mais %s (schema %d)\n", mais_version(),
		       MAIS_SCHEMA_VERSION);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc == 2) {
			print_help(stdout);
			return CLI_OK;
		}
		return help_command(argv[2]);
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "mais: no command '%s' (see 'mais --help')\n",
			argv[1]);
		return CLI_USAGE;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return help_command(c->name);
	return c->run(argc - 1, argv + 1);
}
