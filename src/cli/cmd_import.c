/*
 * cmd_import.c — `mais import DB FILE... --as KIND | --profile P`: the
 * import engine (import.h) with a summary for a person or a program, a
 * report of every rejected and flagged feature, and progress on stderr
 * for imports longer than a second.  The CLI imports as the machine's
 * administrator unless --user names a user of the database: the import
 * is then that user's act, under the same policy as an upload.
 */
#include "cli/cli.h"
#include "mais/mais.h"
#include "mais/import.h"
#include "io/out_import.h"
#include "service/users.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS 64

typedef struct run {
	mais_import_log *log;  /* rejects and flags: counted, listed */
	FILE *report;          /* --rejects, or NULL */
	double started, last_progress;
	int tty;
} run;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_reject(const mais_import_reject *r, void *ctx)
{
	mais_import_log_reject(r, ((run *)ctx)->log);
}

static void on_note(const mais_import_note *n, void *ctx)
{
	mais_import_log_note(n, ((run *)ctx)->log);
}

static void on_crs(const mais_import_crs *c, void *ctx)
{
	mais_import_log_crs(c, ((run *)ctx)->log);
}

/* A bar with count and rate on a terminal, a line every 5 s otherwise;
 * nothing in the first second. */
static void on_progress(int64_t done, int64_t total, void *ctx)
{
	run *rn = ctx;
	double t = now(), rate;

	if (t - rn->started < 1 || (!rn->tty && t - rn->last_progress < 5))
		return;
	rn->last_progress = t;
	rate = done / (t - rn->started);
	if (rn->tty && total > 0) {
		int width = 30, fill = (int)(width * done / total);

		fprintf(stderr, "\r[%.*s%*s] %lld/%lld features, %.0f/s ",
			fill, "##############################", width - fill,
			"", (long long)done, (long long)total, rate);
	} else if (rn->tty) { /* several files: no total to measure against */
		fprintf(stderr, "\r%lld features read, %.0f/s ",
			(long long)done, rate);
	} else {
		fprintf(stderr, "import: %lld features read, %.0f/s\n",
			(long long)done, rate);
	}
}

/* Why the first features were rejected, for a person who asked for no
 * report (--rejects): feature, field, rule and message. */
static void print_first_rejected(const mais_import_summary *s, run *rn)
{
	const json_t *first = mais_import_log_first_rejected(rn->log);
	size_t i;
	json_t *r;

	if (rn->report || !json_array_size(first))
		return;
	printf("first rejected (--rejects FILE lists all):\n");
	json_array_foreach(first, i, r) {
		const char *field = json_string_value(json_object_get(r, "field"));

		printf("  feature %lld (%s%s%s): %s\n",
		       (long long)json_integer_value(json_object_get(r, "feature")),
		       json_string_value(json_object_get(r, "rule")),
		       *field ? ", field " : "", field,
		       json_string_value(json_object_get(r, "message")));
	}
	if (s->rejected - s->empty_rows > (int64_t)json_array_size(first))
		printf("  ... and %lld more\n",
		       (long long)(s->rejected - s->empty_rows -
				   (int64_t)json_array_size(first)));
}

/* Each file's CRS, how it was chosen, and the transformations used. */
static void print_crs(run *rn)
{
	const json_t *list = mais_import_log_crs_list(rn->log), *c, *op;
	size_t i, k;

	json_array_foreach(list, i, c) {
		const char *crs = json_string_value(json_object_get(c, "crs"));
		const char *name = json_string_value(json_object_get(c, "name"));

		printf("  CRS       %s: %s%s%s\n            (%s)\n",
		       json_string_value(json_object_get(c, "file")),
		       *crs ? crs : "WGS 84 longitude/latitude",
		       *name && strcmp(name, crs) ? " " : "",
		       *name && strcmp(name, crs) ? name : "",
		       json_string_value(json_object_get(c, "from")));
		json_array_foreach(json_object_get(c, "transformations"), k,
				   op) {
			json_t *acc = json_object_get(op, "accuracy_m");
			char how[40] = "accuracy unknown";

			if (json_is_number(acc))
				snprintf(how, sizeof how, "accuracy %g m",
					 json_number_value(acc));
			printf("            transformation %s, %s%s, %lld "
			       "features\n",
			       json_string_value(json_object_get(op, "name")),
			       how,
			       json_is_true(json_object_get(op, "ballpark"))
				       ? " (ballpark)"
				       : "",
			       (long long)json_integer_value(
				       json_object_get(op, "features")));
		}
	}
}

