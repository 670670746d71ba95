/*
 * The redactor finds a secret in every spelling it can leave in: percent
 * and form encoding (either case of hex, space as "+" or "%20", some
 * characters left alone), JSON escaping (\" \\ \/ \u00e9), HTML entities,
 * base64 of Basic auth's "user:password", and one encoding inside another.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/redact.h"
#include "tests/unit/tap.h"

static const char *const passwords[] = {
	"correct horse battery staple",
	"p\"q'r&s+t/u%v w",
	"\xc3\xa9t\xc3\xa9 \xe2\x82\xac 50% off",
	"a+b c/d\\e",
	"<tag>&amp;",
	"\xf0\x9f\x94\x91 key",
	NULL,
};

/* Percent-encode: keep ALNUM and `keep`; space as "+" when plus. */
static char *
pct(const char *s, const char *keep, int plus, int lower)
{
	struct aa_buf b;

	aa_buf_init(&b, 1 << 16);
	aa_buf_append(&b, "", 0);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || (*p < 0x80 && strchr(keep, *p) != NULL))
			aa_buf_append(&b, p, 1);
		else if (*p == ' ' && plus)
			aa_buf_puts(&b, "+");
		else
			aa_buf_printf(&b, lower ? "%%%02x" : "%%%02X", *p);
	}
	return aa_buf_steal(&b);
}

/* JSON string body (without the quotes) as jansson writes it. */
static char *
jesc(const char *s, size_t flags)
{
	json_t *j = json_string(s);
	char *d = json_dumps(j, JSON_ENCODE_ANY | flags), *o;
	size_t n = strlen(d);

	o = strndup(d + 1, n - 2);
	free(d);
	json_decref(j);
	return o;
}

static char *
html(const char *s)
{
	struct aa_buf b;

	aa_buf_init(&b, 1 << 16);
	aa_buf_append(&b, "", 0);
	for (; *s; s++) {
		switch (*s) {
		case '&': aa_buf_puts(&b, "&amp;"); break;
		case '<': aa_buf_puts(&b, "&lt;"); break;
		case '>': aa_buf_puts(&b, "&gt;"); break;
		case '"': aa_buf_puts(&b, "&quot;"); break;
		case '\'': aa_buf_puts(&b, "&#39;"); break;
		case '/': aa_buf_puts(&b, "&#x2F;"); break;
		default: aa_buf_append(&b, s, 1);
		}
	}
	return aa_buf_steal(&b);
}

static char *
cat(const char *a, const char *b)
{
	char *o = malloc(strlen(a) + strlen(b) + 1);

	strcpy(o, a);
	strcat(o, b);
	return o;
}

static char *
basic(const char *user, const char *pw)
{
	char plain[512];
	unsigned char *o;
	int n;

	n = snprintf(plain, sizeof(plain), "%s:%s", user, pw);
	o = calloc(1, 4 * (size_t)n / 3 + 8);
	EVP_EncodeBlock(o, (const unsigned char *)plain, n);
	return (char *)o;
}

/* The text around the encoded form, redacted: the form must be gone, a
 * mark in its place, the text around it intact. */
static void
check(const struct aa_redact *r, const char *pre, char *enc, const char *post,
    const char *what, size_t k)
{
	char text[4096], *out;

	snprintf(text, sizeof(text), "%s%s%s", pre, enc, post);
	out = aa_redact_apply(r, text);
	ok(out != NULL && strstr(out, enc) == NULL &&
	    strstr(out, "redacted") != NULL && strncmp(out, pre,
	    strlen(pre)) == 0 && strstr(out, post) != NULL,
	    "password %zu: %s", k, what);
	if (out != NULL && strstr(out, enc) != NULL)
		tap_diag("left in: %s", out);
	free(out);
	free(enc);
}

static void
false_positives(const struct aa_redact *r)
{
	static const char *const texts[] = {
		"a+b%20c &amp; \\\"quoted\\\" \\u00e9 dXNlcjpwYXNzd29yZA==",
		"GET /api/users/1001/factors?x=%2F HTTP/1.1",
		"{\"token\":\"eyJhbGciOiJIUzI1NiJ9.e30.abcdefgh\"}",
		NULL,
	};

	for (size_t i = 0; texts[i] != NULL; i++) {
		char *out = aa_redact_apply(r, texts[i]);

		is_str(out, texts[i], "no secret, text unchanged");
		free(out);
	}
}

int
main(void)
{
	struct aa_redact *r = NULL;
	char *out, *t;

	is_int(aa_redact_new(&r), AA_OK, "new");
	for (size_t k = 0; passwords[k] != NULL; k++)
		aa_redact_add(r, passwords[k], strlen(passwords[k]));
	false_positives(r);
	for (size_t k = 0; passwords[k] != NULL; k++) {
		const char *pw = passwords[k];

		check(r, "raw=", strdup(pw), ";", "raw", k);
		check(r, "password=", pct(pw, "-._~", 1, 0), "&x=1",
		    "form (+ for space)", k);
		check(r, "password=", pct(pw, "-._~", 0, 1), "&x=1",
		    "percent, lower-case hex, %20", k);
		check(r, "/api/", pct(pw, "-._~!$'()*+,;=:@/", 0, 0), "?x",
		    "URL path (sub-delims left alone)", k);
		check(r, "q=", pct(pw, "-._~*'()!", 0, 0), "&",
		    "encodeURIComponent", k);
		check(r, "{\"password\":\"", jesc(pw, 0), "\"}", "JSON", k);
		check(r, "{\"password\":\"", jesc(pw, JSON_ENSURE_ASCII |
		    JSON_ESCAPE_SLASH), "\"}", "JSON \\u00e9 and \\/", k);
		check(r, "<td>", html(pw), "</td>", "HTML entities", k);
		check(r, "Authorization: Basic ", basic("audit-a", pw), "\r\n",
		    "Basic auth base64(user:password)", k);
		/* A run that starts before the base64 does. */
		t = basic("ab", pw);
		check(r, "tok=", cat("x/", t), " y",
		    "base64 at another alignment", k);
		free(t);
		t = jesc(pw, JSON_ENSURE_ASCII);
		check(r, "?json=", pct(t, "", 0, 0), "&",
		    "JSON inside a query string", k);
		free(t);
		t = pct(pw, "", 0, 0);
		check(r, "next=", pct(t, "", 0, 0), "&", "double percent", k);
		free(t);
	}
	/* Two readings of one secret make one mark; text around survives. */
	out = aa_redact_apply(r, "a=correct+horse+battery+staple b=correct "
	    "horse battery staple c");
	is_str(out, "a=\u00abredacted 28 chars\u00bb b=\u00abredacted 28 "
	    "chars\u00bb c", "form and raw side by side");
	free(out);
	aa_redact_free(&r);
	return tap_done();
}
