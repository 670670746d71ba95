#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/engine/session.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/profile/step.h"
#include "tests/unit/tap.h"

static struct aa_response resp;
static char *m_big;

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

/* The first-group result of pat on subject s, or an error name. */
static void
first(const char *pat, const char *s, const char *want, const char *name)
{
	struct aa_regex *re = NULL;
	char *m = NULL;
	int r;

	if ((r = aa_regex_compile(&re, pat, NULL, 0)) == AA_OK)
		r = aa_regex_first(re, s, strlen(s), &m);
	is_str(r == AA_OK ? m : aa_errname(r), want, name);
	free(m);
	aa_regex_free(&re);
}

/* PCRE2 syntax the old POSIX translation refused or got wrong, and the
 * match limits. */
static void
regex_tests(void)
{
	static char evil[64];
	struct aa_regex *re = NULL;
	struct aa_regex_span sp;
	char why[128], *big;
	size_t n = 2 * 1024 * 1024;

	first("(\\d+?)1", "20231", "2023", "lazy quantifier before a literal");
	first("<b>(.*?)</b>", "<b>x</b><b>y</b>", "x", "lazy .*? stops early");
	first("(?:id|key)=(\\w+)", "key=abc9", "abc9",
	    "non-capturing group; group 1 is the capture after it");
	first("(?<=code: )\\d{6}", "code: 123456", "123456", "lookbehind");
	first("(?<!\\d)\\d{6}(?!\\d)", "1234567 654321", "654321",
	    "lookbehind and lookahead around a digit run");
	first("(?i)TOKEN=(\\S+)", "token=t0k", "t0k", "inline flag");
	first("(a)|b", "b", "b", "group that did not take part: whole match");
	first("x*", "abc", "", "empty match is a match");
	ok(aa_regex_compile(&re, "(*UTF)a", why, sizeof(why)) == AA_ERR_PARSE,
	    "a pattern cannot switch to UTF mode (%s)", why);
	ok(aa_regex_compile(&re, "a\\Cb", why, sizeof(why)) == AA_ERR_PARSE,
	    "\\C refused");
	memset(why, 'a', sizeof(why));
	ok(aa_regex_compile(&re, "((((((((((((((((((((((((((((((((((a))))"
	    "))))))))))))))))))))))))))))))", why, sizeof(why)) ==
	    AA_ERR_PARSE, "nesting over 32 refused");

	/* Catastrophic backtracking: an error, not a hang. */
	memset(evil, 'a', sizeof(evil) - 2);
	evil[sizeof(evil) - 2] = '!';
	first("(a+)+$", evil, "AA_ERR_TOOBIG", "nested quantifier hits the "
	    "match limit");
	first("(a|aa)*$", evil, "AA_ERR_TOOBIG", "alternation blow-up hits the "
	    "limit");
	first("^(\\w+\\s?)*$", evil, "AA_ERR_TOOBIG", "word-list pattern hits "
	    "the limit");

	/* Bytes, NULs, the subject cap and start offsets. */
	ok(aa_regex_compile(&re, "\\bz(\\d)", NULL, 0) == AA_OK, "compiles");
	ok(aa_regex_match(re, "z1 z2", 5, 1, &sp) == AA_OK && sp.gso == 4 &&
	    sp.so == 3 && sp.eo == 5, "start offset; group and whole spans");
	is_int(aa_regex_match(re, "az1", 3, 1, NULL), AA_ERR_NOTFOUND,
	    "\\b sees the byte before the start offset");
	is_int(aa_regex_match(re, "z1", 2, 3, NULL), AA_ERR_NOTFOUND,
	    "start past the end: no match");
	is_int(aa_regex_match(re, "\0\xff z7", 5, 0, NULL), AA_OK,
	    "NUL and non-UTF-8 bytes are ordinary");
	aa_regex_free(&re);
	ok(re == NULL, "free NULLs");
	if ((big = malloc(n)) != NULL) {
		memset(big, 'x', n);
		memcpy(big + n - 2, "z9", 2);
		memcpy(big + AA_REGEX_MAX_SUBJECT - 4, "z8", 2);
		aa_regex_compile(&re, "z(\\d)", NULL, 0);
		ok(aa_regex_first(re, big, n, &m_big) == AA_OK &&
		    strcmp(m_big, "8") == 0, "a long subject is searched "
		    "in its first MiB only");
		free(m_big);
		aa_regex_free(&re);
		free(big);
	}
}

