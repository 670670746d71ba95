/* Base64 in both RFC 4648 alphabets, bounded. */
#include <stdlib.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"

#define ENCODE_MAX ((size_t)1 << 28)

static const char std_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
aa_b64_encode(unsigned flags, const void *in, size_t len)
{
	const char *alpha = (flags & AA_B64_URL) ? url_alpha : std_alpha;
	int pad = !(flags & AA_B64_URL);
	const unsigned char *p = in;
	size_t o = 0;
	char *s;

	if (len > ENCODE_MAX || (s = malloc((len + 2) / 3 * 4 + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16;

		if (i + 1 < len)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		s[o++] = alpha[(v >> 18) & 63];
		s[o++] = alpha[(v >> 12) & 63];
		if (i + 1 < len)
			s[o++] = alpha[(v >> 6) & 63];
		else if (pad)
			s[o++] = '=';
		if (i + 2 < len)
			s[o++] = alpha[v & 63];
		else if (pad)
			s[o++] = '=';
	}
	s[o] = '\0';
	return s;
}

/* The value of c in the alphabets of flags, -1 if none. */
static int
value(unsigned flags, int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if ((flags & AA_B64_STD) && (c == '+' || c == '/'))
		return c == '+' ? 62 : 63;
	if ((flags & AA_B64_URL) && (c == '-' || c == '_'))
		return c == '-' ? 62 : 63;
	return -1;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
aa_b64_decode(unsigned flags, const char *in, size_t len, unsigned char *out,
    size_t max, size_t *outlen)
{
	size_t o = 0, pad = 0;
	unsigned long acc = 0;
	unsigned bits = 0;
	int r = AA_ERR_PARSE;

	*outlen = 0;
	if (in == NULL)
		goto out;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)in[i], v;

		if ((flags & AA_B64_SPACE) && is_space(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = value(flags, c)) < 0)
			goto out;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= max) {
				r = AA_ERR_TOOBIG;
				goto out;
			}
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1ul << bits) - 1;
		}
	}
	/* Six bits left over: a group of one character, no byte in it. */
	if (pad > 2 || bits >= 6)
		goto out;
	*outlen = o;
	r = AA_OK;
out:
	if (r != AA_OK)
		aa_wipe(out, o);
	return r;
}

int
aa_b64_decode_new(unsigned flags, const char *in, size_t len, size_t max,
    unsigned char **out, size_t *outlen)
{
	size_t cap = len / 4 * 3 + 3;
	int r;

	*out = NULL;
	*outlen = 0;
	if (cap > max)
		cap = max;
	if ((*out = malloc(cap + 1)) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_b64_decode(flags, in, len, *out, cap, outlen)) != AA_OK) {
		free(*out);
		*out = NULL;
	}
	return r;
}
