/*
 * The one base64 codec (auth-audit/core/b64.h): RFC 4648 §10 test
 * vectors in the standard alphabet, the URL-safe alphabet, the lax mode
 * export files need, and the bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "tests/unit/tap.h"

static void
rfc4648_vectors(void)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob",
	    "fooba", "foobar" };
	static const char *const want[] = { "", "Zg==", "Zm8=", "Zm9v",
	    "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *s = aa_b64_encode(AA_B64_STD, in[i], strlen(in[i]));
		unsigned char buf[16];
		size_t n = 0;

		is_str(s, want[i], "RFC 4648 §10 encode");
		ok(aa_b64_decode(AA_B64_STD, want[i], strlen(want[i]), buf,
		    sizeof(buf), &n) == AA_OK && n == strlen(in[i]) &&
		    memcmp(buf, in[i], n) == 0, "RFC 4648 §10 decode '%s'",
		    want[i]);
		free(s);
	}
}

static void
url_alphabet(void)
{
	unsigned char buf[4];
	size_t n = 0;
	char *s = aa_b64_encode(AA_B64_URL, "\xfb\xff\xbf", 3);

	is_str(s, "-_-_", "URL-safe alphabet");
	free(s);
	s = aa_b64_encode(AA_B64_URL, "\xfb", 1);
	is_str(s, "-w", "URL-safe output is unpadded");
	free(s);
	is_int(aa_b64_decode(AA_B64_STD, "-w", 2, buf, sizeof(buf), &n),
	    AA_ERR_PARSE, "standard decoding refuses - and _");
	is_int(aa_b64_decode(AA_B64_URL, "+w", 2, buf, sizeof(buf), &n),
	    AA_ERR_PARSE, "URL-safe decoding refuses + and /");
}

static void
lax_mode(void)
{
	unsigned char buf[8];
	size_t n = 0;

	ok(aa_b64_decode(AA_B64_LAX, "+/-_\n Zg==\r\n", 12, buf, sizeof(buf),
	    &n) == AA_OK && n == 4 && buf[0] == 0xfb && buf[2] == 0xbf &&
	    buf[3] == 'f', "lax: both alphabets, whitespace skipped");
	is_int(aa_b64_decode(AA_B64_STD, "Zg ==", 5, buf, sizeof(buf), &n),
	    AA_ERR_PARSE, "strict: whitespace refused");
}

static void
malformed(void)
{
	unsigned char buf[8];
	size_t n = 7;

	is_int(aa_b64_decode(AA_B64_STD, "Zg=g", 4, buf, sizeof(buf), &n),
	    AA_ERR_PARSE, "data after padding");
	is_int((long long)n, 0, "no length on error");
	is_int(aa_b64_decode(AA_B64_STD, "Zg===", 5, buf, sizeof(buf), &n),
	    AA_ERR_PARSE, "three padding characters");
	is_int(aa_b64_decode(AA_B64_STD, "Zm9vY", 5, buf, sizeof(buf), &n),
	    AA_ERR_PARSE, "a final group of one character");
	is_int(aa_b64_decode(AA_B64_STD, "Zm9v\0Zg==", 9, buf, sizeof(buf),
	    &n), AA_ERR_PARSE, "a NUL byte");
}

static void
bounds(void)
{
	unsigned char buf[4], *p = NULL;
	size_t n = 0;

	is_int(aa_b64_decode(AA_B64_STD, "Zm9vYmFy", 8, buf, 4, &n),
	    AA_ERR_TOOBIG, "bounded output");
	is_int(aa_b64_decode_new(AA_B64_STD, "Zm9vYmFy", 8, 5, &p, &n),
	    AA_ERR_TOOBIG, "bounded allocation");
	ok(p == NULL, "nothing allocated on error");
	is_int(aa_b64_decode_new(AA_B64_STD, "Zm9vYmFy", 8, 6, &p, &n), AA_OK,
	    "exactly max bytes");
	ok(n == 6 && p != NULL && memcmp(p, "foobar", 6) == 0, "decoded");
	free(p);
}

int
main(void)
{
	rfc4648_vectors();
	url_alphabet();
	lax_mode();
	malformed();
	bounds();
	return tap_done();
}
