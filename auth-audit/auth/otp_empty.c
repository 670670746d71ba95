/*
 * AUTH-OTP-EMPTY: in a pending login, send the second factor's verify step
 * a code that is empty, null, missing, of the wrong type or an
 * array/object, and ask for the protected resource after each. A verifier
 * that compares loosely ("" == no code issued yet, [] or {} coerced to
 * true) completes the login.
 *
 * The variants go AA_AUTH_SPACING at a time into one pending login, which
 * then completes with a valid factor: that positive control shows the
 * login could be completed in exactly those conditions (and resets a
 * hardened target's failure counter before the next group).
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

/* Variant i in pending session s; *granted: `protected` opened. */
static int
try_variant(struct aa_auth_ck *c, struct aa_session *s, const char *step,
    size_t i, json_t *rows, int *granted)
{
	json_t *vars = json_object(), *val = variant_value(i);
	long vstatus;
	int r, ok = 0;

	*granted = 0;
	if (vars == NULL || val == NULL || json_object_set(vars, "code", val)) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_auth_step(c, s, step, vars, NULL, NULL, &ok)) != AA_OK)
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
	return r;
}

void
aa_auth_check_otp_empty(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	const char *step;
	json_t *rows = json_array(), *hits = json_array();
	char list[128] = "";
	size_t i = 0, controls = 0;
	int r, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if ((step = aa_auth_main_step(a, 0)) == NULL) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "no verify step of a code "
		    "factor the baseline enrolled");
		goto out;
	}
	aa_auth_ck_set(&c, "verify_step", json_string(step));
	while (i < NVARIANTS) {
		if ((r = aa_auth_pending(&c, 0, &s)) != AA_OK)
			goto out;
		for (size_t k = 0; k < AA_AUTH_SPACING && i < NVARIANTS; k++,
		    i++) {
			if ((r = try_variant(&c, s, step, i, rows, &granted)) !=
			    AA_OK)
				goto out;
			if (!granted)
				continue;
			json_array_append_new(hits,
			    json_string(variant_names[i]));
			if (strlen(list) + strlen(variant_names[i]) + 3 <
			    sizeof(list))
				strcat(strcat(list, list[0] ? ", " : ""),
				    variant_names[i]);
			break;
		}
		if (json_array_size(hits) > 0)
			break;
		/* Positive control: this very login completes with a valid
		 * code of the same step, which also resets a failure counter
		 * kept per factor. */
		if ((r = aa_auth_second(&c, s, aa_auth_step_mask(a, 0, step),
		    NULL, &granted)) != AA_OK)
			goto out;
		if (!granted) {
			r = aa_auth_ck_why(&c, AA_ERR_STEP, "the control login "
			    "with a valid factor did not open `protected` after "
			    "the probes: %s", c.why);
			goto out;
		}
		controls++;
		aa_session_free(&s);
	}
	aa_auth_ck_set(&c, "variants", json_incref(rows));
	aa_auth_ck_set(&c, "accepted_variants", json_incref(hits));
	aa_auth_ck_set(&c, "controls_passed", json_integer((json_int_t)controls));
	if (json_array_size(hits) > 0)
		aa_auth_ck_report(&c, AA_FAIL, "`%s` completed the login with "
		    "code %s", step, list);
	else
		aa_auth_ck_report(&c, AA_PASS, "`%s` refused all %d empty, "
		    "null, missing and wrong-type codes; each login then "
		    "completed with a valid factor", step, NVARIANTS);
out:
	aa_session_free(&s);
	json_decref(rows);
	json_decref(hits);
	aa_auth_ck_done(&c, r);
}
