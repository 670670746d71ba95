/*
 * The one type that holds secrets: TOTP seeds, OTP codes, PINs, passwords,
 * vault keys. Its memory is wiped on every release, it compares in
 * constant time, and it has no printer: code that must show a secret in a
 * report uses aa_secret_redact(), which keeps at most a 4-character prefix
 * and the size ("JBSW…(160 bits)").
 *
 * The bytes are always followed by a NUL that is not counted in len, so a
 * text secret can be handed to C string APIs without a copy.
 */
#ifndef AA_SECRET_H
#define AA_SECRET_H

#include <stddef.h>

typedef struct aa_secret {
	unsigned char *ptr;
	size_t len;
} aa_secret_t;

/* Upper bound for any single secret (seeds, passwords, vault keys). */
#define AA_SECRET_MAX (64 * 1024)

/* New secret holding a copy of p[0..len). Returns NULL on failure. */
aa_secret_t *aa_secret_new(const void *p, size_t len);
/* New secret from a NUL-terminated string. */
aa_secret_t *aa_secret_new_str(const char *s);
/* Wipe and free *sp; sets *sp to NULL. NULL-safe. */
void aa_secret_free(aa_secret_t **sp);

/* The contents as a C string (never NULL; "" when empty). */
const char *aa_secret_str(const aa_secret_t *s);

/* Constant-time equality of two secrets (lengths compared first). */
int aa_secret_eq(const aa_secret_t *a, const aa_secret_t *b);
/* Constant-time equality of two byte strings of the same length. */
int aa_ct_eq(const void *a, const void *b, size_t len);

/*
 * Redacted form for reports: up to `keep` leading characters (at most 4,
 * 0 for none) then "…(N bits)" where N = bits (if > 0) or 8*len.
 * Always NUL-terminates; returns out.
 */
char *aa_secret_redact(const aa_secret_t *s, size_t keep, unsigned bits,
    char *out, size_t outlen);

/*
 * Read a secret: from the file named by `path` (first line, without the
 * newline; "-" = stdin), else from the environment variable `env`, else
 * from a no-echo prompt on /dev/tty when `prompt` is non-NULL. Sources are
 * tried in that order; NULL skips one. AA_ERR_NOTFOUND when none gave one,
 * AA_ERR_NOTREG when the file is a FIFO, a device or a directory.
 */
int aa_secret_read(const char *path, const char *env, const char *prompt,
    aa_secret_t **out);

/* Wipe memory the compiler may not optimise away. */
void aa_wipe(void *p, size_t len);
/* Wipe then free (NULL-safe). */
void aa_freezero(void *p, size_t len);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* Constant-time equality of two C strings (length leaks, content does not). */
int aa_ct_streq(const char *a, const char *b);
#endif

#endif
