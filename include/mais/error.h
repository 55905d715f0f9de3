/*
 * error.h — the one error model of libmais.
 *
 * Every function that can fail returns 0 (MAIS_OK) or a negative code
 * from mais_error_code.  The human message is kept in a per-thread "last
 * error", set once where the failure starts (mais_error_set) and passed up
 * unchanged by the callers, as libgit2 does.  A message names what failed:
 * the file, row or feature, and the field.
 *
 * Ownership: the string returned by mais_error_last() is borrowed from the
 * calling thread and valid until that thread's next mais_error_set().
 */
#ifndef MAIS_ERROR_H
#define MAIS_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mais_error_code {
	MAIS_OK = 0,
	MAIS_ERR = -1,         /* failure with no more precise code */
	MAIS_ENOMEM = -2,      /* out of memory */
	MAIS_EINVAL = -3,      /* bad argument or bad input value */
	MAIS_ENOTFOUND = -4,   /* no such record, table, file or code */
	MAIS_EEXISTS = -5,     /* already exists (e.g. init on an existing file) */
	MAIS_ECONFLICT = -6,   /* stale version: the record changed since read */
	MAIS_EGEOM = -7,       /* geometry rejected by a geometry rule */
	MAIS_ELIMIT = -8,      /* a limit of limits.h was exceeded */
	MAIS_EIO = -9,         /* file or network input/output */
	MAIS_ESTORE = -10,     /* the database reported an error */
	MAIS_EUNSUPPORTED = -11, /* unknown URI scheme, CRS, format, version */
	MAIS_EFORBIDDEN = -12, /* the user's roles or organisation do not
				  allow the act (policy.h) */
	MAIS_ESTATE = -13,     /* the act is not allowed from the record's
				  state (a workflow step, workflow.h) */
	MAIS_ERROR_CODE_MIN = -13
} mais_error_code;

/* Sets the calling thread's last error (printf-style, truncated to
 * MAIS_MAX_ERROR_MESSAGE bytes) and returns code, so that a failure can be
 * written `return mais_error_set(MAIS_EINVAL, "...", ...);`. */
int mais_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* mais_error_set(MAIS_ENOMEM, "out of memory"): the one message of an
 * allocation that failed.  Returns MAIS_ENOMEM. */
int mais_error_nomem(void);

/* Puts "<formatted prefix>: " before the calling thread's last error
 * message, to add where a failure happened as it passes up (the field,
 * the row, the file), and returns code. */
int mais_error_prefix(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The calling thread's last error message; "" when none.  Never NULL. */
const char *mais_error_last(void);

/* The code given with the last mais_error_set() on this thread, or 0. */
int mais_error_last_code(void);

/* Forgets the calling thread's last error. */
void mais_error_clear(void);

/* A short English name for a code ("invalid input", ...).  Static string. */
const char *mais_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
