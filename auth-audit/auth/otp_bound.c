/*
 * AUTH-OTP-NOT-BOUND: a code is only valid for the account (and pending
 * login) it was issued to. Account B logs in and gets a valid code of a
 * factor both accounts have; the code goes into account A's pending
 * login. Positive control: B then uses the same code itself, which shows
 * the code was valid when A's login refused it.
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* B's own use of the code: 1 accepted and `protected` opened, 0 not,
 * -1 could not run. */
static int
control(struct aa_auth_ck *c, struct aa_session *sb, const char *step,
    const json_t *vars, enum aa_factor f, const aa_secret_t *code)
{
	int ok = 0, granted = 0;

	if (aa_auth_step(c, sb, step, vars, NULL, NULL, &ok) != AA_OK)
		return -1;
	if (!ok)
		return 0;
	aa_audit_code_spent(c->a, 1, f, code);
	if (aa_auth_protected(c, sb, NULL, &granted) != AA_OK)
		return -1;
	if (granted)
		aa_auth_fails_reset(c->a, 1);
	return granted;
}

void
aa_auth_check_otp_bound(struct aa_audit *a, const struct aa_check_def *d)
{
	static const unsigned codes = (1u << AA_FACTOR_TOTP) |
	    (1u << AA_FACTOR_SMS) | (1u << AA_FACTOR_EMAIL) |
	    (1u << AA_FACTOR_RECOVERY_CODES);
	struct aa_auth_ck c;
	struct aa_session *sa = NULL, *sb = NULL;
	enum aa_factor f = AA_FACTOR_COUNT;
	aa_secret_t *code = NULL;
	const char *step;
	json_t *vars = NULL;
	unsigned both;
	int r, ok = 0, granted = 0, ctl;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	both = a->base[0].usable & a->base[1].usable & codes;
	if (both == 0) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "the two accounts share no "
		    "code factor the auditor can pass");
		goto out;
	}
	/* The main factor's codes first: recovery codes are the fallback. */
	if ((both & ~(1u << AA_FACTOR_RECOVERY_CODES)) != 0)
		both &= ~(1u << AA_FACTOR_RECOVERY_CODES);
	if ((r = aa_auth_pending(&c, 1, &sb)) != AA_OK)
		goto out;
	if ((r = aa_audit_code(a, 1, both, sb, &f, &code)) != AA_OK) {
		aa_auth_ck_why(&c, r == AA_ERR_NOTFOUND ? AA_ERR_STEP : r,
		    "no code of account B: %s", aa_strerr(r));
		r = r == AA_ERR_NOTFOUND ? AA_ERR_STEP : r;
		goto out;
	}
	if ((step = aa_auth_verify_step(a, f)) == NULL) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "no verify step for %s",
		    aa_factor_name(f));
		goto out;
	}
	if ((vars = aa_auth_code_vars(a, aa_secret_str(code))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	aa_auth_ck_set(&c, "factor", json_string(aa_factor_name(f)));
	if ((r = aa_auth_wrong_guard(&c, 0)) != AA_OK ||
	    (r = aa_auth_pending(&c, 0, &sa)) != AA_OK ||
	    (r = aa_auth_step(&c, sa, step, vars, NULL, NULL, &ok)) != AA_OK ||
	    (r = aa_auth_protected(&c, sa, NULL, &granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "a_verify_accepted", json_boolean(ok));
	aa_auth_ck_set(&c, "a_granted", json_boolean(granted));
	if (granted) {
		aa_audit_code_spent(a, 1, f, code);
		aa_auth_ck_report(&c, AA_FAIL, "a valid %s code of account B "
		    "completed account A's login (`%s`, then `protected` HTTP "
		    "%ld)", aa_factor_name(f), step, c.status);
		goto out;
	}
	ctl = control(&c, sb, step, vars, f, code);
	aa_auth_ck_set(&c, "b_control", ctl < 0 ? json_null() :
	    json_boolean(ctl));
	if (ctl == 1)
		aa_auth_ck_report(&c, AA_PASS, "B's %s code was refused in A's "
		    "login and then opened `protected` for B", aa_factor_name(f));
	else
		aa_auth_ck_report(&c, AA_NOT_TESTED, "B's %s code was refused "
		    "in A's login but did not complete B's own login afterwards "
		    "either; cannot tell whether codes are bound",
		    aa_factor_name(f));
out:
	json_decref(vars);
	aa_secret_free(&code);
	aa_session_free(&sa);
	aa_session_free(&sb);
	aa_auth_ck_done(&c, r);
}
