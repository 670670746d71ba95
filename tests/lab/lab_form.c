/*
 * application/x-www-form-urlencoded bodies (shape b). Hand-written so the
 * limits are ours: body size, field count, and no silent truncation.
 * A field value that is not valid UTF-8 after decoding is rejected, since
 * handlers treat values as JSON strings.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/lab/lab_int.h"
#include "tests/lab/lab_util.h"

/* The next name=value pair at *pos (empty pairs skipped); 0 at the end. */
static int
next_pair(const char *s, size_t len, size_t *pos, const char **name,
    size_t *namelen, const char **val, size_t *vallen)
{
	size_t i = *pos, end, eq;

	while (i < len && s[i] == '&')
		i++;
	if (i >= len) {
		*pos = len;
		return 0;
	}
	for (end = i; end < len && s[end] != '&'; end++)
		;
	for (eq = i; eq < end && s[eq] != '='; eq++)
		;
	*name = s + i;
	*namelen = eq - i;
	*val = s + (eq < end ? eq + 1 : end);
	*vallen = eq < end ? end - eq - 1 : 0;
	*pos = end;
	return 1;
}

int
lab_form_parse(const char *s, size_t len, json_t **out)
{
	int r = LAB_ERR_INTERNAL;
	json_t *obj = NULL;
	char *key = NULL, *val = NULL;
	const char *n, *v;
	size_t nfields = 0, pos = 0, nl, vl;

	*out = NULL;
	if (len > LAB_MAX_BODY) {
		r = LAB_ERR_TOOBIG;
		goto out;
	}
	if ((obj = json_object()) == NULL ||
	    (key = malloc(len + 1)) == NULL || (val = malloc(len + 1)) == NULL) {
		r = LAB_ERR_NOMEM;
		goto out;
	}
	while (next_pair(s, len, &pos, &n, &nl, &v, &vl)) {
		size_t klen, vlen;
		json_t *js;

		if (++nfields > LAB_FORM_MAX_FIELDS) {
			r = LAB_ERR_TOOBIG;
			goto out;
		}
		if (lab_form_decode(n, nl, key, &klen) != LAB_OK ||
		    lab_form_decode(v, vl, val, &vlen) != LAB_OK || klen == 0 ||
		    memchr(key, '\0', klen) != NULL) {
			r = LAB_ERR_PARSE;
			goto out;
		}
		/* json_stringn_nocheck would accept bad UTF-8; we want to refuse */
		if ((js = json_stringn(val, vlen)) == NULL) {
			r = LAB_ERR_PARSE;
			goto out;
		}
		if (json_object_set_new(obj, key, js) != 0) {
			r = LAB_ERR_PARSE;
			goto out;
		}
	}
	*out = obj;
	obj = NULL;
	r = LAB_OK;
out:
	lab_freezero(key, len + 1);
	lab_freezero(val, len + 1);
	json_decref(obj);
	return r;
}
