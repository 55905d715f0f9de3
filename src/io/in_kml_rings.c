/*
 * in_kml_rings.c — reads the rings of KML polygons as the file writes
 * them (kml_rings.h), to restore the holes GDAL drops.
 *
 * One pass of libxml2's SAX push parser over the document, fed in chunks:
 * nothing but the current placemark and the kept ones is held, whatever
 * the file's size.  A stack of element kinds follows where we are
 * (containers, features, polygons, boundaries, rings, coordinates); an
 * element counts only where the KML schema puts it (a Placemark is a
 * layer's feature only as a child of a container, a Polygon only under a
 * Placemark or MultiGeometry), as GDAL's drivers read it.  Coordinates are
 * tokenised as they stream (a number may straddle two chunks): tuples are
 * separated by white space, their 2 or 3 numbers by commas.
 *
 * A placemark's polygons, rings and points go to pools as they are read;
 * at its end they are kept if one of its <innerBoundaryIs> held several
 * rings, else the pools are cut back to where it started.  Everything
 * kept counts against MAIS_MAX_KML_KEPT_POINTS.
 *
 * The parser is given no DTD handlers, does not substitute entities and
 * never reads the network (XML_PARSE_NONET): a KML cannot make it fetch a
 * file or expand entities.
 */
#include "io/kml_rings.h"
#include "mais/error.h"
#include "mais/grow.h"
#include "mais/limits.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting followed: libxml2's own limit without XML_PARSE_HUGE. */
#define DEPTH 256
/* Bytes of a container's <name> compared with GDAL's layer name. */
#define NAME_BYTES 256

enum kind {
	K_OTHER,
	K_KML,
	K_CONT,
	K_PM,
	K_GO,
	K_FEAT,
	K_MULTI,
	K_GEOM,
	K_POLY,
	K_OUTER,
	K_INNER,
	K_RING,
	K_COORDS,
	K_NAME,
	K_LINK,
	K_LINKBOX,
	K_HREF
};

typedef struct cont {
	int64_t id;    /* in document order (preorder) */
	int64_t nfeat; /* LIBKML: its Placemarks and GroundOverlays so far */
	int64_t ngeom; /* KML: its Placemarks with a geometry so far */
	int64_t npm;   /* KML: its Placemarks */
	int any;       /* LIBKML: holds a feature other than a container */
	int links;     /* holds a NetworkLink to a relative href */
	char name[NAME_BYTES];
	size_t name_len;
	int named; /* 0 none, 1 name[] holds it, 2 too long to compare */
} cont;

typedef struct kept {
	kml_placemark pm;
	int64_t cont;
} kept;

typedef struct name_key {
	uint64_t hash; /* FNV-1a of the trimmed <name> */
	int named;     /* as cont.named */
} name_key;

struct kml_scan {
	kml_layout layout;
	int layer;
	uint64_t want_hash; /* of the trimmed layer name */
	xmlParserCtxtPtr ctx;
	int nomem, overflow, malformed;
	char problem[MAIS_MAX_ERROR_MESSAGE];
	unsigned char kinds[DEPTH + 1];
	int depth;
	cont conts[DEPTH + 1];
	int nconts;
	int64_t next_id, several;
	/* LIBKML: the root container (last feature of <kml>) */
	int64_t root, root_end;
	int root_has, root_links;
	/* KML: containers that are layers so far; the layer's container */
	int64_t rank, target;
	/* the placemark being read */
	int pm_on, pm_geom, pm_several, pm_whole;
	int64_t pm_cont, pm_index;
	size_t pm_polys, pm_rings, pm_pts, pm_names;
	/* the polygon, boundary and ring being read */
	size_t poly, ring, outer_at;
	int outers, inner_rings;
	/* the href of a NetworkLink being read: its first bytes */
	char href[32];
	size_t href_len;
	/* the coordinate tokeniser */
	char tok[64];
	size_t tlen;
	double vals[3];
	int nvals, commas;
	/* pools */
	kept *kept;
	size_t nkept, cap_kept;
	kml_polygon *polys;
	size_t npolys, cap_polys;
	kml_ring *rings;
	size_t nrings, cap_rings;
	double (*pts)[3];
	size_t npts, cap_pts;
	name_key *names; /* by container id */
	size_t nnames, cap_names;
	/* after finish: the layer's kept placemarks, by feature index */
	kept **found;
	size_t nfound;
};

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The hash of s without leading and trailing white space. */
static uint64_t trimmed_hash(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return fnv(s, n);
}

