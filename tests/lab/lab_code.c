/*
 * Second-factor code checks shared by every verify endpoint (recovery,
 * TOTP, SMS), so AUTH-OTP-EMPTY and AUTH-OTP-NOT-BOUND behave the same on
 * all of them, and so do the lockout counters.
 */
#include <string.h>

#include "tests/lab/lab.h"

#define CODE_MAX_LEN 64

enum lab_code_res
lab_code_check(struct lab *lab, struct lab_req *rq, struct lab_user *u,
    const struct lab_code_spec *spec)
{
	const json_t *v = json_object_get(rq->in, lab_field(lab, "code"));
	struct lab_lock *lk;
	const char *code;
	int valid;

	lk = spec->lock != NULL ? spec->lock : &u->lock[spec->factor];
	if (lk->locked && !spec->ignore_lock)
		return LAB_CODE_LOCKED;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > CODE_MAX_LEN ||
	    strlen(json_string_value(v)) != json_string_length(v))
		/* a weak service treats "no code" as "nothing to check" */
		return lab_weak(lab, "AUTH-OTP-EMPTY") ? LAB_CODE_OK :
		    LAB_CODE_MALFORMED;
	code = json_string_value(v);
	valid = spec->verify(lab, u, code, spec->ctx);
	if (!valid && lab_weak(lab, "AUTH-OTP-NOT-BOUND")) {
		/* codes are looked up globally, not for the user logging in */
		for (size_t i = 0; !valid && i < lab->nusers; i++)
			if (lab->users[i] != u &&
			    (spec->skip_enabled ||
			    lab_user_has_factor(lab->users[i], spec->factor)))
				valid = spec->verify(lab, lab->users[i], code,
				    spec->ctx);
	}
	if (valid) {
		lk->fails = 0;
		return LAB_CODE_OK;
	}
	lk->fails++;
	if (spec->max_fails > 0 && lk->fails >= spec->max_fails)
		lk->locked = 1;
	return LAB_CODE_BAD;
}

int
lab_second_factor(struct lab *lab, struct lab_req *rq, struct lab_resp *rs,
    const struct lab_code_spec *spec)
{
	struct lab_user *u = rq->user;
	json_t *extra;

	if (rq->sess == NULL || u == NULL)
		return lab_reply_error(lab, rs, LAB_E_AUTH);
	if (!spec->skip_enabled && !lab_user_has_factor(u, spec->factor))
		return lab_reply_error(lab, rs, LAB_E_FORBIDDEN);
	switch (lab_code_check(lab, rq, u, spec)) {
	case LAB_CODE_OK:
		break;
	case LAB_CODE_BAD:
		return lab_reply_error(lab, rs, LAB_E_CODE);
	case LAB_CODE_LOCKED:
		return lab_reply_error(lab, rs, LAB_E_LOCKED);
	case LAB_CODE_MALFORMED:
	default:
		return lab_reply_error(lab, rs, LAB_E_BAD_REQUEST);
	}
	if (rq->sess->state != LAB_SESS_FULL &&
	    lab_session_complete_2fa(lab, rq, rs) == NULL)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	extra = json_pack("{s:s}", "factor", lab_factor_name(spec->factor));
	return lab_reply_ok(lab, rs, extra);
}
