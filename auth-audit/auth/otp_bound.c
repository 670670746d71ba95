/*
 * AUTH-OTP-NOT-BOUND: a code is only valid for the account (and pending
 * login) it was issued to. Account B logs in with its password and gets a
 * valid second-factor code; that code is then sent in account A's pending
 * login. Afterwards B uses the same code itself, which proves the code was
 * valid (positive control) when A was refused.
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* B's own use of the code; 1 accepted, 0 refused. */
static int
control(struct aa_auth_ck *c, struct aa_session *sb,
    const char *step, const json_t *vars)
{
	int ok = 0;

	if (aa_auth_step(c, sb, step, vars, NULL, NULL, &ok) != AA_OK)
		return -1;
	if (ok) {
		aa_auth_state(c->a)->acct[1].fails = 0;
		aa_auth_codes_topup(c->a, sb);
	}
	return ok;
}

static void
judge(struct aa_auth_ck *c, struct aa_session *sb,
    const struct aa_factor_provider *fp, const json_t *vars, int granted)
{
	int ctl;

	if (granted) {
		aa_auth_ck_report(c, AA_FAIL, "a valid %s code of account B "
		    "completed account A's login (`%s`, then `protected` HTTP "
		    "%ld)", fp->factor, fp->verify_step, c->status);
		return;
	}
	ctl = control(c, sb, fp->verify_step, vars);
	aa_auth_ck_set(c, "b_control", ctl < 0 ? json_null() :
	    json_boolean(ctl));
	if (ctl == 1)
		aa_auth_ck_report(c, AA_PASS, "B's %s code was refused in A's "
		    "login and then accepted for B", fp->factor);
	else
		aa_auth_ck_report(c, AA_NOT_TESTED, "B's %s code was refused "
		    "in A's login but also for B afterwards; cannot tell "
		    "whether codes are bound", fp->factor);
}

void
aa_auth_check_otp_bound(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *sa = NULL, *sb = NULL;
	const struct aa_factor_provider *fp = NULL;
	aa_secret_t *code = NULL;
	json_t *vars = NULL;
	int r, ok = 0, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-OTP-NOT-BOUND")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", NULL))
		goto out;
	if (a->profile->naccounts < 2) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "needs two accounts in "
		    "the profile");
		goto out;
	}
	if (!aa_auth_isolated(&c, &r))
		goto out;
	/* A full login of A first: A must have a factor enrolled, so its
	 * login is pending on a factor B's code could complete. */
	if ((r = aa_auth_session(&c, 0, &sa)) != AA_OK ||
	    (r = aa_auth_full(&c, sa, 1, NULL)) != AA_OK)
		goto out;
	aa_session_free(&sa);
	if ((r = aa_auth_session(&c, 1, &sb)) != AA_OK ||
	    (r = aa_auth_password(&c, sb, 0)) != AA_OK)
		goto out;
	r = aa_audit_second_factor(a, 1, sb, &fp, &code);
	if (r != AA_OK) {
		aa_auth_ck_why(&c, r, "no second-factor code for account B: %s",
		    r == AA_ERR_STEP ? "no provider can produce one" :
		    aa_strerr(r));
		c.missing = NULL;
		goto out;
	}
	aa_redact_add_secret(a->redact, code);
	if ((vars = aa_auth_code_vars(a, aa_secret_str(code))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	aa_auth_ck_set(&c, "factor", json_string(fp->factor));
	if ((r = aa_auth_wrong_guard(&c, 0)) != AA_OK ||
	    (r = aa_auth_session(&c, 0, &sa)) != AA_OK ||
	    (r = aa_auth_password(&c, sa, 0)) != AA_OK ||
	    (r = aa_auth_step(&c, sa, fp->verify_step, vars, NULL, NULL,
	    &ok)) != AA_OK ||
	    (r = aa_auth_protected(&c, sa, NULL, &granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "a_verify_accepted", json_boolean(ok));
	aa_auth_ck_set(&c, "a_granted", json_boolean(granted));
	judge(&c, sb, fp, vars, granted);
out:
	json_decref(vars);
	aa_secret_free(&code);
	aa_session_free(&sa);
	aa_session_free(&sb);
	aa_auth_ck_done(&c, r);
}
