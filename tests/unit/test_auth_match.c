/*
 * The offline parts of the AUTH checks: recovery-code entropy estimation
 * (AUTH-RECOVERY-WEAK) and the phone / e-mail matchers
 * (AUTH-PHONE-DISCLOSED).
 */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "auth-audit/auth/auth_int.h"
#include "tests/unit/tap.h"

static double
bits_of(const char *json, struct aa_auth_state *st)
{
	json_t *codes = json_loads(json, JSON_DECODE_ANY, NULL);

	memset(st, 0, sizeof(*st));
	aa_auth_batch_note(st, codes);
	json_decref(codes);
	return st->batch_minlen * log2((double)st->batch_alphabet);
}

static void
entropy(void)
{
	struct aa_auth_state st;
	double b;

	b = bits_of("[\"123456\", \"654321\"]", &st);
	ok(st.batch_seen && st.batch_alphabet == 10 && st.batch_minlen == 6,
	    "6 digits: alphabet 10, length 6");
	ok(b > 19.9 && b < 20.0, "6 digits: 19.9 bits (%.2f)", b);
	b = bits_of("[\"ABCD-EFGH-2345-6723\", \"QQQQ-RRRR-SSSS-TTTT\"]", &st);
	ok(st.batch_alphabet == 32 && st.batch_minlen == 16,
	    "base32 groups: alphabet 32, separators stripped (16)");
	is_int((long long)b, 80, "16 base32 characters: 80 bits");
	is_str(st.batch_sample, "xxxx-xxxx-xxxx-xxxx", "shape keeps separators");
	b = bits_of("[\"a1b2c3d4e5\", \"ffff0000aa\"]", &st);
	ok(st.batch_alphabet == 16 && b < 64, "10 hex characters: 16, under 64 bits");
	b = bits_of("[\"a1b2 c3d4 e5f6 0789\"]", &st);
	is_int((long long)b, 64, "16 hex characters with blanks: 64 bits");
	b = bits_of("[\"abc8xyz9\"]", &st);
	is_int(st.batch_alphabet, 36, "8 and 9 are not base32: alphanumeric 36");
	b = bits_of("[\"aBcDeFgH\"]", &st);
	is_int(st.batch_alphabet, 62, "mixed case: 62");
	b = bits_of("[\"ab!d\"]", &st);
	is_int(st.batch_alphabet, 94, "punctuation: printable 94");
	b = bits_of("\"11111111 22222222, 3333\"", &st);
	ok(st.batch_count == 3 && st.batch_minlen == 4,
	    "one string of codes: split on blanks and commas, shortest counts");
}

static void
phone(void)
{
	const char *p = "+15555550101";

	ok(aa_auth_text_has_phone("{\"phone\":\"+15555550101\"}", p), "E.164 found");
	ok(aa_auth_text_has_phone("call 15555550101", p), "without + found");
	ok(aa_auth_text_has_phone("(555) 555-0101", p), "national formatting found");
	ok(aa_auth_text_has_phone("+1 555.555.0101", p), "dots and blanks found");
	ok(!aa_auth_text_has_phone("+1\u2022\u2022\u2022\u2022\u2022\u20220101", p),
	    "masked with bullets: not found");
	ok(!aa_auth_text_has_phone("+1******0101", p), "masked with stars: not found");
	ok(!aa_auth_text_has_phone("id 5555 and 550101", p),
	    "digits split by words do not join into the number");
	ok(!aa_auth_text_has_phone("+15555550102", p), "another number: not found");
	ok(!aa_auth_text_has_phone("anything", NULL), "no phone: nothing found");
	ok(aa_auth_text_has_email("Mail: Audit-A@Lab.test", "audit-a@lab.test"),
	    "e-mail, other case");
	ok(aa_auth_text_has_email("to=audit-a%40lab.test", "audit-a@lab.test"),
	    "e-mail URL-encoded");
	ok(!aa_auth_text_has_email("a\u2022\u2022\u2022@lab.test", "audit-a@lab.test"),
	    "masked e-mail: not found");
}

int
main(void)
{
	entropy();
	phone();
	return tap_done();
}
