/*
 * WebAuthn as a factor of the baseline (struct aa_factor_impl): with the
 * software key the baseline registers it on each account like any other
 * factor, proves that password + key opens `protected`, and then every
 * module's helper logins and factor checks (AUTH-FACTOR-IDOR removing
 * another account's passkey) can use it. A real key stays the FIDO
 * module's own: every helper login would cost a touch.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "fido/audit_int.h"

/* The key, opened on first use when the FIDO module's own checks did
 * not start it but --device names one. */
static struct aa_fido_ctx *
ctx_with_key(struct aa_audit *a)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	if (c != NULL && c->key == NULL && c->key_reason[0] == '\0' &&
	    c->described && a->opts.device != NULL &&
	    strncmp(a->opts.device, "soft", 4) == 0)
		aa_fido_open_key(c);
	return c;
}

static int
f_possible(struct aa_audit *a, size_t acct, char *why, size_t whylen)
{
	struct aa_fido_ctx *c = ctx_with_key(a);
	struct aa_fido_softkey_ctl ctl;

	if (c == NULL || !c->described || c->key == NULL)
		return 0; /* FIDO-NOT-OFFERED or the module says why */
	if (!c->soft) {
		snprintf(why, whylen, "a real security key is only used by the "
		    "FIDO checks themselves (a helper login would cost a touch)");
		return 0;
	}
	aa_fido_softkey_get_ctl(c->key->soft, &ctl);
	if (ctl.no_touch || ctl.u2f_only) {
		/* the stand-ins for a real key behave as one */
		snprintf(why, whylen, "the key stands in for a real one: only "
		    "the FIDO checks use it");
		return 0;
	}
	if (acct >= c->nacc) {
		snprintf(why, whylen, "the FIDO module uses the first %d "
		    "accounts", AA_FIDO_ACCOUNTS);
		return 0;
	}
	return 1;
}

static int
f_enroll(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	return c != NULL ? aa_fido_enroll(c, s, acct, why, whylen) :
	    AA_ERR_NOMEM;
}

static int
f_complete(struct aa_audit *a, size_t acct, struct aa_session *s,
    int *accepted, char *why, size_t whylen)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	*accepted = 0;
	if (c == NULL || acct >= AA_FIDO_ACCOUNTS || !c->has_reg[acct]) {
		snprintf(why, whylen, "no key of the audit is registered");
		return AA_ERR_STEP;
	}
	return aa_fido_sign_in(c, s, acct, "log in (second factor)", accepted,
	    why, whylen);
}

static int
f_remove(struct aa_audit *a, size_t acct, struct aa_session *s, char *why,
    size_t whylen)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	if (c == NULL || acct >= AA_FIDO_ACCOUNTS)
		return AA_ERR_ARG;
	return aa_fido_cleanup_acct(c, acct, s, why, whylen);
}

/* A passkey service signs in with the key alone: no second step. */
static int
f_standalone(const struct aa_audit *a)
{
	return a->profile->webauthn_passkey;
}

const struct aa_factor_impl aa_fido_factor = {
	.factor = AA_FACTOR_WEBAUTHN,
	.possible = f_possible,
	.enroll = f_enroll,
	.complete = f_complete,
	.remove = f_remove,
	.standalone = f_standalone,
};
