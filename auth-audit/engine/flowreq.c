#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flowreq.h"

void
aa_flow_req_release(struct aa_flow_req *q)
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
add_header(struct aa_flow_req *q, const char *name, const char *value)
{
	struct aa_buf b;
	int r;

	if (q->nh == AA_FLOW_MAX_HEADER_LINES)
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
has_header(const struct aa_flow_req *q, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < q->nh; i++)
		if (strncasecmp(q->hdr[i], name, n) == 0 && q->hdr[i][n] == ':')
			return 1;
	return 0;
}

static int
build_url(struct aa_tmpl_ctx *tc, const json_t *step, struct aa_flow_req *q)
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

/* One templated header; an unknown variable drops it (a credential the
 * session does not hold yet, or an anonymous probe), never an error. */
static int
templ_header(struct aa_tmpl_ctx *tc, struct aa_flow_req *q, const char *name,
    const char *tmpl)
{
	char *x = NULL;
	int r;

	if ((r = aa_tmpl_string(tc, tmpl, AA_TMPL_RAW, &x)) == AA_ERR_PROFILE)
		return AA_OK;
	if (r != AA_OK)
		return r;
	r = has_header(q, name) ? AA_OK : add_header(q, name, x);
	aa_freezero(x, strlen(x));
	return r;
}

/* "Name: value" template into its two parts. */
static int
split_line(const char *line, char *name, size_t namelen, const char **value)
{
	const char *c = strchr(line, ':');

	if (c == NULL || (size_t)(c - line) >= namelen)
		return AA_ERR_ARG;
	snprintf(name, namelen, "%.*s", (int)(c - line), line);
	for (c++; *c == ' '; c++)
		;
	*value = c;
	return AA_OK;
}

/*
 * Header lines, first of each name wins: the check's own, the step's,
 * the profile's session token, then the profile-wide ones.
 */
static int
build_headers(struct aa_tmpl_ctx *tc, const json_t *step,
    const struct aa_step_opts *o, struct aa_flow_req *q)
{
	const json_t *root = tc->prof != NULL ? tc->prof->root : NULL;
	const char *key, *val, *tok;
	const json_t *v;
	char name[128];
	int r = AA_OK;

	for (size_t i = 0; o != NULL && o->headers != NULL &&
	    o->headers[i] != NULL; i++) {
		if (split_line(o->headers[i], name, sizeof(name), &val) !=
		    AA_OK)
			return AA_ERR_ARG;
		if (!has_header(q, name) && (r = add_header(q, name, val)) !=
		    AA_OK)
			return r;
	}
	json_object_foreach(json_object_get(step, "headers"), key, v)
		if ((r = templ_header(tc, q, key, json_string_value(v))) !=
		    AA_OK)
			return r;
	tok = json_string_value(json_object_get(json_object_get(
	    json_object_get(root, "session"), "token"), "header"));
	if (tok != NULL) {
		if (split_line(tok, name, sizeof(name), &val) != AA_OK)
			return AA_ERR_PROFILE;
		if ((r = templ_header(tc, q, name, val)) != AA_OK)
			return r;
	}
	json_object_foreach(json_object_get(root, "headers"), key, v)
		if ((r = templ_header(tc, q, key, json_string_value(v))) !=
		    AA_OK)
			return r;
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
build_body(struct aa_tmpl_ctx *tc, const json_t *step, struct aa_flow_req *q)
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

int
aa_flow_req_build(struct aa_tmpl_ctx *tc, const json_t *step,
    const struct aa_step_opts *o, struct aa_flow_req *q)
{
	int r;

	memset(q, 0, sizeof(*q));
	q->method = json_string_value(json_object_get(step, "method"));
	if ((r = build_url(tc, step, q)) != AA_OK ||
	    (r = build_headers(tc, step, o, q)) != AA_OK ||
	    (r = build_body(tc, step, q)) != AA_OK)
		return r;
	if (q->method == NULL)
		q->method = q->body != NULL ? "POST" : "GET";
	q->hdr[q->nh] = NULL;
	return AA_OK;
}
