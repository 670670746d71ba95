/*
 * WebAuthn client ceremonies over libfido2: build clientDataJSON, hand
 * its hash to the key, and assemble the PublicKeyCredential JSON
 * (attestationObject, authenticatorData, signature; base64url).
 */
#include <string.h>

#include <cbor.h>
#include <openssl/evp.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/url.h"
#include "fido/softkey/skcbor.h"
#include "fido/webauthn.h"

char *
aa_fido_client_data(const char *type, const struct aa_fido_options *o,
    const char *origin, const struct aa_fido_forge *f)
{
	json_t *cd = json_object();
	char *s;

	if (cd == NULL)
		return NULL;
	json_object_set_new(cd, "type", json_string(f->type ? f->type : type));
	if (!f->drop_challenge)
		json_object_set_new(cd, "challenge", json_string(
		    f->challenge ? f->challenge : o->challenge_b64));
	json_object_set_new(cd, "origin", json_string(f->origin ? f->origin :
	    origin));
	json_object_set_new(cd, "crossOrigin", json_boolean(f->cross_origin));
	s = json_dumps(cd, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(cd);
	return s;
}

/* Host of an origin "scheme://host[:port]" into out ("" if none). */
static void
origin_host(const char *origin, char *out, size_t outlen)
{
	struct aa_url u;

	if (aa_url_parse(origin, AA_URL_GUESS, &u) != AA_OK ||
	    snprintf(out, outlen, "%s", u.host) < 0)
		out[0] = '\0';
}

static const char *
rp_of(const struct aa_fido_options *o, const char *origin,
    const struct aa_fido_forge *f, char *buf, size_t buflen)
{
	if (f->rp_id != NULL)
		return f->rp_id;
	if (o->rp_id[0] != '\0')
		return o->rp_id;
	origin_host(origin, buf, buflen);
	return buf;
}

static int
set_b64(json_t *obj, const char *key, const void *p, size_t len)
{
	char *s = aa_b64_encode(AA_B64_URL, p, len);

	if (s == NULL)
		return AA_ERR_NOMEM;
	json_object_set_new(obj, key, json_string(s));
	free(s);
	return AA_OK;
}

/* {"fmt", "attStmt", "authData"} in canonical order. */
static int
att_object(const fido_cred_t *c, unsigned char **out, size_t *outlen)
{
	cbor_item_t *m = NULL, *st = NULL;
	int r = AA_ERR_NOMEM;

	if (aa_fido_cbor_load(fido_cred_attstmt_ptr(c), fido_cred_attstmt_len(c),
	    &st) != AA_OK) {
		/* "none" may come back without any attStmt bytes */
		if ((st = cbor_new_definite_map(0)) == NULL)
			goto out;
	}
	if ((m = cbor_new_definite_map(3)) == NULL ||
	    aa_fido_cbor_put(m, aa_fido_cbor_text("fmt"),
	    aa_fido_cbor_text(fido_cred_fmt(c) ? fido_cred_fmt(c) : "none")))
		goto out;
	r = aa_fido_cbor_put(m, aa_fido_cbor_text("attStmt"), st);
	st = NULL;
	if (r != AA_OK || (r = aa_fido_cbor_put(m, aa_fido_cbor_text("authData"),
	    aa_fido_cbor_bytes(fido_cred_authdata_raw_ptr(c),
	    fido_cred_authdata_raw_len(c)))) != AA_OK)
		goto out;
	r = aa_fido_cbor_dump(m, out, outlen);
out:
	if (st) cbor_decref(&st);
	if (m) cbor_decref(&m);
	return r;
}

static int
pick_alg(const struct aa_fido_options *o, const struct aa_fido_forge *f)
{
	static const int have[] = { COSE_EDDSA, COSE_RS256, COSE_ES256 };

	if (f->alg != 0)
		return f->alg;
	if (f->alg_unoffered) {
		for (size_t k = 0; k < sizeof(have) / sizeof(have[0]); k++) {
			size_t i = 0;

			while (i < o->nalgs && o->algs[i] != have[k])
				i++;
			if (i == o->nalgs)
				return have[k];
		}
		return 0;
	}
	for (size_t i = 0; i < o->nalgs; i++)
		if (o->algs[i] == COSE_ES256 || o->algs[i] == COSE_EDDSA ||
		    o->algs[i] == COSE_RS256)
			return o->algs[i];
	return 0;
}

static json_t *
cred_json(const unsigned char *id, size_t idlen)
{
	json_t *j = json_object();

	if (j == NULL || set_b64(j, "id", id, idlen) != AA_OK ||
	    set_b64(j, "rawId", id, idlen) != AA_OK) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "type", json_string("public-key"));
	return j;
}

