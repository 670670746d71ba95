/*
 * The lab's well-known discovery documents (auth-audit factors, the
 * factors module). Paths are standard, so both shapes serve them; the
 * shapes differ in what they publish: shape a has OpenID Connect
 * metadata, passkey pages and related origins; shape b has OAuth (RFC
 * 8414) metadata only, an empty passkey-endpoints document, 303 for
 * change-password.
 *
 * Weak switches: DISCOVERY-ROPC lists the "password" grant in the
 * metadata; DISCOVERY-PASSKEYS removes every passkey signal (the check is
 * informational: its evidence, not its status, changes).
 * Behaviours that are not weaknesses of a check are chosen with the
 * environment variable AUTH_LAB_WELLKNOWN (comma list):
 *   soft404   every unknown /.well-known/ path answers 200 with one page
 *   offhost   the metadata redirects to another host
 *   samehost  the metadata redirects within the lab (to /meta/...)
 *   expired   security.txt has an Expires date in the past
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/lab/lab.h"

static int
opt(const char *name)
{
	const char *v = getenv("AUTH_LAB_WELLKNOWN");
	size_t n = strlen(name);

	while (v != NULL && *v != '\0') {
		if (strncmp(v, name, n) == 0 && (v[n] == ',' || v[n] == '\0'))
			return 1;
		v = strchr(v, ',');
		if (v != NULL)
			v++;
	}
	return 0;
}

static void
base(const struct lab *lab, char *out, size_t n)
{
	snprintf(out, n, "http://%s:%u", lab->host, lab->port);
}

static const char soft_page[] =
    "<!doctype html><title>Welcome</title><p>Welcome to the lab.</p>\n";

/* Not published: the catch-all page under soft404, else a real 404. */
static int
absent(struct lab *lab, struct lab_resp *rs)
{
	if (opt("soft404"))
		return lab_reply_text(rs, 200, "text/html", soft_page);
	return lab_reply_error(lab, rs, LAB_E_NOT_FOUND);
}

static int
catch_all(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	(void)rq;
	return absent(lab, rs);
}

static int
reply_json(struct lab_resp *rs, json_t *j)
{
	return lab_reply_json(rs, 200, j);
}

static int
passkey_endpoints(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	char b[128], enroll[192], manage[192];

	(void)rq;
	if (lab_weak(lab, "DISCOVERY-PASSKEYS"))
		return absent(lab, rs);
	if (lab->shape == 'b')
		return reply_json(rs, json_object());
	base(lab, b, sizeof(b));
	snprintf(enroll, sizeof(enroll), "%s/account/passkeys/new", b);
	snprintf(manage, sizeof(manage), "%s/account/passkeys", b);
	return reply_json(rs, json_pack("{s:s, s:s}", "enroll", enroll,
	    "manage", manage));
}

static int
webauthn(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	char b[128];

	(void)rq;
	if (lab_weak(lab, "DISCOVERY-PASSKEYS") || lab->shape == 'b')
		return absent(lab, rs);
	base(lab, b, sizeof(b));
	return reply_json(rs, json_pack("{s:[s, s]}", "origins", b,
	    "https://lab.example"));
}

static json_t *
metadata(struct lab *lab)
{
	char b[128], authz[192], token[192];
	json_t *grants;

	base(lab, b, sizeof(b));
	snprintf(authz, sizeof(authz), "%s/oauth/authorize", b);
	snprintf(token, sizeof(token), "%s/oauth/token", b);
	grants = json_pack("[s, s]", "authorization_code", "refresh_token");
	if (grants != NULL && lab_weak(lab, "DISCOVERY-ROPC"))
		json_array_append_new(grants, json_string("password"));
	return json_pack("{s:s, s:s, s:s, s:o, s:[s, s], s:[s]}",
	    "issuer", b, "authorization_endpoint", authz,
	    "token_endpoint", token, "grant_types_supported", grants,
	    "acr_values_supported", "phr", "urn:lab:acr:password",
	    "response_types_supported", "code");
}

