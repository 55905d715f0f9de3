/*
 * replay_main.c — runs a libFuzzer target over files, without libFuzzer:
 * every argument is a file or a directory of files (a corpus), and each
 * file's bytes are given to LLVMFuzzerTestOneInput in a buffer of exactly
 * their size, so that AddressSanitizer sees any read past the end.  This
 * is how ctest replays the committed seeds of fuzz/corpus/<target>/ on
 * every build, with or without clang; the real fuzzing is the MAIS_FUZZ
 * build (fuzz/CMakeLists.txt).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads path whole into a new buffer of exactly its size. */
static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!fp || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		if (fp)
			fclose(fp);
		return -1;
	}
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

/* Replays a file, or every regular file of a directory.  Returns the
 * number replayed, or -1. */
static long replay(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	long n = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: no such file\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) == 0 ? 1 : -1;
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		char child[4096];
		int len =
			snprintf(child, sizeof child, "%s/%s", path, e->d_name);

		if (len < 0 || (size_t)len >= sizeof child ||
		    stat(child, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (replay_file(child) != 0) {
			closedir(d);
			return -1;
		}
		n++;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	long total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		long n = replay(argv[i]);

		if (n < 0)
			return 1;
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	printf("replayed %ld inputs\n", total);
	return 0;
}
