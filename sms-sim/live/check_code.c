/*
 * Code checks: SMS-CODE-LEAK, SMS-REPLAY, SMS-OTP-WEAK and SMS-BRUTEFORCE.
 * Codes come from the sms-sim inbox, are registered with the redactor as
 * soon as they are read, and never appear in evidence. The probes that may
 * lock an account (brute force, resend-resets-the-counter) run in the
 * locking phase, the resend probe on another account than the brute
 * force's. Every probe's login texts go to the account whose number has
 * texts left (aa_sms_login_acct).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sms-sim/live/live.h"

static void
not_tested(struct aa_audit *a, enum aa_check_id id, const char *why)
{
	if (id != AA_CK_COUNT)
		aa_audit_report(a, id, AA_NOT_TESTED, NULL, "%s", why);
}

/* SMS can be probed at all (inbox, delivery, steps), or report why not. */
static int
need_ready(struct aa_audit *a, enum aa_check_id id)
{
	const char *why;

	if (aa_sms_ready(a, 0, &why) != AA_OK) {
		not_tested(a, id, why);
		return 0;
	}
	if (aa_profile_step(a->profile, "sms_verify") == NULL) {
		not_tested(a, id, "profile has no sms_verify step");
		return 0;
	}
	return 1;
}

/* Account i bootstrapped with an accepted code, or report why not
 * (id AA_CK_COUNT: report nothing). */
static int
need_enrolled(struct aa_audit *a, enum aa_check_id id, size_t i)
{
	struct aa_sms_live *L = aa_sms_live(a);
	char buf[200];

	if (!need_ready(a, id))
		return 0;
	if (i >= a->profile->naccounts || a->profile->accounts[i].phone ==
	    NULL) {
		not_tested(a, id, "needs a second account with a phone");
		return 0;
	}
	if (aa_sms_bootstrap(a, i) != AA_OK || !L->acct[i].enrolled) {
		snprintf(buf, sizeof(buf), "sms_verify did not accept a fresh "
		    "code sent to %s", a->profile->accounts[i].phone);
		if (id != AA_CK_COUNT)
			aa_audit_report(a, id, AA_ERROR, NULL, "%s", buf);
		return 0;
	}
	return 1;
}

/* Texts one number takes per window, as far as the run has seen it (a
 * refused text after n, or SMS-RATE-NUMBER's stop); 0 unknown. */
static unsigned
per_number(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	unsigned lim = L->per_number_seen;

	if (L->number.done == 1 && L->number.served > 0 &&
	    L->number.served < L->number.tried &&
	    (lim == 0 || L->number.served < lim))
		lim = L->number.served;
	return lim;
}

/* Numbers whose refusal named a time that has passed have a new
 * allowance: their texts so far no longer count. */
static void
refresh(struct aa_sms_live *L)
{
	time_t now = time(NULL);

	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++) {
		struct aa_sms_acct *c = &L->acct[i];

		if (c->refused != 0 && c->back_at != 0 && c->back_at <= now) {
			c->refused = 0;
			c->back_at = 0;
			c->sent = c->texts = 0;
		}
	}
}

/* Seconds until the first spent number (not in avoid) may text again,
 * when its refusal said; 0 when none did. */
static double
soonest_back(struct aa_audit *a, unsigned avoid)
{
	struct aa_sms_live *L = aa_sms_live(a);
	time_t best = 0, now = time(NULL);

	for (size_t i = 0; i < a->profile->naccounts && i < AA_MAX_ACCOUNTS;
	    i++)
		if (!(avoid & (1u << i)) && a->profile->accounts[i].phone &&
		    L->acct[i].refused != 0 && L->acct[i].back_at != 0 &&
		    (best == 0 || L->acct[i].back_at < best))
			best = L->acct[i].back_at;
	return best == 0 ? 0 : best > now ? (double)(best - now) : 0.001;
}

/*
 * The account for a probe's `need` login texts. A number allows as few
 * as 3 texts per window and every check that texts it shares them, so
 * the probes spread over the accounts' numbers, never one that refused a
 * text, nor one in `avoid` (a mask). Texts a number has taken count, and
 * one more for an account without SMS yet (its enrolment texts it). With
 * the limit unknown, the number with the fewest; once seen, the fullest
 * that still fits, keeping fresh numbers for probes that need more. SMS
 * is put on the account (the baseline of one the planner left out is
 * asked for now). With every number spent, it waits once for the first
 * whose refusal said when it comes back, if limits.max_wait_ms allows.
 * SIZE_MAX and why when none is left.
 */
