/*
 * Shared login helpers of the AUTH-* checks: run a profile step and keep
 * its redacted evidence, the password step of an account in a fresh
 * client, the second factor through whichever provider can produce a
 * valid code, and the protected resource.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

static const char *const secret_names[] = {"code", "password", NULL};

int
aa_auth_session(struct aa_auth_ck *c, size_t acct, struct aa_session **out)
{
	int r;

	*out = NULL;
	if (acct >= c->a->profile->naccounts)
		return aa_auth_ck_why(c, AA_ERR_ARG, "profile has no account %zu",
		    acct + 1);
	r = aa_session_new(c->a->http, c->a->profile, acct, out);
	if (r != AA_OK)
		return aa_auth_ck_why(c, r, "cannot create a client: %s",
		    aa_strerr(r));
	return AA_OK;
}

static int
run_step(struct aa_auth_ck *c, struct aa_session *s,
    const char *step, const json_t *vars, const char *const *headers,
    int quiet, struct aa_step_result *out, int *accepted)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	int r;

	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	o.vars = vars;
	o.headers = headers;
	o.secret_vars = secret_names;
	*accepted = 0;
	r = aa_flow_step(s, step, &o, &res);
	if (r == AA_ERR_STEP) {
		c->missing = step;
		c->why[0] = '\0';
		goto out;
	}
	if (r != AA_OK) {
		aa_auth_ck_why(c, r, "step `%s`: %s", step, aa_strerr(r));
		goto out;
	}
	*accepted = res.accepted;
	c->status = res.resp.status;
	if (c->set_cookies != NULL && res.resp.set_cookies != NULL)
		json_array_extend(c->set_cookies, res.resp.set_cookies);
	if (!quiet && res.evidence != NULL && c->trail != NULL)
		json_array_append(c->trail, res.evidence);
	if (out != NULL) {
		*out = res;
		memset(&res, 0, sizeof(res));
	}
out:
	aa_step_result_release(&res);
	return r;
}

int
aa_auth_step(struct aa_auth_ck *c, struct aa_session *s, const char *step,
    const json_t *vars, const char *const *headers,
    struct aa_step_result *out, int *accepted)
{
	return run_step(c, s, step, vars, headers, 0, out, accepted);
}

int
aa_auth_step_quiet(struct aa_auth_ck *c, struct aa_session *s,
    const char *step, const json_t *vars, struct aa_step_result *out,
    int *accepted)
{
	return run_step(c, s, step, vars, NULL, 1, out, accepted);
}

static const char *
acct_name(const struct aa_audit *a, size_t i)
{
	if (i < a->profile->naccounts && a->profile->accounts[i].username)
		return a->profile->accounts[i].username;
	return "?";
}

int
aa_auth_password(struct aa_auth_ck *c, struct aa_session *s, int quiet)
{
	struct aa_step_result res;
	int r, ok = 0;

	memset(&res, 0, sizeof(res));
	r = run_step(c, s, "login", NULL, NULL, quiet, &res, &ok);
	if (r != AA_OK)
		goto out;
	if (!ok)
		r = aa_auth_ck_why(c, AA_ERR_HTTP,
		    "the login step of account %s was rejected (HTTP %ld)",
		    acct_name(c->a, aa_session_account(s)), res.resp.status);
out:
	aa_step_result_release(&res);
	return r;
}

json_t *
aa_auth_code_vars(struct aa_audit *a, const char *code)
{
	aa_redact_add(a->redact, code, strlen(code));
	return json_pack("{s:s}", "code", code);
}

int
aa_auth_second(struct aa_auth_ck *c, struct aa_session *s, int quiet,
    const struct aa_factor_provider **fpp)
{
	const struct aa_factor_provider *fp = NULL;
	struct aa_step_result res;
	aa_secret_t *code = NULL;
	json_t *vars = NULL;
	size_t acct = aa_session_account(s);
	int r, ok = 0;

	memset(&res, 0, sizeof(res));
	r = aa_audit_second_factor(c->a, acct, s, &fp, &code);
	if (r == AA_ERR_STEP) {
		c->missing = NULL;
		aa_auth_ck_why(c, r, "no second factor the auditor can "
		    "complete (totp_verify with an enrolled seed, sms_verify "
		    "with sms.inbox, or recovery_verify with recovery_codes)");
		goto out;
	}
	if (r == AA_ERR_NOTFOUND) {
		/* The account is not as the auditor can use it (a factor from
		 * an earlier run, a lock): the check cannot run, nothing broke. */
		c->missing = NULL;
		r = aa_auth_ck_why(c, AA_ERR_STEP, "%s has a second factor the "
		    "auditor cannot complete (left by an earlier run, or "
		    "locked): give its unused recovery_codes or totp_secret "
		    "in the profile, or reset the test account",
		    acct_name(c->a, acct));
		goto out;
	}
	if (r != AA_OK) {
		aa_auth_ck_why(c, r, "no code for the second factor of %s: %s",
		    acct_name(c->a, acct), aa_strerr(r));
		goto out;
	}
	aa_redact_add_secret(c->a->redact, code);
	vars = aa_auth_code_vars(c->a, aa_secret_str(code));
	if (vars == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	r = run_step(c, s, fp->verify_step, vars, NULL, quiet, &res, &ok);
	if (r != AA_OK)
		goto out;
	if (!ok) {
		r = aa_auth_ck_why(c, AA_ERR_HTTP, "a valid %s code of %s was "
		    "rejected by `%s` (HTTP %ld)", fp->factor,
		    acct_name(c->a, acct), fp->verify_step, res.resp.status);
		goto out;
	}
	if (acct < AA_MAX_ACCOUNTS)
		aa_auth_state(c->a)->acct[acct].fails = 0;
	aa_auth_codes_topup(c->a, s);
	aa_auth_state(c->a)->used_step = fp->verify_step;
	if (fpp != NULL)
		*fpp = fp;
out:
	aa_step_result_release(&res);
	json_decref(vars);
	aa_secret_free(&code);
	return r;
}

