/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

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
#include "auth-audit/core/redact.h"
#include "auth-audit/core/url.h"

#define MAX_AUTHORIZED 32
#define MAX_PACED 32
#define MAX_WAITS 16
/* Clean-up after a deadline or a signal gets this much more time. */
#define GRACE_MS 30000.0

struct aa_http {
	struct aa_limits lim;
	struct aa_redact *redact;  /* borrowed */
	unsigned long requests;
	double rtt_sum_ms;
	double next_ok;            /* monotonic seconds of the next allowed start */
	unsigned dead_in_row;      /* transport failures in a row */
	int last_dead;             /* the last one's code */
	char *authorized[MAX_AUTHORIZED];
	size_t nauthorized;
	double t0;                 /* monotonic ms at creation */
	double deadline;           /* monotonic ms the run must end by */
	const volatile sig_atomic_t *stop; /* a signal handler sets it */
	int grace;                 /* clean-up after a stop: no new stop */
	double wait_ms;            /* announced waits (back-off, pacing) */
	void (*progress)(void *, const char *);
	void *progress_ctx;
	aa_http_trace_fn *trace;
	void *trace_ctx;
	struct { char step[64]; double at; } pace[MAX_PACED];
	size_t npace;
	char *proxy;               /* --proxy, or NULL */
	char *cacert;              /* --cacert, or NULL */
	int unpaced;  /* a burst that measures a lock: no pacing */
	/* Announced waits by reason (up to the first " (" of the text). */
	struct { char why[80]; double ms; unsigned n; } waits[MAX_WAITS];
	size_t nwaits;
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
	h->t0 = aa_clock_ms();
	h->deadline = h->t0 + (double)h->lim.max_seconds * 1000.0;
	*out = h;
	return AA_OK;
}

void
aa_http_set_stop(struct aa_http *h, const volatile sig_atomic_t *stop)
{
	h->stop = stop;
}

void
aa_http_set_progress(struct aa_http *h, void (*fn)(void *, const char *),
    void *ctx)
{
	h->progress = fn;
	h->progress_ctx = ctx;
}

void
aa_http_set_trace(struct aa_http *h, aa_http_trace_fn *fn, void *ctx)
{
	h->trace = fn;
	h->trace_ctx = ctx;
}

void
aa_http_traced(struct aa_http *h, const struct aa_http_trace *t)
{
	struct aa_http_trace red = *t;
	char *url;

	if (h->trace == NULL)
		return;
	url = h->redact != NULL ? aa_redact_apply(h->redact, t->url) : NULL;
	if (url != NULL)
		red.url = url;
	h->trace(h->trace_ctx, &red);
	free(url);
}

int
aa_http_stopped(const struct aa_http *h)
{
	if (h->grace)
		return AA_OK;
	if (h->stop != NULL && *h->stop)
		return AA_ERR_INTERRUPTED;
	if (h->lim.max_seconds > 0 && aa_clock_ms() >= h->deadline)
		return AA_ERR_DEADLINE;
	return AA_OK;
}

void
aa_http_grace(struct aa_http *h)
{
	h->grace = 1;
	h->deadline = aa_clock_ms() + GRACE_MS;
}

double
aa_http_wait_ms(const struct aa_http *h)
{
	return h->wait_ms;
}

/* Sum a wait under its reason: "the target answered 429 (back-off 1 of
 * 3)" counts as "the target answered 429". */
static void
note_wait(struct aa_http *h, double ms, const char *why)
{
	size_t i, n = strcspn(why, "(");

	while (n > 0 && why[n - 1] == ' ')
		n--;
	if (n >= sizeof(h->waits[0].why))
		n = sizeof(h->waits[0].why) - 1;
	for (i = 0; i < h->nwaits; i++)
		if (strncmp(h->waits[i].why, why, n) == 0 &&
		    h->waits[i].why[n] == '\0')
			break;
	if (i == h->nwaits) {
		if (h->nwaits == MAX_WAITS)
			i = MAX_WAITS - 1; /* the rest goes to the last */
		else {
			memcpy(h->waits[i].why, why, n);
			h->waits[i].why[n] = '\0';
			h->nwaits++;
		}
	}
	h->waits[i].ms += ms;
	h->waits[i].n++;
}

int
aa_http_wait(struct aa_http *h, double ms, const char *why)
{
	char line[256];
	double end;
	int r;

	if (ms <= 0)
		return AA_OK;
	/* Never wait past the run's end: the caller learns nothing more. */
	if (h->lim.max_seconds > 0 && aa_clock_ms() + ms >= h->deadline)
		return AA_ERR_DEADLINE;
	if (h->progress != NULL) {
		snprintf(line, sizeof(line), "waiting %.1f s: %s", ms / 1000.0,
		    why);
		h->progress(h->progress_ctx, line);
	}
	end = aa_clock_ms() + ms;
	while (aa_clock_ms() < end) {
		if ((r = aa_http_stopped(h)) != AA_OK)
			return r;
		aa_clock_sleep_ms(end - aa_clock_ms() > 200 ? 200 :
		    end - aa_clock_ms());
	}
	h->wait_ms += ms;
	note_wait(h, ms, why);
	return AA_OK;
}