size_t
aa_sms_login_acct(struct aa_audit *a, unsigned need, unsigned avoid,
    char *why, size_t whylen)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const struct aa_profile *p = a->profile;
	size_t n = p->naccounts < AA_MAX_ACCOUNTS ? p->naccounts :
	    AA_MAX_ACCOUNTS, best;
	unsigned lim = per_number(a), cost, bcost = 0, avoid0 = avoid;
	unsigned failed = 0;
	long refused = 0;
	double back = 0;
	int waited = 0;
	char w[256];

	for (;;) {
		refresh(L);
		best = SIZE_MAX;
		for (size_t i = 0; i < n; i++) {
			int fits, bfits;

			if (p->accounts[i].phone == NULL || (avoid & (1u << i)))
				continue;
			if (L->acct[i].refused != 0) {
				refused = L->acct[i].refused;
				continue;
			}
			/* locked, or taken off for a probe of enrolment */
			if ((a->base[i].locked | a->base[i].removed) &
			    (1u << AA_FACTOR_SMS))
				continue;
			cost = aa_sms_acct_cost(L, i) + !L->acct[i].enrolled;
			fits = lim == 0 || cost + need <= lim;
			bfits = best != SIZE_MAX && (lim == 0 ||
			    bcost + need <= lim);
			if (best == SIZE_MAX || (fits && !bfits) ||
			    (fits == bfits && (lim != 0 && fits ?
			    cost > bcost : cost < bcost))) {
				best = i;
				bcost = cost;
			}
		}
		/* Every number spent: where a refusal said when its
		 * allowance comes back and the profile allows that wait,
		 * wait once (announced) and choose again. */
		if (best == SIZE_MAX && !waited &&
		    (back = soonest_back(a, avoid0)) > 0 &&
		    back * 1000.0 <= (double)p->limits.max_wait_ms &&
		    aa_audit_wait_optional(a, back * 1000.0, "a test number's "
		    "send allowance resets (the service's Retry-After)") ==
		    AA_OK) {
			waited = 1;
			avoid = avoid0 | failed;
			refused = 0;
			continue;
		}
		if (best == SIZE_MAX)
			break;
		if (aa_audit_establish(a, best, w, sizeof(w)) == AA_OK &&
		    need_enrolled(a, AA_CK_COUNT, best))
			return best;
		avoid |= 1u << best;
		failed |= 1u << best;
	}
	/* back: computed when the loop last found every number spent */
	if (refused != 0 && !waited && back > 0)
		snprintf(why, whylen, "the send limit of every test account's "
		    "number is spent (the last refused text: HTTP %ld); the "
		    "service said the first comes back in %.0f s: with "
		    "limits.max_wait_ms of at least %.0f the audit waits that "
		    "out", refused, back, (back + 1.0) * 1000.0);
	else if (refused != 0)
		snprintf(why, whylen, "the send limit of every test account's "
		    "number is spent (the last refused text: HTTP %ld); list "
		    "more accounts with phones, or run the SMS checks again "
		    "after the service's window", refused);
	else
		snprintf(why, whylen, "no test account with a phone could "
		    "complete an SMS login");
	return SIZE_MAX;
}

/* A new login of account i with a fresh code texted to its number. */
static int
login_text(struct aa_audit *a, size_t i, struct aa_session **s,
    aa_secret_t **code, json_t *trail)
{
	int arrived = 0, r;

	*code = NULL;
	if ((r = aa_sms_fresh(a, i, 1, s)) != AA_OK)
		return r;
	r = aa_sms_send(a, *s, a->profile->accounts[i].phone, &arrived, code,
	    trail, NULL);
	if (r == AA_OK && *code == NULL)
		r = AA_ERR_NOTFOUND;
	return r;
}

/* A correct code texted to account i opened `protected`: the positive
 * control the lockout verdicts rest on. */
