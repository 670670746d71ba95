/* libFuzzer: JSON backup readers (Aegis, 2FAS, FreeOTP+, Bitwarden, Ente, andOTP). */
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
	{
		json_t *root = aa_totp_json_load((const char *)data, size);

		if (root != NULL) {
			aa_totp_fmt_aegis(root, &o, &b, &d);
			aa_totp_backup_release(&b);
			aa_totp_fmt_2fas(root, &o, &b, &d);
			aa_totp_backup_release(&b);
			aa_totp_fmt_freeotp(root, &o, &b, &d);
			aa_totp_backup_release(&b);
			aa_totp_fmt_bitwarden(root, &o, &b, &d);
			aa_totp_backup_release(&b);
			aa_totp_fmt_ente(root, &o, &b, &d);
			aa_totp_backup_release(&b);
			aa_totp_fmt_andotp(root, &o, &b, &d);
			json_decref(root);
		}
	}
	aa_totp_backup_release(&b);
	aa_secret_free(&pw);
	return 0;
}
