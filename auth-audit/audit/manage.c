/*
 * Factor management through the profile: which step lists or removes a
 * factor (per factor, "totp_disable", or the generic "factor_disable"
 * with ${factor}), and a removal with or without re-authentication.
 * Services differ here more than anywhere (docs/PROFILE.md, "Managing
 * factors").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/audit/audit_int.h"

static const char *const secret_vars[] = { "code", "password", NULL };

const char *
aa_audit_disable_step(const struct aa_audit *a, enum aa_factor f, int *generic)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_disable", aa_factor_name(f));
	*generic = 0;
	if (aa_profile_step(a->profile, name) != NULL) {
		/* the key of the profile's own object lives as long as it */
		const char *key;
		json_t *v;

		json_object_foreach(a->profile->steps, key, v)
			if (strcmp(key, name) == 0)
				return key;
	}
	*generic = 1;
	return aa_profile_step(a->profile, "factor_disable") != NULL ?
	    "factor_disable" : NULL;
}

const char *
aa_audit_factor_api(const struct aa_audit *a)
{
	const char *v = json_string_value(json_object_get(a->profile->root,
	    "factor_api"));

	return v != NULL ? v : "user";
}

int
aa_audit_step_uses(const struct aa_audit *a, const char *step,
    const char *var)
{
	const json_t *st = aa_profile_step(a->profile, step);
	char pat[80], *text;
	int found;

	if (st == NULL)
		return 0;
	snprintf(pat, sizeof(pat), "${%s}", var);
	text = json_dumps(st, JSON_COMPACT);
	found = text != NULL && strstr(text, pat) != NULL;
	free(text);
	return found;
}

/*
 * A removal that names one credential and was given none: the newest of
 * the account's own list (`webauthn_list` in s), the audit's own as a
 * rule. Without one the step's template reports the missing variable.
 */
static void
own_credential(struct aa_audit *a, struct aa_session *s, json_t *vars)
{
	struct aa_step_result res;
	const json_t *ids, *id;

	memset(&res, 0, sizeof(res));
	if (aa_profile_step(a->profile, "webauthn_list") == NULL)
		return;
	if (aa_flow_step(s, "webauthn_list", NULL, &res) == AA_OK &&
	    res.accepted && (ids = json_object_get(res.extracted,
	    "credential_ids")) != NULL) {
		id = json_is_array(ids) ? json_array_get(ids,
		    json_array_size(ids) - 1) : ids;
		if (json_is_string(id))
			json_object_set(vars, "credential_id", (json_t *)id);
	}
	aa_step_result_release(&res);
}

int
aa_audit_disable(struct aa_audit *a, struct aa_session *s, enum aa_factor f,
    const json_t *extra, int reauth, int *accepted, json_t *trail,
    char *why, size_t whylen)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	size_t acct = aa_session_account(s);
	aa_secret_t *code = NULL;
	const char *step;
	json_t *vars;
	unsigned mask;
	int generic, r = AA_OK;

	*accepted = 0;
	memset(&res, 0, sizeof(res));
	if ((step = aa_audit_disable_step(a, f, &generic)) == NULL) {
		snprintf(why, whylen, "the profile has no `%s_disable` or "
		    "`factor_disable` step", aa_factor_name(f));
		return AA_ERR_STEP;
	}
	if ((vars = json_object()) == NULL)
		return AA_ERR_NOMEM;
	if (extra != NULL)
		json_object_update(vars, (json_t *)extra);
	if (generic)
		json_object_set_new(vars, "factor",
		    json_string(aa_factor_name(f)));
	if (reauth == 0) {
		json_object_set_new(vars, "password", aa_flow_drop());
		json_object_set_new(vars, "code", aa_flow_drop());
	} else if (reauth < 0) {
		json_object_set_new(vars, "password",
		    json_string("aa-wrong-password-7Qx"));
		json_object_set_new(vars, "code", json_string("000000"));
	} else if (aa_audit_step_uses(a, step, "code")) {
		/* The current factor's own code when it has codes. */
		mask = a->base[acct].usable & (1u << f) ? 1u << f : 0;
		if ((r = aa_audit_code(a, acct, mask, s, NULL, &code)) != AA_OK &&
		    mask != 0)
			r = aa_audit_code(a, acct, 0, s, NULL, &code);
		if (r != AA_OK) {
			snprintf(why, whylen, "no code to re-authenticate the "
			    "removal of %s: %s", aa_factor_name(f), aa_strerr(r));
			json_decref(vars);
			return r;
		}
		json_object_set_new(vars, "code",
		    json_string(aa_secret_str(code)));
	}
	if (aa_audit_step_uses(a, step, "credential_id") &&
	    json_object_get(vars, "credential_id") == NULL)
		own_credential(a, s, vars);
	memset(&o, 0, sizeof(o));
	o.vars = vars;
	o.secret_vars = secret_vars;
	r = aa_flow_step(s, step, &o, &res);
	if (r == AA_OK) {
		*accepted = res.accepted;
		if (trail != NULL && res.evidence != NULL)
			json_array_append(trail, res.evidence);
		if (!res.accepted)
			snprintf(why, whylen, "`%s` refused to remove %s (HTTP "
			    "%ld)", step, aa_factor_name(f), res.resp.status);
	} else
		snprintf(why, whylen, "`%s`: %s", step, aa_strerr(r));
	aa_step_result_release(&res);
	aa_secret_free(&code);
	json_decref(vars);
	return r;
}

int
aa_audit_disable_ids(struct aa_audit *a, struct aa_session *owner,
    enum aa_factor f, const json_t *vars, const struct aa_session *prober,
    json_t *into)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	const json_t *b, *v;
	const char *step, *key;
	size_t i;
	int generic, r = AA_OK;

	memset(&res, 0, sizeof(res));
	if ((step = aa_audit_disable_step(a, f, &generic)) == NULL)
		return AA_ERR_STEP;
	memset(&o, 0, sizeof(o));
	o.vars = vars;
	o.secret_vars = secret_vars;
	json_array_foreach(json_object_get(aa_profile_step(a->profile, step),
	    "before"), i, b) {
		if (!json_is_string(b))
			continue;
		if ((r = aa_flow_step(owner, json_string_value(b), &o, &res)) !=
		    AA_OK)
			break;
		json_object_foreach(res.extracted, key, v)
			if (aa_session_var(prober, key) == NULL &&
			    json_object_get(into, key) == NULL)
				json_object_set(into, key, (json_t *)v);
		aa_step_result_release(&res);
	}
	aa_step_result_release(&res);
	return r;
}
