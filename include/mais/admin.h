/*
 * admin.h — the gazetteer: name keys that match place names across
 * sources, and an in-memory index of the admin areas of a store that
 * assigns a geometry to the admin area it lies in, finds an admin area by
 * name and spots duplicates while a gazetteer is imported.
 *
 * Names of the same place differ between sources in case, accents,
 * punctuation and spacing ("CÓRDOBA" in a Colombian table, "Córdoba" on
 * the map; "BRČKO DISTRICT", "Brcko District").  A name key removes these
 * differences; two names match when their keys are equal.
 *
 * The index holds, for every admin_area record, its uuid, reference,
 * level, name, name_local, aliases, code, parent and a copy of its
 * polygon; polygons sit in an R-tree (GEOS STRtree) and are prepared for
 * fast containment tests.  Coordinates are WGS 84 lon/lat; areas m².
 *
 * Ownership: mais_admin_index_load() gives an index the caller frees with
 * mais_admin_index_free() (NULL accepted).  Every `const char *` and
 * `const mais_admin_area *` given out by the index is borrowed from it and
 * valid until the index is freed (mais_admin_add() does not move them).
 * Records and geometries passed in stay the caller's.  Like a mais_geom,
 * an index is used by one thread at a time (it holds GEOS geometries of
 * the thread that built it, and builds its R-tree on first use).
 */
#ifndef MAIS_ADMIN_H
#define MAIS_ADMIN_H

