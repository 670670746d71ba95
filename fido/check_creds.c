/*
 * Credential binding and registration policy: FIDO-CRED-NOT-BOUND,
 * FIDO-CRED-UNKNOWN, FIDO-CRED-SUBSTITUTION (K), FIDO-ATTESTATION and
 * FIDO-ALG (S: the software key makes the statements and algorithms).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "fido/audit_int.h"

#define ST_BOUND "WebAuthn L2 §7.2 steps 5-6 (the credential and user " \
	"handle belong to the user logging in)"
#define ST_UNKNOWN "WebAuthn L2 §7.2 steps 5-7 (look up the credential; " \
	"unknown ids fail)"
#define ST_SUBST "WebAuthn L2 §7.1 step 22 (credential id not yet " \
	"registered to any user)"
#define ST_ATT "WebAuthn L2 §7.1 steps 19-21 (verify the attestation " \
	"statement and its trust path)"
#define ST_ALG "WebAuthn L2 §7.1 step 16 (algorithm is one of " \
	"pubKeyCredParams)"

/*
 * Check id by one login of account A that offers credential allow, with
 * A's user handle when `handle` (so a service that takes the account
 * from the handle, as usernameless sign-ins may, signs A in; a credential
 * that only signs its own owner in does not open A's `protected`).
 */
static void
login_with(struct aa_fido_ctx *c, enum aa_check_id id,
    const struct aa_fido_credid *allow, int handle, const char *what,
    const char *name, const char *step)
{
	struct aa_fido_pset ps;
	struct aa_fido_forge f;
	struct aa_fido_probe p;
	int r;

	memset(&p, 0, sizeof(p));
	memset(&f, 0, sizeof(f));
	f.allow = allow;
	if (handle && c->has_reg[0] && c->reg[0].user_id_len > 0) {
		f.user_handle = c->reg[0].user_id;
		f.user_handle_len = c->reg[0].user_id_len;
	}
	r = aa_fido_login_probe(c, 0, &f, NULL, what, &p, NULL);
	aa_fido_pset_init(&ps);
	ps.logins++;
	aa_fido_pset_add(&ps, name, r, &p);
	aa_fido_pset_finish(c, id, &ps, step, NULL);
}

void
aa_fido_not_bound(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_CRED_NOT_BOUND;

	if (!aa_audit_selected(c->a, id))
		return;
	if (c->nacc < 2) {
		aa_fido_not_tested(c, id, "needs two accounts in the profile");
		return;
	}
	if (aa_fido_ensure_reg(c, 0) != AA_OK ||
	    aa_fido_ensure_reg(c, 1) != AA_OK) {
		aa_fido_not_tested(c, id, "cannot register a key for both "
		    "accounts: %s", c->baseline_err);
		return;
	}
	login_with(c, id, &c->reg[1].cred, 1,
	    "log in to account A with account B's credential",
	    "account B's credential with account A's user handle in account "
	    "A's login",
	    ST_BOUND);
}

void
aa_fido_unknown(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_CRED_UNKNOWN;
	struct aa_fido_options o;
	struct aa_fido_reg reg;
	json_t *cred = NULL;
	int r, fe = 0;

	if (!aa_audit_selected(c->a, id))
		return;
	if (c->key == NULL || aa_fido_key_blocked(c) != NULL) {
		aa_fido_not_tested(c, id, "%s", c->key ? aa_fido_key_blocked(c) :
		    c->key_reason);
		return;
	}
	/* A credential the key makes for this RP but the service never sees. */
	memset(&o, 0, sizeof(o));
	o.is_create = 1;
	snprintf(o.rp_id, sizeof(o.rp_id), "%s", c->a->profile->rp_id);
	snprintf(o.user_name, sizeof(o.user_name), "aa-unregistered");
	(void)RAND_bytes(o.user_id, 16);
	o.user_id_len = 16;
	(void)RAND_bytes(o.challenge, 32);
	o.challenge_len = 32;
	snprintf(o.challenge_b64, sizeof(o.challenge_b64), "unused");
	o.algs[0] = -7;
	o.nalgs = 1;
	aa_fido_touch(c, "make a credential the service never sees");
	r = aa_fido_client_register(c->key->dev, &o, c->origin, NULL,
	    c->pin ? aa_secret_str(c->pin) : NULL, &cred, &reg, &fe);
	aa_fido_key_done(c);
	json_decref(cred);
	if (r != AA_OK) {
		char why[200];

		aa_fido_key_failed(c, fe);
		aa_fido_key_why(c, fe, why, sizeof(why));
		aa_fido_not_tested(c, id, "%s", why);
		return;
	}
	login_with(c, id, &reg.cred, 0, "log in with an unregistered credential",
	    "credential id never registered", ST_UNKNOWN);
}

