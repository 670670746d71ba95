/* Percent-decoding, encoding and form splitting (auth-audit/pct.h). */
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/pct.h"
#include "tests/unit/tap.h"

static int
dec(const char *s, unsigned flags, char *out, size_t *n)
{
	return aa_pct_text_decode(s, strlen(s), flags, out, n);
}

static void
decode(void)
{
	char out[64];
	size_t n = 0;

	is_int(dec("a%41%7e+b", 0, out, &n), AA_OK, "escapes decode");
	is_str(out, "aA~+b", "'+' stays without AA_PCT_PLUS_SPACE");
	is_int((long long)n, 5, "decoded length");
	is_int(dec("a+b", AA_PCT_PLUS_SPACE, out, &n), AA_OK, "form decode");
	is_str(out, "a b", "'+' is a space in form encoding");
	is_int(dec("%4", 0, out, &n), AA_ERR_PARSE, "truncated escape refused");
	is_int(dec("ab%", 0, out, &n), AA_ERR_PARSE, "lone '%' refused");
	is_int(dec("%zz", 0, out, &n), AA_ERR_PARSE, "non-hex escape refused");
	is_int(dec("%\xc3\xa9", 0, out, &n), AA_ERR_PARSE,
	    "high bytes are not hex");
	is_int(dec("x%00y", 0, out, &n), AA_OK, "NUL allowed by default");
	is_int((long long)n, 3, "NUL counted in the length");
	is_int(dec("x%00y", AA_PCT_NO_NUL, out, &n), AA_ERR_PARSE,
	    "NUL refused with AA_PCT_NO_NUL");
	is_int(aa_pct_text_decode("%41", 2, 0, out, &n), AA_ERR_PARSE,
	    "len bounds the escape (no read past it)");
}

static void
pairs(void)
{
	struct aa_pct_pair p;
	size_t pos = 0;

	ok(aa_pct_pair_next("&a=1&&b&=c=d&", 13, &pos, &p) == 1 &&
	    p.namelen == 1 && p.name[0] == 'a' && p.valuelen == 1 &&
	    p.value[0] == '1', "first pair");
	ok(aa_pct_pair_next("&a=1&&b&=c=d&", 13, &pos, &p) == 1 &&
	    p.namelen == 1 && p.name[0] == 'b' && p.valuelen == 0,
	    "empty pair skipped; no '=' gives an empty value");
	ok(aa_pct_pair_next("&a=1&&b&=c=d&", 13, &pos, &p) == 1 &&
	    p.namelen == 0 && p.valuelen == 3 &&
	    memcmp(p.value, "c=d", 3) == 0,
	    "empty name kept; value runs to the next '&'");
	is_int(aa_pct_pair_next("&a=1&&b&=c=d&", 13, &pos, &p), 0,
	    "trailing '&' ends the form");
	pos = 0;
	is_int(aa_pct_pair_next("a=1", 0, &pos, &p), 0, "len bounds the form");
}

static void
encode(void)
{
	struct aa_buf b;

	aa_buf_init(&b, 64);
	is_int(aa_pct_text_encode(&b, "a b/~-._Z9\xc3\xa9"), AA_OK, "encode");
	is_str(b.ptr, "a%20b%2F~-._Z9%C3%A9", "unreserved kept, rest %XX");
	aa_buf_release(&b);
	aa_buf_init(&b, 4);
	is_int(aa_pct_text_encode(&b, "a b"), AA_ERR_TOOBIG,
	    "encode respects the buffer bound");
	aa_buf_release(&b);
}

int
main(void)
{
	decode();
	pairs();
	encode();
	return tap_done();
}
