/*
 * cmd_user.c — `mais user`: the accounts of the server, from the shell.
 * add (with a one-time password printed once), passwd (a new one-time
 * password), disable, list.  The first administrator is made here:
 * `mais user add DB admin --role sys_admin`, with no organisation, is
 * allowed only while the database has no user.
 *
 * Passwords are never given on the command line (they would stay in the
 * shell's history and in `ps`): mais makes a one-time password, prints
 * it once, and the user must change it at first login.  Every change is
 * in the audit log under "cli:<login name>".  The CLI acts as the
 * machine's administrator (the system principal of policy.h); users are
 * made by the use-case layer (service/users.h), as the HTTP API makes
 * them.
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "service/lookup.h"
#include "service/users.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* --- organisations by UUID or reference ------------------------------ */

/* The UUID of the organisation given as UUID or reference. */
static int find_org(mais_store *s, const char *arg, char uuid[37])
{
	int rc = svc_lookup(s, "organisation", arg, uuid);

	if (rc == MAIS_ENOTFOUND)
		return mais_error_set(MAIS_EINVAL,
				      "no organisation '%s' (give its UUID "
				      "or reference, e.g. ORG-000001)",
				      arg);
	return rc;
}

/* The reference of an organisation for people ("-" for none). */
static void org_label(mais_store *s, const char *uuid, char *out, size_t n)
{
	mais_record *r = NULL;

	snprintf(out, n, "%s", *uuid ? uuid : "-");
	if (*uuid && mais_store_get(s, "organisation", uuid, &r) == 0 &&
	    mais_record_reference(r))
		snprintf(out, n, "%s", mais_record_reference(r));
	mais_record_free(r);
}

static void print_one_time(const char *username, const char *password)
{
	printf("one-time password for %s: %s\n"
	       "It is shown only this once.  %s must change it at first "
	       "login.\n",
	       username, password, username);
}

/* --- subcommands ----------------------------------------------------- */

typedef struct add_opts {
	const char *org, *roles, *name;
} add_opts;

static int parse_add(int argc, char **argv, add_opts *o)
{
	static const struct option opts[] = {
		{"org", required_argument, NULL, 'o'},
		{"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			o->org = optarg;
		else if (c == 'r')
			o->roles = optarg;
		else if (c == 'n')
			o->name = optarg;
		else
			return cli_usage(&cli_user_cmd, "unknown option");
	}
	if (argc - optind != 2)
		return cli_usage(&cli_user_cmd,
				 "give a database and a user name");
	if (!o->roles)
		return cli_usage(&cli_user_cmd, "give --role");
	return CLI_OK;
}

/* argv: add DB USERNAME options */
static int user_add(int argc, char **argv)
{
	mais_actor who = {.user = cli_user(), .address = "cli"};
	add_opts o = {NULL, NULL, NULL};
	char org[37] = "", otp[33];
	mais_principal system;
	svc_user_new nu;
	mais_store *s;
	int rc;

	rc = parse_add(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	nu.username = argv[optind + 1];
	nu.display_name = o.name;
	if (mais_roles_parse(o.roles, &nu.roles) < 0)
		return cli_usage(&cli_user_cmd, "--role: %s",
				 mais_error_last());
	if (mais_store_open(&s, argv[optind], 0, NULL) < 0)
		return cli_fail("user add");
	rc = o.org ? find_org(s, o.org, org) : 0;
	nu.organisation_uuid = org;
	mais_principal_system(&system);
	if (rc == 0)
		rc = svc_user_add(s, &system, &who, &nu, otp);
	mais_store_close(s);
	if (rc < 0)
		return cli_fail("user add");
	printf("added user %s\n", argv[optind + 1]);
	print_one_time(argv[optind + 1], otp);
	return CLI_OK;
}

/* argv: passwd DB USERNAME, or disable DB USERNAME */
static int user_change(int argc, char **argv, int disable)
{
	mais_actor who = {.user = cli_user(), .address = "cli"};
	const char *what = disable ? "user disable" : "user passwd";
	char otp[33];
	mais_store *s;
	int rc;

	if (argc != 3)
		return cli_usage(&cli_user_cmd,
				 "give a database and a user name");
	if (mais_store_open(&s, argv[1], 0, NULL) < 0)
		return cli_fail(what);
	rc = disable ? svc_user_disable(s, &who, argv[2])
		     : svc_user_reset_password(s, &who, argv[2], otp);
	mais_store_close(s);
	if (rc < 0)
		return cli_fail(what);
	if (disable)
		printf("disabled user %s; their sessions are closed\n",
		       argv[2]);
	else
		print_one_time(argv[2], otp);
	return CLI_OK;
}

static int print_user(const mais_user_info *u, void *ctx)
{
	char roles[160], org[64];

	mais_roles_format(u->roles, roles, sizeof roles);
	org_label(ctx, u->organisation_uuid, org, sizeof org);
	printf("%-20s %-14s %-24s %-10s %s\n", u->username, org, roles,
	       u->disabled		 ? "disabled"
	       : u->must_change_password ? "new"
					 : "active",
	       u->display_name);
	return 0;
}

static int user_list(int argc, char **argv)
{
	mais_store *s;
	int rc;

	if (argc != 2)
		return cli_usage(&cli_user_cmd, "give a database");
	if (mais_store_open(&s, argv[1], MAIS_STORE_READONLY, NULL) < 0)
		return cli_fail("user list");
	printf("%-20s %-14s %-24s %-10s %s\n", "USER", "ORGANISATION", "ROLES",
	       "STATE", "NAME");
	rc = mais_store_user_foreach(s, print_user, s);
	mais_store_close(s);
	return rc < 0 ? cli_fail("user list") : CLI_OK;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(&cli_user_cmd, "give add, passwd, disable or "
						"list");
	if (!strcmp(argv[1], "add"))
		return user_add(argc - 1, argv + 1);
	if (!strcmp(argv[1], "passwd"))
		return user_change(argc - 1, argv + 1, 0);
	if (!strcmp(argv[1], "disable"))
		return user_change(argc - 1, argv + 1, 1);
	if (!strcmp(argv[1], "list"))
		return user_list(argc - 1, argv + 1);
	return cli_usage(&cli_user_cmd, "no subcommand '%s'", argv[1]);
}

const cli_command cli_user_cmd = {
	.name = "user",
	.synopsis = "user add|passwd|disable|list DB ...",
	.summary = "manage the server's users",
	.help = "  mais user add DB USERNAME --org ORG --role ROLE[,ROLE...] "
		"[--name \"Display\"]\n"
		"  mais user passwd DB USERNAME\n"
		"  mais user disable DB USERNAME\n"
		"  mais user list DB\n\n"
		"add makes a user of organisation ORG (its UUID or reference)"
		" with the roles\n"
		"given: viewer, data_entry, verifier, approver, im_admin, "
		"sys_admin,\n"
		"victim_assistance.  It prints a one-time password, once; the"
		" user must\n"
		"change it at first login.  The first user may be made "
		"without --org, and\n"
		"must then be sys_admin: mais user add DB admin --role "
		"sys_admin\n"
		"passwd prints a new one-time password and closes the "
		"user's sessions.\n"
		"disable refuses the user's logins from now on and closes "
		"their sessions;\n"
		"the user stays, named in the audit log.\n"
		"list shows every user, their organisation, roles and state "
		"(new: the\n"
		"one-time password is not changed yet).\n",
	.run = run,
};
