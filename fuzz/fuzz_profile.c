/*
 * fuzz_profile.c — import profiles (imp_profile_build), JSON files a user
 * writes or downloads.  The bytes are written to a temporary file, given
 * as opts.profile with a --map and a --set from the command line, and
 * the profile is built and checked against the data dictionary; a
 * profile that builds is freed again.  Building reads the file by name,
 * as mais import does, so the temporary file is the honest path in.
 */
#include "io/profile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[4096];

/* One temporary file for the whole run, removed at exit. */
static void remove_temp(void)
{
	unlink(path);
}

static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	int fd, len;

	if (path[0])
		return 0;
	len = snprintf(path, sizeof path, "%s/mais-fuzz-profile-XXXXXX",
		       dir && *dir ? dir : "/tmp");
	if (len < 0 || (size_t)len >= sizeof path || (fd = mkstemp(path)) < 0) {
		path[0] = '\0';
		return -1;
	}
	close(fd);
	atexit(remove_temp);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *maps[] = {"name=name"};
	static const char *sets[] = {"hazard_status=active"};
	mais_import_opts opts = {0};
	imp_profile *p = NULL;
	FILE *fp;

	if (temp_file() != 0 || !(fp = fopen(path, "wb")))
		return 0;
	if (fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return 0;
	}
	fclose(fp);
	opts.profile = path;
	if (imp_profile_build(&p, &opts) == 0)
		imp_profile_free(p);
	opts.maps = maps;
	opts.nmaps = 1;
	opts.sets = sets;
	opts.nsets = 1;
	opts.srs = "EPSG:32638";
	if (imp_profile_build(&p, &opts) == 0)
		imp_profile_free(p);
	return 0;
}
