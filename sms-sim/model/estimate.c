/*
 * The loss model (docs/SMS-LOSS-MODEL.md). Per attacked country g, the
 * country-specific controls bound the sends to g; the shared controls
 * (attacker rate, per-IP, per-session, per-account, global) bound the sum
 * over all countries, which a revenue-maximising attacker fills dearest
 * country first. Loss = sum of admitted sends x price x segments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms-sim/model/estimate.h"
#include "sms-sim/sim/prices.h"

/* Inputs one model run may perturb. */
struct run {
	double rate, proxies, sessions, accounts;
	double numbers[AA_SMS_POLICY_MAX_BLOCKS];
	double prefixes[AA_SMS_POLICY_MAX_BLOCKS];
	double price[AA_SMS_POLICY_MAX_BLOCKS];
};

/* The attacker's default targets when the policy names none: the 12x
 * tier of GOV.UK Notify's multipliers, which match published hot spots. */
static const char *const default_targets[] = { "UZ", "PK", "LK", "ID", "MG" };

static double
windows(double horizon_s, const struct aa_sms_cap *c)
{
	double w = horizon_s / c->window_s;

	return w < 1 ? 1 : w;
}

/* Does the service text numbers of this type at all? */
static int
type_allowed(const struct aa_sms_policy *p, enum aa_phone_type t)
{
	return !p->has_line_types || (p->line_types & (1u << t)) != 0;
}

static int
allowed(const struct aa_sms_policy *p, const char *iso)
{
	if (!p->has_allowlist)
		return 1;
	for (size_t i = 0; i < p->nallow; i++)
		if (strcmp(p->allow[i], iso) == 0)
			return 1;
	return 0;
}

static double
price_of(const struct aa_sms_policy *p, const struct aa_sms_prices *pr,
    const char *iso)
{
	for (size_t i = 0; i < p->nprices; i++)
		if (strcmp(p->price_iso[i], iso) == 0)
			return p->price_usd[i];
	return aa_sms_price_country(pr, iso);
}

static void
set_min(double *best, char *name, double v, const char *vname)
{
	if (v < *best) {
		*best = v;
		snprintf(name, 32, "%s", vname);
	}
}

