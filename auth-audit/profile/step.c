/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jptr.h"
#include "auth-audit/core/rx.h"
#include "auth-audit/profile/step.h"

#define MAX_HEADERS 64
#define MAX_EXTRACT 64
#define MAX_FORM 256

int
aa_extract_spec_check(const char *spec, char *why, size_t whylen)
{
	struct aa_regex *re = NULL;
	char rwhy[200];

	if (spec == NULL || strlen(spec) > AA_EXTRACT_MAX_SPEC) {
		snprintf(why, whylen, "extractor longer than %d bytes",
		    AA_EXTRACT_MAX_SPEC);
		return AA_ERR_PARSE;
	}
	if (strncmp(spec, "json:", 5) == 0) {
		const char *star = strstr(spec + 5, "/*");
		char head[AA_EXTRACT_MAX_SPEC];

		/* One wildcard segment: "/list/STAR" or "/list/STAR/id",
		 * STAR being a "*". */
		if (star != NULL && (star[2] == '\0' || star[2] == '/') &&
		    strstr(star + 2, "/*") == NULL) {
			snprintf(head, sizeof(head), "%.*s",
			    (int)(star - spec - 5), spec + 5);
			if (aa_json_pointer_valid(head) &&
			    aa_json_pointer_valid(star + 2))
				return AA_OK;
		} else if (aa_json_pointer_valid(spec + 5))
			return AA_OK;
		snprintf(why, whylen, "\"%s\" is not a JSON pointer", spec + 5);
		return AA_ERR_PARSE;
	}
	if (strncmp(spec, "cookie:", 7) == 0 ||
	    strncmp(spec, "header:", 7) == 0) {
		for (const char *p = spec + 7; *p != '\0'; p++)
			if (*p <= ' ' || *p == 0x7f || strchr("=;:,\"", *p)) {
				snprintf(why, whylen, "bad character in name");
				return AA_ERR_PARSE;
			}
		if (spec[7] != '\0')
			return AA_OK;
		snprintf(why, whylen, "empty name after \"%.7s\"", spec);
		return AA_ERR_PARSE;
	}
	if (strncmp(spec, "regex:", 6) == 0) {
		if (aa_regex_compile(&re, spec + 6, rwhy, sizeof(rwhy)) !=
		    AA_OK) {
			snprintf(why, whylen, "bad regex: %s", rwhy);
			return AA_ERR_PARSE;
		}
		aa_regex_free(&re);
		return AA_OK;
	}
	snprintf(why, whylen,
	    "expected \"json:/ptr\", \"cookie:NAME\", \"header:NAME\" or "
	    "\"regex:PATTERN\"");
	return AA_ERR_PARSE;
}

static int
fail(char *err, size_t errlen, const char *member, const char *msg)
{
	char k[128];

	aa_json_pointer_escape(member, k, sizeof(k));
	snprintf(err, errlen, "/%s: %s", k, msg);
	return AA_ERR_PROFILE;
}

static int
token_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && !strchr("!#$%&'*+.^_`|~-", *s))
			return 0;
	return 1;
}

static int
text_ok(const json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL && json_string_length(v) <= AA_STEP_MAX_STRING &&
	    strlen(s) == json_string_length(v) && strpbrk(s, "\r\n") == NULL;
}

