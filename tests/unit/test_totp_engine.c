/* RFC 4226 App. D and RFC 6238 App. B vectors; strict base32. */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "tests/unit/tap.h"
#include "totp/engine.h"

static const char *hotp_want[10] = {
	"755224", "287082", "359152", "969429", "338314",
	"254676", "287922", "162583", "399871", "520489",
};

static const struct {
	long long t;
	const char *sha1, *sha256, *sha512;
} totp_want[] = {
	{ 59LL, "94287082", "46119246", "90693936" },
	{ 1111111109LL, "07081804", "68084774", "25091201" },
	{ 1111111111LL, "14050471", "67062674", "99943326" },
	{ 1234567890LL, "89005924", "91819424", "93441116" },
	{ 2000000000LL, "69279037", "90698825", "38618901" },
	{ 20000000000LL, "65353130", "77737706", "47863826" },
};

static void
test_vectors(void)
{
	aa_secret_t *k1 = aa_secret_new_str("12345678901234567890");
	aa_secret_t *k256 = aa_secret_new_str("12345678901234567890123456789012");
	aa_secret_t *k512 = aa_secret_new_str(
	    "1234567890123456789012345678901234567890123456789012345678901234");
	struct aa_totp_params p = { AA_TOTP_SHA1, 8, 30 };
	char code[AA_TOTP_CODE_MAX], name[64];

	for (unsigned c = 0; c < 10; c++) {
		is_int(aa_totp_hotp(k1, AA_TOTP_SHA1, 6, c, code), AA_OK, "hotp ok");
		snprintf(name, sizeof(name), "RFC 4226 HOTP counter %u", c);
		is_str(code, hotp_want[c], name);
	}
	for (size_t i = 0; i < sizeof(totp_want) / sizeof(totp_want[0]); i++) {
		time_t t = (time_t)totp_want[i].t;

		p.algo = AA_TOTP_SHA1;
		aa_totp_code(k1, &p, t, code);
		snprintf(name, sizeof(name), "RFC 6238 SHA1 t=%lld", totp_want[i].t);
		is_str(code, totp_want[i].sha1, name);
		p.algo = AA_TOTP_SHA256;
		aa_totp_code(k256, &p, t, code);
		snprintf(name, sizeof(name), "RFC 6238 SHA256 t=%lld", totp_want[i].t);
		is_str(code, totp_want[i].sha256, name);
		p.algo = AA_TOTP_SHA512;
		aa_totp_code(k512, &p, t, code);
		snprintf(name, sizeof(name), "RFC 6238 SHA512 t=%lld", totp_want[i].t);
		is_str(code, totp_want[i].sha512, name);
	}
	/* 6 and 7 digits are the low digits of the 8-digit value. */
	p.algo = AA_TOTP_SHA1;
	p.digits = 6;
	aa_totp_code(k1, &p, 59, code);
	is_str(code, "287082", "6 digits truncate the same value");
	p.digits = 7;
	aa_totp_code(k1, &p, 59, code);
	is_str(code, "4287082", "7 digits");
	p.digits = 9;
	is_int(aa_totp_code(k1, &p, 59, code), AA_ERR_ARG, "9 digits refused");
	p.digits = 6;
	p.period = 60;
	is_int((long long)aa_totp_step(&p, 119), 1, "60 s period step");
	p.period = 0;
	is_int(aa_totp_code(k1, &p, 59, code), AA_ERR_ARG, "period 0 refused");
	aa_secret_free(&k1);
	aa_secret_free(&k256);
	aa_secret_free(&k512);
}

static void
test_base32(void)
{
	aa_secret_t *s = NULL, *e = NULL;
	unsigned fl = 0;

	is_int(aa_totp_b32_decode("JBSWY3DPEHPK3PXP", 16, &s, &fl), AA_OK, "decode");
	ok(s != NULL && s->len == 10 && memcmp(s->ptr, "Hello!\xde\xad\xbe\xef", 10) == 0,
	    "decoded bytes");
	is_int(fl, 0, "no flags for canonical text");
	aa_totp_b32_encode(s->ptr, s->len, &e);
	is_str(aa_secret_str(e), "JBSWY3DPEHPK3PXP", "encode round trip");
	aa_secret_free(&s);
	aa_secret_free(&e);
	is_int(aa_totp_b32_decode("mzxw6===", 8, &s, &fl), AA_OK, "padded lowercase");
	ok(s != NULL && s->len == 3 && memcmp(s->ptr, "foo", 3) == 0, "foo");
	ok(fl == (AA_B32_PADDED | AA_B32_LOWERCASE), "flags padded+lowercase");
	aa_secret_free(&s);
	is_int(aa_totp_b32_decode("MZXW6==", 7, &s, NULL), AA_ERR_PARSE, "short padding");
	is_int(aa_totp_b32_decode("MZXW7", 5, &s, NULL), AA_ERR_PARSE, "trailing bits");
	is_int(aa_totp_b32_decode("MZX", 3, &s, NULL), AA_ERR_PARSE, "impossible length");
	is_int(aa_totp_b32_decode("MZ1W6", 5, &s, NULL), AA_ERR_PARSE, "bad char");
	is_int(aa_totp_b32_decode("", 0, &s, NULL), AA_ERR_PARSE, "empty");
	is_int(aa_totp_b32_decode("MZ=XW6", 6, &s, NULL), AA_ERR_PARSE, "data after pad");
	is_int(aa_totp_b32_decode("JBSW Y3DP EHPK 3PXP", 19, &s, &fl), AA_OK, "spaces");
	ok(fl & AA_B32_SPACES, "spaces flagged");
	aa_secret_free(&s);
	{
		char big[AA_TOTP_B32_MAX + 8];

		memset(big, 'A', sizeof(big));
		is_int(aa_totp_b32_decode(big, sizeof(big), &s, NULL), AA_ERR_TOOBIG,
		    "oversized seed text refused");
	}
	ok(s == NULL, "no output on error");
}

int
main(void)
{
	enum aa_totp_algo a;

	test_vectors();
	test_base32();
	is_int(aa_totp_algo_parse("sha256", &a), AA_OK, "algo parse");
	is_int(a, AA_TOTP_SHA256, "algo value");
	is_int(aa_totp_algo_parse("MD5", &a), AA_ERR_UNSUPPORTED, "MD5 unsupported");
	return tap_done();
}
