/*
 * Factor listing and AUTH-DISABLE-NO-REAUTH: removing a factor must need
 * the password or the current factor again, so a stolen session cannot
 * strip 2FA. In a fully logged-in session of its own the check removes a
 * factor the audit enrolled and can enrol again: first with no password
 * or code, then with wrong ones; a refusal counts only when the same
 * removal with the right password (and code) then works (positive
 * control). Whatever was removed is enrolled again.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

int
aa_auth_var_str(const struct aa_session *s, const char *name, char *out,
    size_t outlen)
{
	const json_t *v = aa_session_var(s, name);

	if (json_is_string(v))
		snprintf(out, outlen, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, outlen, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else
		return 0;
	return out[0] != '\0';
}

/* Factor names in an answer: the step's extracted `factors`, else the
 * body. */
static unsigned
names_in(const struct aa_step_result *res)
{
	const json_t *ex = json_object_get(res->extracted, "factors");
	unsigned mask = 0;

	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		const char *n = aa_factor_name((enum aa_factor)f);

		if (ex != NULL ? aa_auth_json_has(ex, n) :
		    res->resp.json != NULL ? aa_auth_json_has(res->resp.json, n) :
		    res->resp.body.ptr != NULL &&
		    strstr(res->resp.body.ptr, n) != NULL)
			mask |= 1u << f;
	}
	return mask;
}

int
aa_auth_factor_list(struct aa_auth_ck *c, struct aa_session *s,
    const char *uid, unsigned *mask, struct aa_step_result *out,
    int *accepted)
{
	struct aa_step_result res;
	json_t *vars = uid != NULL ? json_pack("{s:s}", "user_id", uid) : NULL;
	int r;

	memset(&res, 0, sizeof(res));
	*mask = 0;
	r = aa_auth_step(c, s, "factor_list", vars, NULL, &res, accepted);
	if (r == AA_OK && *accepted)
		*mask = names_in(&res);
	if (r == AA_OK && out != NULL) {
		*out = res;
		memset(&res, 0, sizeof(res));
	}
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

int
aa_auth_no_factor_api(const struct aa_audit *a, char *why, size_t len)
{
	const char *api = aa_audit_factor_api(a);

	if (strcmp(api, "user") == 0)
		return 0;
	snprintf(why, len, "the profile declares %s (\"factor_api\": \"%s\")",
	    strcmp(api, "none") == 0 ? "no factor management API" :
	    "factors addressed by the session only, never by a user id", api);
	return 1;
}

/* A factor the audit enrolled on account 0 and can enrol again,
 * cheapest to put back first. */
static int
pick(struct aa_audit *a, enum aa_factor *out)
{
	static const enum aa_factor order[] = { AA_FACTOR_RECOVERY_CODES,
		AA_FACTOR_WEBAUTHN, AA_FACTOR_TOTP, AA_FACTOR_EMAIL,
		AA_FACTOR_SMS };
	const char *step;
	int generic;

	/* a factor removed as a whole first; one removed credential by
	 * credential (webauthn_disable with ${credential_id}) only after */
	for (int byid = 0; byid < 2; byid++)
		for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			const struct aa_factor_impl *fi = aa_audit_factor(a,
			    order[i]);

			if (fi != NULL && fi->enroll != NULL &&
			    (a->base[0].enrolled & (1u << order[i])) &&
			    (step = aa_audit_disable_step(a, order[i],
			    &generic)) != NULL && aa_audit_step_uses(a, step,
			    "credential_id") == byid) {
				*out = order[i];
				return 1;
			}
		}
	return 0;
}

/* Still listed? 1 yes, 0 no, -1 cannot tell (no factor_list). */
static int
listed(struct aa_auth_ck *c, struct aa_session *s, enum aa_factor f)
{
	unsigned mask = 0;
	int ok = 0;

	if (aa_profile_step(c->a->profile, "factor_list") == NULL ||
	    aa_auth_factor_list(c, s, NULL, &mask, NULL, &ok) != AA_OK || !ok)
		return -1;
	return (mask & (1u << f)) != 0;
}

