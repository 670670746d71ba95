#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/core/redact_int.h"
#include "auth-audit/core/secret.h"

/* Values shorter than this are too common to replace blindly. */
#define MIN_SECRET 4
/* A brute-force probe registers every code it sends: allow many. */
#define MAX_SECRETS 100000
#define MAX_GROUPS 512
/* Output cap: replacements grow short secrets a little. */
#define MAX_OUT (64u * 1024 * 1024)

/*
 * Secrets are grouped by length, each group a hash set, groups ordered
 * longest first. apply() looks at a position only if some secret starts
 * with its byte, then probes each group once: the cost per byte is the
 * number of distinct lengths, not the number of secrets, and the longest
 * match wins so a secret containing another is replaced whole.
 */
struct group {
	size_t len;
	size_t n, cap;          /* cap is a power of two */
	aa_secret_t **slot;
	uint64_t first[4];      /* bitmap: some secret here starts with byte */
};

struct aa_redact {
	struct group g[MAX_GROUPS];
	size_t ng, total;
	unsigned char first[256]; /* a secret starts with this byte */
};

static uint64_t
hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

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
	for (size_t i = 0; i < r->ng; i++) {
		for (size_t k = 0; k < r->g[i].cap; k++)
			aa_secret_free(&r->g[i].slot[k]);
		free(r->g[i].slot);
	}
	free(r);
	*rp = NULL;
}

/* Slot of p in g: the match, or the empty slot where it belongs. */
static size_t
probe(const struct group *g, const void *p)
{
	size_t k = (size_t)hash(p, g->len) & (g->cap - 1);

	while (g->slot[k] != NULL && memcmp(g->slot[k]->ptr, p, g->len) != 0)
		k = (k + 1) & (g->cap - 1);
	return k;
}

static int
grow(struct group *g)
{
	struct group n = *g;

	n.cap = g->cap ? g->cap * 2 : 16;
	if ((n.slot = calloc(n.cap, sizeof(*n.slot))) == NULL)
		return AA_ERR_NOMEM;
	for (size_t k = 0; k < g->cap; k++)
		if (g->slot[k] != NULL)
			n.slot[probe(&n, g->slot[k]->ptr)] = g->slot[k];
	free(g->slot);
	*g = n;
	return AA_OK;
}

static struct group *
group_for(struct aa_redact *r, size_t len)
{
	size_t i;

	for (i = 0; i < r->ng && r->g[i].len > len; i++)
		;
	if (i < r->ng && r->g[i].len == len)
		return &r->g[i];
	if (r->ng == MAX_GROUPS)
		return NULL;
	memmove(&r->g[i + 1], &r->g[i], (r->ng - i) * sizeof(r->g[0]));
	memset(&r->g[i], 0, sizeof(r->g[0]));
	r->g[i].len = len;
	r->ng++;
	return &r->g[i];
}

int
aa_redact_add(struct aa_redact *r, const void *p, size_t len)
{
	struct group *g;
	size_t k;
	int rc;

	if (r == NULL || (p == NULL && len > 0))
		return AA_ERR_ARG;
	if (len < MIN_SECRET)
		return AA_OK;
	if (len > AA_SECRET_MAX)
		return AA_ERR_TOOBIG;
	if ((g = group_for(r, len)) == NULL)
		return AA_ERR_TOOBIG;
	if (g->cap > 0 && g->slot[probe(g, p)] != NULL)
		return AA_OK;
	if (r->total == MAX_SECRETS)
		return AA_ERR_TOOBIG;
	if ((g->n + 1) * 2 > g->cap && (rc = grow(g)) != AA_OK)
		return rc;
	k = probe(g, p);
	if ((g->slot[k] = aa_secret_new(p, len)) == NULL)
		return AA_ERR_NOMEM;
	g->n++;
	r->total++;
	r->first[*(const unsigned char *)p] = 1;
	g->first[*(const unsigned char *)p >> 6] |=
	    1ull << (*(const unsigned char *)p & 63);
	return AA_OK;
}

