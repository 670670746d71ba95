/*
 * Bounded growable byte buffer. Every buffer has a mandatory maximum so a
 * parser fed from outside can never be made to allocate without bound,
 * and its memory is wiped on release because HTTP bodies and backups may
 * carry secrets. The data is always NUL-terminated (not counted in len).
 */
#ifndef AA_BUF_H
#define AA_BUF_H

#include <stddef.h>

struct aa_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
};

/* Embedded init: empty buffer that may grow up to max bytes. */
void aa_buf_init(struct aa_buf *b, size_t max);
/* Wipe and free the contents; the buffer stays usable (empty). */
void aa_buf_release(struct aa_buf *b);
/* Room for n bytes (and the NUL) at once, for a writer that knows its
 * size: one allocation instead of doublings; AA_ERR_TOOBIG past max. */
int aa_buf_reserve(struct aa_buf *b, size_t n);
/* Append len bytes; AA_ERR_TOOBIG past max (buffer unchanged). */
int aa_buf_append(struct aa_buf *b, const void *p, size_t len);
/* Append a C string. */
int aa_buf_puts(struct aa_buf *b, const char *s);
/* printf-style append. */
int aa_buf_printf(struct aa_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Read a whole file into b (bounded by b->max; "-" = stdin).
 * AA_ERR_NOTREG for a FIFO, device or directory (core/file.h); AA_ERR_IO
 * leaves errno saying why. */
int aa_buf_read_file(struct aa_buf *b, const char *path);
/* Take ownership of the contents (caller frees); b becomes empty. */
char *aa_buf_steal(struct aa_buf *b);

#endif
