/*
 * ClientPIN of the software key, PIN/UV auth protocol one (CTAP 2.1
 * §6.5.6): getPINRetries, getKeyAgreement, setPIN, changePIN, getPinToken,
 * and the pinUvAuthParam check of makeCredential / getAssertion. Lets
 * tests see what a real key with a PIN does: UV set with the right PIN,
 * PIN_INVALID and a shrinking retry count with a wrong one.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/skcbor.h"
#include "fido/softkey/softkey_int.h"

#define SUB_RETRIES 1
#define SUB_KEY_AGREEMENT 2
#define SUB_SET_PIN 3
#define SUB_CHANGE_PIN 4
#define SUB_PIN_TOKEN 5
#define PIN_TRIES 8
#define PIN_TRIES_PER_BOOT 3

int
aa_fido_sk_pin_boot(struct aa_fido_softkey *k)
{
	EVP_PKEY_free(k->pin_ka);
	k->pin_ka = NULL;
	k->pin_fails_boot = 0;
	if (RAND_bytes(k->pin_token, sizeof(k->pin_token)) != 1)
		return AA_ERR_CRYPTO;
	return aa_fido_sk_keygen(AA_FIDO_ALG_ES256, &k->pin_ka);
}

/* SHA-256 of the ECDH x-coordinate with the platform's COSE key. */
static int
shared_secret(struct aa_fido_softkey *k, const cbor_item_t *cose,
    unsigned char out[32])
{
	const unsigned char *x, *y;
	size_t xl, yl, zl = 32;
	unsigned char pt[65], z[32];
	EVP_PKEY *peer = NULL;
	EVP_PKEY_CTX *pctx = NULL, *dctx = NULL;
	OSSL_PARAM params[3];
	int r = AA_ERR_CRYPTO;

	if (aa_fido_sk_bytes(aa_fido_cbor_get_i(cose, -2), &x, &xl, 32) ||
	    xl != 32 || aa_fido_sk_bytes(aa_fido_cbor_get_i(cose, -3), &y, &yl,
	    32) || yl != 32)
		return AA_ERR_PARSE;
	pt[0] = 0x04;
	memcpy(pt + 1, x, 32);
	memcpy(pt + 33, y, 32);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	    (char *)"P-256", 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
	    pt, sizeof(pt));
	params[2] = OSSL_PARAM_construct_end();
	if ((pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, &peer, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	if ((dctx = EVP_PKEY_CTX_new(k->pin_ka, NULL)) == NULL ||
	    EVP_PKEY_derive_init(dctx) != 1 ||
	    EVP_PKEY_derive_set_peer(dctx, peer) != 1 ||
	    EVP_PKEY_derive(dctx, z, &zl) != 1 || zl != 32)
		goto out;
	r = aa_fido_sk_sha256(z, sizeof(z), out);
out:
	aa_wipe(z, sizeof(z));
	EVP_PKEY_CTX_free(pctx);
	EVP_PKEY_CTX_free(dctx);
	EVP_PKEY_free(peer);
	return r;
}

/* AES-256-CBC with a zero IV and no padding (protocol one). */
static int
aes(const unsigned char key[32], int enc, const unsigned char *in, size_t len,
    unsigned char *out)
{
	static const unsigned char iv[16];
	EVP_CIPHER_CTX *ctx;
	int n = 0, m = 0, ok;

	if (len == 0 || len % 16 || len > 256 ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		return AA_ERR_PARSE;
	ok = EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv, enc) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1 &&
	    EVP_CipherFinal_ex(ctx, out + n, &m) == 1 && (size_t)(n + m) == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? AA_OK : AA_ERR_CRYPTO;
}

/* LEFT(HMAC-SHA-256(key, msg), 16) == mac, in constant time. */
static int
auth_ok(const unsigned char *key, size_t keylen, const unsigned char *msg,
    size_t len, const unsigned char *mac, size_t maclen)
{
	unsigned char h[32];
	unsigned int hl = sizeof(h);
	int ok;

	if (maclen != 16 || HMAC(EVP_sha256(), key, (int)keylen, msg, len, h,
	    &hl) == NULL)
		return 0;
	ok = aa_ct_eq(h, mac, 16);
	aa_wipe(h, sizeof(h));
	return ok;
}

/* A wrong PIN: fewer retries, a new key agreement key, the right error. */
static uint8_t
pin_wrong(struct aa_fido_softkey *k)
{
	if (k->pin_retries > 0)
		k->pin_retries--;
	k->pin_fails_boot++;
	(void)aa_fido_sk_pin_boot_keep_fails(k);
	(void)aa_fido_sk_save(k);
	if (k->pin_retries == 0)
		return SK_ERR_PIN_BLOCKED;
	if (k->pin_fails_boot >= PIN_TRIES_PER_BOOT)
		return SK_ERR_PIN_AUTH_BLOCKED;
	return SK_ERR_PIN_INVALID;
}

int
aa_fido_sk_pin_boot_keep_fails(struct aa_fido_softkey *k)
{
	unsigned fails = k->pin_fails_boot;
	int r = aa_fido_sk_pin_boot(k);

	k->pin_fails_boot = fails;
	return r;
}

/* newPinEnc (64 bytes) -> store LEFT(SHA-256(pin), 16). */
static uint8_t
store_new_pin(struct aa_fido_softkey *k, const unsigned char key[32],
    const unsigned char *enc, size_t len)
{
	unsigned char pin[64], h[32];
	size_t n;
	uint8_t st = SK_OK;

	if (len != 64 || aes(key, 0, enc, len, pin) != AA_OK)
		return SK_ERR_PIN_POLICY;
	n = strnlen((const char *)pin, sizeof(pin));
	if (n < 4 || n > 63)
		st = SK_ERR_PIN_POLICY;
	else if (aa_fido_sk_sha256(pin, n, h) != AA_OK)
		st = SK_ERR_OTHER;
	else {
		memcpy(k->pin_hash, h, 16);
		k->pin_set = 1;
		k->pin_retries = PIN_TRIES;
		if (aa_fido_sk_save(k) != AA_OK)
			st = SK_ERR_OTHER;
	}
	aa_wipe(pin, sizeof(pin));
	aa_wipe(h, sizeof(h));
	return st;
}

/* pinHashEnc must decrypt to the stored PIN hash. */
static uint8_t
check_pin(struct aa_fido_softkey *k, const unsigned char key[32],
    const cbor_item_t *phe)
{
	const unsigned char *p;
	size_t n;
	unsigned char h[16];
	int ok;

	if (k->pin_retries == 0)
		return SK_ERR_PIN_BLOCKED;
	if (k->pin_fails_boot >= PIN_TRIES_PER_BOOT)
		return SK_ERR_PIN_AUTH_BLOCKED;
	if (aa_fido_sk_bytes(phe, &p, &n, 16) || n != 16 ||
	    aes(key, 0, p, n, h) != AA_OK)
		return SK_ERR_MISSING_PARAM;
	ok = aa_ct_eq(h, k->pin_hash, 16);
	aa_wipe(h, sizeof(h));
	if (!ok)
		return pin_wrong(k);
	k->pin_retries = PIN_TRIES;
	k->pin_fails_boot = 0;
	return SK_OK;
}

static int
key_agreement(struct aa_fido_softkey *k, unsigned char **resp, size_t *rlen)
{
	struct aa_fido_cbw w;

	/* {1: the key-agreement point, alg ECDH-ES+HKDF-256 as CTAP asks} */
	aa_fido_sk_reply_open(&w, 128);
	aa_fido_cbw_map(&w, 1);
	aa_fido_cbw_int(&w, 1);
	(void)aa_fido_sk_cose(k->pin_ka, AA_FIDO_ALG_ES256, -25, &w);
	return aa_fido_sk_reply_close(&w, resp, rlen);
}

int
aa_fido_sk_client_pin(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen)
{
	const cbor_item_t *auth = aa_fido_cbor_get_i(req, 4);
	const cbor_item_t *npe = aa_fido_cbor_get_i(req, 5);
	const cbor_item_t *phe = aa_fido_cbor_get_i(req, 6);
	const unsigned char *a, *e, *h;
	unsigned char key[32], msg[64 + 16], tok[32];
	size_t al, el, hl;
	int64_t sub = 0, proto = 0;
	cbor_item_t *m;
	uint8_t st;
	int r;

	if (aa_fido_cbor_to_i(aa_fido_cbor_get_i(req, 2), &sub) != AA_OK)
		return aa_fido_sk_status(SK_ERR_MISSING_PARAM, resp, rlen);
	if (sub == SUB_RETRIES) {
		m = cbor_new_definite_map(1);
		if (aa_fido_cbor_put(m, aa_fido_cbor_int(3),
		    aa_fido_cbor_int(k->pin_retries))) {
			if (m != NULL)
				cbor_decref(&m);
			return AA_ERR_NOMEM;
		}
		return aa_fido_sk_reply(m, resp, rlen);
	}
	if (aa_fido_cbor_to_i(aa_fido_cbor_get_i(req, 1), &proto) != AA_OK ||
	    proto != 1)
		return aa_fido_sk_status(SK_ERR_MISSING_PARAM, resp, rlen);
	if (sub == SUB_KEY_AGREEMENT)
		return key_agreement(k, resp, rlen);
	if (sub != SUB_SET_PIN && sub != SUB_CHANGE_PIN && sub != SUB_PIN_TOKEN)
		return aa_fido_sk_status(SK_ERR_INVALID_SUBCMD, resp, rlen);
	if (shared_secret(k, aa_fido_cbor_get_i(req, 3), key) != AA_OK)
		return aa_fido_sk_status(SK_ERR_MISSING_PARAM, resp, rlen);
	st = SK_OK;
	if (sub == SUB_SET_PIN) {
		if (k->pin_set)
			st = SK_ERR_NOT_ALLOWED;
		else if (aa_fido_sk_bytes(npe, &e, &el, 64) ||
		    aa_fido_sk_bytes(auth, &a, &al, 32))
			st = SK_ERR_MISSING_PARAM;
		else if (!auth_ok(key, 32, e, el, a, al))
			st = SK_ERR_PIN_AUTH_INVALID;
		else
			st = store_new_pin(k, key, e, el);
		r = aa_fido_sk_status(st, resp, rlen);
	} else if (sub == SUB_CHANGE_PIN) {
		if (!k->pin_set)
			st = SK_ERR_PIN_NOT_SET;
		else if (aa_fido_sk_bytes(npe, &e, &el, 64) || el != 64 ||
		    aa_fido_sk_bytes(phe, &h, &hl, 16) || hl != 16 ||
		    aa_fido_sk_bytes(auth, &a, &al, 32))
			st = SK_ERR_MISSING_PARAM;
		else {
			memcpy(msg, e, 64);
			memcpy(msg + 64, h, 16);
			if (!auth_ok(key, 32, msg, sizeof(msg), a, al))
				st = SK_ERR_PIN_AUTH_INVALID;
			else if ((st = check_pin(k, key, phe)) == SK_OK)
				st = store_new_pin(k, key, e, el);
		}
		r = aa_fido_sk_status(st, resp, rlen);
	} else {
		if (!k->pin_set)
			st = SK_ERR_PIN_NOT_SET;
		else
			st = check_pin(k, key, phe);
		if (st != SK_OK || aes(key, 1, k->pin_token, 32, tok) != AA_OK) {
			r = aa_fido_sk_status(st != SK_OK ? st : SK_ERR_OTHER, resp,
			    rlen);
		} else {
			m = cbor_new_definite_map(1);
			r = aa_fido_cbor_put(m, aa_fido_cbor_int(2),
			    aa_fido_cbor_bytes(tok, sizeof(tok)));
			if (r == AA_OK)
				r = aa_fido_sk_reply(m, resp, rlen);
			else if (m != NULL)
				cbor_decref(&m);
		}
	}
	aa_wipe(key, sizeof(key));
	aa_wipe(tok, sizeof(tok));
	return r;
}

uint8_t
aa_fido_sk_pin_gate(struct aa_fido_softkey *k, const cbor_item_t *param,
    const cbor_item_t *proto, const unsigned char cdh[32], int make_cred,
    int *uv)
{
	const unsigned char *p;
	size_t n;
	int64_t pr = 0;

	*uv = 0;
	if (param == NULL)
		return make_cred && k->pin_set ? SK_ERR_PUAT_REQUIRED : SK_OK;
	if (!k->pin_set)
		return SK_ERR_PIN_NOT_SET;
	if (aa_fido_cbor_to_i(proto, &pr) != AA_OK || pr != 1 ||
	    aa_fido_sk_bytes(param, &p, &n, 32))
		return SK_ERR_PIN_AUTH_INVALID;
	if (!auth_ok(k->pin_token, sizeof(k->pin_token), cdh, 32, p, n))
		return SK_ERR_PIN_AUTH_INVALID;
	*uv = 1;
	return SK_OK;
}
