/*
 * Logins for checks: the password step, a second factor passed with the
 * factor that costs least right now, and the ground truth of every login
 * verdict: whether `protected` opens, in that session, for that account.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/audit/audit_int.h"
#include "auth-audit/engine/session.h"

/* Helper logins cost: a key signs for free, a recovery code is one of a
 * batch the auditor can refill, a TOTP code may need a fresh step (up to
 * 30 s), SMS spends a number's send limit. */
static const enum aa_factor cost_order[] = {
	AA_FACTOR_WEBAUTHN, AA_FACTOR_PASSKEY, AA_FACTOR_RECOVERY_CODES,
	AA_FACTOR_TOTP, AA_FACTOR_EMAIL, AA_FACTOR_SMS,
};

static const char *const code_secret[] = { "code", NULL };

/* Waits of 1.5, 2.5, 4.5 and 8.5 s for a throttled factor. */
#define THROTTLE_RETRIES 4

static unsigned
bit(enum aa_factor f)
{
	return 1u << f;
}

static const char *
uname(const struct aa_audit *a, size_t i)
{
	const char *u = i < a->profile->naccounts ?
	    a->profile->accounts[i].username : NULL;

	return u != NULL ? u : "?";
}

const struct aa_factor_impl *
aa_audit_factor(const struct aa_audit *a, enum aa_factor f)
{
	for (size_t i = 0; i < a->nmodules; i++) {
		const struct aa_factor_impl *fi = a->opts.modules[i]->factor;

		if (fi != NULL && fi->factor == f)
			return fi;
	}
	return NULL;
}

size_t
aa_login_factors(const struct aa_audit *a, const struct aa_factor_impl **out,
    size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(cost_order) / sizeof(cost_order[0]) &&
	    n < max; i++) {
		const struct aa_factor_impl *fi = aa_audit_factor(a,
		    cost_order[i]);

		if (fi != NULL)
			out[n++] = fi;
	}
	return n;
}

/* Case-insensitive substring (no _GNU_SOURCE strcasestr). */
static int
has_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

enum aa_refusal
aa_audit_refusal(const struct aa_response *r)
{
	static const char *const lock_words[] = { "locked", "lockout",
		"blocked", "suspended", NULL };
	static const char *const throttle_words[] = { "too many",
		"rate limit", "ratelimit", "slow down", "try again later",
		"throttl", "temporarily", NULL };
	const char *body;

	if (r == NULL || r->status == 0)
		return AA_REFUSED_OTHER;
	if (r->status == 429)
		return AA_REFUSED_THROTTLE;
	if (r->status == 423)
		return AA_REFUSED_LOCKED;
	body = r->body.ptr != NULL ? r->body.ptr : "";
	for (size_t i = 0; lock_words[i] != NULL; i++)
		if (has_word(body, lock_words[i]))
			return AA_REFUSED_LOCKED;
	for (size_t i = 0; throttle_words[i] != NULL; i++)
		if (has_word(body, throttle_words[i]))
			return AA_REFUSED_THROTTLE;
	return AA_REFUSED_CODE;
}

const char *
aa_refusal_name(enum aa_refusal r)
{
	switch (r) {
	case AA_REFUSED_NONE:
		return "accepted";
	case AA_REFUSED_CODE:
		return "refused";
	case AA_REFUSED_THROTTLE:
		return "throttled";
	case AA_REFUSED_LOCKED:
		return "locked";
	case AA_REFUSED_STATE:
		return "refused (no login in progress)";
	default:
		return "failed";
	}
}

int
aa_audit_protected(struct aa_audit *a, struct aa_session *s, int *granted,
    json_t *trail)
{
	struct aa_step_result res;
	int r;

	(void)a;
	*granted = 0;
	r = aa_flow_step(s, "protected", NULL, &res);
	if (r == AA_OK) {
		*granted = res.accepted;
		if (trail != NULL && res.evidence != NULL)
			json_array_append(trail, res.evidence);
	}
	aa_step_result_release(&res);
	return r;
}

