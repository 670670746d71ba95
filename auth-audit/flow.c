#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/err.h"
#include "auth-audit/evidence.h"
#include "auth-audit/extract.h"
#include "auth-audit/flow.h"
#include "auth-audit/session.h"
#include "auth-audit/step.h"
#include "auth-audit/tmpl.h"

#define MAX_HEADER_LINES 96

/* The request as built from the step's templates; every part may hold a
 * secret, so it is wiped on release. */
struct req {
	const char *method;
	char *url;
	char *hdr[MAX_HEADER_LINES + 1];
	size_t nh;
	char *body;
	size_t body_len;
};

static void
req_release(struct req *q)
{
	if (q->url != NULL)
		aa_freezero(q->url, strlen(q->url));
	for (size_t i = 0; i < q->nh; i++)
		aa_freezero(q->hdr[i], strlen(q->hdr[i]));
	if (q->body != NULL)
		aa_freezero(q->body, q->body_len);
	memset(q, 0, sizeof(*q));
}

static int
add_header(struct req *q, const char *name, const char *value)
{
	struct aa_buf b;
	int r;

	if (q->nh == MAX_HEADER_LINES)
		return AA_ERR_TOOBIG;
	/* A value from a variable must not smuggle a second header. */
	if (strpbrk(value, "\r\n") != NULL || strpbrk(name, "\r\n:") != NULL)
		return AA_ERR_ARG;
	aa_buf_init(&b, AA_TMPL_MAX_OUT);
	if ((r = aa_buf_printf(&b, "%s: %s", name, value)) != AA_OK) {
		aa_buf_release(&b);
		return r;
	}
	q->hdr[q->nh++] = aa_buf_steal(&b);
	return AA_OK;
}

static int
has_header(const struct req *q, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < q->nh; i++)
		if (strncasecmp(q->hdr[i], name, n) == 0 && q->hdr[i][n] == ':')
			return 1;
	return 0;
}

static int
build_url(struct aa_tmpl_ctx *tc, const json_t *step, struct req *q)
{
	const char *url = json_string_value(json_object_get(step, "url"));
	const char *path = json_string_value(json_object_get(step, "path"));
	struct aa_buf b;
	char *x = NULL;
	int r;

	if (url != NULL)
		return aa_tmpl_string(tc, url, AA_TMPL_URL, &q->url);
	if (path == NULL || tc->prof == NULL)
		return AA_ERR_PROFILE;
	if ((r = aa_tmpl_string(tc, path, AA_TMPL_URL, &x)) != AA_OK)
		return r;
	aa_buf_init(&b, AA_TMPL_MAX_OUT);
	if ((r = aa_buf_printf(&b, "%s%s", tc->prof->base_url, x)) == AA_OK)
		q->url = aa_buf_steal(&b);
	aa_buf_release(&b);
	aa_freezero(x, strlen(x));
	return r;
}

static int
build_headers(struct aa_tmpl_ctx *tc, const json_t *step,
    const struct aa_step_opts *o, struct req *q)
{
	const char *key, *c;
	const json_t *v;
	char *x = NULL, name[128];
	int r = AA_OK;

	json_object_foreach(json_object_get(step, "headers"), key, v) {
		if ((r = aa_tmpl_string(tc, json_string_value(v), AA_TMPL_RAW,
		    &x)) != AA_OK)
			return r;
		r = add_header(q, key, x);
		aa_freezero(x, strlen(x));
		if (r != AA_OK)
			return r;
	}
	for (size_t i = 0; o != NULL && o->headers != NULL &&
	    o->headers[i] != NULL; i++) {
		if ((c = strchr(o->headers[i], ':')) == NULL ||
		    (size_t)(c - o->headers[i]) >= sizeof(name))
			return AA_ERR_ARG;
		snprintf(name, sizeof(name), "%.*s", (int)(c - o->headers[i]),
		    o->headers[i]);
		for (c++; *c == ' '; c++)
			;
		if ((r = add_header(q, name, c)) != AA_OK)
			return r;
	}
	return AA_OK;
}

/* key=value with both percent-encoded; "&" between pairs. */
static int
form_pair(struct aa_buf *b, const char *key, const char *val)
{
	int r = AA_OK;

	if (b->len > 0)
		r = aa_buf_puts(b, "&");
	if (r == AA_OK)
		r = aa_tmpl_urlencode(b, key);
	if (r == AA_OK)
		r = aa_buf_puts(b, "=");
	return r == AA_OK ? aa_tmpl_urlencode(b, val) : r;
}

