/*
 * KDFs and AES-GCM for backup readers and fixture writers (OpenSSL 3).
 * Limits are checked before deriving so a hostile header cannot make the
 * scanner allocate gigabytes or spin for hours.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "auth-audit/core/err.h"
#include "totp/kdf.h"

void
aa_totp_kdf_limits_default(struct aa_totp_kdf_limits *l)
{
	l->scrypt_mem_max = AA_TOTP_SCRYPT_MEM_MAX;
	l->pbkdf2_iter_max = AA_TOTP_PBKDF2_ITER_MAX;
	l->work_file_max = AA_TOTP_KDF_WORK_FILE;
	l->work_scan_max = AA_TOTP_KDF_WORK_SCAN;
	l->work = NULL;
	l->argon2_mem_max = AA_TOTP_ARGON2_MEM_MAX;
	l->argon2_t_max = AA_TOTP_ARGON2_T_MAX;
	l->argon2_work_max = AA_TOTP_ARGON2_WORK_MAX;
}

int
aa_totp_kdf_charge(const struct aa_totp_kdf_limits *lim, uint64_t cost,
    struct aa_diag *diag)
{
	struct aa_totp_kdf_work *w = lim->work;

	if (w == NULL)
		return AA_OK;
	if (cost > lim->work_file_max || w->file > lim->work_file_max - cost)
		return aa_diag_set(diag, AA_ERR_DENIED, "KDF work budget of "
		    "one file spent (%llu units, the limit is %llu)",
		    (unsigned long long)(w->file + cost),
		    (unsigned long long)lim->work_file_max);
	if (w->scan > lim->work_scan_max || cost > lim->work_scan_max -
	    w->scan)
		return aa_diag_set(diag, AA_ERR_DENIED, "KDF work budget of "
		    "the scan spent (limit %llu units): file not opened",
		    (unsigned long long)lim->work_scan_max);
	w->file += cost;
	w->scan += cost;
	return AA_OK;
}

int
aa_totp_scrypt(const aa_secret_t *pw, const unsigned char *salt,
    size_t saltlen, uint64_t n, uint64_t r, uint64_t p,
    const struct aa_totp_kdf_limits *lim, unsigned char key[32],
    struct aa_diag *diag)
{
	uint64_t mem, maxmem;
	int rc;

	if (n < 2 || (n & (n - 1)) != 0 || r == 0 || p == 0)
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "scrypt parameters invalid (N=%llu r=%llu p=%llu)",
		    (unsigned long long)n, (unsigned long long)r,
		    (unsigned long long)p);
	if (r > lim->scrypt_mem_max / 128 || n > lim->scrypt_mem_max / 128 / r ||
	    p > AA_TOTP_SCRYPT_P_MAX)
		return aa_diag_set(diag, AA_ERR_DENIED,
		    "scrypt N=%llu r=%llu p=%llu exceeds the limit (N*r*128 <= "
		    "%llu bytes, p <= %d)", (unsigned long long)n,
		    (unsigned long long)r, (unsigned long long)p,
		    (unsigned long long)lim->scrypt_mem_max, AA_TOTP_SCRYPT_P_MAX);
	if ((rc = aa_totp_kdf_charge(lim, n * r * p, diag)) != AA_OK)
		return rc;
	mem = n * r * 128;
	/* OpenSSL's default maxmem (32 MiB) is too small for Aegis's N=2^15. */
	maxmem = mem + (p + 2) * r * 128 + 1024 * 1024;
	if (EVP_PBE_scrypt((const char *)pw->ptr, pw->len, salt, saltlen, n, r,
	    p, maxmem, key, 32) != 1)
		return aa_diag_set(diag, AA_ERR_CRYPTO, "scrypt failed");
	return AA_OK;
}

int
aa_totp_pbkdf2(const char *md, const aa_secret_t *pw,
    const unsigned char *salt, size_t saltlen, uint64_t iter,
    const struct aa_totp_kdf_limits *lim, unsigned char key[32],
    struct aa_diag *diag)
{
	const EVP_MD *m;
	int r;

