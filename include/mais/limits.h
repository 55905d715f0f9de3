/*
 * limits.h — every limit of mais in one place, each with the reason for it
 * (as SQLite's sqliteLimit.h).  Input from outside that passes a limit is
 * rejected with MAIS_ELIMIT and a message naming the limit; it never
 * crashes the program or grows memory without bound.
 */
#ifndef MAIS_LIMITS_H
#define MAIS_LIMITS_H

/* Longest error message kept per thread.  Messages name a file, a feature
 * and a field; 1 KiB holds a long path and still fits in a log line. */
#define MAIS_MAX_ERROR_MESSAGE 1024

/* Vertices in one geometry.  The largest real polygons we hold (national
 * boundaries at 1:10m) have ~100,000 vertices; 5 million leaves room for
 * detailed survey polygons while bounding GEOS's memory (~80 MB of
 * coordinates) and the time of MakeValid on a hostile input. */
#define MAIS_MAX_VERTICES 5000000

/* Bytes of one encoded geometry (GeoPackage binary or WKB): the vertex
 * limit above at 16 bytes a vertex, plus headers. */
#define MAIS_MAX_GEOMETRY_BYTES (MAIS_MAX_VERTICES * 16 + 4096)

/* Characters (bytes of UTF-8) in one text field of a record.  Narratives of
 * a non-technical survey run to a few pages; 64 KiB is about 30 pages. */
#define MAIS_MAX_TEXT_FIELD 65536

/* Bytes of a short field: a code, a reference, a name, a date, a number.
 * No standard code or name comes near 256 bytes. */
#define MAIS_MAX_SHORT_FIELD 256

/* Findings one geometry check may report.  Every rule of DESIGN.md fires
 * at most once per geometry, so 16 is more than the rules there are. */
#define MAIS_MAX_GEOM_FINDINGS 16

/* Consecutive vertices of a hazard or release more than this many metres
 * apart are flagged (DESIGN.md: "usually a typo"). */
#define MAIS_LONG_SEGMENT_M 5000.0

/* Polygons of a hazard or release under this area (m²) are flagged as
 * slivers (DESIGN.md). */
#define MAIS_SLIVER_M2 1.0

/* Records reported by `mais check` before it stops listing (it still
 * counts).  A table of more lines is not read by a person. */
#define MAIS_MAX_CHECK_LISTED 1000

#endif
