#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/engine/session.h"
#include "auth-audit/engine/session_curl.h"

#define MAX_HEADERS 200
#define MAX_SET_COOKIES 100
/* One response's header lines and bytes (libcurl itself refuses a line
 * over 100 KiB and 300 KiB in all, as "out of memory" or a receive
 * error: those are named as the header limit too, see map_error). */
#define MAX_HEADER_LINES 1000
#define MAX_HEADER_BYTES (256u * 1024)

struct rx {
	struct aa_session *s;
	struct aa_response *resp;
	int toobig;
	int limit;              /* AA_ERR_HDRSIZE / HDRCOUNT: which was hit */
	int status_seen;        /* a status line arrived */
	int in_body;
	size_t hdr_lines, hdr_bytes;
};

void
aa_response_release(struct aa_response *r)
{
	if (r == NULL)
		return;
	aa_buf_release(&r->body);
	json_decref(r->json);
	json_decref(r->headers);
	json_decref(r->set_cookies);
	memset(r, 0, sizeof(*r));
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct rx *x = arg;

	x->in_body = 1;
	if (aa_buf_append(&x->resp->body, p, size * n) != AA_OK) {
		x->toobig = 1;
		return 0; /* aborts the transfer: never buffer past max_body */
	}
	return size * n;
}

/* Remember "SameSite=..." of a raw Set-Cookie per cookie name. */
static void
note_samesite(struct aa_session *s, const char *sc)
{
	const char *eq = strchr(sc, '='), *a;
	char name[256], val[32];
	size_t n, k;

	if (eq == NULL || (n = (size_t)(eq - sc)) == 0 || n >= sizeof(name))
		return;
	memcpy(name, sc, n);
	name[n] = '\0';
	while (n > 0 && name[n - 1] == ' ')
		name[--n] = '\0';
	for (a = strchr(sc, ';'); a != NULL; a = strchr(a + 1, ';')) {
		const char *t = a + 1;

		while (*t == ' ')
			t++;
		if (strncasecmp(t, "samesite", 8) != 0)
			continue;
		for (t += 8; *t == ' '; t++)
			;
		if (*t++ != '=')
			continue;
		while (*t == ' ')
			t++;
		for (k = 0; k + 1 < sizeof(val) && isalpha((unsigned char)t[k]);
		    k++)
			val[k] = t[k];
		val[k] = '\0';
		json_object_set_new(s->samesite, name, json_string(val));
		return;
	}
	/* A re-set without the attribute clears what we knew. */
	json_object_del(s->samesite, name);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct rx *x = arg;
	size_t len = size * n, k;
	char *line, *colon, *v;

	x->hdr_bytes += len;
	if (++x->hdr_lines > MAX_HEADER_LINES || x->hdr_bytes >
	    MAX_HEADER_BYTES) {
		x->limit = x->hdr_lines > MAX_HEADER_LINES ? AA_ERR_HDRCOUNT :
		    AA_ERR_HDRSIZE;
		return 0; /* aborts the transfer */
	}
	if ((line = malloc(len + 1)) == NULL)
		return 0;
	memcpy(line, p, len);
	line[len] = '\0';
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		line[--len] = '\0';
	if (strncmp(line, "HTTP/", 5) == 0) {
		x->status_seen = 1;
		/* A new response (after 100 Continue): start over. */
		json_object_clear(x->resp->headers);
		json_array_clear(x->resp->set_cookies);
	} else if ((colon = strchr(line, ':')) != NULL &&
	    json_object_size(x->resp->headers) < MAX_HEADERS) {
		*colon = '\0';
		for (k = 0; line[k] != '\0'; k++)
			line[k] = (char)tolower((unsigned char)line[k]);
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		json_object_set_new(x->resp->headers, line,
		    aa_json_text(v, strlen(v)));
		if (strcmp(line, "set-cookie") == 0 &&
		    json_array_size(x->resp->set_cookies) < MAX_SET_COOKIES) {
			json_array_append_new(x->resp->set_cookies,
			    aa_json_text(v, strlen(v)));
			note_samesite(x->s, v);
		}
	}
	aa_freezero(line, size * n + 1);
	return size * n;
}

