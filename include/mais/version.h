/* version.h — the version of libmais and of the database schema. */
#ifndef MAIS_VERSION_H
#define MAIS_VERSION_H

#define MAIS_VERSION "0.1.0"

/* Version of the database schema written by this build.  A database of an
 * older version is migrated forward on open (gpkg_schema.c, "Forward
 * migrations"); a newer one is refused with MAIS_EUNSUPPORTED.
 *   1  the first
 *   2  user names unique without regard to case
 *   3  each user's number format (mais_user.number_format) */
#define MAIS_SCHEMA_VERSION 3

/* The library's version string, e.g. "0.1.0". Static. */
const char *mais_version(void);

#endif
