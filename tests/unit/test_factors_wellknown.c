/* Parsers of the well-known documents. */
#include <string.h>
#include <time.h>

#include "auth-audit/factors/factors.h"
#include "tests/unit/tap.h"

#define S(x) x, strlen(x)

static void
passkey_endpoints(void)
{
	struct aa_factors_wk w;

	memset(&w, 0, sizeof(w));
	is_int(aa_factors_wk_passkey_endpoints(S("{}"), &w), AA_OK,
	    "passkey-endpoints {} is valid");
	ok(w.pk_endpoints && w.pk_enroll[0] == '\0', "  ... without pages");
	is_int(aa_factors_wk_passkey_endpoints(S("{\"enroll\":\"https://a/e\","
	    "\"manage\":\"https://a/m\"}"), &w), AA_OK, "with pages");
	is_str(w.pk_manage, "https://a/m", "  ... manage URL");
	is_int(aa_factors_wk_passkey_endpoints(S("{\"enroll\":5}"), &w),
	    AA_ERR_PARSE, "non-string enroll refused");
	ok(!w.pk_endpoints, "  ... and not counted");
	is_int(aa_factors_wk_passkey_endpoints(S("<html>"), &w), AA_ERR_PARSE,
	    "HTML refused");
	is_int(aa_factors_wk_passkey_endpoints(S("[]"), &w), AA_ERR_PARSE,
	    "array refused");
}

static void
related_origins(void)
{
	struct aa_factors_wk w;

	memset(&w, 0, sizeof(w));
	is_int(aa_factors_wk_webauthn(S("{\"origins\":[\"https://a.example\","
	    "\"https://login.a.example\",\"https://a.co.uk\",\"https://b.example:8443\"]}"),
	    &w), AA_OK, "related origins");
	is_int(w.related_origins, 4, "  ... four origins");
	is_int(w.related_labels, 3, "  ... three labels (a, co, b)");
	is_int(aa_factors_wk_webauthn(S("{\"origins\":[]}"), &w), AA_ERR_PARSE,
	    "empty origins refused");
	is_int(aa_factors_wk_webauthn(S("{\"origins\":[1]}"), &w), AA_ERR_PARSE,
	    "non-string origin refused");
}

static void
oidc_metadata(void)
{
	struct aa_factors_wk w;

	memset(&w, 0, sizeof(w));
	is_int(aa_factors_wk_oidc(S("{\"issuer\":\"https://i\","
	    "\"grant_types_supported\":[\"password\"]}"), &w), AA_OK, "oidc");
	ok(w.oidc && w.ropc && !w.phr, "  ... password grant");
	is_int(aa_factors_wk_oidc(S("{\"issuer\":\"https://i\","
	    "\"acr_values_supported\":[\"phr\",\"phrh\"]}"), &w), AA_OK, "acr");
	ok(!w.ropc && w.phr && w.phrh, "  ... phr and phrh, no ROPC");
	is_int(aa_factors_wk_oidc(S("{\"token_endpoint\":\"https://t\"}"), &w),
	    AA_OK, "RFC 8414 metadata with only a token endpoint");
	is_int(aa_factors_wk_oidc(S("{\"hello\":1}"), &w), AA_ERR_PARSE,
	    "object without issuer or token endpoint is not metadata");
	ok(!w.oidc, "  ... and not counted");
	is_int(aa_factors_wk_oidc(S("{\"issuer\":\"i\","
	    "\"grant_types_supported\":\"password\"}"), &w), AA_ERR_PARSE,
	    "grant_types_supported must be an array");
}

static void
security_txt(void)
{
	struct aa_factors_wk w;
	time_t now = 1800000000; /* 2027-01-15 */

	memset(&w, 0, sizeof(w));
	is_int(aa_factors_wk_security_txt(S("Contact: mailto:a@b\r\n"
	    "Expires: 2027-06-01T00:00:00Z\r\n"), now, &w), AA_OK, "security.txt");
	ok(w.sectxt && !w.sectxt_expired && w.sectxt_contacts == 1, "  ... valid");
	is_int(aa_factors_wk_security_txt(S("Contact: https://b/c\n"
	    "contact: mailto:x@y\nExpires: 2026-06-01T00:00:00+02:00\n"), now, &w),
	    AA_OK, "expired security.txt parses");
	ok(w.sectxt_expired && w.sectxt_contacts == 2, "  ... and is expired");
	is_int(aa_factors_wk_security_txt(S("Expires: 2027-06-01T00:00:00Z\n"),
	    now, &w), AA_ERR_PARSE, "no Contact refused");
	is_int(aa_factors_wk_security_txt(S("Contact: a\nExpires: 2027-06-01T00"
	    ":00:00Z\nExpires: 2027-07-01T00:00:00Z\n"), now, &w), AA_ERR_PARSE,
	    "two Expires refused");
	is_int(aa_factors_wk_security_txt(S("Contact: a\nExpires: soon\n"), now,
	    &w), AA_ERR_PARSE, "bad date refused");
	is_int(aa_factors_wk_security_txt(S("<html><body>hi</body></html>"), now,
	    &w), AA_ERR_PARSE, "HTML refused");
}

static void
app_associations(void)
{
	struct aa_factors_wk w;

	memset(&w, 0, sizeof(w));
	is_int(aa_factors_wk_aasa(S("{\"webcredentials\":{\"apps\":[\"T.a\","
	    "\"T.b\"]}}"), &w), AA_OK, "AASA");
	is_int(w.aasa_webcredentials, 2, "  ... two apps");
	is_int(aa_factors_wk_aasa(S("{\"applinks\":{}}"), &w), AA_OK,
	    "AASA without webcredentials");
	is_int(w.aasa_webcredentials, 0, "  ... none");
	is_int(aa_factors_wk_assetlinks(S("[{\"relation\":[\"delegate_permission/"
	    "common.handle_all_urls\",\"delegate_permission/common.get_login_creds\"],"
	    "\"target\":{}},{\"relation\":[\"x\"]}]"), &w), AA_OK, "assetlinks");
	is_int(w.assetlinks_login, 1, "  ... one login-credentials statement");
	is_int(aa_factors_wk_assetlinks(S("{}"), &w), AA_ERR_PARSE,
	    "assetlinks must be an array");
}

int
main(void)
{
	passkey_endpoints();
	related_origins();
	oidc_metadata();
	security_txt();
	app_associations();
	return tap_done();
}
