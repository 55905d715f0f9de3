/*
 * in_digest.c — the content hash of the dataset a reader reads (source.h):
 * the key of an import, so that re-running it stores nothing twice and
 * a corrected sidecar (a Shapefile's .cpg, .prj or .dbf) is a new
 * import, not "already imported".
 *
 * One file (GeoJSON, GeoPackage, a .zip holding a Shapefile with its
 * sidecars) is hashed alone, as every version of mais has hashed it; a
 * dataset of several files hashes each file's extension and content,
 * main file first, leaving the names out (a renamed copy is the same
 * data).
 */
#include "io/source.h"
#include "mais/error.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SHA_BYTES crypto_hash_sha256_BYTES

/* SHA-256 of the file's bytes. */
static int hash_file(const char *path, unsigned char out[SHA_BYTES])
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return mais_error_set(MAIS_ENOTFOUND, "%s: cannot open", path);
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	if (ferror(fp)) {
		fclose(fp);
		return mais_error_set(MAIS_EIO, "%s: read error", path);
	}
	fclose(fp);
	crypto_hash_sha256_final(&st, out);
	return 0;
}

/* Adds file i of the dataset (its lower-case extension, then its hash)
 * to st; *one holds the hash of the main file (i 0) already. */
static int add_file(crypto_hash_sha256_state *st, const char *file, size_t i,
		    unsigned char one[SHA_BYTES])
{
	const char *dot = strrchr(file, '.');
	char ext[16] = "";
	int rc;

	for (size_t k = 0; dot && dot[k + 1] && k + 1 < sizeof ext; k++)
		ext[k] = (char)tolower((unsigned char)dot[k + 1]);
	if (i && (rc = hash_file(file, one)) < 0)
		return rc;
	crypto_hash_sha256_update(st, (unsigned char *)ext, strlen(ext) + 1);
	crypto_hash_sha256_update(st, one, SHA_BYTES);
	return 0;
}

int mais_source_digest(const mais_reader *src, const char *path, char hex[65],
		       char main_hex[65])
{
	char **files = strstr(path, ".zip") ? NULL : mais_source_files(src);
	unsigned char one[SHA_BYTES], all[SHA_BYTES];
	crypto_hash_sha256_state st;
	size_t n = 0;
	int rc;

	while (files && files[n])
		n++;
	rc = hash_file(n ? files[0] : path, one);
	if (rc == 0)
		sodium_bin2hex(main_hex, 65, one, sizeof one);
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = add_file(&st, files[i], i, one);
	mais_source_files_free(files);
	if (rc < 0)
		return rc;
	crypto_hash_sha256_final(&st, all);
	if (n > 1)
		sodium_bin2hex(hex, 65, all, sizeof all);
	else
		memcpy(hex, main_hex, 65);
	return 0;
}
