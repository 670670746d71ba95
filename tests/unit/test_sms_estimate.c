/* sms-sim loss model: policy parsing, closed-form math, Twitter scale. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "sms-sim/model/compare.h"
#include "sms-sim/model/estimate.h"
#include "tests/unit/tap.h"

static struct aa_sms_policy pol;
static struct aa_sms_estimate est;

static int
run(const char *json)
{
	struct aa_diag d = { "" };
	int r;

	if ((r = aa_sms_policy_parse(json, strlen(json), &pol, &d)) != AA_OK) {
		tap_diag("policy: %s", d.msg);
		return r;
	}
	return aa_sms_estimate(&pol, NULL, &est);
}

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-6 * (fabs(b) + 1);
}

/* Before/after share everything but the controls; periods are exact. */
static void
compare(void)
{
	static struct aa_sms_compare c, y;
	struct aa_diag d = { "" };
	const char *j = "{\"horizon_days\":7,\"controls\":{\"per_ip\":"
	    "{\"limit\":5,\"per\":\"1h\"},\"captcha\":true},\"attacker\":"
	    "{\"rate_per_s\":100,\"proxies\":1000,\"number_blocks\":"
	    "[{\"country\":\"UZ\",\"numbers\":10000}]},\"prices\":"
	    "{\"UZ\":0.1},\"uncertainty\":{\"runs\":200}}";

	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_OK,
	    "compare: policy parses");
	is_int(aa_sms_compare_run(&pol, NULL, "month", &c), AA_OK,
	    "compare: runs");
	ok(near(c.days, 365.0 / 12), "a month is a twelfth of a year");
	/* per-IP: 1000 x 5/h over a month; none: 100/s over a month. */
	ok(near(c.after.sends, 1000 * 5 * 24 * 365.0 / 12),
	    "after: the per-IP cap over a month (%.0f)", c.after.sends);
	ok(near(c.before.sends, 100 * 86400 * 365.0 / 12),
	    "before: the attacker's rate over a month (%.0f)",
	    c.before.sends);
	is_str(c.before.binding, "attacker_rate", "before: nothing else binds");
	ok(c.before.loss > c.after.loss, "the controls cut the loss");
	ok(near(aa_sms_compare_budget(&c), c.after.mc_p95) &&
	    c.after.mc_p95 >= c.after.loss, "budget is the p95 with controls");
	is_int(aa_sms_compare_run(&pol, NULL, "year", &y), AA_OK, "per year");
	ok(near(y.after.sends, 12 * c.after.sends), "a year is 12 months");
	is_int(aa_sms_compare_run(&pol, NULL, "horizon", &y), AA_OK,
	    "per horizon");
	ok(near(y.days, 7), "horizon: the policy's 7 days");
	is_int(aa_sms_compare_run(&pol, NULL, "week", &y), AA_ERR_ARG,
	    "unknown period refused");
	aa_sms_policy_no_controls(&pol);
	ok(!pol.cap[AA_SMS_CTL_PER_IP].set && !pol.captcha &&
	    !pol.has_allowlist && !pol.detector, "no_controls clears them all");
}

/* per-IP binds: 1000 proxies x 5/h x 720 h = 3.6 M sends. */
static void
per_ip_binds(void)
{
	double first;

	is_int(run("{\"horizon_days\":30,\"controls\":{\"per_ip\":{\"limit\":5,"
	    "\"per\":\"1h\"}},\"attacker\":{\"rate_per_s\":100,\"proxies\":1000,"
	    "\"number_blocks\":[{\"country\":\"UZ\",\"numbers\":10000}]},"
	    "\"prices\":{\"UZ\":0.1},\"uncertainty\":{\"runs\":100}}"), AA_OK,
	    "per-IP policy runs");
	ok(near(est.sends, 3.6e6), "per-IP bound: 3.6 M sends (got %.0f)",
	    est.sends);
	ok(near(est.loss, 3.6e5), "loss = sends x $0.10 (got %.2f)", est.loss);
	is_str(est.binding, "per_ip", "binding control named");
	ok(est.mc_p5 <= est.mc_p50 && est.mc_p50 <= est.mc_p95,
	    "range is ordered");
	ok(est.mc_p5 < est.loss && est.loss < est.mc_p95,
	    "point estimate inside the range");
	first = est.mc_mean;
	run("{\"horizon_days\":30,\"controls\":{\"per_ip\":{\"limit\":5,"
	    "\"per\":\"1h\"}},\"attacker\":{\"rate_per_s\":100,\"proxies\":1000,"
	    "\"number_blocks\":[{\"country\":\"UZ\",\"numbers\":10000}]},"
	    "\"prices\":{\"UZ\":0.1},\"uncertainty\":{\"runs\":100}}");
	ok(est.mc_mean == first, "fixed seed: Monte Carlo reproducible");
}

