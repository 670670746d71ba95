/*
 * The rating, version 1 (docs/RATING.md is the normative description; keep
 * the two in step and bump AA_RATING_VERSION on any change of outcome).
 *
 * Scores are risk (0 best, 100 worst), a capped sum of weights of failed
 * checks; the grade is the score band, lowered by caps that name the check
 * responsible. Everything iterates in catalog order, so the same results
 * always give the same rating, caps included, in the same order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/report/format.h"

enum grade { G_PASSING, G_AVERAGE, G_FAILING };

static const char *const grade_names[] = { "Passing", "Average", "Failing" };

/* Security weight of a failed check, by severity (info never counts). */
static int
sec_weight(enum aa_sev sev)
{
	switch (sev) {
	case AA_SEV_CRITICAL:
		return 40;
	case AA_SEV_HIGH:
		return 20;
	case AA_SEV_MEDIUM:
		return 10;
	case AA_SEV_LOW:
		return 4;
	case AA_SEV_INFO:
		return 0;
	}
	return 0;
}

/*
 * Privacy checks are few and each one is a direct disclosure of personal
 * data, so they weigh five times their security weight.
 */
#define PRIVACY_FACTOR 5

static enum grade
band(int risk)
{
	if (risk <= 33)
		return G_PASSING;
	if (risk <= 66)
		return G_AVERAGE;
	return G_FAILING;
}

static enum grade
grade_of(const char *name)
{
	for (int g = G_PASSING; g <= G_FAILING; g++)
		if (strcmp(grade_names[g], name) == 0)
			return (enum grade)g;
	return G_PASSING;
}

static void add_cap(struct aa_rating *rt, enum grade g,
    enum aa_check_id check, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add_cap(struct aa_rating *rt, enum grade g, enum aa_check_id check,
    const char *fmt, ...)
{
	struct aa_cap *c;
	va_list ap;

	if (rt->ncaps >= sizeof(rt->caps) / sizeof(rt->caps[0]))
		return; /* Failing caps come first, so the grade is unaffected */
	c = &rt->caps[rt->ncaps++];
	snprintf(c->grade, sizeof(c->grade), "%s", grade_names[g]);
	snprintf(c->check, sizeof(c->check), "%s", aa_check_name(check));
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

static int
failed(const struct aa_result *r)
{
	return r != NULL && r->status == AA_FAIL &&
	    !(r->def->flags & AA_CHECK_INFO);
}

static int
ran(const struct aa_result *r)
{
	return r != NULL && (r->status == AA_PASS || r->status == AA_FAIL);
}

/* Comma-separated list of the offered factors; "" if none. */
static void
offered_list(const struct aa_report *rep, char *out, size_t outlen)
{
	size_t len = 0;

	out[0] = '\0';
	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		if (rep->factors[f] != 1 || len >= outlen)
			continue;
		len += (size_t)snprintf(out + len, outlen - len, "%s%s",
		    len ? ", " : "", aa_factor_name((enum aa_factor)f));
	}
}

/* Login factors other than phone/e-mail (recovery codes are no factor). */
static const enum aa_factor strong[] = {
	AA_FACTOR_TOTP, AA_FACTOR_WEBAUTHN, AA_FACTOR_PASSKEY, AA_FACTOR_PUSH,
};
static const enum aa_factor phone[] = {
	AA_FACTOR_SMS, AA_FACTOR_CALL, AA_FACTOR_EMAIL,
};

/* Caps from the factor inventory when the factor checks did not decide. */
static void
inventory_caps(const struct aa_report *rep, struct aa_rating *rt)
{
	int nphone = 0, nstrong_known = 0, nstrong = 0;
	char list[128];

	for (size_t i = 0; i < sizeof(strong) / sizeof(strong[0]); i++) {
		nstrong_known += rep->factors[strong[i]] != -1;
		nstrong += rep->factors[strong[i]] == 1;
	}
	for (size_t i = 0; i < sizeof(phone) / sizeof(phone[0]); i++)
		nphone += rep->factors[phone[i]] == 1;
	/* Only a fully known inventory can prove an absence. */
	if (nstrong != 0 || nstrong_known != (int)(sizeof(strong) /
	    sizeof(strong[0])))
		return;
	if (nphone > 0 && !ran(aa_report_find(rep, AA_CK_FACTOR_PHONE_ONLY))) {
		offered_list(rep, list, sizeof(list));
		add_cap(rt, G_AVERAGE, AA_CK_FACTOR_PHONE_ONLY,
		    "factor inventory: only phone or e-mail factors offered (%s)",
		    list);
	}
}

static void
factor_none_cap(const struct aa_report *rep, struct aa_rating *rt)
{
	for (int f = 0; f < AA_FACTOR_COUNT; f++)
		if (f != AA_FACTOR_RECOVERY_CODES && rep->factors[f] != 0)
			return;
	if (!ran(aa_report_find(rep, AA_CK_FACTOR_NONE)))
		add_cap(rt, G_FAILING, AA_CK_FACTOR_NONE,
		    "factor inventory: no second factor offered");
}

int
aa_rating_points(const struct aa_result *r)
{
	int w;

	if (!failed(r))
		return 0;
	w = sec_weight(r->def->severity);
	return (r->def->flags & AA_CHECK_PRIVACY) ? w * PRIVACY_FACTOR : w;
}

static void
owasp_mark(const struct aa_report *rep, unsigned bit, char *out, size_t n)
{
	int any_ran = 0, any_fail = 0;

	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *r = &rep->results[i];

		if (!(r->def->owasp & bit) || !ran(r))
			continue;
		any_ran = 1;
		if (failed(r) && r->def->severity >= AA_SEV_MEDIUM)
			any_fail = 1;
	}
	snprintf(out, n, "%s", any_fail ? "fail" :
	    any_ran ? "pass" : "not_tested");
}

