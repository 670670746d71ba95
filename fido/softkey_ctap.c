/*
 * CTAP2 commands of the software key: authenticatorGetInfo,
 * MakeCredential, GetAssertion, ClientPIN (no PIN set), Reset, Selection.
 * Replies are CTAP2 canonical CBOR (libfido2 rejects anything else).
 * Every request field is type- and size-checked before use.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/err.h"
#include "auth-audit/secret.h"
#include "fido/skcbor.h"
#include "fido/softkey_int.h"

#define CMD_MAKE_CRED 0x01
#define CMD_GET_ASSERT 0x02
#define CMD_GET_INFO 0x04
#define CMD_CLIENT_PIN 0x06
#define CMD_RESET 0x07
#define CMD_NEXT_ASSERT 0x08
#define CMD_SELECTION 0x0b

#define FL_UP 0x01
#define FL_AT 0x40

/* Status byte + CBOR of `m` (which is released). */
static int
reply(cbor_item_t *m, unsigned char **resp, size_t *rlen)
{
	unsigned char *body = NULL, *p;
	size_t n = 0;
	int r;

	if (m == NULL)
		return AA_ERR_NOMEM;
	r = aa_fido_cbor_dump(m, &body, &n);
	cbor_decref(&m);
	if (r != AA_OK)
		return r;
	if ((p = malloc(n + 1)) == NULL) {
		aa_freezero(body, n);
		return AA_ERR_NOMEM;
	}
	p[0] = SK_OK;
	memcpy(p + 1, body, n);
	aa_freezero(body, n);
	*resp = p;
	*rlen = n + 1;
	return AA_OK;
}

static int
status(uint8_t st, unsigned char **resp, size_t *rlen)
{
	if ((*resp = malloc(1)) == NULL)
		return AA_ERR_NOMEM;
	**resp = st;
	*rlen = 1;
	return AA_OK;
}

static cbor_item_t *
alg_entry(int alg)
{
	cbor_item_t *m = cbor_new_definite_map(2);

	if (aa_fido_cbor_put(m, aa_fido_cbor_text("alg"), aa_fido_cbor_int(alg)) ||
	    aa_fido_cbor_put(m, aa_fido_cbor_text("type"), aa_fido_cbor_text("public-key"))) {
		if (m != NULL)
			cbor_decref(&m);
		return NULL;
	}
	return m;
}

static int
get_info(struct aa_fido_softkey *k, unsigned char **resp, size_t *rlen)
{
	cbor_item_t *m = cbor_new_definite_map(9), *v = NULL, *o = NULL,
	    *pin = NULL, *tr = NULL, *al = NULL;
	int r = AA_ERR_NOMEM;

	if ((v = cbor_new_definite_array(3)) == NULL ||
	    (o = cbor_new_definite_map(4)) == NULL ||
	    (pin = cbor_new_definite_array(1)) == NULL ||
	    (tr = cbor_new_definite_array(1)) == NULL ||
	    (al = cbor_new_definite_array(3)) == NULL)
		goto out;
	if (aa_fido_cbor_push(v, aa_fido_cbor_text("U2F_V2")) ||
	    aa_fido_cbor_push(v, aa_fido_cbor_text("FIDO_2_0")) ||
	    aa_fido_cbor_push(v, aa_fido_cbor_text("FIDO_2_1")))
		goto out;
	/* Canonical order: shorter keys first, then bytewise. */
	if (aa_fido_cbor_put(o, aa_fido_cbor_text("rk"), cbor_build_bool(true)) ||
	    aa_fido_cbor_put(o, aa_fido_cbor_text("up"), cbor_build_bool(true)) ||
	    aa_fido_cbor_put(o, aa_fido_cbor_text("plat"), cbor_build_bool(false)) ||
	    aa_fido_cbor_put(o, aa_fido_cbor_text("clientPin"), cbor_build_bool(false)))
		goto out;
	if (aa_fido_cbor_push(pin, aa_fido_cbor_int(1)) ||
	    aa_fido_cbor_push(tr, aa_fido_cbor_text("usb")) ||
	    aa_fido_cbor_push(al, alg_entry(AA_FIDO_ALG_ES256)) ||
	    aa_fido_cbor_push(al, alg_entry(AA_FIDO_ALG_EDDSA)) ||
	    aa_fido_cbor_push(al, alg_entry(AA_FIDO_ALG_RS256)))
		goto out;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(1), v);
	v = NULL;
	if (r || aa_fido_cbor_put(m, aa_fido_cbor_int(3),
	    aa_fido_cbor_bytes(k->aaguid, sizeof(k->aaguid))))
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(4), o);
	o = NULL;
	if (r || aa_fido_cbor_put(m, aa_fido_cbor_int(5), aa_fido_cbor_int(1200)))
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(6), pin);
	pin = NULL;
	if (r)
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(9), tr);
	tr = NULL;
	if (r)
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(10), al);
	al = NULL;
	if (r || aa_fido_cbor_put(m, aa_fido_cbor_int(14), aa_fido_cbor_int(0x010000)))
		goto fail;
	r = reply(m, resp, rlen);
	m = NULL;
	goto out;