int
aa_audit_login_password(struct aa_audit *a, size_t acct, struct aa_session **out,
    long *status, char *why, size_t whylen)
{
	return aa_audit_login_password_hdr(a, acct, NULL, out, status, why,
	    whylen);
}

int
aa_audit_login_password_hdr(struct aa_audit *a, size_t acct,
    const char *const *headers, struct aa_session **out, long *status,
    char *why, size_t whylen)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	struct aa_session *s = NULL;
	int r;

	*out = NULL;
	if (status != NULL)
		*status = 0;
	if ((r = aa_session_new(a->http, a->profile, acct, &s)) != AA_OK) {
		snprintf(why, whylen, "cannot create a client: %s",
		    aa_strerr(r));
		return r;
	}
	memset(&o, 0, sizeof(o));
	o.headers = headers;
	r = aa_flow_step(s, "login", &o, &res);
	if (r != AA_OK) {
		snprintf(why, whylen, "the login step of %s: %s", uname(a, acct),
		    aa_strerr(r));
		goto out;
	}
	if (status != NULL)
		*status = res.resp.status;
	if (!res.accepted) {
		enum aa_refusal rf = aa_audit_refusal(&res.resp);

		snprintf(why, whylen, "the password step of %s was %s (HTTP "
		    "%ld)", uname(a, acct), rf == AA_REFUSED_CODE ? "refused" :
		    aa_refusal_name(rf), res.resp.status);
		r = AA_ERR_HTTP;
		goto out;
	}
	*out = s;
	s = NULL;
out:
	aa_step_result_release(&res);
	aa_session_free(&s);
	return r;
}

/* Send a code of factor fi in s; *res keeps the answer. */
static int
send_code(struct aa_session *s, const struct aa_factor_impl *fi,
    const aa_secret_t *code, struct aa_step_result *res)
{
	struct aa_step_opts o;
	json_t *vars;
	int r;

	memset(&o, 0, sizeof(o));
	if ((vars = json_pack("{s:s}", "code", aa_secret_str(code))) == NULL)
		return AA_ERR_NOMEM;
	o.vars = vars;
	o.secret_vars = code_secret;
	r = aa_flow_step(s, fi->verify_step, &o, res);
	json_decref(vars);
	return r;
}

/* Try one factor in s: *accepted per its step, *rf why not. */
static int
try_factor(struct aa_audit *a, size_t acct, struct aa_session *s,
    const struct aa_factor_impl *fi, int retry, int *accepted,
    enum aa_refusal *rf, json_t *trail, char *why, size_t whylen)
{
	struct aa_step_result res;
	aa_secret_t *code = NULL;
	int r;

	*accepted = 0;
	*rf = AA_REFUSED_OTHER;
	memset(&res, 0, sizeof(res));
	if (fi->complete != NULL) {
		r = fi->complete(a, acct, s, accepted, why, whylen);
		*rf = *accepted ? AA_REFUSED_NONE : AA_REFUSED_CODE;
		return r;
	}
	if (fi->code == NULL || fi->verify_step == NULL)
		return AA_ERR_STEP;
	if ((r = fi->code(a, acct, s, &code)) != AA_OK) {
		snprintf(why, whylen, "no %s code for %s now: %s",
		    aa_factor_name(fi->factor), uname(a, acct), aa_strerr(r));
		goto out;
	}
	aa_redact_add_secret(a->redact, code);
	if ((r = send_code(s, fi, code, &res)) != AA_OK) {
		snprintf(why, whylen, "`%s`: %s", fi->verify_step,
		    aa_strerr(r));
		goto out;
	}
	if (trail != NULL && res.evidence != NULL)
		json_array_append(trail, res.evidence);
	if (!res.accepted && retry && fi->refused != NULL &&
	    aa_audit_refusal(&res.resp) == AA_REFUSED_CODE &&
	    fi->refused(a, acct, code)) {
		aa_step_result_release(&res);
		aa_secret_free(&code);
		return try_factor(a, acct, s, fi, 0, accepted, rf, trail, why,
		    whylen);
	}
	*accepted = res.accepted;
	if (res.accepted) {
		*rf = AA_REFUSED_NONE;
		if (fi->spent != NULL)
			fi->spent(a, acct, code);
	} else {
		*rf = aa_audit_refusal(&res.resp);
		snprintf(why, whylen, "a valid %s code of %s was %s by `%s` "
		    "(HTTP %ld)", aa_factor_name(fi->factor), uname(a, acct),
		    aa_refusal_name(*rf), fi->verify_step, res.resp.status);
	}
out:
	aa_step_result_release(&res);
	aa_secret_free(&code);
	return r;
}

