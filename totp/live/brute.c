/*
 * Locking-phase probes. TOTP-BRUTEFORCE: up to limits.max_guesses wrong
 * codes in one login, watching for the answer to change (lock, throttle),
 * then the correct code; evidence gives the measured guess rate and the
 * expected time to guess at that rate for the measured window
 * (research/totp.md §6). TOTP-LOCKOUT-BYPASS: once locked, is a correct
 * code still accepted in the same session, or in a fresh one?
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/clock.h"
#include "auth-audit/core/err.h"
#include "auth-audit/engine/session.h"
#include "totp/live/live.h"

/* Consecutive failures NIST SP 800-63B §5.2.2 lets a verifier allow. */
#define AA_TOTP_NIST_GUESSES 100
/* Below this guess rate the server throttles (E[t] > 3.8 days at w=1). */
#define AA_TOTP_THROTTLED_RPS 1.0

/* Times a lock probe waits out a short throttle (429 with Retry-After
 * within limits.max_wait_ms and this many seconds) to see whether a lock
 * lies behind it. Longer is the lock itself (express-rate-limit style). */
#define AA_TOTP_THROTTLE_WAITS 2
#define AA_TOTP_SHORT_THROTTLE_S 60.0

/* A 429 asking for a short wait the profile allows. */
static int
short_throttle(const struct aa_audit *a, int cls, double retry)
{
	return cls == AA_REFUSED_THROTTLE && retry >= 0 &&
	    retry <= AA_TOTP_SHORT_THROTTLE_S &&
	    retry * 1000.0 <= (double)a->profile->limits.max_wait_ms;
}

/* Wait out a short throttle's Retry-After (announced). */
static int
throttle_wait(struct aa_audit *a, double retry)
{
	return aa_audit_wait(a, retry * 1000.0 + 500.0,
	    "the service throttles codes (Retry-After)");
}

/* The refusal class of a wrong code's answer, to see it change;
 * *retry: the seconds a 429 asks to wait, else -1. */
static int
answer_class(struct aa_audit *a, struct aa_session *s, const char *code,
    long *status, int *ok, double *retry, json_t *trail)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	json_t *vars = json_pack("{s:s}", "code", code);
	static const char *const secret[] = { "code", NULL };
	int r, cls = -1;

	memset(&o, 0, sizeof(o));
	o.vars = vars;
	o.secret_vars = secret;
	o.no_backoff = 1; /* a 429 here is the answer being measured */
	o.no_evidence = trail == NULL;
	aa_redact_add(a->redact, code, strlen(code));
	r = aa_flow_step(s, "totp_verify", &o, &res);
	if (r == AA_OK) {
		*status = res.resp.status;
		*ok = res.accepted;
		if (retry != NULL)
			*retry = res.resp.status == 429 ?
			    aa_response_retry_after(&res.resp) : -1;
		cls = res.accepted ? 0 : (int)aa_audit_refusal(&res.resp);
		if (trail != NULL && res.evidence != NULL)
			json_array_append(trail, res.evidence);
	}
	aa_step_result_release(&res);
	json_decref(vars);
	return r == AA_OK ? cls : r;
}

/*
 * A wrong code of account 0 in s, waiting out (announced) a short 429
 * that is not the answer `want`: the class of the answer, or an error
 * (< 0). A client-wide throttle says nothing about the lock behind it.
 */
static int
wrong_answer(struct aa_audit *a, struct aa_session *s, unsigned k, int want,
    long *status, int *ok, json_t *trail)
{
	char wrong[AA_TOTP_CODE_MAX];
	double retry = -1;
	int cls, r;

	for (int w = 0;; w++) {
		if ((r = aa_totp_live_wrong(a, 0, k, wrong)) != AA_OK)
			return r;
		cls = answer_class(a, s, wrong, status, ok, &retry, trail);
		if (cls < 0 || *ok || cls == want ||
		    !short_throttle(a, cls, retry) ||
		    w >= AA_TOTP_THROTTLE_WAITS)
			return cls;
		if ((r = throttle_wait(a, retry)) != AA_OK)
			return r;
	}
}