/* Options that stay for the handle's life (set by aa_session_new). */
int
aa_session_curl_init(struct aa_session *s)
{
	const struct aa_limits *lim = aa_http_limits(s->h);
	const char *proxy = aa_http_proxy(s->h), *cacert = aa_http_cacert(s->h);
	CURL *c = s->curl;
	long secs = (lim->timeout_ms + 999) / 1000;
	CURLcode e = CURLE_OK;

#define SET(opt, val) if (e == CURLE_OK) e = curl_easy_setopt(c, opt, val)
	/* An empty file name turns the in-memory cookie engine on. Never
	 * curl_easy_reset() the handle: that would disable it again. */
	SET(CURLOPT_COOKIEFILE, "");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* No proxy from the environment; --proxy for every host, loopback
	 * included (an empty NOPROXY overrides no_proxy). */
	SET(CURLOPT_PROXY, proxy != NULL ? proxy : "");
	if (proxy != NULL)
		SET(CURLOPT_NOPROXY, "");
	if (cacert != NULL) {
		SET(CURLOPT_CAINFO, cacert);
		SET(CURLOPT_PROXY_CAINFO, cacert);
	}
	SET(CURLOPT_CONNECTTIMEOUT_MS, lim->timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, lim->timeout_ms);
	/* A server that stalls mid-body ends at the timeout too. */
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, secs > 0 ? secs : 1L);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_body);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_USERAGENT, "auth-audit/0.1");
#undef SET
	return e == CURLE_OK ? AA_OK : AA_ERR_INTERNAL;
}

static int
setup(struct aa_session *s, const struct aa_request *rq, struct rx *x,
    struct curl_slist *hdrs)
{
	CURL *c = s->curl;
	CURLcode e = CURLE_OK;

#define SET(opt, val) if (e == CURLE_OK) e = curl_easy_setopt(c, opt, val)
	SET(CURLOPT_URL, rq->url);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_HEADERDATA, x);
	SET(CURLOPT_HTTPHEADER, hdrs);
	/* Back to a plain GET, then apply this request's method. */
	SET(CURLOPT_CUSTOMREQUEST, NULL);
	SET(CURLOPT_NOBODY, 0L);
	SET(CURLOPT_HTTPGET, 1L);
	if (strcmp(rq->method, "HEAD") == 0) {
		SET(CURLOPT_NOBODY, 1L);
	} else if (strcmp(rq->method, "GET") != 0 || rq->body != NULL) {
		if (strcmp(rq->method, "POST") != 0)
			SET(CURLOPT_CUSTOMREQUEST, rq->method);
		if (rq->body != NULL || strcmp(rq->method, "POST") == 0) {
			SET(CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)(rq->body ? rq->body_len : 0));
			SET(CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
		}
	}
#undef SET
	return e == CURLE_OK ? AA_OK : AA_ERR_INTERNAL;
}

/* libcurl's own header caps end a transfer after the status line and
 * before the body: as "out of memory" (a line over its cap; libcurl 7.x
 * says no more), or as a receive error saying the headers are too large. */
static int
curl_header_cap(CURLcode e, const struct aa_session *s, const struct rx *x)
{
	const char *m = s->errbuf;

	if (!x->status_seen || x->in_body)
		return 0;
	if (e == CURLE_OUT_OF_MEMORY)
		return 1;
	for (; *m != '\0'; m++)
		if (strncasecmp(m, "header", 6) == 0)
			return 1;
	return 0;
}

static int
map_error(CURLcode e, const struct aa_session *s, const struct rx *x)
{
	if (e != CURLE_OK && x->limit != AA_OK)
		return x->limit;
	if ((e == CURLE_OUT_OF_MEMORY || e == CURLE_RECV_ERROR ||
	    e == CURLE_WEIRD_SERVER_REPLY) && curl_header_cap(e, s, x))
		return AA_ERR_HDRSIZE;
	switch (e) {
	case CURLE_OK:
		return AA_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return AA_ERR_TIMEOUT;
	case CURLE_FILESIZE_EXCEEDED:
		return AA_ERR_TOOBIG;
	case CURLE_WRITE_ERROR:
		return x->toobig ? AA_ERR_TOOBIG : AA_ERR_NET;
	case CURLE_OUT_OF_MEMORY:
		return AA_ERR_NOMEM;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return AA_ERR_DENIED;
	default:
		return AA_ERR_NET;
	}
}

/* The value of parameter `name` ("t=") in a RateLimit header: where it
 * starts the value or follows a separator, not inside another name. */
static const char *
rl_param(const char *v, const char *name)
{
	for (const char *p = v; (p = strstr(p, name)) != NULL; p++)
		if (p == v || p[-1] == ' ' || p[-1] == ',' || p[-1] == ';')
			return p + strlen(name);
	return NULL;
}