int
aa_audit_pass_second(struct aa_audit *a, struct aa_session *s,
    unsigned mask, enum aa_factor *used, enum aa_refusal *refusal,
    int *granted, json_t *trail, char *why, size_t whylen)
{
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	size_t acct = aa_session_account(s), n;
	struct aa_baseline_acct *b = &a->base[acct];
	enum aa_refusal rf = AA_REFUSED_OTHER;
	char one[256] = "";
	int r = AA_ERR_STEP, accepted;

	*granted = 0;
	if (refusal != NULL)
		*refusal = AA_REFUSED_OTHER;
	snprintf(why, whylen, "%s has no second factor the auditor can pass",
	    uname(a, acct));
	n = aa_login_factors(a, fis, AA_FACTOR_COUNT);
	for (size_t i = 0; i < n; i++) {
		const struct aa_factor_impl *fi = fis[i];
		unsigned fb = bit(fi->factor);

		if ((b->usable & fb) == 0 || (mask != 0 && (mask & fb) == 0) ||
		    (b->locked & fb) != 0)
			continue;
		r = try_factor(a, acct, s, fi, 1, &accepted, &rf, trail, one,
		    sizeof(one));
		/* A throttle that says nothing about when it ends (django-otp
		 * refuses every code for 2^(n-1) s after n failures): come
		 * back a few times, announced, before giving up. */
		for (unsigned k = 0; r == AA_OK && !accepted &&
		    rf == AA_REFUSED_THROTTLE && k < THROTTLE_RETRIES; k++) {
			if ((r = aa_audit_wait(a, (double)(1000u << k) + 500.0,
			    "the service throttles this factor")) != AA_OK)
				break;
			r = try_factor(a, acct, s, fi, 1, &accepted, &rf, trail,
			    one, sizeof(one));
		}
		if (r == AA_ERR_BUDGET || r == AA_ERR_NET ||
		    r == AA_ERR_TIMEOUT || r == AA_ERR_DEADLINE ||
		    r == AA_ERR_INTERRUPTED) {
			snprintf(why, whylen, "%s", one);
			return r;
		}
		if (r != AA_OK || !accepted) {
			if (rf == AA_REFUSED_LOCKED)
				b->locked |= fb;
			snprintf(why, whylen, "%s", one);
			r = AA_ERR_STEP;
			continue;
		}
		if (used != NULL)
			*used = fi->factor;
		if (refusal != NULL)
			*refusal = AA_REFUSED_NONE;
		if ((r = aa_audit_protected(a, s, granted, trail)) != AA_OK)
			return r;
		if (*granted) {
			b->proved |= fb; /* the factor's control, in use */
			why[0] = '\0';
		} else
			snprintf(why, whylen, "`protected` stayed closed for %s "
			    "after a valid %s code", uname(a, acct),
			    aa_factor_name(fi->factor));
		return AA_OK;
	}
	if (refusal != NULL)
		*refusal = rf;
	return r == AA_OK ? AA_ERR_STEP : r;
}