#include <stddef.h>
#include "mais/geom.h"
#include "mais/record.h"
#include "mais/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes to out (outlen bytes, with the terminating NUL) the name key of
 * the UTF-8 string utf8:
 *   - compatibility decomposition (NFKD) and Unicode case folding
 *     ("ß" gives "ss", "ﬁ" gives "fi");
 *   - combining marks dropped ("ó" gives "o", "č" gives "c", in every
 *     script: Cyrillic "й" gives "и", "ё" gives "е");
 *   - letters that have no decomposition mapped to Latin letters:
 *     ə→e, ı→i, ø→o, đ→d, ð→d, ł→l, ħ→h, ŧ→t, æ→ae, œ→oe, þ→th;
 *     other scripts (Cyrillic, Arabic, ...) are kept, case-folded;
 *   - dots and apostrophes (. ' ’ ‘ ʼ ʻ `) removed, so that abbreviations
 *     and elisions match ("D.C." gives "dc", "Mar'inka" gives "marinka");
 *   - other punctuation (, - _ / ( ) ...), separators and controls turned
 *     into a space; invisible format characters (soft hyphen) removed;
 *   - runs of spaces folded to one, leading and trailing spaces trimmed.
 * Examples: "BOGOTA D.C." → "bogota dc", "Şəki" → "seki",
 * "  Zenica-Doboj  Canton " → "zenica doboj canton".  A name of only
 * punctuation gives "" (which matches nothing in the index).
 * Returns 0; MAIS_EINVAL if utf8 is not valid UTF-8 (or an argument is
 * NULL), MAIS_ELIMIT if the input passes MAIS_MAX_TEXT_FIELD bytes or the
 * key does not fit in outlen bytes, MAIS_ENOMEM.
 */
int mais_name_key(const char *utf8, char *out, size_t outlen);

typedef struct mais_admin_index mais_admin_index;

/* One admin area as the index holds it.  All borrowed from the index;
 * name_local, aliases, code and parent_uuid may be NULL; reference is
 * NULL for a record not yet stored. */
typedef struct mais_admin_area {
	const char *uuid;
	const char *reference;
	int level; /* 0 country, 1 region, 2 district, 3 municipality */
	const char *name;
	const char *name_local;
	const char *aliases; /* ';'-separated */
	const char *code;
	const char *parent_uuid;
	int has_geometry; /* 1 if it has a polygon */
} mais_admin_area;

/* Reads every admin_area record of src (source.h; the use-case layer
 * gives one over a store, svc_source_of) into a new index.  Errors of the
 * source, and those of mais_admin_add() naming the record's reference. */
int mais_admin_index_load(mais_admin_index **out, const mais_source *src);

/* An empty index (to build one by mais_admin_add()). */
int mais_admin_index_new(mais_admin_index **out);

void mais_admin_index_free(mais_admin_index *ix);

/* Number of admin areas in the index. */
size_t mais_admin_count(const mais_admin_index *ix);

/*
 * Adds an admin_area record (one just stored: it must have a uuid) to the
 * index, copying what the index keeps; the polygon, if any, is copied.
 * A name, name_local or alias whose key is empty (only punctuation) is
 * not indexed by name.  A level deeper than 3 is taken as finer still.
 * MAIS_EINVAL if r is not an admin_area, has no uuid, no level that is a
 * whole number 0-99, or a name that is not valid UTF-8; MAIS_EEXISTS if
 * its uuid is in the index already; MAIS_ELIMIT for a name or alias too
 * long (its key over 1024 bytes) or a code over MAIS_MAX_SHORT_FIELD.
 */
int mais_admin_add(mais_admin_index *ix, const mais_record *r);

/*
 * Sets *uuid to the admin area that g (WGS 84 lon/lat) lies in, at the
 * finest level that has one:
 *   - a point: the areas that cover it (a point on the boundary counts);
 *     on a boundary shared by two areas of the same level, the one whose
 *     uuid sorts first, so that the answer never depends on load order;
 *   - a polygon or multipolygon: the area of the finest level it overlaps
 *     (by a positive area) that holds the largest part of it, measured
 *     as the geodesic area in m² of the intersection (mais_geom_area_m2);
 *     ties by uuid as above;
 *   - lines and multipoints: by their point on surface, as a point.
 * An invalid polygon that GEOS refuses to intersect is measured on a
 * repaired copy (MakeValid, "structure" method); g is not changed.
 * *uuid = NULL when g is empty or lies outside every admin area: the
 * record is then unassigned, not lost.  Returns 0; MAIS_EINVAL for a
 * NULL argument; MAIS_EGEOM if GEOS fails on g (its message quoted).
 */
int mais_admin_assign(const mais_admin_index *ix, const mais_geom *g,
		      const char **uuid);

/*
 * Finds the admin area whose name, name_local or one of its aliases has
 * the same name key as `name`, at `level` (0-3; -1 for any level).
 * Returns 0 with *uuid set; MAIS_ENOTFOUND ("no admin area named ...")
 * if none; MAIS_EINVAL if two different areas match (the message names
 * both: the name is ambiguous) or the name is not valid UTF-8;
 * MAIS_ELIMIT as mais_name_key().  *uuid is NULL unless 0 is returned.
 */
int mais_admin_find_name(const mais_admin_index *ix, const char *name,
			 int level, const char **uuid);

/* Finds the admin area with this code (P-code or HASC; compared without
 * regard to ASCII case and surrounding blanks) at `level` (-1 any).
 * Returns as mais_admin_find_name(). */
int mais_admin_find_code(const mais_admin_index *ix, const char *code,
			 int level, const char **uuid);

/* The admin area with this uuid, or NULL. */
const mais_admin_area *mais_admin_get(const mais_admin_index *ix,
				      const char *uuid);

enum {
	MAIS_ADMIN_DUP_NAME = 1 << 0, /* same level, same name key */
	MAIS_ADMIN_DUP_CODE = 1 << 1  /* same level, same code */
};

/*
 * Duplicate detection for a gazetteer import: compares the admin_area
 * record r with the areas of the same level in the index (an area with
 * r's own uuid is skipped) and returns a bit set of MAIS_ADMIN_DUP_*:
 *   - NAME when the name key of r's name or name_local equals that of
 *     another area's name or name_local, unless both areas name a parent
 *     and the parents differ (two villages called "Novo Selo" in two
 *     municipalities are two places);
 *   - CODE when r's code is not empty and another area has the same code.
 * msg (msglen bytes, may be NULL) gets one clause per finding naming the
 * other area by reference and name, joined by "; ", e.g.
 * "code AZ.SU also on AA-000052 (Shusha)", or "" when the set is 0.
 * Returns the set (>= 0); MAIS_EINVAL if r is not an admin_area, has no
 * valid level or its name is not valid UTF-8.
 */
int mais_admin_duplicates(const mais_admin_index *ix, const mais_record *r,
			  char *msg, size_t msglen);

/* Whether g lies in the country, the union of the level-0/1 admin areas
 * with a polygon (DESIGN.md): *inside = 1 (boundary included), 0 outside,
 * or -1 when there is nothing to test against (no level-0/1 polygon, or
 * g is empty).  Returns 0, or MAIS_EGEOM when GEOS fails.  The union is
 * built on the first call and dropped when an area is added. */
int mais_admin_in_country(const mais_admin_index *ix, const mais_geom *g,
			  int *inside);

#ifdef __cplusplus
}
#endif
#endif
