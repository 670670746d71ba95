/*
 * Seed quality. "Visibly non-random" is kept to tests whose false-positive
 * rate on CSPRNG output is negligible: a repeating short pattern, very few
 * distinct bytes, or a seed that is all ASCII letters/digits (a password
 * or a counter string such as RFC 4226's "1234567890...").
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/engine.h"
#include "totp/seed.h"

static int
periodic(const unsigned char *b, size_t len)
{
	for (size_t per = 1; per <= 4 && per < len; per++) {
		size_t i;

		for (i = per; i < len && b[i] == b[i - per]; i++)
			;
		if (i == len)
			return (int)per;
	}
	return 0;
}

static int
ascii_alnum(const unsigned char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned c = b[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z')))
			return 0;
	}
	return 1;
}

static size_t
distinct(const unsigned char *b, size_t len)
{
	unsigned char seen[256] = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (!seen[b[i]]++)
			n++;
	return n;
}

void
aa_totp_seed_assess(const aa_secret_t *seed, struct aa_totp_seed_quality *q)
{
	size_t len = seed != NULL ? seed->len : 0;
	const unsigned char *b = seed != NULL ? seed->ptr : NULL;
	int per;

	memset(q, 0, sizeof(*q));
	q->bits = (unsigned)(len * 8);
	if (q->bits < AA_TOTP_SEED_MIN_BITS) {
		q->too_short = 1;
		snprintf(q->why, sizeof(q->why),
		    "%u-bit secret, under the 128 bits RFC 4226 requires", q->bits);
	}
	if (len < 4)
		return;
	if ((per = periodic(b, len)) > 0) {
		q->nonrandom = 1;
		snprintf(q->why, sizeof(q->why),
		    "%u-bit secret repeats a %d-byte pattern", q->bits, per);
	} else if (len >= 10 && distinct(b, len) * 2 < len) {
		q->nonrandom = 1;
		snprintf(q->why, sizeof(q->why),
		    "%u-bit secret uses only %zu distinct byte values", q->bits,
		    distinct(b, len));
	} else if (len >= 16 && ascii_alnum(b, len)) {
		q->nonrandom = 1;
		snprintf(q->why, sizeof(q->why),
		    "%u-bit secret is ASCII text, not random bytes", q->bits);
	}
}

char *
aa_totp_seed_redact(const aa_secret_t *seed, char *out, size_t outlen)
{
	aa_secret_t *txt = NULL;
	unsigned bits = seed != NULL ? (unsigned)(seed->len * 8) : 0;

	if (seed != NULL && seed->len > 0 &&
	    aa_totp_b32_encode(seed->ptr, seed->len, &txt) == AA_OK)
		aa_secret_redact(txt, 4, bits, out, outlen);
	else
		aa_secret_redact(NULL, 0, bits, out, outlen);
	aa_secret_free(&txt);
	return out;
}
