/* libFuzzer: QR images (PNG and JPEG decoding, then libzbar). */
#include <stddef.h>
#include <stdint.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "totp/scan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Small images keep each run fast; the limit checks are the same. */
	struct aa_totp_qr_limits lim = { 1024 * 1024, 1024, 256 * 1024 };
	struct aa_buf out;
	int r;

	aa_buf_init(&out, 64 * 1024);
	r = aa_totp_qr_decode(data, size, &lim, &out);
	if (r == AA_OK && (out.len == 0 || out.ptr[out.len - 1] != '\n'))
		__builtin_trap();
	aa_buf_release(&out);
	return 0;
}
