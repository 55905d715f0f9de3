/*
 * cmd_apiref.c — `mais api-reference [--format markdown|openapi]`: the
 * HTTP API's reference, generated from the one route table, so that
 * docs/api-reference.md and /api/openapi.json cannot drift from the code
 * (a test regenerates the document and compares).
 */
#include "cli/cli.h"
#include "server/routes.h"

#include <string.h>

static int run(int argc, char **argv)
{
	json_t *doc;

	if (argc == 1 || (argc == 3 && !strcmp(argv[1], "--format") &&
			  !strcmp(argv[2], "markdown"))) {
		routes_markdown(stdout);
		return CLI_OK;
	}
	if (argc != 3 || strcmp(argv[1], "--format") ||
	    strcmp(argv[2], "openapi"))
		return cli_usage(&cli_apiref, "--format markdown or openapi");
	doc = routes_openapi();
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', stdout);
	json_decref(doc);
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