/* Enrol f again on account 0 in s (it was removed), else in a new full
 * session: removing the factor that verified s may make s pending. */
static void
restore(struct aa_auth_ck *c, struct aa_session *s, enum aa_factor f)
{
	const struct aa_factor_impl *fi = aa_audit_factor(c->a, f);
	struct aa_session *n = NULL;
	char why[256] = "";
	int r = fi->enroll(c->a, 0, s, why, sizeof(why));

	if (r != AA_OK && aa_audit_login_full(c->a, 0, &n, why,
	    sizeof(why)) == AA_OK)
		r = fi->enroll(c->a, 0, n, why, sizeof(why));
	aa_session_free(&n);
	aa_auth_ck_set(c, "restored", json_boolean(r == AA_OK));
	if (r != AA_OK) {
		c->a->base[0].usable &= ~(1u << f);
		c->a->base[0].enrolled &= ~(1u << f);
		aa_auth_ck_set(c, "restore_failed", json_string(why));
	}
}

void
aa_auth_check_disable(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	enum aa_factor f;
	const char *how = NULL;
	int r, ok = 0, gone, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if (!pick(a, &f)) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "no factor the audit "
		    "enrolled can be removed and put back (the profile needs a "
		    "`factor_disable` or `<factor>_disable` step)");
		goto out;
	}
	aa_auth_ck_set(&c, "factor", json_string(aa_factor_name(f)));
	/* A session completed with another factor: removing the one that
	 * verified it could end it on some services. */
	if ((r = aa_auth_pending(&c, 0, &s)) == AA_OK) {
		r = aa_auth_second(&c, s, a->base[0].usable & ~(1u << f), NULL,
		    &granted);
		if (r == AA_OK && !granted)
			r = AA_ERR_STEP;
	}
	/* No other factor (none, locked, refused): any full session. */
	if (r != AA_OK && r != AA_ERR_NET && r != AA_ERR_TIMEOUT &&
	    r != AA_ERR_DEADLINE && r != AA_ERR_INTERRUPTED &&
	    r != AA_ERR_BUDGET) {
		aa_session_free(&s);
		c.why[0] = '\0';
		r = aa_auth_full(&c, 0, &s);
	}
	if (r != AA_OK)
		goto out;
	if ((r = aa_audit_disable(a, s, f, NULL, 0, &ok, c.trail, c.why,
	    sizeof(c.why))) != AA_OK)
		goto out;
	if (ok)
		how = "no password and no code";
	else {
		if ((r = aa_auth_wrong_guard(&c, 0, NULL)) != AA_OK ||
		    (r = aa_audit_disable(a, s, f, NULL, -1, &ok, c.trail,
		    c.why, sizeof(c.why))) != AA_OK)
			goto out;
		if (ok)
			how = "a wrong password and code";
	}
	if (how != NULL) {
		gone = listed(&c, s, f);
		aa_auth_ck_set(&c, "still_listed", gone < 0 ? json_null() :
		    json_boolean(gone));
		if (gone != 1) {
			restore(&c, s, f);
			aa_auth_ck_report(&c, AA_FAIL, "the service removed %s "
			    "with %s", aa_factor_name(f), how);
			goto out;
		}
	}
	/* Positive control: the same removal with the right password. */
	if ((r = aa_audit_disable(a, s, f, NULL, 1, &ok, c.trail, c.why,
	    sizeof(c.why))) != AA_OK)
		goto out;
	if (!ok) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "removal of %s was refused "
		    "without re-authentication, but also with the right "
		    "password: %s", aa_factor_name(f), c.why);
		goto out;
	}
	restore(&c, s, f);
	aa_auth_ck_report(&c, AA_PASS, "removing %s was refused without the "
	    "password and with a wrong one, and worked with the right one",
	    aa_factor_name(f));
out:
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
