/*
 * Set-up shared by the TOTP backup harnesses (fuzz_totp_*.c): cheap KDF
 * caps so the fuzzer explores parsing, not key stretching.
 */
#ifndef AA_FUZZ_TOTP_H
#define AA_FUZZ_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "totp/backup/backup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void
fuzz_opts(struct aa_totp_read_opts *o, const aa_secret_t *pw)
{
	aa_totp_read_opts_default(o);
	o->password = pw;
	o->kdf.scrypt_mem_max = 1024 * 1024;
	o->kdf.pbkdf2_iter_max = 2000;
	o->kdf.argon2_mem_max = 1024 * 1024;
	o->kdf.argon2_t_max = 2;
	o->max_entries = 1000;
}

#endif
