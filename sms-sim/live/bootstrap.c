/*
 * The first code of each account: the delivery proof (account 0), and
 * what the first text tells about the code (leak in the send response,
 * length, stated validity), then enrolment through sms_verify.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/engine/session.h"
#include "sms-sim/live/live.h"

/* Where (if anywhere) the code shows in a send response. */
static const char *
leak_place(const struct aa_step_result *res, const char *code)
{
	const char *k;
	json_t *v;
	size_t i;

	if (res->resp.body.ptr != NULL && strstr(res->resp.body.ptr, code))
		return "response body";
	json_object_foreach(res->resp.headers, k, v)
		if (json_is_string(v) && strstr(json_string_value(v), code))
			return "response header";
	json_array_foreach(res->resp.set_cookies, i, v)
		if (json_is_string(v) && strstr(json_string_value(v), code))
			return "cookie";
	return NULL;
}

/* Minutes of validity the text states ("expires in 5 minutes"). */
static int
stated_expiry(const char *body)
{
	const char *p = body;

	while ((p = strpbrk(p, "0123456789")) != NULL) {
		char *end;
		long v = strtol(p, &end, 10);

		while (*end == ' ')
			end++;
		if (strncmp(end, "min", 3) == 0 && v > 0 && v < 100000)
			return (int)v;
		if (strncmp(end, "hour", 4) == 0 && v > 0 && v < 1000)
			return (int)v * 60;
		p = end;
	}
	return -1;
}

void
aa_sms_first_text(struct aa_audit *a, const char *phone,
    const struct aa_step_result *res, const char *code, const char *body)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const char *where = leak_place(res, code);

	L->login_seen = 1;
	L->digits = strlen(code);
	L->expiry_min = stated_expiry(body);
	if (where != NULL) {
		L->leak = 1;
		snprintf(L->leak_where, sizeof(L->leak_where), "sms_send %s",
		    where);
	}
	if (L->proof_ev == NULL)
		L->proof_ev = json_pack("{s:s,s:s,s:b,s:[O*]}", "inbox",
		    L->inbox, "phone", phone, "delivered", 1, "requests",
		    res->evidence);
}

/* Finish the pending login of s with a factor other than SMS. */
static int
complete_other(struct aa_audit *a, struct aa_session *s)
{
	char why[256];
	int granted = 0, r;

	r = aa_audit_pass_second(a, s, ~(1u << AA_FACTOR_SMS), NULL, NULL,
	    &granted, NULL, why, sizeof(why));
	return r == AA_OK && !granted ? AA_ERR_HTTP : r;
}

int
aa_sms_bootstrap(struct aa_audit *a, size_t i)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	const struct aa_account *acc;
	aa_secret_t *code = NULL;
	json_t *trail = NULL;
	int r, accepted = 0, arrived = 0;

	if (L == NULL)
		return AA_ERR_NOMEM;
	if (i >= a->profile->naccounts)
		return AA_ERR_ARG;
	if (L->acct[i].bootstrapped)
		return L->acct[i].code != NULL || L->acct[i].enrolled ? AA_OK :
		    AA_ERR_NOTFOUND;
	acc = &a->profile->accounts[i];
	if (acc->phone == NULL)
		return AA_ERR_ARG;
	/* Enrolled by the baseline, and a login text already read: no text
	 * more (a number may allow only 3 per window). */
	if (L->acct[i].enrolled && L->login_seen && L->proof == 1) {
		L->acct[i].bootstrapped = 1;
		return AA_OK;
	}
	L->acct[i].bootstrapped = 1;
	if ((trail = json_array()) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_sms_fresh(a, i, 1, &s)) != AA_OK)
		goto out;
	if (i == 0 && L->proof != 1)
		L->proof = 0;
	r = aa_sms_send(a, s, acc->phone, &arrived, &code, trail, NULL);
	if (r == AA_OK && !arrived)
		r = AA_ERR_NOTFOUND;
	else if (r == AA_OK && code == NULL)
		r = AA_ERR_PARSE; /* arrived, but the regex found no code */
	if (r != AA_OK)
		goto out;
	if (i == 0)
		L->proof = 1;
	if (aa_profile_step(a->profile, "sms_verify") != NULL &&
	    (r = aa_sms_verify(a, s, aa_secret_str(code), &accepted,
	    trail)) != AA_OK)
		goto out;
	/* A login pending on another factor cannot use SMS yet: complete
	 * it with that factor, then enrol the phone in the full session. */
	if (!accepted && aa_profile_step(a->profile, "sms_verify") != NULL &&
	    complete_other(a, s) == AA_OK &&
	    (r = aa_sms_verify(a, s, aa_secret_str(code), &accepted,
	    trail)) != AA_OK)
		goto out;
	L->acct[i].enrolled = accepted;
	L->acct[i].code = code;
	code = NULL;
	r = AA_OK;