int
aa_redact_add_secret(struct aa_redact *r, const aa_secret_t *s)
{
	if (s == NULL)
		return AA_ERR_ARG;
	return aa_redact_add(r, s->ptr, s->len);
}

const unsigned char *
aa_redact_firsts(const struct aa_redact *r)
{
	return r->first;
}

size_t
aa_redact_match_len(const struct aa_redact *r, const char *p, size_t left)
{
	unsigned char c = (unsigned char)*p;

	if (!r->first[c])
		return 0;
	for (size_t i = 0; i < r->ng; i++) {
		const struct group *g = &r->g[i];

		/* The bitmap spares hashing len bytes for most positions. */
		if (g->len <= left && (g->first[c >> 6] >> (c & 63) & 1) &&
		    g->slot[probe(g, p)] != NULL)
			return g->len;
	}
	return 0;
}

static int
all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

int
aa_redact_in_number(const char *t, size_t len, size_t i, size_t m)
{
	return all_digits(t + i, m) && ((i > 0 &&
	    isdigit((unsigned char)t[i - 1])) || (i + m < len &&
	    isdigit((unsigned char)t[i + m])));
}

void
aa_redact_span_add(struct aa_redact_spans *sp, size_t a, size_t b)
{
	struct aa_redact_span *v;
	size_t cap;

	if (sp->err != 0 || b <= a)
		return;
	if (sp->n == sp->cap) {
		cap = sp->cap ? sp->cap * 2 : 16;
		if ((v = realloc(sp->v, cap * sizeof(*v))) == NULL) {
			sp->err = AA_ERR_NOMEM;
			return;
		}
		sp->v = v;
		sp->cap = cap;
	}
	sp->v[sp->n].a = a;
	sp->v[sp->n++].b = b;
}

static int
span_cmp(const void *x, const void *y)
{
	const struct aa_redact_span *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? 1 : a->b > b->b ? -1 : 0;
}

/* The raw bytes: the longest secret at each position. */
static void
raw_scan(const struct aa_redact *r, const char *in, size_t len,
    struct aa_redact_spans *sp)
{
	size_t m;

	for (size_t i = 0; i < len; i++) {
		if (!r->first[(unsigned char)in[i]] ||
		    (m = aa_redact_match_len(r, in + i, len - i)) == 0 ||
		    aa_redact_in_number(in, len, i, m))
			continue;
		aa_redact_span_add(sp, i, i + m);
		i += m - 1;
	}
}

char *
aa_redact_apply(const struct aa_redact *r, const char *in)
{
	struct aa_redact_spans sp = { NULL, 0, 0, 0 };
	struct aa_buf out;
	size_t len, run = 0, i, a, b, end;
	char mark[64];

	if (in == NULL)
		return NULL;
	len = strlen(in);
	aa_buf_init(&out, MAX_OUT);
	if (aa_buf_append(&out, "", 0) != AA_OK)
		return NULL;
	if (r != NULL && r->total > 0) {
		raw_scan(r, in, len, &sp);
		aa_redact_views_scan(r, in, len, &sp);
		if (sp.err != 0)
			goto fail;
		if (sp.n > 1)
			qsort(sp.v, sp.n, sizeof(*sp.v), span_cmp);
	}
	/* Overlapping spans (one secret seen in two readings) become one. */
	for (i = 0; i < sp.n; i = b) {
		a = sp.v[i].a;
		end = sp.v[i].b;

		for (b = i + 1; b < sp.n && sp.v[b].a < end; b++)
			if (sp.v[b].b > end)
				end = sp.v[b].b;
		if (aa_buf_append(&out, in + run, a - run) != AA_OK)
			goto fail;
		snprintf(mark, sizeof(mark), AA_REDACT_MARK_FMT, end - a);
		if (aa_buf_puts(&out, mark) != AA_OK)
			goto fail;
		run = end;
	}
	if (aa_buf_append(&out, in + run, len - run) != AA_OK)
		goto fail;
	free(sp.v);
	return aa_buf_steal(&out);
fail:
	free(sp.v);
	aa_buf_release(&out);
	return NULL;
}