void
aa_fido_substitution(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_CRED_SUBSTITUTION;
	struct aa_fido_options o;
	struct aa_fido_pset ps;
	struct aa_fido_probe p;
	struct aa_session *s;
	json_t *cred = NULL;
	int r;

	if (!aa_audit_selected(c->a, id))
		return;
	if (c->nacc < 2) {
		aa_fido_not_tested(c, id, "needs two accounts in the profile");
		return;
	}
	if (aa_fido_ensure_reg(c, 0) != AA_OK || c->reg[0].authdata_len == 0) {
		aa_fido_not_tested(c, id, "cannot register a key for account "
		    "A: %s", c->baseline_err);
		return;
	}
	memset(&p, 0, sizeof(p));
	aa_fido_pset_init(&ps);
	if ((r = aa_fido_session(c, 1, 1, &s)) == AA_OK &&
	    (r = aa_fido_rp_options(c, s, 1, NULL, NULL, NULL, &o, &p)) == AA_OK &&
	    !p.accepted) {
		snprintf(p.why, sizeof(p.why), "registration options refused "
		    "for account B (HTTP %ld)", p.status);
		r = AA_ERR_HTTP;
	}
	if (r == AA_OK) {
		/* fmt none signs nothing: A's attested credential, B's challenge */
		r = aa_fido_client_register_raw(&o, c->origin, c->reg[0].authdata,
		    c->reg[0].authdata_len, &c->reg[0].cred, &cred);
		if (r == AA_OK)
			r = aa_fido_rp_result(c, s, 1, cred, &p);
		if (r == AA_OK && p.accepted)
			aa_fido_made(c, 1, &c->reg[0].cred);
	} else if (!p.why[0])
		snprintf(p.why, sizeof(p.why), "%.190s", c->baseline_err);
	aa_fido_pset_add(&ps, "account A's credential registered to account B",
	    r, &p);
	aa_fido_pset_finish(c, id, &ps, ST_SUBST, NULL);
	json_decref(cred);
}

static void
att_probe(struct aa_fido_ctx *c, struct aa_fido_pset *ps, const char *name,
    enum aa_fido_att att, int corrupt, int *asked)
{
	struct aa_fido_softkey_ctl ctl, saved;
	struct aa_fido_probe p;
	struct aa_fido_reg reg;
	int r;

	aa_fido_softkey_get_ctl(c->key->soft, &saved);
	ctl = saved;
	ctl.att = att;
	ctl.corrupt_att_sig = corrupt;
	aa_fido_softkey_set_ctl(c->key->soft, &ctl);
	memset(&p, 0, sizeof(p));
	r = aa_fido_register_probe(c, 0, NULL, "direct", name, &p, &reg);
	aa_fido_softkey_set_ctl(c->key->soft, &saved);
	if (strcmp(p.att, "direct") == 0 || strcmp(p.att, "enterprise") == 0)
		*asked = 1;
	aa_fido_pset_add(ps, name, r, &p);
}

void
aa_fido_attestation(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_ATTESTATION;
	struct aa_fido_pset ps;
	int asked = 0;

	if (!aa_audit_selected(c->a, id))
		return;
	if (!c->soft) {
		aa_fido_not_tested(c, id, "needs the software key (--device "
		    "soft) to make bad attestation statements");
		return;
	}
	aa_fido_pset_init(&ps);
	att_probe(c, &ps, "packed self attestation", AA_FIDO_ATT_SELF, 0, &asked);
	att_probe(c, &ps, "packed, x5c from an untrusted test CA",
	    AA_FIDO_ATT_CA, 0, &asked);
	att_probe(c, &ps, "packed with a corrupted signature", AA_FIDO_ATT_CA,
	    1, &asked);
	att_probe(c, &ps, "fmt none although direct attestation was requested",
	    AA_FIDO_ATT_NONE, 0, &asked);
	if (!asked && ps.exchange != NULL) {
		aa_fido_not_tested(c, id, "the service does not request "
		    "attestation (it answers \"attestation\": \"none\" when "
		    "asked for direct)");
		json_decref(ps.probes);
		json_decref(ps.exchange);
		return;
	}
	aa_fido_pset_finish(c, id, &ps, ST_ATT, NULL);
}

void
aa_fido_alg(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_ALG;
	struct aa_fido_pset ps;
	struct aa_fido_forge f;
	struct aa_fido_probe p;
	struct aa_fido_reg reg;
	int r;

	if (!aa_audit_selected(c->a, id))
		return;
	if (!c->soft) {
		aa_fido_not_tested(c, id, "needs the software key (--device "
		    "soft) to create a credential with an algorithm not offered");
		return;
	}
	memset(&f, 0, sizeof(f));
	memset(&p, 0, sizeof(p));
	f.alg_unoffered = 1;
	r = aa_fido_register_probe(c, 0, &f, NULL, "algorithm not offered",
	    &p, &reg);
	if (r == AA_ERR_UNSUPPORTED) {
		aa_fido_not_tested(c, id, "the service offers every algorithm "
		    "the key has (ES256, EdDSA, RS256)");
		aa_fido_probe_release(&p);
		return;
	}
	aa_fido_pset_init(&ps);
	aa_fido_pset_add(&ps, r == AA_OK ? (reg.alg == -8 ? "EdDSA credential, "
	    "not offered" : reg.alg == -257 ? "RS256 credential, not offered" :
	    "ES256 credential, not offered") : "algorithm not offered", r, &p);
	aa_fido_pset_finish(c, id, &ps, ST_ALG, NULL);
}