static void
sms_proved(struct aa_audit *a, size_t i)
{
	unsigned fb = 1u << AA_FACTOR_SMS;

	if ((a->base[i].proved & fb) == 0)
		aa_audit_note(a, i, "sms", "a texted code opened `protected` "
		    "(proved by an SMS check's login)");
	a->base[i].proved |= fb;
}

int
aa_sms_prove(struct aa_audit *a, size_t i, struct aa_session *s,
    const char *code, int *granted, json_t *trail)
{
	int accepted = 0, r;

	*granted = 0;
	if ((r = aa_sms_verify(a, s, code, &accepted, trail)) != AA_OK ||
	    !accepted || (r = aa_audit_protected(a, s, granted, trail)) !=
	    AA_OK)
		return r;
	if (*granted)
		sms_proved(a, i);
	return AA_OK;
}

/* Accounts whose SMS login has not opened `protected` in this run. */
static unsigned
sms_unproved(const struct aa_audit *a)
{
	unsigned m = 0;

	for (size_t i = 0; i < a->profile->naccounts && i < AA_MAX_ACCOUNTS;
	    i++)
		if ((a->base[i].proved & (1u << AA_FACTOR_SMS)) == 0)
			m |= 1u << i;
	return m;
}

/*
 * A fresh code in a new login of the account aa_sms_login_acct gives for
 * `need` texts and not in *avoid (which gains every account tried): a
 * text that does not come moves on to the next. Its sends, and the
 * caller's until it resets L->spreading, never wait out a 429.
 * AA_ERR_NOTFOUND and why when no account is left; other errors as the
 * login or send gave them.
 */
static int
spread_login(struct aa_audit *a, unsigned need, unsigned *avoid,
    size_t *acct, struct aa_session **s, aa_secret_t **code, json_t *trail,
    char *why, size_t whylen)
{
	int r;

	aa_sms_live(a)->spreading = 1;
	for (;;) {
		if ((*acct = aa_sms_login_acct(a, need, *avoid, why, whylen)) ==
		    SIZE_MAX)
			return AA_ERR_NOTFOUND;
		*avoid |= 1u << *acct;
		aa_secret_free(code);
		aa_session_free(s);
		if ((r = login_text(a, *acct, s, code, trail)) !=
		    AA_ERR_NOTFOUND)
			return r;
	}
}

void
aa_sms_leak(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	json_t *ev;

	/* The login send's answer is what leaks: one login text read. */
	if (!L->login_seen)
		aa_sms_bootstrap(a, 0);
	if (L->digits == 0) {
		not_tested(a, AA_CK_SMS_CODE_LEAK, "no code could be read from the "
		    "text (check sms.code_regex)");
		return;
	}
	ev = json_pack("{s:b,s:s*,s:O*}", "leaked", L->leak, "where",
	    L->leak ? L->leak_where : NULL, "proof", L->proof_ev);
	if (L->leak)
		aa_audit_report(a, AA_CK_SMS_CODE_LEAK, AA_FAIL, ev,
		    "the SMS code is in the %s", L->leak_where);
	else
		aa_audit_report(a, AA_CK_SMS_CODE_LEAK, AA_PASS, ev,
		    "the code is not in the send response, headers or "
		    "cookies");
}

