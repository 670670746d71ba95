/*
 * Bounded decoding of provider request fields. Everything here reads
 * bytes straight off the socket, so each field, the field count and the
 * whole input are capped, and malformed escapes are errors rather than
 * guesses (the server answers them with the provider's error shape).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/pct.h"
#include "sms-sim/sim/form.h"

/* Decode s[0..len) into a new NUL-terminated string. */
static int
decode(const char *s, size_t len, char **out, size_t *outlen)
{
	char *d;

	*out = NULL;
	if ((d = malloc(len + 1)) == NULL)
		return AA_ERR_NOMEM;
	if (aa_pct_text_decode(s, len, AA_PCT_PLUS_SPACE, d, outlen) != AA_OK) {
		free(d);
		return AA_ERR_PARSE;
	}
	*out = d;
	return AA_OK;
}

int
aa_sms_form_add(struct aa_sms_form *fm, const char *name, const char *value,
    size_t len)
{
	struct aa_sms_field *f;

	if (fm->n >= AA_SMS_FORM_MAX_FIELDS)
		return AA_ERR_TOOBIG;
	if (len > AA_SMS_FORM_MAX_BYTES || strlen(name) > 256)
		return AA_ERR_TOOBIG;
	f = &fm->f[fm->n];
	if ((f->name = strdup(name)) == NULL ||
	    (f->value = malloc(len + 1)) == NULL) {
		free(f->name);
		f->name = NULL;
		return AA_ERR_NOMEM;
	}
	memcpy(f->value, value, len);
	f->value[len] = '\0';
	f->len = len;
	fm->n++;
	return AA_OK;
}

int
aa_sms_form_parse(struct aa_sms_form *fm, const char *s, size_t len)
{
	struct aa_pct_pair p;
	size_t pos = 0;
	int r;

	if (len > AA_SMS_FORM_MAX_BYTES)
		return AA_ERR_TOOBIG;
	while (aa_pct_pair_next(s, len, &pos, &p)) {
		char *name = NULL, *value = NULL;
		size_t nlen, vlen;

		if ((r = decode(p.name, p.namelen, &name, &nlen)) != AA_OK)
			return r;
		r = decode(p.value, p.valuelen, &value, &vlen);
		if (r == AA_OK && strlen(name) != nlen)
			r = AA_ERR_PARSE; /* NUL inside a name */
		if (r == AA_OK)
			r = aa_sms_form_add(fm, name, value, vlen);
		free(name);
		free(value);
		if (r != AA_OK)
			return r;
	}
	return AA_OK;
}

int
aa_sms_form_parse_json(struct aa_sms_form *fm, const char *s, size_t len)
{
	json_error_t jerr;
	json_t *root, *v;
	const char *k;
	int r = AA_OK;

	if (len > AA_SMS_FORM_MAX_BYTES)
		return AA_ERR_TOOBIG;
	root = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return AA_ERR_PARSE;
	}
	json_object_foreach(root, k, v) {
		char num[64];

		if (json_is_string(v))
			r = aa_sms_form_add(fm, k, json_string_value(v),
			    json_string_length(v));
		else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			r = aa_sms_form_add(fm, k, num, strlen(num));
		} else
			r = AA_ERR_PARSE;
		if (r != AA_OK)
			break;
	}
	json_decref(root);
	return r;
}

const struct aa_sms_field *
aa_sms_form_get(const struct aa_sms_form *fm, const char *name)
{
	for (size_t i = 0; i < fm->n; i++)
		if (strcmp(fm->f[i].name, name) == 0)
			return &fm->f[i];
	return NULL;
}

void
aa_sms_form_release(struct aa_sms_form *fm)
{
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->f[i].name);
		if (fm->f[i].value != NULL) {
			memset(fm->f[i].value, 0, fm->f[i].len);
			free(fm->f[i].value);
		}
	}
	fm->n = 0;
}

int
aa_sms_utf8_valid(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i], need;
		unsigned long cp;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else
			return 0;
		if (len - i <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* Overlong, surrogate and out-of-range forms. */
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += need + 1;
	}
	return 1;
}

size_t
aa_sms_utf8_len(const char *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			n++;
	return n;
}
