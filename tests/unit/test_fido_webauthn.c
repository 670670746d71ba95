/*
 * The WebAuthn client: base64url, the options parser on good and
 * malformed input, clientDataJSON with and without forgeries, and a full
 * register + login through libfido2 and the software key whose output
 * libfido2 itself verifies.
 */
#include <stdlib.h>
#include <string.h>

#include <fido.h>
#include <jansson.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "fido/softkey/softkey.h"
#include "fido/webauthn.h"
#include "tests/unit/tap.h"

static const char create_ok[] =
    "{\"status\":\"ok\",\"rp\":{\"id\":\"example.com\",\"name\":\"Ex\"},"
    "\"user\":{\"id\":\"AQIDBA\",\"name\":\"alice\",\"displayName\":\"Alice\"},"
    "\"challenge\":\"AAECAwQFBgcICQoLDA0ODw\","
    "\"pubKeyCredParams\":[{\"type\":\"public-key\",\"alg\":-7},"
    "{\"type\":\"public-key\",\"alg\":-257}],"
    "\"excludeCredentials\":[{\"type\":\"public-key\",\"id\":\"AAEC\"}],"
    "\"authenticatorSelection\":{\"userVerification\":\"required\"},"
    "\"attestation\":\"direct\",\"timeout\":60000}";

/* WebAuthn's base64url through the one codec (auth-audit/core/b64.h). */
static int
url_decode(const char *s, unsigned char *out, size_t max, size_t *n)
{
	return aa_b64_decode(AA_B64_URL, s, s != NULL ? strlen(s) : 0, out, max,
	    n);
}

static void
test_b64(void)
{
	unsigned char buf[16];
	size_t n = 0;
	char *s = aa_b64_encode(AA_B64_URL, "\xfb\xff", 2);

	is_str(s, "-_8", "base64url alphabet, no padding");
	free(s);
	is_int(url_decode("-_8", buf, sizeof(buf), &n), AA_OK, "decode");
	ok(n == 2 && buf[0] == 0xfb && buf[1] == 0xff, "round trip");
	is_int(url_decode("-_8=", buf, sizeof(buf), &n), AA_OK,
	    "padding tolerated");
	is_int(url_decode("+/8", buf, sizeof(buf), &n), AA_ERR_PARSE,
	    "standard alphabet refused");
	is_int(url_decode("A", buf, sizeof(buf), &n), AA_ERR_PARSE,
	    "impossible length refused");
	is_int(url_decode("AAAAAAAAAAAAAAAAAAAAAAAA", buf, 4, &n),
	    AA_ERR_TOOBIG, "bounded output");
}

