/*
 * Factor management helpers and AUTH-DISABLE-NO-REAUTH: removing a factor
 * must need the password or the current factor again, so a stolen session
 * cannot strip 2FA. The probe removes a factor the auditor can put back
 * (recovery codes, or any factor when the profile has a `factor_enable`
 * step, a profile extension), first with no password or code at all, then
 * with wrong ones, checks factor_list, and restores.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

const char *const aa_auth_factor_names[AA_AUTH_NFACTORS] = {
	"recovery_codes", "totp", "sms", "email", "call", "webauthn",
};

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

static unsigned
factor_bit(const char *name)
{
	unsigned i;

	for (i = 0; i < AA_AUTH_NFACTORS; i++)
		if (strcmp(aa_auth_factor_names[i], name) == 0)
			return 1u << i;
	return 0;
}

static unsigned
names_in(const struct aa_response *resp)
{
	unsigned mask = 0, i;

	for (i = 0; i < AA_AUTH_NFACTORS; i++)
		if (resp->json != NULL ?
		    aa_auth_json_has(resp->json, aa_auth_factor_names[i]) :
		    resp->body.ptr != NULL &&
		    strstr(resp->body.ptr, aa_auth_factor_names[i]) != NULL)
			mask |= 1u << i;
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
		*mask = names_in(&res.resp);
	if (r == AA_OK && out != NULL) {
		*out = res;
		memset(&res, 0, sizeof(res));
	}
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

const char *
aa_auth_factor_restorable(const struct aa_audit *a,
    unsigned mask)
{
	size_t i;

	if ((mask & 1u) &&
	    aa_profile_step(a->profile, "recovery_codes") != NULL)
		return aa_auth_factor_names[0];
	if (aa_profile_step(a->profile, "factor_enable") == NULL)
		return NULL;
	for (i = 0; i < AA_AUTH_NFACTORS; i++)
		if (mask & (1u << i))
			return aa_auth_factor_names[i];
	return NULL;
}

/* factor_enable and/or a new recovery-code batch in s. */
static int
put_back(struct aa_auth_ck *c, struct aa_session *s,
    const char *factor)
{
	json_t *vars = json_pack("{s:s}", "factor", factor);
	size_t got;
	int r = AA_ERR_STEP, ok = 0;

	if (aa_profile_step(c->a->profile, "factor_enable") != NULL &&
	    (r = aa_auth_step(c, s, "factor_enable", vars, NULL, NULL,
	    &ok)) == AA_OK && !ok)
		r = AA_ERR_HTTP;
	if (strcmp(factor, "recovery_codes") == 0)
		r = aa_auth_codes_refill_in(c->a, s, &got);
	json_decref(vars);
	return r;
}

int
aa_auth_factor_restore(struct aa_auth_ck *c, size_t acct,
    const char *factor)
{
	struct aa_session *s = NULL;
	int r;

	aa_auth_codes_forget(c->a, acct);
	if ((r = aa_auth_session(c, acct, &s)) != AA_OK ||
	    (r = aa_auth_password(c, s, 1)) != AA_OK)
		goto out;
	/* Without the factor the password alone may be a full login. */
	if ((r = put_back(c, s, factor)) != AA_OK &&
	    (r = aa_auth_second(c, s, 1, NULL)) == AA_OK)
		r = put_back(c, s, factor);
out:
	aa_session_free(&s);
	return r;
}

/* One removal attempt of `factor` with `vars`; *ok: accepted. */
static int
attempt(struct aa_auth_ck *c, struct aa_session *s,
    const char *factor, const char *password, const char *code, int *ok)
{
	json_t *vars = json_pack("{s:s}", "factor", factor);
	int r;

	if (vars == NULL)
		return AA_ERR_NOMEM;
	json_object_set_new(vars, "password", password != NULL ?
	    json_string(password) : aa_flow_drop());
	json_object_set_new(vars, "code", code != NULL ? json_string(code) :
	    aa_flow_drop());
	r = aa_auth_step(c, s, "factor_disable", vars, NULL, NULL, ok);
	json_decref(vars);
	return r;
}

static int
probe(struct aa_auth_ck *c, struct aa_session *s,
    const char *factor)
{
	unsigned mask = 0;
	int r, ok = 0, wrong = 0, listed = 0;

	if ((r = attempt(c, s, factor, NULL, NULL, &ok)) != AA_OK)
		return r;
	if (!ok) {
		wrong = 1;
		if ((r = aa_auth_wrong_guard(c, 0)) != AA_OK ||
		    (r = attempt(c, s, factor, "aa-wrong-password-7Qx",
		    "000000", &ok)) != AA_OK)
			return r;
	}
	if (!ok) {
		aa_auth_ck_report(c, AA_PASS, "`factor_disable` refused to "
		    "remove %s without the password and current factor "
		    "(HTTP %ld)", factor, c->status);
		return AA_OK;
	}
	if (aa_profile_step(c->a->profile, "factor_list") != NULL &&
	    aa_auth_factor_list(c, s, NULL, &mask, NULL, &listed) == AA_OK &&
	    listed)
		aa_auth_ck_set(c, "removed_confirmed",
		    json_boolean(!(mask & factor_bit(factor))));
	aa_auth_ck_set(c, "restored", json_boolean(
	    aa_auth_factor_restore(c, 0, factor) == AA_OK));
	aa_auth_ck_report(c, AA_FAIL, "`factor_disable` removed %s with %s",
	    factor, wrong ? "a wrong password and code" :
	    "no password and no code");
	return AA_OK;
}

void
aa_auth_check_disable(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	const char *factor;
	unsigned mask = ~0u;
	int r, ok = 0;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-DISABLE-NO-REAUTH")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "factor_disable", NULL))
		goto out;
	if ((r = aa_auth_session(&c, 0, &s)) != AA_OK ||
	    (r = aa_auth_full(&c, s, 0, NULL)) != AA_OK)
		goto out;
	if (aa_profile_step(a->profile, "factor_list") != NULL &&
	    ((r = aa_auth_factor_list(&c, s, NULL, &mask, NULL, &ok)) !=
	    AA_OK || !ok))
		mask = ~0u; /* unknown: assume the usual recovery codes */
	r = AA_OK;
	factor = aa_auth_factor_restorable(a, mask);
	aa_auth_ck_set(&c, "factor", factor ? json_string(factor) : NULL);
	if (factor == NULL)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "no factor of the account "
		    "the auditor could put back (needs recovery codes or a "
		    "`factor_enable` step)");
	else
		r = probe(&c, s, factor);
out:
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
