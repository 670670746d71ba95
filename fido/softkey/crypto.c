/*
 * Key material of the software key: credential key pairs (ES256, EdDSA,
 * RS256), signatures, COSE_Key encoding, and the key's own test CA that
 * issues its packed / fido-u2f attestation certificate.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/skcbor.h"
#include "fido/softkey/softkey_int.h"

/*
 * P-256 key pairs from one prepared context: setting the group up for
 * every key costs as much as the key itself (bench_fido measures it).
 * The software key is driven from one thread, like a USB key.
 */
static EVP_PKEY *
ec_keygen(void)
{
	static EVP_PKEY_CTX *ctx;
	EVP_PKEY *k = NULL;

	if (ctx == NULL) {
		EVP_PKEY_CTX *n = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);

		if (n == NULL || EVP_PKEY_keygen_init(n) != 1 ||
		    EVP_PKEY_CTX_set_group_name(n, "P-256") != 1) {
			EVP_PKEY_CTX_free(n);
			return NULL;
		}
		ctx = n;
	}
	if (EVP_PKEY_keygen(ctx, &k) != 1)
		return NULL;
	return k;
}

int
aa_fido_sk_keygen(int alg, EVP_PKEY **out)
{
	EVP_PKEY *k = NULL;

	*out = NULL;
	switch (alg) {
	case AA_FIDO_ALG_ES256:
		k = ec_keygen();
		break;
	case AA_FIDO_ALG_EDDSA:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		break;
	case AA_FIDO_ALG_RS256:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	default:
		return AA_ERR_UNSUPPORTED;
	}
	if (k == NULL)
		return AA_ERR_CRYPTO;
	*out = k;
	return AA_OK;
}

/* SHA-256 fetched once, not looked up again for every signature. */
static const EVP_MD *
sha256(void)
{
	static EVP_MD *md;

	if (md == NULL)
		md = EVP_MD_fetch(NULL, "SHA256", NULL);
	return md;
}

/*
 * An ES256 signature with a signing context kept for the key (*prep, made
 * on first use and kept by the caller for the key's lifetime): a ceremony
 * costs the signature, not the provider lookups of setting one up.
 */
static int
es256_sign_prepared(EVP_PKEY *key, EVP_PKEY_CTX **prep,
    const unsigned char *msg, size_t len, unsigned char *sig, size_t *siglen)
{
	unsigned char dgst[32];
	unsigned int dl = sizeof(dgst);
	size_t n = AA_FIDO_SK_SIG_MAX;
	int r = AA_ERR_CRYPTO;

	if (*prep != NULL && EVP_PKEY_CTX_get0_pkey(*prep) != key) {
		EVP_PKEY_CTX_free(*prep);
		*prep = NULL;
	}
	if (*prep == NULL) {
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);

		if (c == NULL || EVP_PKEY_sign_init(c) != 1) {
			EVP_PKEY_CTX_free(c);
			return AA_ERR_CRYPTO;
		}
		*prep = c;
	}
	if (sha256() == NULL ||
	    EVP_Digest(msg, len, dgst, &dl, sha256(), NULL) != 1 || dl != 32)
		goto out;
	if (EVP_PKEY_sign(*prep, sig, &n, dgst, sizeof(dgst)) != 1)
		goto out;
	*siglen = n;
	r = AA_OK;
out:
	aa_wipe(dgst, sizeof(dgst));
	return r;
}

int
aa_fido_sk_sign(EVP_PKEY *key, int alg, EVP_PKEY_CTX **prep,
    const unsigned char *msg, size_t len, unsigned char *sig, size_t *siglen)
{
	EVP_MD_CTX *ctx = NULL;
	const EVP_MD *md = alg == AA_FIDO_ALG_EDDSA ? NULL : EVP_sha256();
	size_t n = AA_FIDO_SK_SIG_MAX;
	int r = AA_ERR_CRYPTO;

	if (alg == AA_FIDO_ALG_ES256 && prep != NULL)
		return es256_sign_prepared(key, prep, msg, len, sig, siglen);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto out;
	if (EVP_DigestSignInit(ctx, NULL, md, NULL, key) != 1)
		goto out;
	if (EVP_DigestSign(ctx, NULL, &n, msg, len) != 1 ||
	    n > AA_FIDO_SK_SIG_MAX)
		goto out;
	if (EVP_DigestSign(ctx, sig, &n, msg, len) != 1)
		goto out;
	*siglen = n;
	r = AA_OK;
out:
	EVP_MD_CTX_free(ctx);
	return r;
}

