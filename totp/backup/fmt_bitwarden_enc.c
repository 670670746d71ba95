/*
 * Bitwarden password-protected JSON export (research/totp.md §1.7):
 * key = PBKDF2-HMAC-SHA256(password, salt string, kdfIterations, 32)
 * (kdfType 0) or Argon2id(password, SHA-256(salt string), kdfIterations
 * passes, kdfMemory MiB, kdfParallelism lanes, 32) (kdfType 1, as
 * Bitwarden's SDK derives it), stretched with HKDF-Expand-SHA256 into an
 * AES key ("enc") and an HMAC key ("mac"); `encKeyValidation_DO_NOT_EDIT`
 * and `data` are EncStrings of type 2: "2." base64(iv) "|" base64(ct) "|"
 * base64(mac), where mac = HMAC-SHA256(mac key, iv || ct) and ct is
 * AES-256-CBC (PKCS#7).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

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

/* A positive JSON integer member, clamped to UINT32_MAX (which the KDF
 * limits then refuse); 0 when absent or not positive. */
static uint32_t
u32(const json_t *root, const char *name)
{
	long v = aa_totp_jint(root, name, 0);

	if (v <= 0)
		return 0;
	return (unsigned long)v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* The 32-byte master key of kdfType 0 or 1. */
static int
master_key(const json_t *root, const struct aa_totp_read_opts *o,
    unsigned char key[32], struct aa_diag *diag)
{
	const char *salt = aa_totp_jstr(root, "salt");
	long type = aa_totp_jint(root, "kdfType", 0);
	uint32_t iter = u32(root, "kdfIterations"), mib, lanes;
	unsigned char h[32];
	unsigned int n = 0;
	int r;

	if (salt == NULL || iter == 0)
		return aa_diag_set(diag, AA_ERR_PARSE, "bitwarden: salt or "
		    "kdfIterations missing");
	if (type == 0)
		return aa_totp_pbkdf2("SHA256", o->password,
		    (const unsigned char *)salt, strlen(salt), iter, &o->kdf,
		    key, diag);
	if (type != 1)
		return aa_diag_set(diag, AA_ERR_UNSUPPORTED, "bitwarden: "
		    "unknown kdfType %ld", type);
	mib = u32(root, "kdfMemory");
	lanes = u32(root, "kdfParallelism");
	if (mib == 0 || lanes == 0)
		return aa_diag_set(diag, AA_ERR_PARSE, "bitwarden: Argon2id "
		    "export without kdfMemory/kdfParallelism");
	/* Argon2 wants a salt of fixed size: Bitwarden hashes the string. */
	if (EVP_Digest(salt, strlen(salt), h, &n, EVP_sha256(), NULL) != 1)
		return aa_diag_set(diag, AA_ERR_CRYPTO, "bitwarden: SHA-256");
	r = aa_totp_argon2id(o->password, h, sizeof(h), iter,
	    (uint64_t)mib << 20, lanes, &o->kdf, key, diag);
	aa_wipe(h, sizeof(h));
	return r;
}

int
aa_totp_bitwarden_open(const json_t *root, const struct aa_totp_read_opts *o,
    json_t **plain, struct aa_diag *diag)
{
	unsigned char key[32], enc[32], mac[32], *pt = NULL;
	size_t ptlen = 0;
	int r;

	*plain = NULL;
	if ((r = master_key(root, o, key, diag)) != AA_OK)
		return r;
	if ((r = aa_totp_hkdf_expand(key, "enc", enc, 32)) != AA_OK ||
	    (r = aa_totp_hkdf_expand(key, "mac", mac, 32)) != AA_OK)
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