static int
lock_probe(struct aa_audit *a, size_t i)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	unsigned long max = a->profile->limits.max_guesses;
	struct aa_session *s = NULL;
	char code[AA_TOTP_CODE_MAX];
	double t0, retry = -1;
	int64_t step;
	long status = 0;
	int ok = 0, r = AA_OK, cls, cls_first = -1, lock_cls = -1, granted = 0;
	int unpaced = 0, waits = 0;

	if (st->lock_probed)
		return st->lock_rc;
	st->lock_probed = 1;
	st->lock_trail = json_array();
	/* A fresh time step first, so the control below can follow the
	 * wrong codes at once: a throttle that lasts seconds must not expire
	 * while the auditor waits for the clock. */
	if ((r = aa_totp_live_code(a, i, &step, code)) != AA_OK ||
	    (r = aa_audit_login_pending(a, i, &s, st->lock_why,
	    sizeof(st->lock_why))) != AA_OK)
		goto out;
	/* Unpaced: the rate measured is the service's, not the profile's
	 * pace_ms (which exists to keep ordinary logins under a throttle). */
	unpaced = aa_http_set_unpaced(a->http, 1);
	t0 = aa_clock_ms() / 1e3;
	for (unsigned long k = 1; k <= max; k++) {
		if ((r = aa_totp_live_wrong(a, i, (unsigned)k, code)) != AA_OK)
			goto out;
		if ((cls = answer_class(a, s, code, &status, &ok, &retry,
		    k <= 2 ? st->lock_trail : NULL)) < 0) {
			r = cls;
			goto out;
		}
		st->lock_attempts = k;
		st->lock_seconds = aa_clock_ms() / 1e3 - t0;
		if (ok) {
			snprintf(st->lock_why, sizeof(st->lock_why), "a code "
			    "the auditor computed as wrong was accepted");
			r = AA_ERR_HTTP;
			goto out;
		}
		if (k == 1 && (cls == AA_REFUSED_LOCKED ||
		    cls == AA_REFUSED_THROTTLE)) {
			/* Locked by earlier probes: nothing to measure. */
			snprintf(st->lock_why, sizeof(st->lock_why), "the "
			    "first wrong code was already answered as a lock "
			    "(HTTP %ld): the factor was locked before the probe "
			    "began", status);
			r = AA_ERR_STEP;
			goto out;
		}
		if (k == 1) {
			st->lock_status_first = status;
			cls_first = cls;
		}
		st->lock_status_last = status;
		if (status == st->lock_status_first && cls == cls_first) {
			st->lock_waitable = 0;	/* the throttle ended */
			continue;
		}
		/* A short client-wide throttle (rack-attack's 5 per 20 s)
		 * may stand in front of the lock: wait it out, announced, a
		 * few times, and keep guessing. The rate measured includes
		 * the waits, which is what an attacker gets. */
		st->lock_waitable = short_throttle(a, cls, retry);
		if (st->lock_waitable && waits < AA_TOTP_THROTTLE_WAITS) {
			waits++;
			if ((r = throttle_wait(a, retry)) != AA_OK)
				goto out;
			continue;
		}
		st->lock_at = k;
		lock_cls = cls;
		break;
	}
	/* The control: a valid code, fresh for the service, same login, at
	 * once, so a throttle of a few seconds is still in force (django-otp:
	 * 2^(n-1) s after n failures). */
	if ((r = aa_totp_live_code(a, i, &step, code)) != AA_OK)
		goto out;
	cls = answer_class(a, s, code, &status, &ok, NULL, st->lock_trail);
	aa_http_set_unpaced(a->http, unpaced);
	if (cls < 0) {
		r = cls;
		goto out;
	}
	st->lock_cls_last = lock_cls;
	if (ok) {
		aa_totp_live_spent(a, i, step);
		if ((r = aa_audit_protected(a, s, &granted, st->lock_trail)) !=
		    AA_OK)
			goto out;
	}
	st->lock_correct_same = ok && granted;
	if (!st->lock_correct_same) {
		a->base[i].locked |= 1u << AA_FACTOR_TOTP;
		/* The locked login, for TOTP-LOCKOUT-BYPASS's comparison. */
		st->lock_sess = s;
		s = NULL;
	}
