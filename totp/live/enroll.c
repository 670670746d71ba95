/*
 * The TOTP factor (enrolment by totp_enroll + totp_confirm, or a seed the
 * profile gives, codes, removal) and the checks enrolment answers:
 * TOTP-SEED-WEAK and TOTP-URI-NONSTANDARD (account A's secret and URI),
 * TOTP-ENROLL-UNVERIFIED (a login with the new seed before it was
 * confirmed), TOTP-SEED-REDISCLOSED (the secret fetched again later).
 * When TOTP-WINDOW is selected, account A's confirmation first tries a
 * code two steps old: the one moment no step of the new seed has been
 * accepted yet, so the past side of the window is measured without
 * waiting minutes for the service to forget its last step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"
#include "totp/seed.h"
#include "totp/uri_audit.h"

/* Seed from an enroll/secret step's extract: otpauth URI or base32. */
static int
seed_from(struct aa_audit *a, const json_t *ex, aa_secret_t **seed,
    struct aa_totp_uri **uri)
{
	const char *u = json_string_value(json_object_get(ex, "otpauth"));
	const char *b = json_string_value(json_object_get(ex, "secret"));

	*seed = NULL;
	if (uri != NULL)
		*uri = NULL;
	if (u != NULL) {
		struct aa_totp_uri *p = NULL;

		aa_redact_add(a->redact, u, strlen(u));
		if (aa_totp_uri_parse(u, strlen(u), &p, NULL) == AA_OK) {
			*seed = aa_secret_new(p->secret->ptr, p->secret->len);
			if (uri != NULL)
				*uri = p;
			else
				aa_totp_uri_free(&p);
		}
	}
	if (*seed == NULL && b != NULL) {
		aa_redact_add(a->redact, b, strlen(b));
		aa_totp_b32_decode(b, strlen(b), seed, NULL);
	}
	if (*seed != NULL)
		aa_totp_live_hide(a, *seed);
	return *seed != NULL ? AA_OK : AA_ERR_PARSE;
}

/* Account i's seed from the profile (`totp_secret` or `totp_secret_env`). */
static int
profile_seed(struct aa_audit *a, size_t i, aa_secret_t **seed)
{
	const json_t *f = a->profile->accounts[i].fields;
	const char *b = json_string_value(json_object_get(f, "totp_secret"));
	const char *env = json_string_value(json_object_get(f, "totp_secret_env"));

	*seed = NULL;
	if (b == NULL && env != NULL)
		b = getenv(env);
	if (b == NULL)
		return AA_ERR_NOTFOUND;
	aa_redact_add(a->redact, b, strlen(b));
	if (aa_totp_b32_decode(b, strlen(b), seed, NULL) != AA_OK)
		return AA_ERR_PROFILE;
	aa_totp_live_hide(a, *seed);
	return AA_OK;
}

static int
t_possible(struct aa_audit *a, size_t acct, char *why, size_t whylen)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[acct];
	int r;

	if (aa_profile_step(a->profile, "totp_verify") == NULL) {
		snprintf(why, whylen, "the profile has no `totp_verify` step");
		return 0;
	}
	if (ac->seed == NULL) {
		aa_totp_params_default(&ac->params);
		if ((r = profile_seed(a, acct, &ac->seed)) == AA_OK) {
			ac->from_profile = 1;
			return 2;
		}
		if (r != AA_ERR_NOTFOUND) {
			snprintf(why, whylen, "the account's totp_secret is not "
			    "base32");
			return 0;
		}
	} else if (ac->from_profile)
		return 2;
	if (aa_profile_step(a->profile, "totp_enroll") == NULL) {
		snprintf(why, whylen, "the profile has no `totp_enroll` step "
		    "and the account no totp_secret");
		return 0;
	}
	return 1;
}

/*
 * Before confirmation: does a fresh login take the new seed? If the
 * password alone opens `protected`, the factor is not demanded yet (the
 * verdict then waits for the baseline's proof that it is, once
 * confirmed).
 */
