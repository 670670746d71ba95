/*
 * AUTH-2FA-SKIP: is the protected resource reachable with only the
 * password step done? A request with no login at all must be refused
 * first (else the profile's `ok` rule for `protected` cannot tell access),
 * and after the probe the same session completes the second factor, which
 * must then be granted (positive control).
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* Complete the login in s and confirm the protected step then succeeds.
 * Returns 1 confirmed, 0 refused, -1 control could not run. */
static int
control(struct aa_auth_ck *c, struct aa_session *s)
{
	int granted = 0;

	if (aa_auth_second(c, s, 0, NULL) != AA_OK)
		return -1;
	if (aa_auth_protected(c, s, NULL, &granted) != AA_OK)
		return -1;
	return granted;
}

static void
judge(struct aa_auth_ck *c, struct aa_session *s, long status)
{
	int ctl = control(c, s);

	aa_auth_ck_set(c, "full_login_control", ctl < 0 ? json_null() :
	    json_boolean(ctl));
	if (ctl == 0) {
		aa_auth_ck_report(c, AA_NOT_TESTED, "the `protected` step was "
		    "refused even after the second factor (HTTP %ld); its `ok` "
		    "rule cannot tell access", c->status);
		return;
	}
	aa_auth_ck_report(c, AA_PASS, "protected resource refused (HTTP %ld) "
	    "after the password step only%s%s", status,
	    ctl < 0 ? "; full-login control not run: " : "",
	    ctl < 0 ? c->why : "");
}

void
aa_auth_check_skip(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	int r, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-2FA-SKIP")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", NULL))
		goto out;
	if ((r = aa_auth_session(&c, 0, &s)) != AA_OK ||
	    (r = aa_auth_protected(&c, s, NULL, &granted)) != AA_OK)
		goto out;
	if (granted) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the `protected` step "
		    "counts a request with no login as granted (HTTP %ld); "
		    "its `ok` rule cannot tell access", c.status);
		goto out;
	}
	if ((r = aa_auth_password(&c, s, 0)) != AA_OK ||
	    (r = aa_auth_protected(&c, s, NULL, &granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "password_only_status", json_integer(c.status));
	if (granted)
		aa_auth_ck_report(&c, AA_FAIL, "protected resource answered "
		    "HTTP %ld after the password step only", c.status);
	else
		judge(&c, s, c.status);
out:
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
