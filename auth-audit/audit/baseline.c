/*
 * The baseline: before any check, what each test account is, proved with
 * real requests, and at the end the account put back as it was.
 *
 * Per account: the password step; whether `protected` opens with it alone
 * (an account with no second factor may legitimately open); enrolment of
 * every factor the profile makes possible (real factors first, backups
 * such as recovery codes once a real one is on); then the controls in
 * fresh sessions: the password alone must leave `protected` closed, and
 * the password plus each enrolled factor must open it for that account.
 * Account B is done only when a selected check needs a second account.
 * Enrolment of all accounts comes before the proofs, so one fresh TOTP
 * step serves every account's proof.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/audit/audit_int.h"
#include "auth-audit/engine/session.h"

static unsigned
bit(enum aa_factor f)
{
	return 1u << f;
}

static const char *
uname(const struct aa_audit *a, size_t i)
{
	const char *u = a->profile->accounts[i].username;

	return u != NULL ? u : "?";
}

static void note_v(struct aa_audit *a, size_t acct, const char *step,
    long status, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static void
note_v(struct aa_audit *a, size_t acct, const char *step, long status,
    const char *fmt, va_list ap)
{
	struct aa_baseline_acct *b = &a->base[acct];
	char line[400];
	json_t *o;

	vsnprintf(line, sizeof(line), fmt, ap);
	if (b->steps == NULL && (b->steps = json_array()) == NULL)
		return;
	o = json_pack("{s:s,s:s}", "step", step, "concluded", line);
	if (o != NULL && status > 0)
		json_object_set_new(o, "status", json_integer(status));
	json_array_append_new(b->steps, o);
	aa_audit_progress(a, "baseline %s: %s: %s", uname(a, acct), step, line);
}

void
aa_baseline_note(struct aa_audit *a, size_t acct, const char *step,
    long status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_v(a, acct, step, status, fmt, ap);
	va_end(ap);
}

void
aa_audit_note(struct aa_audit *a, size_t acct, const char *step,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_v(a, acct, step, 0, fmt, ap);
	va_end(ap);
}

/* Keep the first reason the baseline fell short for an account. */
static void
shortfall(struct aa_baseline_acct *b, const char *why)
{
	if (b->why[0] == '\0' && why != NULL && why[0] != '\0')
		snprintf(b->why, sizeof(b->why), "%s", why);
}

/* The factors whose login is a code (TOTP, SMS, recovery codes), and
 * those that sign in on their own here (passkeys). */
static void
factor_masks(const struct aa_audit *a, unsigned *code, unsigned *standalone)
{
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	size_t n = aa_login_factors(a, fis, AA_FACTOR_COUNT);

	*code = *standalone = 0;
	for (size_t i = 0; i < n; i++) {
		if (fis[i]->code != NULL)
			*code |= bit(fis[i]->factor);
		if (fis[i]->standalone != NULL && fis[i]->standalone(a))
			*standalone |= bit(fis[i]->factor);
	}
}

/*
 * Whether the selected checks want factor fi on account acct: its own
 * module's checks do; checks that only need some second factor take the
 * first real factor that can be had, plus the backups (cheap to pass).
 */
static int
wanted(const struct aa_audit *a, size_t acct, const struct aa_factor_impl *fi)
{
	static const unsigned any2fa = AA_NEED_2FA | AA_NEED_CODE |
	    AA_NEED_FULL | AA_NEED_RECOVERY | AA_NEED_TOTP |
	    AA_NEED_TOTP_ENROLLED | AA_NEED_CRED;
	unsigned backups = 1u << AA_FACTOR_RECOVERY_CODES, code, standalone;
	int need2fa = 0, needcode = 0;

	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if ((d->flags & AA_CHECK_OFFLINE) || !aa_audit_selected(a, d->cid))
			continue;
		need2fa |= (d->needs & any2fa) != 0;
		needcode |= (d->needs & AA_NEED_CODE) != 0;
		for (size_t k = 0; k < a->nmodules; k++) {
			const struct aa_module *m = a->opts.modules[k];

			if (m->factor != fi)
				continue;
			for (size_t j = 0; j < m->nchecks; j++)
				if (m->checks[j].id == d->cid)
					return 1;
		}
	}
	if (!need2fa)
		return 0;
	factor_masks(a, &code, &standalone);
	/* a key passes a login, but checks of codes need a code factor */
	if (needcode && fi->code != NULL && !fi->backup &&
	    (a->base[acct].usable & code & ~backups) == 0)
		return 1;
	/* a sign-in of its own serves no check of a second step, but it is
	 * another factor to manage (AUTH-FACTOR-IDOR); it is cheap, since
	 * only the software key offers it (fido/factor.c) */
	if (standalone & bit(fi->factor))
		return 1;
	return fi->backup ||
	    (a->base[acct].usable & ~backups & ~standalone) == 0;
}