json_t *
aa_http_waits_json(const struct aa_http *h)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < h->nwaits; i++)
		json_array_append_new(a, json_pack("{s:s,s:I,s:I}", "why",
		    h->waits[i].why, "ms", (json_int_t)h->waits[i].ms, "count",
		    (json_int_t)h->waits[i].n));
	return a;
}

int
aa_http_pace(struct aa_http *h, const char *step, long ms)
{
	size_t i;
	double now = aa_clock_ms(), due;

	if (ms <= 0 || step == NULL)
		return AA_OK;
	if (h->unpaced)
		ms = 0;
	for (i = 0; i < h->npace && strcmp(h->pace[i].step, step) != 0; i++)
		;
	if (i == h->npace) {
		if (h->npace == MAX_PACED)
			return AA_OK;
		snprintf(h->pace[i].step, sizeof(h->pace[i].step), "%s", step);
		h->pace[i].at = 0;
		h->npace++;
	}
	due = h->pace[i].at + (double)ms;
	h->pace[i].at = now > due ? now : due;
	return due > now ? aa_http_wait(h, due - now, "the step's pacing") :
	    AA_OK;
}

int
aa_http_set_unpaced(struct aa_http *h, int on)
{
	int was = h->unpaced;

	h->unpaced = on;
	return was;
}

void
aa_http_free(struct aa_http **hp)
{
	if (hp == NULL || *hp == NULL)
		return;
	for (size_t i = 0; i < (*hp)->nauthorized; i++)
		free((*hp)->authorized[i]);
	free((*hp)->proxy);
	free((*hp)->cacert);
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
	int r;

	if (h == NULL)
		return AA_ERR_ARG;
	if ((r = aa_http_stopped(h)) != AA_OK)
		return r;
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
aa_http_end(struct aa_http *h, double rtt_ms, int r)
{
	if (h == NULL)
		return;
	if (rtt_ms > 0)
		h->rtt_sum_ms += rtt_ms;
	if (r == AA_ERR_NET || r == AA_ERR_TIMEOUT) {
		h->dead_in_row++;
		h->last_dead = r;
	} else
		h->dead_in_row = 0;
}

/* Two transport failures in a row: a target that stopped answering, not a
 * probe it dropped. */
int
aa_http_dead(const struct aa_http *h)
{
	return h != NULL && h->dead_in_row >= 2 ? h->last_dead : AA_OK;
}

int
aa_http_proxy_check(const char *url)
{
	static const char *const schemes[] = { "http", "https", "socks4",
		"socks4a", "socks5", "socks5h", NULL };
	CURLU *u = NULL;
	char *scheme = NULL, *user = NULL, *host = NULL;
	int r = AA_ERR_ARG;

	if (url == NULL || strlen(url) > 2048 || (u = curl_url()) == NULL)
		goto out;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    host[0] == '\0')
		goto out;
	/* Credentials would sit in argv and the process list. */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK)
		goto out;
	for (size_t i = 0; schemes[i] != NULL; i++)
		if (strcasecmp(scheme, schemes[i]) == 0)
			r = AA_OK;
out:
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_url_cleanup(u);
	return r;
}

int
aa_http_set_transport(struct aa_http *h, const char *proxy,
    const char *cacert)
{
	char *p = NULL, *c = NULL;

	if (h == NULL || (proxy != NULL && aa_http_proxy_check(proxy) != AA_OK))
		return AA_ERR_ARG;
	if ((proxy != NULL && (p = strdup(proxy)) == NULL) ||
	    (cacert != NULL && (c = strdup(cacert)) == NULL)) {
		free(p);
		return AA_ERR_NOMEM;
	}
	free(h->proxy);
	free(h->cacert);
	h->proxy = p;
	h->cacert = c;
	return AA_OK;
}

const char *
aa_http_proxy(const struct aa_http *h)
{
	return h != NULL ? h->proxy : NULL;
}

const char *
aa_http_cacert(const struct aa_http *h)
{
	return h != NULL ? h->cacert : NULL;
}

static char *
lower_dup(const char *s)
{
	char *d = strdup(s);

	for (char *p = d; p != NULL && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
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
	struct aa_url u;
	int r;

	/* Parsed, never resolved: the decision depends on the text alone. */
	if ((r = aa_url_parse(url, AA_URL_HTTP, &u)) != AA_OK)
		return r == AA_ERR_NOMEM ? r : AA_ERR_DENIED;
	r = AA_ERR_DENIED;
	if (is_loopback(u.host))
		r = AA_OK;
	for (size_t i = 0; h != NULL && r != AA_OK && i < h->nauthorized; i++)
		if (strcmp(h->authorized[i], u.host) == 0)
			r = AA_OK;
	return r;
}
