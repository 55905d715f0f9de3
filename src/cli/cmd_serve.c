/*
 * cmd_serve.c — `mais serve DB`: the HTTP API and the web UI
 * (src/server/server.c) until SIGINT or SIGTERM.  The signals are blocked
 * before the server's threads start, so that they inherit the mask and
 * only this thread, waiting in sigwait(), receives them: the stop is
 * always a clean MHD_stop_daemon that finishes the requests in progress.
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "mais/server.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#ifndef MAIS_WEB_DIR
#define MAIS_WEB_DIR "web"
#endif

static int parse(int argc, char **argv, mais_server_opts *o)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"tls-cert", required_argument, NULL, 'c'},
		{"tls-key", required_argument, NULL, 'k'},
		{"web", required_argument, NULL, 'w'},
		{"behind-proxy", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	int c;

	o->listen = "127.0.0.1:8080";
	o->web_dir = MAIS_WEB_DIR;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o->listen = optarg;
			break;
		case 'c':
			o->tls_cert = optarg;
			break;
		case 'k':
			o->tls_key = optarg;
			break;
		case 'w':
			o->web_dir = optarg;
			break;
		case 'p':
			o->behind_proxy = 1;
			break;
		default:
			return cli_usage(&cli_serve, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(&cli_serve, "give one database");
	if (!o->tls_cert != !o->tls_key)
		return cli_usage(&cli_serve,
				 "give both --tls-cert and --tls-key");
	o->db = argv[optind];
	return 0;
}

static int run(int argc, char **argv)
{
	mais_server_opts o = {0};
	mais_server *srv;
	sigset_t set;
	int rc = parse(argc, argv, &o), sig = 0;

	if (rc)
		return rc;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (mais_server_start(&srv, &o) < 0)
		return cli_fail("serve");
	printf("mais serve: %s (Ctrl-C stops)\n", mais_server_url(srv));
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "mais serve: %s: stopping\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	mais_server_stop(srv);
	return CLI_OK;
}

const cli_command cli_serve = {
	.name = "serve",
	.synopsis = "serve DB [--listen ADDR:PORT] [--tls-cert F --tls-key F] "
		    "[--web DIR] [--behind-proxy]",
	.summary = "the HTTP API and the web UI",
	.help = "Serves the HTTP API (docs/http-api.md; its OpenAPI document "
		"is\n"
		"/api/openapi.json) under /api/ and the web UI under /, with "
		"4 worker\n"
		"threads, until SIGINT or SIGTERM.  Users log in with the "
		"accounts of\n"
		"'mais user add'.\n\n"
		"  --listen ADDR:PORT  address and port (default "
		"127.0.0.1:8080;\n"
		"                      [::1]:8080 for IPv6; port 0 picks a "
		"free one)\n"
		"  --tls-cert F        PEM certificate: serve HTTPS (with "
		"--tls-key)\n"
		"  --tls-key F         PEM private key\n"
		"  --web DIR           the web UI's files (default: web/ of "
		"the source tree)\n"
		"  --behind-proxy      a reverse proxy on this machine forwards "
		"every request:\n"
		"                      the client's address is the last of "
		"X-Forwarded-For,\n"
		"                      and X-Forwarded-Proto: https marks "
		"cookies Secure\n"
		"                      (listen on 127.0.0.1 only; "
		"docs/deploy.md)\n",
	.run = run,
};
