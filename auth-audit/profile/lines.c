/*
 * Where each step is written in the profile file. jansson keeps no node
 * positions, so this walks the raw text of a document jansson already
 * accepted: strings (with escapes), nesting, and which strings are keys.
 * Keys of the root's "steps" object are recorded (1-based lines), so
 * SARIF can anchor a live finding to the step it concerns, and the root's
 * own members as "/name" (a module's section, such as "/webauthn").
 */
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/profile/lines.h"

/* Deeper nesting than this is never a profile; the walk just stops. */
#define LINES_MAX_DEPTH 64
/* Step names are at most 64 bytes (profile.c); escaped, 6 bytes each. */
#define LINES_KEY_MAX 400

struct walk {
	const char *t;
	size_t len, i;
	long line;
};

/* Skip a string whose opening quote is at w->i; its raw body into key. */
static int
skip_string(struct walk *w, char *key, size_t keylen, size_t *klen)
{
	size_t n = 0;

	w->i++;
	while (w->i < w->len && w->t[w->i] != '"') {
		if (w->t[w->i] == '\\' && w->i + 1 < w->len) {
			if (n + 2 < keylen) {
				key[n++] = w->t[w->i];
				key[n++] = w->t[w->i + 1];
			} else
				n = keylen;
			w->i += 2;
			continue;
		}
		if (w->t[w->i] == '\n')
			w->line++; /* not valid JSON, but stay counting */
		if (n + 1 < keylen)
			key[n++] = w->t[w->i];
		else
			n = keylen;
		w->i++;
	}
	if (w->i >= w->len)
		return AA_ERR_PARSE;
	w->i++;
	*klen = n < keylen ? n : 0;
	if (n < keylen)
		key[n] = '\0';
	else
		key[0] = '\0';
	return AA_OK;
}

static void
skip_space(struct walk *w)
{
	while (w->i < w->len && strchr(" \t\r\n", w->t[w->i]) != NULL &&
	    w->t[w->i] != '\0') {
		if (w->t[w->i] == '\n')
			w->line++;
		w->i++;
	}
}

/* Record key at line under `steps` when the raw key needs no decoding. */
static int
record(json_t *lines, const char *key, size_t klen, long line)
{
	if (klen == 0 || memchr(key, '\\', klen) != NULL ||
	    json_object_get(lines, key) != NULL)
		return AA_OK; /* escaped names are rare; keep the first */
	return json_object_set_new(lines, key, json_integer(line)) == 0 ?
	    AA_OK : AA_ERR_NOMEM;
}

int
aa_profile_step_lines(const char *text, size_t len, json_t **out,
    long *steps_line)
{
	/* Per depth: 1 = object, 0 = array; is the next string a key. */
	char obj[LINES_MAX_DEPTH], want_key[LINES_MAX_DEPTH];
	char key[LINES_KEY_MAX];
	struct walk w = { text, len, 0, 1 };
	int depth = 0, in_steps = 0, pending_steps = 0, r = AA_OK;
	size_t klen;
	long kline;
	json_t *lines;

	*out = NULL;
	*steps_line = 0;
	if (text == NULL || (lines = json_object()) == NULL)
		return text == NULL ? AA_ERR_ARG : AA_ERR_NOMEM;
	while (r == AA_OK && w.i < w.len) {
		char c = w.t[w.i];

		if (c == '\n') {
			w.line++;
			w.i++;
		} else if (c == '{' || c == '[') {
			if (depth >= LINES_MAX_DEPTH)
				break;
			obj[depth] = c == '{';
			want_key[depth] = c == '{';
			depth++;
			/* The value of root."steps" opens at depth 2. */
			if (depth == 2)
				in_steps = pending_steps && c == '{';
			pending_steps = 0;
			w.i++;
		} else if (c == '}' || c == ']') {
			if (depth > 0)
				depth--;
			if (depth < 2)
				in_steps = 0;
			w.i++;
		} else if (c == ',') {
			if (depth > 0 && obj[depth - 1])
				want_key[depth - 1] = 1;
			w.i++;
		} else if (c == '"') {
			kline = w.line;
			r = skip_string(&w, key, sizeof(key), &klen);
			if (r != AA_OK || depth == 0 || !obj[depth - 1] ||
			    !want_key[depth - 1]) {
				pending_steps = 0;
				continue;
			}
			want_key[depth - 1] = 0;
			skip_space(&w);
			if (depth == 1) {
				pending_steps = klen == 5 &&
				    strcmp(key, "steps") == 0;
				if (pending_steps)
					*steps_line = kline;
				/* Root members as "/name": no step name
				 * starts with '/'. */
				if (klen + 1 < sizeof(key)) {
					memmove(key + 1, key, klen + 1);
					key[0] = '/';
					r = record(lines, key, klen + 1, kline);
				}
			} else if (depth == 2 && in_steps)
				r = record(lines, key, klen, kline);
		} else
			w.i++;
	}
	if (r != AA_OK) {
		json_decref(lines);
		return r;
	}
	*out = lines;
	return AA_OK;
}
