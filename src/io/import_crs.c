/*
 * import_crs.c — the CRS a file's coordinates are read in, decided once
 * a file is open and before any feature is read, and the transformations
 * PROJ used, counted for the import's summary (import_internal.h).
 *
 * Why: PROJ transforms from a CRS whose datum has no known shift to
 * WGS 84 (a .prj with DATUM["D_unknown"] and no TOWGS84, as ArcGIS writes
 * for some national grids) by a "ballpark" transformation that ignores
 * the datum: every point moves by 100 m or more, without a word.  For
 * mine action that is the difference between a road and a minefield.
 *
 * The decision, in order:
 *  1. The CRS: the file's, when it states one; the user's (--srs or the
 *     profile's "srs") when the file states none or only its format's
 *     default (GDAL reports WGS 84 for every GeoJSON without a "crs"
 *     member, RFC 7946).  When both are stated they must agree — the same
 *     CRS, or the user's is one the file's matches by its parameters
 *     (GDAL's OSRFindMatches) — or the file is refused naming both.
 *  2. Its transformation to WGS 84 (core: mais_geom_crs_check): when PROJ
 *     knows one other than a ballpark one, it is used.  When ballpark is
 *     all it knows and the CRS is the file's own, without an EPSG code,
 *     the EPSG CRSs whose parameters it matches are looked for: exactly
 *     one, with a proper transformation, is used instead (RD New with
 *     D_unknown is EPSG:28992); several are listed and the file refused
 *     (a Gauss-Krüger zone on Krassowsky's ellipsoid may be Pulkovo 1942,
 *     Pulkovo 1995 or South Yemen).  Refused too when nothing matches,
 *     unless the user accepts ballpark positions (--accept-ballpark):
 *     every record is then flagged crs_ballpark.
 * The transformation itself is the one path of the core
 * (mais_geom_transform_to_wgs84_ex), which says the operation it used.
 */
#include "io/import_internal.h"
#include "mais/error.h"
#include "mais/limits.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_srs_api.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPS	    8  /* distinct operations counted in a file */
#define MAX_LISTED  8  /* candidates named in a refusal */
#define MAX_MATCHES 64 /* candidates looked at */
/* GDAL's confidence in a match (OSRFindMatches): 100 the same CRS and
 * name, 90 equivalent under another name, 70 equivalent with names that
 * do not match at all; GDAL 3.6 gives 60 (50 once the CRS has been through
 * PROJJSON) to the same projection and ellipsoid under a datum named
 * otherwise, such as D_unknown; 25 to a CRS that only has a similar name.
 * From 50 up a match is a candidate. */
#define MIN_CONFIDENCE 50

typedef struct op_count {
	mais_crs_op op;
	int64_t features;
} op_count;

struct imp_crs {
	char *use;	/* the CRS given to PROJ; NULL: lon/lat as read */
	int flags;	/* MAIS_CRS_ALLOW_BALLPARK when accepted */
	char crs[64];	/* "EPSG:28992" or the CRS's name */
	char name[160]; /* "Amersfoort / RD New" */
	char from[320]; /* how it was chosen */
	op_count ops[MAX_OPS];
	size_t nops;
	op_count *last; /* the last feature's operation, or NULL */
};

typedef struct match {
	char code[32]; /* "EPSG:28408" */
	char name[128];
	int confidence;
} match;

static void quiet(CPLErr cls, CPLErrorNum num, const char *msg)
{
	(void)cls;
	(void)num;
	(void)msg;
}

/* The CRS of def ("EPSG:N", WKT, PROJJSON, a PROJ string), or NULL. */
static OGRSpatialReferenceH srs_of(const char *def)
{
	OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
	OGRErr err;

	if (!s)
		return NULL;
	CPLPushErrorHandler(quiet);
	err = OSRSetFromUserInput(s, def);
	CPLPopErrorHandler();
	if (err != OGRERR_NONE) {
		OSRDestroySpatialReference(s);
		return NULL;
	}
	return s;
}

/* "EPSG:N" of s, or "" when it has no authority code. */
static void code_of(OGRSpatialReferenceH s, char *code, size_t size)
{
	const char *auth = s ? OSRGetAuthorityName(s, NULL) : NULL;
	const char *num = s ? OSRGetAuthorityCode(s, NULL) : NULL;

	snprintf(code, size, "%s%s%s", auth && num ? auth : "",
		 auth && num ? ":" : "", auth && num ? num : "");
}

