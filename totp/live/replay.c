/*
 * TOTP-REPLAY: a code that completed a login must be refused the second
 * time (RFC 6238 §5.2). TOTP-WINDOW: codes two steps from now, computed
 * locally, must be refused on both sides; more than +-1 is a finding.
 *
 * Every refusal is read beside a control in the same conditions: the
 * replayed code first completed a login (and is still inside the usual
 * +-1 window when replayed); a refused window probe is followed, in the
 * same pending login, by a current code that completes it.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"

/* One verify of code in a new pending login of account i: *granted =
 * `protected` opened afterwards. The session is handed out in *sp when
 * sp is non-NULL and the login is still pending. */
static int
attempt(struct aa_audit *a, size_t i, const char *code, json_t *trail,
    int *granted, struct aa_session **sp, char *why, size_t whylen)
{
	struct aa_session *s = NULL;
	int r, ok = 0;

	*granted = 0;
	if ((r = aa_audit_login_pending(a, i, &s, why, whylen)) != AA_OK)
		return r;
	if ((r = aa_totp_live_step(a, s, "totp_verify", code, trail, &ok, NULL,
	    NULL)) == AA_OK && ok)
		r = aa_audit_protected(a, s, granted, trail);
	if (r == AA_OK && sp != NULL && !*granted) {
		*sp = s;
		s = NULL;
	}
	aa_session_free(&s);
	return r;
}

void
aa_totp_live_replay(struct aa_audit *a, const struct aa_check_def *d)
{
	json_t *trail = json_array();
	char code[AA_TOTP_CODE_MAX], why[256] = "";
	int64_t step;
	int g1 = 0, g2 = 0, r;

	for (int tries = 0; tries < 2; tries++) {
		/* Positive control: a fresh code completes a login. */
		if ((r = aa_totp_live_code(a, 0, &step, code)) != AA_OK ||
		    (r = attempt(a, 0, code, trail, &g1, NULL, why,
		    sizeof(why))) != AA_OK)
			goto fail;
		if (!g1) {
			aa_audit_report(a, d->cid, AA_NOT_TESTED, json_pack(
			    "{s:O}", "requests", trail), "a fresh valid code did "
			    "not complete a login; replay cannot be told apart");
			goto out;
		}
		aa_totp_live_spent(a, 0, step);
		if ((r = attempt(a, 0, code, trail, &g2, NULL, why,
		    sizeof(why))) != AA_OK)
			goto fail;
		/* Still inside +-1 when replayed, or the window refused it. */
		if (g2 || aa_totp_live_now(a, 0) <= step + 1)
			break;
	}
	if (g2)
		aa_audit_report(a, d->cid, AA_FAIL, json_pack("{s:O,s:I}",
		    "requests", trail, "time_step", (json_int_t)step), "the "
		    "same code completed a second login");
	else if (aa_totp_live_now(a, 0) <= step + 1)
		aa_audit_report(a, d->cid, AA_PASS, json_pack("{s:O}",
		    "requests", trail), "a code that completed a login was "
		    "refused the second time, within its time window");
	else
		aa_audit_report(a, d->cid, AA_NOT_TESTED, json_pack("{s:O}",
		    "requests", trail), "the replay arrived after the code's "
		    "time step had passed; the service answers too slowly to "
		    "tell replay from expiry");
	goto out;
fail:
	aa_audit_report(a, d->cid, r == AA_ERR_STEP ? AA_NOT_TESTED : AA_ERROR,
	    json_pack("{s:O}", "requests", trail), "%s", why[0] ? why :
	    aa_strerr(r));
out:
	json_decref(trail);
}

/*
 * One side: offset dir*2 in a new pending login. *accepted: it opened
 * `protected`; *control: a current code completed that same login.
 */