int
aa_audit_code(struct aa_audit *a, size_t acct, unsigned mask,
    struct aa_session *s, enum aa_factor *used, aa_secret_t **out)
{
	const struct aa_factor_impl *fis[AA_FACTOR_COUNT];
	const struct aa_baseline_acct *b = &a->base[acct];
	size_t n = aa_login_factors(a, fis, AA_FACTOR_COUNT);
	int r = AA_ERR_STEP;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned fb = bit(fis[i]->factor);

		if (fis[i]->code == NULL || (b->usable & fb) == 0 ||
		    (b->locked & fb) != 0 || (mask != 0 && (mask & fb) == 0))
			continue;
		if ((r = fis[i]->code(a, acct, s, out)) == AA_OK) {
			aa_redact_add_secret(a->redact, *out);
			if (used != NULL)
				*used = fis[i]->factor;
			return AA_OK;
		}
		if (r == AA_ERR_BUDGET || r == AA_ERR_NET ||
		    r == AA_ERR_TIMEOUT)
			return r;
	}
	return r == AA_OK ? AA_ERR_STEP : r;
}

void
aa_audit_code_spent(struct aa_audit *a, size_t acct, enum aa_factor f,
    const aa_secret_t *code)
{
	const struct aa_factor_impl *fi = aa_audit_factor(a, f);

	if (fi != NULL && fi->spent != NULL)
		fi->spent(a, acct, code);
}

int
aa_audit_login_full(struct aa_audit *a, size_t acct, struct aa_session **out,
    char *why, size_t whylen)
{
	struct aa_session *s = NULL;
	int r, granted = 0;

	*out = NULL;
	if ((r = aa_audit_login_password(a, acct, &s, NULL, why, whylen)) != AA_OK)
		return r == AA_ERR_HTTP ? AA_ERR_STEP : r;
	if (a->base[acct].required != 1) {
		if ((r = aa_audit_protected(a, s, &granted, NULL)) != AA_OK)
			goto out;
		if (granted)
			goto done;
	}
	r = aa_audit_pass_second(a, s, 0, NULL, NULL, &granted, NULL, why,
	    whylen);
	if (r != AA_OK)
		goto out;
	if (!granted) {
		r = AA_ERR_STEP;
		goto out;
	}
done:
	*out = s;
	s = NULL;
	r = AA_OK;
out:
	aa_session_free(&s);
	return r;
}

int
aa_audit_full(struct aa_audit *a, size_t acct, struct aa_session **out,
    char *why, size_t whylen)
{
	struct aa_baseline_acct *b;
	int r, granted = 0;

	*out = NULL;
	if (acct >= a->profile->naccounts || acct >= AA_MAX_ACCOUNTS) {
		snprintf(why, whylen, "the profile has no account %zu",
		    acct + 1);
		return AA_ERR_STEP;
	}
	b = &a->base[acct];
	/* A check may have ended it (a factor removed, a password-change
	 * style logout of every session): look before handing it out. */
	if (b->full != NULL && (aa_audit_protected(a, b->full, &granted,
	    NULL) != AA_OK || !granted))
		aa_session_free(&b->full);
	if (b->full == NULL &&
	    (r = aa_audit_login_full(a, acct, &b->full, why, whylen)) != AA_OK)
		return r;
	*out = b->full;
	return AA_OK;
}

int
aa_audit_login_pending(struct aa_audit *a, size_t acct,
    struct aa_session **out, char *why, size_t whylen)
{
	const struct aa_baseline_acct *b = &a->base[acct];
	int r;

	*out = NULL;
	if (b->required != 1) {
		snprintf(why, whylen, "the baseline did not prove that %s "
		    "needs a second factor", uname(a, acct));
		return AA_ERR_STEP;
	}
	r = aa_audit_login_password(a, acct, out, NULL, why, whylen);
	return r == AA_ERR_HTTP ? AA_ERR_STEP : r;
}