/* Whether any selected check needs an account at all. */
static int
needs_accounts(const struct aa_audit *a)
{
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if ((d->flags & AA_CHECK_OFFLINE) || !aa_audit_selected(a, d->cid))
			continue;
		if (d->needs != 0 || (d->steps != NULL && d->steps[0] != '\0'))
			return 1;
	}
	return 0;
}

/* Enrol the factors of one pass (backups or real ones) in s. */
static void
enroll_pass(struct aa_audit *a, size_t acct, struct aa_session *s,
    int backups)
{
	struct aa_baseline_acct *b = &a->base[acct];
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	size_t n = aa_login_factors(a, fis, AA_FACTOR_COUNT);
	char why[256];

	/* Cheapest to pass first: a factor that only some checks need is
	 * not enrolled when a cheaper one already serves them. */
	for (size_t i = 0; i < n; i++) {
		const struct aa_factor_impl *fi = fis[i];
		unsigned fb = bit(fi->factor);
		int r;

		if (fi->backup != backups || (b->possible & fb) == 0 ||
		    (b->usable & fb) != 0 || !wanted(a, acct, fi))
			continue;
		why[0] = '\0';
		r = fi->enroll(a, acct, s, why, sizeof(why));
		if (r == AA_OK) {
			b->enrolled |= fb;
			b->usable |= fb;
			aa_baseline_note(a, acct, aa_factor_name(fi->factor), 0,
			    "enrolled by the audit");
		} else {
			aa_baseline_note(a, acct, aa_factor_name(fi->factor), 0,
			    "not enrolled: %s", why[0] ? why : aa_strerr(r));
			shortfall(b, why);
		}
	}
}

/* Login, the factors possible, a session to enrol in, enrolment. */
static void
establish(struct aa_audit *a, size_t acct)
{
	struct aa_baseline_acct *b = &a->base[acct];
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	struct aa_session *s = NULL;
	size_t n = aa_login_factors(a, fis, AA_FACTOR_COUNT);
	char why[256];
	long status = 0;
	int r, granted = 0;

	b->tried = 1;
	if ((r = aa_audit_login_password(a, acct, &s, &status, why,
	    sizeof(why))) != AA_OK) {
		shortfall(b, why);
		aa_baseline_note(a, acct, "login", status, "%s", why);
		if (r != AA_ERR_HTTP && a->stop == AA_OK &&
		    (r == AA_ERR_NET || r == AA_ERR_TIMEOUT))
			a->stop = r;
		return;
	}
	b->login = 1;
	if (aa_audit_protected(a, s, &granted, NULL) != AA_OK)
		goto out;
	b->open_alone_before = granted;
	aa_baseline_note(a, acct, "login", status, "password accepted; "
	    "`protected` %s", granted ? "opened with it alone (no second "
	    "factor yet)" : "stayed closed");
	for (size_t i = 0; i < n; i++) {
		int p;

		why[0] = '\0';
		p = fis[i]->possible(a, acct, why, sizeof(why));
		if (p > 0)
			b->possible |= bit(fis[i]->factor);
		/* 2: already on the account, usable without enrolment (a seed
		 * or codes given in the profile). */
		if (p == 2)
			b->usable |= bit(fis[i]->factor);
		if (p == 0 && why[0] != '\0')
			aa_baseline_note(a, acct, aa_factor_name(
			    fis[i]->factor), 0, "not possible: %s", why);
	}
	if (!granted && b->usable != 0) {
		/* A factor from the profile: pass it first, then enrol. */
		if (aa_audit_pass_second(a, s, b->usable, NULL, NULL, &granted,
		    NULL, why, sizeof(why)) == AA_OK && granted)
			aa_baseline_note(a, acct, "login", 0, "completed with a "
			    "factor given in the profile");
	}
	enroll_pass(a, acct, s, 0);
	/* Backups once a real factor is on; with none possible, whether a
	 * backup alone switches 2FA on is for the proof to observe. */
	if ((b->usable & ~(bit(AA_FACTOR_RECOVERY_CODES))) != 0 ||
	    (b->possible & ~(bit(AA_FACTOR_RECOVERY_CODES))) == 0)
		enroll_pass(a, acct, s, 1);
	if (b->usable == 0 && b->why[0] == '\0')
		snprintf(b->why, sizeof(b->why), "no second factor could be "
		    "enrolled for %s: the profile makes none possible "
		    "(docs/PROFILE.md, \"Baseline\")", uname(a, acct));
	/* Keep it when enrolment left it fully logged in. */
	if (aa_audit_protected(a, s, &granted, NULL) == AA_OK && granted) {
		b->full = s;
		s = NULL;
	}
out:
	aa_session_free(&s);
}

