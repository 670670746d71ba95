/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/core/pct.h"
#include "auth-audit/core/secret.h"
#include "auth-audit/engine/tmpl.h"

/* A null that is not json_null(): refcount -1 makes jansson never free it. */
static json_t drop_marker = { JSON_NULL, (size_t)-1 };

json_t *
aa_flow_drop(void)
{
	return &drop_marker;
}

/* ':' for "${cookie:NAME}" (a cookie of the session's jar). */
static int
name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c == ':';
}

/* Length of a well-formed "${name}" at s, name in out; 0 if not one. */
static size_t
ref_at(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	if (s[0] != '$' || s[1] != '{')
		return 0;
	while (name_char((unsigned char)s[2 + n]))
		n++;
	if (n == 0 || n > AA_TMPL_MAX_NAME || n >= outlen || s[2 + n] != '}')
		return 0;
	memcpy(out, s + 2, n);
	out[n] = '\0';
	return n + 3;
}

int
aa_tmpl_whole(const char *s, char *out, size_t outlen)
{
	size_t n;

	if (s == NULL || (n = ref_at(s, out, outlen)) == 0)
		return 0;
	return s[n] == '\0';
}

json_t *
aa_tmpl_lookup(const struct aa_tmpl_ctx *c, const char *name)
{
	const json_t *v = NULL;
	const struct aa_account *a = NULL;
	const struct aa_profile *p = c->prof;
	const char *sv = NULL;

	if ((v = json_object_get(c->vars, name)) != NULL ||
	    (c->sess != NULL && (v = aa_session_var(c->sess, name)) != NULL))
		return v == &drop_marker ? &drop_marker : json_deep_copy(v);
	if (strncmp(name, "cookie:", 7) == 0 && c->sess != NULL) {
		char *ck = aa_session_cookie_value(c->sess, name + 7);
		json_t *j = ck != NULL ? json_string(ck) : NULL;

		if (ck != NULL)
			aa_freezero(ck, strlen(ck));
		return j;
	}
	if (p != NULL && c->account < p->naccounts)
		a = &p->accounts[c->account];
	if (a != NULL && strcmp(name, "password") == 0 && a->password != NULL)
		return json_stringn(aa_secret_str(a->password),
		    a->password->len);
	if (a != NULL && (v = json_object_get(a->fields, name)) != NULL)
		return json_deep_copy(v);
	if (p != NULL) {
		if (strcmp(name, "base_url") == 0)
			sv = p->base_url;
		else if (strcmp(name, "origin") == 0)
			sv = p->origin;
		else if (strcmp(name, "rp_id") == 0)
			sv = p->rp_id;
	}
	return sv != NULL ? json_string(sv) : NULL;
}

char *
aa_tmpl_text(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return strdup("");
	if (json_is_string(v))
		return strndup(json_string_value(v), json_string_length(v));
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

int
aa_tmpl_urlencode(struct aa_buf *b, const char *s)
{
	return aa_pct_text_encode(b, s);
}

int
aa_tmpl_string(struct aa_tmpl_ctx *c, const char *in, enum aa_tmpl_enc enc,
    char **out)
{
	struct aa_buf b;
	char name[AA_TMPL_MAX_NAME + 1], *text = NULL;
	const char *p, *run;
	int r = AA_ERR_INTERNAL, in_query = 0;
	size_t n;
	json_t *v = NULL;

	*out = NULL;
	aa_buf_init(&b, AA_TMPL_MAX_OUT);
	if ((r = aa_buf_append(&b, "", 0)) != AA_OK)
		goto out;
	for (p = run = in; *p != '\0'; p++) {
		if (*p == '?')
			in_query = 1;
		if ((n = ref_at(p, name, sizeof(name))) == 0)
			continue;
		if ((r = aa_buf_append(&b, run, (size_t)(p - run))) != AA_OK)
			goto out;
		if ((v = aa_tmpl_lookup(c, name)) == NULL) {
			snprintf(c->missing, sizeof(c->missing), "%s", name);
			r = AA_ERR_PROFILE;
			goto out;
		}
		if ((text = aa_tmpl_text(v)) == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		r = enc == AA_TMPL_URL && in_query ? aa_tmpl_urlencode(&b, text) :
		    aa_buf_puts(&b, text);
		if (r != AA_OK)
			goto out;
		aa_freezero(text, strlen(text));
		text = NULL;
		json_decref(v);
		v = NULL;
		p += n - 1;
		run = p + 1;
	}
	if ((r = aa_buf_puts(&b, run)) != AA_OK)
		goto out;
	*out = aa_buf_steal(&b);
	r = AA_OK;
out:
	if (text != NULL)
		aa_freezero(text, strlen(text));
	json_decref(v);
	aa_buf_release(&b);
	return r;
}

static int expand(struct aa_tmpl_ctx *c, const json_t *in, json_t **out,
    int depth);

static int
expand_string(struct aa_tmpl_ctx *c, const json_t *in, json_t **out)
{
	char name[AA_TMPL_MAX_NAME + 1], *s = NULL;
	int r;

	if (aa_tmpl_whole(json_string_value(in), name, sizeof(name))) {
		if ((*out = aa_tmpl_lookup(c, name)) != NULL)
			return AA_OK;
		snprintf(c->missing, sizeof(c->missing), "%s", name);
		return AA_ERR_PROFILE;
	}
	if ((r = aa_tmpl_string(c, json_string_value(in), AA_TMPL_RAW, &s)) !=
	    AA_OK)
		return r;
	*out = json_string(s);
	aa_freezero(s, strlen(s));
	/* A var with invalid UTF-8 cannot come from jansson; keep NULL safe. */
	return *out != NULL ? AA_OK : AA_ERR_PARSE;
}

static int
expand(struct aa_tmpl_ctx *c, const json_t *in, json_t **out, int depth)
{
	const char *key;
	json_t *v, *e = NULL;
	size_t i;
	int r = AA_OK;

	*out = NULL;
	if (depth > 64)
		return AA_ERR_TOOBIG;
	if (json_is_string(in))
		return expand_string(c, in, out);
	if (json_is_object(in)) {
		if ((*out = json_object()) == NULL)
			return AA_ERR_NOMEM;
		json_object_foreach((json_t *)in, key, v) {
			if ((r = expand(c, v, &e, depth + 1)) != AA_OK)
				break;
			if (e != &drop_marker &&
			    json_object_set_new(*out, key, e) != 0)
				r = AA_ERR_NOMEM;
			if (r != AA_OK)
				break;
		}
	} else if (json_is_array(in)) {
		if ((*out = json_array()) == NULL)
			return AA_ERR_NOMEM;
		json_array_foreach(in, i, v) {
			if ((r = expand(c, v, &e, depth + 1)) != AA_OK)
				break;
			if (e != &drop_marker &&
			    json_array_append_new(*out, e) != 0)
				r = AA_ERR_NOMEM;
			if (r != AA_OK)
				break;
		}
	} else if ((*out = json_deep_copy(in)) == NULL)
		return AA_ERR_NOMEM;
	if (r != AA_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return r;
}

int
aa_tmpl_json(struct aa_tmpl_ctx *c, const json_t *in, json_t **out)
{
	int r;

	if (c == NULL || in == NULL || out == NULL)
		return AA_ERR_ARG;
	r = expand(c, in, out, 0);
	/* The whole body being the drop marker means "no body": send null. */
	if (r == AA_OK && *out == &drop_marker)
		*out = json_null();
	return r;
}