int
aa_auth_full(struct aa_auth_ck *c, struct aa_session *s, int quiet,
    const struct aa_factor_provider **fp)
{
	int r = aa_auth_password(c, s, quiet);

	if (r != AA_OK)
		return r;
	return aa_auth_second(c, s, quiet, fp);
}

int
aa_auth_protected(struct aa_auth_ck *c, struct aa_session *s,
    const char *const *headers, int *granted)
{
	return run_step(c, s, "protected", NULL, headers, 0, NULL, granted);
}

int
aa_auth_isolated(struct aa_auth_ck *c, int *rc)
{
	struct aa_auth_state *st = aa_auth_state(c->a);
	struct aa_session *s = NULL;
	int granted = 0;

	*rc = AA_OK;
	if (st->skip_seen == 0) {
		if ((*rc = aa_auth_session(c, 0, &s)) == AA_OK &&
		    (*rc = aa_auth_password(c, s, 1)) == AA_OK &&
		    (*rc = aa_auth_step_quiet(c, s, "protected", NULL, NULL,
		    &granted)) == AA_OK)
			st->skip_seen = granted ? 2 : 1;
		aa_session_free(&s);
		if (*rc != AA_OK)
			return 0;
	}
	if (st->skip_seen == 2)
		aa_auth_ck_report(c, AA_NOT_TESTED, "the protected resource "
		    "already answers after the password step (AUTH-2FA-SKIP), "
		    "so this probe cannot be told apart");
	return st->skip_seen == 1;
}

const char *
aa_auth_verify_step(const struct aa_audit *a)
{
	static const char *const names[] = {"totp_verify", "sms_verify",
	    "recovery_verify"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (aa_profile_step(a->profile, names[i]) != NULL)
			return names[i];
	return NULL;
}

const char *
aa_auth_login_step(struct aa_auth_ck *c)
{
	struct aa_auth_state *st = aa_auth_state(c->a);
	struct aa_session *s = NULL;
	char why[sizeof(c->why)];

	if (st->used_step == NULL) {
		memcpy(why, c->why, sizeof(why));
		if (aa_auth_session(c, 0, &s) == AA_OK)
			(void)aa_auth_full(c, s, 1, NULL);
		aa_session_free(&s);
		memcpy(c->why, why, sizeof(why));
		c->missing = NULL;
	}
	return st->used_step != NULL ? st->used_step :
	    aa_auth_verify_step(c->a);
}

int
aa_auth_wrong_guard(struct aa_auth_ck *c, size_t acct)
{
	struct aa_auth_state *st = aa_auth_state(c->a);
	struct aa_session *s = NULL;
	char why[sizeof(c->why)];

	if (st == NULL || acct >= AA_MAX_ACCOUNTS)
		return AA_ERR_NOMEM;
	if (st->acct[acct].fails >= AA_AUTH_SPACING) {
		/* A valid login resets the target's failure counter; its own
		 * failure is not the check's, so keep the check's reason. */
		memcpy(why, c->why, sizeof(why));
		if (aa_auth_session(c, acct, &s) == AA_OK)
			(void)aa_auth_full(c, s, 1, NULL);
		aa_session_free(&s);
		memcpy(c->why, why, sizeof(why));
		c->missing = NULL;
	}
	st->acct[acct].fails++;
	return AA_OK;
}

int
aa_auth_step_uses(const struct aa_audit *a, const char *step,
    const char *name)
{
	const json_t *st = aa_profile_step(a->profile, step);
	char pat[96];
	char *text;
	int found;

	if (st == NULL)
		return 0;
	snprintf(pat, sizeof(pat), "${%s}", name);
	text = json_dumps(st, JSON_COMPACT);
	found = text != NULL && strstr(text, pat) != NULL;
	free(text);
	return found;
}

int
aa_auth_json_has(const json_t *v, const char *s)
{
	const char *key;
	json_t *item;
	size_t i;
	char num[32];

	switch (json_typeof(v)) {
	case JSON_STRING:
		return strcmp(json_string_value(v), s) == 0;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return strcmp(num, s) == 0;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
			if (aa_auth_json_has(item, s))
				return 1;
		return 0;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, item)
			if (aa_auth_json_has(item, s))
				return 1;
		return 0;
	default:
		return 0;
	}
}
