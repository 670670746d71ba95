/* libFuzzer: seed-exposure heuristics for logs, configs and dumps. */
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

	fuzz_opts(&o, pw);
	aa_totp_backup_init(&b, o.max_entries);
	{
		json_t *hits = json_array();

		aa_totp_exposed_scan((const char *)data, size, &b, hits, 50);
		json_decref(hits);
	}
	aa_totp_backup_release(&b);
	aa_secret_free(&pw);
	return 0;
}
