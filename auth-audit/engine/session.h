/*
 * Core-internal view of a session (flow.c and tests): the raw request
 * primitive under aa_flow_*. Checks use aa_flow_step / aa_flow_run.
 */
#ifndef AA_SESSION_H
#define AA_SESSION_H

#include <stddef.h>

#include "auth-audit/engine/flow.h"

struct aa_request {
	const char *method;           /* "GET", "POST", ... */
	const char *url;              /* absolute */
	const char *const *headers;   /* "Name: value", NULL-terminated, or NULL */
	const char *body;             /* NULL: no body */
	size_t body_len;
	int no_backoff;               /* a 429 is returned, not waited out */
};

/*
 * One request through the audit's budget, pacing and loopback guard, in
 * this session's cookie jar. Fills resp (release with
 * aa_response_release) even on error when something arrived.
 * AA_ERR_DENIED, AA_ERR_BUDGET, AA_ERR_NET, AA_ERR_TIMEOUT, AA_ERR_TOOBIG.
 */
int aa_session_perform(struct aa_session *s, const struct aa_request *rq,
    struct aa_response *resp);
/* Seconds a throttled answer asks to wait (Retry-After, X-Retry-After,
 * RateLimit-Reset, RateLimit: reset=N); -1 when it names none. */
double aa_response_retry_after(const struct aa_response *r);
const struct aa_profile *aa_session_profile(const struct aa_session *s);
struct aa_http *aa_session_http(const struct aa_session *s);
/* The object of all session variables (borrowed). */
const json_t *aa_session_vars(const struct aa_session *s);

#endif