static void
unverified_probe(struct aa_audit *a, size_t i)
{
	struct aa_totp_enroll_probe *pr = &aa_totp_live_state(a)->acct[i].unverified;
	struct aa_session *s = NULL;
	char code[AA_TOTP_CODE_MAX], why[256];
	int64_t step;
	int ok = 0, granted = 0;

	pr->trail = json_array();
	if (aa_audit_login_password(a, i, &s, NULL, why, sizeof(why)) != AA_OK) {
		snprintf(pr->note, sizeof(pr->note), "%.150s", why);
		goto out;
	}
	if (aa_audit_protected(a, s, &granted, pr->trail) != AA_OK)
		goto out;
	if (granted) {
		/* 2: the password alone opened: no second step demanded. */
		pr->result = 2;
		goto out;
	}
	if (aa_totp_live_code(a, i, &step, code) != AA_OK ||
	    aa_totp_live_step(a, s, "totp_verify", code, pr->trail, &ok, NULL,
	    NULL) != AA_OK)
		goto out;
	if (ok && aa_audit_protected(a, s, &granted, pr->trail) == AA_OK &&
	    granted) {
		aa_totp_live_spent(a, i, step);
		pr->result = 1;
	} else
		pr->result = 0;
out:
	aa_session_free(&s);
}

/* TOTP-WINDOW's past side at account A's confirmation (see top). */
static int
past_probe(struct aa_audit *a, size_t i, struct aa_session *s)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[i];
	struct aa_totp_enroll_probe *pr = &ac->past;
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int ok = 0, r;

	pr->trail = json_array();
	if (ac->have_hi) {
		snprintf(pr->note, sizeof(pr->note), "a step of the new seed "
		    "was already accepted before confirmation");
		return AA_OK;
	}
	if ((r = aa_totp_live_code_at(a, i, -2, &step, code)) != AA_OK ||
	    (r = aa_totp_live_step(a, s, "totp_confirm", code, pr->trail, &ok,
	    NULL, NULL)) != AA_OK)
		return r;
	pr->result = ok;
	if (ok)
		aa_totp_live_spent(a, i, step);
	return AA_OK;
}

static int
t_enroll(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[acct];
	char code[AA_TOTP_CODE_MAX];
	json_t *ex = NULL, *trail;
	int64_t step;
	long status = 0;
	int ok = 0, confirmed = 0, r;

	aa_totp_live_drop_seed(ac);
	aa_totp_uri_free(&ac->uri);
	ac->have_hi = 0;
	ac->from_profile = 0;
	aa_totp_params_default(&ac->params);
	json_decref(ac->enroll_trail);
	trail = ac->enroll_trail = json_array();
	if ((r = aa_totp_live_step(a, s, "totp_enroll", NULL, trail, &ok,
	    &status, &ex)) != AA_OK)
		goto out;
	if (!ok) {
		snprintf(why, whylen, "`totp_enroll` was refused (HTTP %ld)",
		    status);
		r = AA_ERR_HTTP;
		goto out;
	}
	if ((r = seed_from(a, ex, &ac->seed, &ac->uri)) != AA_OK) {
		snprintf(why, whylen, "`totp_enroll` extracted neither "
		    "`otpauth` nor a base32 `secret`");
		goto out;
	}
	if (ac->uri != NULL)
		ac->params = ac->uri->params;
	if (aa_profile_step(a->profile, "totp_confirm") == NULL)
		goto done; /* active at enrolment, as the profile says */
	if (acct == 0 && ac->unverified.result < 0 && !a->preflight &&
	    aa_audit_selected(a, AA_CK_TOTP_ENROLL_UNVERIFIED))
		unverified_probe(a, acct);
	/* The past probe confirms the first enrolment when the window
	 * takes it; any later one (a restore) is confirmed as usual. */
	if (acct == 0 && ac->past.result < 0 && !a->preflight &&
	    aa_audit_selected(a, AA_CK_TOTP_WINDOW)) {
		if ((r = past_probe(a, acct, s)) != AA_OK)
			goto out;
		confirmed = ac->past.result == 1;
	}
	if (!confirmed) {
		if ((r = aa_totp_live_code(a, acct, &step, code)) != AA_OK ||
		    (r = aa_totp_live_step(a, s, "totp_confirm", code, trail,
		    &ok, &status, NULL)) != AA_OK)
			goto out;
		if (!ok) {
			snprintf(why, whylen, "`totp_confirm` refused a valid code "
			    "(HTTP %ld)", status);
			r = AA_ERR_HTTP;
			goto out;
		}
		aa_totp_live_spent(a, acct, step);
	}
done:
	r = AA_OK;
out:
	json_decref(ex);
	if (r != AA_OK)
		aa_totp_live_drop_seed(ac);
	return r;
}

