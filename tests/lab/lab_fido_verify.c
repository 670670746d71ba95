/*
 * WebAuthn relying-party verification for the lab: clientDataJSON,
 * authenticator data, COSE keys, signatures and attestation statements
 * (none, packed self / x5c, fido-u2f), with libcbor and OpenSSL directly
 * (never the auditor's CBOR or WebAuthn code). Bounded: inputs come from
 * the auditor.
 */
#include <string.h>

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "tests/lab/lab_fido.h"

static int
copy_str(const json_t *v, char *out, size_t outlen)
{
	if (!json_is_string(v) || json_string_length(v) >= outlen)
		return -1;
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

int
lab_fido_cd_parse(const unsigned char *p, size_t len, struct lab_fido_cd *cd)
{
	json_t *j;
	const json_t *v;
	int r = -1;

	memset(cd, 0, sizeof(*cd));
	if (len > 4096 ||
	    (j = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return -1;
	if (!json_is_object(j))
		goto out;
	if ((v = json_object_get(j, "type")) != NULL &&
	    copy_str(v, cd->type, sizeof(cd->type)) != 0)
		goto out;
	if ((v = json_object_get(j, "challenge")) != NULL) {
		if (copy_str(v, cd->challenge, sizeof(cd->challenge)) != 0)
			goto out;
		cd->has_challenge = 1;
	}
	if ((v = json_object_get(j, "origin")) != NULL &&
	    copy_str(v, cd->origin, sizeof(cd->origin)) != 0)
		goto out;
	cd->cross_origin = json_is_true(json_object_get(j, "crossOrigin"));
	r = 0;
out:
	json_decref(j);
	return r;
}

/* A CBOR integer (unsigned or negative) within int64; -1 otherwise. */
static int
cbor_int(const cbor_item_t *it, int64_t *out)
{
	uint64_t u;

	if (it == NULL || (!cbor_isa_uint(it) && !cbor_isa_negint(it)))
		return -1;
	u = cbor_get_int(it);
	if (u > INT64_MAX)
		return -1;
	*out = cbor_isa_uint(it) ? (int64_t)u : -1 - (int64_t)u;
	return 0;
}

/* The value of integer key `key` of a definite map, or NULL. */
static cbor_item_t *
map_int(const cbor_item_t *map, int64_t key)
{
	struct cbor_pair *pairs;
	int64_t k;

	if (map == NULL || !cbor_isa_map(map) || !cbor_map_is_definite(map))
		return NULL;
	pairs = cbor_map_handle(map);
	for (size_t i = 0; i < cbor_map_size(map); i++)
		if (cbor_int(pairs[i].key, &k) == 0 && k == key)
			return pairs[i].value;
	return NULL;
}

/* The value of text key `key` of a definite map, or NULL. */
static cbor_item_t *
map_str(const cbor_item_t *map, const char *key)
{
	struct cbor_pair *pairs;
	size_t kl = strlen(key);

	if (map == NULL || !cbor_isa_map(map) || !cbor_map_is_definite(map))
		return NULL;
	pairs = cbor_map_handle(map);
	for (size_t i = 0; i < cbor_map_size(map); i++) {
		const cbor_item_t *k = pairs[i].key;

		if (cbor_isa_string(k) && cbor_string_is_definite(k) &&
		    cbor_string_length(k) == kl &&
		    memcmp(cbor_string_handle(k), key, kl) == 0)
			return pairs[i].value;
	}
	return NULL;
}

/* A definite text string without NUL bytes into buf; -1 otherwise. */
static int
text_copy(const cbor_item_t *it, char *buf, size_t buflen)
{
	size_t n;

	if (it == NULL || !cbor_isa_string(it) ||
	    !cbor_string_is_definite(it) ||
	    (n = cbor_string_length(it)) >= buflen)
		return -1;
	memcpy(buf, cbor_string_handle(it), n);
	buf[n] = '\0';
	return memchr(buf, '\0', n) != NULL ? -1 : 0;
}

/*
 * Sizes a pre-pass over one item finds, through libcbor's streaming
 * decoder (which allocates nothing): cbor_load() allocates a definite
 * array or map for its declared count before reading it, so a few bytes
 * claiming 2^32 pairs would cost gigabytes. Every element takes a byte.
 */
struct sizes {
	size_t	left;		/* bytes from the item being decoded on */
	size_t	pending;	/* items still to read, that one included */
	int	bad;
};

static void
sizes_array(void *ctx, size_t n)
{
	struct sizes *s = ctx;

	/* the others pending and the n new ones need a byte each */
	if (s->bad || n > s->left || s->pending - 1 > s->left - n)
		s->bad = 1;
	else
		s->pending += n;
}

static void
sizes_map(void *ctx, size_t n)
{
	sizes_array(ctx, n);
	sizes_array(ctx, n);
}

static void
sizes_tag(void *ctx, uint64_t tag)
{
	(void)tag;
	sizes_array(ctx, 1);
}

static void
sizes_indef(void *ctx)
{
	((struct sizes *)ctx)->bad = 1;	/* CTAP2 CBOR is definite */
}

/* The byte length of the first item of p[0..len), or 0 if refused. */
static size_t
item_length(const unsigned char *p, size_t len)
{
	struct cbor_callbacks cb = cbor_empty_callbacks;
	struct cbor_decoder_result r;
	struct sizes s = { len, 1, 0 };
	size_t off = 0;

	cb.array_start = sizes_array;
	cb.map_start = sizes_map;
	cb.tag = sizes_tag;
	cb.indef_array_start = sizes_indef;
	cb.indef_map_start = sizes_indef;
	cb.byte_string_start = sizes_indef;
	cb.string_start = sizes_indef;
	while (s.pending > 0) {
		if (off >= len)
			return 0;
		s.left = len - off;
		r = cbor_stream_decode(p + off, len - off, &cb, &s);
		if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || s.bad)
			return 0;
		off += r.read;
		s.pending--;
	}
	return off;
}

/* The first CBOR item of p[0..len) and how many bytes it took. */
static cbor_item_t *
load_prefix(const unsigned char *p, size_t len, size_t *used)
{
	struct cbor_load_result res;
	cbor_item_t *it;
	size_t n;

	*used = 0;
	if (len == 0 || (n = item_length(p, len)) == 0 ||
	    (it = cbor_load(p, n, &res)) == NULL)
		return NULL;
	if (res.error.code != CBOR_ERR_NONE || res.read == 0) {
		cbor_decref(&it);
		return NULL;
	}
	*used = res.read;
	return it;
}

static EVP_PKEY *
from_params(const char *type, OSSL_PARAM_BLD *b)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *pk = NULL;

	if (params != NULL && ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1)
		(void)EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pk;
}

static int
bstr(const cbor_item_t *it, const unsigned char **p, size_t *n, size_t want)
{
	if (it == NULL || !cbor_isa_bytestring(it) ||
	    !cbor_bytestring_is_definite(it))
		return -1;
	*p = cbor_bytestring_handle(it);
	*n = cbor_bytestring_length(it);
	return want && *n != want ? -1 : 0;
}

/* COSE_Key -> EVP_PKEY for ES256, EdDSA, RS256. */
static int
cose_key(const cbor_item_t *m, struct lab_fido_ad *ad)
{
	int64_t alg;
	const unsigned char *x, *y;
	size_t xl, yl;
	OSSL_PARAM_BLD *b = NULL;
	BIGNUM *n = NULL, *e = NULL;

	if (cbor_int(map_int(m, 3), &alg) != 0)
		return -1;
	ad->alg = (int)alg;
	if (alg == -7) {
		if (bstr(map_int(m, -2), &x, &xl, 32) ||
		    bstr(map_int(m, -3), &y, &yl, 32))
			return -1;
		ad->point[0] = 0x04;
		memcpy(ad->point + 1, x, 32);
		memcpy(ad->point + 33, y, 32);
		if ((b = OSSL_PARAM_BLD_new()) == NULL)
			return -1;
		if (OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME,
		    "P-256", 0) == 1 &&
		    OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY,
		    ad->point, 65) == 1)
			ad->pk = from_params("EC", b);
	} else if (alg == -8) {
		if (bstr(map_int(m, -2), &x, &xl, 32))
			return -1;
		ad->pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, x, 32);
	} else if (alg == -257) {
		if (bstr(map_int(m, -1), &x, &xl, 0) ||
		    bstr(map_int(m, -2), &y, &yl, 0) || xl > 1024 ||
		    yl > 8)
			return -1;
		n = BN_bin2bn(x, (int)xl, NULL);
		e = BN_bin2bn(y, (int)yl, NULL);
		if (n != NULL && e != NULL && (b = OSSL_PARAM_BLD_new()) != NULL &&
		    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
		    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e) == 1)
			ad->pk = from_params("RSA", b);
	} else
		return -1;
	OSSL_PARAM_BLD_free(b);
	BN_free(n);
	BN_free(e);
	return ad->pk != NULL ? 0 : -1;
}

