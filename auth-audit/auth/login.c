/*
 * Login helpers of the AUTH-* checks: a step with its redacted evidence,
 * pending and full sessions from the audit core (whose baseline proved
 * them), the second factor with its ground truth (`protected` opens), and
 * the spacing of wrong codes so a hardened target's lockout never ends
 * the audit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

static const char *const secret_names[] = {"code", "password", NULL};

int
aa_auth_step(struct aa_auth_ck *c, struct aa_session *s, const char *step,
    const json_t *vars, const char *const *headers,
    struct aa_step_result *out, int *accepted)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	int r;

	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	o.vars = vars;
	o.headers = headers;
	o.secret_vars = secret_names;
	o.no_backoff = c->no_backoff;
	*accepted = 0;
	r = aa_flow_step(s, step, &o, &res);
	if (r == AA_ERR_STEP) {
		aa_auth_ck_why(c, r, "the profile has no `%s` step", step);
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
	if (res.evidence != NULL && c->trail != NULL &&
	    json_array_size(c->trail) < 40)
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
aa_auth_pending(struct aa_auth_ck *c, size_t acct, struct aa_session **s)
{
	return aa_audit_login_pending(c->a, acct, s, c->why, sizeof(c->why));
}

int
aa_auth_full(struct aa_auth_ck *c, size_t acct, struct aa_session **s)
{
	int r = aa_audit_login_full(c->a, acct, s, c->why, sizeof(c->why));

	if (r == AA_OK)
		aa_auth_fails_reset(c->a, acct);
	return r;
}

int
aa_auth_second(struct aa_auth_ck *c, struct aa_session *s, unsigned mask,
    enum aa_factor *used, int *granted)
{
	int r = aa_audit_pass_second(c->a, s, mask, used, NULL, granted,
	    c->trail, c->why, sizeof(c->why));

	if (r == AA_OK && *granted)
		aa_auth_fails_reset(c->a, aa_session_account(s));
	return r;
}

int
aa_auth_protected(struct aa_auth_ck *c, struct aa_session *s,
    const char *const *headers, int *granted)
{
	return aa_auth_step(c, s, "protected", NULL, headers, NULL, granted);
}

json_t *
aa_auth_code_vars(struct aa_audit *a, const char *code)
{
	aa_redact_add(a->redact, code, strlen(code));
	return json_pack("{s:s}", "code", code);
}

void
aa_auth_fails_reset(struct aa_audit *a, size_t acct)
{
	struct aa_auth_state *st = aa_auth_state(a);

	if (st != NULL && acct < AA_MAX_ACCOUNTS)
		st->acct[acct].fails = 0;
}

unsigned
aa_auth_step_mask(const struct aa_audit *a, size_t acct, const char *step)
{
	for (int f = 0; step != NULL && f < AA_FACTOR_COUNT; f++) {
		const char *v = aa_auth_verify_step(a, (enum aa_factor)f);

		if (v != NULL && strcmp(v, step) == 0)
			return a->base[acct].usable & ~a->base[acct].locked &
			    (1u << f);
	}
	return 0;
}

int
aa_auth_wrong_guard(struct aa_auth_ck *c, size_t acct, const char *step)
{
	struct aa_auth_state *st = aa_auth_state(c->a);
	struct aa_audit *a = c->a;
	struct aa_session *s = NULL;
	unsigned mask = 0;
	char why[256];
	int granted = 0;

	if (st == NULL || acct >= AA_MAX_ACCOUNTS)
		return AA_ERR_NOMEM;
	if (st->acct[acct].fails >= AA_AUTH_SPACING) {
		mask = aa_auth_step_mask(a, acct, step);
		/* A valid login resets the target's failure counter; its own
		 * failure is not the check's, so keep the check's reason. */
		if (mask != 0 && aa_audit_login_pending(a, acct, &s, why,
		    sizeof(why)) == AA_OK && aa_audit_pass_second(a, s, mask,
		    NULL, NULL, &granted, NULL, why, sizeof(why)) == AA_OK &&
		    granted)
			st->acct[acct].fails = 0;
		aa_session_free(&s);
		if (st->acct[acct].fails != 0 && aa_audit_login_full(a, acct,
		    &s, why, sizeof(why)) == AA_OK)
			st->acct[acct].fails = 0;
		aa_session_free(&s);
	}
	st->acct[acct].fails++;
	return AA_OK;
}

const char *
aa_auth_verify_step(const struct aa_audit *a, enum aa_factor f)
{
	const struct aa_factor_impl *fi = aa_audit_factor(a, f);

	if (fi == NULL || fi->verify_step == NULL ||
	    aa_profile_step(a->profile, fi->verify_step) == NULL)
		return NULL;
	return fi->verify_step;
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

const char *
aa_auth_main_step(const struct aa_audit *a, size_t acct)
{
	static const enum aa_factor order[] = { AA_FACTOR_TOTP, AA_FACTOR_SMS,
		AA_FACTOR_EMAIL, AA_FACTOR_RECOVERY_CODES };
	const char *step;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if ((a->base[acct].usable & (1u << order[i])) &&
		    (step = aa_auth_verify_step(a, order[i])) != NULL)
			return step;
	return NULL;
}