out:
	/* No login text was read (the proof failed): the attempt is the
	 * evidence. */
	if (i == 0 && L->proof_ev == NULL)
		L->proof_ev = json_pack("{s:s,s:s,s:b,s:O}", "inbox", L->inbox,
		    "phone", acc->phone, "delivered", L->proof == 1,
		    "requests", trail);
	json_decref(trail);
	aa_secret_free(&code);
	aa_session_free(&s);
	return r;
}

int
aa_sms_enroll_steps(struct aa_audit *a, size_t i, struct aa_session *s,
    char *why, size_t whylen)
{
	struct aa_sms_live *L = aa_sms_live(a);
	const char *phone = a->profile->accounts[i].phone;
	struct aa_step_result res;
	aa_secret_t *code = NULL;
	const char *where;
	char cause[512];
	int arrived = 0, accepted = 0, r;

	memset(&res, 0, sizeof(res));
	if (L == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_sms_send_step(a, s, "sms_enroll", phone, &arrived, &code,
	    NULL, &res)) != AA_OK) {
		snprintf(why, whylen, "`sms_enroll`: %s", aa_strerr(r));
		goto out;
	}
	/* The enrolment text is the delivery proof: what its answer
	 * tells about the code counts for SMS-CODE-LEAK like a login's. */
	if (arrived && code != NULL && i == 0 &&
	    (where = leak_place(&res, aa_secret_str(code))) != NULL) {
		L->leak = 1;
		snprintf(L->leak_where, sizeof(L->leak_where), "sms_enroll %s",
		    where);
	}
	if (!arrived && !res.accepted) {
		/* Refused outright (a spent allowance is the usual 429):
		 * the answer says why, not where texts went. */
		double retry = aa_response_retry_after(&res.resp);
		char when[64] = "";

		if (retry > 0)
			snprintf(when, sizeof(when), "; the service says to "
			    "come back in %.0f s", retry);
		snprintf(why, whylen, "`sms_enroll` for %s was refused (HTTP "
		    "%ld)%s", phone, res.resp.status, when);
		r = AA_ERR_HTTP;
		goto out;
	}
	if (!arrived || code == NULL) {
		aa_sms_rejections(L->inbox, phone, 2000, cause,
		    sizeof(cause));
		snprintf(why, whylen, "no code from `sms_enroll` reached the "
		    "inbox for %s: %s", phone, arrived ? "the text held no "
		    "code the code regex finds" : cause);
		r = AA_ERR_HTTP;
		goto out;
	}
	if (i == 0)
		L->proof = 1;
	if ((r = aa_sms_verify_step(a, s, "sms_confirm", aa_secret_str(code),
	    &accepted, NULL)) != AA_OK)
		goto out;
	if (!accepted) {
		snprintf(why, whylen, "`sms_confirm` refused the code sent to "
		    "%s", phone);
		r = AA_ERR_HTTP;
		goto out;
	}
	L->digits = code->len;
	L->acct[i].enrolled = 1;
	r = AA_OK;
out:
	aa_step_result_release(&res);
	aa_secret_free(&code);
	return r;
}
