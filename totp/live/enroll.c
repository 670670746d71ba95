/*
 * Enrollment of the auditor's own TOTP factor on every profile account,
 * and the checks enrollment answers: TOTP-ENROLL-UNVERIFIED (is the
 * factor live before a code confirms it?), TOTP-SEED-WEAK and
 * TOTP-URI-NONSTANDARD (account 1's enrollment), TOTP-SEED-REDISCLOSED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"
#include "totp/seed.h"
#include "totp/uri_audit.h"

/* Register the seed (bytes and base32) with the redactor. */
static void
hide_seed(struct aa_audit *a, const aa_secret_t *seed)
{
	aa_secret_t *txt = NULL;

	if (aa_totp_b32_encode(seed->ptr, seed->len, &txt) == AA_OK)
		aa_redact_add_secret(a->redact, txt);
	aa_secret_free(&txt);
}

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
		hide_seed(a, *seed);
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
	hide_seed(a, *seed);
	return AA_OK;
}

/* Before confirming: does a fresh login accept a code for the new seed? */
static void
unverified_probe(struct aa_audit *a, size_t i, json_t *trail, int *live)
{
	struct aa_session *s = NULL;
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int ok = 0;

	*live = -1;
	if (aa_totp_live_session(a, i, &s) != AA_OK ||
	    aa_totp_live_login(a, s, trail) != AA_OK ||
	    aa_totp_live_code(a, i, 0, &step, code) != AA_OK ||
	    aa_totp_live_step(a, s, "totp_verify", code, trail, &ok, NULL,
	    NULL) != AA_OK)
		goto out;
	*live = ok;
	if (ok)
		aa_totp_live_spent(a, i, step);
out:
	aa_session_free(&s);
}

static int
enroll_one(struct aa_audit *a, size_t i, json_t *trail, int *unverified)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	struct aa_totp_acct *ac = &st->acct[i];
	const struct aa_factor_provider *fp = NULL;
	aa_secret_t *code2 = NULL;
	json_t *ex = NULL;
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int ok = 0, r;

	aa_totp_params_default(&ac->params);
	if ((r = profile_seed(a, i, &ac->seed)) == AA_OK) {
		ac->from_profile = 1;
		return AA_OK;
	}
	if (r != AA_ERR_NOTFOUND)
		return r;
	if ((r = aa_totp_live_session(a, i, &ac->full)) != AA_OK ||
	    (r = aa_totp_live_login(a, ac->full, trail)) != AA_OK)
		goto out;
	if ((r = aa_totp_live_step(a, ac->full, "totp_enroll", NULL, trail, &ok,
	    NULL, &ex)) != AA_OK)
		goto out;
	if (!ok) {
		/* The account has another factor: complete the login first. */
		if ((r = aa_audit_second_factor(a, i, ac->full, &fp, &code2)) !=
		    AA_OK) {
			snprintf(st->enroll_why, sizeof(st->enroll_why),
			    "totp_enroll was refused for %s and no provider can "
			    "complete its login (%s); give the account's seed as "
			    "totp_secret (docs/TOTP.md)",
			    a->profile->accounts[i].username, aa_strerr(r));
			goto out;
		}
		if (
		    (r = aa_totp_live_step(a, ac->full, fp->verify_step,
		    aa_secret_str(code2), NULL, &ok, NULL, NULL)) != AA_OK)
			goto out;
		json_decref(ex);
		ex = NULL;
		if (!ok || (r = aa_totp_live_step(a, ac->full, "totp_enroll", NULL,
		    trail, &ok, NULL, &ex)) != AA_OK || !ok) {
			r = r != AA_OK ? r : AA_ERR_HTTP;
			goto out;
		}
	}
	if ((r = seed_from(a, ex, &ac->seed, &ac->uri)) != AA_OK)
		goto out;
	if (ac->uri != NULL)
		ac->params = ac->uri->params;
	ac->enrolled_by_us = 1;
	if (unverified != NULL)
		unverified_probe(a, i, trail, unverified);
	if (aa_profile_step(a->profile, "totp_confirm") != NULL) {
		if ((r = aa_totp_live_code(a, i, 1, &step, code)) != AA_OK ||
		    (r = aa_totp_live_step(a, ac->full, "totp_confirm", code,
		    trail, &ok, NULL, NULL)) != AA_OK)
			goto out;
		if (!ok) {
			r = AA_ERR_HTTP;
			goto out;
		}
		aa_totp_live_spent(a, i, step);
	}
	r = AA_OK;
out:
	json_decref(ex);
	aa_secret_free(&code2);
	if (r != AA_OK)
		aa_secret_free(&ac->seed);
	return r;
}

