/*
 * Recovery codes: the factor (a backup: enrolled once a real factor is
 * on), the per-account cache of unused codes, and AUTH-RECOVERY-REUSE.
 *
 * A batch comes from the `recovery_codes` step (extract `codes`: an array,
 * or one string of codes separated by blanks or commas), which normally
 * needs a fully logged-in session: the baseline's, reused. A new batch
 * usually voids the old one, so it replaces the cache.
 * An account of the profile may bring unused codes of its own (member
 * "recovery_codes", docs/CHECKS-AUTH.md): they are used first, so an
 * account that already has codes can log in before any batch is fetched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

void
aa_auth_codes_forget(struct aa_audit *a, size_t acct)
{
	struct aa_auth_state *st = aa_auth_state(a);
	struct aa_auth_acct *ac;

	if (st == NULL || acct >= AA_MAX_ACCOUNTS)
		return;
	ac = &st->acct[acct];
	while (ac->ncodes > 0) {
		ac->ncodes--;
		aa_freezero(ac->codes[ac->ncodes], strlen(ac->codes[ac->ncodes]));
		ac->codes[ac->ncodes] = NULL;
	}
}

static void
store(struct aa_audit *a, size_t acct, const char *code,
    size_t len)
{
	struct aa_auth_acct *ac = &aa_auth_state(a)->acct[acct];
	char *p;

	if (len < 4 || ac->ncodes >= AA_AUTH_MAX_CODES ||
	    (p = strndup(code, len)) == NULL)
		return;
	aa_redact_add(a->redact, p, len);
	ac->codes[ac->ncodes++] = p;
}

/* Cache every code of `codes` (array or separated string). */
static void
store_all(struct aa_audit *a, size_t acct, const json_t *codes)
{
	const char *p;
	json_t *v;
	size_t i, n;

	aa_auth_codes_forget(a, acct);
	if (json_is_array(codes)) {
		json_array_foreach(codes, i, v)
			if (json_is_string(v))
				store(a, acct, json_string_value(v),
				    json_string_length(v));
		return;
	}
	for (p = json_string_value(codes); p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " \t\r\n,;");
		n = strcspn(p, " \t\r\n,;");
		store(a, acct, p, n);
	}
}

int
aa_auth_codes_refill_in(struct aa_audit *a, struct aa_session *s,
    size_t *got)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	size_t acct = aa_session_account(s);
	const json_t *codes;
	int r;

	*got = 0;
	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	o.no_extract = 1; /* codes stay out of the session's variables */
	if (acct >= AA_MAX_ACCOUNTS || aa_auth_state(a) == NULL)
		return AA_ERR_ARG;
	if ((r = aa_flow_step(s, "recovery_codes", &o, &res)) != AA_OK)
		goto out;
	codes = json_object_get(res.extracted, "codes");
	if (!res.accepted || codes == NULL) {
		r = AA_ERR_HTTP;
		goto out;
	}
	store_all(a, acct, codes);
	aa_auth_batch_note(aa_auth_state(a), codes);
	*got = aa_auth_state(a)->acct[acct].ncodes;
	r = *got > 0 ? AA_OK : AA_ERR_HTTP;
out:
	aa_step_result_release(&res);
	return r;
}

/* The profile account's own codes, once, when the cache is empty. */
static void
seed(struct aa_audit *a, size_t acct)
{
	struct aa_auth_acct *ac = &aa_auth_state(a)->acct[acct];
	const json_t *codes = json_object_get(a->profile->accounts[acct].fields,
	    "recovery_codes");

	if (ac->seeded)
		return;
	ac->seeded = 1;
	if (ac->ncodes == 0 && codes != NULL) {
		store_all(a, acct, codes);
		aa_auth_batch_note(aa_auth_state(a), codes);
		ac->from_profile = ac->ncodes > 0;
	}
}

/* A new batch in the account's full session when few codes are left. */
static void
refill(struct aa_audit *a, size_t acct)
{
	struct aa_auth_acct *ac = &aa_auth_state(a)->acct[acct];
	struct aa_session *s = NULL;
	char why[256];
	size_t got;

	if (ac->refilling || ac->ncodes > AA_AUTH_CODES_LOW)
		return;
	ac->refilling = 1; /* the full login may itself take a code */
	if (aa_audit_full(a, acct, &s, why, sizeof(why)) == AA_OK)
		(void)aa_auth_codes_refill_in(a, s, &got);
	ac->refilling = 0;
}