static void
test_options(void)
{
	struct aa_fido_options *o = malloc(sizeof(*o));
	char why[200], big[1024];
	json_t *j;

	is_int(aa_fido_options_parse_text(create_ok, strlen(create_ok), 1, o,
	    why, sizeof(why)), AA_OK, "creation options parse");
	is_str(o->rp_id, "example.com", "rp id");
	is_int((long long)o->user_id_len, 4, "user id bytes");
	is_int((long long)o->challenge_len, 16, "challenge bytes");
	is_int((long long)o->nalgs, 2, "two algorithms");
	is_int((long long)o->nlist, 1, "exclude list");
	is_str(o->user_verification, "required", "userVerification");
	is_str(o->attestation, "direct", "attestation");

	j = json_pack("{s:{s:s,s:s}}", "publicKey", "challenge",
	    "AAECAwQFBgcICQoLDA0ODw", "rpId", "example.com");
	is_int(aa_fido_options_parse(j, 0, o, why, sizeof(why)), AA_OK,
	    "request options wrapped in publicKey");
	json_decref(j);

	is_int(aa_fido_options_parse_text("{}", 2, 0, o, why, sizeof(why)),
	    AA_ERR_PARSE, "no challenge");
	ok(strstr(why, "challenge") != NULL, "  ... says so: %s", why);
	is_int(aa_fido_options_parse_text("[1]", 3, 0, o, why, sizeof(why)),
	    AA_ERR_PARSE, "not an object");
	is_int(aa_fido_options_parse_text("{\"challenge\":\"a+b/\"}", 19, 0, o,
	    why, sizeof(why)), AA_ERR_PARSE, "challenge not base64url");
	is_int(aa_fido_options_parse_text("{\"challenge\":7}", 15, 0, o,
	    why, sizeof(why)), AA_ERR_PARSE, "challenge not a string");
	snprintf(big, sizeof(big), "{\"challenge\":\"AAAA\",\"rp\":{},\"user\":"
	    "{\"id\":\"%s\"},\"pubKeyCredParams\":[{\"alg\":-7}]}",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	is_int(aa_fido_options_parse_text(big, strlen(big), 1, o, why,
	    sizeof(why)), AA_ERR_PARSE, "user.id over 64 bytes");
	is_int(aa_fido_options_parse_text("{\"challenge\":\"AAAA\",\"rp\":{},"
	    "\"user\":{\"id\":\"AAAA\"},\"pubKeyCredParams\":{}}", 71, 1, o,
	    why, sizeof(why)), AA_ERR_PARSE, "pubKeyCredParams not an array");
	is_int(aa_fido_options_parse_text(big, AA_FIDO_MAX_OPTIONS_JSON + 1, 1,
	    o, why, sizeof(why)), AA_ERR_TOOBIG, "size limit");
	free(o);
}

static void
test_client_data(void)
{
	struct aa_fido_options o;
	struct aa_fido_forge f;
	char *s;

	memset(&o, 0, sizeof(o));
	strcpy(o.challenge_b64, "Q0hBTA");
	memset(&f, 0, sizeof(f));
	s = aa_fido_client_data("webauthn.get", &o, "https://example.com", &f);
	is_str(s, "{\"type\":\"webauthn.get\",\"challenge\":\"Q0hBTA\","
	    "\"origin\":\"https://example.com\",\"crossOrigin\":false}",
	    "clientDataJSON");
	free(s);
	f.type = "webauthn.create";
	f.origin = "https://evil.example";
	f.cross_origin = 1;
	f.drop_challenge = 1;
	s = aa_fido_client_data("webauthn.get", &o, "https://example.com", &f);
	is_str(s, "{\"type\":\"webauthn.create\",\"origin\":\"https://evil.example\","
	    "\"crossOrigin\":true}", "forged clientDataJSON");
	free(s);
}

static int
b64_member(const json_t *obj, const char *key, unsigned char *out, size_t max,
    size_t *n)
{
	return url_decode(json_string_value(json_object_get(obj, key)), out,
	    max, n);
}

static void
test_ceremonies(void)
{
	struct aa_fido_softkey *k = NULL;
	struct aa_fido_options *o = malloc(sizeof(*o));
	struct aa_fido_reg reg;
	fido_dev_t *dev = NULL;
	json_t *cred = NULL, *r;
	fido_cred_t *fc = fido_cred_new();
	fido_assert_t *fa = fido_assert_new();
	unsigned char cdj[1024], ad[512], sig[256];
	size_t cdl = 0, adl = 0, sgl = 0;
	char why[200];
	int fe;

	aa_fido_softkey_new(NULL, &k);
	aa_fido_softkey_open(k, &dev);
	aa_fido_options_parse_text(create_ok, strlen(create_ok), 1, o, why,
	    sizeof(why));
	is_int(aa_fido_client_register(dev, o, "https://example.com", NULL, NULL,
	    &cred, &reg, &fe), AA_OK, "register through libfido2");
	is_str(reg.fmt, "none", "fmt none");
	ok(json_equal(json_object_get(cred, "id"), json_object_get(cred, "rawId")),
	    "id == rawId");
	ok(json_is_string(json_object_get(json_object_get(cred, "response"),
	    "attestationObject")), "attestationObject present");
	json_decref(cred);

	/* the key's public key, from the registration authenticator data */
	fido_cred_set_type(fc, COSE_ES256);
	ok(fido_cred_set_authdata_raw(fc, reg.authdata, reg.authdata_len) ==
	    FIDO_OK, "authenticator data parses in libfido2");

	memset(o, 0, sizeof(*o));
	strcpy(o->rp_id, "example.com");
	strcpy(o->challenge_b64, "AAECAwQFBgcICQoLDA0ODw");
	o->list[0] = reg.cred;
	o->nlist = 1;
	is_int(aa_fido_client_login(dev, o, "https://example.com", NULL, NULL,
	    &cred, &fe), AA_OK, "log in through libfido2");
	r = json_object_get(cred, "response");
	ok(b64_member(r, "clientDataJSON", cdj, sizeof(cdj), &cdl) == AA_OK &&
	    b64_member(r, "authenticatorData", ad, sizeof(ad), &adl) == AA_OK &&
	    b64_member(r, "signature", sig, sizeof(sig), &sgl) == AA_OK,
	    "assertion members are base64url");
	ok(json_object_get(r, "userHandle") != NULL, "userHandle sent");
	fido_assert_set_count(fa, 1);
	fido_assert_set_rp(fa, "example.com");
	fido_assert_set_clientdata(fa, cdj, cdl);
	fido_assert_set_authdata_raw(fa, 0, ad, adl);
	fido_assert_set_sig(fa, 0, sig, sgl);
	is_int(fido_assert_verify(fa, 0, COSE_ES256, fido_cred_pubkey_ptr(fc)),
	    FIDO_OK, "libfido2 verifies the assembled assertion");
	json_decref(cred);

	{
		struct aa_fido_forge f;

		memset(&f, 0, sizeof(f));
		f.flip_sig = 1;
		aa_fido_client_login(dev, o, "https://example.com", &f, NULL,
		    &cred, &fe);
		r = json_object_get(cred, "response");
		b64_member(r, "signature", sig, sizeof(sig), &sgl);
		b64_member(r, "authenticatorData", ad, sizeof(ad), &adl);
		b64_member(r, "clientDataJSON", cdj, sizeof(cdj), &cdl);
		fido_assert_set_clientdata(fa, cdj, cdl);
		fido_assert_set_authdata_raw(fa, 0, ad, adl);
		fido_assert_set_sig(fa, 0, sig, sgl);
		ok(fido_assert_verify(fa, 0, COSE_ES256,
		    fido_cred_pubkey_ptr(fc)) != FIDO_OK,
		    "flipped signature does not verify");
		json_decref(cred);
	}
	{
		struct aa_fido_softkey_ctl ctl;

		aa_fido_softkey_get_ctl(k, &ctl);
		ctl.unplugged = 1;
		aa_fido_softkey_set_ctl(k, &ctl);
		is_int(aa_fido_client_login(dev, o, "https://example.com", NULL,
		    NULL, &cred, &fe), AA_ERR_DEVICE,
		    "key pulled out: a device error, no hang");
		ok(fe != FIDO_OK && cred == NULL, "  ... with libfido2's code (%s)",
		    fido_strerr(fe));
		ctl.unplugged = 0;
		aa_fido_softkey_set_ctl(k, &ctl);
	}
	o->nalgs = 0;
	o->is_create = 1;
	o->user_id_len = 1;
	is_int(aa_fido_client_register(dev, o, "https://example.com", NULL,
	    NULL, &cred, &reg, &fe), AA_ERR_UNSUPPORTED,
	    "no usable algorithm offered");
	fido_assert_free(&fa);
	fido_cred_free(&fc);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	free(o);
}

int
main(void)
{
	fido_init(FIDO_DISABLE_U2F_FALLBACK);
	test_b64();
	test_options();
	test_client_data();
	test_ceremonies();
	return tap_done();
}
