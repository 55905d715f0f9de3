/* version.c — the library's version string (version.h). */
#include "mais/version.h"

const char *mais_version(void)
{
	return MAIS_VERSION;
}
