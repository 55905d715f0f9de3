/*
 * cmd_init.c — `mais init DB`: a new, empty mais database.  Never
 * overwrites: a database that exists already is an error.  --time-zone
 * stores the programme's time zone, the day of which is "today" for the
 * dates of what happened (service/today.h); --currency its reporting
 * currency, in which the dashboard counts funds (service/report.h).
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "service/report.h"
#include "service/today.h"

#include <getopt.h>
#include <string.h>

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prefix", required_argument, NULL, 'p' },
		{ "time-zone", required_argument, NULL, 'z' },
		{ "currency", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	mais_store_init_opts init = { .ref_prefix = NULL };
	mais_actor who = { .user = cli_user(), .address = "cli" };
	const char *zone = NULL, *currency = NULL;
	int exp;
	char today[11];
	mais_store *s;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			init.ref_prefix = optarg;
		else if (c == 'z')
			zone = optarg;
		else if (c == 'c')
			currency = optarg;
		else
			return cli_usage(&cli_init, "unknown option");
	}
	if (zone && svc_date_in_zone(0, zone, today) < 0)
		return cli_usage(&cli_init, "--time-zone: %s",
				 mais_error_last());
	if (currency && mais_currency_exponent(currency, &exp) < 0)
		return cli_usage(&cli_init, "--currency: %s",
				 mais_error_last());
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
	if (mais_store_audit(s, &who, "init", NULL, NULL, argv[optind]) < 0 ||
	    (zone && svc_set_time_zone(s, zone, &who) < 0) ||
	    (currency && svc_set_reporting_currency(s, currency, &who) < 0)) {
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
	.synopsis = "init DB [--prefix P] [--time-zone ZONE] [--currency CODE]",
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
		"               capital letters or digits.  Default: none.\n"
		"  --time-zone ZONE  the programme's time zone, an IANA name "
		"(Asia/Baku,\n"
		"               Europe/Sarajevo, America/Bogota): dates of "
		"what happened\n"
		"               (accidents, finds, releases) may not be after "
		"today in it.\n"
		"               Default: UTC.\n"
		"  --currency CODE  the programme's reporting currency, an "
		"ISO 4217 code\n"
		"               (AZN, EUR, USD): the dashboard's funds are "
		"counted in it.\n"
		"               Default: none.\n",
	.run = run,
};
