/*
 * Code checks: SMS-CODE-LEAK, SMS-REPLAY, SMS-OTP-WEAK and SMS-BRUTEFORCE.
 * Codes come from the sms-sim inbox, are registered with the redactor as
 * soon as they are read, and never appear in evidence. The probes that may
 * lock an account (brute force, resend-resets-the-counter) run in the
 * locking phase: brute force on account 0, the resend probe on account 1.
 */
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

/* Account i bootstrapped with an accepted code, or report why not
 * (id AA_CK_COUNT: report nothing). */
static int
need_enrolled(struct aa_audit *a, enum aa_check_id id, size_t i)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const char *why;
	char buf[200];

	if (aa_sms_ready(a, 0, &why) != AA_OK) {
		not_tested(a, id, why);
		return 0;
	}
	if (aa_profile_step(a->profile, "sms_verify") == NULL) {
		not_tested(a, id, "profile has no sms_verify step");
		return 0;
	}
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

void
aa_sms_leak(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	json_t *ev;

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
	const char *phone = a->profile->accounts[0].phone;
	char why[256];
	int accepted = 0, granted = 0, arrived = 0, r;

	if (!need_enrolled(a, AA_CK_SMS_REPLAY, 0))
		goto out;
	/* Positive control: a fresh code completed a pending login (taken
	 * from the two-codes measurement when it ran: one text fewer). */
	if (aa_audit_selected(a, AA_CK_SMS_OTP_WEAK))
		aa_sms_measure_several(a);
	if (L->login_code != NULL) {
		code = L->login_code;
		L->login_code = NULL;
		granted = 1;
	} else {
		if ((r = aa_audit_login_pending(a, 0, &s, why, sizeof(why))) !=
		    AA_OK) {
			aa_audit_report(a, AA_CK_SMS_REPLAY, AA_NOT_TESTED,
			    NULL, "%s", why);
			goto out;
		}
		if ((r = aa_sms_send(a, s, phone, &arrived, &code, trail,
		    NULL)) != AA_OK || code == NULL ||
		    (r = aa_sms_verify(a, s, aa_secret_str(code), &accepted,
		    trail)) != AA_OK ||
		    (accepted && (r = aa_audit_protected(a, s, &granted,
		    trail)) != AA_OK)) {
			aa_audit_report(a, AA_CK_SMS_REPLAY, AA_NOT_TESTED,
			    json_pack("{s:O}", "requests", trail), "no fresh "
			    "SMS code completed a login: %s", r != AA_OK ?
			    aa_strerr(r) : "none arrived");
			goto out;
		}
		aa_session_free(&s);
	}
	if (!granted) {
		aa_audit_report(a, AA_CK_SMS_REPLAY, AA_NOT_TESTED, json_pack(
		    "{s:O}", "requests", trail), "a fresh SMS code did not "
		    "complete the login");
		goto out;
	}
	/* The same code in a new login, with no new text sent. */
	granted = 0;
	if ((r = aa_audit_login_pending(a, 0, &s, why, sizeof(why))) != AA_OK ||
	    (r = aa_sms_verify(a, s, aa_secret_str(code), &accepted,
	    trail)) != AA_OK ||
	    (accepted && (r = aa_audit_protected(a, s, &granted, trail)) !=
	    AA_OK)) {
		aa_audit_report(a, AA_CK_SMS_REPLAY, AA_ERROR, json_pack("{s:O}",
		    "requests", trail), "replay probe failed: %s", aa_strerr(r));
		goto out;
	}
	aa_audit_report(a, AA_CK_SMS_REPLAY, granted ? AA_FAIL : AA_PASS,
	    json_pack("{s:b,s:O}", "second_use_accepted", granted,
	    "requests", trail), granted ? "a used SMS code completed a "
	    "second login" : "a used SMS code was refused the second time; "
	    "fresh, it had completed a login");
out:
	aa_secret_free(&code);
	aa_session_free(&s);
	json_decref(trail);
}

/* Two codes sent back to back: is the first still valid? */
void
aa_sms_measure_several(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const char *phone = a->profile->naccounts > 0 ?
	    a->profile->accounts[0].phone : NULL;
	struct aa_session *s = NULL;
	aa_secret_t *c1 = NULL, *c2 = NULL;
	int arrived1 = 0, arrived2 = 0, ok1 = 0, ok2 = 0;
	json_t *trail = json_array();

	if (L->weak_several != -1 || phone == NULL)
		goto out;
	if (aa_sms_bootstrap(a, 0) != AA_OK || !L->acct[0].enrolled ||
	    aa_sms_fresh(a, 0, 1, &s) != AA_OK ||
	    aa_sms_send(a, s, phone, &arrived1, &c1, NULL, NULL) != AA_OK ||
	    aa_sms_send(a, s, phone, &arrived2, &c2, NULL, NULL) != AA_OK ||
	    c1 == NULL || c2 == NULL)
		goto out;
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
			aa_secret_free(&L->login_code);
			L->login_code = ok1 ? c1 : c2;
			if (ok1)
				c1 = NULL;
			else
				c2 = NULL;
		}
	}
	json_decref(L->weak_ev);
	L->weak_ev = json_pack("{s:b,s:b}", "first_of_two_accepted", ok1,
	    "second_accepted", ok2);