int
aa_fido_sk_ec_point(EVP_PKEY *key, unsigned char out[65])
{
	size_t n = 0;

	if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out,
	    65, &n) != 1 || n != 65 || out[0] != 0x04)
		return AA_ERR_CRYPTO;
	return AA_OK;
}

/* A big-endian member of an RSA key as a byte string. */
static int
bn_put(EVP_PKEY *key, const char *name, struct aa_fido_cbw *w)
{
	BIGNUM *bn = NULL;
	unsigned char buf[512];
	int n, r = AA_ERR_CRYPTO;

	if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
		return AA_ERR_CRYPTO;
	n = BN_num_bytes(bn);
	if (n > 0 && n <= (int)sizeof(buf) && BN_bn2bin(bn, buf) == n) {
		aa_fido_cbw_bytes(w, buf, (size_t)n);
		r = AA_OK;
	}
	BN_free(bn);
	return r;
}

/* A COSE_Key map of `pairs` members, its first three: 1 kty, 3 alg,
 * -1 crv. */
static void
cose_head(struct aa_fido_cbw *w, size_t pairs, int kty, int64_t alg,
    int crv)
{
	aa_fido_cbw_map(w, pairs);
	aa_fido_cbw_int(w, 1);
	aa_fido_cbw_int(w, kty);
	aa_fido_cbw_int(w, 3);
	aa_fido_cbw_int(w, alg);
	aa_fido_cbw_int(w, -1);
	aa_fido_cbw_int(w, crv);
}

/*
 * COSE_Key (RFC 8152 §13) of key in CTAP2 canonical key order (1, 3, -1,
 * -2, -3). label is the alg member: the credential's alg, or -25
 * (ECDH-ES+HKDF-256) for the PIN protocol's key agreement. A failure is
 * also w's (aa_fido_cbw_fail).
 */
int
aa_fido_sk_cose(EVP_PKEY *key, int alg, int64_t label, struct aa_fido_cbw *w)
{
	unsigned char pt[65];
	size_t n = sizeof(pt);

	switch (alg) {
	case AA_FIDO_ALG_ES256:
		if (aa_fido_sk_ec_point(key, pt) != AA_OK)
			return aa_fido_cbw_fail(w, AA_ERR_CRYPTO);
		cose_head(w, 5, 2, label, 1); /* EC2, P-256 */
		aa_fido_cbw_int(w, -2);
		aa_fido_cbw_bytes(w, pt + 1, 32);
		aa_fido_cbw_int(w, -3);
		aa_fido_cbw_bytes(w, pt + 33, 32);
		break;
	case AA_FIDO_ALG_EDDSA:
		if (EVP_PKEY_get_raw_public_key(key, pt, &n) != 1 || n != 32)
			return aa_fido_cbw_fail(w, AA_ERR_CRYPTO);
		cose_head(w, 4, 1, label, 6); /* OKP, Ed25519 */
		aa_fido_cbw_int(w, -2);
		aa_fido_cbw_bytes(w, pt, 32);
		break;
	case AA_FIDO_ALG_RS256:
		aa_fido_cbw_map(w, 4);
		aa_fido_cbw_int(w, 1);
		aa_fido_cbw_int(w, 3);
		aa_fido_cbw_int(w, 3);
		aa_fido_cbw_int(w, label);
		aa_fido_cbw_int(w, -1);
		if (bn_put(key, OSSL_PKEY_PARAM_RSA_N, w) != AA_OK)
			return aa_fido_cbw_fail(w, AA_ERR_CRYPTO);
		aa_fido_cbw_int(w, -2);
		if (bn_put(key, OSSL_PKEY_PARAM_RSA_E, w) != AA_OK)
			return aa_fido_cbw_fail(w, AA_ERR_CRYPTO);
		break;
	default:
		return aa_fido_cbw_fail(w, AA_ERR_CRYPTO);
	}
	return w->err;
}

int
aa_fido_sk_sha256(const void *p, size_t len, unsigned char out[32])
{
	unsigned int n = 32;

	if (sha256() == NULL ||
	    EVP_Digest(p, len, out, &n, sha256(), NULL) != 1 || n != 32)
		return AA_ERR_CRYPTO;
	return AA_OK;
}

