#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/clock.h"
#include "auth-audit/engine/http.h"
#include "auth-audit/core/jalloc.h"

#define MAX_AUTHORIZED 32

struct aa_http {
	struct aa_limits lim;
	struct aa_redact *redact;  /* borrowed */
	unsigned long requests;
	double rtt_sum_ms;
	double next_ok;            /* monotonic seconds of the next allowed start */
	char *authorized[MAX_AUTHORIZED];
	size_t nauthorized;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void
global_init_once(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
aa_http_new(const struct aa_limits *lim, struct aa_redact *redact,
    struct aa_http **out)
{
	struct aa_http *h;

	if (out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	aa_json_secure_init();
	pthread_once(&curl_once, global_init_once);
	if (curl_init_rc != CURLE_OK)
		return AA_ERR_INTERNAL;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return AA_ERR_NOMEM;
	if (lim != NULL)
		h->lim = *lim;
	else
		aa_limits_default(&h->lim);
	h->redact = redact;
	*out = h;
	return AA_OK;
}

void
aa_http_free(struct aa_http **hp)
{
	if (hp == NULL || *hp == NULL)
		return;
	for (size_t i = 0; i < (*hp)->nauthorized; i++)
		free((*hp)->authorized[i]);
	free(*hp);
	*hp = NULL;
}

unsigned long
aa_http_requests(const struct aa_http *h)
{
	return h != NULL ? h->requests : 0;
}

double
aa_http_rtt_sum_ms(const struct aa_http *h)
{
	return h != NULL ? h->rtt_sum_ms : 0;
}

unsigned long
aa_http_remaining(const struct aa_http *h)
{
	if (h == NULL || h->requests >= h->lim.max_requests)
		return 0;
	return h->lim.max_requests - h->requests;
}

const struct aa_limits *
aa_http_limits(const struct aa_http *h)
{
	return h != NULL ? &h->lim : NULL;
}

struct aa_redact *
aa_http_redactor(const struct aa_http *h)
{
	return h != NULL ? h->redact : NULL;
}

int
aa_http_begin(struct aa_http *h)
{
	double now, interval;
	struct timespec ts;

	if (h == NULL)
		return AA_ERR_ARG;
	if (h->requests >= h->lim.max_requests)
		return AA_ERR_BUDGET;
	/* Space request starts at least 1/max_rps apart. */
	interval = h->lim.max_rps > 0 ? 1.0 / h->lim.max_rps : 0;
	now = aa_clock_ms() / 1e3;
	while (now < h->next_ok) {
		double d = h->next_ok - now;

		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
		now = aa_clock_ms() / 1e3;
	}
	h->next_ok = now + interval;
	h->requests++;
	return AA_OK;
}

void
aa_http_end(struct aa_http *h, double rtt_ms)
{
	if (h != NULL && rtt_ms > 0)
		h->rtt_sum_ms += rtt_ms;
}

static char *
lower_dup(const char *s)
{
	char *d = strdup(s);

	for (char *p = d; p != NULL && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

int
aa_http_url_parse(const char *url, char **origin, char **host)
{
	CURLU *u = NULL;
	char *scheme = NULL, *chost = NULL, *port = NULL, *h = NULL;
	int r = AA_ERR_PARSE;

	if (origin != NULL)
		*origin = NULL;
	if (host != NULL)
		*host = NULL;
	if (url == NULL || strlen(url) > 8192 || (u = curl_url()) == NULL)
		goto out;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0))
		goto out;
	if (curl_url_get(u, CURLUPART_HOST, &chost, 0) != CURLUE_OK ||
	    chost[0] == '\0')
		goto out;
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
		port = NULL;
	if ((h = lower_dup(chost)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if (origin != NULL) {
		const char *dflt = strcasecmp(scheme, "https") == 0 ? "443" : "80";
		int keep = port != NULL && strcmp(port, dflt) != 0;
		size_t n = strlen(scheme) + strlen(h) + 16;

		if ((*origin = malloc(n)) == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		snprintf(*origin, n, "%s://%s%s%s", scheme, h, keep ? ":" : "",
		    keep ? port : "");
		for (char *p = *origin; *p != ':'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	if (host != NULL) {
		size_t n = strlen(h);

		if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
			memmove(h, h + 1, n - 2);
			h[n - 2] = '\0';
		}
		*host = h;
		h = NULL;
	}
	r = AA_OK;
out:
	free(h);
	curl_free(scheme);
	curl_free(chost);
	curl_free(port);
	curl_url_cleanup(u);
	return r;
}

static int
is_loopback(const char *host)
{
	unsigned char a4[4], a6[16];
	static const unsigned char lo6[16] = { [15] = 1 };

	if (strcmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, a4) == 1)
		return a4[0] == 127;
	if (inet_pton(AF_INET6, host, a6) == 1)
		return memcmp(a6, lo6, 16) == 0;
	return 0;
}

int
aa_http_authorize_host(struct aa_http *h, const char *host)
{
	char *d;

	if (h == NULL || host == NULL || host[0] == '\0')
		return AA_ERR_ARG;
	if (h->nauthorized == MAX_AUTHORIZED)
		return AA_ERR_TOOBIG;
	if ((d = lower_dup(host)) == NULL)
		return AA_ERR_NOMEM;
	h->authorized[h->nauthorized++] = d;
	return AA_OK;
}

int
aa_http_url_allowed(const struct aa_http *h, const char *url)
{
	char *host = NULL;
	int r;

	/* Parsed, never resolved: the decision depends on the text alone. */
	if ((r = aa_http_url_parse(url, NULL, &host)) != AA_OK)
		return r == AA_ERR_NOMEM ? r : AA_ERR_DENIED;
	r = AA_ERR_DENIED;
	if (is_loopback(host))
		r = AA_OK;
	for (size_t i = 0; h != NULL && r != AA_OK && i < h->nauthorized; i++)
		if (strcmp(h->authorized[i], host) == 0)
			r = AA_OK;
	free(host);
	return r;
}