static size_t used(const kml_scan *s)
{
	return s->npts + s->nrings + s->npolys + s->nkept + s->nnames;
}

/* Room for one more kept item; past the limit the scan overflows (the
 * layer is then unchecked, kml_scan_problem says why). */
static int room(kml_scan *s)
{
	if (s->overflow)
		return 0;
	if (used(s) < MAIS_MAX_KML_KEPT_POINTS)
		return 1;
	s->overflow = 1;
	snprintf(s->problem, sizeof s->problem,
		 "the KML holds more rings than mais keeps to check them "
		 "(MAIS_MAX_KML_KEPT_POINTS, %d)",
		 MAIS_MAX_KML_KEPT_POINTS);
	return 0;
}

static void nomem(kml_scan *s)
{
	s->nomem = 1;
	if (s->ctx)
		xmlStopParser(s->ctx);
}

/* Room for element n of a pool (counted against the limit): 1, or 0
 * when the scan is over the limit or out of memory. */
static int pool_room(kml_scan *s, void *pv, size_t *cap, size_t n, size_t elem)
{
	if (!room(s))
		return 0;
	if (mais_grow(pv, cap, n, elem) < 0) {
		nomem(s);
		return 0;
	}
	return 1;
}

/* ---- coordinates ---------------------------------------------------- */

static kml_ring *cur_ring(kml_scan *s)
{
	return s->overflow ? NULL : &s->rings[s->ring];
}

static void ring_bad(kml_scan *s)
{
	kml_ring *r = cur_ring(s);

	if (r)
		r->bad = 1;
}

/* Stores a point of the placemark being read, while it fits. */
static void keep_point(kml_scan *s, const double v[3])
{
	if (!s->pm_whole)
		return;
	if (used(s) + 1 >= MAIS_MAX_KML_KEPT_POINTS) {
		s->pm_whole = 0; /* its rings stay, as summaries */
		s->npts = s->pm_pts;
		return;
	}
	if (mais_grow(&s->pts, &s->cap_pts, s->npts, sizeof *s->pts) < 0) {
		nomem(s);
		return;
	}
	memcpy(s->pts[s->npts++], v, sizeof s->pts[0]);
}

static void tuple_end(kml_scan *s)
{
	kml_ring *r = cur_ring(s);
	double v[3] = {s->vals[0], s->vals[1], 0};

	if (s->nvals == 0)
		return;
	if (s->nvals < 2)
		ring_bad(s);
	else if (r) {
		if (s->nvals == 3)
			v[2] = s->vals[2], r->has_z = 1;
		if (r->n++ == 0)
			memcpy(r->first, v, sizeof r->first);
		memcpy(r->last, v, sizeof r->last);
		keep_point(s, v);
	}
	s->nvals = 0;
	s->commas = 0;
}

static void number_end(kml_scan *s)
{
	char *end;
	double v;

	if (s->tlen == 0)
		return;
	s->tok[s->tlen] = '\0';
	v = strtod(s->tok, &end);
	if (end != s->tok + s->tlen || !isfinite(v))
		ring_bad(s);
	s->tlen = 0;
	if (s->nvals > 0 && s->commas == 0)
		tuple_end(s);
	if ((s->nvals == 0 && s->commas) || s->commas > 1 || s->nvals == 3)
		ring_bad(s);
	else
		s->vals[s->nvals++] = v;
	s->commas = 0;
}

static int number_char(int c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
	       c == 'e' || c == 'E';
}

static void coord_chars(kml_scan *s, const char *text, int len)
{
	for (int i = 0; i < len; i++) {
		int c = (unsigned char)text[i];

		if (number_char(c)) {
			if (s->tlen + 1 < sizeof s->tok)
				s->tok[s->tlen++] = (char)c;
			else
				ring_bad(s), s->tlen = 0;
			continue;
		}
		number_end(s);
		if (c == ',')
			s->commas++;
		else if (!isspace(c))
			ring_bad(s);
	}
}

static void coords_end(kml_scan *s)
{
	number_end(s);
	tuple_end(s);
}

/* ---- containers ----------------------------------------------------- */

static cont *top_cont(kml_scan *s)
{
	return s->nconts ? &s->conts[s->nconts - 1] : NULL;
}

