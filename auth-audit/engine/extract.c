#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/html.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/engine/flow.h"

/*
 * "json:/list/STAR/id" (STAR a "*" segment): the value at the rest of
 * the pointer in every element of the array (or object) before the star,
 * as a new array (ids from a list call); NULL when none has it.
 */
static int
json_each(const json_t *root, const char *ptr, json_t **out)
{
	char head[AA_EXTRACT_MAX_SPEC];
	const char *star = strstr(ptr, "/*"), *rest = star + 2;
	const json_t *base, *e, *v;
	const char *k;
	json_t *arr;
	size_t i;

	*out = NULL;
	snprintf(head, sizeof(head), "%.*s", (int)(star - ptr), ptr);
	if ((base = aa_json_pointer_get(root, head)) == NULL)
		return AA_OK;
	if ((arr = json_array()) == NULL)
		return AA_ERR_NOMEM;
	if (json_is_array(base))
		json_array_foreach(base, i, e)
			if ((v = aa_json_pointer_get(e, rest)) != NULL)
				json_array_append_new(arr, json_deep_copy(v));
	if (json_is_object(base))
		json_object_foreach((json_t *)base, k, e)
			if ((v = aa_json_pointer_get(e, rest)) != NULL)
				json_array_append_new(arr, json_deep_copy(v));
	if (json_array_size(arr) == 0)
		json_decref(arr);
	else
		*out = arr;
	return AA_OK;
}

/* Value of cookie `name` in a raw Set-Cookie line, or NULL. */
static char *
set_cookie_value(const char *line, const char *name)
{
	size_t n = strlen(name);
	const char *v, *e;

	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, name, n) != 0)
		return NULL;
	for (v = line + n; *v == ' '; v++)
		;
	if (*v != '=')
		return NULL;
	for (v++; *v == ' '; v++)
		;
	e = strchr(v, ';');
	if (e == NULL)
		e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return strndup(v, (size_t)(e - v));
}

static int
from_cookie(const char *name, const struct aa_response *resp,
    const struct aa_session *s, json_t **out)
{
	char *v = NULL;
	size_t i;
	json_t *line;

	/* The jar is what the client holds; the raw header covers cookies
	 * the jar refused (wrong domain or path). Last Set-Cookie wins. */
	if (s != NULL)
		v = aa_session_cookie_value(s, name);
	for (i = json_array_size(resp->set_cookies); v == NULL && i > 0; i--) {
		line = json_array_get(resp->set_cookies, i - 1);
		if (json_is_string(line))
			v = set_cookie_value(json_string_value(line), name);
	}
	if (v == NULL)
		return AA_OK;
	*out = aa_json_text(v, strlen(v));
	free(v);
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

static int
from_header(const char *name, const struct aa_response *resp, json_t **out)
{
	char low[256];
	size_t n = strlen(name);
	const json_t *v;

	if (n >= sizeof(low))
		return AA_OK;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	if ((v = json_object_get(resp->headers, low)) != NULL)
		*out = json_deep_copy(v);
	return AA_OK;
}

static int
from_regex(const char *pat, const struct aa_response *resp, json_t **out)
{
	struct aa_regex *re = NULL;
	const char *ct;
	char *v = NULL;
	size_t n;
	int r;

	if ((r = aa_regex_compile(&re, pat, NULL, 0)) != AA_OK)
		return r == AA_ERR_NOMEM ? r : AA_ERR_PROFILE;
	r = aa_regex_first(re, resp->body.ptr, resp->body.len, &v);
	aa_regex_free(&re);
	if (r == AA_ERR_NOTFOUND)
		return AA_OK;
	if (r != AA_OK)
		return r;
	/* Text in HTML markup is entity-escaped (an href's "&amp;"): the
	 * value is what a browser reads. */
	if ((ct = json_string_value(json_object_get(resp->headers,
	    "content-type"))) != NULL && strstr(ct, "html") != NULL)
		aa_html_unescape(v, strlen(v), v, &n);
	*out = aa_json_text(v, strlen(v));
	free(v);
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

int
aa_extract_run(const char *spec, const struct aa_response *resp,
    const struct aa_session *s, json_t **out)
{
	const json_t *v;

	if (out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	if (spec == NULL || resp == NULL)
		return AA_ERR_ARG;
	if (strncmp(spec, "json:", 5) == 0) {
		if (strstr(spec + 5, "/*") != NULL)
			return json_each(resp->json, spec + 5, out);
		if ((v = aa_json_pointer_get(resp->json, spec + 5)) != NULL &&
		    (*out = json_deep_copy(v)) == NULL)
			return AA_ERR_NOMEM;
		return AA_OK;
	}
	if (strncmp(spec, "cookie:", 7) == 0)
		return from_cookie(spec + 7, resp, s, out);
	if (strncmp(spec, "header:", 7) == 0)
		return from_header(spec + 7, resp, out);
	if (strncmp(spec, "regex:", 6) == 0)
		return from_regex(spec + 6, resp, out);
	return AA_ERR_PROFILE;
}
