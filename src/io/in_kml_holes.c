/*
 * in_kml_holes.c — puts back the holes GDAL's KML readers drop
 * (kml_holes.h).
 *
 * When the layer is opened, the document GDAL read is streamed once
 * through the ring reader (kml_rings.h), which keeps the layer's
 * placemarks whose <innerBoundaryIs> holds several rings, each known by
 * its index among the layer's features.  Then, for each of GDAL's
 * features at such an index, the match is checked before anything is
 * changed: the same number of polygons, and each of GDAL's rings found,
 * in order, among the file's (same number of points, same first and last
 * point).  Only then are the polygons whose file has more rings rebuilt
 * from the file's rings, outer ring first; a polygon that cannot be
 * (points over the limit, unreadable coordinates, no single outer ring)
 * leaves the feature as GDAL read it, flagged kml_hole_lost.
 *
 * Nothing is silent: when the document cannot be read or its layers do
 * not line up with GDAL's (a KMZ whose layers are files it links, a
 * directory, a malformed document, a limit), every polygon of the layer
 * is flagged kml_holes_unchecked if the files hold any such placemark.
 */
#include "io/kml_holes.h"
#include "io/kml_rings.h"
#include "mais/error.h"
#include "mais/grow.h"
#include "mais/limits.h"

#include <cpl_vsi.h>
#include <cpl_string.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct kml_holes {
	kml_scan *scan;
	int unchecked; /* flag every polygon of the layer with why[] */
	char why[MAIS_MAX_ERROR_MESSAGE];
	char msg[MAIS_MAX_ERROR_MESSAGE]; /* the last feature's */
	OGRGeometryH *polys;		  /* GDAL's polygons of a feature */
	size_t npolys, cap_polys;
};

#define SEVERAL_WHY                                                           \
	"an <innerBoundaryIs> holding several rings, of which GDAL's reader " \
	"keeps one"

/* ---- reading the document ------------------------------------------ */

/* Streams the file at path (a GDAL virtual path) through s; *readable 0
 * when it cannot be opened or is not well-formed XML. */
static int scan_file(kml_scan *s, const char *path, int *readable)
{
	VSILFILE *fp = VSIFOpenL(path, "rb");
	size_t n, size = 1 << 16;
	char *buf = malloc(size);
	int rc = 0;

	*readable = 0;
	if (!buf) {
		if (fp)
			VSIFCloseL(fp);
		return mais_error_nomem();
	}
	while (fp && rc == 0 && (n = VSIFReadL(buf, 1, size, fp)) > 0)
		rc = kml_scan_feed(s, buf, n);
	free(buf);
	if (fp)
		VSIFCloseL(fp);
	if (rc == 0)
		rc = kml_scan_finish(s);
	*readable = fp && !kml_scan_malformed(s);
	return rc;
}

static int ends_kml(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && !strcasecmp(name + n - 4, ".kml");
}

/* The KML files of a KMZ or a directory, in GDAL's order. */
static char **kml_files(const char *dir)
{
	char **all = VSIReadDirRecursive(dir), **out = NULL;

	for (int i = 0; all && all[i]; i++)
		if (ends_kml(all[i]))
			out = CSLAddString(out, all[i]);
	CSLDestroy(all);
	return out;
}

/* 1 if the file at path begins as a zip archive (a KMZ). */
static int is_zip(const char *path)
{
	VSILFILE *fp = VSIFOpenL(path, "rb");
	unsigned char magic[4] = {0};

	if (!fp)
		return 0;
	if (VSIFReadL(magic, 1, 4, fp) != 4)
		memset(magic, 0, sizeof magic);
	VSIFCloseL(fp);
	return !memcmp(magic, "PK\003\004", 4);
}

/* Several-ring placemarks in every KML file of dir (MAIS_ENOMEM, or -1 if
 * one cannot be read). */