/* A new container id; its name is set when it ends. */
static int64_t new_id(kml_scan *s)
{
	int64_t id = s->next_id++;

	if (!pool_room(s, &s->names, &s->cap_names, s->nnames,
		       sizeof *s->names))
		return id;
	s->names[s->nnames++] = (name_key){0, 0};
	return id;
}

static void cont_start(kml_scan *s, int top)
{
	cont *c = &s->conts[s->nconts++];

	memset(c, 0, sizeof *c);
	c->id = new_id(s);
	if (top && s->layout == KML_LAYOUT_LIBKML)
		s->root = c->id;
}

static void cont_end(kml_scan *s, int top)
{
	cont *c = top_cont(s);

	if ((size_t)c->id < s->nnames && c->named) {
		s->names[c->id].named = c->named;
		s->names[c->id].hash = trimmed_hash(c->name, c->name_len);
	}
	if (top && s->layout == KML_LAYOUT_LIBKML) {
		s->root_end = s->next_id - 1;
		s->root_has = c->any;
		s->root_links = c->links;
	}
	if (s->layout == KML_LAYOUT_KML && c->npm > 0 && s->rank++ == s->layer)
		s->target = c->id;
	s->nconts--;
}

static void name_chars(kml_scan *s, const char *text, int len)
{
	cont *c = top_cont(s);

	if (!c || c->named == 2)
		return;
	if (c->name_len + (size_t)len > sizeof c->name) {
		c->named = 2;
		return;
	}
	memcpy(c->name + c->name_len, text, (size_t)len);
	c->name_len += (size_t)len;
	c->named = 1;
}

/* The first bytes of a NetworkLink's href, without leading space. */
static void href_chars(kml_scan *s, const char *text, int len)
{
	for (int i = 0; i < len && s->href_len + 1 < sizeof s->href; i++)
		if (s->href_len || !isspace((unsigned char)text[i]))
			s->href[s->href_len++] = text[i];
}

/* A link to a file by a relative path (no scheme, not from the root)
 * makes a KMZ's layers come from the files it links (LIBKML). */
static void href_end(kml_scan *s)
{
	cont *c = top_cont(s);
	size_t stop;

	s->href[s->href_len] = '\0';
	stop = strcspn(s->href, ":/?#\\");
	if (c && s->href_len && s->href[stop] != ':' && stop > 0)
		c->links = 1;
}

/* ---- placemarks, polygons, rings ------------------------------------ */

/* A Placemark or GroundOverlay of the container on top (or, for LIBKML,
 * one at the root of <kml>: a container of its own). */
static void feature_start(kml_scan *s, int kind, int parent)
{
	cont *c = top_cont(s);

	if (parent == K_KML && s->layout == KML_LAYOUT_LIBKML) {
		s->root = s->root_end = new_id(s);
		s->root_has = 1;
		s->root_links = 0;
		s->pm_cont = s->root;
		s->pm_index = 0;
	} else if (c) {
		s->pm_cont = c->id;
		s->pm_index = s->layout == KML_LAYOUT_KML ? c->ngeom : c->nfeat;
		c->nfeat++;
		c->npm += kind == K_PM;
		c->any = 1;
	}
	if (kind != K_PM)
		return;
	s->pm_on = 1;
	s->pm_geom = s->pm_several = 0;
	s->pm_whole = 1;
	s->pm_polys = s->npolys;
	s->pm_rings = s->nrings;
	s->pm_pts = s->npts;
}

static void keep_placemark(kml_scan *s)
{
	kept *k;

	if (!pool_room(s, &s->kept, &s->cap_kept, s->nkept, sizeof *s->kept))
		return;
	k = &s->kept[s->nkept++];
	k->cont = s->pm_cont;
	k->pm.index = s->pm_index;
	k->pm.at = s->pm_polys;
	k->pm.n = s->npolys - s->pm_polys;
	k->pm.whole = s->pm_whole;
}

static void placemark_end(kml_scan *s)
{
	cont *c = top_cont(s);

	if (c && s->pm_geom)
		c->ngeom++;
	if (s->pm_several) {
		s->several++;
		keep_placemark(s);
	} else if (!s->overflow) {
		s->npolys = s->pm_polys;
		s->nrings = s->pm_rings;
		s->npts = s->pm_pts;
	}
	s->pm_on = 0;
}

static void polygon_start(kml_scan *s)
{
	s->pm_geom = 1;
	s->outers = 0;
	s->outer_at = 0;
	if (!pool_room(s, &s->polys, &s->cap_polys, s->npolys,
		       sizeof *s->polys))
		return;
	s->poly = s->npolys++;
	s->polys[s->poly] = (kml_polygon){.at = s->nrings};
}

