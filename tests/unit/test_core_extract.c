#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/core/jalloc.h"
#include "tests/unit/tap.h"

static struct aa_response resp;

static void
set_body(const char *b, size_t n)
{
	aa_buf_release(&resp.body);
	aa_buf_init(&resp.body, 1 << 20);
	aa_buf_append(&resp.body, b, n);
}

/* Run spec and compare the compact dump of the result ("(none)"). */
static void
ex(const char *spec, const char *want, const char *name)
{
	json_t *v = NULL;
	char *got = NULL;
	int r = aa_extract_run(spec, &resp, NULL, &v);

	if (r == AA_OK && v != NULL)
		got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	is_str(r != AA_OK ? aa_errname(r) : got ? got : "(none)", want, name);
	free(got);
	json_decref(v);
}

static void
spec_ok(const char *spec, int want)
{
	char why[256] = "";
	int r = aa_extract_spec_check(spec, why, sizeof(why));

	ok((r == AA_OK) == want, "spec %s %s %s", spec,
	    want ? "accepted" : "refused", why);
}

static void
json_pointers(void)
{
	ex("json:/a/b", "7", "pointer to number");
	ex("json:/arr/1", "20", "array index");
	ex("json:/codes", "[\"c1\",\"c2\"]", "array kept as JSON");
	ex("json:/m~1n", "1", "~1 escape");
	ex("json:/t~0x", "2", "~0 escape");
	ex("json:/", "3", "empty member name");
	ex("json:/arr/01", "(none)", "leading zero index");
	ex("json:/arr/-", "(none)", "- index");
	ex("json:/arr/2", "(none)", "index out of range");
	ex("json:/a/b/c", "(none)", "through a scalar");
	ex("json:/missing", "(none)", "missing member");
	ok(aa_json_pointer_get(resp.json, "") == resp.json, "empty pointer");
	ok(!aa_json_pointer_valid("a/b") && !aa_json_pointer_valid("/~2"),
	    "bad pointers refused");
}

static void
headers_and_cookies(void)
{
	ex("header:X-Request-ID", "\"rq-42\"", "header case-insensitive");
	ex("header:x-none", "(none)", "absent header");
	ex("cookie:sid", "\"new\"", "last Set-Cookie wins, trimmed");
	ex("cookie:csrf", "\"tok9\"", "cookie without attributes");
	ex("cookie:si", "(none)", "cookie name prefix does not match");
}

/* Changes the response body. */
static void
regex_extractors(void)
{
	const char bin[] = "pre\0fix code=123456 end";

	ex("regex:id=(\\d+)", "\"314\"", "first group with \\d");
	ex("regex:\\b\\d{4}\\b", "\"2718\"", "whole match and \\b");
	ex("regex:id=([\\d]+)", "\"314\"", "\\d inside brackets");
	ex("regex:(x)?id", "\"id\"", "unmatched group: whole match");
	ex("regex:\\D+", "\"<p>id=\"", "\\D");
	ex("regex:nomatch", "(none)", "no match");
	set_body(bin, sizeof(bin) - 1);
	ex("regex:code=(\\d{6})", "\"123456\"", "match after a NUL byte");
	set_body("v=\xff\xfe!", 5);
	ex("regex:v=(.*)", "\"\xef\xbf\xbd\xef\xbf\xbd!\"",
	    "invalid UTF-8 replaced");
}

static void
regex_api(void)
{
	regex_t re;
	char *m = NULL, why[128];

	ok(aa_regex_compile(&re, "(", 0, why, sizeof(why)) == AA_ERR_PARSE &&
	    why[0] != '\0', "bad regex refused with reason");
	if (aa_regex_compile(&re, "[[:digit:]]{3}", 0, NULL, 0) == AA_OK) {
		ok(aa_regex_first(&re, "ab1234", 6, &m) == AA_OK &&
		    strcmp(m, "123") == 0, "POSIX classes pass through");
		free(m);
		regfree(&re);
	} else
		ok(0, "POSIX class compiles");
}

static void
json_text(void)
{
	json_t *t = aa_json_text("a\0b\xc3\xa9\xe2\x82", 7);

	is_str(json_string_value(t), "a\xef\xbf\xbd" "b\xc3\xa9\xef\xbf\xbd"
	    "\xef\xbf\xbd", "aa_json_text sanitises");
	json_decref(t);
}

static void
specs(void)
{
	spec_ok("json:/a/0", 1);
	spec_ok("json:", 1);
	spec_ok("cookie:sid", 1);
	spec_ok("header:X-Y", 1);
	spec_ok("regex:(\\d{6})", 1);
	spec_ok("json:a", 0);
	spec_ok("cookie:", 0);
	spec_ok("cookie:a=b", 0);
	spec_ok("header:a b", 0);
	spec_ok("regex:((", 0);
	spec_ok("xpath://a", 0);
}

int
main(void)
{
	static const char doc[] = "{\"a\": {\"b\": 7}, \"arr\": [10, 20],"
	    " \"codes\": [\"c1\", \"c2\"], \"m/n\": 1, \"t~x\": 2, \"\": 3}";

	aa_json_secure_init();
	memset(&resp, 0, sizeof(resp));
	resp.json = json_loads(doc, 0, NULL);
	resp.headers = json_pack("{s:s}", "x-request-id", "rq-42");
	resp.set_cookies = json_pack("[s,s,s]",
	    "sid=old; Path=/", "csrf=tok9; HttpOnly", "sid=new ; Secure");
	set_body("<p>id=314 and 2718</p>", 22);
	json_pointers();
	headers_and_cookies();
	regex_extractors();
	regex_api();
	json_text();
	specs();
	aa_response_release(&resp);
	return tap_done();
}
