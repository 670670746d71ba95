/*
 * Base64 (RFC 4648), the one codec for both alphabets: the standard one
 * (§4: backup files, Basic auth) and the URL-safe one (§5: WebAuthn
 * members). Decoders never read past len and never write past max.
 */
#ifndef AA_B64_H
#define AA_B64_H

#include <stddef.h>

#define AA_B64_STD   0x1u /* "+/"; encodes with "=" padding */
#define AA_B64_URL   0x2u /* "-_"; encodes without padding (WebAuthn) */
#define AA_B64_SPACE 0x4u /* decoding skips spaces, tabs and line ends */
/* What people's export files hold: either alphabet, whitespace skipped. */
#define AA_B64_LAX (AA_B64_STD | AA_B64_URL | AA_B64_SPACE)
/*
 * Decoding takes the alphabets named in flags (AA_B64_STD | AA_B64_URL:
 * either, as exporters differ). Padding is optional on input but only at
 * the end; a final group of a single character is an error.
 */

/* New NUL-terminated string (one alphabet); NULL on ENOMEM or when len is
 * absurd (over 256 MiB). */
char *aa_b64_encode(unsigned flags, const void *in, size_t len);
/*
 * Decode in[0..len) into out (max bytes). AA_ERR_PARSE on a character
 * outside the alphabets or a bad length, AA_ERR_TOOBIG past max; *outlen
 * is then 0.
 */
int aa_b64_decode(unsigned flags, const char *in, size_t len,
    unsigned char *out, size_t max, size_t *outlen);
/* The same into a new buffer of at most max bytes (caller wipes it if it
 * holds a secret, and frees it); AA_ERR_NOMEM as well. */
int aa_b64_decode_new(unsigned flags, const char *in, size_t len, size_t max,
    unsigned char **out, size_t *outlen);

#endif