static void polygon_end(kml_scan *s)
{
	kml_polygon *p;

	if (s->overflow)
		return;
	p = &s->polys[s->poly];
	p->n = s->nrings - p->at;
	p->outer = s->outers == 1;
	if (p->outer && s->outer_at != p->at) {
		/* the outer ring first, the inner ones in document order, as
		 * GDAL's drivers put them */
		kml_ring t = s->rings[s->outer_at];

		memmove(&s->rings[p->at + 1], &s->rings[p->at],
			(s->outer_at - p->at) * sizeof t);
		s->rings[p->at] = t;
	}
}

static void ring_start(kml_scan *s)
{
	s->tlen = 0;
	s->nvals = s->commas = 0;
	if (!pool_room(s, &s->rings, &s->cap_rings, s->nrings,
		       sizeof *s->rings))
		return;
	s->ring = s->nrings++;
	s->rings[s->ring] = (kml_ring){.at = s->npts};
}

/* A second <coordinates> in one ring replaces the first. */
static void coords_start(kml_scan *s)
{
	kml_ring *r = cur_ring(s);

	s->tlen = 0;
	s->nvals = s->commas = 0;
	if (r && r->n) {
		if (s->pm_whole)
			s->npts = r->at;
		*r = (kml_ring){.at = s->npts};
	}
}

static void ring_end(kml_scan *s, int parent)
{
	kml_ring *r = cur_ring(s);

	/* GDAL's drivers drop a ring without points; so does this reader */
	if (r && r->n == 0 && !r->bad) {
		s->nrings--;
		return;
	}
	if (parent == K_INNER)
		s->inner_rings++;
	else if (s->outers++ == 0)
		s->outer_at = s->ring;
}

static void inner_end(kml_scan *s)
{
	if (s->inner_rings > 1) {
		s->pm_several = 1;
		if (!s->overflow)
			s->polys[s->poly].several = 1;
	}
}

/* ---- SAX ------------------------------------------------------------ */

static int is(const xmlChar *name, const char *want)
{
	return !strcmp((const char *)name, want);
}

static int feature_kind(const xmlChar *n)
{
	if (is(n, "Document") || is(n, "Folder"))
		return K_CONT;
	if (is(n, "Placemark"))
		return K_PM;
	if (is(n, "GroundOverlay"))
		return K_GO;
	if (is(n, "NetworkLink"))
		return K_LINK;
	if (is(n, "PhotoOverlay") || is(n, "ScreenOverlay") || is(n, "Tour"))
		return K_FEAT;
	return K_OTHER;
}

static int geometry_kind(const xmlChar *n)
{
	if (is(n, "Polygon"))
		return K_POLY;
	if (is(n, "MultiGeometry"))
		return K_MULTI;
	if (is(n, "Point") || is(n, "LineString") || is(n, "LinearRing") ||
	    is(n, "Model") || is(n, "Track") || is(n, "MultiTrack"))
		return K_GEOM;
	return K_OTHER;
}

/* What an element is, from its name and its parent's kind. */
static int kind_of(const xmlChar *n, int parent, int depth)
{
	switch (parent) {
	case K_KML:
		return feature_kind(n);
	case K_CONT:
		return is(n, "name") ? K_NAME : feature_kind(n);
	case K_PM:
	case K_MULTI:
		return geometry_kind(n);
	case K_POLY:
		return is(n, "outerBoundaryIs")	  ? K_OUTER
		       : is(n, "innerBoundaryIs") ? K_INNER
						  : K_OTHER;
	case K_OUTER:
	case K_INNER:
		return is(n, "LinearRing") ? K_RING : K_OTHER;
	case K_RING:
		return is(n, "coordinates") ? K_COORDS : K_OTHER;
	case K_LINK:
		return is(n, "Link") || is(n, "Url") ? K_LINKBOX : K_OTHER;
	case K_LINKBOX:
		return is(n, "href") ? K_HREF : K_OTHER;
	}
	if (depth == 0)
		return is(n, "kml")		   ? K_KML
		       : feature_kind(n) == K_CONT ? K_CONT
						   : K_OTHER;
	return K_OTHER;
}