/* "EPSG:32638 (WGS 84 / UTM zone 38N)", or "'name'" without a code. */
static void said(const imp_crs *c, char *buf, size_t size)
{
	if (c->name[0] && strcmp(c->name, c->crs))
		snprintf(buf, size, "%s (%s)", c->crs, c->name);
	else
		snprintf(buf, size, "'%s'", c->crs);
}

/* c->crs and c->name said of the CRS def (or of s when given). */
static void describe(imp_crs *c, OGRSpatialReferenceH s, const char *def)
{
	OGRSpatialReferenceH own = s ? NULL : srs_of(def);
	OGRSpatialReferenceH t = s ? s : own;
	const char *name = t ? OSRGetName(t) : NULL;

	code_of(t, c->crs, sizeof c->crs);
	if (!c->crs[0])
		snprintf(c->crs, sizeof c->crs, "%.63s",
			 name  ? name
			 : def ? def
			       : "?");
	snprintf(c->name, sizeof c->name, "%s", name ? name : "");
	OSRDestroySpatialReference(own);
}

/* 1 if the GeoJSON text of file `name` has a "crs" member in its
 * top-level object: a string "crs" at depth 1 followed by ':'. */
static int geojson_has_crs(const char *name)
{
	VSILFILE *fp = VSIFOpenL(name, "rb");
	char buf[65536], key[4];
	int depth = 0, in_str = 0, esc = 0, pending = 0, found = 0;
	size_t n, klen = 0;

	if (!fp)
		return 1; /* cannot tell: as stated, the cautious side */
	while (!found && (n = VSIFReadL(buf, 1, sizeof buf, fp)) > 0)
		for (size_t i = 0; i < n && !found; i++) {
			char ch = buf[i];

			if (in_str) {
				if (esc)
					esc = 0;
				else if (ch == '\\')
					esc = 1;
				else if (ch == '"') {
					in_str = 0;
					pending = depth == 1 && klen == 3 &&
						  !memcmp(key, "crs", 3);
				} else if (klen < sizeof key)
					key[klen++] = ch;
				continue;
			}
			if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
				continue;
			found = pending && ch == ':';
			pending = 0;
			if (ch == '"')
				in_str = 1, klen = 0;
			else if (ch == '{' || ch == '[')
				depth++;
			else if (ch == '}' || ch == ']')
				depth--;
		}
	VSIFCloseL(fp);
	return found;
}

/* 1 if the file states its CRS; 0 if GDAL reports only its format's
 * default (GeoJSON: WGS 84 when there is no "crs" member). */
static int file_states_crs(const mais_reader *src)
{
	const char *driver = mais_source_driver(src);
	char **files;
	int stated;

	if (!mais_source_crs(src))
		return 0;
	if (!strcmp(driver, "GeoJSONSeq"))
		return 0;
	if (strcmp(driver, "GeoJSON"))
		return 1;
	files = mais_source_files(src);
	stated = geojson_has_crs(
		files && files[0] ? files[0] : mais_source_gdal_name(src));
	mais_source_files_free(files);
	return stated;
}

/* The EPSG CRSs that s matches by its parameters, with the best
 * confidence found (MIN_CONFIDENCE at least): *n of them in m. */
static void find_matches(OGRSpatialReferenceH s, match *m, size_t max,
			 size_t *n)
{
	int count = 0, *conf = NULL, best = MIN_CONFIDENCE;
	OGRSpatialReferenceH *all;

	*n = 0;
	CPLPushErrorHandler(quiet);
	all = OSRFindMatches(s, NULL, &count, &conf);
	CPLPopErrorHandler();
	for (int i = 0; i < count; i++) {
		const char *auth = OSRGetAuthorityName(all[i], NULL);

		if (!auth || strcmp(auth, "EPSG") || conf[i] < best)
			continue;
		if (conf[i] > best)
			best = conf[i], *n = 0;
		if (*n < max) {
			code_of(all[i], m[*n].code, sizeof m[*n].code);
			snprintf(m[*n].name, sizeof m[*n].name, "%s",
				 OSRGetName(all[i]) ? OSRGetName(all[i]) : "");
			m[(*n)++].confidence = conf[i];
		}
	}
	OSRFreeSRSArray(all);
	CPLFree(conf);
}

/* 1 if the user's CRS `user` agrees with the file's s: the same CRS
 * (axis order aside), or one s matches by its parameters. */