static void
report_seed(struct aa_audit *a, json_t *trail)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[0];
	struct aa_totp_seed_quality q;
	json_t *ev;
	char red[64];

	if (ac->uri != NULL) {
		/* Adds TOTP-SEED-WEAK and TOTP-URI-NONSTANDARD from the URI. */
		if (aa_audit_selected(a, "TOTP-SEED-WEAK") &&
		    aa_audit_selected(a, "TOTP-URI-NONSTANDARD")) {
			aa_totp_uri_report(a->report, ac->uri, "totp_enroll");
			return;
		}
	}
	aa_totp_seed_assess(ac->seed, &q);
	ev = json_pack("{s:s,s:i,s:s,s:O}", "secret", aa_totp_seed_redact(ac->seed,
	    red, sizeof(red)), "secret_bits", (int)q.bits, "source",
	    ac->from_profile ? "profile" : "totp_enroll", "requests", trail);
	if (aa_audit_selected(a, "TOTP-SEED-WEAK")) {
		if (q.too_short || q.nonrandom)
			aa_report_add(a->report, "TOTP-SEED-WEAK", AA_FAIL,
			    json_deep_copy(ev), "%s", q.why);
		else
			aa_report_add(a->report, "TOTP-SEED-WEAK", AA_PASS,
			    json_deep_copy(ev), "%u-bit secret", q.bits);
	}
	if (aa_audit_selected(a, "TOTP-URI-NONSTANDARD")) {
		if (ac->uri != NULL) {
			char why[512];
			json_t *uev = aa_totp_uri_evidence(ac->uri);

			if (aa_totp_uri_nonstandard(ac->uri, why, sizeof(why)))
				aa_report_add(a->report, "TOTP-URI-NONSTANDARD",
				    AA_FAIL, uev, "%s", why);
			else
				aa_report_add(a->report, "TOTP-URI-NONSTANDARD",
				    AA_PASS, uev, "issuer set, standard parameters");
		} else
			aa_report_add(a->report, "TOTP-URI-NONSTANDARD",
			    AA_NOT_TESTED, NULL, ac->from_profile ? "seed taken "
			    "from the profile; no URI was issued" : "the "
			    "totp_enroll step extracted no otpauth URI");
	}
	json_decref(ev);
}

int
aa_totp_live_enroll(struct aa_audit *a)
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	json_t *trail;
	int unverified = -1, r = AA_OK;

	if (st->enroll_done)
		return st->enroll_rc;
	st->enroll_done = 1;
	if ((trail = json_array()) == NULL)
		return st->enroll_rc = AA_ERR_NOMEM;
	for (size_t i = 0; i < a->profile->naccounts && i < 2; i++) {
		int *uv = i == 0 ? &unverified : NULL;

		if ((r = enroll_one(a, i, i == 0 ? trail : NULL, uv)) != AA_OK) {
			if (st->enroll_why[0] == '\0')
				snprintf(st->enroll_why, sizeof(st->enroll_why),
				    "TOTP enrollment of account %s failed: %s",
				    a->profile->accounts[i].username, aa_strerr(r));
			break;
		}
	}
	st->enroll_rc = r;
	if (r == AA_OK) {
		report_seed(a, trail);
		if (aa_audit_selected(a, "TOTP-ENROLL-UNVERIFIED")) {
			json_t *ev = json_pack("{s:O}", "requests", trail);

			if (st->acct[0].from_profile)
				aa_report_add(a->report, "TOTP-ENROLL-UNVERIFIED",
				    AA_NOT_TESTED, ev, "seed taken from the "
				    "profile: nothing was enrolled");
			else if (unverified == 1)
				aa_report_add(a->report, "TOTP-ENROLL-UNVERIFIED",
				    AA_FAIL, ev, "a login completed with the new "
				    "seed before totp_confirm");
			else if (unverified == 0)
				aa_report_add(a->report, "TOTP-ENROLL-UNVERIFIED",
				    AA_PASS, ev, "the factor stayed inactive until "
				    "a code confirmed it");
			else
				aa_report_add(a->report, "TOTP-ENROLL-UNVERIFIED",
				    AA_ERROR, ev, "the probe login failed");
		}
	}
	json_decref(trail);
	return r;
}

void
aa_totp_live_redisclosed(struct aa_audit *a)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[0];
	json_t *trail = json_array(), *ex = NULL;
	aa_secret_t *again = NULL;
	long status = 0;
	int ok = 0, r;

	if (!aa_audit_selected(a, "TOTP-SEED-REDISCLOSED"))
		goto out;
	if (aa_profile_step(a->profile, "totp_secret") == NULL) {
		aa_report_add(a->report, "TOTP-SEED-REDISCLOSED", AA_NOT_TESTED,
		    NULL, "profile has no totp_secret step");
		goto out;
	}
	if (ac->full == NULL) {
		aa_report_add(a->report, "TOTP-SEED-REDISCLOSED", AA_NOT_TESTED,
		    NULL, "no session that enrolled TOTP (seed from the profile)");
		goto out;
	}
	r = aa_totp_live_step(a, ac->full, "totp_secret", NULL, trail, &ok,
	    &status, &ex);
	if (r != AA_OK) {
		aa_report_add(a->report, "TOTP-SEED-REDISCLOSED", AA_ERROR,
		    json_pack("{s:O}", "requests", trail), "totp_secret: %s",
		    aa_strerr(r));
		goto out;
	}
	if (ok && seed_from(a, ex, &again, NULL) == AA_OK &&
	    aa_secret_eq(again, ac->seed))
		aa_report_add(a->report, "TOTP-SEED-REDISCLOSED", AA_FAIL,
		    json_pack("{s:O}", "requests", trail), "the enrolled secret "
		    "was returned again after enrollment (HTTP %ld)", status);
	else
		aa_report_add(a->report, "TOTP-SEED-REDISCLOSED", AA_PASS,
		    json_pack("{s:O}", "requests", trail), "the secret is not "
		    "shown again (HTTP %ld)", status);
out:
	aa_secret_free(&again);
	json_decref(ex);
	json_decref(trail);
}
