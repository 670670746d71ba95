#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/rx.h"
#include "auth-audit/profile/step.h"

#define MAX_STATUSES 64
#define MAX_JSON_RULES 64

/* A regex member that does not compile: 1 and err. */
static int
regex_bad(const json_t *v, const char *ptr, char *err, size_t errlen)
{
	struct aa_regex *re = NULL;
	char why[200];

	if (!json_is_string(v)) {
		snprintf(err, errlen, "%s: expected a regex string", ptr);
		return 1;
	}
	/* Templates ("${username}") are expanded when the rule is checked;
	 * validate the pattern with each standing for a plain word. */
	{
		const char *s = json_string_value(v), *e;
		char pat[AA_REGEX_MAX_PATTERN + 1];
		size_t n = 0;

		while (*s != '\0' && n < sizeof(pat) - 2) {
			if (s[0] == '$' && s[1] == '{' &&
			    (e = strchr(s, '}')) != NULL) {
				pat[n++] = 'x';
				s = e + 1;
			} else
				pat[n++] = *s++;
		}
		pat[n] = '\0';
		if (aa_regex_compile(&re, pat, why, sizeof(why)) != AA_OK) {
			snprintf(err, errlen, "%s: bad regex: %s", ptr, why);
			return 1;
		}
	}
	aa_regex_free(&re);
	return 0;
}

int
aa_ok_check(const json_t *ok, char *err, size_t errlen)
{
	const json_t *st, *js, *v;
	const char *key;
	size_t i;

	if (!json_is_object(ok)) {
		snprintf(err, errlen, "/ok: expected an object");
		return AA_ERR_PROFILE;
	}
	json_object_foreach((json_t *)ok, key, v) {
		if (strcmp(key, "status") != 0 && strcmp(key, "json") != 0 &&
		    strcmp(key, "body") != 0 && strcmp(key, "headers") != 0) {
			char k[128];

			aa_json_pointer_escape(key, k, sizeof(k));
			snprintf(err, errlen, "/ok/%s: unknown member "
			    "(expected \"status\", \"json\", \"body\" or "
			    "\"headers\")", k);
			return AA_ERR_PROFILE;
		}
	}
	if ((v = json_object_get(ok, "body")) != NULL &&
	    regex_bad(v, "/ok/body", err, errlen))
		return AA_ERR_PROFILE;
	if ((js = json_object_get(ok, "headers")) != NULL) {
		if (!json_is_object(js) || json_object_size(js) > MAX_JSON_RULES) {
			snprintf(err, errlen, "/ok/headers: expected an object of "
			    "\"header-name\": \"regex\" rules");
			return AA_ERR_PROFILE;
		}
		json_object_foreach((json_t *)js, key, v) {
			char ptr[160], k[128];

			aa_json_pointer_escape(key, k, sizeof(k));
			snprintf(ptr, sizeof(ptr), "/ok/headers/%s", k);
			if (regex_bad(v, ptr, err, errlen))
				return AA_ERR_PROFILE;
		}
	}
	if ((st = json_object_get(ok, "status")) != NULL) {
		if (!json_is_array(st) || json_array_size(st) == 0 ||
		    json_array_size(st) > MAX_STATUSES) {
			snprintf(err, errlen, "/ok/status: expected an array of "
			    "1..%d HTTP status codes", MAX_STATUSES);
			return AA_ERR_PROFILE;
		}
		json_array_foreach(st, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 100 ||
			    json_integer_value(v) > 599) {
				snprintf(err, errlen, "/ok/status/%zu: expected an "
				    "integer 100..599", i);
				return AA_ERR_PROFILE;
			}
		}
	}
	if ((js = json_object_get(ok, "json")) != NULL) {
		if (!json_is_object(js) || json_object_size(js) > MAX_JSON_RULES) {
			snprintf(err, errlen, "/ok/json: expected an object of "
			    "at most %d \"/pointer\": value rules", MAX_JSON_RULES);
			return AA_ERR_PROFILE;
		}
		json_object_foreach((json_t *)js, key, v) {
			if (!aa_json_pointer_valid(key)) {
				char k[128];

				aa_json_pointer_escape(key, k, sizeof(k));
				snprintf(err, errlen, "/ok/json/%s: member name "
				    "is not a JSON pointer (\"/a/0/b\")", k);
				return AA_ERR_PROFILE;
			}
		}
	}
	return AA_OK;
}