static int agree(OGRSpatialReferenceH s, const char *user)
{
	static const char *const same_opts[] = {
		"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
		"CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", NULL};
	OGRSpatialReferenceH u = srs_of(user);
	match m[MAX_MATCHES];
	char code[32];
	size_t n = 0;
	int same = 0;

	if (u && OSRIsSameEx(s, u, same_opts))
		same = 1;
	code_of(u, code, sizeof code);
	if (!same && code[0])
		find_matches(s, m, MAX_MATCHES, &n);
	for (size_t i = 0; i < n && !same; i++)
		same = !strcmp(m[i].code, code);
	OSRDestroySpatialReference(u);
	return same;
}

/* The file states a CRS and the user gives another. */
static int refuse_disagreement(OGRSpatialReferenceH s, const char *user,
			       const char *user_label)
{
	imp_crs file = {0}, given = {0};
	char a[256], b[256];

	describe(&file, s, NULL);
	describe(&given, NULL, user);
	said(&file, a, sizeof a);
	said(&given, b, sizeof b);
	return mais_error_set(MAIS_EINVAL,
			      "the file states its CRS as %s but %s says %s: "
			      "they disagree; correct the file or leave out %s",
			      a, user_label, b, user_label);
}

/* 1 if PROJ has a transformation other than a ballpark one from def. */
static int proper(const char *def)
{
	int ballpark_only = 0;

	return mais_geom_crs_check(def, &ballpark_only) == 0 && !ballpark_only;
}

/* "EPSG:1 (name), EPSG:2 (name) and 3 more" into buf. */
static void list_matches(const match *m, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && i < MAX_LISTED && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s (%s)",
					i ? ", " : "", m[i].code, m[i].name);
	if (n > MAX_LISTED && len < size)
		snprintf(buf + len, size - len, " and %zu more",
			 n - MAX_LISTED);
}

/* What the search by parameters found, as a sentence (searched 0: the
 * CRS was not looked up, having a code or being the user's). */
static void matches_said(const match *m, size_t n, int searched, char *buf,
			 size_t size)
{
	char list[640];

	list_matches(m, n, list, sizeof list);
	if (n > 1)
		snprintf(buf, size,
			 " Its parameters match several EPSG "
			 "CRSs: %s.",
			 list);
	else if (n == 1)
		snprintf(buf, size,
			 " Its parameters match %s only, which has "
			 "no known datum shift either.",
			 list);
	else
		snprintf(buf, size, "%s",
			 searched ? " Its parameters match no EPSG CRS." : "");
}

/* Only a ballpark transformation: refused, saying why and what to do. */
static int refuse_ballpark(const imp_crs *c, const char *datum,
			   const char *matches, int from_user)
{
	char crs[256];

	said(c, crs, sizeof crs);
	return mais_error_set(
		MAIS_EUNSUPPORTED,
		"its CRS %s%s can be brought to WGS 84 only by a ballpark "
		"transformation: the datum%s%s%s has no known shift to WGS 84, "
		"and positions would be off by 100 m or more.%s Give the CRS "
		"with --srs EPSG:N, or store the ballpark positions, each "
		"record flagged crs_ballpark, with --accept-ballpark",
		crs, from_user ? ", given by the user," : "", datum ? " '" : "",
		datum ? datum : "", datum ? "'" : "", matches);
}

/* The CRS use has only a ballpark transformation: the file's own one,
 * without an EPSG code, may be identified by its parameters. */
static int resolve_ballpark(imp_crs *c, OGRSpatialReferenceH s, int accept)
{
	const char *datum = s ? OSRGetAttrValue(s, "DATUM", 0) : NULL;
	match m[MAX_MATCHES];
	char code[32], found[800];
	size_t n = 0;

	code_of(s, code, sizeof code);
	if (s && !code[0])
		find_matches(s, m, MAX_MATCHES, &n);
	if (n == 1 && proper(m[0].code)) {
		char *use = strdup(m[0].code);

		if (!use)
			return mais_error_nomem();
		free(c->use);
		c->use = use;
		snprintf(c->from, sizeof c->from,
			 "stated by the file as '%s' without an EPSG code "
			 "(datum '%s'); identified by its parameters as the "
			 "one EPSG CRS it matches (GDAL's confidence %d%%)",
			 c->crs, datum ? datum : "?", m[0].confidence);
		describe(c, NULL, use);
		return 0;
	}
	if (!accept) {
		matches_said(m, n, s && !code[0], found, sizeof found);
		return refuse_ballpark(c, datum, found, !s);
	}
	c->flags = MAIS_CRS_ALLOW_BALLPARK;
	snprintf(c->from + strlen(c->from), sizeof c->from - strlen(c->from),
		 "; a ballpark transformation accepted (--accept-ballpark)");
	return 0;
}