static int
t_code(struct aa_audit *a, size_t acct, struct aa_session *s,
    aa_secret_t **out)
{
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int r;

	(void)s;
	*out = NULL;
	if ((r = aa_totp_live_code(a, acct, &step, code)) != AA_OK)
		return r;
	return (*out = aa_secret_new_str(code)) != NULL ? AA_OK : AA_ERR_NOMEM;
}

static void
t_spent(struct aa_audit *a, size_t acct, const aa_secret_t *code)
{
	(void)code;
	aa_totp_live_spent(a, acct, aa_totp_live_state(a)->acct[acct].issued);
}

/* A current code refused: someone else (a person enrolling by hand, an
 * earlier run) spent that step; the next code waits for a newer one. */
static int
t_refused(struct aa_audit *a, size_t acct, const aa_secret_t *code)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[acct];

	(void)code;
	if (ac->have_hi && ac->hi >= ac->issued)
		return 0;
	aa_totp_live_spent(a, acct, ac->issued);
	return 1;
}

static int
t_remove(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[acct];
	int ok = 0, r;

	r = aa_audit_disable(a, s, AA_FACTOR_TOTP, NULL, 1, &ok, NULL, why,
	    whylen);
	if (r == AA_OK && !ok)
		r = AA_ERR_HTTP;
	if (r == AA_OK)
		aa_totp_live_drop_seed(ac);
	return r;
}

const struct aa_factor_impl aa_totp_factor = {
	.factor = AA_FACTOR_TOTP,
	.verify_step = "totp_verify",
	.possible = t_possible,
	.enroll = t_enroll,
	.code = t_code,
	.spent = t_spent,
	.refused = t_refused,
	.remove = t_remove,
};

/* ---- checks ---- */

static json_t *
enroll_evidence(const struct aa_totp_acct *ac)
{
	json_t *ev = json_object();

	json_object_set_new(ev, "source", json_string(ac->from_profile ?
	    "profile" : "totp_enroll"));
	if (ac->enroll_trail != NULL)
		json_object_set(ev, "requests", ac->enroll_trail);
	return ev;
}

void
aa_totp_live_seed_weak(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[0];
	struct aa_totp_seed_quality q;
	json_t *ev;
	char red[64];

	if (ac->seed == NULL) {
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "no TOTP secret "
		    "of %s is known", a->profile->accounts[0].username);
		return;
	}
	aa_totp_seed_assess(ac->seed, &q);
	ev = enroll_evidence(ac);
	json_object_set_new(ev, "secret", json_string(aa_totp_seed_redact(
	    ac->seed, red, sizeof(red))));
	json_object_set_new(ev, "secret_bits", json_integer(q.bits));
	if (q.alphabet[0] != '\0')
		json_object_set_new(ev, "text_alphabet", json_string(q.alphabet));
	if (q.too_short || q.nonrandom)
		aa_audit_report(a, d->cid, AA_FAIL, ev, "%s", q.why);
	else
		aa_audit_report(a, d->cid, AA_PASS, ev, "%u-bit secret%s%s",
		    q.bits, q.alphabet[0] ? " (text of the " : "",
		    q.alphabet[0] ? "alphabet)" : "");
}

