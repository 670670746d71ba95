/*
 * Percent-encoding (RFC 3986) and application/x-www-form-urlencoded
 * splitting, the one implementation for every URL-encoded text: parsers of
 * outside input (lab form bodies, SMS provider requests, otpauth URIs) and
 * the request builders (flow templates, sms-sim queries). Bounds stay with
 * the callers: the decoders never allocate and never read past len.
 */
#ifndef AA_PCT_H
#define AA_PCT_H

#include <stddef.h>

struct aa_buf;

#define AA_PCT_PLUS_SPACE 0x1u /* '+' decodes to a space (form encoding) */
#define AA_PCT_NO_NUL 0x2u     /* a decoded NUL byte is an error */

/* The value of hex digit c, or -1. */
int aa_pct_hexval(int c);

/*
 * Decode src[0..len) into out, which must hold at least len + 1 bytes; the
 * result is NUL-terminated and its length (without the NUL) goes to
 * *outlen. AA_ERR_PARSE on a truncated or non-hex %XX escape, or on a NUL
 * byte under AA_PCT_NO_NUL; out is then partly written.
 */
int aa_pct_text_decode(const char *src, size_t len, unsigned flags, char *out,
    size_t *outlen);

/*
 * Append s to b percent-encoded: everything but the RFC 3986 unreserved
 * characters (ALPHA DIGIT - . _ ~) becomes %XX, so a space is %20.
 * AA_ERR_TOOBIG past b's bound.
 */
int aa_pct_text_encode(struct aa_buf *b, const char *s);

/* One raw (still encoded) name=value pair of a form; value may be empty. */
struct aa_pct_pair {
	const char *name, *value;
	size_t namelen, valuelen;
};

/*
 * Next non-empty '&'-separated pair of s[0..len) from *pos on (start with
 * *pos = 0). Returns 1 with *p filled and *pos advanced, 0 at the end.
 * A pair without '=' has an empty value.
 */
int aa_pct_pair_next(const char *s, size_t len, size_t *pos,
    struct aa_pct_pair *p);

#endif
