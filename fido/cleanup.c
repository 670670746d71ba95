/*
 * Clean re-runs: every credential the service took from this run (the
 * baseline's key, and probes the service should have refused) is removed
 * at the end through the profile's webauthn_disable step, in a fully
 * signed-in session, with the password when the step asks for it. What
 * cannot be removed is said in the account's baseline record; the
 * software key keeps its own copies, so a later run can still sign for
 * (or remove) them.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "fido/audit_int.h"

void
aa_fido_made(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_credid *id)
{
	if (acct >= AA_FIDO_ACCOUNTS)
		return;
	for (size_t i = 0; i < c->nmade[acct]; i++)
		if (c->made[acct][i].len == id->len &&
		    memcmp(c->made[acct][i].id, id->id, id->len) == 0)
			return;
	if (c->nmade[acct] < AA_FIDO_MADE)
		c->made[acct][c->nmade[acct]++] = *id;
	c->a->base[acct].enrolled |= 1u << AA_FACTOR_WEBAUTHN;
}

/* Remove one credential of acct in the full session s. */
static int
remove_one(struct aa_fido_ctx *c, struct aa_session *s,
    const struct aa_fido_credid *id, char *why, size_t whylen)
{
	json_t *extra;
	char *b64;
	int r, accepted = 0;

	if ((b64 = aa_b64_encode(AA_B64_URL, id->id, id->len)) == NULL)
		return AA_ERR_NOMEM;
	extra = json_pack("{s:s}", "credential_id", b64);
	free(b64);
	if (extra == NULL)
		return AA_ERR_NOMEM;
	r = aa_audit_disable(c->a, s, AA_FACTOR_WEBAUTHN, extra, 1, &accepted,
	    NULL, why, whylen);
	json_decref(extra);
	if (r == AA_OK && !accepted)
		r = AA_ERR_HTTP;
	return r;
}

int
aa_fido_cleanup_acct(struct aa_fido_ctx *c, size_t acct,
    struct aa_session *s, char *why, size_t whylen)
{
	size_t n = c->nmade[acct], gone = 0;
	int r = AA_OK, generic;

	if (n == 0)
		return AA_OK;
	if (aa_audit_disable_step(c->a, AA_FACTOR_WEBAUTHN, &generic) == NULL) {
		snprintf(why, whylen, "the profile has no webauthn_disable step");
		r = AA_ERR_STEP;
	}
	for (size_t i = 0; r == AA_OK && i < n; i++)
		if ((r = remove_one(c, s, &c->made[acct][i], why, whylen)) ==
		    AA_OK)
			gone++;
	if (gone == n) {
		c->a->base[acct].removed |= 1u << AA_FACTOR_WEBAUTHN;
		aa_audit_note(c->a, acct, "clean-up", "%zu WebAuthn credential%s "
		    "removed", n, n == 1 ? "" : "s");
	} else
		aa_audit_note(c->a, acct, "clean-up", "%zu of %zu WebAuthn "
		    "credentials removed: %s", gone, n, why[0] ? why : "refused");
	/* what is left cannot be removed by another try either */
	c->nmade[acct] = 0;
	c->has_reg[acct] = 0;
	c->sess_full[acct] = 0;
	return gone == n ? AA_OK : (r != AA_OK ? r : AA_ERR_HTTP);
}

void
aa_fido_cleanup(struct aa_fido_ctx *c)
{
	struct aa_session *s;
	char why[256];

	for (size_t acct = 0; acct < AA_FIDO_ACCOUNTS; acct++) {
		if (c->nmade[acct] == 0)
			continue;
		why[0] = '\0';
		if (aa_fido_session(c, acct, 1, &s) != AA_OK) {
			aa_audit_note(c->a, acct, "clean-up", "%zu WebAuthn "
			    "credentials not removed: no signed-in session: "
			    "%.200s", c->nmade[acct], c->baseline_err);
			c->nmade[acct] = 0;
			continue;
		}
		(void)aa_fido_cleanup_acct(c, acct, s, why, sizeof(why));
	}
}
