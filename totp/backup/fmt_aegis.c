/*
 * Aegis vault (research/totp.md §1.2): {"version", "header": {"slots",
 * "params"}, "db"}. Plain when slots and params are null and db is an
 * object; otherwise each password slot wraps the master key with
 * scrypt + AES-256-GCM, and the master key opens db (base64, AES-256-GCM).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

static int
read_db(const json_t *db, struct aa_totp_backup *b)
{
	const json_t *entries = json_object_get(db, "entries"), *e;
	size_t i;
	int r;

	if (!json_is_array(entries))
		return AA_ERR_PARSE;
	json_array_foreach(entries, i, e) {
		const json_t *info = json_object_get(e, "info");

		if (!json_is_object(info)) {
			b->skipped++;
			continue;
		}
		if ((r = aa_totp_backup_add(b, aa_totp_jtype(e, "type", 0),
		    aa_totp_jstr(e, "issuer"), aa_totp_jstr(e, "name"),
		    aa_totp_jstr(info, "secret"), aa_totp_jstr(info, "algo"),
		    aa_totp_jint(info, "digits", 6),
		    aa_totp_jint(info, "period", 30),
		    (uint64_t)aa_totp_jint(info, "counter", 0))) != AA_OK)
			return r;
	}
	b->opened = 1;
	return AA_OK;
}

/* Hex member of o with exactly `want` bytes (0 = any up to 1 KiB). */
static int
hexmember(const json_t *o, const char *key, size_t want, unsigned char **out,
    size_t *len)
{
	const char *s = aa_totp_jstr(o, key);

	if (s == NULL || aa_totp_hex_decode(s, strlen(s), 1024, out, len) != AA_OK)
		return AA_ERR_PARSE;
	if (want != 0 && *len != want) {
		aa_freezero(*out, *len);
		*out = NULL;
		return AA_ERR_PARSE;
	}
	return AA_OK;
}

/* Try one password slot: master key on success. */
static int
open_slot(const json_t *slot, const struct aa_totp_read_opts *o,
    unsigned char master[32], struct aa_diag *diag)
{
	const json_t *kp = json_object_get(slot, "key_params");
	unsigned char *salt = NULL, *key = NULL, *nonce = NULL, *tag = NULL;
	size_t saltlen = 0, keylen = 0, nlen = 0, tlen = 0;
	unsigned char kek[32];
	int r = AA_ERR_PARSE;

	if (hexmember(slot, "salt", 0, &salt, &saltlen) != AA_OK ||
	    hexmember(slot, "key", 32, &key, &keylen) != AA_OK ||
	    hexmember(kp, "nonce", 12, &nonce, &nlen) != AA_OK ||
	    hexmember(kp, "tag", 16, &tag, &tlen) != AA_OK) {
		aa_diag_set(diag, r, "aegis: slot key, salt, nonce or tag malformed");
		goto out;
	}
	if ((r = aa_totp_scrypt(o->password, salt, saltlen,
	    (uint64_t)aa_totp_jint(slot, "n", 0),
	    (uint64_t)aa_totp_jint(slot, "r", 0),
	    (uint64_t)aa_totp_jint(slot, "p", 0), &o->kdf, kek, diag)) != AA_OK)
		goto out;
	r = aa_totp_gcm_open(kek, nonce, 12, key, 32, tag, master);
out:
	aa_wipe(kek, sizeof(kek));
	aa_freezero(salt, saltlen);
	aa_freezero(key, keylen);
	free(nonce);
	free(tag);
	return r;
}

