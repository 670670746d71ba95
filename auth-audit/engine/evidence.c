#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/engine/evidence.h"
#include "auth-audit/engine/extract.h"
#include "auth-audit/engine/tmpl.h"

/* Substrings of variable names that hold secrets. */
static const char *const secret_words[] = {
	"password", "passwd", "secret", "otpauth", "code", "pin", "token",
	"recovery", "seed", "otp", NULL
};

int
aa_evidence_secret_name(const char *name, const char *const *extra)
{
	char low[128];
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		if (strcmp(extra[i], name) == 0)
			return 1;
	for (i = 0; name[i] != '\0' && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	for (i = 0; secret_words[i] != NULL; i++)
		if (strstr(low, secret_words[i]) != NULL)
			return 1;
	return 0;
}

int
aa_evidence_register(struct aa_redact *r, const json_t *v)
{
	const json_t *e;
	const char *k;
	size_t i;
	char *t;
	int rc = AA_OK;

	if (r == NULL || v == NULL || json_is_null(v) || json_is_boolean(v))
		return AA_OK;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((rc = aa_evidence_register(r, e)) != AA_OK)
				return rc;
		return AA_OK;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e)
			if ((rc = aa_evidence_register(r, e)) != AA_OK)
				return rc;
		return AA_OK;
	}
	if (json_is_string(v))
		return aa_redact_add(r, json_string_value(v),
		    json_string_length(v));
	if ((t = aa_tmpl_text(v)) == NULL)
		return AA_ERR_NOMEM;
	rc = aa_redact_add(r, t, strlen(t));
	free(t);
	return rc;
}

/* Redacted, UTF-8-clean text of the first AA_EVIDENCE_BODY bytes of p.
 * Redaction runs on a wider window so a secret crossing the cut is
 * replaced whole before cutting. */
static json_t *
body_text(const struct aa_redact *r, const char *p, size_t n)
{
	size_t win = n < AA_EVIDENCE_BODY + 65536 ? n : AA_EVIDENCE_BODY + 65536;
	json_t *t = aa_json_text(p != NULL ? p : "", p != NULL ? win : 0);
	char *red;
	size_t k;
	json_t *out;

	if (t == NULL)
		return NULL;
	red = aa_redact_apply(r, json_string_value(t));
	json_decref(t);
	if (red == NULL)
		return NULL;
	k = strlen(red);
	if (k > AA_EVIDENCE_BODY) {
		k = AA_EVIDENCE_BODY;
		while (k > 0 && ((unsigned char)red[k] & 0xc0) == 0x80)
			k--;
	}
	out = json_stringn(red, k);
	aa_freezero(red, strlen(red));
	return out;
}

static const char *
redacted_len(char *buf, size_t len, size_t n)
{
	snprintf(buf, len, AA_REDACT_MARK_FMT, n);
	return buf;
}

static json_t *
request_headers(const char *const *h)
{
	json_t *o = json_object();
	char name[128], mark[64], val[192];
	const char *c, *v, *sp;
	size_t n;

	for (size_t i = 0; o != NULL && h != NULL && h[i] != NULL; i++) {
		if ((c = strchr(h[i], ':')) == NULL ||
		    (n = (size_t)(c - h[i])) >= sizeof(name))
			continue;
		memcpy(name, h[i], n);
		name[n] = '\0';
		for (v = c + 1; *v == ' '; v++)
			;
		if (strcasecmp(name, "cookie") == 0 ||
		    strcasecmp(name, "proxy-authorization") == 0 ||
		    strcasecmp(name, "authorization") == 0) {
			/* Keep an auth scheme ("Bearer "), hide the credential. */
			sp = strchr(v, ' ');
			if (strcasecmp(name, "cookie") == 0 || sp == NULL ||
			    sp - v > 20)
				sp = v;
			else
				sp++;
			snprintf(val, sizeof(val), "%.*s%s", (int)(sp - v), v,
			    redacted_len(mark, sizeof(mark), strlen(sp)));
			json_object_set_new(o, name, json_string(val));
		} else
			json_object_set_new(o, name, aa_json_text(v, strlen(v)));
	}
	return o;
}