int
aa_auth_codes_take(struct aa_audit *a, size_t acct, aa_secret_t **out)
{
	struct aa_auth_state *st = aa_auth_state(a);
	struct aa_auth_acct *ac;
	char *code;

	*out = NULL;
	if (st == NULL)
		return AA_ERR_NOMEM;
	if (acct >= AA_MAX_ACCOUNTS || acct >= a->profile->naccounts)
		return AA_ERR_ARG;
	ac = &st->acct[acct];
	seed(a, acct);
	if (aa_profile_step(a->profile, "recovery_codes") != NULL)
		refill(a, acct);
	if (ac->ncodes == 0)
		return AA_ERR_NOTFOUND;
	code = ac->codes[--ac->ncodes];
	ac->codes[ac->ncodes] = NULL;
	*out = aa_secret_new_str(code);
	aa_freezero(code, strlen(code));
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

/* ---- the factor ---- */

static int
rc_possible(struct aa_audit *a, size_t acct, char *why, size_t whylen)
{
	const json_t *codes = json_object_get(a->profile->accounts[acct].fields,
	    "recovery_codes");

	if (aa_profile_step(a->profile, "recovery_verify") == NULL) {
		snprintf(why, whylen, "the profile has no `recovery_verify` "
		    "step");
		return 0;
	}
	if (codes != NULL)
		return 2;
	if (aa_profile_step(a->profile, "recovery_codes") == NULL) {
		snprintf(why, whylen, "the profile has no `recovery_codes` "
		    "step and the account gives no codes");
		return 0;
	}
	return 1;
}

static int
rc_enroll(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	size_t got = 0;
	int r;

	(void)acct;
	if ((r = aa_auth_codes_refill_in(a, s, &got)) != AA_OK)
		snprintf(why, whylen, "`recovery_codes` gave no codes: %s",
		    aa_strerr(r));
	return r;
}

static int
rc_code(struct aa_audit *a, size_t acct, struct aa_session *s,
    aa_secret_t **out)
{
	(void)s;
	return aa_auth_codes_take(a, acct, out);
}

static int
rc_remove(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	int ok = 0, r;

	aa_auth_codes_forget(a, acct);
	r = aa_audit_disable(a, s, AA_FACTOR_RECOVERY_CODES, NULL, 1, &ok, NULL,
	    why, whylen);
	return r == AA_OK && !ok ? AA_ERR_HTTP : r;
}

const struct aa_factor_impl aa_auth_recovery_factor = {
	.factor = AA_FACTOR_RECOVERY_CODES,
	.verify_step = "recovery_verify",
	.backup = 1,
	.possible = rc_possible,
	.enroll = rc_enroll,
	.code = rc_code,
	.remove = rc_remove,
};

/* ---- AUTH-RECOVERY-REUSE ---- */

/* A pending login of account 0 with `vars` at recovery_verify. */
static int
login_with(struct aa_auth_ck *c, const json_t *vars, int *ok, int *granted)
{
	struct aa_session *s = NULL;
	int r;

	*ok = *granted = 0;
	if ((r = aa_auth_pending(c, 0, &s)) != AA_OK ||
	    (r = aa_auth_step(c, s, "recovery_verify", vars, NULL, NULL,
	    ok)) != AA_OK ||
	    (r = aa_auth_protected(c, s, NULL, granted)) != AA_OK)
		goto out;
out:
	aa_session_free(&s);
	return r;
}

void
aa_auth_check_recovery_reuse(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	aa_secret_t *code = NULL;
	json_t *vars = NULL;
	int r, ok, granted;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if ((r = aa_auth_codes_take(a, 0, &code)) != AA_OK) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "no unused recovery code "
		    "of %s: %s", a->profile->accounts[0].username, aa_strerr(r));
		goto out;
	}
	if ((vars = aa_auth_code_vars(a, aa_secret_str(code))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	/* Positive control: the fresh code completes a login. */
	if ((r = login_with(&c, vars, &ok, &granted)) != AA_OK)
		goto out;
	if (!granted) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "a fresh recovery code did "
		    "not complete the login (HTTP %ld)", c.status);
		goto out;
	}
	aa_auth_fails_reset(a, 0);
	if ((r = aa_auth_wrong_guard(&c, 0,
	    aa_auth_verify_step(a, AA_FACTOR_RECOVERY_CODES))) != AA_OK ||
	    (r = login_with(&c, vars, &ok, &granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "second_use_accepted", json_boolean(ok));
	if (granted)
		aa_auth_ck_report(&c, AA_FAIL, "a recovery code that already "
		    "completed a login completed a second one");
	else
		aa_auth_ck_report(&c, AA_PASS, "a recovery code that completed "
		    "a login was refused the second time (HTTP %ld)", c.status);
out:
	json_decref(vars);
	aa_secret_free(&code);
	aa_auth_ck_done(&c, r);
}
