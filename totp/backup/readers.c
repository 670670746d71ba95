/*
 * The backup readers and the order they sniff a file in: the first that
 * does not answer AA_ERR_UNSUPPORTED owns it. The document is parsed
 * once for the JSON readers; every reader starts from an empty backup.
 *
 * Adding a reader: see the checklist in totp/backup/backup.h.
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <stddef.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

/* Specific tests before loose ones; why each row is where it is: */
static const struct aa_totp_reader *const readers[] = {
	&aa_totp_reader_aegis,      /* object with "header" and "db" */
	&aa_totp_reader_2fas,       /* "schemaVersion" and "services" */
	&aa_totp_reader_freeotp,    /* "tokens" array and "tokenOrder" */
	&aa_totp_reader_bitwarden,  /* boolean "encrypted" (+ "items") */
	&aa_totp_reader_ente,       /* "kdfParams" and "encryptedData" */
	&aa_totp_reader_andotp,     /* any array of {secret, type}: the
	                             * loosest JSON test, last of them */
	&aa_totp_reader_urilist,    /* text with otpauth(-migration) lines;
	                             * also JSON that no reader above took */
	&aa_totp_reader_csv,        /* text with a header row naming a
	                             * TOTP column */
	&aa_totp_reader_andotp_enc, /* binary without a known magic: has no
	                             * magic of its own, so always last */
};

#define NREADERS (sizeof(readers) / sizeof(readers[0]))

const struct aa_totp_reader *
aa_totp_reader_at(size_t i)
{
	return i < NREADERS ? readers[i] : NULL;
}

int
aa_totp_backup_read(const char *data, size_t len,
    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	json_t *root = NULL;
	int r = AA_ERR_UNSUPPORTED;

	if (len > AA_TOTP_FILE_MAX)
		return aa_diag_set(diag, AA_ERR_TOOBIG, "file over %u bytes",
		    AA_TOTP_FILE_MAX);
	root = aa_totp_json_load(data, len);
	for (size_t i = 0; i < NREADERS && r == AA_ERR_UNSUPPORTED; i++) {
		aa_totp_backup_release(b);
		if (readers[i]->json != NULL)
			r = root != NULL ? readers[i]->json(root, o, b, diag) :
			    AA_ERR_UNSUPPORTED;
		else
			r = readers[i]->bytes(data, len, o, b, diag);
	}
	json_decref(root);
	if (r == AA_ERR_UNSUPPORTED)
		aa_totp_backup_release(b);
	return r;
}