static int
name_add(X509_NAME *nm, const char *field, const char *val)
{
	return X509_NAME_add_entry_by_txt(nm, field, MBSTRING_UTF8,
	    (const unsigned char *)val, -1, -1, 0) == 1 ? AA_OK : AA_ERR_CRYPTO;
}

static int
ext_add(X509 *c, X509 *issuer, int nid, const char *val)
{
	X509V3_CTX v3;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx(&v3, issuer, c, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &v3, nid, val)) == NULL)
		return AA_ERR_CRYPTO;
	ok = X509_add_ext(c, e, -1);
	X509_EXTENSION_free(e);
	return ok == 1 ? AA_OK : AA_ERR_CRYPTO;
}

/* One certificate: CA (issuer == NULL, self-signed) or attestation leaf. */
static int
make_cert(EVP_PKEY *key, EVP_PKEY *signer, X509 *issuer, X509 **out)
{
	X509 *c = NULL;
	X509_NAME *nm = NULL;
	unsigned char serial[16];
	BIGNUM *bn = NULL;
	int r = AA_ERR_CRYPTO;

	*out = NULL;
	if ((c = X509_new()) == NULL || X509_set_version(c, 2) != 1)
		goto out;
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto out;
	serial[0] &= 0x7f;
	if ((bn = BN_bin2bn(serial, sizeof(serial), NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c)) == NULL)
		goto out;
	if (X509_gmtime_adj(X509_getm_notBefore(c), -86400) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(c), 86400L * 3650) == NULL)
		goto out;
	if ((nm = X509_NAME_new()) == NULL)
		goto out;
	if (issuer == NULL) {
		if (name_add(nm, "O", "auth-audit") ||
		    name_add(nm, "CN", "auth-audit soft key test CA"))
			goto out;
	} else if (name_add(nm, "C", "US") || name_add(nm, "O", "auth-audit") ||
	    name_add(nm, "OU", "Authenticator Attestation") ||
	    name_add(nm, "CN", "auth-audit soft key"))
		goto out;
	if (X509_set_subject_name(c, nm) != 1 ||
	    X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : nm) != 1 ||
	    X509_set_pubkey(c, key) != 1)
		goto out;
	if (ext_add(c, issuer ? issuer : c, NID_basic_constraints,
	    issuer ? "critical,CA:FALSE" : "critical,CA:TRUE"))
		goto out;
	if (issuer == NULL &&
	    ext_add(c, c, NID_key_usage, "critical,keyCertSign,cRLSign"))
		goto out;
	if (X509_sign(c, signer, EVP_sha256()) <= 0)
		goto out;
	*out = c;
	c = NULL;
	r = AA_OK;
out:
	X509_NAME_free(nm);
	BN_free(bn);
	X509_free(c);
	return r;
}

int
aa_fido_sk_cert_der(X509 *c, unsigned char **der, size_t *len)
{
	unsigned char *p = NULL;
	int n;

	*der = NULL;
	if ((n = i2d_X509(c, &p)) <= 0)
		return AA_ERR_CRYPTO;
	*der = p;
	*len = (size_t)n;
	return AA_OK;
}

int
aa_fido_sk_make_ca(struct aa_fido_softkey *k)
{
	int r;

	if ((r = aa_fido_sk_keygen(AA_FIDO_ALG_ES256, &k->ca_key)) != AA_OK ||
	    (r = aa_fido_sk_keygen(AA_FIDO_ALG_ES256, &k->att_key)) != AA_OK)
		return r;
	if ((r = make_cert(k->ca_key, k->ca_key, NULL, &k->ca_cert)) != AA_OK)
		return r;
	return make_cert(k->att_key, k->ca_key, k->ca_cert, &k->att_cert);
}

int
aa_fido_sk_key_der(EVP_PKEY *key, unsigned char **der, size_t *len)
{
	unsigned char *p = NULL;
	int n;

	*der = NULL;
	if ((n = i2d_PrivateKey(key, &p)) <= 0)
		return AA_ERR_CRYPTO;
	*der = p;
	*len = (size_t)n;
	return AA_OK;
}

int
aa_fido_sk_key_from_der(const unsigned char *der, size_t len, EVP_PKEY **out)
{
	const unsigned char *p = der;

	if (len > LONG_MAX)
		return AA_ERR_PARSE;
	*out = d2i_AutoPrivateKey(NULL, &p, (long)len);
	return *out != NULL ? AA_OK : AA_ERR_PARSE;
}
