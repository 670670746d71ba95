/*
 * libcurl for factor discovery: one easy handle per transfer slot, no
 * redirects (the probe plan decides which to follow), bodies capped, and
 * `resolve` entries so tests and benchmarks map names to 127.0.0.1
 * without DNS.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/factors/net.h"

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct aa_factors_xfer *x = ud;
	size_t n = size * nmemb;

	/* Returning less than n aborts the transfer: over the cap. */
	if (aa_buf_append(&x->body, ptr, n) != AA_OK)
		return 0;
	return n;
}

int
aa_factors_curl_err(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return AA_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return AA_ERR_TIMEOUT;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		return AA_ERR_TOOBIG;
	case CURLE_OUT_OF_MEMORY:
		return AA_ERR_NOMEM;
	default:
		return AA_ERR_NET;
	}
}

int
aa_factors_xfer_init(struct aa_factors_xfer *x,
    const struct aa_factors_net *net, size_t max_body)
{
	int r = AA_ERR_INTERNAL;

	memset(x, 0, sizeof(*x));
	x->net = net;
	aa_buf_init(&x->body, max_body);
	if ((x->easy = curl_easy_init()) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; net && net->resolve && net->resolve[i]; i++) {
		struct curl_slist *n = curl_slist_append(x->resolve,
		    net->resolve[i]);

		if (n == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		x->resolve = n;
	}
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS,
	    net && net->timeout_ms > 0 ? net->timeout_ms : 10000L);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    net && net->timeout_ms > 0 ? net->timeout_ms : 10000L);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "auth-audit-factors/1");
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
	if (x->resolve != NULL)
		curl_easy_setopt(x->easy, CURLOPT_RESOLVE, x->resolve);
	r = AA_OK;
out:
	if (r != AA_OK)
		aa_factors_xfer_release(x);
	return r;
}

void
aa_factors_xfer_release(struct aa_factors_xfer *x)
{
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->resolve);
	aa_buf_release(&x->body);
	x->easy = NULL;
	x->resolve = NULL;
}

/* A host counts as loopback when it is one, or a resolve entry maps it to one. */
static int
loopback_host(const struct aa_factors_net *net, const char *host)
{
	if (strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
	    strcmp(host, "[::1]") == 0)
		return 1;
	for (size_t i = 0; net->resolve && net->resolve[i]; i++) {
		const char *e = net->resolve[i], *addr;
		size_t hl = strlen(host);

		if (e[0] == '+')
			e++;
		if (e[0] == '*' && e[1] == ':')
			hl = 1; /* curl's wildcard entry matches every host */
		else if (strncasecmp(e, host, hl) != 0 || e[hl] != ':')
			continue;
		if ((addr = strchr(e + hl + 1, ':')) == NULL)
			continue;
		addr++;
		if (strncmp(addr, "127.", 4) != 0 && strcmp(addr, "[::1]") != 0)
			return 0;
		return 1;
	}
	return 0;
}

int
aa_factors_xfer_prepare(struct aa_factors_xfer *x, const char *url)
{
	char host[256];

	aa_buf_release(&x->body);
	x->errbuf[0] = '\0';
	if (x->net != NULL && x->net->loopback_only &&
	    (x->allowed[0] == '\0' ||
	    strncmp(url, x->allowed, strlen(x->allowed)) != 0)) {
		const char *p;

		if (aa_factors_url_host(url, host, sizeof(host)) != AA_OK ||
		    !loopback_host(x->net, host)) {
			x->allowed[0] = '\0';
			return AA_ERR_DENIED;
		}
		/* the prefix up to the path's '/' names the same host */
		if ((p = strstr(url, "://")) != NULL &&
		    (p = strchr(p + 3, '/')) != NULL &&
		    (size_t)(p - url) + 1 < sizeof(x->allowed) &&
		    memchr(url, '@', (size_t)(p - url)) == NULL) {
			memcpy(x->allowed, url, (size_t)(p - url) + 1);
			x->allowed[p - url + 1] = '\0';
		} else
			x->allowed[0] = '\0';
	}
	curl_easy_setopt(x->easy, CURLOPT_URL, url);
	return AA_OK;
}

int
aa_factors_xfer_feed(struct aa_factors_xfer *x, CURLcode rc,
    struct aa_factors_probe *p)
{
	long status = 0;
	char *ct = NULL, *loc = NULL;

	if (rc == CURLE_OK) {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
		curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc);
	}
	return aa_factors_probe_feed(p, aa_factors_curl_err(rc), status, ct,
	    loc, &x->body);
}

int
aa_factors_probe_run(struct aa_factors_probe *p,
    const struct aa_factors_net *net)
{
	struct aa_factors_xfer x;
	const char *url;
	int r;

	if ((r = aa_factors_xfer_init(&x, net, AA_FACTORS_WK_MAX_BODY)) != AA_OK)
		return r;
	while ((url = aa_factors_probe_next(p)) != NULL) {
		CURLcode rc;

		if ((r = aa_factors_xfer_prepare(&x, url)) != AA_OK) {
			if ((r = aa_factors_probe_feed(p, r, 0, NULL, NULL,
			    NULL)) != AA_OK)
				break;
			continue;
		}
		rc = curl_easy_perform(x.easy);
		if ((r = aa_factors_xfer_feed(&x, rc, p)) != AA_OK)
			break;
	}
	aa_factors_xfer_release(&x);
	return r;
}