static int64_t count_all(const char *dir)
{
	char **files = kml_files(dir);
	int64_t total = 0;

	for (int i = 0; total >= 0 && files && files[i]; i++) {
		char path[4096];
		kml_scan *s;
		int readable, rc;

		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
				     files[i]) >= sizeof path) {
			total = -1;
			break;
		}
		if ((rc = kml_scan_new(&s, KML_LAYOUT_LIBKML, 0, NULL)) == 0)
			rc = scan_file(s, path, &readable);
		total = rc < 0	   ? rc
			: readable ? total + kml_scan_several(s)
				   : -1;
		kml_scan_free(s);
	}
	CSLDestroy(files);
	return total;
}

/* The layer's polygons are unchecked when the files hold several-ring
 * placemarks (several > 0) or cannot be read to tell (-1). */
static void unchecked(kml_holes *h, int64_t several, const char *why)
{
	if (several == 0)
		return;
	h->unchecked = 1;
	if (several < 0)
		snprintf(h->why, sizeof h->why,
			 "holes not checked (%s): a polygon with " SEVERAL_WHY
			 " may have lost holes",
			 why);
	else
		snprintf(h->why, sizeof h->why,
			 "holes not checked (%s), and the file has %lld "
			 "placemark(s) with " SEVERAL_WHY,
			 why, (long long)several);
}

/* A KMZ whose default KML links its layers, or a directory: mais does
 * not match their layers; it counts what may be lost in all of them. */
static int linked_layers(kml_holes *h, const char *dir, const char *what)
{
	int64_t several = count_all(dir);

	if (several == MAIS_ENOMEM)
		return MAIS_ENOMEM;
	unchecked(h, several, what);
	return 0;
}

static int layer_index(GDALDatasetH ds, OGRLayerH layer)
{
	int n = GDALDatasetGetLayerCount(ds);

	for (int i = 0; i < n; i++)
		if (GDALDatasetGetLayer(ds, i) == layer)
			return i;
	return -1;
}

/* Where the document GDAL read is. */
typedef struct where {
	char dir[4096]; /* the KMZ (as /vsizip/) or directory, or "" */
	char doc[4096]; /* the KML file: path, or dir's first .kml */
	int nkml;	/* .kml files in dir */
	int is_dir;	/* dir is a directory (LIBKML's layers are its files,
			   unless GDAL read a zip of one file as that file) */
} where;

/* Finds the document: GDAL reads a KMZ's first .kml (as Google Earth
 * does).  0, or -1 when there is none. */
static int find_document(const char *path, where *w)
{
	char **files = VSIReadDir(path);
	size_t len;

	memset(w, 0, sizeof *w);
	w->is_dir = files != NULL; /* a plain file lists nothing */
	CSLDestroy(files);
	if (w->is_dir)
		len = (size_t)snprintf(w->dir, sizeof w->dir, "%s", path);
	else if (is_zip(path))
		len = (size_t)snprintf(w->dir, sizeof w->dir, "/vsizip/%s",
				       path);
	else
		return (size_t)snprintf(w->doc, sizeof w->doc, "%s", path) <
				       sizeof w->doc
			       ? 0
			       : -1;
	if (len >= sizeof w->dir)
		return -1;
	files = kml_files(w->dir);
	w->nkml = CSLCount(files);
	len = files ? (size_t)snprintf(w->doc, sizeof w->doc, "%s/%s", w->dir,
				       files[0])
		    : sizeof w->doc;
	CSLDestroy(files);
	return len < sizeof w->doc ? 0 : -1;
}