/* Redirect for the offhost / samehost behaviours; 0 if none applies. */
static int
redirected(struct lab_req *rq, struct lab_resp *rs, int *handled)
{
	char loc[256];

	*handled = 0;
	if (opt("offhost"))
		snprintf(loc, sizeof(loc), "http://idp.example.invalid%s",
		    rq->path);
	else if (opt("samehost"))
		snprintf(loc, sizeof(loc), "/meta%s", rq->path +
		    strlen("/.well-known"));
	else
		return 0;
	*handled = 1;
	lab_resp_header(rs, "Location", loc);
	return lab_reply_text(rs, 302, "text/plain", "moved\n");
}

static int
openid(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	int handled, r;

	if (lab->shape == 'b')
		return absent(lab, rs);
	r = redirected(rq, rs, &handled);
	return handled ? r : reply_json(rs, metadata(lab));
}

static int
oauth_as(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	int handled, r;

	if (lab->shape == 'a')
		return absent(lab, rs);
	r = redirected(rq, rs, &handled);
	return handled ? r : reply_json(rs, metadata(lab));
}

/* Target of the samehost redirect. */
static int
meta(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	(void)rq;
	return reply_json(rs, metadata(lab));
}

static int
security_txt(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	char text[512], date[32];
	time_t t = lab_now() + (opt("expired") ? -86400L * 30 : 86400L * 180);
	struct tm tm;

	(void)rq;
	(void)lab;
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(text, sizeof(text), "Contact: mailto:security@lab.test\n"
	    "Expires: %s\nPreferred-Languages: en\n", date);
	return lab_reply_text(rs, 200, "text/plain; charset=utf-8", text);
}

static int
change_password(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	(void)rq;
	lab_resp_header(rs, "Location", lab->shape == 'a' ?
	    "/account/password" : "/settings/password");
	return lab_reply_text(rs, lab->shape == 'a' ? 302 : 303, "text/plain",
	    "see the password page\n");
}

static int
aasa(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	(void)rq;
	if (lab_weak(lab, "DISCOVERY-PASSKEYS"))
		return absent(lab, rs);
	return reply_json(rs, json_pack("{s:{s:[s]}}", "webcredentials",
	    "apps", "ABCDE12345.test.lab.app"));
}

static int
assetlinks(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	(void)rq;
	if (lab_weak(lab, "DISCOVERY-PASSKEYS"))
		return absent(lab, rs);
	return reply_json(rs, json_pack("[{s:[s], s:{s:s, s:s, s:[s]}}]",
	    "relation", "delegate_permission/common.get_login_creds",
	    "target", "namespace", "android_app", "package_name",
	    "test.lab.app", "sha256_cert_fingerprints",
	    "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:"
	    "1D:BE:A8:8A:04:96:B2:3F:CF:44:E5"));
}

static const struct lab_route routes[] = {
	{ "GET", "/.well-known/passkey-endpoints",
	    "/.well-known/passkey-endpoints", passkey_endpoints },
	{ "GET", "/.well-known/webauthn", "/.well-known/webauthn", webauthn },
	{ "GET", "/.well-known/openid-configuration",
	    "/.well-known/openid-configuration", openid },
	{ "GET", "/.well-known/oauth-authorization-server",
	    "/.well-known/oauth-authorization-server", oauth_as },
	{ "GET", "/meta/openid-configuration", NULL, meta },
	{ "GET", NULL, "/meta/oauth-authorization-server", meta },
	{ "GET", "/.well-known/security.txt", "/.well-known/security.txt",
	    security_txt },
	{ "GET", "/.well-known/change-password",
	    "/.well-known/change-password", change_password },
	{ "GET", "/.well-known/apple-app-site-association",
	    "/.well-known/apple-app-site-association", aasa },
	{ "GET", "/.well-known/assetlinks.json", "/.well-known/assetlinks.json",
	    assetlinks },
	/* Last: anything else under /.well-known/ (soft404 behaviour). */
	{ "GET", "/.well-known/{name}", "/.well-known/{name}", catch_all },
};

const struct lab_module lab_mod_wellknown = {
	.name = "wellknown",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};
