/*
 * What carries the session: cookies, a token variable sent in a header
 * (the profile's "session": {"token": VAR}), or both. A profile may name
 * the cookies ("session": {"cookies": [...]}, or the older top-level
 * "session_cookie"); otherwise the cookies of a fully logged-in jar are
 * removed one at a time and the ones the protected step cannot do
 * without are the session cookies.
 */
#include <string.h>
#include <stdlib.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* The jar as name -> value; every value is registered for redaction. */
static json_t *
jar(struct aa_audit *a, const struct aa_session *s)
{
	json_t *list = aa_session_cookies(s), *out = json_object(), *ck;
	const char *name;
	char *val;
	size_t i;

	if (out == NULL)
		goto out;
	json_array_foreach(list, i, ck) {
		name = json_string_value(json_object_get(ck, "name"));
		if (name == NULL ||
		    (val = aa_session_cookie_value(s, name)) == NULL)
			continue;
		aa_redact_add(a->redact, val, strlen(val));
		json_object_set_new(out, name, json_string(val));
		aa_freezero(val, strlen(val));
	}
out:
	json_decref(list);
	return out;
}

const char *
aa_auth_token_var(const struct aa_audit *a)
{
	const json_t *tok = json_object_get(json_object_get(a->profile->root,
	    "session"), "token");
	const char *v;

	if (json_is_string(tok))
		return json_string_value(tok);
	if (!json_is_object(tok))
		return NULL;
	v = json_string_value(json_object_get(tok, "var"));
	return v != NULL ? v : "token";
}

json_t *
aa_auth_creds(struct aa_audit *a, const struct aa_session *s)
{
	const char *tv = aa_auth_token_var(a);
	const json_t *tok = tv != NULL ? aa_session_var(s, tv) : NULL;
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "cookies", jar(a, s));
	if (json_is_string(tok)) {
		aa_redact_add(a->redact, json_string_value(tok),
		    json_string_length(tok));
		json_object_set_new(o, "token", json_deep_copy(tok));
	}
	return o;
}

int
aa_auth_creds_restore(struct aa_audit *a, struct aa_session *s,
    const json_t *creds)
{
	const char *tv = aa_auth_token_var(a), *name;
	const json_t *tok = json_object_get(creds, "token");
	json_t *v;
	int r;

	if (tv != NULL && tok != NULL &&
	    (r = aa_session_set_var(s, tv, json_deep_copy(tok))) != AA_OK)
		return r;
	/* Remove first: a cookie the logout expired would otherwise keep
	 * its past expiry in the jar and never be sent. */
	json_object_foreach(json_object_get(creds, "cookies"), name, v)
		if ((r = aa_session_cookie_set(s, name, NULL)) != AA_OK ||
		    (r = aa_session_cookie_set(s, name,
		    json_string_value(v))) != AA_OK)
			return r;
	return AA_OK;
}

/* The profile's own naming of the session cookie, if any (new ref). */
static json_t *
named(const struct aa_audit *a)
{
	const json_t *v = json_object_get(json_object_get(a->profile->root,
	    "session"), "cookies");

	if (v == NULL)
		v = json_object_get(a->profile->root, "session_cookie");

	if (json_is_string(v))
		return json_pack("[s]", json_string_value(v));
	if (json_is_array(v) && json_array_size(v) > 0)
		return json_deep_copy(v);
	return NULL;
}

/* 1 when protected is refused with cookie `name` removed from s. */
static int
needed(struct aa_auth_ck *c, struct aa_session *s,
    const char *name, const char *value, int *need)
{
	int r, granted = 0;

	*need = 0;
	if ((r = aa_session_cookie_set(s, name, NULL)) != AA_OK)
		return aa_auth_ck_why(c, r, "cannot remove cookie from the jar");
	r = aa_audit_protected(c->a, s, &granted, NULL);
	if (aa_session_cookie_set(s, name, value) != AA_OK && r == AA_OK)
		r = aa_auth_ck_why(c, AA_ERR_INTERNAL,
		    "cannot put a cookie back into the jar");
	*need = !granted;
	return r;
}

int
aa_auth_session_cookies(struct aa_auth_ck *c, struct aa_session *s,
    json_t **out)
{
	json_t *j = NULL, *names = named(c->a), *v;
	const char *name;
	int r = AA_OK, need;

	*out = NULL;
	if (names != NULL)
		goto out;
	if ((names = json_array()) == NULL ||
	    (j = jar(c->a, s)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	json_object_foreach(j, name, v) {
		if ((r = needed(c, s, name, json_string_value(v), &need)))
			goto out;
		if (need)
			json_array_append_new(names, json_string(name));
	}
out:
	json_decref(j);
	if (r == AA_OK)
		*out = names;
	else
		json_decref(names);
	return r;
}
