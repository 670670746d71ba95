/* otpauth URI parser and the URI audit. */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/report.h"
#include "tests/unit/tap.h"
#include "totp/uri.h"
#include "totp/uri_audit.h"

static struct aa_totp_uri *
parse(const char *s, int want)
{
	struct aa_totp_uri *u = NULL;
	struct aa_diag d = { "" };
	int r = aa_totp_uri_parse(s, strlen(s), &u, &d);

	is_int(r, want, s);
	if (r != AA_OK)
		ok(d.msg[0] != '\0', "error explained: %s", d.msg);
	return u;
}

static void
good(void)
{
	struct aa_totp_uri *u;
	char why[256];

	u = parse("otpauth://totp/ACME%20Co:john.doe@email.com?secret="
	    "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1"
	    "&digits=6&period=30", AA_OK);
	if (u != NULL) {
		is_str(u->label_issuer, "ACME Co", "label issuer decoded");
		is_str(u->account, "john.doe@email.com", "account");
		is_str(u->issuer, "ACME Co", "issuer param");
		is_int((long long)u->secret->len, 20, "160-bit secret");
		is_int(u->notes, 0, "no notes for the wiki's example");
		ok(!aa_totp_uri_nonstandard(u, why, sizeof(why)), "standard");
	}
	aa_totp_uri_free(&u);
	ok(u == NULL, "free NULLs the pointer");
	u = parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=7", AA_OK);
	if (u != NULL) {
		is_int(u->type, AA_OTP_HOTP, "hotp");
		is_int((long long)u->counter, 7, "counter");
		ok(u->notes & AA_URI_NO_ISSUER, "missing issuer noted");
		ok(aa_totp_uri_nonstandard(u, why, sizeof(why)) &&
		    strstr(why, "no issuer") != NULL, "nonstandard: %s", why);
	}
	aa_totp_uri_free(&u);
	u = parse("otpauth://totp/Air+Canada:b?secret=4sjhb4gsd43fzbai7c2hlrjgpq======&issuer="
	    "Air+Canada&algorithm=SHA512&digits=7&period=20&foo=1&icon=x", AA_OK);
	if (u != NULL) {
		is_str(u->issuer, "Air Canada", "'+' in a query value is a space");
		is_str(u->label_issuer, "Air+Canada", "'+' in the label is literal");
		ok(u->notes & AA_URI_ISSUER_MISMATCH, "mismatch noted");
		ok(u->notes & AA_URI_SECRET_PADDED, "padding noted");
		ok(u->notes & AA_URI_SECRET_LOWER, "lower case noted");
		ok(u->notes & AA_URI_ALGO_NONDEFAULT, "SHA512 noted");
		is_int(u->params.digits, 7, "7 digits");
		is_int(u->params.period, 20, "period");
		is_int((long long)u->nnonstandard, 2, "two unknown parameters");
		aa_totp_uri_nonstandard(u, why, sizeof(why));
		ok(strstr(why, "'foo'") && strstr(why, "period=20"), "why: %s", why);
	}
	aa_totp_uri_free(&u);
	u = parse("otpauth://steam/Steam:x?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
	    AA_OK);
	if (u != NULL)
		is_int(u->digits_raw, 5, "steam has 5 characters");
	aa_totp_uri_free(&u);
}

static void
bad1(const char *s, int want)
{
	struct aa_totp_uri *u = parse(s, want);

	ok(u == NULL, "no URI on error");
	aa_totp_uri_free(&u);
}

static void
bad(void)
{
	char big[AA_TOTP_URI_MAX + 64];

	bad1("https://x/?secret=JBSWY3DPEHPK3PXP",
	    AA_ERR_PARSE);
	bad1("otpauth://totp/x?issuer=a", AA_ERR_PARSE);
	bad1("otpauth://totp/x?secret=JBSW1", AA_ERR_PARSE);
	bad1("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
	    "&digits=abc", AA_ERR_PARSE);
	bad1("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
	    "&period=0", AA_ERR_PARSE);
	bad1("otpauth://totp/x%2?secret=JBSWY3DPEHPK3PXP",
	    AA_ERR_PARSE);
	bad1("otpauth://totp/x%00y?secret=JBSWY3DPEHPK3PXP",
	    AA_ERR_PARSE);
	bad1("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
	    AA_ERR_PARSE);
	bad1("otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
	    AA_ERR_PARSE);
	bad1("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
	    "&counter=99999999999999999999999", AA_ERR_PARSE);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "otpauth://totp/", 15);
	bad1(big, AA_ERR_TOOBIG);
	{
		char many[2048] = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP";

		for (int i = 0; i < 40; i++)
			strcat(many, "&k=v");
		bad1(many, AA_ERR_TOOBIG);
	}
}

static void
report(void)
{
	struct aa_report *rep = NULL;
	struct aa_totp_uri *u = parse("otpauth://totp/Lab:a?secret=JBSWY3DPEHPK3PXP"
	    "&issuer=Lab", AA_OK);
	const struct aa_result *res;

	aa_report_new("totp-check", &rep);
	is_int(aa_totp_uri_report(rep, u, "test"), AA_OK, "uri report");
	res = aa_report_find(rep, AA_CK_TOTP_SEED_WEAK);
	ok(res != NULL && res->status == AA_FAIL, "80-bit seed fails TOTP-SEED-WEAK");
	{
		char *ev = res != NULL ? json_dumps(res->evidence, 0) : NULL;

		ok(ev != NULL && strstr(ev, "PEHPK") == NULL,
		    "evidence redacts the seed");
		free(ev);
	}
	res = aa_report_find(rep, AA_CK_TOTP_URI_NONSTANDARD);
	ok(res != NULL && res->status == AA_PASS, "standard URI passes");
	aa_report_free(&rep);
	aa_totp_uri_free(&u);
}

int
main(void)
{
	good();
	bad();
	report();
	return tap_done();
}
