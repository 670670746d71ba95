/*
 * authenticatorMakeCredential of the software key: a new key pair, the
 * attested credential data, and the attestation statement in the format
 * the controls ask for (none, packed self, packed with the test CA's
 * x5c, fido-u2f). Request fields are type- and size-checked.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/skcbor.h"
#include "fido/softkey/softkey_int.h"

static int
pick_alg(const struct aa_fido_softkey *k, const cbor_item_t *params)
{
	cbor_item_t **it;
	int64_t a;
	char type[32];

	if (k->ctl.alg != 0)
		return k->ctl.alg; /* forced: FIDO-ALG forgery */
	if (params == NULL || !cbor_isa_array(params))
		return 0;
	it = cbor_array_handle(params);
	for (size_t i = 0; i < cbor_array_size(params) && i < 64; i++) {
		if (aa_fido_cbor_to_str(aa_fido_cbor_get_s(it[i], "type"), type,
		    sizeof(type)) != AA_OK || strcmp(type, "public-key") != 0)
			continue;
		if (aa_fido_cbor_to_i(aa_fido_cbor_get_s(it[i], "alg"), &a) != AA_OK)
			continue;
		if (a == AA_FIDO_ALG_ES256 || a == AA_FIDO_ALG_EDDSA ||
		    a == AA_FIDO_ALG_RS256)
			return (int)a;
	}
	return 0;
}

/* The attestation statement's parts, for the configured format. */
struct att {
	enum aa_fido_att att;
	int alg;                /* of the signature */
	unsigned char sig[AA_FIDO_SK_SIG_MAX];
	size_t siglen;
	unsigned char *x5c;     /* OPENSSL_malloc'd DER, or NULL */
	size_t x5clen;
};

static int
att_sign(struct aa_fido_softkey *k, const struct aa_fido_skcred *c,
    const unsigned char *ad, size_t adlen, const unsigned char *cdh,
    struct att *a)
{
	unsigned char msg[2048], pt[65];
	size_t mlen;
	int r;

	a->att = k->ctl.att;
	if (a->att == AA_FIDO_ATT_U2F && c->alg != AA_FIDO_ALG_ES256)
		a->att = AA_FIDO_ATT_CA;
	a->alg = a->att == AA_FIDO_ATT_SELF ? c->alg : AA_FIDO_ALG_ES256;
	if (a->att == AA_FIDO_ATT_NONE)
		return AA_OK;
	if (a->att == AA_FIDO_ATT_U2F) {
		/* 0x00 | rpIdHash | clientDataHash | credId | point */
		if (aa_fido_sk_ec_point(c->key, pt) != AA_OK)
			return AA_ERR_CRYPTO;
		msg[0] = 0;
		memcpy(msg + 1, c->rp_hash, 32);
		memcpy(msg + 33, cdh, 32);
		memcpy(msg + 65, c->id, sizeof(c->id));
		memcpy(msg + 65 + sizeof(c->id), pt, 65);
		mlen = 65 + sizeof(c->id) + 65;
	} else {
		if (adlen + 32 > sizeof(msg))
			return AA_ERR_CRYPTO;
		memcpy(msg, ad, adlen);
		memcpy(msg + adlen, cdh, 32);
		mlen = adlen + 32;
	}
	if (a->att == AA_FIDO_ATT_SELF)
		r = aa_fido_sk_sign(c->key, c->alg, NULL, msg, mlen, a->sig,
		    &a->siglen);
	else
		r = aa_fido_sk_sign(k->att_key, AA_FIDO_ALG_ES256,
		    &k->att_sctx, msg, mlen, a->sig, &a->siglen);
	if (r != AA_OK)
		return r;
	if (k->ctl.corrupt_att_sig && a->siglen > 8)
		a->sig[a->siglen - 1] ^= 0x01;
	if (a->att != AA_FIDO_ATT_SELF)
		return aa_fido_sk_cert_der(k->att_cert, &a->x5c, &a->x5clen);
	return AA_OK;
}

/*
 * The response map (CTAP 2.1 §6.1.2) after the status byte: 1 fmt,
 * 2 authData, 3 attStmt (none: {}; packed: alg, sig[, x5c]; fido-u2f:
 * sig, x5c), keys in canonical order, written directly.
 */
static int
reply(const struct att *a, const unsigned char *ad, size_t adlen,
    unsigned char **resp, size_t *rlen)
{
	struct aa_fido_cbw w;

	aa_fido_sk_reply_open(&w, 64 + adlen + a->siglen + a->x5clen);
	aa_fido_cbw_map(&w, 3);
	aa_fido_cbw_int(&w, 1);
	aa_fido_cbw_text(&w, a->att == AA_FIDO_ATT_NONE ? "none" :
	    a->att == AA_FIDO_ATT_U2F ? "fido-u2f" : "packed");
	aa_fido_cbw_int(&w, 2);
	aa_fido_cbw_bytes(&w, ad, adlen);
	aa_fido_cbw_int(&w, 3);
	aa_fido_cbw_map(&w, a->att == AA_FIDO_ATT_NONE ? 0 :
	    a->att == AA_FIDO_ATT_CA ? 3 : 2);
	if (a->att != AA_FIDO_ATT_NONE && a->att != AA_FIDO_ATT_U2F) {
		aa_fido_cbw_text(&w, "alg");
		aa_fido_cbw_int(&w, a->alg);
	}
	if (a->att != AA_FIDO_ATT_NONE) {
		aa_fido_cbw_text(&w, "sig");
		aa_fido_cbw_bytes(&w, a->sig, a->siglen);
	}
	if (a->x5c != NULL) {
		aa_fido_cbw_text(&w, "x5c");
		aa_fido_cbw_array(&w, 1);
		aa_fido_cbw_bytes(&w, a->x5c, a->x5clen);
	}
	return aa_fido_sk_reply_close(&w, resp, rlen);
}