out:
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

void
aa_sms_measure_brute(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const char *phone;
	struct aa_session *s = NULL;
	aa_secret_t *c = NULL;
	char wrong[24], first[96] = "", sig[96];
	unsigned max = (unsigned)a->profile->limits.max_guesses;
	int arrived = 0, acc = 0, r, unpaced = -1;
	time_t t0 = time(NULL);

	if (L->brute_done != 0)
		return;
	L->brute_done = -1;
	if (!need_enrolled(a, AA_CK_COUNT, 0)) {
		L->brute_untested = 1;
		snprintf(L->brute_why, sizeof(L->brute_why), "account 0 could "
		    "not complete an SMS login");
		return;
	}
	phone = a->profile->accounts[0].phone;
	if ((r = aa_sms_fresh(a, 0, 1, &s)) != AA_OK ||
	    (r = aa_sms_send(a, s, phone, &arrived, &c, NULL, NULL)) != AA_OK ||
	    c == NULL) {
		/* No code to guess against is a missing precondition (a
		 * refused or throttled send, nothing in the inbox, a spent
		 * budget); only a failed connection is an error. */
		L->brute_untested = r != AA_ERR_NET && r != AA_ERR_TIMEOUT &&
		    r != AA_ERR_NOMEM;
		snprintf(L->brute_why, sizeof(L->brute_why), "no fresh code: "
		    "%s", r == AA_ERR_BUDGET ? "limits.max_sms or "
		    "limits.max_requests reached" : r != AA_OK ? aa_strerr(r) :
		    "nothing arrived in the inbox");
		goto out;
	}
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
	L->brute_ev = json_pack("{s:I,s:I,s:s,s:I,s:I}", "wrong_codes",
	    (json_int_t)L->brute_wrong, "answer_changed_at",
	    (json_int_t)L->brute_change_at, "correct_code_after",
	    acc ? "accepted" : "refused", "seconds",
	    (json_int_t)(time(NULL) - t0), "max_guesses", (json_int_t)max);
out:
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
		    "correct one was refused (lockout)", L->brute_wrong);
	else
		aa_audit_report(a, AA_CK_SMS_BRUTEFORCE, AA_FAIL,
		    json_deep_copy(L->brute_ev), "%u consecutive wrong codes, "
		    "then the correct code was still accepted", L->brute_wrong);
}

/* Does a resend forgive earlier wrong codes? Account 1, locking phase. */
void
aa_sms_measure_resend(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	aa_secret_t *c1 = NULL, *c2 = NULL;
	const char *phone;
	char wrong[24], sig[96];
	unsigned thr;
	int arrived, acc = 0;

	if (L->weak_resend != -1 || L->brute_done != 1 || !L->brute_locked ||
	    a->profile->naccounts < 2 ||
	    (phone = a->profile->accounts[1].phone) == NULL)
		return;
	/* The answer changed on the attempt after the lock took hold. */
	thr = L->brute_change_at > 1 ? L->brute_change_at - 1 : 5;
	if (aa_sms_bootstrap(a, 1) != AA_OK || !L->acct[1].enrolled ||
	    aa_sms_fresh(a, 1, 1, &s) != AA_OK ||
	    aa_sms_send(a, s, phone, &arrived, &c1, NULL, NULL) != AA_OK ||
	    c1 == NULL)
		goto out;
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
		not_tested(a, AA_CK_SMS_OTP_WEAK, "no code could be read and "
		    "verified (check sms.code_regex and sms_verify)");
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
	    "resend_probe", L->weak_resend == -1 ? "not run (needs a second "
	    "account and a measured lockout)" : "run");
	if (n > 0) {
		why[n >= 2 && n < sizeof(why) ? n - 2 : sizeof(why) - 1] = '\0';
		aa_audit_report(a, AA_CK_SMS_OTP_WEAK, AA_FAIL, ev, "%s", why);
	} else
		aa_audit_report(a, AA_CK_SMS_OTP_WEAK, AA_PASS, ev, "%zu-digit "
		    "codes, one valid at a time%s", L->digits,
		    L->weak_resend == 0 ? ", resend keeps the failure count" :
		    "");
}
