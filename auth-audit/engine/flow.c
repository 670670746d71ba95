#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "auth-audit/engine/evidence.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/engine/flowreq.h"
#include "auth-audit/engine/session.h"
#include "auth-audit/profile/step.h"
#include "auth-audit/engine/tmpl.h"

/* Tell the redactor every secret this step may put on the wire. */
static void
register_secrets(struct aa_redact *red, const struct aa_session *s,
    struct aa_tmpl_ctx *tc, const struct aa_step_opts *o)
{
	const struct aa_profile *p = aa_session_profile(s);
	const char *const *extra = o != NULL ? o->secret_vars : NULL;
	const char *key;
	const json_t *v;
	json_t *x;
	size_t a = aa_session_account(s);

	if (p != NULL && a < p->naccounts)
		aa_redact_add_secret(red, p->accounts[a].password);
	json_object_foreach((json_t *)tc->vars, key, v)
		if (aa_evidence_secret_name(key, extra))
			aa_evidence_register(red, v);
	for (size_t i = 0; extra != NULL && extra[i] != NULL; i++)
		if ((x = aa_tmpl_lookup(tc, extra[i])) != NULL) {
			aa_evidence_register(red, x);
			json_decref(x);
		}
}

static void
register_session(struct aa_redact *red, const struct aa_session *s,
    const json_t *vars, const struct aa_step_opts *o)
{
	const char *key;
	const json_t *v;

	(void)s;
	json_object_foreach((json_t *)vars, key, v)
		if (aa_evidence_secret_name(key, o ? o->secret_vars : NULL))
			aa_evidence_register(red, v);
}

static void
parse_json(struct aa_response *resp)
{
	const char *ct = json_string_value(json_object_get(resp->headers,
	    "content-type"));
	const char *b = resp->body.ptr;
	int is_json = 0;

	for (; ct != NULL && *ct != '\0' && !is_json; ct++)
		is_json = strncasecmp(ct, "json", 4) == 0;
	while (b != NULL && isspace((unsigned char)*b))
		b++;
	if (b != NULL && (*b == '{' || *b == '['))
		is_json = 1;
	if (is_json && resp->body.len > 0)
		resp->json = json_loadb(resp->body.ptr, resp->body.len,
		    JSON_DECODE_ANY, NULL);
}

/* Whether a JSON value holds a "${" anywhere. */
static int
strstr_json(const json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return strstr(json_string_value(v), "${") != NULL;
	case JSON_ARRAY:
		json_array_foreach(v, i, e)
			if (strstr_json(e))
				return 1;
		return 0;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, k, e)
			if (strstr_json(e))
				return 1;
		return 0;
	default:
		return 0;
	}
}

static int
run_extract(struct aa_session *s, const json_t *step,
    const struct aa_step_opts *o, struct aa_step_result *res)
{
	const char *key;
	const json_t *spec;
	json_t *v;
	int r;

	if ((res->extracted = json_object()) == NULL)
		return AA_ERR_NOMEM;
	json_object_foreach(json_object_get(step, "extract"), key, spec) {
		if ((r = aa_extract_run(json_string_value(spec), &res->resp, s,
		    &v)) != AA_OK)
			return r;
		if (v == NULL)
			continue;
		if (o == NULL || !o->no_extract)
			aa_session_set_var(s, key, json_incref(v));
		json_object_set_new(res->extracted, key, v);
	}
	return AA_OK;
}

/*
 * The `ok` rule with its templates expanded ("/user": "${username}"
 * checks that the answer names this account). A rule whose template
 * names an unknown variable never holds.
 */
static int
ok_eval(struct aa_tmpl_ctx *tc, const json_t *ok, const struct aa_response *r)
{
	json_t *x = NULL;
	int hit;

	if (ok == NULL || strstr_json(ok) == 0)
		return aa_ok_eval(ok, r);
	if (aa_tmpl_json(tc, ok, &x) != AA_OK)
		return 0;
	hit = aa_ok_eval(x, r);
	json_decref(x);
	return hit;
}

/*
 * The profile's session token ("session": {"token": {"var": V, "from":
 * SPEC}}): taken from every accepted answer that carries it, so a token
 * replaced when 2FA completes follows without a per-step extract.
 */
static int
session_token(struct aa_session *s, const struct aa_response *resp,
    const struct aa_step_opts *o, json_t *extracted)
{
	const json_t *tok = json_object_get(json_object_get(
	    aa_session_profile(s)->root, "session"), "token");
	const char *from = json_string_value(json_object_get(tok, "from"));
	const char *var = json_string_value(json_object_get(tok, "var"));
	json_t *v = NULL;
	int r;

	if (from == NULL || (o != NULL && o->no_extract))
		return AA_OK;
	if (var == NULL)
		var = "token";
	if ((r = aa_extract_run(from, resp, s, &v)) != AA_OK || v == NULL)
		return r;
	json_object_set(extracted, var, v);
	return aa_session_set_var(s, var, v);
}

/* The step for --verbose and `profile check`: extracted values are shown
 * redacted (the redactor knows every secret by now). */
static void
trace(struct aa_session *s, struct aa_redact *red, const char *label,
    const struct aa_flow_req *q, const struct aa_step_result *res, int r)
{
	struct aa_http_trace t = { label, q->method, q->url, res->resp.status,
		res->resp.rtt_ms, res->accepted, r, NULL };
	json_t *ex = json_object();
	const char *k;
	json_t *v;

	json_object_foreach(res->extracted, k, v) {
		char *txt = aa_tmpl_text(v), *rv = NULL;

		if (txt != NULL && (rv = aa_redact_apply(red, txt)) != NULL)
			json_object_set_new(ex, k, json_string(rv));
		free(rv);
		if (txt != NULL)
			aa_freezero(txt, strlen(txt));
	}
	t.extracted = ex;
	aa_http_traced(aa_session_http(s), &t);
	json_decref(ex);
}