/* "name=«redacted N chars»; attributes" */
static json_t *
set_cookie_redacted(const char *sc)
{
	const char *eq = strchr(sc, '='), *semi;
	char mark[64];
	struct aa_buf b;
	json_t *j = NULL;
	size_t n;

	if (eq == NULL)
		return json_string("\u00abredacted\u00bb");
	semi = strchr(eq, ';');
	n = semi != NULL ? (size_t)(semi - eq - 1) : strlen(eq + 1);
	redacted_len(mark, sizeof(mark), n);
	aa_buf_init(&b, strlen(sc) + sizeof(mark));
	if (aa_buf_printf(&b, "%.*s=%s%s", (int)(eq - sc), sc, mark,
	    semi != NULL ? semi : "") == AA_OK)
		j = aa_json_text(b.ptr, b.len);
	aa_buf_release(&b);
	return j;
}

static json_t *
response_obj(const struct aa_redact *r, const struct aa_response *resp)
{
	json_t *o, *h, *sc, *e;
	size_t i;

	h = json_deep_copy(resp->headers != NULL ? resp->headers : json_null());
	if (h == NULL || !json_is_object(h)) {
		json_decref(h);
		h = json_object();
	}
	sc = json_array();
	json_array_foreach(resp->set_cookies, i, e)
		json_array_append_new(sc, set_cookie_redacted(
		    json_string_value(e) ? json_string_value(e) : ""));
	if (json_array_size(sc) > 0)
		json_object_set(h, "set-cookie", sc);
	else
		json_object_del(h, "set-cookie");
	json_decref(sc);
	o = json_pack("{s:I, s:o, s:o*, s:I}", "status",
	    (json_int_t)resp->status, "headers", h, "body",
	    body_text(r, resp->body.ptr, resp->body.len),
	    "body_bytes", (json_int_t)resp->body.len);
	return o;
}

int
aa_evidence_redact(const struct aa_redact *r, json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;
	char *red;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if (json_is_string(e)) {
				if ((red = aa_redact_apply(r, json_string_value(e))) == NULL)
					return AA_ERR_NOMEM;
				json_array_set_new(v, i, json_string(red));
				aa_freezero(red, strlen(red));
			} else
				aa_evidence_redact(r, e);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, e)
			if (json_is_string(e)) {
				if ((red = aa_redact_apply(r, json_string_value(e))) == NULL)
					return AA_ERR_NOMEM;
				json_object_set_new(v, k, json_string(red));
				aa_freezero(red, strlen(red));
			} else
				aa_evidence_redact(r, e);
	}
	return AA_OK;
}

json_t *
aa_evidence_build(const struct aa_redact *r, const char *step,
    const struct aa_evidence_req *rq, const struct aa_response *resp,
    int error)
{
	json_t *ev, *req = NULL;

	if ((ev = json_pack("{s:s}", "step", step ? step : "")) == NULL)
		return NULL;
	if (rq != NULL && rq->method != NULL) {
		req = json_pack("{s:s, s:o*, s:o*, s:o*}", "method", rq->method,
		    "url", rq->url ? aa_json_text(rq->url, strlen(rq->url)) : NULL,
		    "headers", request_headers(rq->headers),
		    "body", rq->body ? body_text(r, rq->body, rq->body_len) : NULL);
		json_object_set_new(ev, "request", req);
	}
	if (resp != NULL && resp->status != 0) {
		json_object_set_new(ev, "response", response_obj(r, resp));
		/* Hundredths of a millisecond are all a reader needs. */
		json_object_set_new(ev, "rtt_ms",
		    json_real((double)(long long)(resp->rtt_ms * 100 + 0.5) / 100));
	}
	if (error != AA_OK)
		json_object_set_new(ev, "error", json_string(aa_errname(error)));
	if (aa_evidence_redact(r, ev) != AA_OK) {
		json_decref(ev);
		return NULL;
	}
	return ev;
}
