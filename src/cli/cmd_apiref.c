/*
 * cmd_apiref.c — `mais api-reference [--format markdown|openapi]`: the
 * HTTP API's reference, generated from the one route table, so that
 * docs/api-reference.md and /api/openapi.json cannot drift from the code
 * (a test regenerates the document and compares).
 */
#include "cli/cli.h"
#include "mais/server.h"

#include <string.h>

static int run(int argc, char **argv)
{
	int openapi = argc == 3 && !strcmp(argv[1], "--format") &&
		      !strcmp(argv[2], "openapi");

	if (argc != 1 && !openapi &&
	    !(argc == 3 && !strcmp(argv[1], "--format") &&
	      !strcmp(argv[2], "markdown")))
		return cli_usage(&cli_apiref, "--format markdown or openapi");
	if (mais_server_api_reference(stdout, openapi) < 0)
		return cli_fail("api-reference");
	return CLI_OK;
}

const cli_command cli_apiref = {
	.name = "api-reference",
	.synopsis = "api-reference [--format markdown|openapi]",
	.summary = "print the HTTP API reference from the route table",
	.help = "Prints the reference of every route of `mais serve` as "
		"Markdown (default;\n"
		"docs/api-reference.md is this output) or as the OpenAPI 3 "
		"document that\n"
		"/api/openapi.json serves.\n",
	.run = run,
};