static void on_start(kml_scan *s, int kind, int parent)
{
	cont *c = top_cont(s);

	switch (kind) {
	case K_KML:
		if (s->layout == KML_LAYOUT_KML)
			cont_start(s, 0);
		break;
	case K_CONT:
		cont_start(s, parent != K_CONT);
		break;
	case K_PM:
	case K_GO:
		feature_start(s, kind, parent);
		break;
	case K_FEAT:
	case K_LINK:
		if (c)
			c->any = 1;
		break;
	case K_HREF:
		s->href_len = 0;
		break;
	case K_MULTI:
	case K_GEOM:
		s->pm_geom = 1;
		break;
	case K_POLY:
		polygon_start(s);
		break;
	case K_INNER:
		s->inner_rings = 0;
		break;
	case K_RING:
		ring_start(s);
		break;
	case K_COORDS:
		coords_start(s);
		break;
	}
}

static void on_end(kml_scan *s, int kind, int parent)
{
	switch (kind) {
	case K_KML:
		if (s->layout == KML_LAYOUT_KML)
			cont_end(s, 0);
		break;
	case K_CONT:
		cont_end(s, parent != K_CONT);
		break;
	case K_PM:
		placemark_end(s);
		break;
	case K_HREF:
		href_end(s);
		break;
	case K_POLY:
		polygon_end(s);
		break;
	case K_INNER:
		inner_end(s);
		break;
	case K_RING:
		ring_end(s, parent);
		break;
	case K_COORDS:
		coords_end(s);
		break;
	}
}

static void sax_start(void *ctx, const xmlChar *localname,
		      const xmlChar *prefix, const xmlChar *uri, int nns,
		      const xmlChar **ns, int nattr, int ndefaulted,
		      const xmlChar **attrs)
{
	kml_scan *s = ctx;
	int parent = s->depth == 0	 ? -1
		     : s->depth <= DEPTH ? s->kinds[s->depth]
					 : K_OTHER;
	int kind = kind_of(localname, parent, s->depth);

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)nattr;
	(void)ndefaulted, (void)attrs;
	if (s->depth >= DEPTH || (kind == K_CONT && s->nconts >= DEPTH))
		kind = K_OTHER;
	if (s->depth < DEPTH)
		s->kinds[++s->depth] = (unsigned char)kind;
	else
		s->depth++;
	on_start(s, kind, parent);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		    const xmlChar *uri)
{
	kml_scan *s = ctx;
	int kind, parent;

	(void)localname, (void)prefix, (void)uri;
	if (s->depth == 0)
		return;
	if (s->depth > DEPTH) {
		s->depth--;
		return;
	}
	kind = s->kinds[s->depth];
	parent = s->depth > 1 ? s->kinds[s->depth - 1] : -1;
	on_end(s, kind, parent);
	s->depth--;
}

static void sax_text(void *ctx, const xmlChar *text, int len)
{
	kml_scan *s = ctx;
	int kind = s->depth && s->depth <= DEPTH ? s->kinds[s->depth] : -1;

	if (kind == K_COORDS)
		coord_chars(s, (const char *)text, len);
	else if (kind == K_NAME)
		name_chars(s, (const char *)text, len);
	else if (kind == K_HREF)
		href_chars(s, (const char *)text, len);
}

/* libxml2's messages are read with xmlCtxtGetLastError, not printed. */
static void sax_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx, (void)e;
}

/* ---- the API -------------------------------------------------------- */

int kml_scan_new(kml_scan **out, kml_layout layout, int layer, const char *name)
{
	kml_scan *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s)
		return mais_error_nomem();
	s->layout = layout;
	s->layer = layer;
	s->want_hash = trimmed_hash(name ? name : "", name ? strlen(name) : 0);
	s->root = s->target = -1;
	*out = s;
	return 0;
}