int
aa_fido_client_register(fido_dev_t *dev, const struct aa_fido_options *o,
    const char *origin, const struct aa_fido_forge *f, const char *pin,
    json_t **credential, struct aa_fido_reg *reg, int *ferr)
{
	static const struct aa_fido_forge none;
	fido_cred_t *c = NULL;
	char *cd = NULL, host[256];
	unsigned char *ao = NULL;
	size_t aolen = 0;
	json_t *j = NULL, *resp = NULL;
	const unsigned char *id;
	size_t idlen;
	int alg, fr = FIDO_OK, r = AA_ERR_NOMEM;

	*credential = NULL;
	if (f == NULL)
		f = &none;
	if ((alg = pick_alg(o, f)) == 0) {
		r = AA_ERR_UNSUPPORTED;
		goto out;
	}
	if ((cd = aa_fido_client_data("webauthn.create", o, origin, f)) == NULL ||
	    (c = fido_cred_new()) == NULL)
		goto out;
	r = AA_ERR_DEVICE;
	if ((fr = fido_cred_set_type(c, alg)) != FIDO_OK ||
	    (fr = fido_cred_set_clientdata(c, (const unsigned char *)cd,
	    strlen(cd))) != FIDO_OK ||
	    (fr = fido_cred_set_rp(c, rp_of(o, origin, f, host, sizeof(host)),
	    o->rp_name[0] ? o->rp_name : NULL)) != FIDO_OK ||
	    (fr = fido_cred_set_user(c, o->user_id, o->user_id_len,
	    o->user_name[0] ? o->user_name : NULL,
	    o->user_display[0] ? o->user_display : NULL, NULL)) != FIDO_OK)
		goto out;
	if (f->rk && (fr = fido_cred_set_rk(c, FIDO_OPT_TRUE)) != FIDO_OK)
		goto out;
	for (size_t i = 0; !f->no_exclude && i < o->nlist; i++)
		if ((fr = fido_cred_exclude(c, o->list[i].id, o->list[i].len)) !=
		    FIDO_OK)
			goto out;
	if ((fr = fido_dev_make_cred(dev, c, pin)) != FIDO_OK)
		goto out;
	id = fido_cred_id_ptr(c);
	idlen = fido_cred_id_len(c);
	if (idlen == 0 || idlen > AA_FIDO_MAX_CRED_ID) {
		r = AA_ERR_PARSE;
		goto out;
	}
	r = AA_ERR_NOMEM;
	if (att_object(c, &ao, &aolen) != AA_OK ||
	    (j = cred_json(id, idlen)) == NULL || (resp = json_object()) == NULL ||
	    set_b64(resp, "clientDataJSON", cd, strlen(cd)) != AA_OK ||
	    set_b64(resp, "attestationObject", ao, aolen) != AA_OK)
		goto out;
	json_object_set(j, "response", resp);
	json_object_set_new(j, "getClientExtensionResults", json_object());
	if (reg != NULL) {
		memset(reg, 0, sizeof(*reg));
		memcpy(reg->cred.id, id, idlen);
		reg->cred.len = idlen;
		reg->alg = alg;
		snprintf(reg->fmt, sizeof(reg->fmt), "%s",
		    fido_cred_fmt(c) ? fido_cred_fmt(c) : "");
		memcpy(reg->user_id, o->user_id, o->user_id_len);
		reg->user_id_len = o->user_id_len;
		if (fido_cred_authdata_raw_len(c) <= sizeof(reg->authdata)) {
			reg->authdata_len = fido_cred_authdata_raw_len(c);
			memcpy(reg->authdata, fido_cred_authdata_raw_ptr(c),
			    reg->authdata_len);
		}
	}
	*credential = j;
	j = NULL;
	r = AA_OK;
out:
	if (ferr != NULL)
		*ferr = fr;
	json_decref(resp);
	json_decref(j);
	free(ao);
	free(cd);
	fido_cred_free(&c);
	return r;
}

/* authData out of libfido2 1.12's CBOR byte string. */
static int
assert_authdata(const fido_assert_t *a, unsigned char *out, size_t max,
    size_t *len)
{
	cbor_item_t *it = NULL;
	int r = AA_ERR_PARSE;

	if (aa_fido_cbor_load(fido_assert_authdata_ptr(a, 0),
	    fido_assert_authdata_len(a, 0), &it) != AA_OK)
		return r;
	if (cbor_isa_bytestring(it) && cbor_bytestring_is_definite(it) &&
	    cbor_bytestring_length(it) <= max) {
		*len = cbor_bytestring_length(it);
		memcpy(out, cbor_bytestring_handle(it), *len);
		r = AA_OK;
	}
	cbor_decref(&it);
	return r;
}

