/*
 * Ente Auth encrypted export (research/totp.md §1.6; Ente's export
 * documentation): {"version": 1, "kdfParams": {"memLimit", "opsLimit",
 * "salt"}, "encryptedData", "encryptionNonce"}. The key is libsodium's
 * crypto_pwhash Argon2id13 (memLimit bytes, opsLimit passes, one lane),
 * derived here with libargon2; the data is one message of a libsodium
 * XChaCha20-Poly1305 secretstream whose header is encryptionNonce, and
 * decrypts to one otpauth:// URI per line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define ENTE_SALT_MAX 64

/* Decrypt ct with key into a new buffer (*out, *outlen). */
static int
stream_open(const unsigned char key[32], const unsigned char *hdr,
    size_t hdrlen, const unsigned char *ct, size_t ctlen,
    unsigned char **out, unsigned long long *outlen)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *pt = NULL, tag = 0;
	int r = AA_ERR_PARSE;

	*out = NULL;
	if (hdrlen != crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
	    ctlen < crypto_secretstream_xchacha20poly1305_ABYTES)
		return AA_ERR_PARSE;
	if (sodium_init() < 0)
		return AA_ERR_CRYPTO;
	if ((pt = malloc(ctlen)) == NULL)
		return AA_ERR_NOMEM;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, hdr, key) !=
	    0)
		goto out;
	/* One message holds the whole export; a wrong key fails its MAC. */
	if (crypto_secretstream_xchacha20poly1305_pull(&st, pt, outlen, &tag,
	    ct, ctlen, NULL, 0) != 0) {
		r = AA_ERR_PASSWORD;
		goto out;
	}
	*out = pt;
	pt = NULL;
	r = AA_OK;
out:
	sodium_memzero(&st, sizeof(st));
	if (pt != NULL)
		aa_freezero(pt, ctlen);
	return r;
}

static int
ente_open(const json_t *root, const json_t *kp, uint64_t mem, uint32_t ops,
    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	const char *s_salt = aa_totp_jstr(kp, "salt");
	const char *s_ct = aa_totp_jstr(root, "encryptedData");
	const char *s_hdr = aa_totp_jstr(root, "encryptionNonce");
	unsigned char key[32], *salt = NULL, *ct = NULL, *hdr = NULL;
	unsigned char *pt = NULL;
	unsigned long long ptlen = 0;
	size_t saltlen = 0, ctlen = 0, hdrlen = 0;
	int r;

	if (s_salt == NULL || s_hdr == NULL ||
	    aa_b64_decode_new(AA_B64_LAX, s_salt, strlen(s_salt),
	    ENTE_SALT_MAX, &salt, &saltlen) != AA_OK ||
	    aa_b64_decode_new(AA_B64_LAX, s_hdr, strlen(s_hdr), 64, &hdr,
	    &hdrlen) != AA_OK ||
	    aa_b64_decode_new(AA_B64_LAX, s_ct, strlen(s_ct), AA_TOTP_FILE_MAX,
	    &ct, &ctlen) != AA_OK) {
		r = aa_diag_set(diag, AA_ERR_PARSE, "ente: salt, nonce or data "
		    "is not base64");
		goto out;
	}
	/* libsodium rounds memLimit down to whole KiB. */
	if ((r = aa_totp_argon2id(o->password, salt, saltlen, ops,
	    mem / 1024 * 1024, 1, &o->kdf, key, diag)) != AA_OK)
		goto out;
	r = stream_open(key, hdr, hdrlen, ct, ctlen, &pt, &ptlen);
	aa_wipe(key, sizeof(key));
	if (r != AA_OK) {
		aa_diag_set(diag, r, r == AA_ERR_PASSWORD ? "ente: wrong "
		    "password or corrupted export (authentication failed)" :
		    "ente: malformed nonce or truncated data");
		goto out;
	}
	if ((r = aa_totp_urilist_take((const char *)pt, (size_t)ptlen, b,
	    diag)) == AA_OK)
		b->opened = 1;
out:
	if (pt != NULL)
		aa_freezero(pt, ctlen);
	free(salt);
	free(hdr);
	free(ct);
	return r;
}

static int
read_ente(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *kp = json_object_get(root, "kdfParams");
	long mem = aa_totp_jint(kp, "memLimit", -1);
	long ops = aa_totp_jint(kp, "opsLimit", -1);

	if (!json_is_object(kp) || aa_totp_jstr(root, "encryptedData") == NULL)
		return AA_ERR_UNSUPPORTED;
	b->format = "ente";
	b->encrypted = 1;
	if (mem <= 0 || ops <= 0)
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "ente: kdfParams without memLimit/opsLimit");
	aa_totp_backup_kdf(b, json_pack("{s:s,s:I,s:I}", "name", "argon2id",
	    "memory_mib", (json_int_t)(mem / (1024 * 1024)), "iterations",
	    (json_int_t)ops));
	if (o->password == NULL)
		return AA_OK;
	return ente_open(root, kp, (uint64_t)mem, ops > UINT32_MAX ?
	    UINT32_MAX : (uint32_t)ops, o, b, diag);
}

const struct aa_totp_reader aa_totp_reader_ente = {
	.name = "ente",
	.json = read_ente,
};
