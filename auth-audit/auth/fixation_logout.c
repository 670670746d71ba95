/*
 * AUTH-SESSION-FIXATION: the credential a client held before the second
 * factor (cookie or token) must not be a fully authenticated session
 * afterwards. After a login completes, a new client that carries only
 * the pre-2FA credentials asks for `protected`; it must be refused while
 * the completed session itself is let in (control).
 * AUTH-LOGOUT: after logout the old credentials must be dead on the
 * server, not only deleted from the client. Control: the same credentials
 * copied into a new client open `protected` before the logout.
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* A new client of account acct carrying creds; *granted by protected. */
static int
replay(struct aa_auth_ck *c, size_t acct, const json_t *creds, int *granted)
{
	struct aa_session *s = NULL;
	int r;

	*granted = 0;
	if ((r = aa_session_new(c->a->http, c->a->profile, acct, &s)) != AA_OK)
		return r;
	if ((r = aa_auth_creds_restore(c->a, s, creds)) == AA_OK)
		r = aa_auth_protected(c, s, NULL, granted);
	aa_session_free(&s);
	return r;
}

/* The profile names session cookies and none is in the jar. */
static int
named_missing(struct aa_auth_ck *c, const json_t *creds)
{
	json_t *names = NULL, *nm;
	size_t i;
	int missing = 0;

	if (json_object_get(json_object_get(c->a->profile->root, "session"),
	    "cookies") == NULL &&
	    json_object_get(c->a->profile->root, "session_cookie") == NULL)
		return 0;
	if (aa_auth_session_cookies(c, NULL, &names) != AA_OK)
		return 0;
	missing = 1;
	json_array_foreach(names, i, nm)
		if (json_object_get(json_object_get(creds, "cookies"),
		    json_string_value(nm)) != NULL)
			missing = 0;
	json_decref(names);
	return missing;
}

static int
has_creds(const json_t *creds)
{
	return json_object_size(json_object_get(creds, "cookies")) > 0 ||
	    json_object_get(creds, "token") != NULL;
}

/* Which credentials changed at 2FA (evidence only). */
static json_t *
renewed(const json_t *before, const json_t *after)
{
	const json_t *bc = json_object_get(before, "cookies");
	const char *name;
	json_t *v, *o = json_object(), *tb, *ta;

	json_object_foreach(json_object_get(after, "cookies"), name, v) {
		const json_t *old = json_object_get(bc, name);

		json_object_set_new(o, name, json_boolean(old == NULL ||
		    !json_equal(old, v)));
	}
	tb = json_object_get(before, "token");
	ta = json_object_get(after, "token");
	if (ta != NULL)
		json_object_set_new(o, "(token)", json_boolean(tb == NULL ||
		    !json_equal(tb, ta)));
	return o;
}

void
aa_auth_check_fixation(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	json_t *before = NULL, *after = NULL, *ren = NULL, *v;
	const char *key, *kept = NULL;
	int r, granted = 0, old_granted = 0;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if ((r = aa_auth_pending(&c, 0, &s)) != AA_OK)
		goto out;
	if ((before = aa_auth_creds(a, s)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_auth_second(&c, s, 0, NULL, &granted)) != AA_OK)
		goto out;
	if (!granted) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "the login did not open "
		    "`protected` after the second factor: %s", c.why);
		goto out;
	}
	after = aa_auth_creds(a, s);
	ren = renewed(before, after);
	aa_auth_ck_set(&c, "renewed", json_incref(ren));
	if (named_missing(&c, after)) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the session cookie named "
		    "by the profile is not in the jar after login");
		goto out;
	}
	if (!has_creds(before)) {
		aa_auth_ck_report(&c, AA_PASS, "the client held no session "
		    "credential before the second factor; the session began "
		    "with it");
		goto out;
	}
	if ((r = replay(&c, 0, before, &old_granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "pre_2fa_credentials_granted",
	    json_boolean(old_granted));
	json_object_foreach(ren, key, v)
		if (json_is_false(v) && kept == NULL)
			kept = key;
	if (old_granted && kept != NULL)
		aa_auth_ck_report(&c, AA_FAIL, "%s%s kept the value it had "
		    "before 2FA, and those pre-2FA credentials opened "
		    "`protected` after the second factor completed",
		    strcmp(kept, "(token)") == 0 ? "the session token" :
		    "session cookie ", strcmp(kept, "(token)") == 0 ? "" :
		    kept);
	else if (old_granted)
		aa_auth_ck_report(&c, AA_FAIL, "the credentials held before the "
		    "second factor opened `protected` after it completed: the "
		    "session was not renewed");
	else
		aa_auth_ck_report(&c, AA_PASS, "the session was renewed when the "
		    "second factor completed: the pre-2FA credentials were "
		    "refused after it (HTTP %ld), the completed session let in",
		    c.status);
out:
	json_decref(before);
	json_decref(after);
	json_decref(ren);
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}

void
aa_auth_check_logout(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	json_t *creds = NULL;
	int r, ok = 0, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if ((r = aa_auth_full(&c, 0, &s)) != AA_OK)
		goto out;
	if ((creds = aa_auth_creds(a, s)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if (!has_creds(creds)) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "the session has no cookie "
		    "and no token variable (\"session\": {\"token\": ...}) to "
		    "replay");
		goto out;
	}
	/* Control: the copied credentials are a session before logout. */
	if ((r = replay(&c, 0, creds, &granted)) != AA_OK)
		goto out;
	if (!granted) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "a client carrying a copy of "
		    "the session's credentials was refused even before logout "
		    "(name the session token or cookies in the profile's "
		    "\"session\" section)");
		goto out;
	}
	if ((r = aa_auth_step(&c, s, "logout", NULL, NULL, NULL, &ok)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "logout_accepted", json_boolean(ok));
	if ((r = replay(&c, 0, creds, &granted)) != AA_OK)
		goto out;
	if (granted)
		aa_auth_ck_report(&c, AA_FAIL, "the credentials from before "
		    "logout still opened `protected` (HTTP %ld)", c.status);
	else
		aa_auth_ck_report(&c, AA_PASS, "the credentials from before "
		    "logout were refused (HTTP %ld); a copy of them was let in "
		    "before it", c.status);
out:
	json_decref(creds);
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
