/*
 * A step's `ok` rule against a response (the rule's syntax is checked when
 * the profile loads: auth-audit/profile/okrule.c).
 */
#include <ctype.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jptr.h"
#include "auth-audit/core/rx.h"
#include "auth-audit/engine/flow.h"

/* Whether text[0..len) matches the regex pattern (a bad one, or one
 * that hits a match limit, never does). */
static int
matches(const char *pat, const char *text, size_t len)
{
	struct aa_regex *re = NULL;
	int hit;

	if (text == NULL || aa_regex_compile(&re, pat, NULL, 0) != AA_OK)
		return 0;
	hit = aa_regex_match(re, text, len, 0, NULL) == AA_OK;
	aa_regex_free(&re);
	return hit;
}

int
aa_ok_eval(const json_t *ok, const struct aa_response *r)
{
	const json_t *st = json_object_get(ok, "status");
	const json_t *js = json_object_get(ok, "json");
	const json_t *v;
	const char *key;
	size_t i;
	int hit = 0;

	if (r == NULL || r->status == 0)
		return 0;
	if (st == NULL)
		hit = r->status >= 200 && r->status <= 299;
	json_array_foreach(st, i, v)
		if (json_integer_value(v) == r->status)
			hit = 1;
	if (!hit)
		return 0;
	json_object_foreach((json_t *)js, key, v)
		if (!json_equal(aa_json_pointer_get(r->json, key), v))
			return 0;
	if ((v = json_object_get(ok, "body")) != NULL &&
	    !matches(json_string_value(v), r->body.ptr != NULL ?
	    r->body.ptr : "", r->body.len))
		return 0;
	json_object_foreach(json_object_get(ok, "headers"), key, v) {
		const json_t *hv;
		char lower[128];
		size_t n;

		for (n = 0; key[n] != '\0' && n + 1 < sizeof(lower); n++)
			lower[n] = (char)tolower((unsigned char)key[n]);
		lower[n] = '\0';
		hv = json_object_get(r->headers, lower);
		if (!matches(json_string_value(v), json_string_value(hv),
		    json_string_length(hv)))
			return 0;
	}
	return 1;
}
