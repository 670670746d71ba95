/*
 * Judging a TOTP seed (RFC 4226 R6: at least 128 bits, 160 recommended;
 * from a CSPRNG) and showing it redacted ("JBSW…(160 bits)").
 */
#ifndef AA_TOTP_SEED_H
#define AA_TOTP_SEED_H

#include <stddef.h>

#include "auth-audit/core/secret.h"

#define AA_TOTP_SEED_MIN_BITS 128

struct aa_totp_seed_quality {
	unsigned bits;       /* entropy estimate */
	char alphabet[32];   /* the seed is text of this alphabet, or "" */
	int too_short;  /* under AA_TOTP_SEED_MIN_BITS */
	int nonrandom;  /* visibly not from a CSPRNG */
	char why[160];  /* one line when too_short or nonrandom */
};

/* Assess decoded seed bytes. */
void aa_totp_seed_assess(const aa_secret_t *seed,
    struct aa_totp_seed_quality *q);
/* Redacted base32 form of decoded seed bytes into out. */
char *aa_totp_seed_redact(const aa_secret_t *seed, char *out, size_t outlen);

#endif
