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

/* One factor f: B's code in A's login. *res: 1 it opened A's
 * `protected`, 0 refused and B's own use opened it (controlled), -1
 * refused with no working control. */
static int
probe(struct aa_auth_ck *c, enum aa_factor f, int *res)
{
	struct aa_audit *a = c->a;
	struct aa_session *sa = NULL, *sb = NULL;
	aa_secret_t *code = NULL;
	const char *step;
	json_t *vars = NULL;
	int r, ok = 0, granted = 0, ctl;

	*res = -1;
	if ((r = aa_auth_pending(c, 1, &sb)) != AA_OK)
		goto out;
	if ((r = aa_audit_code(a, 1, 1u << f, sb, &f, &code)) != AA_OK) {
		aa_auth_ck_why(c, r == AA_ERR_NOTFOUND ? AA_ERR_STEP : r,
		    "no %s code of account B: %s", aa_factor_name(f),
		    aa_strerr(r));
		r = r == AA_ERR_NOTFOUND ? AA_ERR_STEP : r;
		goto out;
	}
	if ((step = aa_auth_verify_step(a, f)) == NULL) {
		r = aa_auth_ck_why(c, AA_ERR_STEP, "no verify step for %s",
		    aa_factor_name(f));
		goto out;
	}
	if ((vars = aa_auth_code_vars(a, aa_secret_str(code))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_auth_wrong_guard(c, 0, step)) != AA_OK ||
	    (r = aa_auth_pending(c, 0, &sa)) != AA_OK ||
	    (r = aa_auth_step(c, sa, step, vars, NULL, NULL, &ok)) != AA_OK ||
	    (r = aa_auth_protected(c, sa, NULL, &granted)) != AA_OK)
		goto out;
	if (granted) {
		aa_audit_code_spent(a, 1, f, code);
		aa_auth_ck_why(c, AA_OK, "a valid %s code of account B "
		    "completed account A's login (`%s`, then `protected` HTTP "
		    "%ld)", aa_factor_name(f), step, c->status);
		*res = 1;
		goto out;
	}
	ctl = control(c, sb, step, vars, f, code);
	*res = ctl == 1 ? 0 : -1;
out:
	json_decref(vars);
	aa_secret_free(&code);
	aa_session_free(&sa);
	aa_session_free(&sb);
	return r;
}

void
aa_auth_check_otp_bound(struct aa_audit *a, const struct aa_check_def *d)
{
	static const enum aa_factor order[] = { AA_FACTOR_TOTP, AA_FACTOR_SMS,
	    AA_FACTOR_EMAIL, AA_FACTOR_RECOVERY_CODES };
	struct aa_auth_ck c;
	json_t *tried = NULL;
	char bound[128] = "", unknown[128] = "";
	unsigned both, shared = 0;
	int r = AA_OK, res;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		shared |= 1u << order[k];
	both = a->base[0].usable & a->base[1].usable & shared;
	if (both == 0) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "the two accounts share no "
		    "code factor the auditor can pass");
		goto out;
	}
	/* Every shared code factor: a service may bind TOTP (a secret per
	 * user) and still look recovery or SMS codes up by value alone. */
	tried = json_object();
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum aa_factor f = order[k];
		char *list;

		if ((both & (1u << f)) == 0)
			continue;
		r = probe(&c, f, &res);
		json_object_set_new(tried, aa_factor_name(f), r != AA_OK ?
		    json_string(aa_strerr(r)) : json_string(res == 1 ?
		    "completed A's login" : res == 0 ? "refused; B's own use "
		    "worked" : "refused; B's own use did not work either"));
		if (r == AA_OK && res == 1) {
			aa_auth_ck_set(&c, "factors", json_incref(tried));
			aa_auth_ck_report(&c, AA_FAIL, "%s", c.why);
			goto out;
		}
		if (r != AA_OK && r != AA_ERR_STEP && r != AA_ERR_HTTP)
			goto out;
		list = r == AA_OK && res == 0 ? bound : unknown;
		snprintf(list + strlen(list), sizeof(bound) - strlen(list),
		    "%s%s", list[0] ? ", " : "", aa_factor_name(f));
		r = AA_OK;
	}
	aa_auth_ck_set(&c, "factors", json_incref(tried));
	if (bound[0] != '\0' && unknown[0] == '\0')
		aa_auth_ck_report(&c, AA_PASS, "B's %s code(s) were refused in "
		    "A's login and then opened `protected` for B", bound);
	else if (bound[0] != '\0')
		aa_auth_ck_report(&c, AA_PASS, "B's %s code(s) were refused in "
		    "A's login and then opened `protected` for B (%s: no "
		    "working control)", bound, unknown);
	else
		aa_auth_ck_report(&c, AA_NOT_TESTED, "B's %s code(s) were "
		    "refused in A's login but did not complete B's own login "
		    "either; cannot tell whether codes are bound", unknown);
out:
	json_decref(tried);
	aa_auth_ck_done(&c, r);
}
