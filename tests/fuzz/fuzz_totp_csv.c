/* libFuzzer: KeePassXC / Bitwarden CSV and plain URI lists. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "totp/backup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Cheap KDF caps so the fuzzer explores parsing, not key stretching. */
static void
fuzz_opts(struct aa_totp_read_opts *o, const aa_secret_t *pw)
{
	aa_totp_read_opts_default(o);
	o->password = pw;
	o->kdf.scrypt_mem_max = 1024 * 1024;
	o->kdf.pbkdf2_iter_max = 2000;
	o->max_entries = 1000;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	aa_secret_t *pw = aa_secret_new_str("test");
	struct aa_totp_read_opts o;
	struct aa_totp_backup b;
	struct aa_diag d;

	fuzz_opts(&o, pw);
	aa_totp_backup_init(&b, o.max_entries);
	aa_totp_fmt_csv((const char *)data, size, &o, &b, &d);
	aa_totp_backup_release(&b);
	aa_totp_fmt_urilist((const char *)data, size, &o, &b, &d);
	aa_totp_backup_release(&b);
	aa_secret_free(&pw);
	return 0;
}