static int
open_db(const json_t *root, const unsigned char master[32],
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *params = json_object_get(json_object_get(root, "header"),
	    "params");
	const char *db64 = aa_totp_jstr(root, "db");
	unsigned char *ct = NULL, *nonce = NULL, *tag = NULL, *pt = NULL;
	size_t ctlen = 0, nlen = 0, tlen = 0;
	json_t *db = NULL;
	int r = AA_ERR_PARSE;

	if (db64 == NULL || hexmember(params, "nonce", 12, &nonce, &nlen) != AA_OK ||
	    hexmember(params, "tag", 16, &tag, &tlen) != AA_OK ||
	    aa_b64_decode_new(AA_B64_LAX, db64, strlen(db64), AA_TOTP_FILE_MAX,
	    &ct, &ctlen) != AA_OK) {
		aa_diag_set(diag, r, "aegis: db or header params malformed");
		goto out;
	}
	r = AA_ERR_NOMEM;
	if ((pt = malloc(ctlen + 1)) == NULL)
		goto out;
	if ((r = aa_totp_gcm_open(master, nonce, 12, ct, ctlen, tag, pt)) != AA_OK) {
		aa_diag_set(diag, r, "aegis: vault does not decrypt (bad tag)");
		goto out;
	}
	if ((db = json_loadb((const char *)pt, ctlen, 0, NULL)) == NULL) {
		r = aa_diag_set(diag, AA_ERR_PARSE, "aegis: decrypted db is not JSON");
		goto out;
	}
	if ((r = read_db(db, b)) != AA_OK)
		aa_diag_set(diag, r, "aegis: decrypted db has no entries array");
out:
	json_decref(db);
	aa_freezero(pt, ctlen + 1);
	free(ct);
	free(nonce);
	free(tag);
	return r;
}

static int
read_aegis(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *header = json_object_get(root, "header");
	const json_t *slots = json_object_get(header, "slots"), *s, *pw = NULL;
	const json_t *db = json_object_get(root, "db");
	unsigned char master[32];
	size_t i, tried = 0;
	int r = AA_ERR_UNSUPPORTED;

	if (!json_is_object(header) || db == NULL)
		return AA_ERR_UNSUPPORTED;
	b->format = "aegis";
	if (json_is_object(db) && !json_is_array(slots)) {
		aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
		if ((r = read_db(db, b)) != AA_OK)
			aa_diag_set(diag, r, "aegis: db has no entries array");
		return r;
	}
	b->encrypted = 1;
	if (!json_is_array(slots) || !json_is_string(db))
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "aegis: encrypted vault without slots or db");
	json_array_foreach(slots, i, s)
		if (aa_totp_jint(s, "type", -1) == 1) {
			pw = s;
			break;
		}
	if (pw == NULL) {
		/* Biometric slots are bound to the phone's keystore. */
		aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "keystore"));
		snprintf(b->closed_why, sizeof(b->closed_why), "aegis: no "
		    "password slot (biometric only), cannot be opened here");
		return AA_OK;
	}
	aa_totp_backup_kdf(b, json_pack("{s:s,s:I,s:I,s:I}", "name", "scrypt",
	    "n", (json_int_t)aa_totp_jint(pw, "n", 0),
	    "r", (json_int_t)aa_totp_jint(pw, "r", 0),
	    "p", (json_int_t)aa_totp_jint(pw, "p", 0)));
	if (o->password == NULL)
		return AA_OK;
	r = AA_ERR_PASSWORD;
	json_array_foreach(slots, i, s) {
		if (aa_totp_jint(s, "type", -1) != 1)
			continue;
		/* Every slot costs a KDF run: a vault with 100k of them
		 * would keep the scan busy for hours. */
		if (tried++ == AA_TOTP_SLOTS_MAX) {
			r = aa_diag_set(diag, AA_ERR_DENIED, "aegis: more "
			    "than %d password slots; the first %d do not "
			    "open with the password", AA_TOTP_SLOTS_MAX,
			    AA_TOTP_SLOTS_MAX);
			break;
		}
		r = open_slot(s, o, master, diag);
		if (r == AA_OK || r != AA_ERR_PASSWORD)
			break;
	}
	if (r == AA_ERR_PASSWORD)
		aa_diag_set(diag, r, "aegis: the password opens no slot");
	if (r == AA_OK)
		r = open_db(root, master, b, diag);
	aa_wipe(master, sizeof(master));
	return r;
}

const struct aa_totp_reader aa_totp_reader_aegis = {
	.name = "aegis",
	.json = read_aegis,
};
