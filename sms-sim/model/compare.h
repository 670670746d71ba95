/*
 * What a product team asks of the loss model: what would pumping cost us
 * with no send controls, what does it cost with ours, per month, and which
 * figure goes in the budget. Both runs share the attacker, the prices and
 * the Monte Carlo seed, so the difference is the controls alone.
 */
#ifndef AA_SMS_COMPARE_H
#define AA_SMS_COMPARE_H

#include <stdio.h>

#include <jansson.h>

#include "sms-sim/model/estimate.h"

/* The periods figures can be given for (`--per`). */
#define AA_SMS_MONTH_DAYS (365.0 / 12)
#define AA_SMS_YEAR_DAYS 365.0

struct aa_sms_compare {
	char per[16];                   /* "month" "year" "horizon" */
	double days;                    /* the period the figures cover */
	struct aa_sms_estimate before;  /* no send controls */
	struct aa_sms_estimate after;   /* the policy's controls */
};

/* Take every send control out of p (attacker, prices, model stay). */
void aa_sms_policy_no_controls(struct aa_sms_policy *p);
/*
 * Run the model on p without and with its controls over `per`: "month"
 * (365/12 days), "year" (365) or "horizon" (the policy's horizon_days).
 * AA_ERR_ARG for another per, AA_ERR_NOMEM.
 */
int aa_sms_compare_run(const struct aa_sms_policy *p,
    const struct aa_sms_prices *prices, const char *per,
    struct aa_sms_compare *out);
/* The figure to budget: p95 of the policy's run (see the text). */
double aa_sms_compare_budget(const struct aa_sms_compare *c);
/* The policy's estimate JSON plus "per", "period_days", "no_controls",
 * "saved_usd" and "budget" (new reference). */
json_t *aa_sms_compare_json(const struct aa_sms_compare *c);
/* Before/after, the budget sentence, then the per-country table. */
int aa_sms_compare_text(const struct aa_sms_compare *c, char *buf,
    size_t len);
/* One self-contained HTML page with an inline SVG chart of both runs. */
int aa_sms_compare_html(const struct aa_sms_compare *c, const char *name,
    const char *prices, FILE *fp);

#endif