/* Scans the document GDAL read for the layer. */
static int scan_document(kml_holes *h, GDALDatasetH ds, OGRLayerH layer,
			 kml_layout layout)
{
	const char *problem;
	int readable, rc;
	where w;

	if (find_document(GDALGetDescription(ds), &w) < 0) {
		unchecked(h, -1, "GDAL's KML document was not found");
		return 0;
	}
	if (w.is_dir && w.nkml > 1)
		return linked_layers(h, w.dir, "a directory of KML files");
	rc = kml_scan_new(&h->scan, layout, layer_index(ds, layer),
			  OGR_L_GetName(layer));
	if (rc == 0)
		rc = scan_file(h->scan, w.doc, &readable);
	if (rc < 0)
		return rc;
	problem = kml_scan_problem(h->scan);
	if (!readable)
		unchecked(h, -1, problem ? problem : "the KML cannot be read");
	else if (w.dir[0] && kml_scan_has_links(h->scan))
		return linked_layers(h, w.dir,
				     "the KMZ's layers are files "
				     "it links");
	else if (problem)
		unchecked(h, kml_scan_several(h->scan), problem);
	return 0;
}

int kml_holes_open(kml_holes **out, GDALDatasetH ds, OGRLayerH layer)
{
	const char *driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
	kml_layout layout;
	kml_holes *h;
	int rc;

	*out = NULL;
	if (!driver || (strcmp(driver, "LIBKML") && strcmp(driver, "KML")))
		return 0;
	layout = strcmp(driver, "KML") ? KML_LAYOUT_LIBKML : KML_LAYOUT_KML;
	if (!(h = calloc(1, sizeof *h)))
		return mais_error_nomem();
	rc = scan_document(h, ds, layer, layout);
	if (rc < 0) {
		kml_holes_free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void kml_holes_free(kml_holes *h)
{
	if (!h)
		return;
	kml_scan_free(h->scan);
	free(h->polys);
	free(h);
}

/* ---- matching a feature -------------------------------------------- */

/* GDAL's polygons of g, in order (collections walked depth first, as
 * KML's MultiGeometry is written). */
static int walk(kml_holes *h, OGRGeometryH g)
{
	OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));

	if (t == wkbPolygon) {
		if (mais_grow(&h->polys, &h->cap_polys, h->npolys,
			      sizeof *h->polys) < 0)
			return MAIS_ENOMEM;
		h->polys[h->npolys++] = g;
		return 0;
	}
	if (t != wkbMultiPolygon && t != wkbGeometryCollection)
		return 0;
	for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
		if (walk(h, OGR_G_GetGeometryRef(g, i)) < 0)
			return MAIS_ENOMEM;
	return 0;
}

static int same_point(double x, double y, const double p[2])
{
	return fabs(x - p[0]) <= 1e-9 && fabs(y - p[1]) <= 1e-9;
}

/* 1 if GDAL's ring r is the file's ring k. */
static int same_ring(OGRGeometryH r, const kml_ring *k)
{
	int n = OGR_G_GetPointCount(r);

	return !k->bad && n > 0 && (size_t)n == k->n &&
	       same_point(OGR_G_GetX(r, 0), OGR_G_GetY(r, 0), k->first) &&
	       same_point(OGR_G_GetX(r, n - 1), OGR_G_GetY(r, n - 1), k->last);
}

/* 1 if GDAL's rings of polygon g are, in order, among the file's. */
static int rings_within(const kml_scan *s, OGRGeometryH g, const kml_polygon *p)
{
	int n = OGR_G_GetGeometryCount(g);
	size_t k = 0;

	for (int i = 0; i < n; i++) {
		OGRGeometryH r = OGR_G_GetGeometryRef(g, i);

		while (k < p->n && !same_ring(r, kml_scan_ring(s, p->at + k)))
			k++;
		if (k++ >= p->n)
			return 0;
	}
	return 1;
}

/* Why polygon p cannot be rebuilt from the file, or NULL. */
static const char *not_rebuildable(const kml_scan *s, const kml_placemark *pm,
				   const kml_polygon *p)
{
	if (!pm->whole)
		return "the placemark has more points than mais keeps "
		       "(MAIS_MAX_KML_KEPT_POINTS)";
	if (!p->outer)
		return "its polygon has no single outer ring";
	for (size_t k = 0; k < p->n; k++)
		if (kml_scan_ring(s, p->at + k)->bad)
			return "a ring's coordinates could not be read";
	return NULL;
}

