/*
 * The flow engine: runs a profile step in one account's session.
 *
 * A step is { method, path | url, headers, json | form | body, extract,
 * ok } (profile.md). Templates `${var}` are resolved, in order, from the
 * check-supplied vars, the session's extracted variables, the account's
 * fields (username, password, phone, email, ...) and the profile (base_url,
 * origin, rp_id). A JSON string that is exactly "${var}" is replaced by the
 * variable's JSON value; aa_flow_drop() as that value removes the member.
 */
#ifndef AA_FLOW_H
#define AA_FLOW_H

#include <jansson.h>

#include "auth-audit/engine/http.h"
#include "auth-audit/profile/profile.h"

/* One account's client: own cookie jar, own variables. */
struct aa_session;

int aa_session_new(struct aa_http *h, const struct aa_profile *p,
    size_t account, struct aa_session **out);
void aa_session_free(struct aa_session **sp);
/* Forget cookies and extracted variables: behave like a new client. */
void aa_session_reset(struct aa_session *s);
size_t aa_session_account(const struct aa_session *s);
/* Set a session variable (steals value). */
int aa_session_set_var(struct aa_session *s, const char *name, json_t *value);
/* Borrowed; NULL if unset. */
const json_t *aa_session_var(const struct aa_session *s, const char *name);
/* Cookies in the jar: array of {name, domain, path, secure, httponly,
 * samesite, expires} without values (new reference). */
json_t *aa_session_cookies(const struct aa_session *s);
/* Value of cookie `name` in the jar (copy, caller frees) or NULL. */
char *aa_session_cookie_value(const struct aa_session *s, const char *name);
/* Replace the jar's cookie `name` (for fixation tests); NULL value removes it. */
int aa_session_cookie_set(struct aa_session *s, const char *name,
    const char *value);

struct aa_step_opts {
	const json_t *vars;           /* check-supplied variables (borrowed) */
	const char *const *headers;   /* extra "Name: value" lines, NULL-terminated */
	const char *const *secret_vars; /* more var names to redact, NULL-terminated */
	int no_extract;               /* do not store extract results */
	int no_backoff;               /* a 429 is the answer: no waiting */
	int no_evidence;              /* the caller keeps none: res->evidence
	                                 stays NULL unless the step failed */
};

struct aa_step_result {
	struct aa_response resp;
	int accepted;       /* the step's `ok` rule held */
	json_t *extracted;  /* object of what `extract` found this time */
	json_t *evidence;   /* redacted {step, request, response} */
};

/*
 * Run step `name`. AA_ERR_STEP if the profile lacks it; AA_ERR_BUDGET when
 * the request budget is spent; AA_ERR_NET / AA_ERR_TIMEOUT / AA_ERR_TOOBIG
 * when there is no usable response. An HTTP error status is not an error:
 * it is a response whose `accepted` is 0.
 */
int aa_flow_step(struct aa_session *s, const char *name,
    const struct aa_step_opts *o, struct aa_step_result *res);
/* Same for an ad-hoc step object built by a check (borrowed). */
int aa_flow_run(struct aa_session *s, const char *label, const json_t *step,
    const struct aa_step_opts *o, struct aa_step_result *res);
void aa_step_result_release(struct aa_step_result *res);

/* Marker value: a member whose template is exactly this var is removed. */
json_t *aa_flow_drop(void);
/* 1 if the response satisfies the step's ok rule (NULL ok: any 2xx). */
int aa_ok_eval(const json_t *ok, const struct aa_response *r);

#endif