int
lab_fido_ad_parse(const unsigned char *p, size_t len, struct lab_fido_ad *ad)
{
	cbor_item_t *key;
	size_t off = 37, used = 0;
	int r;

	memset(ad, 0, sizeof(*ad));
	if (len < 37 || len > 4096)
		return -1;
	memcpy(ad->rp_hash, p, 32);
	ad->flags = p[32];
	ad->counter = (uint32_t)p[33] << 24 | (uint32_t)p[34] << 16 |
	    (uint32_t)p[35] << 8 | p[36];
	if (ad->flags & LAB_FL_AT) {
		if (len < off + 18)
			return -1;
		ad->cred_id_len = (size_t)p[off + 16] << 8 | p[off + 17];
		off += 18;
		if (ad->cred_id_len == 0 || ad->cred_id_len > LAB_FIDO_MAX_ID ||
		    len - off < ad->cred_id_len)
			return -1;
		memcpy(ad->cred_id, p + off, ad->cred_id_len);
		off += ad->cred_id_len;
		if (off >= len)
			return -1;
		if ((key = load_prefix(p + off, len - off, &used)) == NULL)
			return -1;
		r = cbor_isa_map(key) ? cose_key(key, ad) : -1;
		cbor_decref(&key);
		if (r != 0)
			return -1;
		off += used;
	}
	ad->extra = len - off; /* extensions (ED) or trailing garbage */
	return 0;
}