/* per-country cap binds: 200/day x 5 countries x 30 d = 30,000. */
static void
per_country_binds(void)
{
	is_int(run("{\"controls\":{\"per_ip\":{\"limit\":5,\"per\":\"1h\"},"
	    "\"per_country\":{\"limit\":200,\"per\":\"1d\"}},\"attacker\":{"
	    "\"rate_per_s\":100,\"number_blocks\":["
	    "{\"country\":\"UZ\"},{\"country\":\"PK\"},{\"country\":\"LK\"},"
	    "{\"country\":\"ID\"},{\"country\":\"MG\"}]},\"prices\":{"
	    "\"UZ\":0.1,\"PK\":0.1,\"LK\":0.1,\"ID\":0.1,\"MG\":0.1},"
	    "\"uncertainty\":{\"runs\":0}}"), AA_OK, "per-country policy runs");
	ok(near(est.sends, 30000), "5 countries x 200/day x 30 d (got %.0f)",
	    est.sends);
	ok(near(est.loss, 3000), "$3,000 / month (got %.2f)", est.loss);
	is_str(est.c[0].binding, "per_country", "per-country binds");
}

/* geo allowlist of US only: nothing reaches UZ. */
static void
geo_allowlist(void)
{
	run("{\"served_countries\":[\"US\"],\"controls\":{\"geo_allowlist\":"
	    "[\"US\"]},\"attacker\":{\"number_blocks\":[{\"country\":\"UZ\"}]},"
	    "\"uncertainty\":{\"runs\":0}}");
	ok(est.loss == 0, "allowlist: zero loss");
	is_str(est.c[0].binding, "geo_allowlist", "allowlist named");
}

/* No controls: the attacker's own rate binds, and the best cut is
 * a per-prefix or per-country cap (numbers are plentiful). */
static void
no_controls(void)
{
	run("{\"served_countries\":[\"US\"],\"attacker\":{\"rate_per_s\":10,"
	    "\"number_blocks\":[{\"country\":\"UZ\",\"numbers\":10000}]},"
	    "\"prices\":{\"UZ\":0.25},\"uncertainty\":{\"runs\":0}}");
	ok(near(est.sends, 10 * 86400.0 * 30), "attacker rate binds");
	is_str(est.binding, "attacker_rate", "named attacker_rate");
	ok(strcmp(est.best_control, "geo_allowlist") == 0,
	    "largest cut: allowlist to served (got %s)", est.best_control);
	ok(est.best_loss == 0, "allowlist cuts to zero");
}

/* CAPTCHA dearer than the attacker's share makes it uneconomic. */
static void
captcha(void)
{
	run("{\"controls\":{\"captcha\":{\"cost_usd\":0.05}},\"attacker\":{"
	    "\"revenue_share\":0.3,\"number_blocks\":[{\"country\":\"UZ\"}]},"
	    "\"prices\":{\"UZ\":0.1},\"uncertainty\":{\"runs\":0}}");
	ok(est.loss == 0, "CAPTCHA at $0.05 > 0.3 x $0.10: no attack");
	run("{\"controls\":{\"captcha\":true},\"attacker\":{"
	    "\"number_blocks\":[{\"country\":\"UZ\"}]},"
	    "\"prices\":{\"UZ\":0.1},\"uncertainty\":{\"runs\":0}}");
	ok(est.loss > 0, "commodity CAPTCHA ($0.002) does not stop it");
}

/* Detector: 1000 per prefix per 12 h, 2 prefixes, 30 d = 120,000. */
static void
detector(void)
{
	run("{\"controls\":{\"detector\":{\"lets_through\":1000,"
	    "\"block_hours\":12}},\"attacker\":{\"rate_per_s\":100,"
	    "\"number_blocks\":[{\"country\":\"UZ\",\"prefixes\":2}]},"
	    "\"uncertainty\":{\"runs\":0}}");
	ok(near(est.sends, 120000), "detector bound (got %.0f)", est.sends);
}

/* Number types: a mobile-only service (carrier lookup) starves a
 * premium-rate block, not the mobile one beside it. */
