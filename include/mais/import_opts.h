/*
 * import_opts.h — the options and the results of an import (import.h):
 * plain data shared by the engine (the use-case layer), its codecs (the
 * profile reader and the log writer of src/io) and its adapters.
 *
 * Ownership: strings are borrowed from the caller for the import's
 * duration; those given to callbacks are borrowed for the call.
 */
#ifndef MAIS_IMPORT_OPTS_H
#define MAIS_IMPORT_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include "mais/policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One rejected feature. */
typedef struct mais_import_reject {
	const char *file;
	const char *layer;
	int64_t feature;   /* 0-based index in the layer */
	const char *field; /* target field, or "" */
	const char *rule;  /* "invalid_value", "null_geometry", ... */
	const char *message;
} mais_import_reject;

/* One note on a stored feature: a duplicate, an unassigned record, an
 * unmatched admin name. */
typedef struct mais_import_note {
	const char *file;
	const char *layer;
	int64_t feature;
	const char *reference; /* the stored record */
	const char *rule;      /* "duplicate", "unassigned", ... */
	const char *message;
} mais_import_note;

/* One transformation a file's coordinates went through to WGS 84. */
typedef struct mais_import_crs_op {
	const char *name;  /* PROJ's name of the operation */
	double accuracy_m; /* PROJ's accuracy in metres; -1 unknown */
	int ballpark;	   /* 1: a ballpark transformation (no datum shift) */
	int64_t features;  /* features whose geometry it transformed */
} mais_import_crs_op;

/* The CRS of a file's layer and the transformations used, said once a
 * file has been read. */
typedef struct mais_import_crs {
	const char *file;
	const char *layer;
	const char *crs;  /* "EPSG:28992", or the CRS's own name when it
			     has no EPSG code; "" when the file states none
			     and none was given (longitude/latitude taken) */
	const char *name; /* "Amersfoort / RD New", or "" */
	const char *from; /* how it was chosen, in words: "the file's .prj,
			     identified by its parameters", "--srs", ... */
	const mais_import_crs_op *ops;
	size_t nops;	  /* 0: no transformation (WGS 84 lon/lat) */
} mais_import_crs;

typedef void (*mais_import_reject_fn)(const mais_import_reject *r, void *ctx);
typedef void (*mais_import_note_fn)(const mais_import_note *n, void *ctx);
typedef void (*mais_import_crs_fn)(const mais_import_crs *c, void *ctx);
/* Called as features are read: done so far, total (-1 if unknown). */
typedef void (*mais_import_progress_fn)(int64_t done, int64_t total, void *ctx);

typedef struct mais_import_opts {
	const char *as;		 /* entity to make ("hazard"; the CLI's
				    kinds "release", "eo", ... are mapped
				    by mais_import_kind) unless a profile
				    gives its outputs */
	const char *profile;	 /* path of a JSON profile, or NULL */
	const char *const *maps; /* "target=source" (or a template
				    "target={A}-{B}-01"), nmaps of them */
	size_t nmaps;
	const char *const *sets; /* "target=value" constants */
	size_t nsets;
	const char *layer;	       /* NULL: the file's only layer */
	const char *srs;	       /* CRS when the file declares none or
					  only its format's default (a
					  GeoJSON without "crs"); one that
					  disagrees with the file's is
					  refused */
	const char *encoding;	       /* encoding of a DBF or CSV that is
					  not UTF-8 ("CP1251"), or NULL */
	int accept_ballpark;	       /* store positions PROJ can bring to
					  WGS 84 only by a ballpark
					  transformation (~100 m off), each
					  record flagged crs_ballpark;
					  otherwise such a file is refused */
	const char *status;	       /* workflow status of the records:
					  "approved" (default) or "submitted" */
	const mais_principal *as_user; /* who imports (policy.h): NULL is
				      the system (the CLI's administrator);
				      a user's import is refused whole
				      (MAIS_EFORBIDDEN) when the policy
				      refuses one record, and its
				      records' organisation is set by the
				      policy, never by a map line */
	mais_import_reject_fn on_reject;
	mais_import_note_fn on_note;
	mais_import_progress_fn on_progress;
	mais_import_crs_fn on_crs; /* each file's CRS, when it is read */
	void *ctx; /* passed to the callbacks */
} mais_import_opts;

typedef struct mais_import_summary {
	int64_t read;		 /* features read */
	int64_t stored;		 /* in the database now (new + earlier) */
	int64_t imported_before; /* of stored: by an earlier run */
	int64_t rejected;
	int64_t repaired;   /* stored after MakeValid */
	int64_t duplicates; /* stored, flagged exact duplicates */
	int64_t unassigned; /* stored outside every admin area */
	int64_t records;    /* records made (a feature may make more) */
	int64_t empty_rows; /* of rejected: rows with no geometry and no
			       value (a sheet's formatted empty rows) */
} mais_import_summary;

/* The entity name of a CLI kind ("admin-area" -> "admin_area",
 * "release" -> "land_release", "eo" -> "eo_item", "eore" ->
 * "eore_session"; entity names pass as they are), or NULL. */
const char *mais_import_kind(const char *kind);

#ifdef __cplusplus
}
#endif
#endif