void
lab_fido_ad_release(struct lab_fido_ad *ad)
{
	EVP_PKEY_free(ad->pk);
	ad->pk = NULL;
}

int
lab_fido_sig_ok(EVP_PKEY *pk, int alg, const unsigned char *msg, size_t len,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx;
	int ok;

	if (pk == NULL || sig == NULL || siglen == 0 ||
	    (ctx = EVP_MD_CTX_new()) == NULL)
		return 0;
	ok = EVP_DigestVerifyInit(ctx, NULL, alg == -8 ? NULL : EVP_sha256(),
	    NULL, pk) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

int
lab_fido_ao_parse(const unsigned char *p, size_t len, cbor_item_t **root,
    char *fmt, size_t fmtlen, const unsigned char **ad, size_t *adlen,
    cbor_item_t **att_stmt)
{
	size_t used;

	*root = NULL;
	if (len > 16384 || (*root = load_prefix(p, len, &used)) == NULL)
		return -1;
	if (used != len) {
		cbor_decref(root);
		return -1;
	}
	if (!cbor_isa_map(*root) ||
	    text_copy(map_str(*root, "fmt"), fmt, fmtlen) ||
	    bstr(map_str(*root, "authData"), ad, adlen, 0) ||
	    (*att_stmt = map_str(*root, "attStmt")) == NULL ||
	    !cbor_isa_map(*att_stmt)) {
		cbor_decref(root);
		return -1;
	}
	return 0;
}

static EVP_PKEY *
leaf_key(const cbor_item_t *x5c)
{
	const unsigned char *der, *q;
	size_t n;
	X509 *c;
	EVP_PKEY *pk;

	if (x5c == NULL || !cbor_isa_array(x5c) || cbor_array_size(x5c) < 1 ||
	    bstr(cbor_array_handle(x5c)[0], &der, &n, 0) || n > 8192)
		return NULL;
	q = der;
	if ((c = d2i_X509(NULL, &q, (long)n)) == NULL)
		return NULL;
	pk = X509_get_pubkey(c);
	X509_free(c);
	return pk;
}

int
lab_fido_att_verify(const char *fmt, const cbor_item_t *st,
    const unsigned char *ad, size_t adlen, const unsigned char cdh[32],
    const struct lab_fido_ad *pad, int *has_x5c)
{
	const cbor_item_t *x5c = map_str(st, "x5c");
	const unsigned char *sig;
	unsigned char msg[4096 + 32];
	size_t siglen, mlen;
	int64_t alg = -7;
	EVP_PKEY *pk;
	int ok;

	*has_x5c = x5c != NULL;
	if (strcmp(fmt, "none") == 0)
		return cbor_map_size(st) == 0 ? 1 : -1;
	if (bstr(map_str(st, "sig"), &sig, &siglen, 0) ||
	    siglen == 0 || adlen > 4096)
		return -1;
	if (strcmp(fmt, "packed") == 0) {
		if (cbor_int(map_str(st, "alg"), &alg))
			return -1;
		memcpy(msg, ad, adlen);
		memcpy(msg + adlen, cdh, 32);
		mlen = adlen + 32;
		if (x5c == NULL) /* self attestation: the credential key */
			return alg == pad->alg && lab_fido_sig_ok(pad->pk,
			    pad->alg, msg, mlen, sig, siglen);
		if ((pk = leaf_key(x5c)) == NULL)
			return -1;
		ok = lab_fido_sig_ok(pk, (int)alg, msg, mlen, sig, siglen);
		EVP_PKEY_free(pk);
		return ok;
	}
	if (strcmp(fmt, "fido-u2f") == 0) {
		if (pad->alg != -7 || pad->cred_id_len > 1023 ||
		    (pk = leaf_key(x5c)) == NULL)
			return -1;
		msg[0] = 0x00;
		memcpy(msg + 1, pad->rp_hash, 32);
		memcpy(msg + 33, cdh, 32);
		memcpy(msg + 65, pad->cred_id, pad->cred_id_len);
		memcpy(msg + 65 + pad->cred_id_len, pad->point, 65);
		mlen = 65 + pad->cred_id_len + 65;
		ok = lab_fido_sig_ok(pk, -7, msg, mlen, sig, siglen);
		EVP_PKEY_free(pk);
		return ok;
	}
	return -1;
}
