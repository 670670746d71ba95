/* libFuzzer: JSON backup readers (Aegis, 2FAS, FreeOTP+, Bitwarden, Ente, andOTP). */
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
	{
		json_t *root = aa_totp_json_load((const char *)data, size);

		for (size_t i = 0; root != NULL && aa_totp_reader_at(i) != NULL;
		    i++)
			if (aa_totp_reader_at(i)->json != NULL) {
				aa_totp_reader_at(i)->json(root, &o, &b, &d);
				aa_totp_backup_release(&b);
			}
		json_decref(root);
	}
	aa_totp_backup_release(&b);
	aa_secret_free(&pw);
	return 0;
}