static void
number_types(void)
{
	struct aa_diag d = { "" };
	const char *j;

	j = "{\"controls\":{\"per_number\":{\"limit\":3,\"per\":\"10m\"},"
	    "\"line_types\":[\"mobile\",\"fixed_line_or_mobile\"]},"
	    "\"attacker\":{\"rate_per_s\":100,\"number_blocks\":["
	    "{\"country\":\"UZ\",\"numbers\":100},"
	    "{\"country\":\"GB\",\"type\":\"premium_rate\",\"numbers\":100}]},"
	    "\"prices\":{\"UZ\":0.1,\"GB\":0.5},\"uncertainty\":{\"runs\":0}}";
	is_int(run(j), AA_OK, "policy with block types and line_types runs");
	is_int(est.c[0].type, AA_PHONE_MOBILE, "blocks are mobile by default");
	is_int(est.c[1].type, AA_PHONE_PREMIUM_RATE, "block type parsed");
	ok(est.c[1].sends == 0, "premium-rate block gets nothing");
	is_str(est.c[1].binding, "line_types", "line_types named");
	ok(near(est.c[0].sends, 100 * 3 * 6 * 24 * 30.0),
	    "mobile block: per-number bound (got %.0f)", est.c[0].sends);
	/* Without the control the dearer premium-rate block is open and the
	 * type allowlist is the largest cut. */
	j = "{\"controls\":{\"per_number\":{\"limit\":3,\"per\":\"10m\"}},"
	    "\"attacker\":{\"rate_per_s\":100,\"number_blocks\":["
	    "{\"country\":\"GB\",\"type\":\"voip\",\"numbers\":100000},"
	    "{\"country\":\"GB\",\"type\":\"premium_rate\",\"numbers\":"
	    "100000}]},\"prices\":{\"GB\":0.5},\"uncertainty\":{\"runs\":0}}";
	is_int(run(j), AA_OK, "two types in one country stay two blocks");
	is_int((long long)est.nc, 2, "two rows");
	is_str(est.best_control, "line_types", "largest cut: mobile only");
	ok(est.best_loss == 0, "which stops VoIP and premium-rate pumping");
	j = "{\"attacker\":{\"number_blocks\":[{\"country\":\"UZ\","
	    "\"type\":\"landline\"}]}}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "unknown block type rejected");
	ok(strstr(d.msg, "/attacker/number_blocks/0/type") != NULL,
	    "diag names the member: %s", d.msg);
	j = "{\"controls\":{\"line_types\":[\"mobile\",7]}}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "non-string line type rejected");
	ok(strstr(d.msg, "/controls/line_types/1") != NULL,
	    "diag names the element: %s", d.msg);
}

/* Twitter-scale worked example (docs/examples): order of $60 M/yr. */
static void
twitter_scale(void)
{
	const char *j;

	j = "{\"name\":\"twitter\",\"horizon_days\":365,"
	    "\"controls\":{\"per_number\":{\"limit\":5,\"per\":\"1h\"},"
	    "\"per_ip\":{\"limit\":20,\"per\":\"1h\"}},"
	    "\"attacker\":{\"rate_per_s\":15,\"proxies\":100000,"
	    "\"number_blocks\":[{\"country\":\"UZ\",\"numbers\":1000000,"
	    "\"prefixes\":100},{\"country\":\"PK\",\"numbers\":1000000,"
	    "\"prefixes\":100}]},\"prices\":{\"UZ\":0.13,\"PK\":0.13},"
	    "\"uncertainty\":{\"runs\":200}}";
	is_int(run(j), AA_OK, "Twitter-scale policy runs");
	ok(est.loss > 1e7 && est.loss < 3e8,
	    "Twitter scale: tens of millions per year (got %.0f)", est.loss);
}

/* Parser errors name the pointer. */
static void
parser_errors(void)
{
	struct aa_diag d = { "" };
	const char *j;

	is_int(aa_sms_policy_parse("{\"horizon_days\":-1}", 19, &pol, &d),
	    AA_ERR_PARSE, "negative horizon rejected");
	ok(strstr(d.msg, "/horizon_days") != NULL, "diag names the member");
	j = "{\"controls\":{\"per_ip\":{\"limit\":5,\"per\":\"1w\"}}}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "unknown window unit rejected");
	j = "{\"attacker\":{\"number_blocks\":[{\"country\":\"U\"}]}}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "bad country rejected");
	j = "{\"uncertainty\":{\"runs\":1e9}}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "too many runs rejected");
	is_int(aa_sms_policy_parse("[]", 2, &pol, &d), AA_ERR_PARSE,
	    "non-object rejected");
	j = "{\"controls\":{\"per_numbr\":{\"limit\":3,\"per\":\"1h\"}}}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "misspelt control rejected");
	ok(strstr(d.msg, "did you mean \"per_number\"") != NULL,
	    "... naming the control meant: %s", d.msg);
	j = "{\"served_countries\":[\"XX\"]}";
	is_int(aa_sms_policy_parse(j, strlen(j), &pol, &d), AA_ERR_PARSE,
	    "unknown country rejected");
}

int
main(void)
{
	per_ip_binds();
	per_country_binds();
	geo_allowlist();
	no_controls();
	captcha();
	detector();
	number_types();
	twitter_scale();
	parser_errors();
	compare();
	return tap_done();
}