/*
 * The controls: password alone closed, password + each factor open.
 * lazy: an account a check asked for during the run; a factor whose code
 * costs a text or a wait is proved by the check's own first use, so a
 * number's few texts per window go to the check.
 */
static void
prove(struct aa_audit *a, size_t acct, int lazy)
{
	struct aa_baseline_acct *b = &a->base[acct];
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	struct aa_session *s = NULL;
	size_t n = aa_login_factors(a, fis, AA_FACTOR_COUNT);
	char why[256];
	long status = 0;
	int granted = 0, r;

	if (!b->login || b->usable == 0)
		return;
	if (aa_audit_login_password(a, acct, &s, &status, why, sizeof(why)) != AA_OK) {
		shortfall(b, why);
		return;
	}
	if (aa_audit_protected(a, s, &granted, NULL) != AA_OK)
		goto out;
	b->required = granted ? 0 : 1;
	aa_baseline_note(a, acct, "password alone", status, "`protected` %s",
	    granted ? "opened although a second factor is on the account" :
	    "stayed closed: a second factor is required");
	for (size_t i = 0; i < n; i++) {
		unsigned fb = bit(fis[i]->factor);
		enum aa_refusal rf;

		if ((b->usable & fb) == 0)
			continue;
		/* One proof is enough for the checks to start; a factor whose
		 * code costs a text or a wait for a fresh time step is proved
		 * by its first use in the run (aa_audit_pass_second). */
		if ((b->proved != 0 || lazy) && fis[i]->code != NULL &&
		    !fis[i]->backup) {
			aa_baseline_note(a, acct, aa_factor_name(fis[i]->factor),
			    0, "to be proved by its first use");
			continue;
		}
		if (s == NULL && (r = aa_audit_login_password(a, acct, &s,
		    &status, why, sizeof(why))) != AA_OK) {
			shortfall(b, why);
			if (r != AA_ERR_HTTP)
				break;
			continue;
		}
		why[0] = '\0';
		r = aa_audit_pass_second(a, s, fb, NULL, &rf, &granted, NULL,
		    why, sizeof(why));
		if (r == AA_OK && granted) {
			aa_baseline_note(a, acct, aa_factor_name(fis[i]->factor),
			    0, "password + %s opened `protected` for %s",
			    aa_factor_name(fis[i]->factor), uname(a, acct));
			if (b->full == NULL) {
				b->full = s;
				b->full_factor = fis[i]->factor;
				s = NULL;
			}
		} else {
			aa_baseline_note(a, acct, aa_factor_name(fis[i]->factor),
			    0, "not proved: %s", why[0] ? why : aa_strerr(r));
			shortfall(b, why);
			if (rf == AA_REFUSED_LOCKED)
				b->usable &= ~fb;
		}
		aa_session_free(&s);
	}
out:
	aa_session_free(&s);
}

/* Control of the ground truth itself: no login must not open it. */
static void
anonymous_control(struct aa_audit *a)
{
	struct aa_session *s = NULL;
	int granted = 0;

	if (aa_profile_step(a->profile, "protected") == NULL ||
	    aa_session_new(a->http, a->profile, 0, &s) != AA_OK)
		return;
	if (aa_audit_protected(a, s, &granted, NULL) == AA_OK && granted)
		snprintf(a->protected_why, sizeof(a->protected_why), "the "
		    "`protected` step counts a request with no login as granted; "
		    "its `ok` rule cannot tell access");
	aa_session_free(&s);
}

void
aa_baseline_run(struct aa_audit *a)
{
	size_t n = aa_plan_accounts(a);

	if (!needs_accounts(a) || aa_profile_step(a->profile, "login") == NULL)
		return;
	anonymous_control(a);
	aa_audit_progress(a, "baseline: %zu account%s", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && a->stop == AA_OK; i++)
		establish(a, i);
	if (aa_profile_step(a->profile, "protected") == NULL)
		return;
	for (size_t i = 0; i < n && a->stop == AA_OK; i++)
		prove(a, i, 0);
}

