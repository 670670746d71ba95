/* HTML character references (see html.c). */
#ifndef AA_HTML_H
#define AA_HTML_H

#include <stddef.h>

/* The code point of the reference at p ("&amp;", "&#39;", "&#x2F;", a
 * few named ones), its length in *used; -1 when p starts none. */
long aa_html_entity(const char *p, size_t left, size_t *used);
/* cp as UTF-8 into o (4 bytes room); returns the bytes written. */
size_t aa_html_utf8_put(unsigned long cp, unsigned char *o);
/* Decode the references of s[0..len) into out (len + 1 bytes: a reference
 * is never shorter than its UTF-8), NUL-terminated, length to *outlen. */
int aa_html_unescape(const char *s, size_t len, char *out, size_t *outlen);

#endif
