/*
 * The planner: runs every selected live check of the table once, in phase
 * order (passive reads, main probes, probes that spend a shared budget,
 * probes that may lock, then the factor inventory), after checking the
 * preconditions the table gives it against what the baseline established.
 * A check that cannot get them is not_tested with the precise reason; a
 * check function that reports nothing is an error, never a silent pass.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/audit/audit_int.h"
#include "auth-audit/engine/http.h"

static const enum aa_phase order[] = {
	AA_PHASE_PASSIVE, AA_PHASE_MAIN, AA_PHASE_SPEND, AA_PHASE_LOCK,
	AA_PHASE_INV,
};

/* The module implementing id and its function (NULL when none). */
static const struct aa_module *
impl_of(const struct aa_audit *a, enum aa_check_id id, aa_check_fn **fn,
    size_t *mi)
{
	for (size_t i = 0; i < a->nmodules; i++) {
		const struct aa_module *m = a->opts.modules[i];

		for (size_t k = 0; k < m->nchecks; k++)
			if (m->checks[k].id == id) {
				*fn = m->checks[k].run;
				*mi = i;
				return m;
			}
	}
	*fn = NULL;
	return NULL;
}

static int
live(const struct aa_check_def *d)
{
	return (d->flags & AA_CHECK_OFFLINE) == 0;
}

int
aa_plan_module_wanted(const struct aa_audit *a, const struct aa_module *m)
{
	for (size_t k = 0; k < m->nchecks; k++)
		if (aa_audit_selected(a, m->checks[k].id))
			return 1;
	return 0;
}

int
aa_plan_any_need(const struct aa_audit *a, unsigned needs)
{
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (live(d) && (d->needs & needs) == needs &&
		    aa_audit_selected(a, d->cid))
			return 1;
	}
	return 0;
}

size_t
aa_plan_accounts(const struct aa_audit *a)
{
	size_t n = aa_plan_any_need(a, AA_NEED_TWO) ? 2 : 1;

	return n < a->profile->naccounts ? n : a->profile->naccounts;
}

static const char *
uname(const struct aa_audit *a, size_t i)
{
	const char *u = a->profile->accounts[i].username;

	return u != NULL ? u : "?";
}

static unsigned
bit(enum aa_factor f)
{
	return 1u << f;
}

/*
 * A missing step of d->steps into why; 1 when one is missing. A word
 * "a|b|c" is satisfied by any of its steps and named by the first.
 */
static int
missing_step(const struct aa_audit *a, const struct aa_check_def *d,
    char *why, size_t whylen)
{
	const char *p = d->steps;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, " "), k;
		const char *alt = p;
		char name[64], first[64] = "";
		int have = 0;

		while (alt < p + n) {
			k = strcspn(alt, "| ");
			if (k > 0 && k < sizeof(name)) {
				memcpy(name, alt, k);
				name[k] = '\0';
				if (first[0] == '\0')
					snprintf(first, sizeof(first), "%s", name);
				have |= aa_profile_step(a->profile, name) != NULL;
			}
			alt += k;
			alt += *alt == '|';
		}
		if (!have && first[0] != '\0') {
			snprintf(why, whylen, "the profile has no `%s` step%s",
			    first, memchr(p, '|', n) ? " (nor another that "
			    "would do)" : "");
			return 1;
		}
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

/* Preconditions about account i that the baseline answers. */
static int
acct_unmet(struct aa_audit *a, const struct aa_check_def *d, size_t i,
    char *why, size_t whylen)
{
	const struct aa_baseline_acct *b = &a->base[i];
	unsigned codes = bit(AA_FACTOR_TOTP) | bit(AA_FACTOR_SMS) |
	    bit(AA_FACTOR_EMAIL) | bit(AA_FACTOR_RECOVERY_CODES);

	if (!b->tried) {
		snprintf(why, whylen, "the baseline did not run for %s",
		    uname(a, i));
		return 1;
	}
	if (!b->login) {
		snprintf(why, whylen, "%s", b->why[0] ? b->why :
		    "the password step was refused");
		return 1;
	}
	if ((d->needs & (AA_NEED_2FA | AA_NEED_CODE)) && b->usable == 0) {
		snprintf(why, whylen, "no second factor could be put on %s "
		    "and passed: %s", uname(a, i), b->why[0] ? b->why :
		    "the profile makes none possible");
		return 1;
	}
	/* AUTH-2FA-SKIP measures the rest itself: whether the password
	 * alone opens `protected` on an account with a factor. Every other
	 * probe needs a proved factor and the password alone refused, else
	 * its effect cannot be seen. */
	if ((d->needs & AA_NEED_2FA) && d->cid != AA_CK_AUTH_2FA_SKIP &&
	    b->proved == 0) {
		snprintf(why, whylen, "no factor of %s was proved to open "
		    "`protected`: %s", uname(a, i), b->why[0] ? b->why :
		    "see the baseline");
		return 1;
	}
	if ((d->needs & AA_NEED_2FA) && d->cid != AA_CK_AUTH_2FA_SKIP &&
	    b->required != 1) {
		snprintf(why, whylen, "the password alone already opens "
		    "`protected` for %s (%s), so this probe's effect cannot "
		    "be told apart", uname(a, i),
		    aa_check_name(AA_CK_AUTH_2FA_SKIP));
		return 1;
	}
	if ((d->needs & AA_NEED_FULL) && b->full == NULL && b->proved == 0 &&
	    b->required != 0) {
		snprintf(why, whylen, "no fully logged-in session of %s: %s",
		    uname(a, i), b->why[0] ? b->why : "see the baseline");
		return 1;
	}
	if ((d->needs & AA_NEED_CODE) && (b->usable & codes) == 0) {
		snprintf(why, whylen, "%s has no factor whose codes the "
		    "auditor can produce (TOTP, SMS through sms-sim, recovery "
		    "codes)", uname(a, i));
		return 1;
	}
	if ((d->needs & AA_NEED_TOTP) &&
	    (b->usable & bit(AA_FACTOR_TOTP)) == 0) {
		snprintf(why, whylen, "TOTP is not a factor the auditor can "
		    "pass for %s%s%s", uname(a, i), b->why[0] ? ": " : "",
		    b->why);
		return 1;
	}
	if ((d->needs & AA_NEED_RECOVERY) &&
	    (b->usable & bit(AA_FACTOR_RECOVERY_CODES)) == 0) {
		snprintf(why, whylen, "no recovery codes for %s (they back up "
		    "an enrolled factor: see the baseline)", uname(a, i));
		return 1;
	}
	return 0;
}

