/*
 * SMS-PUMPING-EXPOSURE: the limits the live probes measured, fed into the
 * loss model (estimate.c) with the default attacker of
 * docs/SMS-LOSS-MODEL.md, against the profile's budget
 * (limits.sms_budget_usd, default $1,000 a month).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms-sim/model/compare.h"
#include "sms-sim/model/estimate.h"
#include "sms-sim/live/live.h"

/* A measured cap: what went through before the target stopped it. */
static void
cap_from(struct aa_sms_cap *c, const struct aa_sms_meas *m)
{
	if (m->done == 1 && m->served < m->tried) {
		c->set = 1;
		c->limit = m->served;
		c->window_s = AA_SMS_WINDOW_MIN * 60;
	}
}

void
aa_sms_pumping(struct aa_audit *a)
{
	static const char *const targets[] = { "UZ", "PK", "LK", "ID", "MG" };
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_sms_policy *p = NULL;
	struct aa_sms_estimate *e = NULL;
	double budget = a->profile->limits.sms_budget_usd, loss;
	char binding[32], best[96];
	const char *why;
	char cause[600];
	json_t *ev = NULL, *assumed;
	static const char *const what[] = { "the per-number limit",
		"the per-session limit", "the limit on consecutive numbers",
		"the destination countries" };
	const struct aa_sms_meas *meas[4];

	if (aa_sms_ready(a, 1, &why) != AA_OK) {
		aa_audit_report(a, AA_CK_SMS_PUMPING_EXPOSURE, AA_NOT_TESTED,
		    NULL, "%s", why);
		return;
	}
	aa_sms_measure(a, &L->number);
	aa_sms_measure(a, &L->client);
	aa_sms_measure(a, &L->seq);
	aa_sms_measure(a, &L->geo);
	aa_sms_measure(a, &L->anon);
	/* The model needs every control it weighs measured: a limit that
	 * was never seen at work is neither there nor absent. */
	meas[0] = &L->number;
	meas[1] = &L->client;
	meas[2] = &L->seq;
	meas[3] = &L->geo;
	for (size_t i = 0; i < sizeof(meas) / sizeof(meas[0]); i++)
		if (!aa_sms_meas_taught(a, meas[i], cause, sizeof(cause))) {
			aa_audit_report(a, AA_CK_SMS_PUMPING_EXPOSURE,
			    AA_NOT_TESTED, NULL, "%s could not be measured: %s",
			    what[i], cause);
			return;
		}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (e = calloc(1, sizeof(*e))) == NULL)
		goto out;
	aa_sms_policy_init(p);
	snprintf(p->name, sizeof(p->name), "measured: %s", a->profile->name ?
	    a->profile->name : "target");
	cap_from(&p->cap[AA_SMS_CTL_PER_NUMBER], &L->number);
	cap_from(&p->cap[AA_SMS_CTL_PER_SESSION], &L->client);
	cap_from(&p->cap[AA_SMS_CTL_PER_PREFIX], &L->seq);
	/* Sessions are free to the attacker: with a login required they
	 * cost an account, which sign-up makes cheap (docs). */
	p->sessions = AA_SMS_UNLIMITED;
	for (size_t i = 0; i < a->profile->nserved && i <
	    AA_SMS_POLICY_MAX_COUNTRIES; i++) {
		memcpy(p->served[i], a->profile->served_countries[i], 2);
		p->nserved++;
	}
	/* Geo: countries the probe reached are open; probed and refused
	 * ones mean an allowlist of the served countries. */
	if (L->geo.served == 0) {
		p->has_allowlist = 1;
		memcpy(p->allow, p->served, sizeof(p->allow));
		p->nallow = p->nserved;
	}
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		memcpy(p->blocks[p->nblocks].iso, targets[i], 3);
		p->blocks[p->nblocks].type = AA_PHONE_MOBILE;
		p->blocks[p->nblocks].numbers = 10000;
		p->blocks[p->nblocks].prefixes = 100;
		p->nblocks++;
	}
	p->runs = 500;
	if (aa_sms_estimate(p, NULL, e) != AA_OK)
		goto out;
	assumed = json_pack("{s:f,s:f,s:s,s:i}", "rate_per_s", p->rate_per_s,
	    "proxies", p->proxies, "numbers_per_country", "10000 in 100 "
	    "blocks", "horizon_days", (int)p->horizon_days);
	loss = e->loss;
	snprintf(binding, sizeof(binding), "%s", e->binding);
	snprintf(best, sizeof(best), "%s", e->best_setting);
	ev = aa_sms_estimate_json(e);
	/* What the measured controls are worth: the same attacker with no
	 * send control at all (reports draw both; docs/SMS-LOSS-MODEL.md). */
	aa_sms_policy_no_controls(p);
	if (ev != NULL && aa_sms_estimate(p, NULL, e) == AA_OK)
		json_object_set_new(ev, "no_controls", aa_sms_estimate_json(e));
	if (ev != NULL) {
		json_object_set_new(ev, "budget_usd", json_real(budget));
		json_object_set_new(ev, "attacker", assumed);
		json_object_set_new(ev, "measured", json_pack(
		    "{s:O*,s:O*,s:O*,s:O*,s:O*}", "per_number", L->number.ev,
		    "per_session", L->client.ev, "per_block", L->seq.ev,
		    "geo", L->geo.ev, "anonymous", L->anon.ev));
	} else
		json_decref(assumed);
	if (loss > budget)
		aa_audit_report(a, AA_CK_SMS_PUMPING_EXPOSURE, AA_FAIL, ev,
		    "estimated pumping loss $%.0f per month (budget $%.0f); "
		    "binding control: %s; largest cut: %s", loss, budget,
		    binding, best);
	else
		aa_audit_report(a, AA_CK_SMS_PUMPING_EXPOSURE, AA_PASS, ev,
		    "estimated pumping loss $%.0f per month, within the $%.0f "
		    "budget (binding control: %s)", loss, budget, binding);
	ev = NULL;
out:
	json_decref(ev);
	free(p);
	free(e);
}
