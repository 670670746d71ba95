/*
 * libFuzzer harness for the URL helpers (auth-audit/core/url.c): any
 * bytes as a URL, a bare host and a Location against a fixed base. What
 * parses has a lower-case host and an origin that parses again (not
 * always to the same text: curl rewrites "https://9%35" to host "95" and
 * that to "0.0.0.95").
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/b64.h"
#include "auth-audit/core/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const char *s, unsigned flags)
{
	char origin[AA_URL_ORIGIN_MAX];
	struct aa_url u, again;
	char *auth = NULL;

	if (aa_url_parse(s, flags, &u) != AA_OK)
		return;
	for (const char *c = u.host; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			__builtin_trap();
	if (aa_url_origin(&u, origin, sizeof(origin)) == AA_OK &&
	    aa_url_parse(origin, 0, &again) != AA_OK)
		__builtin_trap();
	if (aa_url_authority(s, flags, &auth) == AA_OK && auth == NULL)
		__builtin_trap();
	free(auth);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *abs = NULL;
	unsigned char out[64];
	size_t n;

	if (size > AA_URL_MAX + 16 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check(s, 0);
	check(s, AA_URL_HTTP | AA_URL_GUESS);
	if (aa_url_resolve("https://base.example/a/b?q", s, &abs) == AA_OK)
		check(abs, 0);
	free(abs);
	/* The base64 decoders meet the same kind of text. */
	if (aa_b64_decode(AA_B64_LAX, s, size, out, sizeof(out), &n) == AA_OK &&
	    n > sizeof(out))
		__builtin_trap();
	free(s);
	return 0;
}
