/*
 * libFuzzer harness for the auditor's side of sms-sim: the inbox API's
 * answer (JSON) and the extraction of a code from each text with the
 * profile's code regex. Input: first line the regex (the default when it
 * does not compile), the rest the inbox answer (and, read again, a
 * /stats answer whose rejections explain a text that never came). A code
 * found is always part of its text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/jalloc.h"
#include "auth-audit/engine/extract.h"
#include "sms-sim/live/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char pat[AA_REGEX_MAX_PATTERN + 1], why[128], *code;
	json_t *arr = NULL, *m;
	struct aa_regex *re = NULL;
	size_t n, i;
	int elsewhere;

	aa_json_secure_init();
	if (nl == NULL || (n = (size_t)(nl - data)) > AA_REGEX_MAX_PATTERN)
		return 0;
	memcpy(pat, data, n);
	pat[n] = '\0';
	if (aa_regex_compile(&re, pat, why, sizeof(why)) != AA_OK &&
	    aa_regex_compile(&re, "\\b(\\d{4,8})\\b", why, sizeof(why)) !=
	    AA_OK)
		__builtin_trap();
	aa_sms_rejections_parse((const char *)nl + 1, size - n - 1, why,
	    sizeof(why), &elsewhere);
	if (aa_sms_inbox_parse((const char *)nl + 1, size - n - 1, &arr) ==
	    AA_OK) {
		json_array_foreach(arr, i, m) {
			const char *b = json_string_value(json_object_get(m,
			    "body"));

			if (b == NULL)
				__builtin_trap();
			if (aa_regex_first(re, b, strlen(b), &code) == AA_OK) {
				if (strstr(b, code) == NULL)
					__builtin_trap();
				free(code);
			}
		}
	}
	json_decref(arr);
	aa_regex_free(&re);
	return 0;
}