double
aa_response_retry_after(const struct aa_response *r)
{
	static const char *const names[] = { "retry-after", "x-retry-after",
		"ratelimit-reset", "x-ratelimit-reset", NULL };
	const char *v, *p;
	char *end;
	double d;

	for (size_t i = 0; names[i] != NULL; i++) {
		if ((v = json_string_value(json_object_get(r->headers,
		    names[i]))) == NULL)
			continue;
		d = strtod(v, &end);
		if (end != v && d >= 0) {
			/* An epoch time, not a delta. */
			if (d > 1e9)
				d -= (double)time(NULL);
			return d > 0 ? d : 0;
		}
		if (i == 0) { /* HTTP-date */
			time_t at = curl_getdate(v, NULL);

			if (at > 0)
				return at > time(NULL) ?
				    (double)(at - time(NULL)) : 0;
		}
	}
	/* RateLimit: "limit=5, remaining=0, reset=30" (drafts up to 7) or
	 * "\"name\"; r=0; t=30" (draft 8, express-rate-limit's default). */
	if ((v = json_string_value(json_object_get(r->headers,
	    "ratelimit"))) != NULL &&
	    ((p = rl_param(v, "reset=")) != NULL ||
	    (p = rl_param(v, "t=")) != NULL)) {
		d = strtod(p, &end);
		if (end != p && d >= 0)
			return d;
	}
	return -1;
}

/* One exchange; resp is (re)initialised. */
static int
perform_once(struct aa_session *s, const struct aa_request *rq,
    struct aa_response *resp, struct curl_slist *hdrs)
{
	struct rx x = { s, resp, 0, AA_OK, 0, 0, 0, 0 };
	curl_off_t us = 0;
	long status = 0;
	int r;

	aa_buf_release(&resp->body);
	aa_buf_init(&resp->body, aa_http_limits(s->h)->max_body);
	json_object_clear(resp->headers);
	json_array_clear(resp->set_cookies);
	json_decref(resp->json);
	resp->json = NULL;
	if ((r = setup(s, rq, &x, hdrs)) != AA_OK)
		return r;
	if ((r = aa_http_begin(s->h)) != AA_OK)
		return r;
	s->errbuf[0] = '\0';
	r = map_error(curl_easy_perform(s->curl), s, &x);
	if (curl_easy_getinfo(s->curl, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK)
		resp->rtt_ms = (double)us / 1000;
	aa_http_end(s->h, resp->rtt_ms, r);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
	resp->status = status;
	if (resp->body.ptr == NULL)
		aa_buf_append(&resp->body, "", 0);
	return r;
}

/* Back-off: a 429 with a Retry-After (or the like) is waited out
 * (announced, within limits.max_wait_ms, at most MAX_RETRIES times)
 * unless the caller measures 429s itself. */
#define MAX_RETRIES 3

int
aa_session_perform(struct aa_session *s, const struct aa_request *rq,
    struct aa_response *resp)
{
	struct curl_slist *hdrs = NULL, *t;
	double wait_s, max_ms;
	char why[96];
	int r = AA_ERR_INTERNAL;

	if (s == NULL || rq == NULL || rq->url == NULL || rq->method == NULL ||
	    resp == NULL)
		return AA_ERR_ARG;
	memset(resp, 0, sizeof(*resp));
	aa_buf_init(&resp->body, aa_http_limits(s->h)->max_body);
	if ((resp->headers = json_object()) == NULL ||
	    (resp->set_cookies = json_array()) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_http_url_allowed(s->h, rq->url)) != AA_OK)
		goto out;
	/* No "Expect: 100-continue" round trip for large bodies. */
	if ((hdrs = curl_slist_append(NULL, "Expect:")) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; rq->headers != NULL && rq->headers[i] != NULL; i++) {
		if ((t = curl_slist_append(hdrs, rq->headers[i])) == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		hdrs = t;
	}
	max_ms = (double)aa_http_limits(s->h)->max_wait_ms;
	for (unsigned k = 0;; k++) {
		if ((r = perform_once(s, rq, resp, hdrs)) != AA_OK ||
		    resp->status != 429 || rq->no_backoff || k == MAX_RETRIES)
			break;
		/* Only a 429 that says when to come back is waited out: a bare
		 * one is as often a lock as a rate limit, and is the answer. */
		if ((wait_s = aa_response_retry_after(resp)) < 0 ||
		    wait_s * 1000.0 > max_ms)
			break; /* the wall is longer than the profile allows */
		snprintf(why, sizeof(why), "the target answered 429 (back-off "
		    "%u of %d)", k + 1, MAX_RETRIES);
		if (aa_http_wait(s->h, wait_s * 1000.0 + 100.0, why) != AA_OK)
			break;
		resp->throttled++;
		resp->waited_ms += wait_s * 1000.0 + 100.0;
	}
out:
	/* The handle must not keep pointers to the caller's data. */
	if (s != NULL && s->curl != NULL) {
		curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, NULL);
		curl_easy_setopt(s->curl, CURLOPT_HEADERDATA, NULL);
		curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, NULL);
	}
	curl_slist_free_all(hdrs);
	return r;
}
