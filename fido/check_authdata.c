/*
 * Authenticator-data and signature checks: FIDO-SIGNATURE, FIDO-UP,
 * FIDO-UV, FIDO-RPID and FIDO-COUNTER. UP=0 and a foreign rpIdHash at
 * registration come from a real key too (K); a foreign rpIdHash at login
 * and counter games need the software key (S).
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "fido/audit_int.h"

#define ST_SIG "WebAuthn L2 §7.2 step 20 (verify the signature over " \
	"authenticatorData and the clientDataJSON hash)"
#define ST_UP "WebAuthn L2 §7.2 step 16 (user present bit)"
#define ST_UV "WebAuthn L2 §7.2 step 17 (user verified bit when required)"
#define ST_RPID "WebAuthn L2 §7.1 step 13 / §7.2 step 15 (rpIdHash)"
#define ST_COUNTER "WebAuthn L2 §7.2 step 21 (signature counter)"

#define NOTE_UP "the FIDO server conformance suite " \
	"(Server-ServerAuthenticatorAssertionResponse-Resp-3 P-4, P-7) " \
	"tolerates UP=0 assertions, but WebAuthn §7.2 step 16 requires the " \
	"UP bit: a silent assertion lets malware or a phishing page log in " \
	"without the user touching the key"

void
aa_fido_signature(struct aa_fido_ctx *c)
{
	struct aa_fido_pset ps;
	struct aa_fido_forge f;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_SIGNATURE))
		return;
	aa_fido_pset_init(&ps);
	memset(&f, 0, sizeof(f));
	f.flip_sig = 1;
	aa_fido_pset_login(c, &ps, "signature with one bit flipped", &f);
	if (c->soft) { /* a real key: one touch for this check */
		memset(&f, 0, sizeof(f));
		f.sig_other_hash = 1;
		aa_fido_pset_login(c, &ps,
		    "signature over another clientDataJSON hash", &f);
	}
	aa_fido_pset_finish(c, AA_CK_FIDO_SIGNATURE, &ps, ST_SIG, NULL);
}

void
aa_fido_up(struct aa_fido_ctx *c)
{
	struct aa_fido_pset ps;
	struct aa_fido_forge f;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_UP))
		return;
	aa_fido_pset_init(&ps);
	memset(&f, 0, sizeof(f));
	f.up_false = 1;
	aa_fido_pset_login(c, &ps,
	    "silent assertion (up=false, UP bit clear)", &f);
	aa_fido_pset_finish(c, AA_CK_FIDO_UP, &ps, ST_UP, NOTE_UP);
}

void
aa_fido_uv(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_UV;
	struct aa_fido_pset ps;
	struct aa_fido_probe p;
	aa_secret_t *pin = c->pin;
	int r;

	if (!aa_audit_selected(c->a, id))
		return;
	memset(&p, 0, sizeof(p));
	/* the key registered first: with a PIN set it needs the PIN for it */
	if ((r = aa_fido_ensure_reg(c, 0)) != AA_OK) {
		aa_fido_not_tested(c, id, "%s", c->baseline_err);
		return;
	}
	c->pin = NULL; /* no PIN: the key cannot set UV */
	c->no_uv = 1;
	r = aa_fido_login_probe(c, 0, NULL, "required",
	    "assertion without user verification", &p, NULL);
	c->no_uv = 0;
	c->pin = pin;
	if (r == AA_OK && p.accepted && strcmp(p.uv, "required") != 0) {
		aa_fido_not_tested(c, id, "the service does not ask for user "
		    "verification even when the login options request it "
		    "(userVerification \"%s\")", p.uv);
		aa_fido_probe_release(&p);
		return;
	}
	aa_fido_pset_init(&ps);
	aa_fido_pset_add(&ps, "UV bit clear although userVerification is "
	    "required", r, &p);
	aa_fido_pset_finish(c, id, &ps, ST_UV, NULL);
}

