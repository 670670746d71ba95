/*
 * AUTH-OTP-EMPTY: after a fresh password step, send the second-factor
 * verify step with a code that is empty, null, missing, of the wrong type
 * or an array/object, each in its own login, then ask for the protected
 * resource. A verifier that compares loosely ("" == no code issued yet,
 * [] or {} coerced to true) completes the login.
 */
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

#define NVARIANTS 8

static const char *const variant_names[NVARIANTS] = {
	"\"\"", "null", "missing", "0", "false", "[]", "[\"\"]", "{}",
};

static json_t *
variant_value(size_t i)
{
	switch (i) {
	case 0: return json_string("");
	case 1: return json_null();
	case 2: return aa_flow_drop();
	case 3: return json_integer(0);
	case 4: return json_false();
	case 5: return json_array();
	case 6: return json_pack("[s]", "");
	default: return json_object();
	}
}

/* The verify step to probe: the one a valid login used, else the first
 * the profile has. A full login first doubles as positive control. */
static const char *
pick_step(struct aa_auth_ck *c, int *control)
{
	const struct aa_factor_provider *fp = NULL;
	struct aa_session *s = NULL;
	const char *step = NULL;
	int granted = 0;

	*control = -1;
	if (aa_auth_session(c, 0, &s) == AA_OK &&
	    aa_auth_full(c, s, 1, &fp) == AA_OK) {
		step = fp->verify_step;
		if (aa_auth_protected(c, s, NULL, &granted) == AA_OK)
			*control = granted;
	}
	aa_session_free(&s);
	c->why[0] = '\0';
	return step != NULL ? step : aa_auth_verify_step(c->a);
}

/* One login with code variant i. *granted: the protected step worked. */
static int
try_variant(struct aa_auth_ck *c, const char *step, size_t i,
    json_t *rows, int *granted)
{
	struct aa_session *s = NULL;
	json_t *vars = json_object(), *val = variant_value(i);
	int r, ok = 0;
	long vstatus;

	*granted = 0;
	if (vars == NULL || val == NULL || json_object_set(vars, "code", val)) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_auth_wrong_guard(c, 0)) != AA_OK ||
	    (r = aa_auth_session(c, 0, &s)) != AA_OK ||
	    (r = aa_auth_password(c, s, 1)) != AA_OK ||
	    (r = aa_auth_step(c, s, step, vars, NULL, NULL, &ok)) != AA_OK)
		goto out;
	vstatus = c->status;
	if ((r = aa_auth_protected(c, s, NULL, granted)) != AA_OK)
		goto out;
	json_array_append_new(rows, json_pack("{s:s,s:I,s:b,s:I,s:b}",
	    "code", variant_names[i], "verify_status", (json_int_t)vstatus,
	    "verify_accepted", ok, "protected_status", (json_int_t)c->status,
	    "granted", *granted));
out:
	json_decref(val);
	json_decref(vars);
	aa_session_free(&s);
	return r;
}

void
aa_auth_check_otp_empty(struct aa_audit *a)
{
	struct aa_auth_ck c;
	const char *step;
	json_t *rows = json_array(), *hits = json_array();
	char list[128] = "";
	size_t i;
	int r, control, granted;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-OTP-EMPTY")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", NULL))
		goto out;
	if (aa_auth_verify_step(a) == NULL) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "profile has no "
		    "`totp_verify`, `sms_verify` or `recovery_verify` step");
		goto out;
	}
	if (!aa_auth_isolated(&c, &r))
		goto out;
	step = pick_step(&c, &control);
	aa_auth_ck_set(&c, "verify_step", json_string(step));
	aa_auth_ck_set(&c, "full_login_control",
	    control < 0 ? json_null() : json_boolean(control));
	for (i = 0; i < NVARIANTS; i++) {
		if ((r = try_variant(&c, step, i, rows, &granted)) != AA_OK)
			goto out;
		if (!granted)
			continue;
		json_array_append_new(hits, json_string(variant_names[i]));
		if (strlen(list) + strlen(variant_names[i]) + 3 < sizeof(list))
			strcat(strcat(list, list[0] ? ", " : ""),
			    variant_names[i]);
	}
	aa_auth_ck_set(&c, "variants", json_incref(rows));
	aa_auth_ck_set(&c, "accepted_variants", json_incref(hits));
	if (json_array_size(hits) > 0)
		aa_auth_ck_report(&c, AA_FAIL, "`%s` completed the login with "
		    "code %s", step, list);
	else if (control == 0)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the `protected` step was "
		    "refused even after a valid second factor; its `ok` rule "
		    "cannot tell access");
	else
		aa_auth_ck_report(&c, AA_PASS, "`%s` refused all %d empty, "
		    "null, missing and wrong-type codes", step, NVARIANTS);
out:
	json_decref(rows);
	json_decref(hits);
	aa_auth_ck_done(&c, r);
}