static int start_parser(kml_scan *s, const char *buf, int len)
{
	static xmlSAXHandler sax = {
		.startElementNs = sax_start,
		.endElementNs = sax_end,
		.characters = sax_text,
		/* white space between two numbers may come alone: it must
		 * reach the tokeniser, never be dropped as "ignorable" */
		.ignorableWhitespace = sax_text,
		.cdataBlock = sax_text,
		.serror = sax_error,
		.initialized = XML_SAX2_MAGIC,
	};

	s->ctx = xmlCreatePushParserCtxt(&sax, s, buf, len, NULL);
	if (!s->ctx)
		return mais_error_nomem();
	xmlCtxtUseOptions(s->ctx, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	return 0;
}

int kml_scan_feed(kml_scan *s, const char *buf, size_t len)
{
	while (len > 0 && !s->nomem) {
		int n = len > 65536 ? 65536 : (int)len;

		if (!s->ctx) {
			if (start_parser(s, buf, n) < 0)
				return MAIS_ENOMEM;
		} else if (s->ctx->wellFormed) {
			xmlParseChunk(s->ctx, buf, n, 0);
		}
		buf += n;
		len -= (size_t)n;
	}
	return s->nomem ? mais_error_nomem() : 0;
}

/* The layer's container for LIBKML: the root first when it holds
 * features, then the containers inside it in document order. */
static int64_t libkml_target(const kml_scan *s)
{
	int64_t t;

	if (s->root < 0)
		return -1;
	t = s->root_has ? s->root + s->layer : s->root + 1 + s->layer;
	return t <= s->root_end ? t : -1;
}

static void pick_layer(kml_scan *s)
{
	int64_t t =
		s->layout == KML_LAYOUT_LIBKML ? libkml_target(s) : s->target;

	s->target = t;
	if (t < 0) {
		snprintf(s->problem, sizeof s->problem,
			 "GDAL's layer %d has no container in the KML as mais "
			 "reads it",
			 s->layer);
		return;
	}
	/* an unnamed container is a layer named by the driver ("Layer #0",
	 * "Layer4", the file's name): only a name it has is compared */
	if ((size_t)t < s->nnames && s->names[t].named == 1 &&
	    s->names[t].hash != s->want_hash)
		snprintf(s->problem, sizeof s->problem,
			 "GDAL's layer %d is not the KML container that mais "
			 "found at its place (their names differ)",
			 s->layer);
}

static int collect(kml_scan *s)
{
	for (size_t i = 0; i < s->nkept; i++) {
		if (s->kept[i].cont != s->target)
			continue;
		if (!s->found &&
		    !(s->found = calloc(s->nkept, sizeof *s->found)))
			return mais_error_nomem();
		s->found[s->nfound++] = &s->kept[i];
	}
	return 0;
}

int kml_scan_finish(kml_scan *s)
{
	if (!s->ctx && start_parser(s, NULL, 0) < 0)
		return MAIS_ENOMEM;
	if (s->ctx->wellFormed && !s->nomem)
		xmlParseChunk(s->ctx, NULL, 0, 1);
	if (s->nomem)
		return mais_error_nomem();
	if (!s->ctx->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(s->ctx);

		s->malformed = 1;
		snprintf(s->problem, sizeof s->problem,
			 "the KML is not well-formed XML (line %d: %s)",
			 e ? e->line : 0, e && e->message ? e->message : "?");
		s->problem[strcspn(s->problem, "\n")] = '\0';
		return 0;
	}
	if (s->problem[0])
		return 0;
	pick_layer(s);
	return s->problem[0] ? 0 : collect(s);
}

void kml_scan_free(kml_scan *s)
{
	if (!s)
		return;
	if (s->ctx) {
		/* a DOCTYPE makes libxml2 hold a document for its DTD */
		xmlFreeDoc(s->ctx->myDoc);
		xmlFreeParserCtxt(s->ctx);
	}
	free(s->kept);
	free(s->polys);
	free(s->rings);
	free(s->pts);
	free(s->names);
	free(s->found);
	free(s);
}

const char *kml_scan_problem(const kml_scan *s)
{
	return s->problem[0] ? s->problem : NULL;
}

int kml_scan_malformed(const kml_scan *s)
{
	return s->malformed;
}

int64_t kml_scan_several(const kml_scan *s)
{
	return s->several;
}

int kml_scan_has_links(const kml_scan *s)
{
	return s->root_links;
}

const kml_placemark *kml_scan_find(const kml_scan *s, int64_t index)
{
	size_t lo = 0, hi = s->nfound;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->found[mid]->pm.index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nfound && s->found[lo]->pm.index == index
		       ? &s->found[lo]->pm
		       : NULL;
}

const kml_polygon *kml_scan_polygon(const kml_scan *s, size_t i)
{
	return i < s->npolys ? &s->polys[i] : NULL;
}

const kml_ring *kml_scan_ring(const kml_scan *s, size_t i)
{
	return i < s->nrings ? &s->rings[i] : NULL;
}

const double *kml_scan_point(const kml_scan *s, size_t i)
{
	return i < s->npts ? s->pts[i] : NULL;
}