static int
probe_side(struct aa_audit *a, int dir, json_t *trail, json_t *probes,
    int *accepted, int *control, char *why, size_t whylen)
{
	struct aa_session *s = NULL;
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int r, ok = 0;

	*accepted = *control = 0;
	if ((r = aa_totp_live_code_at(a, 0, dir * 2, &step, code)) != AA_OK ||
	    (r = attempt(a, 0, code, trail, accepted, &s, why, whylen)) !=
	    AA_OK)
		goto out;
	json_array_append_new(probes, json_pack("{s:i,s:b,s:s}", "offset",
	    dir * 2, "accepted", *accepted, "measured_at", "login"));
	if (*accepted) {
		aa_totp_live_spent(a, 0, step);
		goto out;
	}
	if ((r = aa_totp_live_code(a, 0, &step, code)) != AA_OK ||
	    (r = aa_totp_live_step(a, s, "totp_verify", code, trail, &ok, NULL,
	    NULL)) != AA_OK)
		goto out;
	if (ok) {
		aa_totp_live_spent(a, 0, step);
		r = aa_audit_protected(a, s, control, trail);
	}
out:
	aa_session_free(&s);
	return r;
}

/* A measured side: "2+" (two steps away accepted), "1", "?" unknown. */
static const char *
side(int w)
{
	return w >= 2 ? "2+" : w == 1 ? "1" : "?";
}

void
aa_totp_live_window(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	struct aa_totp_acct *ac = &st->acct[0];
	json_t *trail = json_array(), *probes = json_array(), *ev;
	char why[256] = "";
	int back = -1, fwd = -1, acc = 0, ctl = 0, r;

	/* Past side: measured at confirmation, else at login once the
	 * service's last accepted step is three steps behind (waited for). */
	if (ac->past.result >= 0) {
		json_array_append_new(probes, json_pack("{s:i,s:b,s:s}",
		    "offset", -2, "accepted", ac->past.result == 1,
		    "measured_at", "totp_confirm"));
		if (ac->past.trail != NULL)
			json_array_extend(trail, ac->past.trail);
		back = ac->past.result == 1 ? 2 : 1;
	} else {
		int64_t now = aa_totp_live_now(a, 0);

		if (ac->have_hi && ac->hi > now - 3 &&
		    (r = aa_audit_wait(a, (double)(ac->hi + 3 - now) *
		    ac->params.period * 1000.0 + 300.0, "the service to forget "
		    "its last TOTP step (window probe)")) != AA_OK)
			goto fail;
		if ((r = probe_side(a, -1, trail, probes, &acc, &ctl, why,
		    sizeof(why))) != AA_OK)
			goto fail;
		back = acc ? 2 : ctl ? 1 : -1;
	}
	if ((r = probe_side(a, 1, trail, probes, &acc, &ctl, why,
	    sizeof(why))) != AA_OK)
		goto fail;
	fwd = acc ? 2 : ctl ? 1 : -1;
	st->w_back = back;
	st->w_fwd = fwd;
	ev = json_pack("{s:O,s:O}", "probes", probes, "requests", trail);
	/* Steps each side known accepted (2: at least two). */
	if (back > 0)
		json_object_set_new(ev, "steps_back", json_integer(back));
	if (fwd > 0)
		json_object_set_new(ev, "steps_forward", json_integer(fwd));
	if (back >= 2 || fwd >= 2)
		aa_audit_report(a, d->cid, AA_FAIL, ev, "codes %s step(s) back "
		    "and %s forward are accepted (window wider than +-1)",
		    side(back), side(fwd));
	else if (back == 1 && fwd == 1)
		aa_audit_report(a, d->cid, AA_PASS, ev, "codes two steps old and "
		    "two ahead were refused, and current codes completed the "
		    "same logins (window at most +-1)");
	else
		aa_audit_report(a, d->cid, AA_NOT_TESTED, ev, "a probe was "
		    "refused but the control login with a current code did not "
		    "complete either");
	goto out;
fail:
	aa_audit_report(a, d->cid, r == AA_ERR_STEP ? AA_NOT_TESTED : AA_ERROR,
	    json_pack("{s:O,s:O}", "probes", probes, "requests", trail), "%s",
	    why[0] ? why : aa_strerr(r));
out:
	json_decref(trail);
	json_decref(probes);
}