out:
	aa_http_set_unpaced(a->http, unpaced);
	aa_session_free(&s);
	st->lock_rc = r;
	return r;
}

/* research/totp.md §6 at the measured rate and window. */
static json_t *
guess_math(struct aa_audit *a, size_t i)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	unsigned digits = st->acct[i].params.digits;
	double n = pow(10.0, (double)digits);
	int measured = st->w_back > 0 && st->w_fwd > 0;
	int m = measured ? st->w_back + st->w_fwd + 1 : 3;
	double rate = st->lock_seconds > 0 ?
	    (double)st->lock_attempts / st->lock_seconds : 0;
	double p = (double)m / n, year = 365.0 * 86400.0;
	json_t *ev = json_pack("{s:I,s:f,s:f,s:i,s:i,s:s,s:f,s:f}", "attempts",
	    (json_int_t)st->lock_attempts, "seconds", st->lock_seconds,
	    "rate_per_s", rate, "digits", (int)digits, "codes_valid_at_once", m,
	    "window", measured ? "measured" :
	    "assumed +-1 (not measured)", "p_per_guess", p,
	    "expected_guesses", n / m);

	if (ev != NULL && rate > 0) {
		json_object_set_new(ev, "expected_seconds_to_guess",
		    json_real(n / (m * rate)));
		json_object_set_new(ev, "median_seconds_to_guess",
		    json_real(log(2.0) / (p * rate)));
		json_object_set_new(ev, "p90_seconds_to_guess",
		    json_real(log(10.0) / (p * rate)));
		json_object_set_new(ev, "p_success_one_year",
		    json_real(1.0 - exp(-p * rate * year)));
	}
	return ev;
}

static void
human(double s, char *out, size_t len)
{
	if (s < 120)
		snprintf(out, len, "%.0f s", s);
	else if (s < 7200)
		snprintf(out, len, "%.1f min", s / 60);
	else if (s < 3 * 86400)
		snprintf(out, len, "%.1f h", s / 3600);
	else
		snprintf(out, len, "%.1f days", s / 86400);
}

void
aa_totp_live_bruteforce(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	enum aa_check_id id = d->cid;
	json_t *ev;
	int r;

	r = lock_probe(a, 0);
	ev = guess_math(a, 0);
	json_object_set(ev, "requests", st->lock_trail);
	if (r != AA_OK) {
		aa_audit_report(a, id, r == AA_ERR_STEP ? AA_NOT_TESTED :
		    AA_ERROR, ev, "brute-force probe: %s", st->lock_why[0] ?
		    st->lock_why : aa_strerr(r));
		return;
	}
	json_object_set_new(ev, "status_first", json_integer(st->lock_status_first));
	json_object_set_new(ev, "status_last", json_integer(st->lock_status_last));
	if (st->lock_at > 0) {
		json_object_set_new(ev, "answer_changed_at",
		    json_integer((json_int_t)st->lock_at));
		aa_audit_report(a, id, AA_PASS, ev,
		    "the answer changed after %lu wrong codes (HTTP %ld -> %ld)%s",
		    st->lock_at - 1, st->lock_status_first, st->lock_status_last,
		    st->lock_correct_same ? "" : " and the correct code was "
		    "refused then");
	} else if (!st->lock_correct_same) {
		aa_audit_report(a, id, AA_PASS, ev,
		    "after %lu wrong codes the correct code was refused (locked)",
		    st->lock_attempts);
	} else if (st->lock_attempts < AA_TOTP_NIST_GUESSES) {
		/* NIST allows up to 100: fewer unlocked guesses prove nothing. */
		aa_audit_report(a, id, AA_NOT_TESTED, ev,
		    "no lockout within %lu wrong codes, but limits.max_guesses "
		    "is below the %d NIST SP 800-63B allows", st->lock_attempts,
		    AA_TOTP_NIST_GUESSES);
	} else if (st->lock_seconds > 0 &&
	    (double)st->lock_attempts / st->lock_seconds < AA_TOTP_THROTTLED_RPS) {
		/* No lockout, but a tarpit: research/totp.md §6 flags >= 1/s. */
		aa_audit_report(a, id, AA_PASS, ev,
		    "no lockout, but wrong codes are throttled to %.2f per second",
		    (double)st->lock_attempts / st->lock_seconds);
	} else {
		double rate = st->lock_seconds > 0 ?
		    (double)st->lock_attempts / st->lock_seconds : 0;
		json_t *t = json_object_get(ev, "expected_seconds_to_guess");
		char when[32] = "unknown";

		if (t != NULL)
			human(json_real_value(t), when, sizeof(when));
		aa_audit_report(a, id, AA_FAIL, ev,
		    "%lu consecutive wrong codes (%.1f/s) brought no lockout; "
		    "expected time to guess at that rate: %s", st->lock_attempts,
		    rate, when);
	}
}

