/*
 * libFuzzer harness for the evidence builder: a response whose body,
 * headers and Set-Cookie lines come from the input (first line: a secret
 * to redact). The evidence must never contain the secret.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/evidence.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/core/jalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Text the evidence itself contains: a secret inside it proves nothing. */
static const char vocabulary[] = "redacted chars step fuzz request method "
    "POST url http headers Authorization Bearer Cookie Plain body response "
    "status set-cookie body_bytes rtt_ms";

/* Secrets made of 6+ ASCII letters cannot be re-created by markers or
 * UTF-8 repair, so any occurrence in a string of the evidence is a leak.
 * The strings are searched, not the JSON text: an escape such as "\n"
 * followed by "hunte" spells "nhunte" without any leak. */
static int
letters_only(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++)
		if (!isalpha((unsigned char)*s) || (unsigned char)*s > 0x7f)
			return 0;
	return n >= 6;
}

static int
leaks(const json_t *v, const char *secret)
{
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return strstr(json_string_value(v), secret) != NULL;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, item)
			if (strstr(key, secret) != NULL || leaks(item, secret))
				return 1;
		return 0;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
			if (leaks(item, secret))
				return 1;
		return 0;
	default:
		return 0;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_response r;
	struct aa_redact *red = NULL;
	struct aa_evidence_req rq = { "POST", "http://127.0.0.1/x", NULL,
	    NULL, 0 };
	const char *hdr[] = { "Authorization: Bearer abcdefgh", "Cookie: a=b",
	    "X-Plain: v", NULL };
	const uint8_t *nl = memchr(data, '\n', size);
	char *secret = NULL, *dump, *line, *save = NULL;
	json_t *ev;

	aa_json_secure_init();
	if (nl == NULL || aa_redact_new(&red) != AA_OK)
		return 0;
	secret = strndup((const char *)data, (size_t)(nl - data));
	memset(&r, 0, sizeof(r));
	r.status = 200;
	aa_buf_init(&r.body, 1 << 20);
	aa_buf_append(&r.body, nl + 1, size - (size_t)(nl - data) - 1);
	r.headers = json_object();
	r.set_cookies = json_array();
	if (secret == NULL || r.body.ptr == NULL)
		goto out;
	aa_redact_add(red, secret, strlen(secret));
	line = strndup(r.body.ptr, r.body.len);
	for (char *t = line ? strtok_r(line, "\n", &save) : NULL; t != NULL;
	    t = strtok_r(NULL, "\n", &save))
		json_array_append_new(r.set_cookies, aa_json_text(t, strlen(t)));
	free(line);
	rq.headers = hdr;
	rq.body = r.body.ptr;
	rq.body_len = r.body.len;
	if ((ev = aa_evidence_build(red, "fuzz", &rq, &r, AA_OK)) != NULL) {
		dump = json_dumps(ev, 0);
		if (dump == NULL || (letters_only(secret) &&
		    strstr(vocabulary, secret) == NULL && leaks(ev, secret)))
			__builtin_trap();
		free(dump);
		json_decref(ev);
	}
out:
	free(secret);
	aa_response_release(&r);
	aa_redact_free(&red);
	return 0;
}
