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

/* Points (and rings, polygons, placemarks and folders, each counted as
 * one point) that the KML ring reader (src/io/in_kml_rings.c) holds at
 * once: those of the placemark being read, plus those of every placemark
 * whose <innerBoundaryIs> holds several rings, which GDAL reads with one
 * hole and mais restores from the file.  Such placemarks are few (one
 * tool's habit) and a hazard has hundreds of vertices; 1 million points
 * (24 MB; 56 MB were they all rings, whose record is the largest) holds
 * thousands of them while bounding what a hostile file can make us
 * keep.  A placemark that does not fit is flagged kml_hole_lost; a file
 * whose structure does not fit has each polygon of the layer flagged
 * kml_holes_unchecked. */
#define MAIS_MAX_KML_KEPT_POINTS 1000000

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

/* Bytes of the body of one HTTP request other than an upload (JSON of a
 * record, a login).  The largest record we expect is a hazard with a
 * detailed polygon and a few pages of narrative: ~200 KiB.  1 MiB leaves
 * room for that and bounds the memory a client can make the server hold
 * (a worker thread per request, each with its body).  Larger: 413. */
#define MAIS_MAX_REQUEST_BODY (1024 * 1024)

/* Bytes of one uploaded file (POST /api/import).  A national shapefile
 * of hazards, zipped, is ~20 MB; 64 MiB leaves room while bounding the
 * disk a client can fill in the temporary directory.  Larger: 413. */
#define MAIS_MAX_UPLOAD (64 * 1024 * 1024)

/* Bytes of the non-file fields of one upload (kind, profile, srs, layer,
 * map and set lines): a few hundred bytes in practice. */
#define MAIS_MAX_UPLOAD_FIELDS (64 * 1024)

/* Nesting of JSON in a request.  A record is three levels deep and a
 * GeoJSON MultiPolygon five; 32 leaves room and stops a hostile body of
 * deep nesting from exhausting the stack of a recursive parser.  Deeper:
 * 400. */
#define MAIS_MAX_JSON_DEPTH 32

/* Records on one page of GET /api/records/ENTITY.  A table a person reads
 * has 50; 1000 bounds the memory and time of one request. */
#define MAIS_MAX_LIST_LIMIT 1000

/* Features of one map layer (GET /api/geojson/ENTITY): a browser draws
 * 5000 polygons smoothly; more belongs in a narrower bbox. */
#define MAIS_MAX_MAP_FEATURES 5000

/* Bytes of a free-text search (q) and of any one query parameter: a
 * search is a few words. */
#define MAIS_MAX_QUERY_PARAM 256

/* Worker threads of `mais serve`: each holds its own database connection;
 * 4 serve an office of tens of users (requests take milliseconds), and
 * SQLite has one writer at a time anyway. */
#define MAIS_SERVER_THREADS 4

/* Simultaneous connections to the server, and per client address: keeps
 * one client from taking every slot. */
#define MAIS_SERVER_CONNECTIONS 256
#define MAIS_SERVER_CONNECTIONS_PER_IP 64

/* Seconds an idle connection is kept open. */
#define MAIS_SERVER_TIMEOUT_S 60

/* Bytes of a user name.  Login names are short; 63 leaves room for an
 * e-mail address as a name and keeps the audit log readable. */
#define MAIS_MAX_USERNAME 63

/* Bytes of a password.  Argon2 takes any length, but hashing a
 * megabyte on each attempt would be a cheap way to load the server;
 * 1 KiB is far beyond any passphrase. */
#define MAIS_MAX_PASSWORD 1024

/* Teams (organisations under another, at any depth) whose records a
 * user of the parent organisation also sees.  An operator has a few
 * dozen teams in a country; 256 bounds the size of a user in memory
 * (about 9 KiB) while leaving room to grow. */
#define MAIS_MAX_ORG_TEAMS 256

#endif
