/*
 * Ente Auth encrypted export (research/totp.md §1.6): {"version",
 * "kdfParams": {"memLimit", "opsLimit", "salt"}, "encryptedData",
 * "encryptionNonce"}. The key is Argon2id and the data an XChaCha20-
 * Poly1305 secretstream, which need libsodium: the export is recognised
 * and its KDF judged, not opened. (Ente's plain export is a URI list.)
 */
#include <stdio.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

static int
read_ente(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *kp = json_object_get(root, "kdfParams");
	long mem = aa_totp_jint(kp, "memLimit", -1);
	long ops = aa_totp_jint(kp, "opsLimit", -1);

	(void)o;
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
	snprintf(b->closed_why, sizeof(b->closed_why), "ente: Argon2id + "
	    "XChaCha20 secretstream cannot be opened here (KDF judged only)");
	return AA_OK;
}

const struct aa_totp_reader aa_totp_reader_ente = {
	.name = "ente",
	.json = read_ente,
};