int
aa_audit_establish(struct aa_audit *a, size_t acct, char *why,
    size_t whylen)
{
	struct aa_baseline_acct *b;

	if (acct >= a->profile->naccounts || acct >= AA_MAX_ACCOUNTS) {
		snprintf(why, whylen, "the profile has no account %zu", acct + 1);
		return AA_ERR_ARG;
	}
	b = &a->base[acct];
	if (!b->tried && a->stop == AA_OK &&
	    aa_profile_step(a->profile, "login") != NULL) {
		aa_audit_progress(a, "baseline of %s, asked for by a check",
		    uname(a, acct));
		establish(a, acct);
		if (aa_profile_step(a->profile, "protected") != NULL &&
		    a->stop == AA_OK)
			prove(a, acct, 1);
	}
	if (!b->login) {
		snprintf(why, whylen, "%s", b->why[0] ? b->why : "the password "
		    "step was not accepted");
		return AA_ERR_STEP;
	}
	return AA_OK;
}

/* A session of acct that may still change its factors, or NULL. */
static struct aa_session *
cleanup_session(struct aa_audit *a, size_t acct)
{
	struct aa_baseline_acct *b = &a->base[acct];
	char why[256];
	int granted = 0;

	if (b->full != NULL && aa_audit_protected(a, b->full, &granted,
	    NULL) == AA_OK && granted)
		return b->full;
	aa_session_free(&b->full);
	if (aa_audit_login_full(a, acct, &b->full, why, sizeof(why)) !=
	    AA_OK) {
		aa_baseline_note(a, acct, "clean-up", 0, "no fully logged-in "
		    "session to remove factors with: %s", why);
		return NULL;
	}
	return b->full;
}

int
aa_audit_factor_remove(struct aa_audit *a, size_t acct,
    const struct aa_factor_impl *fi, struct aa_session *s, char *why,
    size_t whylen)
{
	int r = fi->remove(a, acct, s, why, whylen);

	if (r == AA_OK) {
		a->base[acct].removed |= bit(fi->factor);
		a->base[acct].usable &= ~bit(fi->factor);
	}
	return r;
}

void
aa_baseline_cleanup(struct aa_audit *a)
{
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	size_t n = aa_login_factors(a, fis, AA_FACTOR_COUNT);

	for (size_t acct = 0; acct < AA_MAX_ACCOUNTS; acct++) {
		struct aa_baseline_acct *b = &a->base[acct];

		/* Backups first: removing the last real factor may take
		 * them with it, or refuse while they exist. */
		for (int pass = 1; pass >= 0; pass--)
			for (size_t i = 0; i < n; i++) {
				const struct aa_factor_impl *fi = fis[i];
				unsigned fb = bit(fi->factor);
				struct aa_session *s;
				char why[256] = "";
				int r;

				if (fi->backup != pass || (b->enrolled & fb) == 0 ||
				    (b->removed & fb) != 0 || fi->remove == NULL)
					continue;
				if ((s = cleanup_session(a, acct)) == NULL)
					break;
				r = aa_audit_factor_remove(a, acct, fi, s, why,
				    sizeof(why));
				if (r == AA_OK) {
					aa_baseline_note(a, acct, "clean-up", 0,
					    "%s removed", aa_factor_name(fi->factor));
				} else
					aa_baseline_note(a, acct, "clean-up", 0,
					    "%s not removed: %s",
					    aa_factor_name(fi->factor),
					    why[0] ? why : aa_strerr(r));
			}
	}
}

void
aa_baseline_report(struct aa_audit *a)
{
	json_t *accts = json_array(), *o;

	for (size_t i = 0; i < a->profile->naccounts && i < AA_MAX_ACCOUNTS;
	    i++) {
		const struct aa_baseline_acct *b = &a->base[i];

		if (!b->tried)
			continue;
		o = json_pack("{s:s,s:b,s:o,s:o,s:o,s:o,s:o,s:b,s:O*}",
		    "username", uname(a, i), "login", b->login,
		    "second_factor_required", !b->login ||
		    (b->usable | b->removed) == 0 ?
		    json_null() : json_boolean(b->required == 1),
		    "possible", aa_factor_json(b->possible),
		    "enrolled_by_audit", aa_factor_json(b->enrolled),
		    "proved", aa_factor_json(b->proved),
		    "locked", aa_factor_json(b->locked),
		    "removed_at_end", (b->enrolled & ~b->removed) == 0,
		    "steps", b->steps);
		if (o != NULL && b->why[0] != '\0')
			json_object_set_new(o, "shortfall", json_string(b->why));
		json_array_append_new(accts, o);
	}
	json_decref(a->report->baseline);
	a->report->baseline = json_pack("{s:o}", "accounts", accts);
}

void
aa_baseline_release(struct aa_audit *a)
{
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++) {
		aa_session_free(&a->base[i].full);
		json_decref(a->base[i].steps);
		a->base[i].steps = NULL;
	}
}