void
aa_sms_replay(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	aa_secret_t *code = NULL;
	json_t *trail = json_array();
	char why[256];
	unsigned avoid = 0;
	size_t i = 0;
	int granted = 0, r = AA_OK;

	if (!need_ready(a, AA_CK_SMS_REPLAY))
		goto out;
	/* Positive control: a fresh code completed a pending login (taken
	 * from the two-codes measurement when it ran: one text fewer). */
	if (aa_audit_selected(a, AA_CK_SMS_OTP_WEAK))
		aa_sms_measure_several(a);
	if (L->login_code != NULL) {
		code = L->login_code;
		L->login_code = NULL;
		i = L->login_acct;
		granted = 1;
	}
	if (code == NULL && (r = spread_login(a, 1, &avoid, &i, &s, &code,
	    trail, why, sizeof(why))) != AA_OK) {
		aa_audit_report(a, AA_CK_SMS_REPLAY, AA_NOT_TESTED, json_pack(
		    "{s:O}", "requests", trail), r == AA_ERR_NOTFOUND ? "no "
		    "fresh SMS code to replay: %s" : "no fresh SMS code "
		    "completed a login: %s", r == AA_ERR_NOTFOUND ? why :
		    aa_strerr(r));
		goto out;
	}
	if (!granted && (r = aa_sms_prove(a, i, s, aa_secret_str(code),
	    &granted, trail)) != AA_OK) {
		aa_audit_report(a, AA_CK_SMS_REPLAY, AA_NOT_TESTED, json_pack(
		    "{s:O}", "requests", trail), "no fresh SMS code completed "
		    "a login: %s", aa_strerr(r));
		goto out;
	}
	aa_session_free(&s);
	if (!granted) {
		aa_audit_report(a, AA_CK_SMS_REPLAY, AA_NOT_TESTED, json_pack(
		    "{s:O}", "requests", trail), "a fresh SMS code did not "
		    "complete the login");
		goto out;
	}
	/* The same code in a new login of that account, no new text. */
	granted = 0;
	if ((r = aa_audit_login_pending(a, i, &s, why, sizeof(why))) != AA_OK ||
	    (r = aa_sms_prove(a, i, s, aa_secret_str(code), &granted,
	    trail)) != AA_OK) {
		aa_audit_report(a, AA_CK_SMS_REPLAY, AA_ERROR, json_pack("{s:O}",
		    "requests", trail), "replay probe failed: %s", aa_strerr(r));
		goto out;
	}
	aa_audit_report(a, AA_CK_SMS_REPLAY, granted ? AA_FAIL : AA_PASS,
	    json_pack("{s:s?,s:b,s:O}", "account", a->profile->accounts[i].
	    username, "second_use_accepted", granted, "requests", trail),
	    granted ? "a used SMS code completed a second login" : "a used "
	    "SMS code was refused the second time; fresh, it had completed a "
	    "login");
out:
	L->spreading = 0;
	aa_secret_free(&code);
	aa_session_free(&s);
	json_decref(trail);
}

/* Two codes sent back to back: is the first still valid? */
void
aa_sms_measure_several(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	aa_secret_t *c1 = NULL, *c2 = NULL;
	int arrived2 = 0, ok1 = 0, ok2 = 0, r;
	json_t *trail = json_array();
	unsigned avoid = 0;
	size_t i = SIZE_MAX;
	const char *w;

	if (L->weak_several != -1 || a->profile->naccounts == 0 ||
	    aa_sms_ready(a, 0, &w) != AA_OK)
		goto out;
	/* Two texts to one number: the next account when one is refused. */
	for (;;) {
		if ((r = spread_login(a, 2, &avoid, &i, &s, &c1, NULL,
		    L->several_why, sizeof(L->several_why))) == AA_OK) {
			aa_secret_free(&c2);
			if ((r = aa_sms_send(a, s, a->profile->accounts[i].phone,
			    &arrived2, &c2, NULL, NULL)) == AA_OK && c2 != NULL)
				break;
		}
		if (r == AA_ERR_NOTFOUND)
			goto out;
		if (r != AA_OK) {
			snprintf(L->several_why, sizeof(L->several_why), "two "
			    "texts to %s: %s", a->profile->accounts[i].phone,
			    aa_strerr(r));
			goto out;
		}
	}
	if (aa_sms_verify(a, s, aa_secret_str(c1), &ok1, trail) != AA_OK)
		goto out;
	/* A valid login afterwards clears any wrong-code count. */
	if (!ok1)
		aa_sms_verify(a, s, aa_secret_str(c2), &ok2, trail);
	L->weak_several = ok1;
	/* The code that completed this login serves SMS-REPLAY, so the
	 * number's send limit is not spent twice. */
	if (ok1 || ok2) {
		int granted = 0;

		if (aa_audit_protected(a, s, &granted, trail) == AA_OK &&
		    granted) {
			sms_proved(a, i);
			aa_secret_free(&L->login_code);
			L->login_code = ok1 ? c1 : c2;
			L->login_acct = i;
			if (ok1)
				c1 = NULL;
			else
				c2 = NULL;
		}
	}
	json_decref(L->weak_ev);
	L->weak_ev = json_pack("{s:s?,s:b,s:b}", "account",
	    a->profile->accounts[i].username, "first_of_two_accepted", ok1,
	    "second_accepted", ok2);
out:
	L->spreading = 0;
	aa_secret_free(&c1);
	aa_secret_free(&c2);
	aa_session_free(&s);
	json_decref(trail);
}

