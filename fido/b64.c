/* base64url codec for WebAuthn fields (bounded, strict alphabet). */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "fido/b64.h"

static const char alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
aa_fido_b64url_encode(const void *p, size_t len)
{
	const unsigned char *in = p;
	size_t o = 0;
	char *s;

	if (len > (size_t)1 << 28 || (s = malloc(len / 3 * 4 + 5)) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		s[o++] = alpha[(v >> 18) & 63];
		s[o++] = alpha[(v >> 12) & 63];
		if (i + 1 < len)
			s[o++] = alpha[(v >> 6) & 63];
		if (i + 2 < len)
			s[o++] = alpha[v & 63];
	}
	s[o] = '\0';
	return s;
}

static int
val(char c)
{
	const char *p = c ? strchr(alpha, c) : NULL;

	return p ? (int)(p - alpha) : -1;
}

int
aa_fido_b64url_decode(const char *s, unsigned char *out, size_t max,
    size_t *outlen)
{
	size_t n, o = 0;
	unsigned acc = 0;
	int bits = 0;

	*outlen = 0;
	if (s == NULL)
		return AA_ERR_PARSE;
	n = strlen(s);
	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return AA_ERR_PARSE;
	for (size_t i = 0; i < n; i++) {
		int v = val(s[i]);

		if (v < 0)
			return AA_ERR_PARSE;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= max)
				return AA_ERR_TOOBIG;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	*outlen = o;
	return AA_OK;
}
