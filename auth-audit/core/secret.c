/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/file.h"
#include "auth-audit/core/secret.h"

void
aa_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0)
		OPENSSL_cleanse(p, len);
}

void
aa_freezero(void *p, size_t len)
{
	if (p == NULL)
		return;
	aa_wipe(p, len);
	free(p);
}

/* Wipe and release the bytes; leaves s empty. */
static void
secret_clear(aa_secret_t *s)
{
	if (s == NULL)
		return;
	if (s->ptr != NULL)
		aa_freezero(s->ptr, s->len + 1);
	s->ptr = NULL;
	s->len = 0;
}

/* Replace the contents (old bytes are wiped). */
static int
secret_set(aa_secret_t *s, const void *p, size_t len)
{
	unsigned char *n;

	if (s == NULL || (p == NULL && len > 0) || len > AA_SECRET_MAX)
		return AA_ERR_ARG;
	if ((n = malloc(len + 1)) == NULL)
		return AA_ERR_NOMEM;
	if (len > 0)
		memcpy(n, p, len);
	n[len] = '\0';
	secret_clear(s);
	s->ptr = n;
	s->len = len;
	return AA_OK;
}

aa_secret_t *
aa_secret_new(const void *p, size_t len)
{
	aa_secret_t *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if (secret_set(s, p, len) != AA_OK) {
		free(s);
		return NULL;
	}
	return s;
}

aa_secret_t *
aa_secret_new_str(const char *str)
{
	if (str == NULL)
		return NULL;
	return aa_secret_new(str, strlen(str));
}

void
aa_secret_free(aa_secret_t **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	secret_clear(*sp);
	free(*sp);
	*sp = NULL;
}

const char *
aa_secret_str(const aa_secret_t *s)
{
	if (s == NULL || s->ptr == NULL)
		return "";
	return (const char *)s->ptr;
}

int
aa_ct_eq(const void *a, const void *b, size_t len)
{
	if (len == 0)
		return 1;
	return CRYPTO_memcmp(a, b, len) == 0;
}

int
aa_ct_streq(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return 0;
	return aa_ct_eq(a, b, la);
}

int
aa_secret_eq(const aa_secret_t *a, const aa_secret_t *b)
{
	if (a == NULL || b == NULL || a->len != b->len)
		return 0;
	return aa_ct_eq(a->ptr, b->ptr, a->len);
}

char *
aa_secret_redact(const aa_secret_t *s, size_t keep, unsigned bits, char *out,
    size_t outlen)
{
	size_t len = s != NULL ? s->len : 0;
	unsigned long nbits = bits > 0 ? bits : (unsigned long)len * 8;
	char head[5] = "";

	if (out == NULL || outlen == 0)
		return out;
	if (keep > 4)
		keep = 4;
	/* Never show more than a quarter of a short secret. */
	if (keep > len / 4)
		keep = len / 4;
	if (keep > 0)
		memcpy(head, s->ptr, keep);
	head[keep] = '\0';
	snprintf(out, outlen, "%s\u2026(%lu bits)", head, nbits);
	return out;
}

static int
read_line(FILE *fp, aa_secret_t **out)
{
	char buf[4096];
	size_t n;
	int r = AA_ERR_IO;

	if (fgets(buf, sizeof(buf), fp) == NULL)
		goto out;
	n = strcspn(buf, "\r\n");
	if (n == sizeof(buf) - 1) {
		r = AA_ERR_TOOBIG;
		goto out;
	}
	if ((*out = aa_secret_new(buf, n)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	r = AA_OK;
out:
	aa_wipe(buf, sizeof(buf));
	return r;
}

static int
read_prompt(const char *prompt, aa_secret_t **out)
{
	struct termios old, noecho;
	FILE *tty = NULL;
	int restore = 0, r = AA_ERR_NOTFOUND;

	if ((tty = fopen("/dev/tty", "r+")) == NULL)
		goto out;
	if (tcgetattr(fileno(tty), &old) == 0) {
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		if (tcsetattr(fileno(tty), TCSAFLUSH, &noecho) == 0)
			restore = 1;
	}
	fputs(prompt, tty);
	fflush(tty);
	r = read_line(tty, out);
	fputc('\n', tty);
out:
	if (restore)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	if (tty != NULL)
		fclose(tty);
	return r;
}

int
aa_secret_read(const char *path, const char *env, const char *prompt,
    aa_secret_t **out)
{
	FILE *fp = NULL;
	const char *v;
	int r = AA_ERR_NOTFOUND;

	if (out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	if (path != NULL) {
		if (strcmp(path, "-") == 0)
			return read_line(stdin, out);
		if ((r = aa_file_open_read(path, &fp)) != AA_OK)
			return r;
		r = read_line(fp, out);
		aa_file_close_read(fp);
		return r;
	}
	if (env != NULL && (v = getenv(env)) != NULL) {
		if ((*out = aa_secret_new_str(v)) == NULL)
			return AA_ERR_NOMEM;
		return AA_OK;
	}
	if (prompt != NULL)
		return read_prompt(prompt, out);
	return r;
}