void
aa_fido_rpid(struct aa_fido_ctx *c)
{
	const char *fwd[3] = { "X-Forwarded-Host: evil.example", NULL, NULL };
	struct aa_fido_pset ps;
	struct aa_fido_forge f;
	struct aa_fido_probe p;
	struct aa_fido_reg reg;
	struct aa_fido_softkey_ctl ctl, saved;
	int r;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_RPID))
		return;
	aa_fido_pset_init(&ps);
	memset(&f, 0, sizeof(f));
	memset(&p, 0, sizeof(p));
	f.rp_id = "evil.example";
	r = aa_fido_register_probe(c, 0, &f, NULL,
	    "registration for RP ID evil.example", &p, &reg);
	aa_fido_pset_add(&ps, "registration with rpIdHash of evil.example", r,
	    &p);
	/* An RP ID derived from the request (multi-tenant set-ups) follows
	 * what a phishing proxy forwards: the same forgery announced as the
	 * proxy's host (with the Origin header its page sends, which CSRF
	 * guards compare with that host); clientDataJSON keeps the right
	 * origin, so only the RP ID is on trial. */
	fwd[1] = strncmp(c->origin, "https:", 6) == 0 ?
	    "Origin: https://evil.example" : "Origin: http://evil.example";
	memset(&p, 0, sizeof(p));
	c->hdrs = fwd;
	r = aa_fido_register_probe(c, 0, &f, NULL,
	    "registration for RP ID evil.example, forwarded host", &p, &reg);
	c->hdrs = NULL;
	aa_fido_pset_add(&ps, "registration with rpIdHash of evil.example and "
	    "X-Forwarded-Host: evil.example", r, &p);
	if (c->soft) {
		aa_fido_softkey_get_ctl(c->key->soft, &saved);
		ctl = saved;
		snprintf(ctl.login_rpid, sizeof(ctl.login_rpid), "evil.example");
		aa_fido_softkey_set_ctl(c->key->soft, &ctl);
		aa_fido_pset_login(c, &ps,
		    "assertion with rpIdHash of evil.example", NULL);
		aa_fido_softkey_set_ctl(c->key->soft, &saved);
	}
	aa_fido_pset_finish(c, AA_CK_FIDO_RPID, &ps, ST_RPID, c->soft ? NULL :
	    "login half not tested: a real key will not sign for another RP "
	    "ID (needs --device soft)");
}

void
aa_fido_counter(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_COUNTER;
	struct aa_fido_pset ps;
	struct aa_fido_probe p;
	struct aa_fido_softkey_ctl ctl, saved;
	uint32_t last;
	int r;

	if (!aa_audit_selected(c->a, id))
		return;
	if (!c->soft) {
		aa_fido_not_tested(c, id, "needs the software key (--device "
		    "soft): a real key never repeats or lowers its counter");
		return;
	}
	memset(&p, 0, sizeof(p));
	r = aa_fido_login_probe(c, 0, NULL, NULL, "log in", &p, NULL);
	if (r != AA_OK || !p.accepted) {
		aa_fido_not_tested(c, id, "a correct assertion was not accepted: "
		    "%s", p.why[0] ? p.why : "refused");
		aa_fido_probe_release(&p);
		return;
	}
	aa_fido_probe_release(&p);
	last = aa_fido_softkey_counter(c->key->soft);
	aa_fido_softkey_get_ctl(c->key->soft, &saved);
	ctl = saved;
	ctl.counter_fixed = 1;
	aa_fido_pset_init(&ps);
	ctl.counter_value = last;
	aa_fido_softkey_set_ctl(c->key->soft, &ctl);
	aa_fido_pset_login(c, &ps, "counter equal to the last one", NULL);
	ctl.counter_value = last > 1 ? 1 : 0;
	aa_fido_softkey_set_ctl(c->key->soft, &ctl);
	aa_fido_pset_login(c, &ps, "counter lower than the last one", NULL);
	aa_fido_softkey_set_ctl(c->key->soft, &saved);
	aa_fido_pset_finish(c, id, &ps, ST_COUNTER, NULL);
}
