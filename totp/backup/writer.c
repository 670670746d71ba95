/*
 * Fixture writers (see writer.h). Layouts mirror the readers exactly.
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sodium.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/kdf.h"
#include "totp/backup/writer.h"

/* 2FAS's password check: a fixed string the app encrypts as "reference". */
#define TWOFAS_REFERENCE "auth-audit generated 2FAS reference block"

static void
hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* Padded standard base64 of p into *out, as the apps write it. */
static int
b64_std(const void *p, size_t n, char **out)
{
	return (*out = aa_b64_encode(AA_B64_STD, p, n)) != NULL ? AA_OK :
	    AA_ERR_NOMEM;
}

static struct aa_totp_kdf_limits
lim(void)
{
	struct aa_totp_kdf_limits l;

	aa_totp_kdf_limits_default(&l);
	l.scrypt_mem_max = UINT64_MAX / 2;  /* writers may build absurd files */
	l.pbkdf2_iter_max = 0xffffffffu;
	l.argon2_work_max = UINT64_MAX;
	return l;
}

int
aa_totp_seal_aegis(const char *db_json, const aa_secret_t *pw, uint64_t n,
    uint64_t r, uint64_t p, char **out)
{
	struct aa_totp_kdf_limits l = lim();
	unsigned char master[32], kek[32], salt[32], kn[12], ktag[16], wk[32];
	unsigned char dn[12], dtag[16], *ct = NULL;
	char hsalt[65], hkn[25], hktag[33], hwk[65], hdn[25], hdtag[33];
	char *b64 = NULL;
	size_t len = strlen(db_json);
	json_t *doc = NULL;
	int rc = AA_ERR_CRYPTO;

	*out = NULL;
	if (RAND_bytes(master, 32) != 1 || RAND_bytes(salt, 32) != 1 ||
	    RAND_bytes(kn, 12) != 1 || RAND_bytes(dn, 12) != 1)
		goto done;
	if ((rc = aa_totp_scrypt(pw, salt, 32, n, r, p, &l, kek, NULL)) != AA_OK ||
	    (rc = aa_totp_gcm_seal(kek, kn, 12, master, 32, wk, ktag)) != AA_OK)
		goto done;
	rc = AA_ERR_NOMEM;
	if ((ct = malloc(len + 1)) == NULL)
		goto done;
	if ((rc = aa_totp_gcm_seal(master, dn, 12, (const unsigned char *)db_json,
	    len, ct, dtag)) != AA_OK || (rc = b64_std(ct, len,
	    &b64)) != AA_OK)
		goto done;
	hex(salt, 32, hsalt);
	hex(kn, 12, hkn);
	hex(ktag, 16, hktag);
	hex(wk, 32, hwk);
	hex(dn, 12, hdn);
	hex(dtag, 16, hdtag);
	rc = AA_ERR_NOMEM;
	doc = json_pack("{s:i,s:{s:[{s:i,s:s,s:s,s:{s:s,s:s},s:I,s:I,s:I,s:s}],"
	    "s:{s:s,s:s}},s:s}", "version", 1, "header", "slots", "type", 1,
	    "uuid", "00000000-0000-4000-8000-000000000001", "key", hwk,
	    "key_params", "nonce", hkn, "tag", hktag, "n", (json_int_t)n, "r",
	    (json_int_t)r, "p", (json_int_t)p, "salt", hsalt, "params", "nonce",
	    hdn, "tag", hdtag, "db", b64);
	if (doc != NULL && (*out = json_dumps(doc, JSON_INDENT(2))) != NULL)
		rc = AA_OK;
done:
	aa_wipe(master, sizeof(master));
	aa_wipe(kek, sizeof(kek));
	json_decref(doc);
	free(b64);
	free(ct);
	return rc;
}

int
aa_totp_seal_andotp(const char *accounts_json, const aa_secret_t *pw,
    uint32_t iter, unsigned char **out, size_t *outlen)
{
	struct aa_totp_kdf_limits l = lim();
	size_t len = strlen(accounts_json), hdr = iter ? 4 + 12 + 12 : 12;
	unsigned char key[32], *b;
	int rc;

	*out = NULL;
	if ((b = malloc(hdr + len + 16)) == NULL)
		return AA_ERR_NOMEM;
	if (iter) {
		b[0] = (unsigned char)(iter >> 24);
		b[1] = (unsigned char)(iter >> 16);
		b[2] = (unsigned char)(iter >> 8);
		b[3] = (unsigned char)iter;
		if (RAND_bytes(b + 4, 24) != 1) {
			rc = AA_ERR_CRYPTO;
			goto done;
		}
		rc = aa_totp_pbkdf2("SHA1", pw, b + 4, 12, iter, &l, key, NULL);
	} else if (RAND_bytes(b, 12) != 1)
		rc = AA_ERR_CRYPTO;
	else
		rc = aa_totp_sha256(pw, key);
	if (rc != AA_OK)
		goto done;
	if ((rc = aa_totp_gcm_seal(key, b + hdr - 12, 12,
	    (const unsigned char *)accounts_json, len, b + hdr,
	    b + hdr + len)) != AA_OK)
		goto done;
	*out = b;
	*outlen = hdr + len + 16;
	b = NULL;
done:
	aa_wipe(key, sizeof(key));
	free(b);
	return rc;
}