/* Step 1: the CRS to read the file in, and the words that say why. */
static int choose(imp_crs *c, const mais_reader *src, const char *user,
		  const char *user_label, int stated)
{
	OGRSpatialReferenceH s = mais_source_srs(src);
	const char *file = mais_source_crs(src);
	const char *why;

	if (user && stated && !agree(s, user))
		return refuse_disagreement(s, user, user_label);
	if (user)
		why = stated ? "%s, agreeing with the file's CRS"
		      : file ? "%s, over the format's default: WGS 84 for a "
			       "GeoJSON without a \"crs\" member (RFC 7946)"
			     : "%s; the file states no CRS";
	else
		why = stated ? "stated by the file"
		      : file ? "the format's default: WGS 84 for a GeoJSON "
			       "without a \"crs\" member (RFC 7946)"
			     : "none stated or given: read as WGS 84 "
			       "longitude/latitude";
	snprintf(c->from, sizeof c->from, why, user_label);
	c->use = user ? strdup(user) : file ? strdup(file) : NULL;
	if ((user || file) && !c->use)
		return mais_error_nomem();
	if (c->use)
		describe(c, user ? NULL : s, c->use);
	return 0;
}

int imp_crs_decide(imp_crs **out, const mais_reader *src, const imp_profile *p,
		   const mais_import_opts *o)
{
	imp_crs *c = calloc(1, sizeof *c);
	const char *label = o->srs ? "--srs" : "the profile's \"srs\"";
	int ballpark_only = 0, rc;

	*out = NULL;
	if (!c)
		return mais_error_nomem();
	rc = choose(c, src, p->srs, label, file_states_crs(src));
	/* a CRS PROJ does not know is the features' rejection (unknown_crs),
	 * as it has always been */
	if (rc == 0 && c->use && strcmp(c->use, "EPSG:4326") &&
	    mais_geom_crs_check(c->use, &ballpark_only) == 0 && ballpark_only)
		rc = resolve_ballpark(c, p->srs ? NULL : mais_source_srs(src),
				      o->accept_ballpark);
	if (rc < 0) {
		imp_crs_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void imp_crs_free(imp_crs *c)
{
	if (!c)
		return;
	free(c->use);
	free(c);
}

/* Counts a feature transformed by op. */
static void count_op(imp_crs *c, const mais_crs_op *op)
{
	size_t i = 0;

	while (i < c->nops && strcmp(c->ops[i].op.name, op->name))
		i++;
	if (i == c->nops && c->nops < MAX_OPS)
		c->ops[c->nops++].op = *op;
	c->last = i < c->nops ? &c->ops[i] : NULL;
	if (c->last)
		c->last->features++;
}

int imp_crs_transform(imp_crs *c, mais_geom *g)
{
	mais_crs_op op;
	int rc;

	c->last = NULL;
	if (!c->use || !strcmp(c->use, "EPSG:4326"))
		return 0;
	rc = mais_geom_transform_to_wgs84_ex(g, c->use, c->flags, &op);
	if (rc == 0 && op.name[0])
		count_op(c, &op);
	return rc;
}

const char *imp_crs_ballpark(const imp_crs *c)
{
	return c->last && c->last->op.ballpark ? c->last->op.name : NULL;
}

void imp_crs_report(const imp_crs *c, const mais_import_opts *o,
		    const char *file, const char *layer)
{
	mais_import_crs_op ops[MAX_OPS];
	mais_import_crs r = {
		.file = file,
		.layer = layer,
		.crs = c->use ? c->crs : "",
		.name = c->use ? c->name : "",
		.from = c->from,
		.ops = ops,
		.nops = c->nops,
	};

	for (size_t i = 0; i < c->nops; i++)
		ops[i] = (mais_import_crs_op){
			.name = c->ops[i].op.name,
			.accuracy_m = c->ops[i].op.accuracy_m,
			.ballpark = c->ops[i].op.ballpark,
			.features = c->ops[i].features,
		};
	if (o->on_crs)
		o->on_crs(&r, o->ctx);
}