static int
var_name_ok(const char *s)
{
	if (strlen(s) > 64)
		return 0;
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static int
check_headers(const json_t *h, char *err, size_t errlen)
{
	const char *key;
	const json_t *v;
	char k[128];

	if (!json_is_object(h) || json_object_size(h) > MAX_HEADERS)
		return fail(err, errlen, "headers",
		    "expected an object of at most 64 \"Name\": \"value\"");
	json_object_foreach((json_t *)h, key, v) {
		aa_json_pointer_escape(key, k, sizeof(k));
		if (!token_ok(key, 128)) {
			snprintf(err, errlen, "/headers/%s: not a valid header "
			    "name", k);
			return AA_ERR_PROFILE;
		}
		if (!text_ok(v)) {
			snprintf(err, errlen, "/headers/%s: expected a string "
			    "without line breaks", k);
			return AA_ERR_PROFILE;
		}
	}
	return AA_OK;
}

static int
check_form(const json_t *f, char *err, size_t errlen)
{
	const char *key;
	const json_t *v;
	char k[128];

	if (!json_is_object(f) || json_object_size(f) > MAX_FORM)
		return fail(err, errlen, "form",
		    "expected an object of \"field\": value");
	json_object_foreach((json_t *)f, key, v) {
		if (json_is_string(v) || json_is_number(v) ||
		    json_is_boolean(v) || json_is_null(v))
			continue;
		aa_json_pointer_escape(key, k, sizeof(k));
		snprintf(err, errlen, "/form/%s: expected a string, number, "
		    "boolean or null", k);
		return AA_ERR_PROFILE;
	}
	return AA_OK;
}

static int
check_extract(const json_t *x, char *err, size_t errlen)
{
	const char *key;
	const json_t *v;
	char k[128], why[256];

	if (!json_is_object(x) || json_object_size(x) > MAX_EXTRACT)
		return fail(err, errlen, "extract",
		    "expected an object of \"var\": \"kind:arg\"");
	json_object_foreach((json_t *)x, key, v) {
		aa_json_pointer_escape(key, k, sizeof(k));
		if (!var_name_ok(key)) {
			snprintf(err, errlen, "/extract/%s: variable names are "
			    "letters, digits and _", k);
			return AA_ERR_PROFILE;
		}
		if (!json_is_string(v)) {
			snprintf(err, errlen, "/extract/%s: expected a string "
			    "such as \"json:/id\"", k);
			return AA_ERR_PROFILE;
		}
		if (aa_extract_spec_check(json_string_value(v), why,
		    sizeof(why)) != AA_OK) {
			snprintf(err, errlen, "/extract/%s: %s", k, why);
			return AA_ERR_PROFILE;
		}
	}
	return AA_OK;
}

/* Members a step may have; "x-..." and "_..." are free for comments. */
static const char *const known[] = {
	"method", "path", "url", "headers", "json", "form", "body",
	"extract", "ok", "before", "pace_ms", "description", "comment", NULL
};

int
aa_step_check(const json_t *step, char *err, size_t errlen)
{
	const json_t *v, *path, *url;
	const char *key, *s;
	size_t i, nbody;
	int r;

	if (!json_is_object(step)) {
		snprintf(err, errlen, ": expected a step object");
		return AA_ERR_PROFILE;
	}
	json_object_foreach((json_t *)step, key, v) {
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL && key[0] != '_' && strncmp(key, "x-", 2))
			return fail(err, errlen, key, "unknown step member");
	}
	if ((v = json_object_get(step, "method")) != NULL) {
		if (!json_is_string(v) || !token_ok(json_string_value(v), 16))
			return fail(err, errlen, "method",
			    "expected an HTTP method such as \"POST\"");
		for (s = json_string_value(v); *s != '\0'; s++)
			if (!isupper((unsigned char)*s))
				return fail(err, errlen, "method",
				    "methods are upper case");
	}
	path = json_object_get(step, "path");
	url = json_object_get(step, "url");
	if ((path == NULL) == (url == NULL))
		return fail(err, errlen, "path",
		    "exactly one of \"path\" and \"url\" is required");
	if (path != NULL && (!text_ok(path) || json_string_value(path)[0] != '/'))
		return fail(err, errlen, "path", "expected a string starting "
		    "with \"/\"");
	if (url != NULL && (!text_ok(url) ||
	    (strncmp(json_string_value(url), "http://", 7) != 0 &&
	    strncmp(json_string_value(url), "https://", 8) != 0 &&
	    strncmp(json_string_value(url), "${", 2) != 0)))
		return fail(err, errlen, "url", "expected an absolute http(s) "
		    "URL or a template starting with \"${\"");
	if ((v = json_object_get(step, "headers")) != NULL &&
	    (r = check_headers(v, err, errlen)) != AA_OK)
		return r;
	nbody = (json_object_get(step, "json") != NULL) +
	    (json_object_get(step, "form") != NULL) +
	    (json_object_get(step, "body") != NULL);
	if (nbody > 1)
		return fail(err, errlen, "json",
		    "at most one of \"json\", \"form\" and \"body\"");
	if ((v = json_object_get(step, "form")) != NULL &&
	    (r = check_form(v, err, errlen)) != AA_OK)
		return r;
	if ((v = json_object_get(step, "body")) != NULL &&
	    (!json_is_string(v) || json_string_length(v) > AA_STEP_MAX_STRING))
		return fail(err, errlen, "body", "expected a string");
	if ((v = json_object_get(step, "extract")) != NULL &&
	    (r = check_extract(v, err, errlen)) != AA_OK)
		return r;
	if ((v = json_object_get(step, "ok")) != NULL &&
	    (r = aa_ok_check(v, err, errlen)) != AA_OK)
		return r;
	if ((v = json_object_get(step, "before")) != NULL) {
		const json_t *e;

		if (!json_is_array(v) || json_array_size(v) > 8)
			return fail(err, errlen, "before", "expected an array of "
			    "at most 8 step names");
		json_array_foreach(v, i, e)
			if (!json_is_string(e))
				return fail(err, errlen, "before", "expected "
				    "step names");
	}
	if ((v = json_object_get(step, "pace_ms")) != NULL &&
	    (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 600000))
		return fail(err, errlen, "pace_ms", "expected milliseconds "
		    "0..600000");
	return AA_OK;
}
