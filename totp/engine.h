/*
 * HOTP (RFC 4226) and TOTP (RFC 6238) code generation, and strict base32.
 * Codes come from liboath (engine.c is the only file that includes it);
 * base32 is our own because liboath's decoder is lenient about padding
 * and case, and the auditor must tell a malformed seed from a good one.
 */
#ifndef AA_TOTP_ENGINE_H
#define AA_TOTP_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth-audit/core/secret.h"

enum aa_totp_algo {
	AA_TOTP_SHA1,
	AA_TOTP_SHA256,
	AA_TOTP_SHA512,
};

#define AA_TOTP_DIGITS_MIN 6
#define AA_TOTP_DIGITS_MAX 8
#define AA_TOTP_PERIOD_MAX 86400u
/* Longest base32 seed text we accept (a 64 KiB secret cap is far above). */
#define AA_TOTP_B32_MAX 1024
/* A code plus its NUL. */
#define AA_TOTP_CODE_MAX (AA_TOTP_DIGITS_MAX + 1)

struct aa_totp_params {
	enum aa_totp_algo algo;
	unsigned digits;   /* 6..8 */
	unsigned period;   /* seconds, 1..AA_TOTP_PERIOD_MAX */
};

/* SHA1, 6 digits, 30 s. */
void aa_totp_params_default(struct aa_totp_params *p);

const char *aa_totp_algo_name(enum aa_totp_algo a); /* "SHA1" ... */
/* Case-insensitive "SHA1"/"SHA-1"/"HmacSHA1"...; AA_ERR_UNSUPPORTED else. */
int aa_totp_algo_parse(const char *s, enum aa_totp_algo *out);

/* HOTP value for `counter`; out must hold AA_TOTP_CODE_MAX bytes. */
int aa_totp_hotp(const aa_secret_t *key, enum aa_totp_algo algo,
    unsigned digits, uint64_t counter, char *out);
/* TOTP code for time step `step` (= floor(t / period)). */
int aa_totp_code_at_step(const aa_secret_t *key,
    const struct aa_totp_params *p, int64_t step, char *out);
/* TOTP code for Unix time t. */
int aa_totp_code(const aa_secret_t *key, const struct aa_totp_params *p,
    time_t t, char *out);
/* Time step of t for p. */
int64_t aa_totp_step(const struct aa_totp_params *p, time_t t);

/*
 * Strict RFC 4648 base32 decode. Accepts upper or lower case, ignores
 * spaces, accepts correct '=' padding or none; rejects other characters,
 * impossible lengths (1, 3, 6 mod 8) and non-zero trailing bits.
 * *flags gets AA_B32_* notes about the input when flags is non-NULL.
 */
#define AA_B32_PADDED    0x1u /* had '=' padding */
#define AA_B32_LOWERCASE 0x2u /* had lower-case letters */
#define AA_B32_SPACES    0x4u /* had spaces */
int aa_totp_b32_decode(const char *in, size_t len, aa_secret_t **out,
    unsigned *flags);
/* Unpadded upper-case base32 of key into a new secret (it is seed text). */
int aa_totp_b32_encode(const void *p, size_t len, aa_secret_t **out);

#endif