fail:
	r = AA_ERR_NOMEM;
out:
	if (m) cbor_decref(&m);
	if (v) cbor_decref(&v);
	if (o) cbor_decref(&o);
	if (pin) cbor_decref(&pin);
	if (tr) cbor_decref(&tr);
	if (al) cbor_decref(&al);
	return r;
}

static int
bytes_of(const cbor_item_t *it, const unsigned char **p, size_t *n, size_t max)
{
	if (it == NULL || !cbor_isa_bytestring(it) ||
	    !cbor_bytestring_is_definite(it) ||
	    cbor_bytestring_length(it) > max)
		return -1;
	*p = cbor_bytestring_handle(it);
	*n = cbor_bytestring_length(it);
	return 0;
}

/* Option `name` of an options map: 1, 0, or dflt when absent; -1 bad. */
static int
opt(const cbor_item_t *opts, const char *name, int dflt)
{
	const cbor_item_t *v;

	if (opts == NULL)
		return dflt;
	if (!cbor_isa_map(opts))
		return -1;
	if ((v = aa_fido_cbor_get_s(opts, name)) == NULL)
		return dflt;
	return aa_fido_cbor_to_bool(v);
}

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

/* Does a list of {id, type} hold one of our credentials for rp_hash? */
static struct aa_fido_skcred *
find_in_list(struct aa_fido_softkey *k, const cbor_item_t *list,
    const unsigned char rp_hash[32])
{
	cbor_item_t **it;
	const unsigned char *id;
	size_t n;
	struct aa_fido_skcred *c;

	if (list == NULL || !cbor_isa_array(list))
		return NULL;
	it = cbor_array_handle(list);
	for (size_t i = 0; i < cbor_array_size(list) && i < 256; i++) {
		if (bytes_of(aa_fido_cbor_get_s(it[i], "id"), &id, &n, 1024))
			continue;
		c = aa_fido_sk_find(k, id, n);
		if (c != NULL && memcmp(c->rp_hash, rp_hash, 32) == 0)
			return c;
	}
	return NULL;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* attStmt for the configured format; *fmt gets its name. */
static cbor_item_t *
att_stmt(struct aa_fido_softkey *k, const struct aa_fido_skcred *c,
    const unsigned char *ad, size_t adlen, const unsigned char *cdh,
    const char **fmt)
{
	unsigned char msg[2048], sig[AA_FIDO_SK_SIG_MAX], pt[65];
	unsigned char *x5c = NULL;
	size_t siglen = 0, x5clen = 0, mlen = 0;
	cbor_item_t *m = NULL, *arr = NULL;
	enum aa_fido_att att = k->ctl.att;
	int r = AA_ERR_CRYPTO;

	if (att == AA_FIDO_ATT_U2F && c->alg != AA_FIDO_ALG_ES256)
		att = AA_FIDO_ATT_CA;
	*fmt = att == AA_FIDO_ATT_NONE ? "none" :
	    att == AA_FIDO_ATT_U2F ? "fido-u2f" : "packed";
	if (att == AA_FIDO_ATT_NONE)
		return cbor_new_definite_map(0);
	if (att == AA_FIDO_ATT_U2F) {
		/* 0x00 | rpIdHash | clientDataHash | credId | point */
		if (aa_fido_sk_ec_point(c->key, pt) != AA_OK)
			goto out;
		msg[0] = 0;
		memcpy(msg + 1, c->rp_hash, 32);
		memcpy(msg + 33, cdh, 32);
		memcpy(msg + 65, c->id, sizeof(c->id));
		memcpy(msg + 65 + sizeof(c->id), pt, 65);
		mlen = 65 + sizeof(c->id) + 65;
	} else {
		if (adlen + 32 > sizeof(msg))
			goto out;
		memcpy(msg, ad, adlen);
		memcpy(msg + adlen, cdh, 32);
		mlen = adlen + 32;
	}
	if (att == AA_FIDO_ATT_SELF)
		r = aa_fido_sk_sign(c->key, c->alg, msg, mlen, sig, &siglen);
	else
		r = aa_fido_sk_sign(k->att_key, AA_FIDO_ALG_ES256, msg, mlen,
		    sig, &siglen);
	if (r != AA_OK)
		goto out;
	r = AA_ERR_NOMEM;
	if (k->ctl.corrupt_att_sig && siglen > 8)
		sig[siglen - 1] ^= 0x01;
	if (att != AA_FIDO_ATT_SELF) {
		if (aa_fido_sk_cert_der(k->att_cert, &x5c, &x5clen) != AA_OK ||
		    (arr = cbor_new_definite_array(1)) == NULL ||
		    aa_fido_cbor_push(arr, aa_fido_cbor_bytes(x5c, x5clen)))
			goto out;
	}
	if ((m = cbor_new_definite_map(att == AA_FIDO_ATT_CA ? 3 :
	    att == AA_FIDO_ATT_U2F ? 2 : 2)) == NULL)
		goto out;
	if (att != AA_FIDO_ATT_U2F &&
	    aa_fido_cbor_put(m, aa_fido_cbor_text("alg"), aa_fido_cbor_int(
	    att == AA_FIDO_ATT_SELF ? c->alg : AA_FIDO_ALG_ES256)))
		goto out;
	if (aa_fido_cbor_put(m, aa_fido_cbor_text("sig"),
	    aa_fido_cbor_bytes(sig, siglen)))
		goto out;
	if (arr != NULL) {
		r = aa_fido_cbor_put(m, aa_fido_cbor_text("x5c"), arr);
		arr = NULL;
		if (r != AA_OK)
			goto out;
	}
	r = AA_OK;
out:
	OPENSSL_free(x5c);
	if (arr != NULL)
		cbor_decref(&arr);
	if (r != AA_OK && m != NULL)
		cbor_decref(&m);
	return m;
}

static int
make_cred(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen)
{
	const unsigned char *cdh, *uid;
	size_t cdhlen, uidlen, cose_len = 0, adlen;
	const cbor_item_t *rp = aa_fido_cbor_get_i(req, 2);
	const cbor_item_t *user = aa_fido_cbor_get_i(req, 3);
	const cbor_item_t *opts = aa_fido_cbor_get_i(req, 7);
	struct aa_fido_skcred c;
	unsigned char *cose = NULL, ad[2048];
	cbor_item_t *ck = NULL, *m = NULL, *st = NULL;
	const char *fmt = "none";
	int r = AA_ERR_NOMEM, rk, uv;

	memset(&c, 0, sizeof(c));
	if (bytes_of(aa_fido_cbor_get_i(req, 1), &cdh, &cdhlen, 32) ||
	    cdhlen != 32 || rp == NULL || user == NULL ||
	    aa_fido_cbor_get_i(req, 4) == NULL) {
		r = status(SK_ERR_MISSING_PARAM, resp, rlen);
		goto out;
	}
	if (aa_fido_cbor_to_str(aa_fido_cbor_get_s(rp, "id"), c.rp_id,
	    sizeof(c.rp_id)) != AA_OK ||
	    bytes_of(aa_fido_cbor_get_s(user, "id"), &uid, &uidlen,
	    AA_FIDO_SK_USERID_MAX)) {
		r = status(SK_ERR_INVALID_CBOR, resp, rlen);
		goto out;
	}
	(void)aa_fido_cbor_to_str(aa_fido_cbor_get_s(user, "name"),
	    c.user_name, sizeof(c.user_name));
	rk = opt(opts, "rk", 0);
	uv = opt(opts, "uv", 0);
	if (rk < 0 || uv < 0) {
		r = status(SK_ERR_INVALID_CBOR, resp, rlen);
		goto out;
	}
	if (uv == 1 || aa_fido_cbor_get_i(req, 8) != NULL) {
		/* no built-in UV and no PIN set */
		r = status(uv == 1 ? SK_ERR_UNSUPPORTED_OPT : SK_ERR_PIN_NOT_SET,
		    resp, rlen);
		goto out;
	}
	if ((r = aa_fido_sk_sha256(c.rp_id, strlen(c.rp_id), c.rp_hash)) != AA_OK)
		goto out;
	if (find_in_list(k, aa_fido_cbor_get_i(req, 5), c.rp_hash) != NULL) {
		r = status(SK_ERR_EXCLUDED, resp, rlen);
		goto out;
	}
	if ((c.alg = pick_alg(k, aa_fido_cbor_get_i(req, 4))) == 0) {
		r = status(SK_ERR_UNSUPPORTED_ALG, resp, rlen);
		goto out;
	}
	if (k->ncreds >= AA_FIDO_SK_MAX_CREDS) {
		r = status(SK_ERR_KEY_STORE_FULL, resp, rlen);
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
	r = AA_ERR_NOMEM;
	if ((ck = aa_fido_sk_cose(c.key, c.alg)) == NULL ||
	    aa_fido_cbor_dump(ck, &cose, &cose_len) != AA_OK)
		goto out;
	adlen = 32 + 1 + 4 + 16 + 2 + sizeof(c.id) + cose_len;
	if (adlen > sizeof(ad))
		goto out;
	memcpy(ad, c.rp_hash, 32);
	ad[32] = FL_UP | FL_AT;
	put32(ad + 33, ++k->counter);
	if (k->ctl.att == AA_FIDO_ATT_U2F && c.alg == AA_FIDO_ALG_ES256)
		memset(ad + 37, 0, 16); /* fido-u2f has no AAGUID */
	else
		memcpy(ad + 37, k->aaguid, 16);
	ad[53] = 0;
	ad[54] = (unsigned char)sizeof(c.id);
	memcpy(ad + 55, c.id, sizeof(c.id));
	memcpy(ad + 55 + sizeof(c.id), cose, cose_len);
	if ((st = att_stmt(k, &c, ad, adlen, cdh, &fmt)) == NULL)
		goto out;
	if ((m = cbor_new_definite_map(3)) == NULL ||
	    aa_fido_cbor_put(m, aa_fido_cbor_int(1), aa_fido_cbor_text(fmt)) ||
	    aa_fido_cbor_put(m, aa_fido_cbor_int(2), aa_fido_cbor_bytes(ad, adlen)))
		goto out;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(3), st);
	st = NULL;
	if (r != AA_OK)
		goto out;
	if ((r = aa_fido_sk_add(k, &c)) != AA_OK)
		goto out;
	if ((r = aa_fido_sk_save(k)) != AA_OK)
		goto out;
	r = reply(m, resp, rlen);
	m = NULL;
out:
	if (c.key != NULL)
		EVP_PKEY_free(c.key);
	aa_wipe(&c, sizeof(c));
	free(cose);
	if (ck) cbor_decref(&ck);
	if (st) cbor_decref(&st);
	if (m) cbor_decref(&m);
	return r;
}

static int
get_assert(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen)
{
	char rp_id[AA_FIDO_SK_RPID_MAX + 1];
	const unsigned char *cdh;
	size_t cdhlen, siglen = 0;
	unsigned char rp_hash[32], ad[37 + 32], sig[AA_FIDO_SK_SIG_MAX];
	const cbor_item_t *opts = aa_fido_cbor_get_i(req, 5);
	const cbor_item_t *allow = aa_fido_cbor_get_i(req, 3);
	struct aa_fido_skcred *c = NULL;
	cbor_item_t *m = NULL, *cred = NULL, *user = NULL;
	int r, up, uv;

	if (aa_fido_cbor_to_str(aa_fido_cbor_get_i(req, 1), rp_id,
	    sizeof(rp_id)) != AA_OK ||
	    bytes_of(aa_fido_cbor_get_i(req, 2), &cdh, &cdhlen, 32) ||
	    cdhlen != 32)
		return status(SK_ERR_MISSING_PARAM, resp, rlen);
	up = opt(opts, "up", 1);
	uv = opt(opts, "uv", 0);
	if (up < 0 || uv < 0)
		return status(SK_ERR_INVALID_CBOR, resp, rlen);
	if (uv == 1)
		return status(SK_ERR_UNSUPPORTED_OPT, resp, rlen);
	if (aa_fido_cbor_get_i(req, 6) != NULL)
		return status(SK_ERR_PIN_NOT_SET, resp, rlen);
	if ((r = aa_fido_sk_sha256(rp_id, strlen(rp_id), rp_hash)) != AA_OK)
		return r;
	if (allow != NULL && cbor_isa_array(allow) && cbor_array_size(allow) > 0)
		c = find_in_list(k, allow, rp_hash);
	else
		for (size_t i = k->ncreds; i-- > 0;)
			if (k->creds[i].resident &&
			    memcmp(k->creds[i].rp_hash, rp_hash, 32) == 0) {
				c = &k->creds[i];
				break;
			}
	if (c == NULL)
		return status(SK_ERR_NO_CREDENTIALS, resp, rlen);
	/* Forgery control: authenticator data for another RP ID. */
	if (k->ctl.login_rpid[0] != '\0' &&
	    aa_fido_sk_sha256(k->ctl.login_rpid, strlen(k->ctl.login_rpid),
	    rp_hash) != AA_OK)
		return AA_ERR_CRYPTO;
	memcpy(ad, rp_hash, 32);
	ad[32] = (unsigned char)(((up ? FL_UP : 0) & k->ctl.flags_and) |
	    k->ctl.flags_or);
	put32(ad + 33, aa_fido_sk_next_counter(k));
	memcpy(ad + 37, cdh, 32);
	if ((r = aa_fido_sk_sign(c->key, c->alg, ad, sizeof(ad), sig,
	    &siglen)) != AA_OK)
		return r;
	r = AA_ERR_NOMEM;
	if ((m = cbor_new_definite_map(c->user_id_len ? 4 : 3)) == NULL ||
	    (cred = cbor_new_definite_map(2)) == NULL)
		goto out;
	if (aa_fido_cbor_put(cred, aa_fido_cbor_text("id"),
	    aa_fido_cbor_bytes(c->id, sizeof(c->id))) ||
	    aa_fido_cbor_put(cred, aa_fido_cbor_text("type"),
	    aa_fido_cbor_text("public-key")))
		goto out;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(1), cred);
	cred = NULL;
	if (r != AA_OK ||
	    aa_fido_cbor_put(m, aa_fido_cbor_int(2), aa_fido_cbor_bytes(ad, 37)) ||
	    aa_fido_cbor_put(m, aa_fido_cbor_int(3), aa_fido_cbor_bytes(sig, siglen))) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if (c->user_id_len) {
		if ((user = cbor_new_definite_map(1)) == NULL ||
		    aa_fido_cbor_put(user, aa_fido_cbor_text("id"),
		    aa_fido_cbor_bytes(c->user_id, c->user_id_len)))
			goto out;
		r = aa_fido_cbor_put(m, aa_fido_cbor_int(4), user);
		user = NULL;
		if (r != AA_OK)
			goto out;
	}
	if (!k->ctl.counter_fixed && (r = aa_fido_sk_save(k)) != AA_OK)
		goto out;
	r = reply(m, resp, rlen);
	m = NULL;
out:
	if (m) cbor_decref(&m);
	if (cred) cbor_decref(&cred);
	if (user) cbor_decref(&user);
	return r;
}

