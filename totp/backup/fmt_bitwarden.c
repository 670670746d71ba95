/*
 * Bitwarden JSON export (research/totp.md §1.7): {"encrypted": false,
 * "items": [{"name", "login": {"username", "totp"}}]} where totp is an
 * otpauth URI, a bare base32 secret or steam://SECRET. Encrypted exports
 * are recognised and their KDF reported; password-protected ones (PBKDF2
 * or Argon2id) are opened with the password (fmt_bitwarden_enc.c).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

static int read_items(const json_t *items, struct aa_totp_backup *b);

/* One Bitwarden totp field into b. */
static int
add_totp(struct aa_totp_backup *b, const char *name, const char *user,
    const char *totp)
{
	if (strncasecmp(totp, "otpauth://", 10) == 0)
		return aa_totp_backup_add_uri(b, totp, strlen(totp));
	if (strncasecmp(totp, "steam://", 8) == 0)
		return aa_totp_backup_add(b, AA_OTP_STEAM, name, user, totp + 8,
		    "SHA1", 5, 30, 0);
	return aa_totp_backup_add(b, AA_OTP_TOTP, name, user, totp, "SHA1", 6,
	    30, 0);
}

static int
read_bitwarden(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *enc = json_object_get(root, "encrypted");
	const json_t *items = json_object_get(root, "items");
	int r;

	(void)o;
	if (!json_is_boolean(enc))
		return AA_ERR_UNSUPPORTED;
	if (!json_is_array(items) && !json_is_true(enc))
		return AA_ERR_UNSUPPORTED;
	b->format = "bitwarden";
	if (json_is_true(enc)) {
		long type = aa_totp_jint(root, "kdfType", -1);

		b->encrypted = 1;
		if (json_is_true(json_object_get(root, "passwordProtected")))
			aa_totp_backup_kdf(b, type == 1 ?
			    json_pack("{s:s,s:I,s:I,s:I}", "name", "argon2id",
			    "iterations", (json_int_t)aa_totp_jint(root,
			    "kdfIterations", 0), "memory_mib", (json_int_t)
			    aa_totp_jint(root, "kdfMemory", 0), "parallelism",
			    (json_int_t)aa_totp_jint(root, "kdfParallelism", 0)) :
			    json_pack("{s:s,s:I}", "name", "pbkdf2-sha256",
			    "iterations", (json_int_t)aa_totp_jint(root,
			    "kdfIterations", 0)));
		else
			aa_totp_backup_kdf(b, json_pack("{s:s}", "name",
			    "bitwarden-account-key"));
		if (!json_is_true(json_object_get(root, "passwordProtected")))
			snprintf(b->closed_why, sizeof(b->closed_why), "bitwarden: "
			    "account-restricted export, only the account opens it");
		else if (o->password != NULL) {
			json_t *plain = NULL;

			if ((r = aa_totp_bitwarden_open(root, o, &plain, diag)) !=
			    AA_OK)
				return r;
			r = read_items(json_object_get(plain, "items"), b);
			json_decref(plain);
			return r;
		}
		return AA_OK;
	}
	aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
	return read_items(items, b);
}

static int
read_items(const json_t *items, struct aa_totp_backup *b)
{
	const json_t *it;
	size_t i;
	int r;

	if (!json_is_array(items))
		return AA_ERR_PARSE;
	json_array_foreach(items, i, it) {
		const json_t *login = json_object_get(it, "login");
		const char *totp = aa_totp_jstr(login, "totp");

		if (totp == NULL || totp[0] == '\0')
			continue;
		if ((r = add_totp(b, aa_totp_jstr(it, "name"),
		    aa_totp_jstr(login, "username"), totp)) != AA_OK)
			return r;
	}
	b->opened = 1;
	return AA_OK;
}

const struct aa_totp_reader aa_totp_reader_bitwarden = {
	.name = "bitwarden",
	.json = read_bitwarden,
};