void
aa_plan_unmet(struct aa_audit *a, const struct aa_check_def *d, char *why,
    size_t whylen)
{
	const struct aa_module *m;
	aa_check_fn *fn;
	size_t mi = 0;

	why[0] = '\0';
	if ((m = impl_of(a, d->cid, &fn, &mi)) == NULL || fn == NULL) {
		snprintf(why, whylen, "module '%s' is not part of this build",
		    d->module);
		return;
	}
	if (a->mwhy[mi][0] != '\0') {
		snprintf(why, whylen, "%s", a->mwhy[mi]);
		return;
	}
	if (missing_step(a, d, why, whylen))
		return;
	if (a->protected_why[0] != '\0' && d->steps != NULL &&
	    strstr(d->steps, "protected") != NULL) {
		snprintf(why, whylen, "%s", a->protected_why);
		return;
	}
	if ((d->needs & AA_NEED_TWO) && a->profile->naccounts < 2) {
		snprintf(why, whylen, "needs two accounts in the profile (it "
		    "names one)");
		return;
	}
	if (d->needs & (AA_NEED_2FA | AA_NEED_FULL | AA_NEED_CODE |
	    AA_NEED_TOTP | AA_NEED_RECOVERY)) {
		size_t n = (d->needs & AA_NEED_TWO) ? 2 : 1;

		for (size_t i = 0; i < n; i++)
			if (acct_unmet(a, d, i, why, whylen))
				return;
	}
	if (m->unmet != NULL && m->unmet(a, d, why, whylen) && why[0] == '\0')
		snprintf(why, whylen, "a precondition of module '%s' is not "
		    "met", m->name);
}

/* The run stops when the target stops answering. */
static int
target_dead(struct aa_audit *a)
{
	int r = aa_http_dead(a->http);

	if (r == AA_OK)
		r = aa_http_stopped(a->http);
	if (r != AA_OK && a->stop == AA_OK)
		a->stop = r;
	return a->stop != AA_OK;
}

static size_t
count_planned(const struct aa_audit *a)
{
	size_t n = 0;

	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		n += live(d) && aa_audit_selected(a, d->cid);
	}
	return n;
}

void
aa_plan_run(struct aa_audit *a)
{
	size_t total = count_planned(a), done = 0;
	char why[512];

	for (size_t ph = 0; ph < sizeof(order) / sizeof(order[0]); ph++)
		for (size_t i = 0; i < aa_check_count(); i++) {
			const struct aa_check_def *d = aa_check_at(i);
			aa_check_fn *fn;
			size_t mi;

			if (!live(d) || d->phase != order[ph] ||
			    !aa_audit_selected(a, d->cid))
				continue;
			done++;
			if (aa_report_find(a->report, d->cid) != NULL)
				continue; /* a module reported it early */
			if (target_dead(a))
				return;
			aa_plan_unmet(a, d, why, sizeof(why));
			if (why[0] != '\0') {
				aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL,
				    "%s", why);
				continue;
			}
			aa_audit_progress(a, "[%zu/%zu] %s", done, total,
			    d->id);
			(void)impl_of(a, d->cid, &fn, &mi);
			fn(a, d);
			if (aa_report_find(a->report, d->cid) == NULL &&
			    !target_dead(a))
				aa_audit_report(a, d->cid, AA_ERROR, NULL,
				    "module '%s' produced no result for this "
				    "check", d->module);
		}
}

void
aa_plan_missing(struct aa_audit *a)
{
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);
		aa_check_fn *fn;
		size_t mi;

		if (!live(d) || !aa_audit_selected(a, d->cid) ||
		    aa_report_find(a->report, d->cid) != NULL)
			continue;
		if (a->stop == AA_ERR_DEADLINE)
			aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL,
			    "time budget spent (limits.max_seconds = %ld)",
			    a->profile->limits.max_seconds);
		else if (a->stop == AA_ERR_INTERRUPTED)
			aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL,
			    "interrupted");
		else if (a->stop != AA_OK)
			aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL,
			    "run stopped: target %s", aa_strerr(a->stop));
		else if (impl_of(a, d->cid, &fn, &mi) == NULL || fn == NULL)
			aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL,
			    "module '%s' is not part of this build", d->module);
		else
			aa_audit_report(a, d->cid, AA_ERROR, NULL,
			    "module '%s' produced no result for this check",
			    d->module);
	}
}
