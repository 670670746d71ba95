/* Directory parser: API v4 and v3 shapes, passkeys, lookup rules, limits. */
#include <stdio.h>
#include <string.h>

#include "auth-audit/factors/factors.h"
#include "tests/unit/tap.h"

static const char v4[] =
    "{\"example.com\": {\"methods\": [\"sms\", \"call\", \"email\", \"totp\","
    "   \"u2f\", \"custom-software\", \"custom-hardware\"],"
    "   \"custom-software\": [\"Duo\"], \"custom-hardware\": [\"Yubico OTP\"],"
    "   \"documentation\": \"https://example.com/2fa\"},"
    " \"example.org\": {\"methods\": [\"sms\", \"carrier-pigeon\", \"totp\"]},"
    " \"nofa.example\": {},"
    " \"eu.shop.example\": {\"methods\": [\"totp\"]},"
    " \"shop.example\": {\"methods\": [\"email\"]}}";

static const char v3[] =
    "[[\"Example\", {\"domain\": \"example.net\", \"tfa\": [\"totp\", \"u2f\"],"
    "  \"additional-domains\": [\"example-cdn.net\", \"EXAMPLE.co.uk\"],"
    "  \"keywords\": [\"developer\"]}],"
    " [\"NoTfa\", {\"domain\": \"plain.example\", \"contact\": {\"email\":"
    "  \"a@plain.example\"}}]]";

static const char pk[] =
    "{\"example.com\": {\"mfa\": \"allowed\", \"passwordless\": \"required\"},"
    " \"only-mfa.example\": {\"mfa\": \"allowed\"},"
    " \"brand.example\": {\"passwordless\": \"allowed\","
    "   \"additional-domains\": [\"brand.example.de\"]}}";

static int
parse(const char *text, enum aa_factors_dir_kind k, struct aa_factors_dir **d,
    struct aa_diag *diag)
{
	return aa_factors_dir_parse(text, strlen(text), k, "fixture", d, diag);
}

static void
api_v4(void)
{
	struct aa_factors_dir *d = NULL;
	struct aa_factors_dirent e;
	struct aa_diag diag = { "" };

	is_int(parse(v4, AA_FACTORS_DIR_TFA, &d, &diag), AA_OK, "v4 parses");
	is_int((int)aa_factors_dir_count(d), 5, "v4: five keys");
	is_int(aa_factors_dir_lookup(d, "example.com", &e), AA_OK, "exact key");
	is_int((int)e.methods, (int)(AA_DIR_SMS | AA_DIR_CALL | AA_DIR_EMAIL |
	    AA_DIR_TOTP | AA_DIR_U2F | AA_DIR_CUSTOM_SW | AA_DIR_CUSTOM_HW),
	    "all seven methods");
	is_str(e.custom_software, "Duo", "custom-software names");
	is_str(e.custom_hardware, "Yubico OTP", "custom-hardware names");
	ok(e.has_2fa && !e.via_parent, "has 2FA, exact match");
	is_int(aa_factors_dir_lookup(d, "WWW.Example.COM.", &e), AA_OK,
	    "www., case and trailing dot are normalized");
	is_int(aa_factors_dir_lookup(d, "login.eu.example.com", &e), AA_OK,
	    "subdomain resolves to its parent");
	ok(e.via_parent && strcmp(e.key, "example.com") == 0, "  ... via parent");
	is_int(aa_factors_dir_lookup(d, "a.eu.shop.example", &e), AA_OK,
	    "nearest parent wins");
	is_str(e.key, "eu.shop.example", "  ... eu.shop.example, not shop.example");
	is_int(aa_factors_dir_lookup(d, "example.org", &e), AA_OK, "example.org");
	is_int((int)e.methods, (int)(AA_DIR_SMS | AA_DIR_TOTP),
	    "unknown method does not count as a factor");
	is_str(e.unknown, "carrier-pigeon", "  ... but is reported");
	is_int(aa_factors_dir_lookup(d, "nofa.example", &e), AA_OK, "{} entry");
	ok(!e.has_2fa && e.methods == 0, "  ... means no 2FA");
	is_int(aa_factors_dir_lookup(d, "example.net", &e), AA_ERR_NOTFOUND,
	    "unlisted domain: not found");
	is_int(aa_factors_dir_lookup(d, "com", &e), AA_ERR_NOTFOUND,
	    "a bare TLD never matches");
	aa_factors_dir_free(&d);
	ok(d == NULL, "free clears the pointer");
	aa_factors_dir_free(&d);
}

/* v3 with additional domains */
static void
api_v3(void)
{
	struct aa_factors_dir *d = NULL;
	struct aa_factors_dirent e;
	struct aa_diag diag = { "" };

	is_int(parse(v3, AA_FACTORS_DIR_TFA, &d, &diag), AA_OK, "v3 parses");
	is_int(aa_factors_dir_lookup(d, "example-cdn.net", &e), AA_OK,
	    "additional domain is indexed");
	is_str(e.key, "example-cdn.net", "  ... under its own name");
	ok((e.methods & AA_DIR_U2F) && (e.methods & AA_DIR_TOTP), "  ... with tfa");
	is_int(aa_factors_dir_lookup(d, "shop.example.co.uk", &e), AA_OK,
	    "subdomain of an additional domain");
	is_int(aa_factors_dir_lookup(d, "plain.example", &e), AA_OK,
	    "contact-only entry is listed");
	ok(!e.has_2fa, "  ... without 2FA");
	aa_factors_dir_free(&d);
}

