/*
 * HTTP for the audit: per-account sessions over libcurl, the request budget
 * and rate limit of the profile's `limits`, and redacted evidence.
 * URLs are read by auth-audit/core/url.c (curl_url), the one parser.
 */
#ifndef AA_HTTP_H
#define AA_HTTP_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/profile/profile.h"

struct aa_redact;

/* Shared by all sessions of one audit: budget, pacing, counters. */
struct aa_http;

int aa_http_new(const struct aa_limits *lim, struct aa_redact *redact,
    struct aa_http **out);
void aa_http_free(struct aa_http **hp);
/* Requests made so far. */
unsigned long aa_http_requests(const struct aa_http *h);

/*
 * The run's end: limits.max_seconds after aa_http_new (AA_ERR_DEADLINE),
 * or *stop set by a signal handler (AA_ERR_INTERRUPTED); every request
 * and wait checks it. aa_http_grace() gives clean-up a short time more
 * and ignores the stop flag from then on.
 */
void aa_http_set_stop(struct aa_http *h, const volatile sig_atomic_t *stop);
int aa_http_stopped(const struct aa_http *h);
void aa_http_grace(struct aa_http *h);
/* Where announced waits are said ("waiting 5.0 s: ..."); NULL: silent. */
void aa_http_set_progress(struct aa_http *h, void (*fn)(void *, const char *),
    void *ctx);
/* One finished step: for --verbose and `profile check`. The URL has its
 * secrets redacted; extracted maps variable names to redacted values. */
struct aa_http_trace {
	const char *step;         /* profile step or probe label */
	const char *method;
	const char *url;
	long status;              /* 0: no answer (err says why) */
	double rtt_ms;
	int accepted;             /* the step's ok rule held */
	int err;                  /* AA_OK or the transport error */
	const json_t *extracted;  /* may be NULL */
};
typedef void aa_http_trace_fn(void *ctx, const struct aa_http_trace *t);

void aa_http_set_trace(struct aa_http *h, aa_http_trace_fn *fn, void *ctx);
/* For the flow engine: report one finished step to the trace. */
void aa_http_traced(struct aa_http *h, const struct aa_http_trace *t);
/* Wait ms (announced; counted in aa_http_wait_ms); AA_ERR_DEADLINE when
 * the wait would cross the run's end, AA_ERR_INTERRUPTED on a stop. */
int aa_http_wait(struct aa_http *h, double ms, const char *why);
double aa_http_wait_ms(const struct aa_http *h);
/* The sum of the round-trip times of the requests so far. */
double aa_http_rtt_sum_ms(const struct aa_http *h);
/* The announced waits summed by reason: [{why, ms, count}] (new ref). */
json_t *aa_http_waits_json(const struct aa_http *h);
/* At least ms between two requests of step (the profile's "pace_ms"). */
int aa_http_pace(struct aa_http *h, const char *step, long ms);
/* While on, pacing is skipped (requests are still counted for the next
 * paced one): a lock probe's controls must follow the answer they check
 * before a short throttle can end. Returns the previous setting. */
int aa_http_set_unpaced(struct aa_http *h, int on);

/*
 * How requests leave the machine (--proxy, --cacert): every request goes
 * through proxy (http, https, socks4, socks4a, socks5 or socks5h URL;
 * NULL: none, and never one from the environment), and certificates are
 * verified against the PEM file cacert as well (NULL: the system's CAs
 * only). Both are copied. The loopback guard still judges each target
 * URL, never the proxy. AA_ERR_ARG for a proxy URL that is not one of
 * those or carries credentials (they would be on the command line).
 */
int aa_http_set_transport(struct aa_http *h, const char *proxy,
    const char *cacert);
/* AA_OK if url is a proxy URL aa_http_set_transport takes. */
int aa_http_proxy_check(const char *url);
/* For the session layer: the values given, or NULL. */
const char *aa_http_proxy(const struct aa_http *h);
const char *aa_http_cacert(const struct aa_http *h);

/* Non-loopback targets are refused unless the host is authorized. */
int aa_http_authorize_host(struct aa_http *h, const char *host);
/* AA_OK if url's host is loopback or authorized, else AA_ERR_DENIED. */
int aa_http_url_allowed(const struct aa_http *h, const char *url);


/* For the session layer: take one request from the budget and wait for the
 * rate limit (AA_ERR_BUDGET when spent), then account for its RTT. */
int aa_http_begin(struct aa_http *h);
void aa_http_end(struct aa_http *h, double rtt_ms, int r);
/* AA_ERR_NET / AA_ERR_TIMEOUT once the target stopped answering (two
 * transport failures in a row), else AA_OK. */
int aa_http_dead(const struct aa_http *h);
const struct aa_limits *aa_http_limits(const struct aa_http *h);
/* The audit's redactor given to aa_http_new (may be NULL). */
struct aa_redact *aa_http_redactor(const struct aa_http *h);

struct aa_response {
	long status;             /* 0 when no response */
	struct aa_buf body;      /* capped at limits.max_body */
	json_t *json;            /* parsed body when it is JSON, else NULL */
	json_t *headers;         /* object: lower-case name -> last value */
	json_t *set_cookies;     /* array of raw Set-Cookie values */
	double rtt_ms;
	unsigned throttled;      /* 429 answers waited out before this one */
	double waited_ms;        /* time those waits took */
};

void aa_response_release(struct aa_response *r);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* Requests still allowed by max_requests. */
unsigned long aa_http_remaining(const struct aa_http *h);
#endif

#endif
