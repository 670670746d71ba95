/*
 * Argon2id through libargon2 for the Bitwarden and Ente readers and
 * their fixture writers. The parameters come from the (untrusted) file:
 * memory, passes, lanes and their product are checked against the limits
 * before libargon2 allocates anything.
 */
#include <stdint.h>

#include <argon2.h>

#include "auth-audit/core/err.h"
#include "totp/kdf.h"

int
aa_totp_argon2id(const aa_secret_t *pw, const unsigned char *salt,
    size_t saltlen, uint32_t t, uint64_t mem_bytes, uint32_t p,
    const struct aa_totp_kdf_limits *lim, unsigned char key[32],
    struct aa_diag *diag)
{
	uint64_t kib = mem_bytes / 1024;
	int rc;

	if (t == 0 || p == 0 || mem_bytes % 1024 != 0 ||
	    kib < 8ull * p || saltlen < ARGON2_MIN_SALT_LENGTH ||
	    saltlen > UINT32_MAX || pw->len > UINT32_MAX)
		return aa_diag_set(diag, AA_ERR_PARSE, "argon2id parameters "
		    "invalid (t=%u m=%llu bytes p=%u, salt %zu bytes)", t,
		    (unsigned long long)mem_bytes, p, saltlen);
	if (mem_bytes > lim->argon2_mem_max || t > lim->argon2_t_max ||
	    p > AA_TOTP_ARGON2_P_MAX ||
	    mem_bytes > lim->argon2_work_max / t)
		return aa_diag_set(diag, AA_ERR_DENIED, "argon2id t=%u m=%llu "
		    "MiB p=%u exceeds the limit (m <= %llu MiB, t <= %u, p <= "
		    "%u, m*t <= %llu MiB)", t,
		    (unsigned long long)(mem_bytes >> 20), p,
		    (unsigned long long)(lim->argon2_mem_max >> 20),
		    lim->argon2_t_max, AA_TOTP_ARGON2_P_MAX,
		    (unsigned long long)(lim->argon2_work_max >> 20));
	if ((rc = aa_totp_kdf_charge(lim, kib * t, diag)) != AA_OK)
		return rc;
	rc = argon2id_hash_raw(t, (uint32_t)kib, p, pw->ptr, pw->len, salt,
	    saltlen, key, 32);
	if (rc == ARGON2_MEMORY_ALLOCATION_ERROR)
		return aa_diag_set(diag, AA_ERR_NOMEM, "argon2id: out of "
		    "memory");
	if (rc != ARGON2_OK)
		return aa_diag_set(diag, AA_ERR_CRYPTO, "argon2id: %s",
		    argon2_error_message(rc));
	return AA_OK;
}