/* ok.body / ok.headers rules through the same PCRE2 API. */
static void
ok_rules(void)
{
	static const struct { const char *rule; int holds; const char *what; }
	    t[] = {
		{ "{\"body\": \"code=(?:\\\\d+?)3\"}", 1,
		    "body: (?:) and lazy" },
		{ "{\"body\": \"^(a+)+$\"}", 0, "body: catastrophic pattern "
		    "does not hold (limit)" },
		{ "{\"headers\": {\"Location\": \"^/acc(?:ounts)?/\"}}", 1,
		    "headers: (?:) in a header rule" },
		{ "{\"headers\": {\"X-None\": \".*\"}}", 0,
		    "headers: absent header does not hold" },
		{ "{\"body\": \"(\"}", -1, "bad regex refused at load" },
	};
	char err[256];

	set_body("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
	    "code=123", 57);
	resp.status = 200;
	json_object_set_new(resp.headers, "location", json_string(
	    "/accounts/profile/"));
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *rule = json_loads(t[i].rule, 0, NULL);

		if (t[i].holds < 0)
			ok(aa_ok_check(rule, err, sizeof(err)) ==
			    AA_ERR_PROFILE && strstr(err, "bad regex") != NULL,
			    "%s: %s", t[i].what, err);
		else
			ok(aa_ok_check(rule, err, sizeof(err)) == AA_OK &&
			    aa_ok_eval(rule, &resp) == t[i].holds, "%s",
			    t[i].what);
		json_decref(rule);
	}
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
	ex("regex:(?:id|nr)=(\\d+?)4", "\"31\"", "extractor: (?:) and a lazy "
	    "group");
	set_body(bin, sizeof(bin) - 1);
	ex("regex:code=(\\d{6})", "\"123456\"", "match after a NUL byte");
	set_body("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", 41);
	ex("regex:(a+)+$", "AA_ERR_TOOBIG", "extractor: catastrophic pattern "
	    "is an error, not a hang");
	set_body("v=\xff\xfe!", 5);
	ex("regex:v=(.*)", "\"\xef\xbf\xbd\xef\xbf\xbd!\"",
	    "invalid UTF-8 replaced");
}

static void
regex_api(void)
{
	struct aa_regex *re = NULL;
	char *m = NULL, why[128];

	ok(aa_regex_compile(&re, "(", why, sizeof(why)) == AA_ERR_PARSE &&
	    re == NULL && why[0] != '\0', "bad regex refused with reason");
	if (aa_regex_compile(&re, "[[:digit:]]{3}", NULL, 0) == AA_OK) {
		ok(aa_regex_first(re, "ab1234", 6, &m) == AA_OK &&
		    strcmp(m, "123") == 0, "POSIX classes work");
		free(m);
		aa_regex_free(&re);
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

/* How long a 429 asks to wait, from each header services use. */
static void
retry_hints(void)
{
	static const struct {
		const char *name, *value;
		double want;
	} c[] = {
		{ "retry-after", "599", 599 },
		{ "x-retry-after", "12", 12 },
		{ "ratelimit-reset", "30", 30 },
		{ "ratelimit", "limit=5, remaining=0, reset=45", 45 },
		{ "ratelimit", "\"sms-account\"; r=0; t=599", 599 },
		{ "ratelimit", "\"sms-account\";r=0;t=7", 7 },
		{ "ratelimit", "\"quota\"; r=0", -1 },
		{ "ratelimit-policy", "\"sms\"; q=5; w=600", -1 },
	};
	struct aa_response r;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.headers = json_pack("{s:s}", c[i].name, c[i].value);
		ok((long)aa_response_retry_after(&r) == (long)c[i].want,
		    "retry hint %s: %s -> %.0f", c[i].name, c[i].value,
		    c[i].want);
		json_decref(r.headers);
	}
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
	regex_tests();
	ok_rules();
	retry_hints();
	aa_response_release(&resp);
	return tap_done();
}
