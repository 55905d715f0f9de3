/*
 * error.c — the per-thread last error (see include/mais/error.h).
 *
 * Each thread keeps one message and one code in thread-local storage, so
 * concurrent requests of the server never see each other's errors.
 */
#include "mais/error.h"
#include "mais/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[MAIS_MAX_ERROR_MESSAGE];
static _Thread_local int last_code;

int mais_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof last_message, fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

int mais_error_nomem(void)
{
	return mais_error_set(MAIS_ENOMEM, "out of memory");
}

int mais_error_prefix(int code, const char *fmt, ...)
{
	/* room for both, so that the compiler sees no truncation; the
	 * result is cut to the size of the message buffer */
	char joined[2 * MAIS_MAX_ERROR_MESSAGE + 2];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(joined, MAIS_MAX_ERROR_MESSAGE, fmt, ap);
	va_end(ap);
	n = strlen(joined);
	joined[n++] = ':';
	joined[n++] = ' ';
	memcpy(joined + n, last_message, sizeof last_message);
	memcpy(last_message, joined, sizeof last_message - 1);
	last_message[sizeof last_message - 1] = '\0';
	last_code = code;
	return code;
}

const char *mais_error_last(void)
{
	return last_message;
}

int mais_error_last_code(void)
{
	return last_code;
}

void mais_error_clear(void)
{
	last_message[0] = '\0';
	last_code = 0;
}

const char *mais_strerror(int code)
{
	switch (code) {
	case MAIS_OK: return "ok";
	case MAIS_ERR: return "failure";
	case MAIS_ENOMEM: return "out of memory";
	case MAIS_EINVAL: return "invalid input";
	case MAIS_ENOTFOUND: return "not found";
	case MAIS_EEXISTS: return "already exists";
	case MAIS_ECONFLICT: return "version conflict";
	case MAIS_EGEOM: return "geometry rejected";
	case MAIS_ELIMIT: return "limit exceeded";
	case MAIS_EIO: return "input/output error";
	case MAIS_ESTORE: return "database error";
	case MAIS_EUNSUPPORTED: return "unsupported";
	case MAIS_EFORBIDDEN: return "not allowed";
	case MAIS_ESTATE: return "not allowed in this state";
	}
	return "unknown error";
}