static void
coverage(const struct aa_report *rep, struct aa_rating *rt)
{
	size_t na = 0;

	for (size_t i = 0; i < rep->nresults; i++) {
		switch (rep->results[i].status) {
		case AA_PASS:
		case AA_FAIL:
			rt->run++;
			break;
		case AA_NOT_TESTED:
		case AA_ERROR:
			rt->not_tested++;
			break;
		case AA_NOT_APPLICABLE:
			na++;
			break;
		}
	}
	rt->total = rep->nresults;
	/* Less than half of the applicable checks ran (or none applied). */
	rt->low_coverage = (rt->total - na == 0) || rt->run * 2 < rt->total - na;
}

void
aa_rating_compute(struct aa_report *rep)
{
	struct aa_rating *rt;
	int sec = 0, priv = 0;
	enum grade g;

	if (rep == NULL)
		return;
	rt = &rep->rating;
	memset(rt, 0, sizeof(*rt));
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *r = &rep->results[i];

		if (r->def->flags & AA_CHECK_PRIVACY)
			priv += aa_rating_points(r);
		else
			sec += aa_rating_points(r);
	}
	rt->security = sec > 100 ? 100 : sec;
	rt->privacy = priv > 100 ? 100 : priv;

	/* Caps, strongest first: critical fails, no factor, phone-only, high. */
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);
		const struct aa_result *r = aa_report_find(rep, d->cid);

		if (failed(r) && d->severity == AA_SEV_CRITICAL)
			add_cap(rt, G_FAILING, d->cid, "critical check failed: %s",
			    d->title);
	}
	factor_none_cap(rep, rt);
	if (failed(aa_report_find(rep, AA_CK_FACTOR_PHONE_ONLY)))
		add_cap(rt, G_AVERAGE, AA_CK_FACTOR_PHONE_ONLY,
		    "only phone or e-mail second factors are offered");
	else
		inventory_caps(rep, rt);
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (d->severity == AA_SEV_HIGH &&
		    failed(aa_report_find(rep, d->cid)))
			add_cap(rt, G_AVERAGE, d->cid,
			    "high-severity check failed: %s", d->title);
	}

	g = band(rt->security > rt->privacy ? rt->security : rt->privacy);
	for (size_t i = 0; i < rt->ncaps; i++)
		if (grade_of(rt->caps[i].grade) > g)
			g = grade_of(rt->caps[i].grade);
	owasp_mark(rep, AA_OWASP_M4, rt->m4, sizeof(rt->m4));
	owasp_mark(rep, AA_OWASP_M6, rt->m6, sizeof(rt->m6));
	coverage(rep, rt);
	/* No false green: a target that never answered gets no grade, and
	 * an audit where most applicable checks did not run cannot pass
	 * (a Failing found in what did run stands). */
	if (rep->no_grade)
		snprintf(rt->grade, sizeof(rt->grade), "%s", "none");
	else if (rt->low_coverage && g != G_FAILING)
		snprintf(rt->grade, sizeof(rt->grade), "%s", "Incomplete");
	else
		snprintf(rt->grade, sizeof(rt->grade), "%s", grade_names[g]);
}
