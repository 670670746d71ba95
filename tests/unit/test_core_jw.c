/* The streaming JSON writer (auth-audit/core/jw.h): jansson's bytes for
 * the same values, U+FFFD for broken UTF-8, and its call contract. */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/jw.h"
#include "tests/unit/tap.h"

/* What the writer makes of v as a top-level value. */
static char *
written(const json_t *v, int *rc)
{
	struct aa_buf b;
	struct aa_jw w;
	char *s;

	aa_buf_init(&b, 1 << 20);
	aa_jw_init(&w, &b);
	aa_jw_value(&w, NULL, v);
	*rc = aa_jw_end(&w);
	s = strdup(b.ptr ? b.ptr : "");
	aa_buf_release(&b);
	return s;
}

static void
same_as_jansson(const json_t *v, const char *name)
{
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY), *got;
	int rc;

	got = written(v, &rc);
	is_int(rc, AA_OK, name);
	is_str(got, want, name);
	free(want);
	free(got);
}

static void
strings(void)
{
	static const char *const valid[] = {
		"", "plain", "quote \" and backslash \\", "a/b",
		"\x01\x02\x1f controls \b\f\n\r\t and DEL \x7f",
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf",
		"\xef\xbf\xbd already a replacement",
	};
	json_t *s;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		s = json_string(valid[i]);
		ok(s != NULL, "jansson takes valid string %zu", i);
		same_as_jansson(s, "string as jansson writes it");
		json_decref(s);
	}
	/* A NUL inside a jansson string is written by length. */
	s = json_stringn("a\0b", 3);
	same_as_jansson(s, "embedded NUL");
	json_decref(s);
}

static void
broken_utf8(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "a\x80z", "\"a\xef\xbf\xbdz\"" },           /* lone continuation */
		{ "\xc0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\"" }, /* overlong NUL */
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf5\x80\x80\x80x", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbdx\"" },                        /* past U+10FFFF */
		{ "\xe2\x82", "\"\xef\xbf\xbd\xef\xbf\xbd\"" }, /* truncated */
		{ "\xf0\x8f\xbf\xbf", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\"" },                         /* overlong 4 */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct aa_buf b;
		struct aa_jw w;
		json_t *back;

		aa_buf_init(&b, 256);
		aa_jw_init(&w, &b);
		aa_jw_str(&w, NULL, t[i].in);
		is_int(aa_jw_end(&w), AA_OK, "broken UTF-8 is written");
		is_str(b.ptr, t[i].out, "  ... each bad byte as U+FFFD");
		back = json_loads(b.ptr, JSON_DECODE_ANY, NULL);
		ok(back != NULL, "  ... and jansson reads it back");
		json_decref(back);
		aa_buf_release(&b);
	}
}

static void
values(void)
{
	static const char *const docs[] = {
		"{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"},\"f\":[]}",
		"[1.5,100.0,1e20,1e-05,-0.0,0.1,123456789012345678.0]",
		"[-9223372036854775808,9223372036854775807,0]",
		"{\"z\":{},\"a\":{\"nested\":[[[{\"deep\":\"x\"}]]]}}",
		"{\"key \\\"quoted\\\"\\n\":\"v\"}",
	};

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		json_t *v = json_loads(docs[i], 0, NULL);

		ok(v != NULL, "document %zu parses", i);
		same_as_jansson(v, "value as jansson writes it");
		json_decref(v);
	}
}

static void
members(void)
{
	struct aa_buf b;
	struct aa_jw w;

	aa_buf_init(&b, 1024);
	aa_jw_init(&w, &b);
	aa_jw_obj_open(&w, NULL);
	aa_jw_str(&w, "s", "x");
	aa_jw_str(&w, "n", NULL);
	aa_jw_int(&w, "i", -42);
	aa_jw_bool(&w, "t", 1);
	aa_jw_null(&w, "z");
	aa_jw_arr_open(&w, "a");
	aa_jw_int(&w, NULL, 1);
	aa_jw_obj_open(&w, NULL);
	aa_jw_obj_close(&w);
	aa_jw_arr_close(&w);
	aa_jw_obj_close(&w);
	is_int(aa_jw_end(&w), AA_OK, "members written");
	is_str(b.ptr, "{\"s\":\"x\",\"n\":null,\"i\":-42,\"t\":true,"
	    "\"z\":null,\"a\":[1,{}]}", "  ... compact, in call order");
	aa_buf_release(&b);
}

/* Misuse is reported once, at the end, and stops all writing. */
static void
contract(void)
{
	struct aa_buf b;
	struct aa_jw w;
	size_t len;

	aa_buf_init(&b, 1024);
	aa_jw_init(&w, &b);
	aa_jw_arr_open(&w, NULL);
	aa_jw_int(&w, "key", 1);
	len = b.len;
	aa_jw_int(&w, NULL, 2);
	aa_jw_arr_close(&w);
	is_int(aa_jw_end(&w), AA_ERR_INTERNAL, "a name inside an array");
	ok(b.len == len, "  ... nothing written after it");
	aa_buf_release(&b);

	aa_jw_init(&w, &b);
	aa_jw_obj_open(&w, NULL);
	aa_jw_int(&w, NULL, 1);
	is_int(aa_jw_end(&w), AA_ERR_INTERNAL, "no name inside an object");
	aa_buf_release(&b);

	aa_jw_init(&w, &b);
	aa_jw_obj_open(&w, NULL);
	is_int(aa_jw_end(&w), AA_ERR_INTERNAL, "an object left open");
	aa_jw_arr_close(&w);
	is_int(aa_jw_end(&w), AA_ERR_INTERNAL, "  ... closed as an array");
	aa_buf_release(&b);

	aa_jw_init(&w, &b);
	is_int(aa_jw_end(&w), AA_ERR_INTERNAL, "nothing written");
	aa_jw_int(&w, NULL, 1);
	aa_jw_int(&w, NULL, 2);
	is_int(aa_jw_end(&w), AA_ERR_INTERNAL, "two values at the top");
	aa_buf_release(&b);

	aa_jw_init(&w, &b);
	for (int i = 0; i <= AA_JW_MAX_DEPTH; i++)
		aa_jw_arr_open(&w, NULL);
	is_int(aa_jw_end(&w), AA_ERR_TOOBIG, "nesting past the bound");
	aa_buf_release(&b);

	aa_buf_init(&b, 8);
	aa_jw_init(&w, &b);
	aa_jw_str(&w, NULL, "longer than eight bytes");
	is_int(aa_jw_end(&w), AA_ERR_TOOBIG, "output past the buffer's bound");
	aa_buf_release(&b);
}

int
main(void)
{
	strings();
	broken_utf8();
	values();
	members();
	contract();
	return tap_done();
}
