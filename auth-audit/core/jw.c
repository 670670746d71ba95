/*
 * Streaming JSON writer (jw.h). The escaping and number formats follow
 * jansson's dump exactly, so a line written here and one written by
 * json_dumps(JSON_COMPACT) compare equal byte for byte (tests/unit/
 * test_core_jw.c and tests/fuzz/fuzz_jw.c hold it to that).
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jw.h"

void
aa_jw_init(struct aa_jw *w, struct aa_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static void
put(struct aa_jw *w, const char *p, size_t n)
{
	struct aa_buf *b = w->b;

	if (w->err != AA_OK)
		return;
	/* Most tokens fit the room already there: no call, no checks twice. */
	if (n < b->cap - b->len && b->len + n <= b->max) {
		memcpy(b->ptr + b->len, p, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return;
	}
	w->err = aa_buf_append(b, p, n);
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), 0 when there is none. */
static size_t
utf8_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (left < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

static void
put_string(struct aa_jw *w, const char *str, size_t left)
{
	const unsigned char *s = (const unsigned char *)str, *run;

	put(w, "\"", 1);
	while (left > 0 && w->err == AA_OK) {
		char esc[8];
		size_t n;

		/* The common case: a run of bytes that need nothing. */
		for (run = s; left > 0 && *s >= 0x20 && *s < 0x80 &&
		    *s != '"' && *s != '\\'; s++, left--)
			;
		if (s > run)
			put(w, (const char *)run, (size_t)(s - run));
		if (left == 0)
			break;
		if (*s >= 0x80) {
			if ((n = utf8_len(s, left)) > 0)
				put(w, (const char *)s, n);
			else
				put(w, "\xEF\xBF\xBD", 3); /* U+FFFD */
			n = n > 0 ? n : 1;
			s += n;
			left -= n;
			continue;
		}
		switch (*s) {
		case '"':  memcpy(esc, "\\\"", 3); break;
		case '\\': memcpy(esc, "\\\\", 3); break;
		case '\b': memcpy(esc, "\\b", 3); break;
		case '\f': memcpy(esc, "\\f", 3); break;
		case '\n': memcpy(esc, "\\n", 3); break;
		case '\r': memcpy(esc, "\\r", 3); break;
		case '\t': memcpy(esc, "\\t", 3); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", (unsigned)*s);
			break;
		}
		put(w, esc, strlen(esc));
		s++;
		left--;
	}
	put(w, "\"", 1);
}

/* The separator and name before a member; checks key against context. */
static void
member(struct aa_jw *w, const char *key)
{
	int in_obj;

	if (w->err != AA_OK)
		return;
	if (w->depth == 0) {
		if (key != NULL || w->top_done)
			w->err = AA_ERR_INTERNAL;
		w->top_done = 1;
		return;
	}
	in_obj = w->obj[w->depth - 1];
	if ((key != NULL) != in_obj) {
		w->err = AA_ERR_INTERNAL;
		return;
	}
	if (w->more[w->depth - 1])
		put(w, ",", 1);
	w->more[w->depth - 1] = 1;
	if (key != NULL) {
		put_string(w, key, strlen(key));
		put(w, ":", 1);
	}
}

static void
open_c(struct aa_jw *w, const char *key, int obj)
{
	member(w, key);
	if (w->err != AA_OK)
		return;
	if (w->depth >= AA_JW_MAX_DEPTH) {
		w->err = AA_ERR_TOOBIG;
		return;
	}
	w->obj[w->depth] = (unsigned char)obj;
	w->more[w->depth] = 0;
	w->depth++;
	put(w, obj ? "{" : "[", 1);
}

static void
close_c(struct aa_jw *w, int obj)
{
	if (w->err != AA_OK)
		return;
	if (w->depth == 0 || w->obj[w->depth - 1] != obj) {
		w->err = AA_ERR_INTERNAL;
		return;
	}
	w->depth--;
	put(w, obj ? "}" : "]", 1);
}

void
aa_jw_obj_open(struct aa_jw *w, const char *key)
{
	open_c(w, key, 1);
}

void
aa_jw_obj_close(struct aa_jw *w)
{
	close_c(w, 1);
}

void
aa_jw_arr_open(struct aa_jw *w, const char *key)
{
	open_c(w, key, 0);
}

void
aa_jw_arr_close(struct aa_jw *w)
{
	close_c(w, 0);
}

void
aa_jw_str(struct aa_jw *w, const char *key, const char *s)
{
	member(w, key);
	if (s == NULL)
		put(w, "null", 4);
	else if (w->err == AA_OK)
		put_string(w, s, strlen(s));
}

void
aa_jw_int(struct aa_jw *w, const char *key, long long v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", v);

	member(w, key);
	put(w, num, (size_t)n);
}

void
aa_jw_bool(struct aa_jw *w, const char *key, int v)
{
	member(w, key);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void
aa_jw_null(struct aa_jw *w, const char *key)
{
	member(w, key);
	put(w, "null", 4);
}

/* jansson's real format: %.17g, always a '.' or an exponent, exponent
 * without '+' or leading zeros. */
static void
put_real(struct aa_jw *w, double d)
{
	char num[40], *e, *from;
	int n = snprintf(num, sizeof(num) - 3, "%.17g", d);

	if (n < 0 || (size_t)n >= sizeof(num) - 3) {
		w->err = AA_ERR_INTERNAL;
		return;
	}
	for (char *c = num; *c != '\0'; c++)
		if (*c == ',')
			*c = '.'; /* a locale's decimal comma */
	if (strchr(num, '.') == NULL && strchr(num, 'e') == NULL)
		memcpy(num + n, ".0", 3);
	if ((e = strchr(num, 'e')) != NULL) {
		e++;
		from = e + 1;
		if (*e == '-')
			e++;
		while (*from == '0')
			from++;
		if (from != e)
			memmove(e, from, strlen(from) + 1);
	}
	put(w, num, strlen(num));
}

static void
value(struct aa_jw *w, const char *key, const json_t *v)
{
	if (w->err != AA_OK)
		return;
	switch (v == NULL ? JSON_NULL : json_typeof(v)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *m;

		aa_jw_obj_open(w, key);
		json_object_foreach((json_t *)v, k, m)
			value(w, k, m);
		aa_jw_obj_close(w);
		break;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *m;

		aa_jw_arr_open(w, key);
		json_array_foreach(v, i, m)
			value(w, NULL, m);
		aa_jw_arr_close(w);
		break;
	}
	case JSON_STRING: /* may hold NUL bytes: by its length */
		member(w, key);
		if (w->err == AA_OK)
			put_string(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		aa_jw_int(w, key, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		member(w, key);
		if (w->err == AA_OK)
			put_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		aa_jw_bool(w, key, json_is_true(v));
		break;
	default:
		aa_jw_null(w, key);
		break;
	}
}

void
aa_jw_value(struct aa_jw *w, const char *key, const json_t *v)
{
	value(w, key, v);
}

int
aa_jw_end(const struct aa_jw *w)
{
	if (w->err != AA_OK)
		return w->err;
	return w->depth == 0 && w->top_done ? AA_OK : AA_ERR_INTERNAL;
}