	if (strcmp(md, "SHA1") == 0)
		m = EVP_sha1();
	else if (strcmp(md, "SHA256") == 0)
		m = EVP_sha256();
	else if (strcmp(md, "SHA512") == 0)
		m = EVP_sha512();
	else
		return AA_ERR_ARG;
	if (iter == 0 || iter > lim->pbkdf2_iter_max || iter > INT32_MAX)
		return aa_diag_set(diag, AA_ERR_DENIED,
		    "PBKDF2 iterations %llu outside 1..%lu",
		    (unsigned long long)iter, lim->pbkdf2_iter_max);
	if (saltlen > INT32_MAX || pw->len > INT32_MAX)
		return AA_ERR_ARG;
	if ((r = aa_totp_kdf_charge(lim, iter, diag)) != AA_OK)
		return r;
	if (PKCS5_PBKDF2_HMAC((const char *)pw->ptr, (int)pw->len, salt,
	    (int)saltlen, (int)iter, m, 32, key) != 1)
		return aa_diag_set(diag, AA_ERR_CRYPTO, "PBKDF2 failed");
	return AA_OK;
}

int
aa_totp_sha256(const aa_secret_t *pw, unsigned char key[32])
{
	unsigned int n = 0;

	if (EVP_Digest(pw->ptr, pw->len, key, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32)
		return AA_ERR_CRYPTO;
	return AA_OK;
}

int
aa_totp_hkdf_expand(const unsigned char prk[32], const char *info,
    unsigned char *out, size_t outlen)
{
	EVP_KDF *kdf = NULL;
	EVP_KDF_CTX *c = NULL;
	OSSL_PARAM p[5];
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY, r = AA_ERR_CRYPTO;

	if (outlen == 0 || outlen > 255 * 32 || info == NULL)
		return AA_ERR_ARG;
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	p[1] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	p[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)prk, 32);
	p[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    (void *)info, strlen(info));
	p[4] = OSSL_PARAM_construct_end();
	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL ||
	    (c = EVP_KDF_CTX_new(kdf)) == NULL)
		goto out;
	if (EVP_KDF_derive(c, out, outlen, p) == 1)
		r = AA_OK;
out:
	EVP_KDF_CTX_free(c);
	EVP_KDF_free(kdf);
	return r;
}

static int
gcm(int enc, const unsigned char key[32], const unsigned char *iv,
    size_t ivlen, const unsigned char *in, size_t len, unsigned char *out,
    unsigned char tag[16])
{
	EVP_CIPHER_CTX *c = NULL;
	int n = 0, r = AA_ERR_CRYPTO;

	if (len > INT32_MAX || ivlen == 0 || ivlen > 64)
		return AA_ERR_ARG;
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return AA_ERR_NOMEM;
	if (EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int)ivlen, NULL) != 1 ||
	    EVP_CipherInit_ex(c, NULL, NULL, key, iv, enc) != 1)
		goto out;
	if (len > 0 && EVP_CipherUpdate(c, out, &n, in, (int)len) != 1)
		goto out;
	if (!enc && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag) != 1)
		goto out;
	if (EVP_CipherFinal_ex(c, out + n, &n) != 1) {
		r = enc ? AA_ERR_CRYPTO : AA_ERR_PASSWORD;
		if (!enc)
			OPENSSL_cleanse(out, len);
		goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) != 1)
		goto out;
	r = AA_OK;
out:
	EVP_CIPHER_CTX_free(c);
	return r;
}

int
aa_totp_gcm_open(const unsigned char key[32], const unsigned char *iv,
    size_t ivlen, const unsigned char *ct, size_t ctlen,
    const unsigned char tag[16], unsigned char *out)
{
	unsigned char t[16];

	memcpy(t, tag, 16);
	return gcm(0, key, iv, ivlen, ct, ctlen, out, t);
}

int
aa_totp_gcm_seal(const unsigned char key[32], const unsigned char *iv,
    size_t ivlen, const unsigned char *pt, size_t ptlen, unsigned char *out,
    unsigned char tag[16])
{
	return gcm(1, key, iv, ivlen, pt, ptlen, out, tag);
}

int
aa_totp_hex_decode(const char *in, size_t len, size_t max,
    unsigned char **out, size_t *outlen)
{
	unsigned char *d;

	*out = NULL;
	*outlen = 0;
	if (len % 2 != 0)
		return AA_ERR_PARSE;
	if (len / 2 > max)
		return AA_ERR_TOOBIG;
	if ((d = malloc(len / 2 + 1)) == NULL)
		return AA_ERR_NOMEM;
	for (size_t i = 0; i < len; i += 2) {
		int h = OPENSSL_hexchar2int((unsigned char)in[i]);
		int l = OPENSSL_hexchar2int((unsigned char)in[i + 1]);

		if (h < 0 || l < 0) {
			free(d);
			return AA_ERR_PARSE;
		}
		d[i / 2] = (unsigned char)(h * 16 + l);
	}
	*out = d;
	*outlen = len / 2;
	return AA_OK;
}
