/* The lab's own helpers (see lab_util.h for why it has its own). */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include <openssl/crypto.h>

#include "tests/lab/lab_util.h"

void
lab_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}

void
lab_freezero(void *p, size_t n)
{
	if (p == NULL)
		return;
	lab_wipe(p, n);
	free(p);
}

char *
lab_secret_dup(const char *s)
{
	return s != NULL ? (char *)lab_secret_mem(s, strlen(s)) : NULL;
}

unsigned char *
lab_secret_mem(const void *p, size_t n)
{
	unsigned char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	if (n > 0)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

void
lab_secret_free(char **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	lab_freezero(*sp, strlen(*sp) + 1);
	*sp = NULL;
}

int
lab_ct_eq(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int
lab_ct_streq(const char *a, const char *b)
{
	size_t n;

	if (a == NULL || b == NULL || (n = strlen(a)) != strlen(b))
		return 0;
	return lab_ct_eq(a, b, n);
}

void
lab_buf_init(struct lab_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

int
lab_buf_append(struct lab_buf *b, const void *p, size_t n)
{
	size_t cap;
	char *np;

	if (n > b->max - b->len)
		return LAB_ERR_TOOBIG;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > b->max + 1)
			cap = b->max + 1;
		if ((np = malloc(cap)) == NULL)
			return LAB_ERR_NOMEM;
		if (b->ptr != NULL)
			memcpy(np, b->ptr, b->len);
		lab_freezero(b->ptr, b->cap);
		b->ptr = np;
		b->cap = cap;
	}
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return LAB_OK;
}

void
lab_buf_release(struct lab_buf *b)
{
	lab_freezero(b->ptr, b->cap);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

static const char url_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
lab_b64url_encode(const void *p, size_t n)
{
	const unsigned char *in = p;
	unsigned long acc = 0;
	size_t o = 0;
	int bits = 0;
	char *s;

	if (n > (size_t)1 << 24 || (s = malloc(n / 3 * 4 + 5)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			s[o++] = url_alpha[(acc >> bits) & 0x3f];
		}
		acc &= (1ul << bits) - 1;
	}
	if (bits > 0)
		s[o++] = url_alpha[(acc << (6 - bits)) & 0x3f];
	s[o] = '\0';
	return s;
}

int
lab_b64url_decode(const char *s, unsigned char *out, size_t max,
    size_t *outlen)
{
	unsigned long acc = 0;
	size_t n, o = 0;
	int bits = 0;

	*outlen = 0;
	if (s == NULL)
		return LAB_ERR_PARSE;
	n = strlen(s);
	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return LAB_ERR_PARSE;
	for (size_t i = 0; i < n; i++) {
		const char *c = s[i] != '\0' ? strchr(url_alpha, s[i]) : NULL;

		if (c == NULL)
			return LAB_ERR_PARSE;
		acc = (acc << 6) | (unsigned long)(c - url_alpha);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= max)
				return LAB_ERR_TOOBIG;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1ul << bits) - 1;
		}
	}
	*outlen = o;
	return LAB_OK;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
lab_form_decode(const char *s, size_t len, char *out, size_t *outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] != '%')
			out[o++] = s[i];
		else {
			int h, l;

			if (len - i < 3 ||
			    (h = hexval((unsigned char)s[i + 1])) < 0 ||
			    (l = hexval((unsigned char)s[i + 2])) < 0)
				return LAB_ERR_PARSE;
			out[o++] = (char)(h * 16 + l);
			i += 2;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return LAB_OK;
}

int
lab_file_write_atomic(const char *path, const void *p, size_t n)
{
	char tmp[4096];
	int fd = -1, r = LAB_ERR_ARG;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		goto out;
	/* O_EXCL|O_NOFOLLOW: never through a planted file or symlink. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
	    0600)) < 0)
		goto out;
	if (write(fd, p, n) != (ssize_t)n || close(fd) != 0) {
		fd = -1;
		unlink(tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		goto out;
	}
	r = LAB_OK;
out:
	if (fd >= 0)
		close(fd);
	return r;
}
