/*
 * Strict RFC 4648 base32 for seeds. Bounded by AA_TOTP_B32_MAX; the
 * decoded bytes and the normalised text are wiped because they are seeds.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/engine.h"

static const char b32_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int
b32_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int
aa_totp_b32_decode(const char *in, size_t len, aa_secret_t **out,
    unsigned *flags)
{
	unsigned char bytes[AA_TOTP_B32_MAX * 5 / 8 + 1];
	size_t nchars = 0, npad = 0, nb = 0;
	unsigned long acc = 0;
	unsigned bits = 0, fl = 0;
	int r = AA_ERR_PARSE;

	if (in == NULL || out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	if (len > AA_TOTP_B32_MAX)
		return AA_ERR_TOOBIG;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)in[i], v;

		if (c == ' ') {
			fl |= AA_B32_SPACES;
			continue;
		}
		if (c == '=') {
			npad++;
			fl |= AA_B32_PADDED;
			continue;
		}
		if (npad > 0 || (v = b32_val(c)) < 0)
			goto out; /* data after padding, or a foreign char */
		if (c >= 'a' && c <= 'z')
			fl |= AA_B32_LOWERCASE;
		acc = (acc << 5) | (unsigned long)v;
		bits += 5;
		nchars++;
		if (bits >= 8) {
			bits -= 8;
			bytes[nb++] = (unsigned char)(acc >> bits);
			acc &= (1ul << bits) - 1;
		}
	}
	/* 1, 3 and 6 leftover chars cannot come from whole bytes. */
	switch (nchars % 8) {
	case 1: case 3: case 6:
		goto out;
	default:
		break;
	}
	if (nchars == 0 || acc != 0)
		goto out; /* empty, or non-canonical trailing bits */
	if (npad > 0 && (nchars + npad) % 8 != 0)
		goto out;
	if ((*out = aa_secret_new(bytes, nb)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if (flags != NULL)
		*flags = fl;
	r = AA_OK;
out:
	aa_wipe(bytes, sizeof(bytes));
	acc = 0;
	return r;
}

int
aa_totp_b32_encode(const void *p, size_t len, aa_secret_t **out)
{
	const unsigned char *b = p;
	char *txt = NULL;
	size_t n = 0, cap;
	unsigned long acc = 0;
	unsigned bits = 0;
	int r = AA_ERR_NOMEM;

	if (out == NULL || (p == NULL && len > 0))
		return AA_ERR_ARG;
	*out = NULL;
	if (len > AA_TOTP_B32_MAX * 5 / 8)
		return AA_ERR_TOOBIG;
	cap = (len * 8 + 4) / 5 + 1;
	if ((txt = malloc(cap)) == NULL)
		goto out;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | b[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			txt[n++] = b32_alpha[(acc >> bits) & 31];
		}
		acc &= (1ul << bits) - 1;
	}
	if (bits > 0)
		txt[n++] = b32_alpha[(acc << (5 - bits)) & 31];
	txt[n] = '\0';
	if ((*out = aa_secret_new(txt, n)) == NULL)
		goto out;
	r = AA_OK;
out:
	if (txt != NULL)
		aa_freezero(txt, cap);
	return r;
}
