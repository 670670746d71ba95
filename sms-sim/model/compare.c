/*
 * Before/after of the loss model (compare.h): the same policy without and
 * with its send controls, over a month by default, and the budget figure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms-sim/model/compare.h"

void
aa_sms_policy_no_controls(struct aa_sms_policy *p)
{
	for (int i = 0; i < AA_SMS_CTL_COUNT; i++)
		p->cap[i].set = 0;
	p->captcha = 0;
	p->has_allowlist = 0;
	p->nallow = 0;
	p->detector = 0;
}

int
aa_sms_compare_run(const struct aa_sms_policy *p,
    const struct aa_sms_prices *prices, const char *per,
    struct aa_sms_compare *out)
{
	struct aa_sms_policy *q;
	int r;

	memset(out, 0, sizeof(*out));
	if (per == NULL || (strcmp(per, "month") != 0 &&
	    strcmp(per, "year") != 0 && strcmp(per, "horizon") != 0))
		return AA_ERR_ARG;
	if ((q = malloc(sizeof(*q))) == NULL)
		return AA_ERR_NOMEM;
	*q = *p;
	snprintf(out->per, sizeof(out->per), "%s", per);
	/* The model runs over the period itself: caps with windows longer
	 * than a month do not scale linearly, so no figure is rescaled. */
	if (strcmp(per, "month") == 0)
		q->horizon_days = AA_SMS_MONTH_DAYS;
	else if (strcmp(per, "year") == 0)
		q->horizon_days = AA_SMS_YEAR_DAYS;
	out->days = q->horizon_days;
	if ((r = aa_sms_estimate(q, prices, &out->after)) == AA_OK) {
		aa_sms_policy_no_controls(q);
		r = aa_sms_estimate(q, prices, &out->before);
	}
	free(q);
	return r;
}

double
aa_sms_compare_budget(const struct aa_sms_compare *c)
{
	return c->after.mc_p95 > c->after.loss ? c->after.mc_p95 :
	    c->after.loss;
}

static json_t *
budget_json(const struct aa_sms_compare *c)
{
	return json_pack("{s:s, s:f, s:s}", "figure", "p95", "usd",
	    round(aa_sms_compare_budget(c)),
	    "why", "the loss stayed at or below it in 95% of the simulated "
	    "periods; expected is the figure at the stated assumptions "
	    "(compare policies with it), the mean averages a skewed range");
}

json_t *
aa_sms_compare_json(const struct aa_sms_compare *c)
{
	json_t *j = aa_sms_estimate_json(&c->after);

	if (j == NULL)
		return NULL;
	if (json_object_set_new(j, "per", json_string(c->per)) != 0 ||
	    json_object_set_new(j, "period_days",
	    json_real(round(c->days * 100) / 100)) != 0 ||
	    json_object_set_new(j, "no_controls",
	    aa_sms_estimate_json(&c->before)) != 0 ||
	    json_object_set_new(j, "saved_usd",
	    json_real(round((c->before.loss - c->after.loss) * 100) / 100)) !=
	    0 || json_object_set_new(j, "budget", budget_json(c)) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

int
aa_sms_compare_text(const struct aa_sms_compare *c, char *buf, size_t len)
{
	const struct aa_sms_estimate *b = &c->before, *a = &c->after;
	double saved = b->loss - a->loss;
	size_t o = 0;
	int n;

#define OUT(...) do { \
	n = snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__); \
	if (n < 0) return AA_ERR_INTERNAL; \
	o += (size_t)n; \
} while (0)
	OUT("per %s (%.1f days; the model runs over that period)\n\n",
	    c->per, c->days);
	OUT("%-22s %18s %18s\n", "", "no controls", "your controls");
	OUT("%-22s %18.2f %18.2f\n", "expected loss USD", b->loss, a->loss);
	OUT("%-22s %18.0f %18.0f\n", "mean USD", b->mc_mean, a->mc_mean);
	OUT("%-22s %18.0f %18.0f\n", "p5 USD", b->mc_p5, a->mc_p5);
	OUT("%-22s %18.0f %18.0f\n", "p95 USD", b->mc_p95, a->mc_p95);
	OUT("%-22s %18.0f %18.0f\n", "fraudulent sends", b->sends, a->sends);
	OUT("%-22s %18s %18s\n", "binding", b->binding, a->binding);
	OUT("\nyour controls save $%.2f per %s (%.0f%% of the loss without "
	    "them)\n", saved, c->per, b->loss > 0 ? 100 * saved / b->loss : 0);
	OUT("budget: $%.0f per %s, the p95 with your controls: the loss\n"
	    "  stayed at or below it in 95%% of the %u simulated %ss.\n",
	    aa_sms_compare_budget(c), c->per, a->runs, c->per);
	OUT("  expected ($%.2f): the figure at the stated assumptions;\n"
	    "    compare policies with it, do not budget it.\n", a->loss);
	OUT("  mean ($%.0f): the average of a skewed range (median $%.0f);\n"
	    "    a few runs pull it up, so do not budget it either.\n\n",
	    a->mc_mean, a->mc_p50);
#undef OUT
	if (o >= len)
		return AA_ERR_TOOBIG;
	return aa_sms_estimate_text(a, buf + o, len - o);
}
