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

/*
 * Defaults (docs/TOTP.md): 1 GiB of scrypt memory, 10M PBKDF2 rounds;
 * Argon2id at most 1 GiB, 64 passes, 16 lanes and 16 GiB-passes of work
 * (Bitwarden's maximum is 1 GiB x 10, Ente's "sensitive" 1 GiB x 4).
 */
#define AA_TOTP_SCRYPT_MEM_MAX (1024ull * 1024 * 1024)
#define AA_TOTP_SCRYPT_P_MAX 16
#define AA_TOTP_PBKDF2_ITER_MAX 10000000ul
#define AA_TOTP_ARGON2_MEM_MAX (1024ull * 1024 * 1024)
#define AA_TOTP_ARGON2_T_MAX 64u
#define AA_TOTP_ARGON2_P_MAX 16u
#define AA_TOTP_ARGON2_WORK_MAX (16ull * 1024 * 1024 * 1024)
/*
 * KDF work, in units of one PBKDF2 iteration, one scrypt N*r*p block or
 * one Argon2id KiB pass (about the same time each): Aegis's default slot
 * is 2^18, Bitwarden's 600k PBKDF2 6e5, its default Argon2id 2^17.6. A
 * file may cost 2^25 (a few seconds), a whole scan 2^28, so a backup with
 * 100k password slots, or a tree of them, ends.
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
	uint64_t argon2_mem_max;    /* bytes */
	uint32_t argon2_t_max;      /* passes */
	uint64_t argon2_work_max;   /* bytes x passes */
};

void aa_totp_kdf_limits_default(struct aa_totp_kdf_limits *l);
/* Take cost from the work budgets (when lim->work is set) before
 * deriving, or refuse with AA_ERR_DENIED and diag. */
int aa_totp_kdf_charge(const struct aa_totp_kdf_limits *lim, uint64_t cost,
    struct aa_diag *diag);

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
/*
 * Argon2id (v1.3, libargon2) to a 32-byte key: t passes over mem_bytes
 * (a multiple of 1 KiB) with p lanes. AA_ERR_DENIED (with diag) past the
 * limits (the work budgets included, charged as mem KiB x t),
 * AA_ERR_PARSE for parameters Argon2 itself refuses; nothing is
 * allocated before both checks pass.
 */
int aa_totp_argon2id(const aa_secret_t *pw, const unsigned char *salt,
    size_t saltlen, uint32_t t, uint64_t mem_bytes, uint32_t p,
    const struct aa_totp_kdf_limits *lim, unsigned char key[32],
    struct aa_diag *diag);
/* SHA-256 of the password (andOTP's old "KDF"). */
int aa_totp_sha256(const aa_secret_t *pw, unsigned char key[32]);
/* HKDF-Expand-SHA256 (RFC 5869) of a 32-byte PRK and info, through
 * OpenSSL's EVP_KDF "HKDF"; outlen at most 255 * 32. */
int aa_totp_hkdf_expand(const unsigned char prk[32], const char *info,
    unsigned char *out, size_t outlen);

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