/* base64(ct||tag):base64(salt):base64(iv) */
static int
twofas_blob(const unsigned char key[32], const unsigned char *salt,
    const char *pt, char **out)
{
	size_t len = strlen(pt);
	unsigned char iv[12], *ct = NULL;
	char *a = NULL, *bs = NULL, *c = NULL;
	int rc = AA_ERR_NOMEM;

	*out = NULL;
	if (RAND_bytes(iv, 12) != 1)
		return AA_ERR_CRYPTO;
	if ((ct = malloc(len + 16)) == NULL)
		goto done;
	if ((rc = aa_totp_gcm_seal(key, iv, 12, (const unsigned char *)pt, len,
	    ct, ct + len)) != AA_OK)
		goto done;
	if ((rc = b64_std(ct, len + 16, &a)) != AA_OK ||
	    (rc = b64_std(salt, 256, &bs)) != AA_OK ||
	    (rc = b64_std(iv, 12, &c)) != AA_OK)
		goto done;
	rc = AA_ERR_NOMEM;
	len = strlen(a) + strlen(bs) + strlen(c) + 3;
	if ((*out = malloc(len)) == NULL)
		goto done;
	snprintf(*out, len, "%s:%s:%s", a, bs, c);
	rc = AA_OK;
done:
	free(ct);
	free(a);
	free(bs);
	free(c);
	return rc;
}

int
aa_totp_seal_2fas(const char *services_json, const aa_secret_t *pw,
    char **out)
{
	struct aa_totp_kdf_limits l = lim();
	unsigned char salt[256], key[32];
	char *enc = NULL, *ref = NULL;
	json_t *doc = NULL;
	int rc;

	*out = NULL;
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return AA_ERR_CRYPTO;
	if ((rc = aa_totp_pbkdf2("SHA256", pw, salt, sizeof(salt), 10000, &l,
	    key, NULL)) != AA_OK ||
	    (rc = twofas_blob(key, salt, services_json, &enc)) != AA_OK ||
	    (rc = twofas_blob(key, salt, TWOFAS_REFERENCE, &ref)) != AA_OK)
		goto done;
	rc = AA_ERR_NOMEM;
	doc = json_pack("{s:[],s:[],s:I,s:i,s:i,s:s,s:s,s:s,s:s}", "services",
	    "groups", "updatedAt", (json_int_t)1700000000000LL, "schemaVersion", 4,
	    "appVersionCode", 5000009, "appVersionName", "5.1.0", "appOrigin",
	    "android", "servicesEncrypted", enc, "reference", ref);
	if (doc != NULL && (*out = json_dumps(doc, JSON_INDENT(2))) != NULL)
		rc = AA_OK;
done:
	aa_wipe(key, sizeof(key));
	json_decref(doc);
	free(enc);
	free(ref);
	return rc;
}

