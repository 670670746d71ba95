/*
 * application/x-www-form-urlencoded bodies (shape b). Hand-written so the
 * limits are ours: body size, field count, and no silent truncation.
 * A field value that is not valid UTF-8 after decoding is rejected, since
 * handlers treat values as JSON strings.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/err.h"
#include "auth-audit/secret.h"
#include "tests/lab/lab_int.h"

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

/* Decode s[0..len) into out (at least len+1 bytes); -1 on a bad escape. */
static int
decode(const char *s, size_t len, char *out, size_t *outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return 0;
}

int
lab_form_parse(const char *s, size_t len, json_t **out)
{
	int r = AA_ERR_INTERNAL;
	json_t *obj = NULL;
	char *key = NULL, *val = NULL;
	size_t nfields = 0, pos = 0;

	*out = NULL;
	if (len > LAB_MAX_BODY) {
		r = AA_ERR_TOOBIG;
		goto out;
	}
	if ((obj = json_object()) == NULL ||
	    (key = malloc(len + 1)) == NULL || (val = malloc(len + 1)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	while (pos < len) {
		size_t end = pos, eq, klen, vlen;
		json_t *js;

		while (end < len && s[end] != '&')
			end++;
		if (end == pos) {       /* empty pair ("a=1&&b=2") */
			pos = end + 1;
			continue;
		}
		if (++nfields > LAB_FORM_MAX_FIELDS) {
			r = AA_ERR_TOOBIG;
			goto out;
		}
		for (eq = pos; eq < end && s[eq] != '='; eq++)
			;
		if (decode(s + pos, eq - pos, key, &klen) != 0 ||
		    decode(s + eq + (eq < end), end - eq - (eq < end), val,
		    &vlen) != 0 || klen == 0 ||
		    memchr(key, '\0', klen) != NULL) {
			r = AA_ERR_PARSE;
			goto out;
		}
		/* json_stringn_nocheck would accept bad UTF-8; we want to refuse */
		if ((js = json_stringn(val, vlen)) == NULL) {
			r = AA_ERR_PARSE;
			goto out;
		}
		if (json_object_set_new(obj, key, js) != 0) {
			r = AA_ERR_PARSE;
			goto out;
		}
		pos = end + 1;
	}
	*out = obj;
	obj = NULL;
	r = AA_OK;
out:
	if (key != NULL)
		aa_freezero(key, len + 1);
	if (val != NULL)
		aa_freezero(val, len + 1);
	json_decref(obj);
	return r;
}
