/*
 * AUTH-2FA-SKIP: on an account that has a second factor (the baseline put
 * one on and passed it), does the protected resource open after the
 * password step alone? Controls: a request with no login at all must be
 * refused (else the `protected` ok rule cannot tell access), and the same
 * session must open it once the second factor is passed.
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

static void
judge_refused(struct aa_auth_ck *c, struct aa_session *s, long status)
{
	enum aa_factor used = AA_FACTOR_COUNT;
	int granted = 0, r;

	r = aa_auth_second(c, s, 0, &used, &granted);
	aa_auth_ck_set(c, "full_login_control", r == AA_OK ?
	    json_boolean(granted) : json_null());
	if (r != AA_OK) {
		aa_auth_ck_report(c, AA_NOT_TESTED, "`protected` was refused "
		    "after the password step (HTTP %ld), but the control login "
		    "with the second factor could not run: %s", status, c->why);
		return;
	}
	if (!granted) {
		aa_auth_ck_report(c, AA_NOT_TESTED, "`protected` stayed closed "
		    "even after the second factor (HTTP %ld); its `ok` rule "
		    "cannot tell access", c->status);
		return;
	}
	aa_auth_ck_set(c, "factor", json_string(aa_factor_name(used)));
	aa_auth_ck_report(c, AA_PASS, "`protected` refused the password step "
	    "alone (HTTP %ld) and opened once %s completed the login", status,
	    aa_factor_name(used));
}

void
aa_auth_check_skip(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	long status = 0;
	int r, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	/* Anonymous control: nothing logged in must not count as access. */
	if ((r = aa_session_new(a->http, a->profile, 0, &s)) != AA_OK ||
	    (r = aa_auth_protected(&c, s, NULL, &granted)) != AA_OK)
		goto out;
	if (granted) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the `protected` step "
		    "counts a request with no login as granted (HTTP %ld); "
		    "its `ok` rule cannot tell access", c.status);
		goto out;
	}
	aa_session_free(&s);
	if ((r = aa_audit_login_password(a, 0, &s, &status, c.why,
	    sizeof(c.why))) != AA_OK) {
		if (r == AA_ERR_HTTP)
			r = AA_ERR_STEP;
		goto out;
	}
	if ((r = aa_auth_protected(&c, s, NULL, &granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "password_only_status", json_integer(c.status));
	aa_auth_ck_set(&c, "factors_on_account", aa_factor_json(
	    a->base[0].usable));
	if (granted)
		aa_auth_ck_report(&c, AA_FAIL, "protected resource answered "
		    "HTTP %ld after the password step only, on an account whose "
		    "second factor the baseline enrolled and passed", c.status);
	else
		judge_refused(&c, s, c.status);
out:
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
