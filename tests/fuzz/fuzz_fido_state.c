/*
 * libFuzzer harness for the software key's state file (--device
 * soft:FILE): the input is the file (0600). A file that loads gives a key
 * libfido2 can open and ask for its info; anything else is refused.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fido.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "fido/softkey/softkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_fido_softkey *k = NULL;
	fido_dev_t *dev = NULL;
	int fd;

	aa_json_secure_init();
	if (path[0] == '\0') {
		fido_init(0);
		snprintf(path, sizeof(path), "/tmp/fuzz-sk.XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			__builtin_trap();
		close(fd);
	}
	/* Rewritten in place: the key may have replaced it on save. */
	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return 0;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	close(fd);
	if (aa_fido_softkey_new(path, &k) != AA_OK)
		return 0;
	if (aa_fido_softkey_ncreds(k) > AA_FIDO_SK_MAX_CREDS)
		__builtin_trap();
	if (aa_fido_softkey_open(k, &dev) == AA_OK) {
		fido_dev_close(dev);
		fido_dev_free(&dev);
	}
	aa_fido_softkey_free(&k);
	return 0;
}