static int
form_value(struct aa_buf *b, const char *key, const json_t *v)
{
	const json_t *e;
	size_t i;
	char *t;
	int r = AA_OK;

	if (v == NULL || json_is_null(v))
		return AA_OK; /* null or drop: the field is not sent */
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((r = form_value(b, key, e)) != AA_OK)
				break;
		return r;
	}
	if ((t = aa_tmpl_text(v)) == NULL)
		return AA_ERR_NOMEM;
	r = form_pair(b, key, t);
	aa_freezero(t, strlen(t));
	return r;
}

static int
form_body(struct aa_tmpl_ctx *tc, const json_t *form, struct aa_buf *b)
{
	const char *key;
	const json_t *v;
	json_t *x = NULL;
	int r = AA_OK;

	json_object_foreach((json_t *)form, key, v) {
		/* Whole-value rule as in JSON: arrays repeat the key. */
		if ((r = aa_tmpl_json(tc, v, &x)) != AA_OK)
			break;
		r = form_value(b, key, x);
		json_decref(x);
		x = NULL;
		if (r != AA_OK)
			break;
	}
	return r;
}

static int
build_body(struct aa_tmpl_ctx *tc, const json_t *step, struct req *q)
{
	const json_t *js = json_object_get(step, "json");
	const json_t *form = json_object_get(step, "form");
	const json_t *raw = json_object_get(step, "body");
	struct aa_buf b;
	json_t *x = NULL;
	char *t = NULL;
	int r = AA_OK;

	aa_buf_init(&b, AA_TMPL_MAX_OUT);
	if (js != NULL) {
		if ((r = aa_tmpl_json(tc, js, &x)) != AA_OK)
			goto out;
		if ((t = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		if ((r = aa_buf_puts(&b, t)) != AA_OK)
			goto out;
		if (!has_header(q, "Content-Type"))
			r = add_header(q, "Content-Type", "application/json");
	} else if (form != NULL) {
		if ((r = aa_buf_append(&b, "", 0)) != AA_OK ||
		    (r = form_body(tc, form, &b)) != AA_OK)
			goto out;
		if (!has_header(q, "Content-Type"))
			r = add_header(q, "Content-Type",
			    "application/x-www-form-urlencoded");
	} else if (raw != NULL) {
		if ((r = aa_tmpl_string(tc, json_string_value(raw), AA_TMPL_RAW,
		    &t)) != AA_OK || (r = aa_buf_puts(&b, t)) != AA_OK)
			goto out;
	} else
		goto out;
	if (r == AA_OK) {
		q->body_len = b.len;
		q->body = aa_buf_steal(&b);
	}
out:
	if (t != NULL)
		aa_freezero(t, strlen(t));
	json_decref(x);
	aa_buf_release(&b);
	return r;
}

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
	struct req q;
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
	q.method = json_string_value(json_object_get(step, "method"));
	if ((r = build_url(&tc, step, &q)) != AA_OK ||
	    (r = build_headers(&tc, step, o, &q)) != AA_OK ||
	    (r = build_body(&tc, step, &q)) != AA_OK) {
		if (r == AA_ERR_PROFILE)
			snprintf(msg, sizeof(msg), "unknown variable ${%s}",
			    tc.missing);
		else
			snprintf(msg, sizeof(msg), "cannot build the request: %s",
			    aa_strerr(r));
		res->evidence = error_evidence(label, r, msg);
		goto out;
	}
	if (q.method == NULL)
		q.method = q.body != NULL ? "POST" : "GET";
	q.hdr[q.nh] = NULL;
	r = aa_session_perform(s, &(struct aa_request){ q.method, q.url,
	    (const char *const *)q.hdr, q.body, q.body_len }, &res->resp);
	if (r == AA_OK) {
		parse_json(&res->resp);
		res->accepted = aa_ok_eval(json_object_get(step, "ok"),
		    &res->resp);
		r = run_extract(s, step, o, res);
		register_session(red, s, res->extracted, o);
	}
	er = (struct aa_evidence_req){ q.method, q.url,
	    (const char *const *)q.hdr, q.body, q.body_len };
	res->evidence = aa_evidence_build(red, label, &er, &res->resp, r);
	if (res->evidence == NULL && r == AA_OK)
		r = AA_ERR_NOMEM;
out:
	req_release(&q);
	aa_redact_free(&own);
	return r;
}

int
aa_flow_step(struct aa_session *s, const char *name,
    const struct aa_step_opts *o, struct aa_step_result *res)
{
	const json_t *step;

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