/* Replaces g's rings by the file's rings of p (in place). */
static int rebuild(const kml_scan *s, OGRGeometryH g, const kml_polygon *p)
{
	int is3d = OGR_G_Is3D(g);

	for (int i = OGR_G_GetGeometryCount(g) - 1; i >= 0; i--)
		if (OGR_G_RemoveGeometry(g, i, TRUE) != OGRERR_NONE)
			return mais_error_set(MAIS_ERR, "GDAL cannot remove a "
							"polygon's ring");
	for (size_t k = 0; k < p->n; k++) {
		const kml_ring *r = kml_scan_ring(s, p->at + k);
		OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);

		if (!ring)
			return mais_error_nomem();
		OGR_G_SetPointCount(ring, (int)r->n);
		for (size_t j = 0; j < r->n; j++) {
			const double *v = kml_scan_point(s, r->at + j);

			if (is3d)
				OGR_G_SetPoint(ring, (int)j, v[0], v[1], v[2]);
			else
				OGR_G_SetPoint_2D(ring, (int)j, v[0], v[1]);
		}
		if (OGR_G_AddGeometryDirectly(g, ring) != OGRERR_NONE) {
			OGR_G_DestroyGeometry(ring);
			return mais_error_set(MAIS_ERR, "GDAL cannot add a "
							"polygon's ring");
		}
	}
	return 0;
}

/* Why the feature's polygons cannot all be rebuilt (NULL if they can),
 * and *missing, the holes GDAL dropped. */
static const char *check(kml_holes *h, const kml_placemark *pm, int *missing)
{
	const kml_scan *s = h->scan;
	const char *why;

	*missing = 0;
	if (h->npolys != pm->n)
		return "its polygons are not those GDAL read";
	for (size_t i = 0; i < pm->n; i++) {
		const kml_polygon *p = kml_scan_polygon(s, pm->at + i);
		int n = OGR_G_GetGeometryCount(h->polys[i]);

		if (!rings_within(s, h->polys[i], p))
			return "its rings are not those GDAL read";
		if ((size_t)n < p->n && (why = not_rebuildable(s, pm, p)))
			return why;
		*missing += (int)(p->n - (size_t)n);
	}
	return NULL;
}

/* Rebuilds from the file each of the feature's polygons that lacks
 * rings; *rule and *message say so. */
static int restore(kml_holes *h, const kml_placemark *pm, int missing,
		   const char **rule, const char **message)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < pm->n; i++) {
		const kml_polygon *p = kml_scan_polygon(h->scan, pm->at + i);

		if ((size_t)OGR_G_GetGeometryCount(h->polys[i]) < p->n)
			rc = rebuild(h->scan, h->polys[i], p);
	}
	if (rc < 0)
		return rc;
	snprintf(
		h->msg, sizeof h->msg,
		"%d hole(s) restored from the file: the placemark has " SEVERAL_WHY,
		missing);
	*rule = "kml_holes_recovered";
	*message = h->msg;
	return 0;
}

int kml_holes_fix(kml_holes *h, int64_t index, OGRFeatureH f, const char **rule,
		  const char **message)
{
	OGRGeometryH g = f ? OGR_F_GetGeometryRef(f) : NULL;
	const kml_placemark *pm;
	const char *why;
	int missing;

	*rule = *message = NULL;
	if (!h || !g)
		return 0;
	h->npolys = 0;
	if (walk(h, g) < 0)
		return mais_error_nomem();
	if (h->unchecked) {
		if (h->npolys)
			*rule = "kml_holes_unchecked", *message = h->why;
		return 0;
	}
	if (!(pm = kml_scan_find(h->scan, index)))
		return 0;
	if (!(why = check(h, pm, &missing)))
		return missing ? restore(h, pm, missing, rule, message) : 0;
	snprintf(h->msg, sizeof h->msg,
		 "the placemark has " SEVERAL_WHY ", and its holes could not "
		 "be restored: %s",
		 why);
	*rule = "kml_hole_lost";
	*message = h->msg;
	return 0;
}