static void
passkeys(void)
{
	struct aa_factors_dir *d = NULL;
	struct aa_factors_dirent e;
	struct aa_diag diag = { "" };

	is_int(parse(pk, AA_FACTORS_DIR_PASSKEYS, &d, &diag), AA_OK,
	    "passkeys parses");
	is_int(aa_factors_dir_lookup(d, "example.com", &e), AA_OK, "pk lookup");
	ok(e.pk_mfa == AA_PK_ALLOWED && e.pk_passwordless == AA_PK_REQUIRED,
	    "mfa allowed, passwordless required");
	is_int(aa_factors_dir_lookup(d, "login.brand.example.de", &e), AA_OK,
	    "pk additional domain + subdomain");
	ok(e.pk_passwordless == AA_PK_ALLOWED && e.pk_mfa == AA_PK_NONE,
	    "  ... passwordless only");
	aa_factors_dir_free(&d);
	is_int(parse(v3, AA_FACTORS_DIR_PASSKEYS, &d, &diag), AA_ERR_PARSE,
	    "passkeys must be an object");
}

/* corrupt and wrong-typed input */
static void
malformed(void)
{
	struct aa_factors_dir *d = NULL;
	struct aa_diag diag = { "" };
	char big[512];

	diag.msg[0] = '\0';
	is_int(parse("{\"a.com\": {\"methods\": [\"sms\"]", AA_FACTORS_DIR_TFA,
	    &d, &diag), AA_ERR_PARSE, "truncated file is refused");
	ok(strstr(diag.msg, "fixture") != NULL, "  ... diag names the file");
	ok(d == NULL, "  ... and no directory is returned");
	is_int(parse("{\"a.com\": {\"methods\": \"sms\"}}", AA_FACTORS_DIR_TFA,
	    &d, &diag), AA_ERR_PARSE, "methods not an array");
	ok(strstr(diag.msg, "/a.com/methods") != NULL, "  ... diag has the path");
	is_int(parse("{\"a.com\": {\"methods\": [1]}}", AA_FACTORS_DIR_TFA,
	    &d, &diag), AA_ERR_PARSE, "method not a string");
	is_int(parse("{\"a.com\": []}", AA_FACTORS_DIR_TFA, &d, &diag),
	    AA_ERR_PARSE, "entry not an object");
	is_int(parse("{\"a.com\": {}, \"a.com\": {}}", AA_FACTORS_DIR_TFA,
	    &d, &diag), AA_ERR_PARSE, "duplicate keys refused");
	is_int(parse("42", AA_FACTORS_DIR_TFA, &d, &diag), AA_ERR_PARSE,
	    "scalar document refused");
	is_int(parse("[[\"x\", {\"tfa\": [\"sms\"]}]]", AA_FACTORS_DIR_TFA, &d,
	    &diag), AA_ERR_PARSE, "v3 entry without domain refused");
	is_int(aa_factors_dir_parse("{}", AA_FACTORS_DIR_MAX_BYTES + 1u,
	    AA_FACTORS_DIR_TFA, "big", &d, &diag), AA_ERR_TOOBIG,
	    "size limit checked before parsing");
	memset(big, 0, sizeof(big));
	strcpy(big, "{\"a.com\": {\"methods\": [");
	for (int i = 0; i < AA_FACTORS_DIR_MAX_LIST + 1; i++)
		strcat(big, i ? ",\"sms\"" : "\"sms\"");
	strcat(big, "]}}");
	is_int(parse(big, AA_FACTORS_DIR_TFA, &d, &diag), AA_ERR_TOOBIG,
	    "list length limit");
	is_int(aa_factors_dir_load("/nonexistent/all.json", AA_FACTORS_DIR_TFA,
	    &d, &diag), AA_ERR_IO, "missing file: AA_ERR_IO");
	ok(strstr(diag.msg, "/nonexistent/all.json") != NULL,
	    "  ... naming the file");
}

static void
names(void)
{
	char norm[300];

	is_int(aa_factors_domain_norm("Www.Foo.Example.", norm, sizeof(norm)),
	    AA_OK, "norm ok");
	is_str(norm, "foo.example", "norm result");
	is_int(aa_factors_domain_norm("a..b", norm, sizeof(norm)), AA_ERR_ARG,
	    "empty label refused");
	is_int(aa_factors_domain_norm("a b.com", norm, sizeof(norm)),
	    AA_ERR_ARG, "space refused");
	ok(aa_factors_host_is_local("127.0.0.1"), "127.0.0.1 is local");
	ok(aa_factors_host_is_local("[::1]"), "[::1] is local");
	ok(aa_factors_host_is_local("localhost"), "localhost is local");
	ok(aa_factors_host_is_local("app.localhost"), "*.localhost is local");
	ok(aa_factors_host_is_local("192.0.2.7"), "an IP literal has no domain");
	ok(!aa_factors_host_is_local("example.com"), "example.com is public");
}

int
main(void)
{
	api_v4();
	api_v3();
	passkeys();
	malformed();
	names();
	return tap_done();
}
