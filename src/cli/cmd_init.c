/*
 * cmd_init.c — `mais init DB`: a new, empty mais database.  Never
 * overwrites: a database that exists already is an error.
 */
#include "cli/cli.h"
#include "mais/mais.h"

#include <getopt.h>
#include <string.h>

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prefix", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	mais_store_init_opts init = { .ref_prefix = NULL };
	mais_actor who = { .user = cli_user(), .address = "cli" };
	mais_store *s;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'p')
			return cli_usage(&cli_init, "unknown option");
		init.ref_prefix = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(&cli_init, "give one database");
	if (init.ref_prefix && (!*init.ref_prefix ||
				strlen(init.ref_prefix) > 8 ||
				strspn(init.ref_prefix,
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
					strlen(init.ref_prefix)))
		return cli_usage(&cli_init,
				 "--prefix: 1 to 8 capital letters or digits");
	if (mais_store_open(&s, argv[optind], MAIS_STORE_CREATE, &init) < 0)
		return cli_fail("init");
	if (mais_store_audit(s, &who, "init", NULL, NULL, argv[optind]) < 0) {
		mais_store_close(s);
		return cli_fail("init");
	}
	mais_store_close(s);
	printf("created %s (GeoPackage 1.3, mais schema %d)\n", argv[optind],
	       MAIS_SCHEMA_VERSION);
	return CLI_OK;
}

const cli_command cli_init = {
	.name = "init",
	.synopsis = "init DB [--prefix P]",
	.summary = "create a new, empty database",
	.help = "Creates DB as a GeoPackage 1.3 file holding every table of "
		"mais: one feature\n"
		"table per entity with a location (EPSG:4326, with a spatial "
		"index), attribute\n"
		"tables for the others, the IMAS code tables, versions and "
		"the audit log.\n"
		"An existing file is never overwritten.\n\n"
		"  --prefix P   prefix of this database's human references "
		"(P-HA-000001), so\n"
		"               that copies kept by different offices never "
		"collide; 1-8\n"
		"               capital letters or digits.  Default: none.\n",
	.run = run,
};
