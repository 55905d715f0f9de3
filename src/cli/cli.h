/*
 * cli.h — the `mais` command (internal): one file per subcommand, one
 * table of them in main.c, one set of exit codes for all.
 */
#ifndef MAIS_CLI_H
#define MAIS_CLI_H

#include <stdio.h>

/* Exit codes of every command (documented in `mais --help`). */
enum {
	CLI_OK = 0,       /* done */
	CLI_FAILURE = 1,  /* could not do it */
	CLI_USAGE = 2,    /* the command line is wrong */
	CLI_DATA = 3      /* done, but data problems were found */
};

typedef struct cli_command {
	const char *name;
	const char *synopsis; /* "init DB [--prefix P]" */
	const char *summary;  /* one line */
	const char *help;     /* the rest of `mais help NAME` */
	void (*help_fn)(FILE *out); /* or this writes it (generated help) */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_command;

extern const cli_command cli_init, cli_check, cli_backup, cli_import, cli_apiref;
extern const cli_command cli_report;
extern const cli_command cli_user_cmd; /* cli_user() is the actor */
extern const cli_command cli_serve;
extern const cli_command cli_victim; /* acts as the --user given */
extern const cli_command cli_hazard;

/* Prints "mais NAME: message" for the last error to stderr; returns
 * CLI_FAILURE. */
int cli_fail(const char *command);

/* Prints a usage error and the synopsis to stderr; returns CLI_USAGE. */
int cli_usage(const cli_command *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The actor of CLI acts: "cli:<login name>", address "cli". */
const char *cli_user(void);

#endif