/* A wrong code of the same length, never equal to `code`. */
static void
wrong_code(const char *code, unsigned i, char *out, size_t outlen)
{
	size_t n = strlen(code);
	unsigned long long mod = 1, v = strtoull(code, NULL, 10);

	for (size_t k = 0; k < n && k < 18; k++)
		mod *= 10;
	v = (v + 1 + (unsigned long long)i * 7919ULL % (mod - 1)) % mod;
	snprintf(out, outlen, "%0*llu", (int)n, v);
	if (strcmp(out, code) == 0)
		snprintf(out, outlen, "%0*llu", (int)n, (v + 1) % mod);
}

/* Verify keeping the answer's status and body length as a signature. */
static int
verify_sig(struct aa_audit *a, struct aa_session *s, const char *code,
    int *accepted, char *sig, size_t siglen)
{
	static const char *const secret_vars[] = { "code", NULL };
	struct aa_step_result res;
	struct aa_step_opts o;
	json_t *vars = json_pack("{s:s}", "code", code);
	int r;

	(void)a;
	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	if (vars == NULL)
		return AA_ERR_NOMEM;
	o.vars = vars;
	o.secret_vars = secret_vars;
	o.no_backoff = 1; /* a 429 here is the throttle being measured */
	r = aa_flow_step(s, "sms_verify", &o, &res);
	if (r == AA_OK) {
		*accepted = res.accepted;
		snprintf(sig, siglen, "%ld:%.60s", res.resp.status,
		    res.resp.body.ptr != NULL ? res.resp.body.ptr : "");
	}
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

/*
 * The brute force's account and a fresh code in a new login of it. A
 * refused correct code after the wrong ones means a lock only if a
 * correct code texted to that account opened `protected` before (the
 * baseline, the replay control, the two-codes probe, the anonymous
 * send's control): such an account is taken when its number has a text
 * left; else one more text proves an account first. *proof says which.
 */
static int
brute_target(struct aa_audit *a, size_t *k, struct aa_session **s,
    aa_secret_t **c, const char **proof, char *why, size_t whylen)
{
	unsigned avoid = sms_unproved(a);
	int granted = 0, r;

	*proof = "earlier in the run";
	if ((r = spread_login(a, 1, &avoid, k, s, c, NULL, why, whylen)) !=
	    AA_ERR_NOTFOUND)
		return r;
	*proof = "just before, with one more text";
	avoid = 0;
	for (int tried = 0;; tried++) {
		if ((r = spread_login(a, 2, &avoid, k, s, c, NULL, why,
		    whylen)) != AA_OK) {
			if (r == AA_ERR_NOTFOUND && tried > 0)
				snprintf(why, whylen, "no account with two "
				    "texts left had its fresh SMS code open "
				    "`protected` (the lockout's positive "
				    "control)");
			return r;
		}
		if ((r = aa_sms_prove(a, *k, *s, aa_secret_str(*c), &granted,
		    NULL)) != AA_OK)
			return r;
		if (granted)
			break;
		/* not this account: its codes do not sign it in */
	}
	aa_secret_free(c);
	aa_session_free(s);
	if ((r = login_text(a, *k, s, c, NULL)) == AA_ERR_NOTFOUND)
		snprintf(why, whylen, "%s took one text to prove its SMS "
		    "login, then no second text came", a->profile->accounts[*k].
		    username != NULL ? a->profile->accounts[*k].username :
		    "the account");
	return r;
}

void
aa_sms_measure_brute(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	aa_secret_t *c = NULL;
	char wrong[24], first[96] = "", sig[96], why[256];
	unsigned max = (unsigned)a->profile->limits.max_guesses;
	int acc = 0, r, unpaced = -1;
	const char *w, *proof = NULL;
	size_t k;
	time_t t0;

	if (L->brute_done != 0)
		return;
	L->brute_done = -1;
	if (aa_sms_ready(a, 0, &w) != AA_OK) {
		L->brute_untested = 1;
		snprintf(L->brute_why, sizeof(L->brute_why), "%.300s", w);
		return;
	}
	/* A code to guess against: a fresh login text of an account whose
	 * number has one left. No code is a missing precondition (a refused
	 * or throttled send, nothing in the inbox, a spent budget); only a
	 * failed connection is an error. */
	if ((r = brute_target(a, &k, &s, &c, &proof, why, sizeof(why))) !=
	    AA_OK) {
		L->brute_untested = r != AA_ERR_NET && r != AA_ERR_TIMEOUT &&
		    r != AA_ERR_NOMEM;
		snprintf(L->brute_why, sizeof(L->brute_why), "no fresh code: "
		    "%.300s", r == AA_ERR_NOTFOUND ? why : r == AA_ERR_BUDGET ?
		    "limits.max_sms or limits.max_requests reached" :
		    aa_strerr(r));
		goto out;
	}
	L->spreading = 0;
	L->brute_acct = k;
	t0 = time(NULL);
	/* Unpaced, as TOTP-BRUTEFORCE: the rate measured is the service's,
	 * not the profile's pace_ms (which keeps ordinary logins under a
	 * throttle). */
	unpaced = aa_http_set_unpaced(a->http, 1);
	for (unsigned i = 0; i < max; i++) {
		wrong_code(aa_secret_str(c), i, wrong, sizeof(wrong));
		if ((r = verify_sig(a, s, wrong, &acc, sig, sizeof(sig))) !=
		    AA_OK) {
			L->brute_untested = r == AA_ERR_BUDGET;
			snprintf(L->brute_why, sizeof(L->brute_why), "wrong "
			    "code %u: %s", i + 1, aa_strerr(r));
			goto out;
		}
		L->brute_wrong++;
		if (i == 0)
			snprintf(first, sizeof(first), "%s", sig);
		else if (L->brute_change_at == 0 && strcmp(sig, first) != 0) {
			L->brute_change_at = i + 1;
			break; /* the answer changed: locked or throttled */
		}
	}
	if ((r = verify_sig(a, s, aa_secret_str(c), &acc, sig, sizeof(sig))) !=
	    AA_OK) {
		snprintf(L->brute_why, sizeof(L->brute_why), "correct code: "
		    "%s", aa_strerr(r));
		goto out;
	}
	L->brute_locked = !acc;
	L->brute_done = 1;
	L->brute_ev = json_pack("{s:s?,s:s,s:I,s:I,s:s,s:I,s:I}", "account",
	    a->profile->accounts[k].username, "correct_code_before", proof,
	    "wrong_codes",
	    (json_int_t)L->brute_wrong, "answer_changed_at",
	    (json_int_t)L->brute_change_at, "correct_code_after",
	    acc ? "accepted" : "refused", "seconds",
	    (json_int_t)(time(NULL) - t0), "max_guesses", (json_int_t)max);
out:
	L->spreading = 0;
	if (unpaced >= 0)
		aa_http_set_unpaced(a->http, unpaced);
	aa_secret_free(&c);
	aa_session_free(&s);
}

void
aa_sms_brute(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const char *why;

	if (aa_sms_ready(a, 0, &why) != AA_OK) {
		not_tested(a, AA_CK_SMS_BRUTEFORCE, why);
		return;
	}
	if (L->brute_done != 1) {
		aa_audit_report(a, AA_CK_SMS_BRUTEFORCE, L->brute_untested ?
		    AA_NOT_TESTED : AA_ERROR, NULL, "brute-force probe could "
		    "not run: %s", L->brute_why);
		return;
	}
	if (L->brute_locked)
		aa_audit_report(a, AA_CK_SMS_BRUTEFORCE, AA_PASS,
		    json_deep_copy(L->brute_ev), "after %u wrong codes the "
		    "correct one was refused (lockout); a correct code had "
		    "signed the account in before", L->brute_wrong);
	else
		aa_audit_report(a, AA_CK_SMS_BRUTEFORCE, AA_FAIL,
		    json_deep_copy(L->brute_ev), "%u consecutive wrong codes, "
		    "then the correct code was still accepted", L->brute_wrong);
}

/* Does a resend forgive earlier wrong codes? Another account than the
 * brute force's, in the locking phase. */
void
aa_sms_measure_resend(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	aa_secret_t *c1 = NULL, *c2 = NULL;
	const char *phone;
	char wrong[24], sig[96], why[256];
	unsigned thr, avoid = 1u << L->brute_acct;
	int arrived, acc = 0;
	size_t k;

	if (L->weak_resend != -1 || L->brute_done != 1 || !L->brute_locked)
		return;
	/* The answer changed on the attempt after the lock took hold. */
	thr = L->brute_change_at > 1 ? L->brute_change_at - 1 : 5;
	if (spread_login(a, 2, &avoid, &k, &s, &c1, NULL, why,
	    sizeof(why)) != AA_OK)
		goto out;
	phone = a->profile->accounts[k].phone;
	for (unsigned i = 0; i + 1 < thr; i++) {
		wrong_code(aa_secret_str(c1), i, wrong, sizeof(wrong));
		if (verify_sig(a, s, wrong, &acc, sig, sizeof(sig)) != AA_OK)
			goto out;
	}
	if (aa_sms_send(a, s, phone, &arrived, &c2, NULL, NULL) != AA_OK ||
	    c2 == NULL)
		goto out;
	for (unsigned i = 0; i < 2; i++) {
		wrong_code(aa_secret_str(c2), i + 50, wrong, sizeof(wrong));
		if (verify_sig(a, s, wrong, &acc, sig, sizeof(sig)) != AA_OK)
			goto out;
	}
	if (verify_sig(a, s, aa_secret_str(c2), &acc, sig, sizeof(sig)) !=
	    AA_OK)
		goto out;
	/* thr + 1 wrong codes in a row: only a reset lets the code pass. */
	L->weak_resend = acc;
	if (L->weak_ev != NULL)
		json_object_set_new(L->weak_ev, "resend_reset_failures",
		    json_boolean(acc));
out:
	L->spreading = 0;
	aa_secret_free(&c1);
	aa_secret_free(&c2);
	aa_session_free(&s);
}

void
aa_sms_weak(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	char why[300] = "";
	size_t n = 0;
	json_t *ev;
	const char *w;

	if (aa_sms_ready(a, 0, &w) != AA_OK) {
		not_tested(a, AA_CK_SMS_OTP_WEAK, w);
		return;
	}
	if (L->digits == 0 || L->weak_several == -1) {
		not_tested(a, AA_CK_SMS_OTP_WEAK, L->several_why[0] != '\0' ?
		    L->several_why : "no code could be read and verified "
		    "(check sms.code_regex and sms_verify)");
		return;
	}
	if (L->digits < 6)
		n += (size_t)snprintf(why + n, sizeof(why) - n, "%zu-digit code; ",
		    L->digits);
	if (L->expiry_min > 10 && n < sizeof(why))
		n += (size_t)snprintf(why + n, sizeof(why) - n, "text says valid "
		    "%d minutes; ", L->expiry_min);
	if (L->weak_several == 1 && n < sizeof(why))
		n += (size_t)snprintf(why + n, sizeof(why) - n, "two codes valid "
		    "at once; ");
	if (L->weak_resend == 1 && n < sizeof(why))
		n += (size_t)snprintf(why + n, sizeof(why) - n, "a resend resets "
		    "the failure count; ");
	ev = json_pack("{s:I,s:i,s:O*,s:s}", "digits", (json_int_t)L->digits,
	    "stated_expiry_minutes", L->expiry_min, "probes", L->weak_ev,
	    "resend_probe", L->weak_resend == -1 ? "not run (needs a measured "
	    "lockout and two texts to another account's number)" : "run");
	if (n > 0) {
		why[n >= 2 && n < sizeof(why) ? n - 2 : sizeof(why) - 1] = '\0';
		aa_audit_report(a, AA_CK_SMS_OTP_WEAK, AA_FAIL, ev, "%s", why);
	} else
		aa_audit_report(a, AA_CK_SMS_OTP_WEAK, AA_PASS, ev, "%zu-digit "
		    "codes, one valid at a time%s", L->digits,
		    L->weak_resend == 0 ? ", resend keeps the failure count" :
		    "");
}
