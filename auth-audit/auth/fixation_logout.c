/*
 * AUTH-SESSION-FIXATION: the session identifier must change when the
 * second factor completes, else an identifier planted or observed before
 * 2FA becomes a fully authenticated session.
 * AUTH-LOGOUT: after logout the old session identifier must be dead on the
 * server, not only deleted from the client's jar.
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* Compare the session cookies' values before and after 2FA. */
static void
fixation_judge(struct aa_auth_ck *c, const json_t *names,
    const json_t *before, const json_t *after)
{
	json_t *rows = json_array(), *nm;
	const char *name, *b, *af, *kept = NULL;
	size_t i;

	json_array_foreach(names, i, nm) {
		name = json_string_value(nm);
		b = json_string_value(json_object_get(before, name));
		af = json_string_value(json_object_get(after, name));
		if (name == NULL || af == NULL)
			continue;
		json_array_append_new(rows, json_pack("{s:s,s:b,s:b}", "name",
		    name, "set_before_2fa", b != NULL,
		    "renewed", b == NULL || strcmp(b, af) != 0));
		if (b != NULL && strcmp(b, af) == 0 && kept == NULL)
			kept = name;
	}
	aa_auth_ck_set(c, "cookies", rows);
	if (json_array_size(rows) == 0)
		aa_auth_ck_report(c, AA_NOT_TESTED, "the session cookie named "
		    "by the profile is not in the jar after login");
	else if (kept != NULL)
		aa_auth_ck_report(c, AA_FAIL, "session cookie %s kept the value "
		    "it had before 2FA after the second factor completed", kept);
	else
		aa_auth_ck_report(c, AA_PASS, "the session cookie was renewed "
		    "when the second factor completed");
}

void
aa_auth_check_fixation(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	json_t *before = NULL, *after = NULL, *names = NULL;
	int r;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-SESSION-FIXATION")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", NULL))
		goto out;
	if ((r = aa_auth_session(&c, 0, &s)) != AA_OK ||
	    (r = aa_auth_password(&c, s, 0)) != AA_OK)
		goto out;
	before = aa_auth_jar(a, s);
	if ((r = aa_auth_second(&c, s, 0, NULL)) != AA_OK ||
	    (r = aa_auth_session_cookies(&c, s, &names)) != AA_OK)
		goto out;
	after = aa_auth_jar(a, s);
	if (json_array_size(names) == 0)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the session is not "
		    "carried by a cookie (the protected step needs none)");
	else
		fixation_judge(&c, names, before, after);
out:
	json_decref(before);
	json_decref(after);
	json_decref(names);
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}

/* Put every cookie of `jar` back into s. */
static int
restore(struct aa_auth_ck *c, struct aa_session *s,
    const json_t *jar)
{
	const char *name;
	json_t *v;
	int r;

	/* Remove first: a cookie the logout expired would otherwise keep
	 * its past expiry in the jar and never be sent. */
	json_object_foreach((json_t *)jar, name, v)
		if ((r = aa_session_cookie_set(s, name, NULL)) != AA_OK ||
		    (r = aa_session_cookie_set(s, name,
		    json_string_value(v))) != AA_OK)
			return aa_auth_ck_why(c, r, "cannot restore a cookie");
	return AA_OK;
}

static int
logout_probe(struct aa_auth_ck *c, struct aa_session *s)
{
	json_t *jar = aa_auth_jar(c->a, s);
	int r, ok = 0, granted = 0;

	if (jar == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_auth_step(c, s, "logout", NULL, NULL, NULL, &ok)) != AA_OK)
		goto out;
	aa_auth_ck_set(c, "logout_accepted", json_boolean(ok));
	aa_auth_ck_set(c, "cookies_replayed", json_integer(
	    (json_int_t)json_object_size(jar)));
	if ((r = restore(c, s, jar)) != AA_OK ||
	    (r = aa_auth_protected(c, s, NULL, &granted)) != AA_OK)
		goto out;
	if (granted)
		aa_auth_ck_report(c, AA_FAIL, "the session from before logout "
		    "still opened the protected resource (HTTP %ld)", c->status);
	else
		aa_auth_ck_report(c, AA_PASS, "the session from before logout "
		    "was refused (HTTP %ld)", c->status);
out:
	json_decref(jar);
	return r;
}

void
aa_auth_check_logout(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	int r, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-LOGOUT")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", "logout", NULL))
		goto out;
	if ((r = aa_auth_session(&c, 0, &s)) != AA_OK ||
	    (r = aa_auth_full(&c, s, 0, NULL)) != AA_OK ||
	    (r = aa_auth_protected(&c, s, NULL, &granted)) != AA_OK)
		goto out;
	if (!granted)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the `protected` step was "
		    "refused right after a full login (HTTP %ld)", c.status);
	else
		r = logout_probe(&c, s);
out:
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
