/*
 * TOTP-REPLAY: a code accepted once must be refused the second time
 * (RFC 6238 §5.2). TOTP-WINDOW: codes for other time steps, computed
 * locally (no waiting), measure how many steps back and forward the
 * server accepts; more than one is a finding. Wrong codes are kept to at
 * most two in a row so a hardened server's lockout does not end the audit.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"

/* One verify attempt in a fresh login of account i. */
static int
attempt(struct aa_audit *a, size_t i, struct aa_session **s, const char *code,
    json_t *trail, int *ok)
{
	int r;

	if (*s == NULL) {
		if ((r = aa_totp_live_session(a, i, s)) != AA_OK ||
		    (r = aa_totp_live_login(a, *s, trail)) != AA_OK)
			return r;
	}
	r = aa_totp_live_step(a, *s, "totp_verify", code, trail, ok, NULL, NULL);
	if (r == AA_OK && *ok)
		aa_session_free(s); /* the login is complete: next try logs in */
	return r;
}

void
aa_totp_live_replay(struct aa_audit *a)
{
	struct aa_session *s = NULL;
	json_t *trail = json_array();
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int ok1 = 0, ok2 = 0, r;

	if (!aa_audit_selected(a, "TOTP-REPLAY"))
		goto out;
	/*
	 * A step someone else spent (a person confirming the factor by hand)
	 * is refused: mark it and take the next one, once.
	 */
	for (int tries = 0; tries < 2 && !ok1; tries++) {
		if ((r = aa_totp_live_code(a, 0, 1, &step, code)) != AA_OK ||
		    (r = attempt(a, 0, &s, code, trail, &ok1)) != AA_OK) {
			aa_report_add(a->report, "TOTP-REPLAY", AA_ERROR,
			    json_pack("{s:O}", "requests", trail), "first login: %s",
			    aa_strerr(r));
			goto out;
		}
		if (!ok1)
			aa_totp_live_spent(a, 0, step);
	}
	if (!ok1) {
		aa_report_add(a->report, "TOTP-REPLAY", AA_ERROR,
		    json_pack("{s:O}", "requests", trail),
		    "a fresh valid code was refused; cannot test replay");
		goto out;
	}
	aa_totp_live_spent(a, 0, step);
	aa_session_free(&s);
	if ((r = attempt(a, 0, &s, code, trail, &ok2)) != AA_OK) {
		aa_report_add(a->report, "TOTP-REPLAY", AA_ERROR,
		    json_pack("{s:O}", "requests", trail), "second login: %s",
		    aa_strerr(r));
		goto out;
	}
	if (ok2)
		aa_report_add(a->report, "TOTP-REPLAY", AA_FAIL,
		    json_pack("{s:O,s:I}", "requests", trail, "time_step",
		    (json_int_t)step), "the same code completed a second login");
	else
		aa_report_add(a->report, "TOTP-REPLAY", AA_PASS,
		    json_pack("{s:O}", "requests", trail),
		    "a used code was refused the second time");
out:
	aa_session_free(&s);
	json_decref(trail);
}

/*
 * Probe offsets dir*2, dir*3, ... until one is refused; returns the
 * farthest accepted offset (1 when +-2 is refused: +-1 is the RFC norm and
 * is not probed, so not to spend the steps valid logins need).
 */
static int
probe_side(struct aa_audit *a, size_t i, int dir, json_t *trail,
    json_t *probes, int *w)
{
	struct aa_session *s = NULL;
	int r = AA_OK;

	*w = 1;
	for (int k = 2; k <= AA_TOTP_WINDOW_PROBE; k++) {
		char code[AA_TOTP_CODE_MAX];
		int64_t step;
		int ok = 0;

		if ((r = aa_totp_live_code_at(a, i, dir * k, &step, code)) != AA_OK ||
		    (r = attempt(a, i, &s, code, trail, &ok)) != AA_OK)
			break;
		json_array_append_new(probes, json_pack("{s:i,s:b}", "offset",
		    dir * k, "accepted", ok));
		if (!ok)
			break;
		aa_totp_live_spent(a, i, step);
		*w = k;
	}
	aa_session_free(&s);
	return r;
}

void
aa_totp_live_window(struct aa_audit *a)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	size_t i = a->profile->naccounts > 1 ? 1 : 0;
	json_t *trail = json_array(), *probes = json_array();
	struct aa_session *s = NULL;
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int r, ok = 0;

	if (!aa_audit_selected(a, "TOTP-WINDOW"))
		goto out;
	if ((r = probe_side(a, i, -1, trail, probes, &st->w_back)) != AA_OK ||
	    (r = probe_side(a, i, 1, trail, probes, &st->w_fwd)) != AA_OK) {
		aa_report_add(a->report, "TOTP-WINDOW", AA_ERROR,
		    json_pack("{s:O,s:O}", "probes", probes, "requests", trail),
		    "window probe: %s", aa_strerr(r));
		goto out;
	}
	st->window_measured = 1;
	/* A valid login resets the failure counter the refusals raised. */
	if (aa_totp_live_code(a, i, 1, &step, code) == AA_OK &&
	    attempt(a, i, &s, code, NULL, &ok) == AA_OK && ok)
		aa_totp_live_spent(a, i, step);
	if (st->w_back > 1 || st->w_fwd > 1)
		aa_report_add(a->report, "TOTP-WINDOW", AA_FAIL,
		    json_pack("{s:i,s:i,s:i,s:O,s:O}", "steps_back", st->w_back,
		    "steps_forward", st->w_fwd, "codes_accepted",
		    st->w_back + st->w_fwd + 1, "probes", probes, "requests",
		    trail), "codes %d step(s) back and %d forward are accepted "
		    "(%d codes valid at once)", st->w_back, st->w_fwd,
		    st->w_back + st->w_fwd + 1);
	else
		aa_report_add(a->report, "TOTP-WINDOW", AA_PASS,
		    json_pack("{s:i,s:i,s:O}", "steps_back", st->w_back,
		    "steps_forward", st->w_fwd, "probes", probes),
		    "codes two steps away are refused (window at most +-1)");
out:
	aa_session_free(&s);
	json_decref(trail);
	json_decref(probes);
}
