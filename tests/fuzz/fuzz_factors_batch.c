/*
 * libFuzzer harness for `factors --batch`: the input is the target list
 * (lines of domains or URLs, comments, junk). Probes are off, so every
 * line is judged from directory data alone: one JSON line per target, in
 * order, never more lines than the list has.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/factors/factors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_factors_batch_opts o;
	struct aa_diag d = { "" };
	char *outbuf = NULL;
	size_t outlen = 0, lines = 0, nl = 0;
	FILE *in, *out;

	aa_json_secure_init();
	memset(&o, 0, sizeof(o));
	o.no_probe = 1;
	o.net.timeout_ms = 10;
	if (size == 0 || (in = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	if ((out = open_memstream(&outbuf, &outlen)) == NULL) {
		fclose(in);
		return 0;
	}
	if (aa_factors_batch_run(in, out, &o, &d) == AA_OK) {
		fflush(out);
		for (size_t i = 0; i < size; i++)
			nl += data[i] == '\n';
		for (size_t i = 0; i < outlen; i++)
			lines += outbuf[i] == '\n';
		if (lines > nl + 1)
			__builtin_trap();
	}
	fclose(in);
	fclose(out);
	free(outbuf);
	return 0;
}
