/*
 * libFuzzer harness for the factors directory cache: the input's first
 * line is the metadata file (.meta), the rest the cached copy; both are
 * read back as a later run would. A copy is trusted only when its SHA-256
 * matches the metadata.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/factors/factors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static int
put(const char *name, const uint8_t *p, size_t n)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	fwrite(p, 1, n, fp);
	return fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_factors_cache_info info;
	struct aa_diag d = { "" };
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl != NULL ? (size_t)(nl - data) : size;

	aa_json_secure_init();
	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/fuzz-cache.XXXXXX");
		if (mkdtemp(dir) == NULL)
			__builtin_trap();
	}
	if (put("2fa-all.json.meta", data, n) != 0 || put("2fa-all.json",
	    nl ? nl + 1 : data + size, nl ? size - n - 1 : 0) != 0)
		return 0;
	if (aa_factors_cache_read(dir, "2fa-all.json", time(NULL), &info, &d) ==
	    AA_OK && strlen(info.sha256) != 64)
		__builtin_trap();
	return 0;
}
