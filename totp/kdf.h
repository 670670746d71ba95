/*
 * Backup cryptography with hard caps: scrypt memory and PBKDF2 iterations
 * come from the (untrusted) file, so they are checked against limits
 * before any work is done. AES-256-GCM with a separate 16-byte tag.
 */
#ifndef AA_TOTP_KDF_H
#define AA_TOTP_KDF_H

#include <stddef.h>
#include <stdint.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"

/* Defaults (docs/TOTP.md): 1 GiB of scrypt memory, 10M PBKDF2 rounds. */
#define AA_TOTP_SCRYPT_MEM_MAX (1024ull * 1024 * 1024)
#define AA_TOTP_SCRYPT_P_MAX 16
#define AA_TOTP_PBKDF2_ITER_MAX 10000000ul
/*
 * KDF work, in units of one PBKDF2 iteration or one scrypt N*r*p block
 * (about the same time each): Aegis's default slot is 2^18, Bitwarden's
 * 600k PBKDF2 6e5. A file may cost 2^25 (a few seconds), a whole scan
 * 2^28, so a backup with 100k password slots, or a tree of them, ends.
 */
#define AA_TOTP_KDF_WORK_FILE (1ull << 25)
#define AA_TOTP_KDF_WORK_SCAN (1ull << 28)

/* What the derivations so far cost (owned by the caller, e.g. a scan). */
struct aa_totp_kdf_work {
	uint64_t file;              /* since the current file began */
	uint64_t scan;
};

struct aa_totp_kdf_limits {
	uint64_t scrypt_mem_max;    /* bytes, N*r*128 */
	unsigned long pbkdf2_iter_max;
	uint64_t work_file_max;     /* KDF work per file / per scan */
	uint64_t work_scan_max;
	struct aa_totp_kdf_work *work; /* NULL: work not counted */
};

void aa_totp_kdf_limits_default(struct aa_totp_kdf_limits *l);

/* scrypt to a 32-byte key. AA_ERR_DENIED (with diag) past the limits,
 * including the work budgets when lim->work is set. */
int aa_totp_scrypt(const aa_secret_t *pw, const unsigned char *salt,
    size_t saltlen, uint64_t n, uint64_t r, uint64_t p,
    const struct aa_totp_kdf_limits *lim, unsigned char key[32],
    struct aa_diag *diag);
/* PBKDF2-HMAC-<md> ("SHA1" "SHA256" "SHA512") to a 32-byte key. */
int aa_totp_pbkdf2(const char *md, const aa_secret_t *pw,
    const unsigned char *salt, size_t saltlen, uint64_t iter,
    const struct aa_totp_kdf_limits *lim, unsigned char key[32],
    struct aa_diag *diag);
/* SHA-256 of the password (andOTP's old "KDF"). */
int aa_totp_sha256(const aa_secret_t *pw, unsigned char key[32]);

/* AES-256-GCM; AA_ERR_PASSWORD when the tag does not verify. out: ctlen. */
int aa_totp_gcm_open(const unsigned char key[32], const unsigned char *iv,
    size_t ivlen, const unsigned char *ct, size_t ctlen,
    const unsigned char tag[16], unsigned char *out);
int aa_totp_gcm_seal(const unsigned char key[32], const unsigned char *iv,
    size_t ivlen, const unsigned char *pt, size_t ptlen, unsigned char *out,
    unsigned char tag[16]);

/*
 * Hex decoder into a malloc'd buffer (caller wipes + frees), bounded by
 * max bytes out. (Base64: auth-audit/core/b64.h.)
 */
int aa_totp_hex_decode(const char *in, size_t len, size_t max,
    unsigned char **out, size_t *outlen);

#endif
