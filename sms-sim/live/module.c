/*
 * The "sms" module: the SMS factor (codes read from the sms-sim inbox the
 * target texts through) and the SMS-* checks. Probes that spend a
 * number's send limits run in the planner's spend phase, brute force in
 * the lock phase, after everything else needs the factor.
 */
#include <stdio.h>
#include <stddef.h>

#include "sms-sim/live/live.h"

static int
f_possible(struct aa_audit *a, size_t acct, char *why, size_t whylen)
{
	const char *w;

	if (aa_profile_step(a->profile, "sms_verify") == NULL) {
		snprintf(why, whylen, "the profile has no `sms_verify` step");
		return 0;
	}
	if (a->profile->accounts[acct].phone == NULL) {
		snprintf(why, whylen, "the account has no phone");
		return 0;
	}
	/* Nothing is sent here: a number's send limit (3 per 10 minutes on
	 * some services) is for the checks; delivery is proved at
	 * enrolment. */
	if (aa_sms_configured(a, &w) != AA_OK) {
		snprintf(why, whylen, "%s", w);
		return 0;
	}
	return 1;
}

static int
f_enroll(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	struct aa_sms_live *L = aa_sms_live(a);
	int r;

	/* The service's own phone enrolment when the profile has it: the
	 * number is the account's, in the full session s. */
	if (aa_profile_step(a->profile, "sms_enroll") != NULL &&
	    aa_profile_step(a->profile, "sms_confirm") != NULL)
		return aa_sms_enroll_steps(a, acct, s, why, whylen);
	if ((r = aa_sms_bootstrap(a, acct)) != AA_OK || !L->acct[acct].enrolled) {
		snprintf(why, whylen, "a code sent to %s did not enrol SMS "
		    "(sms_verify refused it or no code arrived)",
		    a->profile->accounts[acct].phone);
		return r != AA_OK ? r : AA_ERR_HTTP;
	}
	return AA_OK;
}

/* Send to the account's phone in s and read the code from the inbox. */
static int
f_code(struct aa_audit *a, size_t acct, struct aa_session *s,
    aa_secret_t **out)
{
	const struct aa_profile *p = a->profile;
	int arrived, r;

	*out = NULL;
	if (acct >= p->naccounts || p->accounts[acct].phone == NULL)
		return AA_ERR_STEP;
	if ((r = aa_sms_send(a, s, p->accounts[acct].phone, &arrived, out,
	    NULL, NULL)) != AA_OK)
		return r;
	return *out != NULL ? AA_OK : AA_ERR_NOTFOUND;
}

static int
f_remove(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	int ok = 0, r;

	r = aa_audit_disable(a, s, AA_FACTOR_SMS, NULL, 1, &ok, NULL, why,
	    whylen);
	if (r == AA_OK && !ok)
		r = AA_ERR_HTTP;
	if (r == AA_OK)
		aa_sms_live(a)->acct[acct].enrolled = 0;
	return r;
}

const struct aa_factor_impl aa_sms_factor = {
	.factor = AA_FACTOR_SMS,
	.verify_step = "sms_verify",
	.possible = f_possible,
	.enroll = f_enroll,
	.code = f_code,
	.remove = f_remove,
};

static int
unmet(struct aa_audit *a, const struct aa_check_def *d, char *why,
    size_t whylen)
{
	const char *w;

	(void)d;
	if (aa_sms_ready(a, 0, &w) == AA_OK)
		return 0;
	snprintf(why, whylen, "%s", w);
	return 1;
}

void
aa_sms_check_leak(struct aa_audit *a, const struct aa_check_def *d)
{
	(void)d;
	aa_sms_leak(a);
}

void
aa_sms_check_replay(struct aa_audit *a, const struct aa_check_def *d)
{
	(void)d;
	aa_sms_replay(a);
}

void
aa_sms_check_brute(struct aa_audit *a, const struct aa_check_def *d)
{
	(void)d;
	aa_sms_measure_brute(a);
	aa_sms_brute(a);
}

void
aa_sms_check_weak(struct aa_audit *a, const struct aa_check_def *d)
{
	(void)d;
	aa_sms_measure_several(a);
	aa_sms_measure_brute(a);
	aa_sms_measure_resend(a);
	aa_sms_weak(a);
}

void
aa_sms_check_rate_number(struct aa_audit *a, const struct aa_check_def *d)
{
	aa_sms_rate(a, d->cid, &aa_sms_live(a)->number);
}

void
aa_sms_check_rate_client(struct aa_audit *a, const struct aa_check_def *d)
{
	aa_sms_rate(a, d->cid, &aa_sms_live(a)->client);
}

void
aa_sms_check_sequential(struct aa_audit *a, const struct aa_check_def *d)
{
	aa_sms_rate(a, d->cid, &aa_sms_live(a)->seq);
}

void
aa_sms_check_geo(struct aa_audit *a, const struct aa_check_def *d)
{
	aa_sms_rate(a, d->cid, &aa_sms_live(a)->geo);
}

void
aa_sms_check_anon(struct aa_audit *a, const struct aa_check_def *d)
{
	aa_sms_rate(a, d->cid, &aa_sms_live(a)->anon);
}

void
aa_sms_check_pumping(struct aa_audit *a, const struct aa_check_def *d)
{
	(void)d;
	aa_sms_pumping(a);
}

#undef AA_IMPL_sms
#define AA_IMPL_sms(e, fn) { AA_CK_##e, fn },
static const struct aa_check_impl checks[] = {
#define AA_CHECK AA_MODULE_ROW
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
};

const struct aa_module aa_sms_module = {
	.name = "sms",
	.checks = checks,
	.nchecks = sizeof(checks) / sizeof(checks[0]),
	.factor = &aa_sms_factor,
	.unmet = unmet,
	.state_free = aa_sms_live_free,
};
