/*
 * The lab's own small helpers. auth-lab judges the auditor's probes, so
 * it shares no code with it: a bug in a shared base64, percent-decoder or
 * TOTP routine would make lab and auditor agree on a wrong answer. The
 * one exception is the check catalog, the contract its --weak switches
 * are validated against (tests/lab/lab_main.c).
 */
#ifndef AA_LAB_UTIL_H
#define AA_LAB_UTIL_H

#include <stddef.h>

/* Return codes of the lab's own functions. */
enum lab_rc {
	LAB_OK = 0,
	LAB_ERR_ARG = -1,
	LAB_ERR_PARSE = -2,
	LAB_ERR_TOOBIG = -3,
	LAB_ERR_NOMEM = -4,
	LAB_ERR_NET = -5,
	LAB_ERR_INTERNAL = -6,
};

/* Wipe (not optimised away); wipe and free (NULL-safe). */
void lab_wipe(void *p, size_t n);
void lab_freezero(void *p, size_t n);
/* Secrets of the lab (passwords, recovery codes, seeds): a copy wiped on
 * free. NULL on ENOMEM or for NULL. */
char *lab_secret_dup(const char *s);
unsigned char *lab_secret_mem(const void *p, size_t n);
void lab_secret_free(char **sp);
/* Constant-time comparisons (CRYPTO_memcmp); strings by length first. */
int lab_ct_eq(const void *a, const void *b, size_t n);
int lab_ct_streq(const char *a, const char *b);

/* A growable byte buffer with a hard bound; always NUL-terminated. */
struct lab_buf {
	char *ptr;
	size_t len, cap, max;
};
void lab_buf_init(struct lab_buf *b, size_t max);
/* LAB_ERR_TOOBIG past max, LAB_ERR_NOMEM. */
int lab_buf_append(struct lab_buf *b, const void *p, size_t n);
/* Wipes and frees the contents. */
void lab_buf_release(struct lab_buf *b);

/* base64url without padding (WebAuthn members). */
char *lab_b64url_encode(const void *p, size_t n);
/* Padding tolerated; LAB_ERR_PARSE on any other character or a bad
 * length, LAB_ERR_TOOBIG past max. */
int lab_b64url_decode(const char *s, unsigned char *out, size_t max,
    size_t *outlen);

/* Form decoding of s[0..len): '+' is a space, %XX a byte. out needs
 * len + 1 bytes; LAB_ERR_PARSE on a bad escape. */
int lab_form_decode(const char *s, size_t len, char *out, size_t *outlen);

/* Write a whole file: mode 0600, a temporary file renamed into place,
 * never through a symlink. */
int lab_file_write_atomic(const char *path, const void *p, size_t n);

#endif
