/*
 * 2FAS backup (research/totp.md §1.4): {"services": [...], "schemaVersion"}
 * plain, or with "servicesEncrypted" and "reference", each
 * base64(ct||tag) ":" base64(salt) ":" base64(iv). The key is
 * PBKDF2-HMAC-SHA256(password, salt, 10000): the count is fixed by the
 * app, not stored in the file.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define TWOFAS_ITER 10000

static int
read_services(const json_t *services, struct aa_totp_backup *b)
{
	const json_t *s;
	size_t i;
	int r;

	if (!json_is_array(services))
		return AA_ERR_PARSE;
	json_array_foreach(services, i, s) {
		const json_t *otp = json_object_get(s, "otp");
		const char *issuer = aa_totp_jstr(otp, "issuer");
		const char *name = aa_totp_jstr(otp, "account");

		if ((r = aa_totp_backup_add(b,
		    aa_totp_jtype(otp, "tokenType", 1),
		    issuer != NULL ? issuer : aa_totp_jstr(s, "name"),
		    name != NULL ? name : aa_totp_jstr(otp, "label"),
		    aa_totp_jstr(s, "secret"), aa_totp_jstr(otp, "algorithm"),
		    aa_totp_jint(otp, "digits", 6), aa_totp_jint(otp, "period", 30),
		    (uint64_t)aa_totp_jint(otp, "counter", 0))) != AA_OK)
			return r;
	}
	b->opened = 1;
	return AA_OK;
}

struct blob {
	unsigned char *ct, *salt, *iv;
	size_t ctlen, saltlen, ivlen;
};

static void
blob_free(struct blob *bl)
{
	aa_freezero(bl->ct, bl->ctlen);
	free(bl->salt);
	free(bl->iv);
	memset(bl, 0, sizeof(*bl));
}

static int
blob_parse(const char *s, struct blob *bl)
{
	const char *c1, *c2;

	memset(bl, 0, sizeof(*bl));
	if (s == NULL || (c1 = strchr(s, ':')) == NULL ||
	    (c2 = strchr(c1 + 1, ':')) == NULL)
		return AA_ERR_PARSE;
	if (aa_b64_decode_new(AA_B64_LAX, s, (size_t)(c1 - s),
	    AA_TOTP_FILE_MAX, &bl->ct, &bl->ctlen) != AA_OK ||
	    aa_b64_decode_new(AA_B64_LAX, c1 + 1, (size_t)(c2 - c1 - 1), 1024,
	    &bl->salt, &bl->saltlen) != AA_OK ||
	    aa_b64_decode_new(AA_B64_LAX, c2 + 1, strlen(c2 + 1), 64, &bl->iv,
	    &bl->ivlen) != AA_OK || bl->ctlen < 16 || bl->ivlen != 12 ||
	    bl->saltlen == 0) {
		blob_free(bl);
		return AA_ERR_PARSE;
	}
	return AA_OK;
}

/* Decrypt a blob with key; *pt is NUL-terminated, caller wipes. */
static int
blob_open(const struct blob *bl, const unsigned char key[32],
    unsigned char **pt, size_t *ptlen)
{
	size_t n = bl->ctlen - 16;
	int r;

	if ((*pt = malloc(n + 1)) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_totp_gcm_open(key, bl->iv, bl->ivlen, bl->ct, n,
	    bl->ct + n, *pt)) != AA_OK) {
		free(*pt);
		*pt = NULL;
		return r;
	}
	(*pt)[n] = '\0';
	*ptlen = n;
	return AA_OK;
}

static int
read_2fas(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const char *enc = aa_totp_jstr(root, "servicesEncrypted");
	const char *ref = aa_totp_jstr(root, "reference");
	struct blob sb = { 0 }, rb = { 0 };
	unsigned char key[32], *pt = NULL;
	size_t ptlen = 0;
	json_t *services = NULL;
	int r = AA_ERR_PARSE;

	if (!json_is_object(root) || json_object_get(root, "schemaVersion") == NULL ||
	    json_object_get(root, "services") == NULL)
		return AA_ERR_UNSUPPORTED;
	b->format = "2fas";
	if (enc == NULL || enc[0] == '\0') {
		aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
		if ((r = read_services(json_object_get(root, "services"), b)) != AA_OK)
			aa_diag_set(diag, r, "2fas: services is not an array");
		return r;
	}
	b->encrypted = 1;
	aa_totp_backup_kdf(b, json_pack("{s:s,s:i,s:s}", "name", "pbkdf2-sha256",
	    "iterations", TWOFAS_ITER, "iterations_source", "fixed by the app"));
	if (blob_parse(enc, &sb) != AA_OK) {
		aa_diag_set(diag, r, "2fas: servicesEncrypted malformed or truncated");
		goto out;
	}
	if (o->password == NULL) {
		r = AA_OK;
		goto out;
	}
	if ((r = aa_totp_pbkdf2("SHA256", o->password, sb.salt, sb.saltlen,
	    TWOFAS_ITER, &o->kdf, key, diag)) != AA_OK)
		goto out;
	/* The reference blob is the app's password check. */
	if (ref != NULL && ref[0] != '\0' && blob_parse(ref, &rb) == AA_OK) {
		if ((r = blob_open(&rb, key, &pt, &ptlen)) != AA_OK) {
			aa_diag_set(diag, r, "2fas: wrong password (reference "
			    "does not decrypt)");
			goto out;
		}
		aa_freezero(pt, ptlen + 1);
		pt = NULL;
	}
	if ((r = blob_open(&sb, key, &pt, &ptlen)) != AA_OK) {
		aa_diag_set(diag, r, "2fas: services do not decrypt (bad tag)");
		goto out;
	}
	if ((services = json_loadb((const char *)pt, ptlen, 0, NULL)) == NULL) {
		r = aa_diag_set(diag, AA_ERR_PARSE, "2fas: decrypted services not JSON");
		goto out;
	}
	if ((r = read_services(services, b)) != AA_OK)
		aa_diag_set(diag, r, "2fas: decrypted services not an array");
out:
	aa_wipe(key, sizeof(key));
	json_decref(services);
	if (pt != NULL)
		aa_freezero(pt, ptlen + 1);
	blob_free(&sb);
	blob_free(&rb);
	return r;
}

const struct aa_totp_reader aa_totp_reader_2fas = {
	.name = "2fas",
	.json = read_2fas,
};
