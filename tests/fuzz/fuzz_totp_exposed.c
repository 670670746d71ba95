/* libFuzzer: seed-exposure heuristics for logs, configs and dumps. */
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
