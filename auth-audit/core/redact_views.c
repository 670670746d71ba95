/*
 * A secret rarely leaves in its raw bytes only: a form sends a password
 * with a space as "+" or "%20", a URL puts "%2F" for "/", a JSON body
 * "\"" for a quote and "\u00e9" for "é", a page "&amp;" for "&", Basic
 * auth base64("user:password"). Rather than register every spelling (the
 * choice of characters an encoder leaves alone varies), the text is
 * decoded into readings, each byte of which remembers where its encoding
 * starts in the input, and the secrets are looked for in each reading;
 * a match becomes the input span that spells it.
 *
 * Readings, one per scheme so that a secret holding "%22" is still found
 * in its JSON spelling: percent with "+" as a space (forms) and without
 * (paths, where "+" is itself), backslash escapes, HTML entities; each
 * decoded once more (a JSON value in a query string, "%2520"). Base64
 * runs of the input and of each reading are decoded at every alignment,
 * and a secret anywhere in the decoded bytes redacts the whole run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/html.h"
#include "auth-audit/core/pct.h"
#include "auth-audit/core/redact_int.h"

/* Layers of encoding undone: one, and one inside another. */
#define MAX_LAYERS 2
/* Shorter runs of the base64 alphabet are ordinary words; base64 of the
 * shortest secret (4 bytes) next to a user name is longer than this. */
#define B64_MIN 8

struct view {
	char *s;          /* decoded text, NUL-terminated */
	size_t len;
	int nested;       /* an escape decoded to an escape character:
	                   * another layer may be under this one */
	uint32_t *at;     /* at[i]: input offset where byte i's encoding
	                   * starts; at[len]: the input's length */
};

static void
view_free(struct view *v)
{
	if (v->s != NULL)
		memset(v->s, 0, v->len);
	free(v->s);
	free(v->at);
	v->s = NULL;
	v->at = NULL;
}

