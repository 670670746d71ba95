#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/buf.h"
#include "auth-audit/err.h"
#include "auth-audit/redact.h"
#include "auth-audit/secret.h"

/* Values shorter than this are too common to replace blindly. */
#define MIN_SECRET 4
/* Bound on registered secrets; past it the oldest stay, new ones fail. */
#define MAX_SECRETS 4096
/* Output cap: replacements grow short secrets a little. */
#define MAX_OUT (64u * 1024 * 1024)

/*
 * Secrets kept sorted by length, longest first, and indexed by first
 * byte, so apply() looks only at candidates starting with the current
 * byte and a secret that contains another is replaced whole.
 */
struct aa_redact {
	aa_secret_t **v;
	size_t n, cap;
	unsigned char first[256]; /* a secret starts with this byte */
};

int
aa_redact_new(struct aa_redact **out)
{
	if (out == NULL)
		return AA_ERR_ARG;
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

void
aa_redact_free(struct aa_redact **rp)
{
	struct aa_redact *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		aa_secret_free(&r->v[i]);
	free(r->v);
	free(r);
	*rp = NULL;
}

int
aa_redact_add(struct aa_redact *r, const void *p, size_t len)
{
	aa_secret_t *s;
	size_t i;

	if (r == NULL || (p == NULL && len > 0))
		return AA_ERR_ARG;
	if (len < MIN_SECRET)
		return AA_OK;
	if (len > AA_SECRET_MAX)
		return AA_ERR_TOOBIG;
	for (i = 0; i < r->n; i++)
		if (r->v[i]->len == len && memcmp(r->v[i]->ptr, p, len) == 0)
			return AA_OK;
	if (r->n == MAX_SECRETS)
		return AA_ERR_TOOBIG;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		aa_secret_t **v = realloc(r->v, cap * sizeof(*v));

		if (v == NULL)
			return AA_ERR_NOMEM;
		r->v = v;
		r->cap = cap;
	}
	if ((s = aa_secret_new(p, len)) == NULL)
		return AA_ERR_NOMEM;
	/* Insert keeping longest first. */
	for (i = r->n; i > 0 && r->v[i - 1]->len < len; i--)
		r->v[i] = r->v[i - 1];
	r->v[i] = s;
	r->n++;
	r->first[s->ptr[0]] = 1;
	return AA_OK;
}

int
aa_redact_add_secret(struct aa_redact *r, const aa_secret_t *s)
{
	if (s == NULL)
		return AA_ERR_ARG;
	return aa_redact_add(r, s->ptr, s->len);
}

/* Index of the longest secret starting at p, or -1. */
static long
match_at(const struct aa_redact *r, const char *p, size_t left)
{
	for (size_t i = 0; i < r->n; i++) {
		const aa_secret_t *s = r->v[i];

		if (s->len <= left && (unsigned char)p[0] == s->ptr[0] &&
		    memcmp(p, s->ptr, s->len) == 0)
			return (long)i;
	}
	return -1;
}

char *
aa_redact_apply(const struct aa_redact *r, const char *in)
{
	struct aa_buf out;
	size_t len, i, run;
	long m;
	char mark[64];

	if (in == NULL)
		return NULL;
	len = strlen(in);
	aa_buf_init(&out, MAX_OUT);
	if (aa_buf_append(&out, "", 0) != AA_OK)
		return NULL;
	for (i = 0, run = 0; i < len; i++) {
		if (r == NULL || r->n == 0 ||
		    !r->first[(unsigned char)in[i]] ||
		    (m = match_at(r, in + i, len - i)) < 0)
			continue;
		if (aa_buf_append(&out, in + run, i - run) != AA_OK)
			goto fail;
		snprintf(mark, sizeof(mark), "\u00abredacted %zu chars\u00bb",
		    r->v[m]->len);
		if (aa_buf_puts(&out, mark) != AA_OK)
			goto fail;
		i += r->v[m]->len - 1;
		run = i + 1;
	}
	if (aa_buf_append(&out, in + run, len - run) != AA_OK)
		goto fail;
	return aa_buf_steal(&out);
fail:
	aa_buf_release(&out);
	return NULL;
}