int
aa_fido_client_login(fido_dev_t *dev, const struct aa_fido_options *o,
    const char *origin, const struct aa_fido_forge *f, const char *pin,
    json_t **credential, int *ferr)
{
	static const struct aa_fido_forge none;
	fido_assert_t *a = NULL;
	char *cd = NULL, host[256];
	unsigned char ad[2048], sig[1024], hash[32];
	size_t adlen = 0, siglen;
	json_t *j = NULL, *resp = NULL;
	const struct aa_fido_credid *claim;
	int fr = FIDO_OK, r = AA_ERR_NOMEM;

	*credential = NULL;
	if (f == NULL)
		f = &none;
	if ((cd = aa_fido_client_data("webauthn.get", o, origin, f)) == NULL ||
	    (a = fido_assert_new()) == NULL)
		goto out;
	r = AA_ERR_DEVICE;
	if (f->sig_other_hash) {
		/* the key signs a hash that is not the one of clientDataJSON */
		memset(hash, 0x5a, sizeof(hash));
		fr = fido_assert_set_clientdata_hash(a, hash, sizeof(hash));
	} else
		fr = fido_assert_set_clientdata(a, (const unsigned char *)cd,
		    strlen(cd));
	if (fr != FIDO_OK || (fr = fido_assert_set_rp(a, rp_of(o, origin, f,
	    host, sizeof(host)))) != FIDO_OK)
		goto out;
	if (f->allow != NULL)
		fr = fido_assert_allow_cred(a, f->allow->id, f->allow->len);
	for (size_t i = 0; f->allow == NULL && fr == FIDO_OK && i < o->nlist; i++)
		fr = fido_assert_allow_cred(a, o->list[i].id, o->list[i].len);
	if (fr != FIDO_OK)
		goto out;
	if (f->up_false && (fr = fido_assert_set_up(a, FIDO_OPT_FALSE)) != FIDO_OK)
		goto out;
	if ((fr = fido_dev_get_assert(dev, a, pin)) != FIDO_OK)
		goto out;
	r = AA_ERR_PARSE;
	if (fido_assert_count(a) < 1 ||
	    assert_authdata(a, ad, sizeof(ad), &adlen) != AA_OK ||
	    (siglen = fido_assert_sig_len(a, 0)) == 0 || siglen > sizeof(sig) ||
	    fido_assert_id_len(a, 0) == 0 ||
	    fido_assert_id_len(a, 0) > AA_FIDO_MAX_CRED_ID)
		goto out;
	memcpy(sig, fido_assert_sig_ptr(a, 0), siglen);
	if (f->flip_sig)
		sig[siglen / 2] ^= 0x01;
	claim = f->claim_id;
	r = AA_ERR_NOMEM;
	j = claim ? cred_json(claim->id, claim->len) :
	    cred_json(fido_assert_id_ptr(a, 0), fido_assert_id_len(a, 0));
	if (j == NULL || (resp = json_object()) == NULL ||
	    set_b64(resp, "clientDataJSON", cd, strlen(cd)) != AA_OK ||
	    set_b64(resp, "authenticatorData", ad, adlen) != AA_OK ||
	    set_b64(resp, "signature", sig, siglen) != AA_OK)
		goto out;
	if (f->user_handle != NULL) {
		if (set_b64(resp, "userHandle", f->user_handle,
		    f->user_handle_len) != AA_OK)
			goto out;
	} else if (fido_assert_user_id_len(a, 0) > 0 &&
	    set_b64(resp, "userHandle", fido_assert_user_id_ptr(a, 0),
	    fido_assert_user_id_len(a, 0)) != AA_OK)
		goto out;
	json_object_set(j, "response", resp);
	json_object_set_new(j, "getClientExtensionResults", json_object());
	*credential = j;
	j = NULL;
	r = AA_OK;
out:
	if (ferr != NULL)
		*ferr = fr;
	json_decref(resp);
	json_decref(j);
	free(cd);
	fido_assert_free(&a);
	return r;
}

int
aa_fido_client_register_raw(const struct aa_fido_options *o,
    const char *origin, const unsigned char *authdata, size_t adlen,
    const struct aa_fido_credid *id, json_t **credential)
{
	static const struct aa_fido_forge none;
	cbor_item_t *m = NULL;
	unsigned char *ao = NULL;
	size_t aolen = 0;
	char *cd = NULL;
	json_t *j = NULL, *resp = NULL;
	int r = AA_ERR_NOMEM;

	*credential = NULL;
	if ((cd = aa_fido_client_data("webauthn.create", o, origin, &none)) ==
	    NULL || (m = cbor_new_definite_map(3)) == NULL)
		goto out;
	if (aa_fido_cbor_put(m, aa_fido_cbor_text("fmt"), aa_fido_cbor_text("none")) ||
	    aa_fido_cbor_put(m, aa_fido_cbor_text("attStmt"), cbor_new_definite_map(0)) ||
	    aa_fido_cbor_put(m, aa_fido_cbor_text("authData"),
	    aa_fido_cbor_bytes(authdata, adlen)) ||
	    aa_fido_cbor_dump(m, &ao, &aolen) != AA_OK)
		goto out;
	if ((j = cred_json(id->id, id->len)) == NULL ||
	    (resp = json_object()) == NULL ||
	    set_b64(resp, "clientDataJSON", cd, strlen(cd)) != AA_OK ||
	    set_b64(resp, "attestationObject", ao, aolen) != AA_OK)
		goto out;
	json_object_set(j, "response", resp);
	json_object_set_new(j, "getClientExtensionResults", json_object());
	*credential = j;
	j = NULL;
	r = AA_OK;
out:
	if (m != NULL)
		cbor_decref(&m);
	json_decref(resp);
	json_decref(j);
	free(ao);
	free(cd);
	return r;
}
