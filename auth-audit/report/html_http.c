/*
 * Evidence as a person checks it: each recorded request and response as
 * an HTTP transcript, and a curl command that sends the same request.
 *
 * Evidence was redacted before rendering and the whole page passes the
 * redactor again, so secrets show as «redacted N chars» here too; the
 * note under each command says to put the test account's values there.
 * The commands share one cookie jar (-b/-c), so replaying the commands of
 * a finding in order replays its session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/report/html.h"

/* A transcript or command longer than this is cut (bodies are 512 bytes). */
#define TEXT_MAX (64 * 1024)

/* POSIX shell single quotes: ' ends the quote, \' adds one, ' reopens. */
static void
sh_quote(struct aa_buf *b, const char *s)
{
	aa_buf_printf(b, "'");
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\'')
			aa_buf_printf(b, "'\\''");
		else
			aa_buf_printf(b, "%c", *s);
	}
	aa_buf_printf(b, "'");
}

/* "/path?q" and "host:port" of an absolute URL. */
static void
split_url(const char *url, char *host, size_t hlen, const char **path)
{
	const char *p = strstr(url, "://"), *slash;
	size_t n;

	host[0] = '\0';
	*path = url;
	if (p == NULL)
		return;
	p += 3;
	slash = strchr(p, '/');
	n = slash != NULL ? (size_t)(slash - p) : strlen(p);
	snprintf(host, hlen, "%.*s", (int)n, p);
	*path = slash != NULL ? slash : "/";
}

static void
headers_put(struct aa_buf *b, const json_t *hdrs)
{
	const char *k;
	const json_t *v, *e;
	size_t i;

	json_object_foreach((json_t *)hdrs, k, v) {
		if (json_is_string(v))
			aa_buf_printf(b, "%s: %s\n", k, json_string_value(v));
		json_array_foreach(v, i, e)
			if (json_is_string(e))
				aa_buf_printf(b, "%s: %s\n", k,
				    json_string_value(e));
	}
}

static void
transcript(struct aa_buf *b, const json_t *ex)
{
	const json_t *rq = json_object_get(ex, "request");
	const json_t *rs = json_object_get(ex, "response");
	const char *url = json_string_value(json_object_get(rq, "url"));
	const char *body = json_string_value(json_object_get(rq, "body"));
	const char *path;
	char host[256];

	split_url(url != NULL ? url : "/", host, sizeof(host), &path);
	aa_buf_printf(b, "%s %s HTTP/1.1\n",
	    json_string_value(json_object_get(rq, "method")), path);
	if (host[0] != '\0')
		aa_buf_printf(b, "Host: %s\n", host);
	headers_put(b, json_object_get(rq, "headers"));
	if (body != NULL && body[0] != '\0')
		aa_buf_printf(b, "\n%s\n", body);
	if (!json_is_object(rs)) {
		aa_buf_printf(b, "\n(no response: %s)\n",
		    json_string_value(json_object_get(ex, "error")) ?
		    json_string_value(json_object_get(ex, "error")) : "none");
		return;
	}
	aa_buf_printf(b, "\nHTTP/1.1 %lld\n",
	    (long long)json_integer_value(json_object_get(rs, "status")));
	headers_put(b, json_object_get(rs, "headers"));
	body = json_string_value(json_object_get(rs, "body"));
	if (body != NULL && body[0] != '\0') {
		json_int_t all = json_integer_value(json_object_get(rs,
		    "body_bytes"));

		aa_buf_printf(b, "\n%s\n", body);
		if (all > (json_int_t)strlen(body))
			aa_buf_printf(b, "(%lld bytes in all; the first %zu "
			    "kept)\n", (long long)all, strlen(body));
	}
}

static void
curl_cmd(struct aa_buf *b, const json_t *rq)
{
	const char *method = json_string_value(json_object_get(rq, "method"));
	const char *body = json_string_value(json_object_get(rq, "body"));
	const char *k;
	const json_t *v;

	aa_buf_printf(b, "curl -i -b cookies.txt -c cookies.txt");
	if (method != NULL && strcmp(method, "GET") != 0) {
		aa_buf_printf(b, " -X ");
		sh_quote(b, method);
	}
	aa_buf_printf(b, " ");
	sh_quote(b, json_string_value(json_object_get(rq, "url")));
	json_object_foreach((json_t *)json_object_get(rq, "headers"), k, v) {
		char line[1024];

		/* The jar carries the session; the redacted value cannot. */
		if (!json_is_string(v) || strcasecmp(k, "cookie") == 0)
			continue;
		snprintf(line, sizeof(line), "%s: %s", k, json_string_value(v));
		aa_buf_printf(b, " \\\n  -H ");
		sh_quote(b, line);
	}
	if (body != NULL && body[0] != '\0') {
		aa_buf_printf(b, " \\\n  --data-raw ");
		sh_quote(b, body);
	}
}

static void
exchange(FILE *fp, const json_t *ex, size_t n)
{
	const char *step = json_string_value(json_object_get(ex, "step"));
	struct aa_buf b;

	fprintf(fp, "<div class=\"http\"><p class=\"xh\">%zu. ", n);
	if (step != NULL && step[0] != '\0') {
		fputs("step <code>", fp);
		aa_html_text(fp, step);
		fputs("</code>", fp);
	}
	fputs("</p>\n<pre class=\"tx\">", fp);
	aa_buf_init(&b, TEXT_MAX);
	transcript(&b, ex);
	aa_html_text(fp, b.ptr != NULL ? b.ptr : "");
	aa_buf_release(&b);
	fputs("</pre>\n<p class=\"xh\">Replay with curl (select the block to "
	    "copy it; put the test account's values where it says "
	    "redacted):</p>\n<pre class=\"curl\">", fp);
	aa_buf_init(&b, TEXT_MAX);
	curl_cmd(&b, json_object_get(ex, "request"));
	aa_html_text(fp, b.ptr != NULL ? b.ptr : "");
	aa_buf_release(&b);
	fputs("</pre></div>\n", fp);
}

static void
walk(FILE *fp, const json_t *v, size_t *n, int depth)
{
	const json_t *e, *rq;
	const char *k;
	size_t i;

	if (depth > 8 || *n >= AA_HTML_MAX_EXCHANGES)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			walk(fp, e, n, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	rq = json_object_get(v, "request");
	if (json_is_object(rq) && json_is_string(json_object_get(rq,
	    "method")) && json_is_string(json_object_get(rq, "url"))) {
		exchange(fp, v, ++*n);
		return;
	}
	json_object_foreach((json_t *)v, k, e)
		walk(fp, e, n, depth + 1);
}

size_t
aa_html_exchanges(FILE *fp, const json_t *evidence)
{
	size_t n = 0;

	walk(fp, evidence, &n, 0);
	return n;
}