void
aa_totp_live_uri(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[0];
	char why[512];
	json_t *ev;

	if (ac->uri == NULL) {
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "%s",
		    ac->from_profile ? "seed taken from the profile; no URI was "
		    "issued" : "the totp_enroll step extracted no otpauth URI");
		return;
	}
	ev = aa_totp_uri_evidence(ac->uri);
	if (aa_totp_uri_nonstandard(ac->uri, why, sizeof(why)))
		aa_audit_report(a, d->cid, AA_FAIL, ev, "%s", why);
	else
		aa_audit_report(a, d->cid, AA_PASS, ev, "issuer set, standard "
		    "parameters");
}

static void
prove_totp(struct aa_audit *a)
{
	struct aa_session *s = NULL;
	char why[256];
	int granted = 0;

	if ((a->base[0].proved & (1u << AA_FACTOR_TOTP)) != 0 ||
	    aa_audit_login_pending(a, 0, &s, why, sizeof(why)) != AA_OK)
		return;
	(void)aa_audit_pass_second(a, s, 1u << AA_FACTOR_TOTP, NULL, NULL,
	    &granted, NULL, why, sizeof(why));
	aa_session_free(&s);
}

void
aa_totp_live_unverified(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[0];
	const struct aa_baseline_acct *b = &a->base[0];
	struct aa_totp_enroll_probe *pr = &ac->unverified;
	json_t *ev = json_pack("{s:O*}", "requests", pr->trail);
	int proved;

	/* The positive control: once confirmed, the seed does complete a
	 * login (the baseline may have left that to the first use). */
	if ((pr->result == 0 || pr->result == 2) && !ac->from_profile)
		prove_totp(a);
	proved = (b->proved & (1u << AA_FACTOR_TOTP)) != 0;

	if (ac->from_profile)
		aa_audit_report(a, d->cid, AA_NOT_TESTED, ev, "seed taken from "
		    "the profile: nothing was enrolled");
	else if (pr->result == 1)
		aa_audit_report(a, d->cid, AA_FAIL, ev, "a login completed with "
		    "the new seed before totp_confirm");
	else if (pr->result == 0 && proved)
		aa_audit_report(a, d->cid, AA_PASS, ev, "the new seed did not "
		    "complete a login before totp_confirm; after it, it did");
	else if (pr->result == 2 && proved && b->required == 1)
		aa_audit_report(a, d->cid, AA_PASS, ev, "before totp_confirm the "
		    "password alone opened `protected`; after it a second factor "
		    "was required");
	else
		aa_audit_report(a, d->cid, AA_NOT_TESTED, ev, "%s",
		    pr->note[0] ? pr->note : "the probe and the baseline's TOTP "
		    "proof do not tell whether the factor was live before "
		    "confirmation");
}

void
aa_totp_live_redisclosed(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[0];
	struct aa_session *s = NULL;
	json_t *trail = json_array(), *ex = NULL;
	aa_secret_t *again = NULL;
	char why[256];
	long status = 0;
	int ok = 0, r;

	if (ac->seed == NULL || ac->from_profile) {
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "no TOTP secret "
		    "was enrolled by the audit");
		goto out;
	}
	if ((r = aa_audit_full(a, 0, &s, why, sizeof(why))) != AA_OK) {
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "%s", why);
		goto out;
	}
	r = aa_totp_live_step(a, s, "totp_secret", NULL, trail, &ok, &status,
	    &ex);
	if (r != AA_OK) {
		aa_audit_report(a, d->cid, AA_ERROR, json_pack("{s:O}",
		    "requests", trail), "totp_secret: %s", aa_strerr(r));
		goto out;
	}
	if (ok && seed_from(a, ex, &again, NULL) == AA_OK &&
	    aa_secret_eq(again, ac->seed))
		aa_audit_report(a, d->cid, AA_FAIL, json_pack("{s:O}",
		    "requests", trail), "the enrolled secret was returned again "
		    "after enrollment (HTTP %ld)", status);
	else
		aa_audit_report(a, d->cid, AA_PASS, json_pack("{s:O}",
		    "requests", trail), "the secret is not shown again to a "
		    "fully logged-in session (HTTP %ld)", status);
out:
	aa_secret_free(&again);
	json_decref(ex);
	json_decref(trail);
}