static void print_table(const mais_import_summary *s, run *rn)
{
	const json_t *by_rule = mais_import_log_by_rule(rn->log);
	const char *rule;
	json_t *n;

	printf("read %lld, stored %lld (%lld by an earlier run), rejected "
	       "%lld\n", (long long)s->read, (long long)s->stored,
	       (long long)s->imported_before, (long long)s->rejected);
	if (s->empty_rows)
		printf("empty rows %lld (rejected, not stored: no geometry and "
		       "no value)\n", (long long)s->empty_rows);
	printf("repaired %lld, duplicates %lld, unassigned %lld, records "
	       "made %lld\n", (long long)s->repaired,
	       (long long)s->duplicates, (long long)s->unassigned,
	       (long long)s->records);
	json_object_foreach(json_object_get(by_rule, "rejected"), rule, n)
		if (strcmp(rule, "empty_row")) /* on its own line above */
			printf("  rejected  %-22s %lld\n", rule,
			       (long long)json_integer_value(n));
	json_object_foreach(json_object_get(by_rule, "flagged"), rule, n)
		printf("  flagged   %-22s %lld\n", rule,
		       (long long)json_integer_value(n));
	print_first_rejected(s, rn);
	print_crs(rn);
}

static void print_json(const mais_import_summary *s, run *rn)
{
	json_t *o = mais_import_log_json(rn->log, s);

	json_dumpf(o, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(o);
}

typedef struct args {
	mais_import_opts o;
	const char *maps[MAX_PAIRS], *sets[MAX_PAIRS];
	const char *rejects;
	const char *user; /* --user: import as this user */
	int json;
} args;

static int parse(int argc, char **argv, args *a)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "profile", required_argument, NULL, 'p' },
		{ "map", required_argument, NULL, 'm' },
		{ "set", required_argument, NULL, 's' },
		{ "layer", required_argument, NULL, 'l' },
		{ "srs", required_argument, NULL, 'r' },
		{ "rejects", required_argument, NULL, 'j' },
		{ "status", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "user", required_argument, NULL, 'u' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "accept-ballpark", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			a->o.as = mais_import_kind(optarg);
			if (!a->o.as)
				return cli_usage(&cli_import, "--as %s: no such "
						 "kind", optarg);
			break;
		case 'p': a->o.profile = optarg; break;
		case 'l': a->o.layer = optarg; break;
		case 'r': a->o.srs = optarg; break;
		case 'j': a->rejects = optarg; break;
		case 'u': a->user = optarg; break;
		case 'e': a->o.encoding = optarg; break;
		case 'B': a->o.accept_ballpark = 1; break;
		case 'm':
		case 's':
			if ((c == 'm' ? a->o.nmaps : a->o.nsets) >= MAX_PAIRS)
				return cli_usage(&cli_import, "too many pairs");
			if (c == 'm')
				a->maps[a->o.nmaps++] = optarg;
			else
				a->sets[a->o.nsets++] = optarg;
			break;
		case 't':
			if (strcmp(optarg, "approved") &&
			    strcmp(optarg, "submitted"))
				return cli_usage(&cli_import, "--status is "
						 "approved or submitted");
			a->o.status = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "table"))
				return cli_usage(&cli_import,
						 "--format is table or json");
			a->json = !strcmp(optarg, "json");
			break;
		default:
			return cli_usage(&cli_import, "unknown option");
		}
	}
	if (argc - optind < 2)
		return cli_usage(&cli_import, "give a database and files");
	if (!a->o.as == !a->o.profile)
		return cli_usage(&cli_import, "give --as KIND or --profile P");
	a->o.maps = a->maps;
	a->o.sets = a->sets;
	return 0;
}

