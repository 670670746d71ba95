#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/file.h"
#include "auth-audit/core/secret.h"

void
aa_buf_init(struct aa_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
aa_buf_release(struct aa_buf *b)
{
	if (b == NULL)
		return;
	aa_freezero(b->ptr, b->cap);
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}

static int
grow(struct aa_buf *b, size_t need)
{
	size_t cap;
	char *n;

	if (need <= b->cap)
		return AA_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	/* Move rather than realloc so the old copy can be wiped. */
	if ((n = malloc(cap)) == NULL)
		return AA_ERR_NOMEM;
	if (b->ptr != NULL)
		memcpy(n, b->ptr, b->len + 1);
	aa_freezero(b->ptr, b->cap);
	b->ptr = n;
	b->cap = cap;
	return AA_OK;
}

int
aa_buf_reserve(struct aa_buf *b, size_t n)
{
	if (n > b->max)
		return AA_ERR_TOOBIG;
	return grow(b, n + 1);
}

int
aa_buf_append(struct aa_buf *b, const void *p, size_t len)
{
	int r;

	if (len > b->max || b->len > b->max - len)
		return AA_ERR_TOOBIG;
	if ((r = grow(b, b->len + len + 1)) != AA_OK)
		return r;
	if (len > 0)
		memcpy(b->ptr + b->len, p, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return AA_OK;
}

int
aa_buf_puts(struct aa_buf *b, const char *s)
{
	return aa_buf_append(b, s, strlen(s));
}

int
aa_buf_printf(struct aa_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *big = NULL;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return AA_ERR_INTERNAL;
	if ((size_t)n < sizeof(small)) {
		r = aa_buf_append(b, small, (size_t)n);
		aa_wipe(small, sizeof(small));
		return r;
	}
	if ((big = malloc((size_t)n + 1)) == NULL)
		return AA_ERR_NOMEM;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r = aa_buf_append(b, big, (size_t)n);
	aa_freezero(big, (size_t)n + 1);
	return r;
}

int
aa_buf_read_file(struct aa_buf *b, const char *path)
{
	FILE *fp;
	char chunk[8192];
	size_t n;
	int r = AA_OK, err = 0;

	if ((r = aa_file_open_read(path, &fp)) != AA_OK)
		return r;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if ((r = aa_buf_append(b, chunk, n)) != AA_OK)
			break;
	if (r == AA_OK && ferror(fp)) {
		r = AA_ERR_IO;
		err = errno; /* EISDIR and the like, for the caller's message */
	}
	if (r == AA_OK && b->ptr == NULL)
		r = aa_buf_append(b, "", 0);
	aa_wipe(chunk, sizeof(chunk));
	aa_file_close_read(fp);
	if (err != 0)
		errno = err;
	return r;
}

char *
aa_buf_steal(struct aa_buf *b)
{
	char *p = b->ptr;

	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
