/*
 * libFuzzer harness for the evidence builder and the redactor. Input: a
 * first line, the secret (any bytes), then a body. The harness sends the
 * secret in every spelling a client uses (raw, form and percent encoding,
 * a URL path, JSON escapes, HTML entities, base64 of "user:secret") in the
 * request URL, a header and the body, and answers with the fuzzed body,
 * headers and Set-Cookie lines. No spelling may survive in any string of
 * the evidence.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/engine/evidence.h"
#include "auth-audit/engine/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFORMS 9

/* Text the harness itself puts in the evidence: a "secret" inside it
 * proves nothing. */
static const char vocabulary[] = "redacted chars step fuzz request method "
    "POST url http://127.0.0.1/x/ headers Authorization Bearer Cookie "
    "X-Plain body response status set-cookie body_bytes rtt_ms "
    "\xef\xbf\xbd";

static int
valid_utf8(const char *s)
{
	json_t *j = json_string(s);

	json_decref(j);
	return j != NULL;
}

static int
all_digits(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void
pct(struct aa_buf *b, const char *s, const char *keep, int plus)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p < 0x80 &&
		    strchr(keep, *p) != NULL))
			aa_buf_append(b, p, 1);
		else if (*p == ' ' && plus)
			aa_buf_puts(b, "+");
		else
			aa_buf_printf(b, plus ? "%%%02X" : "%%%02x", *p);
	}
}

static void
jesc(struct aa_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '/')
			aa_buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x80)
			aa_buf_printf(b, "\\u%04x", *p);
		else
			aa_buf_append(b, p, 1);
	}
}

static void
html(struct aa_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&' || *s == '<' || *s == '>' || *s == '"' ||
		    *s == '\'')
			aa_buf_printf(b, "&#%d;", *s);
		else
			aa_buf_append(b, s, 1);
	}
}

static void
b64(struct aa_buf *b, const char *s)
{
	char plain[600];
	unsigned char out[820];
	int n = snprintf(plain, sizeof(plain), "audit-a:%s", s);

	if (n > 0 && (size_t)n < sizeof(plain)) {
		EVP_EncodeBlock(out, (const unsigned char *)plain, n);
		aa_buf_puts(b, (const char *)out);
	}
}

/* The spellings of the secret; NULL where one is not checked. The JSON
 * \u form here is byte-wise, so it is built only for ASCII secrets. */
static void
spell(const char *secret, char *forms[NFORMS])
{
	struct aa_buf b;
	int ascii = 1;

	for (const unsigned char *p = (const unsigned char *)secret; *p; p++)
		ascii &= *p < 0x80;
	for (int i = 0; i < NFORMS; i++) {
		aa_buf_init(&b, 1 << 16);
		aa_buf_append(&b, "", 0);
		switch (i) {
		case 0: aa_buf_puts(&b, secret); break;
		case 1: pct(&b, secret, "-._~", 1); break;
		case 2: pct(&b, secret, "-._~", 0); break;
		case 3: pct(&b, secret, "-._~!$'()*+,;=:@/", 0); break;
		case 4: if (ascii) jesc(&b, secret); break;
		case 5: html(&b, secret); break;
		case 6: b64(&b, secret); break;
		case 7: pct(&b, secret, "-._~*'()!", 0); break;
		case 8: if (ascii) { jesc(&b, secret); } break;
		}
		forms[i] = aa_buf_steal(&b);
		if (i == 8 && forms[i] != NULL && forms[i][0] != '\0') {
			/* JSON text inside a query parameter. */
			aa_buf_init(&b, 1 << 16);
			aa_buf_append(&b, "", 0);
			pct(&b, forms[i], "", 0);
			free(forms[i]);
			forms[i] = aa_buf_steal(&b);
		}
		/* Too short to be a secret, or the harness's own words. */
		if (forms[i] != NULL && (strlen(forms[i]) < 6 ||
		    strstr(vocabulary, forms[i]) != NULL)) {
			free(forms[i]);
			forms[i] = NULL;
		}
	}
	/* Invalid UTF-8 becomes U+FFFD in evidence: such a spelling can only
	 * turn up as the start of a replacement character. */
	for (int i = 0; i < NFORMS; i++)
		if (forms[i] != NULL && !valid_utf8(forms[i])) {
			free(forms[i]);
			forms[i] = NULL;
		}
	/* A code's base64 is not looked for (false hits in random bytes). */
	if (all_digits(secret) && strlen(secret) <= 10) {
		free(forms[6]);
		forms[6] = NULL;
	}
}

/* 1 if form occurs in s outside redaction marks, and not right after an
 * escape character that may have consumed its first bytes. */