void
aa_totp_live_bypass(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	struct aa_session *s = NULL;
	json_t *trail = json_array(), *ev;
	char code[AA_TOTP_CODE_MAX], why[256];
	int64_t step;
	long status = 0;
	int ok = 0, granted = 0, r, cls_new = -1, cls_old = -1;
	int unpaced = 0;
	double t_lock, gap;

	if ((r = lock_probe(a, 0)) != AA_OK) {
		aa_audit_report(a, d->cid, r == AA_ERR_STEP ? AA_NOT_TESTED :
		    AA_ERROR, NULL, "lockout probe: %s", st->lock_why[0] ?
		    st->lock_why : aa_strerr(r));
		goto out;
	}
	if (st->lock_at == 0 && st->lock_correct_same) {
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "no lockout "
		    "within %lu wrong codes to bypass (%s)", st->lock_attempts,
		    aa_check_name(AA_CK_TOTP_BRUTEFORCE));
		goto out;
	}
	if (st->lock_waitable) {
		/* Still a short 429 after the waits: a client-wide rate
		 * limit, which a new login from this one address meets too. */
		aa_audit_report(a, d->cid, AA_NOT_TESTED, json_pack("{s:I,s:O}",
		    "wrong_codes", (json_int_t)st->lock_attempts, "requests",
		    st->lock_trail), "wrong codes met only a short throttle "
		    "(HTTP 429 with Retry-After, waited out %d times), no lock "
		    "of the factor: a new login from the same address cannot "
		    "show whether a lock would hold", AA_TOTP_THROTTLE_WAITS);
		goto out;
	}
	if (st->lock_correct_same) {
		aa_audit_report(a, d->cid, AA_FAIL, json_pack("{s:I,s:O}",
		    "locked_after", (json_int_t)st->lock_at, "requests",
		    st->lock_trail), "a correct code was accepted after the "
		    "lockout threshold");
		goto out;
	}
	/* Locked in that login: does a new one start from zero? One burst,
	 * unpaced: the locked login answers a wrong code as locked (wrong
	 * codes again until it does: a throttle may have ended meanwhile),
	 * then a new login gets a wrong code and, if that answer is locked
	 * too, the correct code. */
	st->measuring = 1;
	/* The correct code first: waiting for a fresh step must not come
	 * between the lock and the comparison. */
	if ((r = aa_totp_live_code(a, 0, &step, code)) != AA_OK) {
		aa_audit_report(a, d->cid, AA_ERROR, NULL, "%s", aa_strerr(r));
		goto out;
	}
	unpaced = aa_http_set_unpaced(a->http, 1);
	/* No answer changed (the lock showed only as a refused correct code):
	 * nothing to compare but the correct code in a new login. */
	if (st->lock_at == 0)
		cls_old = cls_new = st->lock_cls_last;
	/* Up to three rounds: a new login that gets the first answer more
	 * than a second after the lock was seen may just have outlived a
	 * short throttle; each round's wrong codes make such a throttle
	 * longer (django-otp doubles it per failure). */
	for (int round = 0; round < 3; round++) {
		if (st->lock_at > 0)
			cls_old = -1;
		aa_session_free(&s);
		for (unsigned long k = 0; st->lock_sess != NULL &&
		    cls_old != st->lock_cls_last && k <= st->lock_attempts;
		    k++) {
			if ((cls_old = wrong_answer(a, st->lock_sess,
			    (unsigned)k + 1, st->lock_cls_last, &status, &ok,
			    trail)) < 0 || ok) {
				aa_audit_report(a, d->cid, AA_ERROR, NULL,
				    "locked login: %s", cls_old < 0 ?
				    aa_strerr(cls_old) :
				    "a wrong code was accepted");
				goto out;
			}
		}
		if (cls_old != st->lock_cls_last) {
			aa_audit_report(a, d->cid, AA_NOT_TESTED,
			    json_pack("{s:O}", "requests", trail), "the lock "
			    "could not be brought back in the locked login to "
			    "compare a new one with it");
			goto out;
		}
		t_lock = aa_clock_ms();
		if ((r = aa_audit_login_pending(a, 0, &s, why,
		    sizeof(why))) != AA_OK) {
			aa_audit_report(a, d->cid, r == AA_ERR_STEP ?
			    AA_NOT_TESTED : AA_ERROR, json_pack("{s:O}",
			    "requests", trail), "new login: %s",
			    r == AA_ERR_STEP ? why : aa_strerr(r));
			goto out;
		}
		if (st->lock_at > 0 && ((cls_new = wrong_answer(a, s, 1,
		    st->lock_cls_last, &status, &ok, trail)) < 0 || ok)) {
			aa_audit_report(a, d->cid, AA_ERROR, NULL,
			    "new login: %s", cls_new < 0 ? aa_strerr(cls_new) :
			    "a wrong code was accepted");
			goto out;
		}
		gap = (aa_clock_ms() - t_lock) / 1e3;
		if (cls_new == st->lock_cls_last || gap <= 1.0)
			break;
	}
	if (cls_new != st->lock_cls_last) {
		ev = json_pack("{s:I,s:f,s:O}", "wrong_codes",
		    (json_int_t)st->lock_attempts, "seconds_after_lock", gap,
		    "requests", trail);
		if (cls_new == AA_REFUSED_THROTTLE)
			aa_audit_report(a, d->cid, AA_NOT_TESTED, ev, "the "
			    "new login's wrong code met a throttle (HTTP %ld), "
			    "not the locked login's answer", status);
		else if (gap <= 1.0)
			aa_audit_report(a, d->cid, AA_FAIL, ev, "the lockout "
			    "is per login: %.1f s after the locked login "
			    "answered as locked, a new login's wrong code got "
			    "the first answer again", gap);
		else
			aa_audit_report(a, d->cid, AA_NOT_TESTED, ev, "a "
			    "new login got the first answer again, but %.1f s "
			    "after the lock was last seen (it may have ended)",
			    gap);
		goto out;
	}
	if ((r = aa_totp_live_step(a, s, "totp_verify", code, trail, &ok, NULL,
	    NULL)) != AA_OK) {
		aa_audit_report(a, d->cid, AA_ERROR, NULL, "new login: %s",
		    aa_strerr(r));
		goto out;
	}
	if (ok && (r = aa_audit_protected(a, s, &granted, trail)) != AA_OK)
		goto out;
	ev = json_pack("{s:I,s:O}", "wrong_codes",
	    (json_int_t)st->lock_attempts, "requests", trail);
	if (ok && granted) {
		aa_totp_live_spent(a, 0, step);
		a->base[0].locked &= ~(1u << AA_FACTOR_TOTP);
		aa_audit_report(a, d->cid, AA_FAIL, ev, "a new login answered "
		    "a wrong code as locked, then accepted the correct code "
		    "(the lock stops wrong codes only)");
	} else
		aa_audit_report(a, d->cid, AA_PASS, ev, "the lockout held for "
		    "a new login, wrong and correct codes alike (a new IP "
		    "could not be tried on loopback)");
out:
	if (st->measuring)
		aa_http_set_unpaced(a->http, unpaced);
	st->measuring = 0;
	aa_session_free(&s);
	aa_session_free(&st->lock_sess);
	json_decref(trail);
}
