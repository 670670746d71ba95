/* base64url (RFC 4648 §5) as WebAuthn uses it: unpadded on output,
 * padding tolerated on input, standard-alphabet characters refused. */
#ifndef AA_FIDO_B64_H
#define AA_FIDO_B64_H

#include <stddef.h>

/* New NUL-terminated string; NULL on ENOMEM. */
char *aa_fido_b64url_encode(const void *p, size_t len);
/* Decode at most max bytes into out (caller's buffer of max bytes).
 * AA_ERR_PARSE on a bad character or length, AA_ERR_TOOBIG past max. */
int aa_fido_b64url_decode(const char *s, unsigned char *out, size_t max,
    size_t *outlen);

#endif
