/*
 * libFuzzer harness for the extractors: the first line is the extractor
 * spec, the rest the response body (also parsed as JSON, and its lines
 * of the form "Name: value" as headers / Set-Cookie).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/core/jalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
headers(struct aa_response *r, const char *body)
{
	const char *line = body, *nl, *colon;

	while (*line != '\0') {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		colon = memchr(line, ':', (size_t)(nl - line));
		if (colon != NULL && colon > line && colon - line < 64) {
			char name[64], *v;
			size_t n = (size_t)(colon - line);

			for (size_t i = 0; i < n; i++)
				name[i] = (char)tolower((unsigned char)line[i]);
			name[n] = '\0';
			v = strndup(colon + 1, (size_t)(nl - colon - 1));
			if (v != NULL) {
				json_object_set_new(r->headers, name,
				    aa_json_text(v, strlen(v)));
				if (strcmp(name, "set-cookie") == 0)
					json_array_append_new(r->set_cookies,
					    aa_json_text(v, strlen(v)));
				free(v);
			}
		}
		line = *nl ? nl + 1 : nl;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_response r;
	const uint8_t *nl = memchr(data, '\n', size);
	char *spec, why[256];
	size_t speclen, blen;
	json_t *v = NULL;
	int rc;

	aa_json_secure_init();
	if (nl == NULL)
		return 0;
	speclen = (size_t)(nl - data);
	blen = size - speclen - 1;
	if ((spec = strndup((const char *)data, speclen)) == NULL)
		return 0;
	memset(&r, 0, sizeof(r));
	aa_buf_init(&r.body, 1 << 20);
	aa_buf_append(&r.body, nl + 1, blen);
	r.headers = json_object();
	r.set_cookies = json_array();
	if (r.body.ptr != NULL) {
		r.json = json_loadb(r.body.ptr, r.body.len, JSON_DECODE_ANY, NULL);
		headers(&r, r.body.ptr);
	}
	if (aa_extract_spec_check(spec, why, sizeof(why)) == AA_OK) {
		/* A regex may hit its match limit: an error, never a hang. */
		rc = aa_extract_run(spec, &r, NULL, &v);
		if (rc != AA_OK && !(rc == AA_ERR_TOOBIG &&
		    strncmp(spec, "regex:", 6) == 0))
			__builtin_trap();
		if (v != NULL && json_is_string(v) && strncmp(spec, "regex:", 6) ==
		    0 && json_string_length(v) > 3 * blen)
			__builtin_trap();
		json_decref(v);
	}
	aa_response_release(&r);
	free(spec);
	return 0;
}
