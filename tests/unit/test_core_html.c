/*
 * HTML character references (auth-audit/core/html.h): what a browser
 * reads out of an href, in place, and text that only looks like one.
 */
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/html.h"
#include "tests/unit/tap.h"

static void
href_in_place(void)
{
	char s[] = "otpauth://totp/a?secret=AB&amp;issuer=OTP%20Demo"
	    "&#38;x=&#x31;";
	size_t n = 0;

	is_int(aa_html_unescape(s, strlen(s), s, &n), AA_OK, "decodes");
	is_str(s, "otpauth://totp/a?secret=AB&issuer=OTP%20Demo&x=1",
	    "named, decimal and hex references, in place");
	ok(n == strlen(s), "length");
}

static void
not_references(void)
{
	char s[] = "a & b &amp c &#; &#xZZ; &#0; &lt;";
	char out[sizeof(s)];
	size_t n = 0;

	aa_html_unescape(s, strlen(s), out, &n);
	is_str(out, "a & b &amp c &#; &#xZZ; &#0; <", "a bare &, an "
	    "unterminated name, empty and bad numbers and NUL stay");
}

static void
utf8(void)
{
	char s[] = "&#233;&#x1F600;&nbsp;&#x110000;";
	char out[sizeof(s)];
	size_t n = 0;

	aa_html_unescape(s, strlen(s), out, &n);
	is_str(out, "\xc3\xa9\xf0\x9f\x98\x80\xc2\xa0\xef\xbf\xbd",
	    "code points as UTF-8; past U+10FFFF the replacement character");
}

int
main(void)
{
	href_in_place();
	not_references();
	utf8();
	return tap_done();
}
