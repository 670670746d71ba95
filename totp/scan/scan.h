/*
 * `auth-audit totp scan`: walk files and directories, recognise backups
 * and exposed seeds by content, and record the TOTP-BACKUP-* and
 * TOTP-SEED-EXPOSED results in a report (kind "totp-scan").
 */
#ifndef AA_TOTP_SCAN_H
#define AA_TOTP_SCAN_H

#include <signal.h>
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
	int use_zbar;                   /* read QR codes in images (libzbar) */
	/* Set by a signal handler: the walk stops, and what the files read
	 * so far cannot show (pass, not applicable) becomes not_tested
	 * ("interrupted"). NULL: never. */
	const volatile sig_atomic_t *stop;
	/* Called with "file N: PATH" before each file is read (for the
	 * CLI's progress line); NULL: silent. */
	void (*progress)(void *ctx, const char *msg);
	void *progress_ctx;
};

struct aa_totp_scan_stats {
	unsigned long files, skipped, bytes;
	unsigned long backups, encrypted, opened, entries, exposed, errors;
	int interrupted;                /* the stop flag ended the walk */
};

void aa_totp_scan_opts_default(struct aa_totp_scan_opts *o);

/*
 * Scan paths and add the results to rep. Seeds found are registered with
 * red (may be NULL). Per-file problems (wrong password, truncated file,
 * KDF over the limits) are appended to errors as {file, error, message}
 * and do not stop the scan. AA_ERR_NOTFOUND when a named path is missing.
 * The results are written even when the stop flag ends the walk early.
 */
int aa_totp_scan(const char *const *paths, size_t npaths,
    const struct aa_totp_scan_opts *o, struct aa_report *rep,
    struct aa_redact *red, json_t *errors, struct aa_totp_scan_stats *st);

/* Bounds of one QR image: encoded bytes, width and height, pixels. */
#define AA_TOTP_QR_BYTES_MAX (32u * 1024 * 1024)
#define AA_TOTP_QR_DIM_MAX 16384u
#define AA_TOTP_QR_PIXELS_MAX (64ull * 1024 * 1024)

struct aa_totp_qr_limits {
	size_t bytes_max;
	uint32_t dim_max;
	uint64_t pixels_max;
};

void aa_totp_qr_limits_default(struct aa_totp_qr_limits *l);
/*
 * Read the QR codes of a PNG or JPEG image in memory (libpng / libjpeg,
 * then libzbar, in-process) and append each one's text, followed by a
 * newline, to out. lim NULL: the defaults. AA_ERR_NOTFOUND: no QR code;
 * AA_ERR_TOOBIG: the image (bytes, dimensions) or the text exceeds a
 * limit; AA_ERR_UNSUPPORTED: not PNG or JPEG; AA_ERR_PARSE: broken image.
 */
int aa_totp_qr_decode(const void *img, size_t len,
    const struct aa_totp_qr_limits *lim, struct aa_buf *out);

#endif