/* One evaluation; fills c[] (nblocks entries) and returns the loss. */
static double
model(const struct aa_sms_policy *p, const struct aa_sms_block *blocks,
    size_t nb, const struct run *in, struct aa_sms_country_est *c,
    char *shared_name, double *total_sends)
{
	const double T = p->horizon_days * 86400.0;
	const struct aa_sms_cap *cap = p->cap;
	double shared, loss = 0, sends = 0;
	size_t order[AA_SMS_POLICY_MAX_BLOCKS];
	double capg[AA_SMS_POLICY_MAX_BLOCKS];

	/* Shared capacity over the horizon. */
	shared = in->rate * T;
	snprintf(shared_name, 32, "attacker_rate");
	if (cap[AA_SMS_CTL_PER_IP].set)
		set_min(&shared, shared_name, in->proxies *
		    cap[AA_SMS_CTL_PER_IP].limit *
		    windows(T, &cap[AA_SMS_CTL_PER_IP]), "per_ip");
	if (cap[AA_SMS_CTL_PER_SESSION].set)
		set_min(&shared, shared_name, in->sessions *
		    cap[AA_SMS_CTL_PER_SESSION].limit *
		    windows(T, &cap[AA_SMS_CTL_PER_SESSION]), "per_session");
	if (cap[AA_SMS_CTL_PER_ACCOUNT].set)
		set_min(&shared, shared_name, in->accounts *
		    cap[AA_SMS_CTL_PER_ACCOUNT].limit *
		    windows(T, &cap[AA_SMS_CTL_PER_ACCOUNT]), "per_account");
	if (cap[AA_SMS_CTL_GLOBAL].set)
		set_min(&shared, shared_name, cap[AA_SMS_CTL_GLOBAL].limit *
		    windows(T, &cap[AA_SMS_CTL_GLOBAL]), "global");

	for (size_t g = 0; g < nb; g++) {
		double best = INFINITY, rev, cost;
		char *bn = c[g].binding;

		memcpy(c[g].iso, blocks[g].iso, 3);
		c[g].type = blocks[g].type;
		c[g].price = in->price[g];
		c[g].sends = c[g].loss = 0;
		snprintf(bn, sizeof(c[g].binding), "none");
		order[g] = g;
		if (!allowed(p, blocks[g].iso)) {
			capg[g] = 0;
			snprintf(bn, sizeof(c[g].binding), "geo_allowlist");
			continue;
		}
		if (!type_allowed(p, blocks[g].type)) {
			capg[g] = 0;
			snprintf(bn, sizeof(c[g].binding), "line_types");
			continue;
		}
		rev = p->revenue_share * in->price[g] * p->segments;
		cost = p->cost_per_request_usd +
		    (p->captcha ? p->captcha_cost_usd : 0);
		if (rev <= cost) {
			capg[g] = 0;
			snprintf(bn, sizeof(c[g].binding), p->captcha ?
			    "captcha" : "uneconomic");
			continue;
		}
		if (cap[AA_SMS_CTL_PER_NUMBER].set)
			set_min(&best, bn, in->numbers[g] *
			    cap[AA_SMS_CTL_PER_NUMBER].limit *
			    windows(T, &cap[AA_SMS_CTL_PER_NUMBER]),
			    "per_number");
		if (cap[AA_SMS_CTL_PER_PREFIX].set)
			set_min(&best, bn, in->prefixes[g] *
			    cap[AA_SMS_CTL_PER_PREFIX].limit *
			    windows(T, &cap[AA_SMS_CTL_PER_PREFIX]),
			    "per_prefix");
		if (cap[AA_SMS_CTL_PER_COUNTRY].set)
			set_min(&best, bn, cap[AA_SMS_CTL_PER_COUNTRY].limit *
			    windows(T, &cap[AA_SMS_CTL_PER_COUNTRY]),
			    "per_country");
		if (p->detector) {
			double periods = T / (p->detector_block_hours * 3600);

			set_min(&best, bn, in->prefixes[g] *
			    p->detector_lets_through * (periods < 1 ? 1 :
			    periods), "detector");
		}
		capg[g] = best;
	}
	/* Dearest first (insertion sort: at most a few hundred). */
	for (size_t i = 1; i < nb; i++)
		for (size_t j = i; j > 0 && in->price[order[j]] >
		    in->price[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	/* Equal prices share what is left evenly (water-filling), so a
	 * tie does not pile every send on the first country listed. */
	for (size_t i = 0; i < nb;) {
		size_t j = i, open;

		while (j < nb && in->price[order[j]] == in->price[order[i]])
			j++;
		do {
			double share;

			open = 0;
			for (size_t k = i; k < j; k++)
				if (capg[order[k]] > c[order[k]].sends)
					open++;
			if (open == 0 || shared <= 0)
				break;
			share = shared / (double)open;
			for (size_t k = i; k < j; k++) {
				size_t g = order[k];
				double want = capg[g] - c[g].sends;
				double n = want < share ? want : share;

				if (want <= 0)
					continue;
				c[g].sends += n;
				shared -= n;
			}
		} while (shared > 1e-9 && open > 0 &&
		    shared / (double)open > 1e-9);
		for (size_t k = i; k < j; k++) {
			size_t g = order[k];

			if (capg[g] > 0 && c[g].sends < capg[g] * (1 - 1e-12))
				snprintf(c[g].binding, sizeof(c[g].binding),
				    "%s", shared_name);
			c[g].loss = c[g].sends * in->price[g] * p->segments;
			loss += c[g].loss;
			sends += c[g].sends;
		}
		i = j;
	}
	*total_sends = sends;
	return loss;
}

/* xorshift64*: small, seeded, reproducible across platforms. */
static double
uniform(unsigned long long *st)
{
	unsigned long long x = *st;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*st = x;
	return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

static double
factor(unsigned long long *st, double spread)
{
	return exp((2 * uniform(st) - 1) * log1p(spread));
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
base_run(const struct aa_sms_policy *p, const struct aa_sms_prices *pr,
    const struct aa_sms_block *blocks, size_t nb, struct run *in)
{
	in->rate = p->rate_per_s;
	in->proxies = p->proxies;
	in->sessions = p->sessions;
	in->accounts = p->accounts;
	for (size_t g = 0; g < nb; g++) {
		in->numbers[g] = blocks[g].numbers;
		in->prefixes[g] = blocks[g].prefixes;
		in->price[g] = price_of(p, pr, blocks[g].iso);
	}
}

static double
point(const struct aa_sms_policy *p, const struct aa_sms_prices *pr,
    const struct aa_sms_block *blocks, size_t nb)
{
	struct aa_sms_country_est c[AA_SMS_POLICY_MAX_BLOCKS];
	struct run *in = malloc(sizeof(*in));
	char name[32];
	double sends, loss;

	if (in == NULL)
		return NAN;
	base_run(p, pr, blocks, nb, in);
	loss = model(p, blocks, nb, in, c, name, &sends);
	free(in);
	return loss;
}

/* Is cap c looser than `limit per window` (or absent)? */
static int
looser(const struct aa_sms_cap *c, double limit, double window_s)
{
	return !c->set || c->limit / c->window_s > limit / window_s;
}

/* Try each single hardening step; keep the one that cuts most. */
static void
best_cut(const struct aa_sms_policy *p, const struct aa_sms_prices *pr,
    const struct aa_sms_block *blocks, size_t nb, struct aa_sms_estimate *e)
{
	static const struct { enum aa_sms_ctl ctl; double limit, win;
	    const char *text; } caps[] = {
		{ AA_SMS_CTL_PER_COUNTRY, 100, 86400, "100 per country per day" },
		{ AA_SMS_CTL_PER_PREFIX, 10, 86400, "10 per prefix per day" },
		{ AA_SMS_CTL_PER_NUMBER, 3, 600, "3 per number per 10 minutes" },
		{ AA_SMS_CTL_PER_IP, 5, 3600, "5 per IP per hour" },
		{ AA_SMS_CTL_PER_SESSION, 5, 3600, "5 per session per hour" },
	};
	struct aa_sms_policy *q = malloc(sizeof(*q));
	double l;

	snprintf(e->best_control, sizeof(e->best_control), "none");
	snprintf(e->best_setting, sizeof(e->best_setting), "no single change "
	    "lowers the estimate");
	e->best_loss = e->loss;
	if (q == NULL)
		return;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		if (!looser(&p->cap[caps[i].ctl], caps[i].limit, caps[i].win))
			continue;
		memcpy(q, p, sizeof(*q));
		q->cap[caps[i].ctl].set = 1;
		q->cap[caps[i].ctl].limit = caps[i].limit;
		q->cap[caps[i].ctl].window_s = caps[i].win;
		if ((l = point(q, pr, blocks, nb)) < e->best_loss) {
			e->best_loss = l;
			snprintf(e->best_control, sizeof(e->best_control), "%s",
			    aa_sms_ctl_name(caps[i].ctl));
			snprintf(e->best_setting, sizeof(e->best_setting), "%s",
			    caps[i].text);
		}
	}
	if (p->nserved > 0) {
		memcpy(q, p, sizeof(*q));
		q->has_allowlist = 1;
		memcpy(q->allow, p->served, sizeof(q->allow));
		q->nallow = p->nserved;
		if ((l = point(q, pr, blocks, nb)) < e->best_loss) {
			e->best_loss = l;
			snprintf(e->best_control, sizeof(e->best_control),
			    "geo_allowlist");
			snprintf(e->best_setting, sizeof(e->best_setting),
			    "send only to the served countries");
		}
	}
	if (!p->has_line_types) {
		memcpy(q, p, sizeof(*q));
		q->has_line_types = 1;
		q->line_types = 1u << AA_PHONE_MOBILE |
		    1u << AA_PHONE_FIXED_LINE_OR_MOBILE;
		if ((l = point(q, pr, blocks, nb)) < e->best_loss) {
			e->best_loss = l;
			snprintf(e->best_control, sizeof(e->best_control),
			    "line_types");
			snprintf(e->best_setting, sizeof(e->best_setting),
			    "text mobile numbers only (a carrier lookup)");
		}
	}
	if (!p->detector) {
		memcpy(q, p, sizeof(*q));
		q->detector = 1;
		q->detector_lets_through = 1000;
		q->detector_block_hours = 12;
		if ((l = point(q, pr, blocks, nb)) < e->best_loss) {
			e->best_loss = l;
			snprintf(e->best_control, sizeof(e->best_control),
			    "detector");
			snprintf(e->best_setting, sizeof(e->best_setting),
			    "provider prefix blocking (1000 sends, then 12 h)");
		}
	}
	free(q);
}

int
aa_sms_estimate(const struct aa_sms_policy *p,
    const struct aa_sms_prices *pr, struct aa_sms_estimate *e)
{
	struct aa_sms_block dflt[sizeof(default_targets) /
	    sizeof(default_targets[0])];
	const struct aa_sms_block *blocks = p->blocks;
	size_t nb = p->nblocks;
	struct run *in = NULL, *mc = NULL;
	double *losses = NULL, sends, maxloss = -1;
	unsigned long long st;
	char name[32];
	int r = AA_ERR_NOMEM;

	memset(e, 0, sizeof(*e));
	if (nb == 0) {
		nb = sizeof(dflt) / sizeof(dflt[0]);
		for (size_t g = 0; g < nb; g++) {
			memcpy(dflt[g].iso, default_targets[g], 3);
			dflt[g].type = AA_PHONE_MOBILE;
			dflt[g].numbers = 10000;
			dflt[g].prefixes = 1;
		}
		blocks = dflt;
	}
	if ((in = malloc(sizeof(*in))) == NULL ||
	    (mc = malloc(sizeof(*mc))) == NULL)
		goto out;
	e->horizon_days = p->horizon_days;
	e->nc = nb;
	base_run(p, pr, blocks, nb, in);
	e->loss = model(p, blocks, nb, in, e->c, name, &sends);
	e->sends = sends;
	snprintf(e->binding, sizeof(e->binding), "none");
	for (size_t g = 0; g < nb; g++)
		if (e->c[g].loss > maxloss ||
		    (maxloss <= 0 && e->c[g].loss <= 0 && g == 0)) {
			maxloss = e->c[g].loss;
			snprintf(e->binding, sizeof(e->binding), "%s",
			    e->c[g].binding);
		}
	e->runs = p->runs;
	if (p->runs > 0) {
		struct aa_sms_country_est scratch[AA_SMS_POLICY_MAX_BLOCKS];
		double sum = 0, pf;

		if ((losses = malloc(p->runs * sizeof(*losses))) == NULL)
			goto out;
		st = p->seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL;
		if (st == 0)
			st = 1;
		for (unsigned k = 0; k < p->runs; k++) {
			*mc = *in;
			mc->rate *= factor(&st, p->spread);
			mc->proxies *= factor(&st, p->spread);
			mc->accounts *= factor(&st, p->spread);
			if (mc->sessions < AA_SMS_UNLIMITED)
				mc->sessions *= factor(&st, p->spread);
			/* One price level per run: the attacker picks the
			 * dearest country, so independent per-country draws
			 * would bias the range upwards. */
			pf = factor(&st, p->spread);
			for (size_t g = 0; g < nb; g++) {
				mc->numbers[g] *= factor(&st, p->spread);
				mc->prefixes[g] *= factor(&st, p->spread);
				mc->price[g] *= pf;
			}
			losses[k] = model(p, blocks, nb, mc, scratch, name,
			    &sends);
			sum += losses[k];
		}
		qsort(losses, p->runs, sizeof(*losses), dcmp);
		e->mc_mean = sum / p->runs;
		e->mc_p5 = losses[(size_t)(0.05 * (p->runs - 1))];
		e->mc_p50 = losses[(size_t)(0.50 * (p->runs - 1))];
		e->mc_p95 = losses[(size_t)(0.95 * (p->runs - 1))];
	} else
		e->mc_mean = e->mc_p5 = e->mc_p50 = e->mc_p95 = e->loss;
	best_cut(p, pr, blocks, nb, e);
	r = AA_OK;
out:
	free(losses);
	free(in);
	free(mc);
	return r;
}
