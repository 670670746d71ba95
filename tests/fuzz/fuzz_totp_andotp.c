/* libFuzzer: andOTP encrypted (new and old) binary reader. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tests/fuzz/fuzz_totp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	aa_secret_t *pw = aa_secret_new_str("test");
	struct aa_totp_read_opts o;
	struct aa_totp_backup b;
	struct aa_diag d;

	fuzz_opts(&o, pw);
	aa_totp_backup_init(&b, o.max_entries);
	o.explicit_file = 1;
	aa_totp_reader_andotp_enc.bytes((const char *)data, size, &o, &b, &d);
	aa_totp_backup_release(&b);
	aa_secret_free(&pw);
	return 0;
}