static int run_import(args *a, int argc, char **argv)
{
	mais_actor who = { .user = a->user ? a->user : cli_user(),
			   .address = "cli" };
	mais_import_summary sum = { 0 };
	run rn = { .tty = isatty(STDERR_FILENO) };
	mais_principal as;
	mais_store *s;
	int rc;

	rn.started = rn.last_progress = now();
	if (a->rejects && !(rn.report = fopen(a->rejects, "w"))) {
		fprintf(stderr, "mais import: %s: cannot write\n", a->rejects);
		return CLI_FAILURE;
	}
	rn.log = mais_import_log_new(rn.report);
	if (!rn.log) {
		if (rn.report)
			fclose(rn.report);
		fprintf(stderr, "mais import: out of memory\n");
		return CLI_FAILURE;
	}
	a->o.on_reject = on_reject;
	a->o.on_note = on_note;
	a->o.on_progress = on_progress;
	a->o.on_crs = on_crs;
	a->o.ctx = &rn;
	rc = mais_store_open(&s, argv[optind], 0, NULL);
	if (rc == 0 && a->user) {
		rc = svc_principal_find(s, a->user, &as);
		/* a one-time password not yet changed closes the server's
		 * login, not the administrator's act on the user's behalf */
		as.must_change_password = 0;
		a->o.as_user = &as;
		if (!a->o.status) /* a user's import, as an upload */
			a->o.status = "submitted";
	}
	if (rc == 0)
		rc = mais_import(s, (const char *const *)argv + optind + 1,
				 (size_t)(argc - optind - 1), &a->o, &who, &sum);
	mais_store_close(s);
	if (rn.tty && now() - rn.started >= 1)
		fputc('\n', stderr);
	if (rn.report)
		fclose(rn.report);
	if (rc == 0)
		a->json ? print_json(&sum, &rn) : print_table(&sum, &rn);
	mais_import_log_free(rn.log);
	if (rc < 0)
		return cli_fail("import");
	/* empty rows are rejected (never stored) but are no problem of the
	 * data: a sheet formatted below its last row imports cleanly */
	return sum.rejected > sum.empty_rows ? CLI_DATA : CLI_OK;
}

static int run_cmd(int argc, char **argv)
{
	args a = { 0 };
	int rc = parse(argc, argv, &a);

	return rc ? rc : run_import(&a, argc, argv);
}

const cli_command cli_import = {
	.name = "import",
	.synopsis = "import DB FILE... (--as KIND | --profile P) [options]",
	.summary = "import files of any format GDAL reads",
	.help = "Reads GeoJSON, Shapefile (also .zip), KML, GPX, GeoPackage, "
		"CSV, XLSX,\n"
		"FlatGeobuf, ... through GDAL/OGR, and stores each feature as "
		"a record, or\n"
		"rejects it with the reason.  read = stored + rejected, "
		"always.  Re-running\n"
		"the same import stores nothing twice.\n\n"
		"  --as KIND          admin-area, settlement, hazard, release, "
		"activity,\n"
		"                     accident, victim, eo, eore (or any "
		"entity name)\n"
		"  --profile P        a JSON mapping profile (profiles/ has "
		"some)\n"
		"  --map T=SOURCE     field T from source field SOURCE, or a "
		"template\n"
		"                     such as T={year}-{month}-01; geom_lon, "
		"geom_lat and\n"
		"                     geom_wkt give a geometry from fields\n"
		"  --map T=SOURCE:U   an area field (T ends in _m2) from SOURCE "
		"in unit U:\n"
		"                     m2, ha or km2 (area_m2=Area_2022:km2); "
		"a stated area\n"
		"                     10 times off its polygon's is flagged "
		"area_mismatch\n"
		"  --set T=VALUE      field T set to VALUE for every record\n"
		"  --layer NAME       the layer of a file with several\n"
		"  --srs EPSG:N       the CRS when the file states none, or "
		"only its format's\n"
		"                     default (a GeoJSON without \"crs\" is "
		"WGS 84); a CRS\n"
		"                     that disagrees with the file's is "
		"refused.  A .prj\n"
		"                     whose datum has no known shift to WGS 84 "
		"(D_unknown) is\n"
		"                     identified by its parameters when it "
		"matches one EPSG\n"
		"                     CRS, and refused listing them when it "
		"matches several\n"
		"  --accept-ballpark  store positions PROJ can bring to WGS 84 "
		"only by a\n"
		"                     ballpark transformation (100 m or more "
		"off), each record\n"
		"                     flagged crs_ballpark; without it such "
		"files are refused\n"
		"  --encoding NAME    the encoding of a Shapefile's DBF or a "
		"CSV that is not\n"
		"                     UTF-8 (CP1251, CP1254, ISO-8859-6, ...; "
		"`iconv -l`);\n"
		"                     overrides a .cpg\n"
		"  --status S         approved (default; submitted with --user)"
		" or submitted\n"
		"  --user NAME        import as this user of the database: "
		"the policy of an\n"
		"                     upload (organisation, references, "
		"rights) applies, and\n"
		"                     a refused record refuses the import "
		"(exit 1)\n"
		"  --rejects PATH     write every rejected and flagged feature "
		"(CSV); without\n"
		"                     it the summary names the first 5 "
		"rejections\n"
		"  --format json      the summary as one JSON object\n\n"
		"Rows with no geometry and no value (a spreadsheet formatted "
		"below its data)\n"
		"are empty rows: rejected (rule empty_row), never stored, "
		"counted on a line\n"
		"of their own; an import that rejects only empty rows exits 0.  "
		"Profiles:\n"
		"docs/import-profiles.md (units, one record per event of a "
		"flat table).\n",
	.run = run_cmd,
};