static int
client_pin(const cbor_item_t *req, unsigned char **resp, size_t *rlen)
{
	int64_t sub = 0;
	cbor_item_t *m;

	if (aa_fido_cbor_to_i(aa_fido_cbor_get_i(req, 2), &sub) != AA_OK)
		return status(SK_ERR_MISSING_PARAM, resp, rlen);
	if (sub != 1) /* only getPINRetries: no PIN is ever set */
		return status(SK_ERR_PIN_NOT_SET, resp, rlen);
	m = cbor_new_definite_map(1);
	if (aa_fido_cbor_put(m, aa_fido_cbor_int(3), aa_fido_cbor_int(8))) {
		if (m != NULL)
			cbor_decref(&m);
		return AA_ERR_NOMEM;
	}
	return reply(m, resp, rlen);
}

int
aa_fido_sk_ctap2(struct aa_fido_softkey *k, const unsigned char *req,
    size_t len, unsigned char **resp, size_t *rlen)
{
	cbor_item_t *body = NULL;
	int r;

	*resp = NULL;
	*rlen = 0;
	if (len < 1 || len > AA_FIDO_SK_MAX_MSG)
		return status(SK_ERR_INVALID_LEN, resp, rlen);
	switch (req[0]) {
	case CMD_GET_INFO:
		return get_info(k, resp, rlen);
	case CMD_RESET:
		aa_fido_sk_reset(k);
		if ((r = aa_fido_sk_save(k)) != AA_OK)
			return r;
		return status(SK_OK, resp, rlen);
	case CMD_SELECTION:
		return status(SK_OK, resp, rlen);
	case CMD_NEXT_ASSERT:
		return status(SK_ERR_NOT_ALLOWED, resp, rlen);
	case CMD_MAKE_CRED:
	case CMD_GET_ASSERT:
	case CMD_CLIENT_PIN:
		break;
	default:
		return status(SK_ERR_INVALID_CMD, resp, rlen);
	}
	if (aa_fido_cbor_load(req + 1, len - 1, &body) != AA_OK ||
	    !cbor_isa_map(body) || !cbor_map_is_definite(body)) {
		r = status(SK_ERR_INVALID_CBOR, resp, rlen);
		goto out;
	}
	if (req[0] == CMD_MAKE_CRED)
		r = make_cred(k, body, resp, rlen);
	else if (req[0] == CMD_GET_ASSERT)
		r = get_assert(k, body, resp, rlen);
	else
		r = client_pin(body, resp, rlen);
out:
	if (body != NULL)
		cbor_decref(&body);
	return r;
}
