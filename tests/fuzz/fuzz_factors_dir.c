/*
 * libFuzzer harness for the directory parser: the first byte picks the
 * kind (2fa.directory / passkeys), the rest is the document; every host
 * a parse yields is looked up again, plus a few fixed names, so the index
 * and the parent-domain walk run on fuzzed keys.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth-audit/factors/factors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *hosts[] = { "example.com", "a.b.example.com",
		"www.example.org.", "co.uk", "x", "" };
	struct aa_factors_dir *d = NULL;
	struct aa_factors_dirent e;
	struct aa_diag diag;

	if (size < 1)
		return 0;
	if (aa_factors_dir_parse((const char *)data + 1, size - 1,
	    (data[0] & 1) ? AA_FACTORS_DIR_PASSKEYS : AA_FACTORS_DIR_TFA,
	    "fuzz", &d, &diag) != AA_OK)
		return 0;
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		aa_factors_dir_lookup(d, hosts[i], &e);
	/* The fuzzed bytes as a host name too. */
	if (size < 300) {
		char h[300];

		memcpy(h, data + 1, size - 1);
		h[size - 1] = '\0';
		aa_factors_dir_lookup(d, h, &e);
	}
	aa_factors_dir_free(&d);
	return 0;
}
