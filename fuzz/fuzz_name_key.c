/*
 * fuzz_name_key.c — place-name keys (mais_name_key), computed for every
 * admin name in a gazetteer import and every name a profile matches: the
 * text is the file's.  The key is written to a buffer of the size the
 * callers use and to one of exactly the size the first input byte picks,
 * so a write past the end is seen by AddressSanitizer.
 */
#include "mais/admin.h"
#include "mais/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char key[1024], *name, *small;
	size_t outlen;
	int rc;

	if (size < 1)
		return 0;
	outlen = 1 + data[0] % 64;
	name = malloc(size);
	small = malloc(outlen);
	if (!name || !small) {
		free(name);
		free(small);
		return 0;
	}
	memcpy(name, data + 1, size - 1);
	name[size - 1] = '\0';
	rc = mais_name_key(name, key, sizeof key);
	if (rc == 0 && strlen(key) >= sizeof key)
		abort();
	rc = mais_name_key(name, small, outlen);
	if (rc == 0 && strlen(small) >= outlen)
		abort();
	free(small);
	free(name);
	return 0;
}
