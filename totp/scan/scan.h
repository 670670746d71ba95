/*
 * `auth-audit totp scan`: walk files and directories, recognise backups
 * and exposed seeds by content, and record the TOTP-BACKUP-* and
 * TOTP-SEED-EXPOSED results in a report (kind "totp-scan").
 */
#ifndef AA_TOTP_SCAN_H
#define AA_TOTP_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/report.h"
#include "totp/backup/backup.h"

#define AA_TOTP_SCAN_FILES_MAX 1000000ul
#define AA_TOTP_SCAN_DEPTH_MAX 64
#define AA_TOTP_EVIDENCE_MAX 50   /* items listed per check */

struct aa_totp_scan_opts {
	struct aa_totp_read_opts read;  /* password, KDF caps, entry cap */
	unsigned long max_files;
	int use_zbar;                   /* decode QR images with zbarimg */
	/* Called with "file N: PATH" before each file is read (for the
	 * CLI's progress line); NULL: silent. */
	void (*progress)(void *ctx, const char *msg);
	void *progress_ctx;
};

struct aa_totp_scan_stats {
	unsigned long files, skipped, bytes;
	unsigned long backups, encrypted, opened, entries, exposed, errors;
};

void aa_totp_scan_opts_default(struct aa_totp_scan_opts *o);

/*
 * Scan paths and add the results to rep. Seeds found are registered with
 * red (may be NULL). Per-file problems (wrong password, truncated file,
 * KDF over the limits) are appended to errors as {file, error, message}
 * and do not stop the scan. AA_ERR_NOTFOUND when a named path is missing.
 */
int aa_totp_scan(const char *const *paths, size_t npaths,
    const struct aa_totp_scan_opts *o, struct aa_report *rep,
    struct aa_redact *red, json_t *errors, struct aa_totp_scan_stats *st);

/*
 * Decode QR codes in an image with zbarimg (run with execvp, no shell).
 * AA_ERR_UNSUPPORTED when zbarimg is not installed.
 */
int aa_totp_qr_decode(const char *path, struct aa_buf *out);

#endif
