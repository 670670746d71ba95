/*
 * Bitwarden password-protected JSON export (research/totp.md §1.7):
 * key = PBKDF2-HMAC-SHA256(password, salt string, kdfIterations, 32),
 * stretched with HKDF-Expand-SHA256 into an AES key ("enc") and an HMAC
 * key ("mac"); `encKeyValidation_DO_NOT_EDIT` and `data` are EncStrings
 * of type 2: "2." base64(iv) "|" base64(ct) "|" base64(mac), where
 * mac = HMAC-SHA256(mac key, iv || ct) and ct is AES-256-CBC (PKCS#7).
 * Argon2id exports (kdfType 1) need a library OpenSSL 3.0 lacks.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

/* HKDF-Expand with one output block: HMAC-SHA256(prk, info || 0x01). */
static int
expand(const unsigned char prk[32], const char *info, unsigned char out[32])
{
	unsigned char msg[8];
	unsigned int n = 0;
	size_t l = strlen(info);

	memcpy(msg, info, l);
	msg[l] = 1;
	return HMAC(EVP_sha256(), prk, 32, msg, l + 1, out, &n) != NULL &&
	    n == 32 ? AA_OK : AA_ERR_CRYPTO;
}

/* Decrypt EncString s with enc/mac keys into a new NUL-terminated buffer. */
static int
open_encstring(const char *s, const unsigned char enc[32],
    const unsigned char mac[32], unsigned char **out, size_t *outlen)
{
	const char *p1, *p2;
	unsigned char *iv = NULL, *ct = NULL, *tag = NULL, *pt = NULL;
	unsigned char want[32], *ivct = NULL;
	size_t ivlen = 0, ctlen = 0, taglen = 0;
	unsigned int n = 0;
	EVP_CIPHER_CTX *c = NULL;
	int l1 = 0, l2 = 0, r = AA_ERR_PARSE;

	*out = NULL;
	if (s == NULL || strncmp(s, "2.", 2) != 0 ||
	    (p1 = strchr(s + 2, '|')) == NULL || (p2 = strchr(p1 + 1, '|')) == NULL)
		return AA_ERR_PARSE;
	if (aa_b64_decode_new(AA_B64_LAX, s + 2, (size_t)(p1 - s - 2), 64, &iv,
	    &ivlen) ||
	    aa_b64_decode_new(AA_B64_LAX, p1 + 1, (size_t)(p2 - p1 - 1),
	    AA_TOTP_FILE_MAX, &ct, &ctlen) ||
	    aa_b64_decode_new(AA_B64_LAX, p2 + 1, strlen(p2 + 1), 64, &tag,
	    &taglen) || ivlen != 16 || taglen != 32 || ctlen == 0 ||
	    ctlen % 16 != 0 || ctlen > INT32_MAX - 32)
		goto out;
	r = AA_ERR_NOMEM;
	if ((ivct = malloc(ivlen + ctlen)) == NULL ||
	    (pt = malloc(ctlen + 17)) == NULL)
		goto out;
	memcpy(ivct, iv, ivlen);
	memcpy(ivct + ivlen, ct, ctlen);
	r = AA_ERR_CRYPTO;
	if (HMAC(EVP_sha256(), mac, 32, ivct, ivlen + ctlen, want, &n) == NULL)
		goto out;
	if (!aa_ct_eq(want, tag, 32)) {
		r = AA_ERR_PASSWORD;
		goto out;
	}
	if ((c = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_DecryptInit_ex(c, EVP_aes_256_cbc(), NULL, enc, iv) != 1 ||
	    EVP_DecryptUpdate(c, pt, &l1, ct, (int)ctlen) != 1 ||
	    EVP_DecryptFinal_ex(c, pt + l1, &l2) != 1)
		goto out;
	pt[l1 + l2] = '\0';
	*out = pt;
	*outlen = (size_t)(l1 + l2);
	pt = NULL;
	r = AA_OK;
out:
	EVP_CIPHER_CTX_free(c);
	if (pt != NULL)
		aa_freezero(pt, ctlen + 17);
	free(ivct);
	free(iv);
	free(ct);
	free(tag);
	return r;
}

int
aa_totp_bitwarden_open(const json_t *root, const struct aa_totp_read_opts *o,
    json_t **plain, struct aa_diag *diag)
{
	const char *salt = aa_totp_jstr(root, "salt");
	long iter = aa_totp_jint(root, "kdfIterations", 0);
	unsigned char key[32], enc[32], mac[32], *pt = NULL;
	size_t ptlen = 0;
	int r;

	*plain = NULL;
	if (salt == NULL || iter <= 0)
		return aa_diag_set(diag, AA_ERR_PARSE, "bitwarden: salt or "
		    "kdfIterations missing");
	if ((r = aa_totp_pbkdf2("SHA256", o->password,
	    (const unsigned char *)salt, strlen(salt), (uint64_t)iter, &o->kdf,
	    key, diag)) != AA_OK)
		return r;
	if ((r = expand(key, "enc", enc)) != AA_OK ||
	    (r = expand(key, "mac", mac)) != AA_OK)
		goto out;
	r = open_encstring(aa_totp_jstr(root, "encKeyValidation_DO_NOT_EDIT"),
	    enc, mac, &pt, &ptlen);
	if (r == AA_OK) {
		aa_freezero(pt, ptlen + 1);
		pt = NULL;
		r = open_encstring(aa_totp_jstr(root, "data"), enc, mac, &pt,
		    &ptlen);
	}
	if (r != AA_OK) {
		aa_diag_set(diag, r, r == AA_ERR_PASSWORD ? "bitwarden: wrong "
		    "password or corrupted export (MAC mismatch)" :
		    "bitwarden: malformed or truncated encrypted data");
		goto out;
	}
	if ((*plain = json_loadb((const char *)pt, ptlen, 0, NULL)) == NULL)
		r = aa_diag_set(diag, AA_ERR_PARSE, "bitwarden: decrypted data is "
		    "not JSON");
out:
	aa_wipe(key, sizeof(key));
	aa_wipe(enc, sizeof(enc));
	aa_wipe(mac, sizeof(mac));
	if (pt != NULL)
		aa_freezero(pt, ptlen + 1);
	return r;
}