/* EncString type 2 of pt under enc/mac keys. */
static int
bw_encstring(const unsigned char enc[32], const unsigned char mac[32],
    const char *pt, char **out)
{
	size_t len = strlen(pt), n;
	unsigned char iv[16], *ivct = NULL, tag[32];
	char *a = NULL, *bs = NULL, *c = NULL;
	unsigned int tl = 0;
	int l1 = 0, l2 = 0, rc = AA_ERR_CRYPTO;
	EVP_CIPHER_CTX *x = NULL;

	*out = NULL;
	if (RAND_bytes(iv, 16) != 1 || len > INT32_MAX - 64 ||
	    (ivct = malloc(16 + len + 16)) == NULL)
		goto done;
	memcpy(ivct, iv, 16);
	if ((x = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex(x, EVP_aes_256_cbc(), NULL, enc, iv) != 1 ||
	    EVP_EncryptUpdate(x, ivct + 16, &l1, (const unsigned char *)pt,
	    (int)len) != 1 || EVP_EncryptFinal_ex(x, ivct + 16 + l1, &l2) != 1 ||
	    HMAC(EVP_sha256(), mac, 32, ivct, (size_t)(16 + l1 + l2), tag,
	    &tl) == NULL)
		goto done;
	if ((rc = b64_std(iv, 16, &a)) != AA_OK ||
	    (rc = b64_std(ivct + 16, (size_t)(l1 + l2), &bs)) != AA_OK ||
	    (rc = b64_std(tag, 32, &c)) != AA_OK)
		goto done;
	rc = AA_ERR_NOMEM;
	n = strlen(a) + strlen(bs) + strlen(c) + 5;
	if ((*out = malloc(n)) == NULL)
		goto done;
	snprintf(*out, n, "2.%s|%s|%s", a, bs, c);
	rc = AA_OK;
done:
	EVP_CIPHER_CTX_free(x);
	free(ivct);
	free(a);
	free(bs);
	free(c);
	return rc;
}

int
aa_totp_seal_bitwarden(const char *plain_json, const aa_secret_t *pw,
    uint32_t iter, uint32_t mib, uint32_t lanes, char **out)
{
	struct aa_totp_kdf_limits l = lim();
	unsigned char raw[16], h[32], key[32], enc[32], mac[32];
	unsigned int hl = 0;
	char *salt = NULL, *val = NULL, *data = NULL;
	json_t *doc = NULL;
	int rc = AA_ERR_CRYPTO;

	*out = NULL;
	if (RAND_bytes(raw, sizeof(raw)) != 1 ||
	    b64_std(raw, sizeof(raw), &salt) != AA_OK)
		goto done;
	if (mib == 0)
		rc = aa_totp_pbkdf2("SHA256", pw, (const unsigned char *)salt,
		    strlen(salt), iter, &l, key, NULL);
	else if (EVP_Digest(salt, strlen(salt), h, &hl, EVP_sha256(),
	    NULL) == 1)
		rc = aa_totp_argon2id(pw, h, sizeof(h), iter,
		    (uint64_t)mib << 20, lanes, &l, key, NULL);
	if (rc != AA_OK)
		goto done;
	if ((rc = aa_totp_hkdf_expand(key, "enc", enc, 32)) != AA_OK ||
	    (rc = aa_totp_hkdf_expand(key, "mac", mac, 32)) != AA_OK)
		goto done;
	if ((rc = bw_encstring(enc, mac, "00000000-0000-4000-8000-00000000beef",
	    &val)) != AA_OK || (rc = bw_encstring(enc, mac, plain_json,
	    &data)) != AA_OK)
		goto done;
	rc = AA_ERR_NOMEM;
	doc = json_pack("{s:b,s:b,s:s,s:i,s:I,s:o,s:o,s:s,s:s}", "encrypted",
	    1, "passwordProtected", 1, "salt", salt, "kdfType",
	    mib == 0 ? 0 : 1, "kdfIterations", (json_int_t)iter, "kdfMemory",
	    mib == 0 ? json_null() : json_integer(mib), "kdfParallelism",
	    mib == 0 ? json_null() : json_integer(lanes),
	    "encKeyValidation_DO_NOT_EDIT", val, "data", data);
	if (doc != NULL && (*out = json_dumps(doc, JSON_INDENT(2))) != NULL)
		rc = AA_OK;
done:
	aa_wipe(key, sizeof(key));
	aa_wipe(enc, sizeof(enc));
	aa_wipe(mac, sizeof(mac));
	json_decref(doc);
	free(salt);
	free(val);
	free(data);
	return rc;
}

int
aa_totp_seal_ente(const char *uri_lines, const aa_secret_t *pw, uint64_t mem,
    uint32_t ops, char **out)
{
	struct aa_totp_kdf_limits l = lim();
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char salt[16], key[32], *ct = NULL;
	unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	size_t len = strlen(uri_lines);
	size_t ctlen = len + crypto_secretstream_xchacha20poly1305_ABYTES;
	char *b_salt = NULL, *b_hdr = NULL, *b_ct = NULL;
	json_t *doc = NULL;
	int rc = AA_ERR_CRYPTO;

	*out = NULL;
	if (sodium_init() < 0 || RAND_bytes(salt, sizeof(salt)) != 1)
		return AA_ERR_CRYPTO;
	if ((rc = aa_totp_argon2id(pw, salt, sizeof(salt), ops, mem, 1, &l,
	    key, NULL)) != AA_OK)
		return rc;
	rc = AA_ERR_NOMEM;
	if ((ct = malloc(ctlen)) == NULL)
		goto done;
	rc = AA_ERR_CRYPTO;
	if (crypto_secretstream_xchacha20poly1305_init_push(&st, hdr, key) !=
	    0 || crypto_secretstream_xchacha20poly1305_push(&st, ct, NULL,
	    (const unsigned char *)uri_lines, len, NULL, 0,
	    crypto_secretstream_xchacha20poly1305_TAG_FINAL) != 0)
		goto done;
	if ((rc = b64_std(salt, sizeof(salt), &b_salt)) != AA_OK ||
	    (rc = b64_std(hdr, sizeof(hdr), &b_hdr)) != AA_OK ||
	    (rc = b64_std(ct, ctlen, &b_ct)) != AA_OK)
		goto done;
	rc = AA_ERR_NOMEM;
	doc = json_pack("{s:i,s:{s:I,s:I,s:s},s:s,s:s}", "version", 1,
	    "kdfParams", "memLimit", (json_int_t)mem, "opsLimit",
	    (json_int_t)ops, "salt", b_salt, "encryptedData", b_ct,
	    "encryptionNonce", b_hdr);
	if (doc != NULL && (*out = json_dumps(doc, JSON_INDENT(2))) != NULL)
		rc = AA_OK;
done:
	sodium_memzero(&st, sizeof(st));
	aa_wipe(key, sizeof(key));
	json_decref(doc);
	free(ct);
	free(b_salt);
	free(b_hdr);
	free(b_ct);
	return rc;
}
