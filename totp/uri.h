/*
 * otpauth:// key URIs (Google's Key-Uri-Format wiki, research/totp.md §2.1):
 * bounded parser that records what the auditor needs to judge a URI
 * (issuer present and consistent, nonstandard parameters, seed encoding).
 */
#ifndef AA_TOTP_URI_H
#define AA_TOTP_URI_H

#include <stddef.h>
#include <stdint.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "totp/engine.h"

#define AA_TOTP_URI_MAX 8192   /* bytes of one URI */
#define AA_TOTP_URI_PARAMS 32  /* query parameters */

enum aa_otp_type {
	AA_OTP_TOTP,
	AA_OTP_HOTP,
	AA_OTP_STEAM,
};

/* Notes about a parsed URI (bits of aa_totp_uri.notes). */
#define AA_URI_NO_ISSUER        0x001u /* neither issuer param nor label prefix */
#define AA_URI_NO_ISSUER_PARAM  0x002u /* only the label prefix names it */
#define AA_URI_ISSUER_MISMATCH  0x004u /* issuer param != label prefix */
#define AA_URI_DUP_PARAM        0x008u /* a parameter given twice */
#define AA_URI_SECRET_PADDED    0x010u /* '=' padding (should be omitted) */
#define AA_URI_SECRET_LOWER     0x020u /* lower-case base32 */
#define AA_URI_SECRET_SPACES    0x040u
#define AA_URI_ALGO_NONDEFAULT  0x080u /* SHA256/512: some apps ignore it */
#define AA_URI_DIGITS_NONDEF    0x100u /* not 6 */
#define AA_URI_PERIOD_NONDEF    0x200u /* not 30 */
#define AA_URI_ALGO_UNSUPPORTED 0x400u /* e.g. MD5: no code can be made */
#define AA_URI_DIGITS_ODD       0x800u /* outside 6..8 */

struct aa_totp_uri {
	enum aa_otp_type type;
	char *label;          /* decoded label */
	char *label_issuer;   /* part before ':' or NULL */
	char *account;        /* part after ':' (or whole label) */
	char *issuer;         /* issuer parameter or NULL */
	char *image;          /* image parameter or NULL */
	aa_secret_t *secret;  /* decoded seed bytes */
	size_t secret_chars;  /* base32 characters given */
	struct aa_totp_params params;
	unsigned digits_raw;  /* digits as given (may be outside 6..8) */
	char algo_raw[16];    /* algorithm as given, "" when absent */
	uint64_t counter;
	int has_counter;
	char *nonstandard[AA_TOTP_URI_PARAMS]; /* unknown parameter names */
	size_t nnonstandard;
	unsigned notes;       /* AA_URI_* */
};

/*
 * Parse text[0..len). AA_ERR_PARSE (with diag) on anything malformed,
 * AA_ERR_TOOBIG past the limits. The seed text is wiped after decoding.
 */
int aa_totp_uri_parse(const char *text, size_t len, struct aa_totp_uri **out,
    struct aa_diag *diag);
void aa_totp_uri_free(struct aa_totp_uri **up);

const char *aa_otp_type_name(enum aa_otp_type t); /* "totp" "hotp" "steam" */

/*
 * Percent-decode src[0..len) into a new NUL-terminated string, for large
 * payloads (migration data). Rejects bad escapes and NUL bytes.
 */
#define AA_TOTP_PCT_BIG_MAX (16u * 1024 * 1024)
int aa_totp_pct_decode_big(const char *src, size_t len, char **out,
    size_t *outlen);

#endif