int
aa_fido_sk_make_cred(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen)
{
	const unsigned char *cdh, *uid;
	size_t cdhlen, uidlen, adlen;
	const cbor_item_t *rp = aa_fido_cbor_get_i(req, 2);
	const cbor_item_t *user = aa_fido_cbor_get_i(req, 3);
	const cbor_item_t *opts = aa_fido_cbor_get_i(req, 7);
	struct aa_fido_skcred c;
	struct aa_fido_cbw w;
	struct att a;
	unsigned char ad[2048];
	int r = AA_ERR_NOMEM, rk, uv, pin_uv = 0;
	uint8_t pst;

	memset(&c, 0, sizeof(c));
	memset(&a, 0, sizeof(a));
	if (aa_fido_sk_bytes(aa_fido_cbor_get_i(req, 1), &cdh, &cdhlen, 32) ||
	    cdhlen != 32 || rp == NULL || user == NULL ||
	    aa_fido_cbor_get_i(req, 4) == NULL) {
		r = aa_fido_sk_status(SK_ERR_MISSING_PARAM, resp, rlen);
		goto out;
	}
	if (aa_fido_cbor_to_str(aa_fido_cbor_get_s(rp, "id"), c.rp_id,
	    sizeof(c.rp_id)) != AA_OK ||
	    aa_fido_sk_bytes(aa_fido_cbor_get_s(user, "id"), &uid, &uidlen,
	    AA_FIDO_SK_USERID_MAX)) {
		r = aa_fido_sk_status(SK_ERR_INVALID_CBOR, resp, rlen);
		goto out;
	}
	(void)aa_fido_cbor_to_str(aa_fido_cbor_get_s(user, "name"),
	    c.user_name, sizeof(c.user_name));
	rk = aa_fido_sk_opt(opts, "rk", 0);
	uv = aa_fido_sk_opt(opts, "uv", 0);
	if (rk < 0 || uv < 0) {
		r = aa_fido_sk_status(SK_ERR_INVALID_CBOR, resp, rlen);
		goto out;
	}
	if (uv == 1) { /* no built-in UV: only the PIN verifies */
		r = aa_fido_sk_status(SK_ERR_UNSUPPORTED_OPT, resp, rlen);
		goto out;
	}
	if ((pst = aa_fido_sk_pin_gate(k, aa_fido_cbor_get_i(req, 8),
	    aa_fido_cbor_get_i(req, 9), cdh, 1, &pin_uv)) != SK_OK) {
		r = aa_fido_sk_status(pst, resp, rlen);
		goto out;
	}
	if (k->ctl.no_touch) { /* user presence never comes */
		r = aa_fido_sk_status(SK_ERR_USER_ACTION_TIMEOUT, resp, rlen);
		goto out;
	}
	if ((r = aa_fido_sk_sha256(c.rp_id, strlen(c.rp_id), c.rp_hash)) != AA_OK)
		goto out;
	if (aa_fido_sk_find_list(k, aa_fido_cbor_get_i(req, 5), c.rp_hash) != NULL) {
		r = aa_fido_sk_status(SK_ERR_EXCLUDED, resp, rlen);
		goto out;
	}
	if ((c.alg = pick_alg(k, aa_fido_cbor_get_i(req, 4))) == 0) {
		r = aa_fido_sk_status(SK_ERR_UNSUPPORTED_ALG, resp, rlen);
		goto out;
	}
	if (k->ncreds >= AA_FIDO_SK_MAX_CREDS) {
		r = aa_fido_sk_status(SK_ERR_KEY_STORE_FULL, resp, rlen);
		goto out;
	}
	memcpy(c.user_id, uid, uidlen);
	c.user_id_len = uidlen;
	c.resident = rk;
	if (RAND_bytes(c.id, sizeof(c.id)) != 1) {
		r = AA_ERR_CRYPTO;
		goto out;
	}
	if ((r = aa_fido_sk_keygen(c.alg, &c.key)) != AA_OK)
		goto out;
	/* authData: rpIdHash flags counter AAGUID idlen id COSE_Key */
	adlen = 55 + sizeof(c.id);
	aa_fido_cbw_init(&w, ad + adlen, sizeof(ad) - adlen);
	if ((r = aa_fido_sk_cose(c.key, c.alg, c.alg, &w)) != AA_OK)
		goto out;
	adlen += w.len;
	memcpy(ad, c.rp_hash, 32);
	ad[32] = AA_FIDO_SK_FL_UP | AA_FIDO_SK_FL_AT |
	    (pin_uv ? AA_FIDO_SK_FL_UV : 0);
	aa_fido_sk_put32(ad + 33, ++k->counter);
	if (k->ctl.att == AA_FIDO_ATT_U2F && c.alg == AA_FIDO_ALG_ES256)
		memset(ad + 37, 0, 16); /* fido-u2f has no AAGUID */
	else
		memcpy(ad + 37, k->aaguid, 16);
	ad[53] = 0;
	ad[54] = (unsigned char)sizeof(c.id);
	memcpy(ad + 55, c.id, sizeof(c.id));
	if ((r = att_sign(k, &c, ad, adlen, cdh, &a)) != AA_OK)
		goto out;
	if ((r = aa_fido_sk_add(k, &c)) != AA_OK)
		goto out;
	if ((r = aa_fido_sk_save(k)) != AA_OK)
		goto out;
	r = reply(&a, ad, adlen, resp, rlen);
out:
	if (c.key != NULL)
		EVP_PKEY_free(c.key);
	aa_wipe(&c, sizeof(c));
	OPENSSL_free(a.x5c);
	return r;
}
