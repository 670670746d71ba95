/*
 * libFuzzer harness for the password file reader (--password-file, the
 * FIDO PIN file): the input is the file. The secret read is the first
 * line without its end, never longer than the file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	aa_secret_t *s = NULL;
	FILE *fp;
	int fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/fuzz-pw.XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			__builtin_trap();
		close(fd);
	}
	if ((fp = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, fp);
	fclose(fp);
	if (aa_secret_read(path, NULL, NULL, &s) == AA_OK) {
		if (s == NULL || s->len > size ||
		    memchr(s->ptr, '\n', s->len) != NULL ||
		    (s->len > 0 && memcmp(s->ptr, data, s->len) != 0))
			__builtin_trap();
	} else if (s != NULL)
		__builtin_trap();
	aa_secret_free(&s);
	return 0;
}
