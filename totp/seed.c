/*
 * Seed quality. A seed's strength is the entropy of what generated it:
 * raw random bytes give 8 bits each, but many services use a random
 * string as the key itself (the otpauth URI then carries base32 of its
 * ASCII), and 32 characters from a 64-symbol alphabet are 192 bits,
 * whatever the bytes look like. So a seed whose bytes are all printable
 * ASCII is judged by the smallest common alphabet holding its characters
 * (digits, hex, base32, alphanumeric, base64, printable): bits = length x
 * log2(alphabet). "Visibly non-random" is kept to tests whose
 * false-positive rate on random output is negligible: a repeating short
 * pattern, or very few distinct values.
 */
#include <math.h>
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

static const struct {
	const char *name;
	const char *chars;     /* NULL: any printable ASCII */
	unsigned size;
} alphabets[] = {
	{ "digits", "0123456789", 10 },
	{ "hex", "0123456789abcdefABCDEF", 16 },
	{ "base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=", 32 },
	{ "lower-case alphanumeric", "0123456789abcdefghijklmnopqrstuvwxyz", 36 },
	{ "alphanumeric", "0123456789abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 62 },
	{ "base64", "0123456789abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ+/-_=", 64 },
	{ "printable", NULL, 94 },
};

/* Index of the smallest alphabet holding every byte, or -1 when a byte
 * is not printable ASCII (raw bytes). */
static int
text_alphabet(const unsigned char *b, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < len; i++) {
		if (b[i] < 0x21 || b[i] > 0x7e)
			return -1;
		while (alphabets[k].chars != NULL &&
		    strchr(alphabets[k].chars, b[i]) == NULL)
			k++;
	}
	/* Base32 text is upper case: lower-case letters move on. */
	return (int)k;
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
	int per, k = -1;

	memset(q, 0, sizeof(*q));
	q->bits = (unsigned)(len * 8);
	/* Short strings of text are too rare among random bytes to matter
	 * (under 16 bytes the byte count alone already fails). */
	if (len >= 16 && (k = text_alphabet(b, len)) >= 0) {
		q->bits = (unsigned)floor((double)len *
		    log2((double)alphabets[k].size));
		snprintf(q->alphabet, sizeof(q->alphabet), "%s",
		    alphabets[k].name);
	}
	if (q->bits < AA_TOTP_SEED_MIN_BITS) {
		q->too_short = 1;
		if (k >= 0)
			snprintf(q->why, sizeof(q->why), "%zu %s characters: "
			    "%u bits, under the 128 bits RFC 4226 requires",
			    len, alphabets[k].name, q->bits);
		else
			snprintf(q->why, sizeof(q->why), "%u-bit secret, under "
			    "the 128 bits RFC 4226 requires", q->bits);
	}
	if (len < 4)
		return;
	if ((per = periodic(b, len)) > 0) {
		q->nonrandom = 1;
		snprintf(q->why, sizeof(q->why),
		    "the secret repeats a %d-byte pattern", per);
	} else if (len >= 10 && distinct(b, len) * 2 < len &&
	    (k < 0 || distinct(b, len) * 4 < alphabets[k].size)) {
		/* Few distinct values: for text, measured against its
		 * alphabet (a long hex string repeats symbols by nature). */
		q->nonrandom = 1;
		snprintf(q->why, sizeof(q->why),
		    "the secret uses only %zu distinct values", distinct(b, len));
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