static int
found(const char *s, const char *form)
{
	const char *p, *mark;
	size_t flen = strlen(form);

	for (p = strstr(s, form); p != NULL; p = strstr(p + 1, form)) {
		int ambiguous = 0;

		for (size_t k = 1; k <= 8 && k <= (size_t)(p - s); k++)
			ambiguous |= p[-(ptrdiff_t)k] == '%' ||
			    p[-(ptrdiff_t)k] == '\\' || p[-(ptrdiff_t)k] == '&';
		/* Inside or across a mark: text the redactor wrote. */
		mark = strstr(s, "\u00abredacted");
		for (; mark != NULL;
		    mark = strstr(mark + 1, "\u00abredacted")) {
			const char *end = strstr(mark, "\u00bb");

			if (end != NULL && p < end + 2 && p + flen > mark)
				ambiguous = 1;
		}
		/* A code inside a longer number is that number. */
		if (all_digits(form) && ((p > s && p[-1] >= '0' &&
		    p[-1] <= '9') || (p[flen] >= '0' && p[flen] <= '9')))
			ambiguous = 1;
		if (!ambiguous)
			return 1;
	}
	return 0;
}

static int
leaks(const json_t *v, char *const forms[NFORMS])
{
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		for (int k = 0; k < NFORMS; k++)
			if (forms[k] != NULL &&
			    found(json_string_value(v), forms[k])) {
				fprintf(stderr, "spelling %d leaks\n", k);
				return 1;
			}
		return 0;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, item)
			if (leaks(item, forms))
				return 1;
		return 0;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
			if (leaks(item, forms))
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
	struct aa_evidence_req rq = { "POST", NULL, NULL, NULL, 0 };
	const char *hdr[5] = { "Authorization: Bearer abcdefgh", "Cookie: a=b",
	    NULL, "X-Plain: v", NULL };
	const uint8_t *nl = memchr(data, '\n', size);
	char *secret = NULL, *line, *save = NULL, *forms[NFORMS] = { NULL };
	struct aa_buf url, body, xh;
	json_t *ev;

	aa_json_secure_init();
	aa_buf_init(&url, 1 << 20);
	aa_buf_init(&body, 1 << 20);
	aa_buf_init(&xh, 1 << 20);
	memset(&r, 0, sizeof(r));
	aa_buf_init(&r.body, 1 << 20);
	if (nl == NULL || (size_t)(nl - data) > 256 ||
	    aa_redact_new(&red) != AA_OK)
		goto out;
	secret = strndup((const char *)data, (size_t)(nl - data));
	r.status = 200;
	aa_buf_append(&r.body, nl + 1, size - (size_t)(nl - data) - 1);
	r.headers = json_object();
	r.set_cookies = json_array();
	/* The redactor ignores values shorter than 4 bytes. */
	if (secret == NULL || strlen(secret) < 4 || r.body.ptr == NULL ||
	    r.headers == NULL || r.set_cookies == NULL)
		goto out;
	aa_redact_add(red, secret, strlen(secret));
	spell(secret, forms);
	/* The request: every spelling, each after a space. */
	aa_buf_puts(&url, "http://127.0.0.1/x/");
	pct(&url, secret, "-._~!$'()*+,;=:@/", 0);
	aa_buf_puts(&url, "?q=");
	pct(&url, secret, "-._~", 1);
	aa_buf_puts(&xh, "X-Secret: ");
	aa_buf_puts(&xh, secret);
	for (int k = 0; k < NFORMS; k++)
		if (forms[k] != NULL)
			aa_buf_printf(&body, " %s", forms[k]);
	aa_buf_puts(&body, " ");
	aa_buf_append(&body, r.body.ptr, r.body.len);
	if (url.ptr == NULL || xh.ptr == NULL || body.ptr == NULL)
		goto out;
	hdr[2] = xh.ptr;
	rq.url = url.ptr;
	rq.headers = hdr;
	rq.body = body.ptr;
	rq.body_len = body.len;
	line = strndup(r.body.ptr, r.body.len);
	for (char *t = line ? strtok_r(line, "\n", &save) : NULL; t != NULL;
	    t = strtok_r(NULL, "\n", &save)) {
		char *c = strchr(t, ':');

		json_array_append_new(r.set_cookies, aa_json_text(t, strlen(t)));
		if (c != NULL && c > t && c - t < 64) {
			*c = '\0';
			json_object_set_new(r.headers, t,
			    aa_json_text(c + 1, strlen(c + 1)));
		}
	}
	free(line);
	if ((ev = aa_evidence_build(red, "fuzz", &rq, &r, AA_OK)) != NULL) {
		if (leaks(ev, forms)) {
			char *d = json_dumps(ev, JSON_INDENT(1));

			fprintf(stderr, "leak:\n%s\n", d ? d : "");
			__builtin_trap();
		}
		json_decref(ev);
	}
out:
	for (int k = 0; k < NFORMS; k++)
		free(forms[k]);
	free(secret);
	aa_buf_release(&url);
	aa_buf_release(&body);
	aa_buf_release(&xh);
	aa_response_release(&r);
	aa_redact_free(&red);
	return 0;
}