static json_t *
error_evidence(const char *label, int code, const char *detail)
{
	return json_pack("{s:s, s:s, s:s}", "step", label, "error",
	    aa_errname(code), "detail", detail);
}

int
aa_flow_run(struct aa_session *s, const char *label, const json_t *step,
    const struct aa_step_opts *o, struct aa_step_result *res)
{
	struct aa_tmpl_ctx tc;
	struct aa_flow_req q;
	struct aa_redact *own = NULL, *red;
	struct aa_evidence_req er;
	char err[384], msg[512];
	int r;

	if (res == NULL)
		return AA_ERR_ARG;
	memset(res, 0, sizeof(*res));
	memset(&q, 0, sizeof(q));
	if (s == NULL || step == NULL)
		return AA_ERR_ARG;
	label = label != NULL ? label : "(step)";
	if (aa_step_check(step, err, sizeof(err)) != AA_OK) {
		snprintf(msg, sizeof(msg), "invalid step: %s", err);
		res->evidence = error_evidence(label, AA_ERR_PROFILE, msg);
		return AA_ERR_PROFILE;
	}
	if ((red = aa_http_redactor(aa_session_http(s))) == NULL) {
		if ((r = aa_redact_new(&own)) != AA_OK)
			return r;
		red = own;
	}
	memset(&tc, 0, sizeof(tc));
	tc.vars = o != NULL ? o->vars : NULL;
	tc.sess = s;
	tc.prof = aa_session_profile(s);
	tc.account = aa_session_account(s);
	register_secrets(red, s, &tc, o);
	register_session(red, s, aa_session_vars(s), o);
	if ((r = aa_flow_req_build(&tc, step, o, &q)) != AA_OK) {
		if (r == AA_ERR_PROFILE)
			snprintf(msg, sizeof(msg), "unknown variable ${%s}",
			    tc.missing);
		else
			snprintf(msg, sizeof(msg), "cannot build the request: %s",
			    aa_strerr(r));
		res->evidence = error_evidence(label, r, msg);
		goto out;
	}
	r = aa_session_perform(s, &(struct aa_request){ q.method, q.url,
	    (const char *const *)q.hdr, q.body, q.body_len,
	    o != NULL && o->no_backoff }, &res->resp);
	if (r == AA_OK) {
		parse_json(&res->resp);
		res->accepted = ok_eval(&tc, json_object_get(step, "ok"),
		    &res->resp);
		r = run_extract(s, step, o, res);
		if (r == AA_OK && res->accepted)
			r = session_token(s, &res->resp, o, res->extracted);
		register_session(red, s, res->extracted, o);
	}
	trace(s, red, label, &q, res, r);
	/* A guess among thousands that nobody keeps costs no transcript. */
	if (o != NULL && o->no_evidence && r == AA_OK)
		goto out;
	er = (struct aa_evidence_req){ q.method, q.url,
	    (const char *const *)q.hdr, q.body, q.body_len };
	res->evidence = aa_evidence_build(red, label, &er, &res->resp, r);
	if (res->evidence == NULL && r == AA_OK)
		r = AA_ERR_NOMEM;
out:
	aa_flow_req_release(&q);
	aa_redact_free(&own);
	return r;
}

/* The steps a step names in "before" (a page that hands out a CSRF
 * token or a device id), run first in the same session. */
#define MAX_BEFORE_DEPTH 3

static int
run_before(struct aa_session *s, const json_t *step,
    const struct aa_step_opts *o, int depth)
{
	const struct aa_profile *p = aa_session_profile(s);
	struct aa_step_result res;
	struct aa_step_opts bo;
	const json_t *b, *st;
	size_t i;
	int r;

	memset(&bo, 0, sizeof(bo));
	if (o != NULL) {
		bo.vars = o->vars;
		bo.secret_vars = o->secret_vars;
	}
	bo.no_evidence = 1; /* released below unread */
	json_array_foreach(json_object_get(step, "before"), i, b) {
		if (depth >= MAX_BEFORE_DEPTH)
			return AA_ERR_PROFILE;
		if ((st = aa_profile_step(p, json_string_value(b))) == NULL)
			return AA_ERR_STEP;
		if ((r = run_before(s, st, o, depth + 1)) != AA_OK)
			return r;
		r = aa_flow_run(s, json_string_value(b), st, &bo, &res);
		aa_step_result_release(&res);
		if (r != AA_OK)
			return r;
	}
	return AA_OK;
}

int
aa_flow_step(struct aa_session *s, const char *name,
    const struct aa_step_opts *o, struct aa_step_result *res)
{
	const json_t *step;
	int r;

	if (res == NULL)
		return AA_ERR_ARG;
	memset(res, 0, sizeof(*res));
	if (s == NULL || name == NULL)
		return AA_ERR_ARG;
	if ((step = aa_profile_step(aa_session_profile(s), name)) == NULL) {
		char msg[160];

		snprintf(msg, sizeof(msg), "the profile has no \"%.64s\" step",
		    name);
		res->evidence = error_evidence(name, AA_ERR_STEP, msg);
		return AA_ERR_STEP;
	}
	if ((r = run_before(s, step, o, 0)) != AA_OK ||
	    (r = aa_http_pace(aa_session_http(s), name, (long)json_integer_value(
	    json_object_get(step, "pace_ms")))) != AA_OK)
		return r;
	return aa_flow_run(s, name, step, o, res);
}

void
aa_step_result_release(struct aa_step_result *res)
{
	if (res == NULL)
		return;
	aa_response_release(&res->resp);
	json_decref(res->extracted);
	json_decref(res->evidence);
	memset(res, 0, sizeof(*res));
}
