/*
 * The "sms" audit module's entry points: the module (run order of the
 * checks per phase) and the second-factor provider other modules use to
 * complete a login with an SMS code read from the sms-sim inbox.
 */
#include <stddef.h>

#include "sms-sim/live/live.h"

/* Second-factor provider: send to the account's phone, read the inbox. */
static int
provider_code(struct aa_audit *a, size_t account, struct aa_session *s,
    aa_secret_t **out)
{
	const struct aa_profile *p = a->profile;
	const char *why;
	int arrived, r;

	*out = NULL;
	if (account >= p->naccounts || p->accounts[account].phone == NULL)
		return AA_ERR_STEP;
	/* Enrolling SMS needs another factor first: not this one. */
	if (aa_sms_live(a) == NULL || aa_sms_live(a)->in_bootstrap)
		return AA_ERR_STEP;
	if ((r = aa_sms_ready(a, 0, &why)) != AA_OK)
		return r == AA_ERR_NOMEM ? r : AA_ERR_STEP;
	if ((r = aa_sms_send(a, s, p->accounts[account].phone, &arrived, out,
	    NULL, NULL)) != AA_OK)
		return r;
	return *out != NULL ? AA_OK : AA_ERR_NOTFOUND;
}

const struct aa_factor_provider aa_sms_provider = {
	"sms", "sms_verify", provider_code
};

static int
run(struct aa_audit *a, enum aa_phase phase)
{
	static const char *const ids[] = {
		"SMS-CODE-LEAK", "SMS-BRUTEFORCE", "SMS-REPLAY", "SMS-OTP-WEAK",
		"SMS-RATE-NUMBER", "SMS-RATE-CLIENT", "SMS-SEQUENTIAL",
		"SMS-GEO", "SMS-ANON-TRIGGER", "SMS-PUMPING-EXPOSURE",
	};
	struct aa_sms_live *L;
	const char *why;
	int any = 0, r;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		any |= aa_audit_selected(a, ids[i]);
	if (!any)
		return AA_OK;
	if ((L = aa_sms_live(a)) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_sms_ready(a, 0, &why)) != AA_OK) {
		aa_audit_not_tested(a, "sms", "%s", why);
		return AA_OK;
	}
	if (L->proof == 1)
		aa_report_factor(a->report, AA_FACTOR_SMS, 1,
		    "sms_send delivered a code to sms-sim");
	if (phase == AA_PHASE_MAIN) {
		if (aa_audit_selected(a, "SMS-CODE-LEAK"))
			aa_sms_check_leak(a);
		if (aa_audit_selected(a, "SMS-REPLAY"))
			aa_sms_check_replay(a);
		if (aa_audit_selected(a, "SMS-OTP-WEAK"))
			aa_sms_measure_several(a);
		if (aa_audit_selected(a, "SMS-RATE-NUMBER"))
			aa_sms_check_rate(a, "SMS-RATE-NUMBER", &L->number);
		if (aa_audit_selected(a, "SMS-RATE-CLIENT"))
			aa_sms_check_rate(a, "SMS-RATE-CLIENT", &L->client);
		if (aa_audit_selected(a, "SMS-SEQUENTIAL"))
			aa_sms_check_rate(a, "SMS-SEQUENTIAL", &L->seq);
		if (aa_audit_selected(a, "SMS-GEO"))
			aa_sms_check_rate(a, "SMS-GEO", &L->geo);
		if (aa_audit_selected(a, "SMS-ANON-TRIGGER"))
			aa_sms_check_rate(a, "SMS-ANON-TRIGGER", &L->anon);
		if (aa_audit_selected(a, "SMS-PUMPING-EXPOSURE"))
			aa_sms_check_pumping(a);
		return AA_OK;
	}
	if (aa_audit_selected(a, "SMS-BRUTEFORCE") ||
	    aa_audit_selected(a, "SMS-OTP-WEAK"))
		aa_sms_measure_brute(a);
	if (aa_audit_selected(a, "SMS-BRUTEFORCE"))
		aa_sms_check_brute(a);
	if (aa_audit_selected(a, "SMS-OTP-WEAK")) {
		aa_sms_measure_resend(a);
		aa_sms_check_weak(a);
	}
	return AA_OK;
}

const struct aa_module aa_sms_module = { "sms", run };