/* n hex digits at p (all present), or -1. */
static long
hexn(const char *p, size_t left, size_t n)
{
	long v = 0;
	int d;

	if (left < n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((d = aa_pct_hexval((unsigned char)p[i])) < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* "\uD83D\uDE00": a surrogate pair is one code point. */
static long
json_u(const char *p, size_t left, size_t *used)
{
	long hi = hexn(p + 2, left - 2, 4), lo;

	*used = 6;
	if (hi >= 0xd800 && hi < 0xdc00 && left >= 12 && p[6] == '\\' &&
	    p[7] == 'u' && (lo = hexn(p + 8, left - 8, 4)) >= 0xdc00 &&
	    lo < 0xe000) {
		*used = 12;
		return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	return hi;
}

enum scheme {
	PCT_PLUS,     /* percent, "+" is a space: forms, query strings */
	PCT,          /* percent, "+" is itself: paths */
	BACKSLASH,    /* JSON, C, Markdown */
	ENTITY,       /* HTML and XML character references */
	NSCHEMES
};

/* The escape of scheme sc at p: its decoded bytes in o (1..4), source
 * bytes in *used. Anything else stands for itself. */
static size_t
unescape(const char *p, size_t left, enum scheme sc, unsigned char o[4],
    size_t *used)
{
	long v = -1;
	char c;

	*used = 1;
	if ((sc == PCT_PLUS || sc == PCT) && p[0] == '%') {
		if ((v = hexn(p + 1, left - 1, 2)) >= 0) {
			*used = 3;
			o[0] = (unsigned char)v;
			return 1;
		}
		/* JavaScript's escape(): "%u00E9" */
		if (left > 1 && (p[1] == 'u' || p[1] == 'U') &&
		    (v = hexn(p + 2, left - 2, 4)) >= 0) {
			*used = 6;
			return aa_html_utf8_put((unsigned long)v, o);
		}
	} else if (sc == PCT_PLUS && p[0] == '+') {
		o[0] = ' ';
		return 1;
	} else if (sc == ENTITY && p[0] == '&') {
		if ((v = aa_html_entity(p, left, used)) >= 0)
			return aa_html_utf8_put((unsigned long)v, o);
		*used = 1;
	} else if (sc == BACKSLASH && p[0] == '\\' && left >= 2) {
		c = p[1];
		*used = 2;
		if (c == 'u' && hexn(p + 2, left - 2, 4) >= 0)
			return aa_html_utf8_put((unsigned long)json_u(p, left, used),
			    o);
		if (c == 'x' && (v = hexn(p + 2, left - 2, 2)) >= 0) {
			*used = 4;
			o[0] = (unsigned char)v;
			return 1;
		}
		o[0] = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' :
		    c == 'b' ? '\b' : c == 'f' ? '\f' : (unsigned char)c;
		/* A backslash before punctuation (JSON, Markdown) or a known
		 * control letter; before anything else it is itself. */
		if (c == 'n' || c == 't' || c == 'r' || c == 'b' || c == 'f' ||
		    (c > ' ' && c < 0x7f && !(c >= '0' && c <= '9') &&
		    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')))
			return 1;
		*used = 1;
	}
	o[0] = (unsigned char)p[0];
	return 1;
}

/* Whether s holds anything scheme sc would decode differently from the
 * readings already made. */
static int
worth(const char *s, size_t len, enum scheme sc)
{
	switch (sc) {
	case PCT_PLUS:
		return memchr(s, '%', len) != NULL || memchr(s, '+', len);
	case PCT:
		/* Without a "+" this reading is the one above. */
		return memchr(s, '%', len) != NULL && memchr(s, '+', len);
	case BACKSLASH:
		return memchr(s, '\\', len) != NULL;
	default:
		return memchr(s, '&', len) != NULL;
	}
}

/* Decode src (a view, or the input when at is NULL) into out; 0 when
 * nothing changed (no new reading). */
static int
decode(const char *s, size_t len, const uint32_t *at, enum scheme sc,
    struct view *out)
{
	unsigned char o[4];
	size_t i = 0, n = 0, used, k;
	int changed = 0;

	memset(out, 0, sizeof(*out));
	if (len >= UINT32_MAX || (out->s = malloc(len + 1)) == NULL ||
	    (out->at = malloc((len + 1) * sizeof(*out->at))) == NULL) {
		view_free(out);
		return AA_ERR_NOMEM;
	}
	/* An escape never decodes to more bytes than it spells. */
	while (i < len) {
		k = unescape(s + i, len - i, sc, o, &used);
		changed |= used != 1 || o[0] != (unsigned char)s[i];
		out->nested |= used > 1 && (o[0] == '%' || o[0] == '\\' ||
		    o[0] == '&' || o[0] == '+');
		for (size_t j = 0; j < k; j++) {
			out->s[n] = (char)o[j];
			out->at[n++] = at != NULL ? at[i] : (uint32_t)i;
		}
		i += used;
	}
	out->s[n] = '\0';
	out->at[n] = at != NULL ? at[len] : (uint32_t)len;
	out->len = n;
	if (!changed)
		view_free(out);
	return AA_OK;
}

/* Input offset just past the encoding of byte j of the view. */
static size_t
end_of(const struct view *v, size_t j)
{
	size_t k = j + 1;

	while (k < v->len && v->at[k] == v->at[j])
		k++;
	return v->at[k];
}

static void
match_view(const struct aa_redact *r, const struct view *v,
    struct aa_redact_spans *sp)
{
	const unsigned char *first = aa_redact_firsts(r);
	size_t m;

	for (size_t i = 0; i < v->len; i++) {
		if (!first[(unsigned char)v->s[i]] ||
		    (m = aa_redact_match_len(r, v->s + i, v->len - i)) == 0 ||
		    aa_redact_in_number(v->s, v->len, i, m))
			continue;
		aa_redact_span_add(sp, v->at[i], end_of(v, i + m - 1));
		i += m - 1;
	}
}

/* Value of a base64 character (standard or URL alphabet), else -1. */
static const signed char b64tab[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, 62, -1, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
	-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, 63,
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static int
b64val(int c)
{
	return b64tab[c & 0xff];
}

static int
digits(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/* A secret (other than an OTP code: too many false hits) in t decoded
 * from base64 at any of the four alignments: the run may start before
 * the encoded text does. */
static int
b64_holds_secret(const struct aa_redact *r, const char *t, size_t n,
    unsigned char *buf)
{
	for (size_t off = 0; off < 4 && off + 4 <= n; off++) {
		size_t k = 0, m;
		unsigned long acc = 0;
		int bits = 0;

		for (size_t i = off; i < n; i++) {
			acc = (acc << 6 | (unsigned long)b64val(
			    (unsigned char)t[i])) & 0xffffff;
			if ((bits += 6) >= 8) {
				bits -= 8;
				buf[k++] = (unsigned char)(acc >> bits);
			}
		}
		for (size_t i = 0; i < k; i++)
			if ((m = aa_redact_match_len(r, (const char *)buf + i,
			    k - i)) != 0 && (m > 10 || !digits(buf + i, m)))
				return 1;
	}
	return 0;
}

static void
b64_scan(const struct aa_redact *r, const char *t, size_t len,
    const struct view *v, struct aa_redact_spans *sp)
{
	unsigned char *buf = NULL;
	size_t i = 0, j, k;
	int lower, upper;

	while (i < len) {
		if (b64val((unsigned char)t[i]) < 0) {
			i++;
			continue;
		}
		lower = upper = 0;
		for (j = i; j < len && b64val((unsigned char)t[j]) >= 0; j++) {
			lower |= t[j] >= 'a' && t[j] <= 'z';
			upper |= (t[j] >= 'A' && t[j] <= 'Z') ||
			    (t[j] >= '0' && t[j] <= '9');
		}
		for (k = j; k < len && t[k] == '='; k++)
			;
		/* Words and numbers are not base64: its text mixes cases
		 * (all one case over 8 characters: 1 in 1000 or less). */
		if (j - i >= B64_MIN && lower && upper) {
			if (buf == NULL && (buf = malloc(len)) == NULL) {
				sp->err = AA_ERR_NOMEM;
				return;
			}
			if (b64_holds_secret(r, t + i, j - i, buf))
				aa_redact_span_add(sp, v ? v->at[i] : i,
				    v ? end_of(v, k - 1) : k);
		}
		i = k;
	}
	if (buf != NULL)
		memset(buf, 0, len);
	free(buf);
}

static void
scan_layer(const struct aa_redact *r, const char *s, size_t len,
    const uint32_t *at, int layer, struct aa_redact_spans *sp)
{
	struct view v;

	for (int sc = 0; sc < NSCHEMES && sp->err == 0; sc++) {
		if (!worth(s, len, (enum scheme)sc))
			continue;
		if (decode(s, len, at, (enum scheme)sc, &v) != AA_OK) {
			sp->err = AA_ERR_NOMEM;
			return;
		}
		if (v.s == NULL)
			continue;
		match_view(r, &v, sp);
		/* Base64 is percent-encoded in a query string ("%2B"),
		 * JSON-escaped ("\/"); HTML leaves it alone. */
		if (sc != ENTITY)
			b64_scan(r, v.s, v.len, &v, sp);
		/* "%2520", "&amp;lt;", "%5C%22": a layer inside this one. */
		if (layer + 1 < MAX_LAYERS && v.nested)
			scan_layer(r, v.s, v.len, v.at, layer + 1, sp);
		view_free(&v);
	}
}

void
aa_redact_views_scan(const struct aa_redact *r, const char *in, size_t len,
    struct aa_redact_spans *sp)
{
	b64_scan(r, in, len, NULL, sp);
	scan_layer(r, in, len, NULL, 0, sp);
}
