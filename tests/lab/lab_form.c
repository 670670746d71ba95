/*
 * application/x-www-form-urlencoded bodies (shape b). Hand-written so the
 * limits are ours: body size, field count, and no silent truncation.
 * A field value that is not valid UTF-8 after decoding is rejected, since
 * handlers treat values as JSON strings.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/pct.h"
#include "auth-audit/core/secret.h"
#include "tests/lab/lab_int.h"

int
lab_form_parse(const char *s, size_t len, json_t **out)
{
	int r = AA_ERR_INTERNAL;
	json_t *obj = NULL;
	char *key = NULL, *val = NULL;
	struct aa_pct_pair p;
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
	while (aa_pct_pair_next(s, len, &pos, &p)) {
		size_t klen, vlen;
		json_t *js;

		if (++nfields > LAB_FORM_MAX_FIELDS) {
			r = AA_ERR_TOOBIG;
			goto out;
		}
		if (aa_pct_text_decode(p.name, p.namelen, AA_PCT_PLUS_SPACE, key,
		    &klen) != AA_OK ||
		    aa_pct_text_decode(p.value, p.valuelen, AA_PCT_PLUS_SPACE, val,
		    &vlen) != AA_OK || klen == 0 ||
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
