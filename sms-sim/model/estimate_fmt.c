/*
 * Renderers of a loss estimate: JSON (reports, --format json) and the
 * aligned text table of `sms-sim estimate`.
 */
#include <math.h>
#include <stdio.h>

#include "sms-sim/model/estimate.h"
#include "sms-sim/sim/country.h"

json_t *
aa_sms_estimate_json(const struct aa_sms_estimate *e)
{
	json_t *arr = json_array(), *j;

	for (size_t g = 0; arr != NULL && g < e->nc; g++)
		json_array_append_new(arr, json_pack(
		    "{s:s,s:s,s:f,s:f,s:f,s:s}", "country", e->c[g].iso,
		    "type", aa_sms_type_name(e->c[g].type), "price_usd",
		    e->c[g].price, "sends", round(e->c[g].sends), "loss_usd",
		    round(e->c[g].loss * 100) / 100, "binding",
		    e->c[g].binding));
	j = json_pack("{s:f,s:f,s:f,s:{s:i,s:f,s:f,s:f,s:f},s:s,"
	    "s:{s:s,s:s,s:f},s:o}",
	    "horizon_days", e->horizon_days, "sends", round(e->sends),
	    "loss_usd", round(e->loss * 100) / 100,
	    "range", "runs", (int)e->runs, "mean_usd", round(e->mc_mean),
	    "p5_usd", round(e->mc_p5), "p50_usd", round(e->mc_p50),
	    "p95_usd", round(e->mc_p95),
	    "binding", e->binding,
	    "largest_cut", "control", e->best_control, "setting",
	    e->best_setting, "loss_usd", round(e->best_loss * 100) / 100,
	    "countries", arr);
	return j;
}

int
aa_sms_estimate_text(const struct aa_sms_estimate *e, char *buf, size_t len)
{
	size_t o = 0;
	int n;

#define OUT(...) do { \
	n = snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__); \
	if (n < 0) return AA_ERR_INTERNAL; \
	o += (size_t)n; \
} while (0)
	OUT("%-8s %-13s %10s %16s %16s  %s\n", "country", "type", "USD/seg",
	    "sends", "loss USD", "binding control");
	for (size_t g = 0; g < e->nc; g++)
		OUT("%-8s %-13.13s %10.4f %16.0f %16.2f  %s\n", e->c[g].iso,
		    aa_sms_type_name(e->c[g].type), e->c[g].price,
		    e->c[g].sends, e->c[g].loss, e->c[g].binding);
	OUT("\nover %.*f days: %.0f fraudulent sends, expected loss $%.2f\n",
	    e->horizon_days == floor(e->horizon_days) ? 0 : 1,
	    e->horizon_days, e->sends, e->loss);
	OUT("range (%u Monte Carlo runs): p5 $%.0f, median $%.0f, p95 $%.0f,"
	    " mean $%.0f\n", e->runs, e->mc_p5, e->mc_p50, e->mc_p95,
	    e->mc_mean);
	OUT("binding control: %s\n", e->binding);
	OUT("largest cut: %s (%s) -> $%.2f\n", e->best_control,
	    e->best_setting, e->best_loss);
#undef OUT
	return o < len ? AA_OK : AA_ERR_TOOBIG;
}
