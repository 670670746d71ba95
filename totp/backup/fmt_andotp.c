/*
 * andOTP (research/totp.md §1.3). Plain: a JSON array of {secret, type,
 * issuer, label, digits, period|counter, algorithm}. Encrypted, no magic:
 *   new: [iterations u32 BE][salt 12][nonce 12][ct][tag 16],
 *        key = PBKDF2-HMAC-SHA1(pw, salt, iterations)
 *   old: [nonce 12][ct][tag 16], key = SHA-256(pw)
 * Both are AES-256-GCM. Binary files found while walking a directory are
 * only taken for andOTP when the iteration field is plausible, so random
 * binaries do not become "weak backups".
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define HDR_NEW (4 + 12 + 12)
#define TAG 16
#define ITER_PLAUSIBLE_MIN 1000

static int
read_array(const json_t *arr, struct aa_totp_backup *b)
{
	const json_t *e;
	size_t i;
	int r;

	json_array_foreach(arr, i, e) {
		if ((r = aa_totp_backup_add(b, aa_totp_jtype(e, "type", 1),
		    aa_totp_jstr(e, "issuer"), aa_totp_jstr(e, "label"),
		    aa_totp_jstr(e, "secret"), aa_totp_jstr(e, "algorithm"),
		    aa_totp_jint(e, "digits", 6),
		    aa_totp_jint(e, "period", 30),
		    (uint64_t)aa_totp_jint(e, "counter", 0))) != AA_OK)
			return r;
	}
	b->opened = 1;
	return AA_OK;
}

static int
read_andotp(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *first = json_array_get(root, 0);

	(void)o;
	(void)diag;
	if (!json_is_array(root) || aa_totp_jstr(first, "secret") == NULL ||
	    aa_totp_jstr(first, "type") == NULL)
		return AA_ERR_UNSUPPORTED;
	b->format = "andotp";
	aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
	return read_array(root, b);
}

/* Known file magics that are never andOTP ciphertext. */
static int
other_magic(const unsigned char *d, size_t len)
{
	static const struct { const char *m; size_t n; } t[] = {
		{ "\x89PNG", 4 }, { "\xff\xd8\xff", 3 }, { "GIF8", 4 },
		{ "%PDF", 4 }, { "PK\x03\x04", 4 }, { "\x1f\x8b", 2 },
		{ "\x7f" "ELF", 4 }, { "SQLite format 3", 15 },
		{ "\xac\xed\x00\x05", 4 }, { "AUTHENTICATORPRO", 16 },
		{ "BZh", 3 }, { "\xfd" "7zXZ", 5 }, { "!<arch>", 7 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (len >= t[i].n && memcmp(d, t[i].m, t[i].n) == 0)
			return 1;
	return 0;
}

/* Binary = has control bytes other than whitespace in the first 4 KiB. */
static int
looks_binary(const unsigned char *d, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	for (size_t i = 0; i < n; i++)
		if ((d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' && d[i] != '\t') ||
		    d[i] == 0x7f)
			return 1;
	return 0;
}

static int
decrypt(const unsigned char key[32], const unsigned char *nonce,
    const unsigned char *ct, size_t ctlen, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	unsigned char *pt;
	json_t *arr = NULL;
	int r;

	if ((pt = malloc(ctlen + 1)) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_totp_gcm_open(key, nonce, 12, ct, ctlen, ct + ctlen,
	    pt)) != AA_OK)
		goto out;
	if ((arr = json_loadb((const char *)pt, ctlen, 0, NULL)) == NULL ||
	    !json_is_array(arr)) {
		r = aa_diag_set(diag, AA_ERR_PARSE,
		    "andotp: decrypted data is not a JSON array");
		goto out;
	}
	r = read_array(arr, b);
out:
	json_decref(arr);
	aa_freezero(pt, ctlen + 1);
	return r;
}

static int
read_andotp_enc(const char *data, size_t len,
    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	const unsigned char *d = (const unsigned char *)data;
	unsigned long iter;
	unsigned char key[32];
	int r, plausible;

	if (len < 12 + TAG + 2 || !looks_binary(d, len) || other_magic(d, len))
		return AA_ERR_UNSUPPORTED;
	iter = (unsigned long)d[0] << 24 | (unsigned long)d[1] << 16 |
	    (unsigned long)d[2] << 8 | d[3];
	plausible = len >= HDR_NEW + TAG + 2 && iter >= ITER_PLAUSIBLE_MIN &&
	    iter <= o->kdf.pbkdf2_iter_max;
	if (!plausible && !o->explicit_file && o->password == NULL)
		return AA_ERR_UNSUPPORTED;
	/* The old format has no header: only the password can tell it apart. */
	if (o->password != NULL) {
		if ((r = aa_totp_sha256(o->password, key)) != AA_OK)
			return r;
		r = decrypt(key, d, d + 12, len - 12 - TAG, b, diag);
		aa_wipe(key, sizeof(key));
		if (r == AA_OK) {
			b->format = "andotp";
			b->encrypted = 1;
			aa_totp_backup_kdf(b, json_pack("{s:s,s:s}", "name",
			    "sha256", "variant", "old"));
			return AA_OK;
		}
		aa_totp_backup_release(b);
		if (!plausible && !o->explicit_file)
			return AA_ERR_UNSUPPORTED;
	}
	b->format = "andotp";
	b->encrypted = 1;
	if (!plausible && o->password == NULL) {
		/* No iteration header: the old SHA-256 format (weak either way). */
		aa_totp_backup_kdf(b, json_pack("{s:s,s:s}", "name", "sha256",
		    "variant", "old (assumed: no plausible iteration header)"));
		return AA_OK;
	}
	if (!plausible && iter >= (1ul << 28))
		return aa_diag_set(diag, AA_ERR_PASSWORD, "andotp: wrong password "
		    "or corrupted file (neither format decrypts)");
	if (len < HDR_NEW + TAG + 2)
		return aa_diag_set(diag, AA_ERR_PARSE, "andotp: file truncated");
	if (iter == 0 || iter > o->kdf.pbkdf2_iter_max) {
		aa_totp_backup_kdf(b, json_pack("{s:s,s:I}", "name", "pbkdf2-sha1",
		    "iterations", (json_int_t)iter));
		return aa_diag_set(diag, AA_ERR_DENIED,
		    "andotp: %lu PBKDF2 iterations outside 1..%lu (or an "
		    "old-format file with a wrong password, or corrupted)", iter,
		    o->kdf.pbkdf2_iter_max);
	}
	aa_totp_backup_kdf(b, json_pack("{s:s,s:I,s:s}", "name", "pbkdf2-sha1",
	    "iterations", (json_int_t)iter, "variant", "new"));
	if (o->password == NULL)
		return AA_OK;
	if ((r = aa_totp_pbkdf2("SHA1", o->password, d + 4, 12, iter, &o->kdf,
	    key, diag)) != AA_OK)
		return r;
	r = decrypt(key, d + 16, d + HDR_NEW, len - HDR_NEW - TAG, b, diag);
	aa_wipe(key, sizeof(key));
	if (r == AA_ERR_PASSWORD)
		aa_diag_set(diag, r, "andotp: wrong password or corrupted file "
		    "(bad tag)");
	return r;
}

const struct aa_totp_reader aa_totp_reader_andotp = {
	.name = "andotp",
	.json = read_andotp,
};

const struct aa_totp_reader aa_totp_reader_andotp_enc = {
	.name = "andotp-encrypted",
	.bytes = read_andotp_enc,
};
