/*
 * Recovery codes: the second-factor provider that completes a login with a
 * fresh recovery code, the per-account cache of unused codes, and
 * AUTH-RECOVERY-REUSE.
 *
 * A batch comes from the `recovery_codes` step (extract `codes`: an array,
 * or one string of codes separated by blanks or commas), which normally
 * needs a fully logged-in session. It is tried in the caller's session
 * first; otherwise a helper session logs in with another factor (the
 * provider refuses to recurse into itself) and fetches the batch there.
 * A new batch usually voids the old one, so it replaces the cache.
 * An account of the profile may bring unused codes of its own (member
 * "recovery_codes", docs/CHECKS-AUTH.md): they are used first, so an
 * account that already has codes can log in before any batch is fetched.
 */
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

void
aa_auth_codes_topup(struct aa_audit *a, struct aa_session *s)
{
	struct aa_auth_state *st = aa_auth_state(a);
	size_t acct = aa_session_account(s), got;

	if (st == NULL || acct >= AA_MAX_ACCOUNTS ||
	    st->acct[acct].ncodes >= AA_AUTH_CODES_LOW ||
	    aa_profile_step(a->profile, "recovery_codes") == NULL)
		return;
	(void)aa_auth_codes_refill_in(a, s, &got);
}

/* A batch through a helper login completed with another factor. */
static int
refill_helper(struct aa_audit *a, size_t acct)
{
	struct aa_auth_ck c;
	struct aa_session *h = NULL;
	size_t got;
	int r;

	if ((r = aa_auth_ck_init(&c, a, NULL)) != AA_OK ||
	    (r = aa_auth_session(&c, acct, &h)) != AA_OK ||
	    (r = aa_auth_full(&c, h, 1, NULL)) != AA_OK)
		goto out;
	r = aa_auth_codes_refill_in(a, h, &got);
out:
	aa_session_free(&h);
	aa_auth_ck_done(&c, r);
	return r;
}

static int
refill(struct aa_audit *a, size_t acct, struct aa_session *s)
{
	struct aa_auth_acct *ac = &aa_auth_state(a)->acct[acct];
	size_t got = 0;
	int r = AA_ERR_HTTP;

	if (ac->refilling)
		return AA_ERR_STEP; /* asked for by our own helper login */
	ac->refilling = 1;
	if (s != NULL)
		r = aa_auth_codes_refill_in(a, s, &got);
	if (r != AA_OK && r != AA_ERR_BUDGET && r != AA_ERR_NET &&
	    r != AA_ERR_TIMEOUT)
		r = refill_helper(a, acct);
	ac->refilling = 0;
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
	}
}

int
aa_auth_codes_take(struct aa_audit *a, size_t acct, struct aa_session *s,
    aa_secret_t **out)
{
	struct aa_auth_state *st = aa_auth_state(a);
	struct aa_auth_acct *ac;
	char *code;
	int r;

	*out = NULL;
	if (st == NULL)
		return AA_ERR_NOMEM;
	if (acct >= AA_MAX_ACCOUNTS || acct >= a->profile->naccounts)
		return AA_ERR_ARG;
	if (aa_profile_step(a->profile, "recovery_codes") == NULL)
		return AA_ERR_STEP;
	ac = &st->acct[acct];
	seed(a, acct);
	if (ac->ncodes == 0 && (r = refill(a, acct, s)) != AA_OK)
		return r;
	if (ac->ncodes == 0)
		return AA_ERR_NOTFOUND;
	code = ac->codes[--ac->ncodes];
	ac->codes[ac->ncodes] = NULL;
	*out = aa_secret_new_str(code);
	aa_freezero(code, strlen(code));
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

static int
code_fn(struct aa_audit *a, size_t account, struct aa_session *s,
    aa_secret_t **out)
{
	return aa_auth_codes_take(a, account, s, out);
}

const struct aa_factor_provider aa_auth_recovery_provider = {
	"recovery_codes", "recovery_verify", code_fn,
};

/* One login of account 0 with `vars` at recovery_verify; *granted. */
static int
login_with(struct aa_auth_ck *c, const json_t *vars, int *ok,
    int *granted)
{
	struct aa_session *s = NULL;
	int r, out_ok = 0;

	*ok = *granted = 0;
	if ((r = aa_auth_session(c, 0, &s)) != AA_OK ||
	    (r = aa_auth_password(c, s, 0)) != AA_OK ||
	    (r = aa_auth_step(c, s, "recovery_verify", vars, NULL, NULL,
	    ok)) != AA_OK ||
	    (r = aa_auth_protected(c, s, NULL, granted)) != AA_OK)
		goto out;
	if (*granted && aa_profile_step(c->a->profile, "logout") != NULL)
		r = aa_auth_step(c, s, "logout", NULL, NULL, NULL, &out_ok);
out:
	aa_session_free(&s);
	return r;
}

/* A fresh code for account 0, fetched while a login of it is pending. */
static int
fresh_code(struct aa_auth_ck *c, aa_secret_t **code)
{
	struct aa_session *s = NULL;
	int r;

	if ((r = aa_auth_session(c, 0, &s)) != AA_OK ||
	    (r = aa_auth_password(c, s, 1)) != AA_OK)
		goto out;
	r = aa_auth_codes_take(c->a, 0, s, code);
	if (r == AA_ERR_STEP || r == AA_ERR_NOTFOUND) {
		/* The account cannot be logged in to fetch a batch: a factor
		 * the auditor cannot complete, or a lock. */
		c->missing = NULL;
		r = aa_auth_ck_why(c, AA_ERR_STEP, "no recovery code could be "
		    "obtained: %s cannot complete a login to fetch a batch "
		    "(a factor left by an earlier run, or a lock); give its "
		    "unused recovery_codes in the profile or reset the test "
		    "account", c->a->profile->accounts[0].username);
	} else if (r != AA_OK)
		aa_auth_ck_why(c, r, "no recovery code could be obtained: %s",
		    aa_strerr(r));
out:
	aa_session_free(&s);
	return r;
}

void
aa_auth_check_recovery_reuse(struct aa_audit *a)
{
	struct aa_auth_ck c;
	aa_secret_t *code = NULL;
	json_t *vars = NULL;
	int r, ok, granted;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-RECOVERY-REUSE")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", "recovery_codes",
	    "recovery_verify", NULL))
		goto out;
	if (!aa_auth_isolated(&c, &r))
		goto out;
	if ((r = fresh_code(&c, &code)) != AA_OK)
		goto out;
	if ((vars = aa_auth_code_vars(a, aa_secret_str(code))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = login_with(&c, vars, &ok, &granted)) != AA_OK)
		goto out;
	if (!granted) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "a fresh recovery code did "
		    "not complete the login (HTTP %ld)", c.status);
		goto out;
	}
	aa_auth_state(a)->acct[0].fails = 0;
	if ((r = aa_auth_wrong_guard(&c, 0)) != AA_OK ||
	    (r = login_with(&c, vars, &ok, &granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "second_use_accepted", json_boolean(ok));
	if (granted)
		aa_auth_ck_report(&c, AA_FAIL, "a recovery code that already "
		    "completed a login completed a second one");
	else
		aa_auth_ck_report(&c, AA_PASS, "a used recovery code was refused "
		    "the second time (HTTP %ld)", c.status);
out:
	json_decref(vars);
	aa_secret_free(&code);
	aa_auth_ck_done(&c, r);
}
