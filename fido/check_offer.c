/*
 * Checks on what the service offers before any key signs anything:
 * FIDO-NOT-OFFERED, FIDO-CHALLENGE-WEAK, FIDO-USER-HANDLE-PII (from the
 * registration options), FIDO-REGISTER-UNAUTH (registration without a
 * session) and FIDO-ENUMERATION (login options for known vs unknown users).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flow.h"
#include "fido/audit_int.h"

/* Case-insensitive: does hay[0..n) contain needle? */
static int
contains(const unsigned char *hay, size_t n, const char *needle)
{
	size_t m = needle ? strlen(needle) : 0;

	if (m < 3 || m > n)
		return 0;
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;

		while (k < m && tolower(hay[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

static void
report_pii(struct aa_fido_ctx *c, const struct aa_fido_options *o)
{
	const struct aa_account *acc = &c->a->profile->accounts[0];
	const char *what = NULL;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_USER_HANDLE_PII))
		return;
	if (contains(o->user_id, o->user_id_len, acc->email))
		what = "e-mail address";
	else if (contains(o->user_id, o->user_id_len, acc->username))
		what = "username";
	else if (acc->phone != NULL && contains(o->user_id, o->user_id_len,
	    acc->phone[0] == '+' ? acc->phone + 1 : acc->phone))
		what = "phone number";
	aa_audit_report(c->a, AA_CK_FIDO_USER_HANDLE_PII, what ? AA_FAIL :
	    AA_PASS, json_pack("{s:s,s:I,s:s?}", "webauthn_step",
	    "WebAuthn L3 §14.6.1 (user handle contents)", "user_id_bytes",
	    (json_int_t)o->user_id_len, "contains", what),
	    "user.id (%zu bytes) carries %s", o->user_id_len,
	    what ? what : "no username, e-mail or phone");
}

static void
report_weak(struct aa_fido_ctx *c, struct aa_session *s,
    const struct aa_fido_options *o1)
{
	struct aa_fido_options o2;
	struct aa_fido_probe p;
	int same, r;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_CHALLENGE_WEAK))
		return;
	memset(&p, 0, sizeof(p));
	r = aa_fido_rp_options(c, s, 1, NULL, NULL, NULL, &o2, &p);
	if (r != AA_OK || !p.accepted) {
		aa_fido_not_tested(c, AA_CK_FIDO_CHALLENGE_WEAK, "second options "
		    "request failed: %s", p.why[0] ? p.why : "refused");
		aa_fido_probe_release(&p);
		return;
	}
	same = o1->challenge_len == o2.challenge_len &&
	    memcmp(o1->challenge, o2.challenge, o1->challenge_len) == 0;
	aa_audit_report(c->a, AA_CK_FIDO_CHALLENGE_WEAK,
	    (o1->challenge_len < 16 || same) ? AA_FAIL : AA_PASS,
	    json_pack("{s:s,s:I,s:I,s:b}", "webauthn_step",
	    "WebAuthn L3 §13.5.3 (cryptographic challenges)",
	    "challenge_bytes", (json_int_t)o1->challenge_len,
	    "second_challenge_bytes", (json_int_t)o2.challenge_len,
	    "repeated", same),
	    "challenge of %zu bytes%s", o1->challenge_len,
	    same ? ", repeated across requests" :
	    o1->challenge_len < 16 ? " (under 16)" : ", fresh per request");
	aa_fido_probe_release(&p);
}

int
aa_fido_check_offer(struct aa_fido_ctx *c)
{
	struct aa_fido_options o;
	struct aa_fido_probe p;
	struct aa_session *s;
	int r, go = 0;

	memset(&p, 0, sizeof(p));
	if ((r = aa_fido_session(c, 0, 1, &s)) != AA_OK) {
		snprintf(c->offer_why, sizeof(c->offer_why), "cannot log in: "
		    "%.150s", c->baseline_err[0] ? c->baseline_err :
		    aa_strerr(r));
		return 0;
	}
	r = aa_fido_rp_options(c, s, 1, NULL, NULL, NULL, &o, &p);
	if (r == AA_OK && !p.accepted &&
	    (p.status == 404 || p.status == 405 || p.status == 501)) {
		if (aa_audit_selected(c->a, AA_CK_FIDO_NOT_OFFERED))
			aa_audit_report(c->a, AA_CK_FIDO_NOT_OFFERED, AA_FAIL,
			    json_incref(p.evidence), "registration options "
			    "endpoint answers HTTP %ld", p.status);
		snprintf(c->offer_why, sizeof(c->offer_why), "the service "
		    "offers no WebAuthn registration");
		goto out;
	}
	if (r != AA_OK || !p.accepted) {
		/* Unusable options (malformed, refused): nothing else can run. */
		if (!p.why[0])
			snprintf(p.why, sizeof(p.why), "registration options "
			    "refused (HTTP %ld)", p.status);
		snprintf(c->offer_why, sizeof(c->offer_why), "%s", p.why);
		goto out;
	}
	if (aa_audit_selected(c->a, AA_CK_FIDO_NOT_OFFERED))
		aa_audit_report(c->a, AA_CK_FIDO_NOT_OFFERED, AA_PASS, NULL,
		    "registration options served (%zu algorithms, rp \"%s\")",
		    o.nalgs, o.rp_id);
	report_pii(c, &o);
	report_weak(c, s, &o);
	go = 1;
out:
	aa_fido_probe_release(&p);
	return go;
}

void
aa_fido_register_unauth(struct aa_fido_ctx *c)
{
	static const struct aa_fido_forge no_exclude = { .no_exclude = 1 };
	enum aa_check_id id = AA_CK_FIDO_REGISTER_UNAUTH;
	struct aa_fido_options o;
	struct aa_fido_probe p, q;
	struct aa_fido_reg reg;
	struct aa_session *s;
	json_t *probes, *cred = NULL;
	char why[200];
	int r, fe = 0;

	if (!aa_audit_selected(c->a, id) || aa_report_find(c->a->report, id))
		return;
	memset(&p, 0, sizeof(p));
	memset(&q, 0, sizeof(q));
	probes = json_array();
	if ((s = aa_audit_session(c->a, 0)) == NULL)
		goto out;
	aa_session_reset(s); /* no login: an anonymous client */
	c->sess_full[0] = 0;
	r = aa_fido_rp_options(c, s, 1, NULL, NULL, NULL, &o, &p);
	aa_fido_probe_note(probes, "registration options without a session", &p);
	if (r != AA_OK && r != AA_ERR_PARSE) {
		aa_fido_not_tested(c, id, "%s", p.why);
		goto out;
	}
	if (!p.accepted || r == AA_ERR_PARSE) {
		aa_fido_report(c, id, probes, "registration needs an "
		    "authenticated session", p.evidence, NULL);
		goto out;
	}
	if (c->key == NULL || aa_fido_key_blocked(c) != NULL) {
		aa_fido_not_tested(c, id, "registration options are served "
		    "without a session; completing it needs a key: %s",
		    c->key ? aa_fido_key_blocked(c) : c->key_reason);
		goto out;
	}
	aa_fido_touch(c, "register without a session");
	/* the service lists the baseline's key: the probe is not the key's
	 * to refuse */
	r = aa_fido_client_register(c->key->dev, &o, c->origin, &no_exclude,
	    c->pin ? aa_secret_str(c->pin) : NULL, &cred, &reg, &fe);
	aa_fido_key_done(c);
	if (r != AA_OK) {
		aa_fido_key_failed(c, fe);
		aa_fido_key_why(c, fe, why, sizeof(why));
		aa_fido_not_tested(c, id, "%s", why);
		goto out;
	}
	if (aa_fido_rp_result(c, s, 1, cred, &q) != AA_OK) {
		aa_fido_not_tested(c, id, "%s", q.why);
		goto out;
	}
	aa_fido_probe_note(probes, "registration result without a session", &q);
	if (q.accepted)
		aa_fido_made(c, 0, &reg.cred);
	if (q.accepted && !c->has_reg[0]) {
		c->reg[0] = reg; /* the key is now a factor of the account */
		c->has_reg[0] = 1;
	}
	aa_fido_report(c, id, probes, "registration needs an authenticated "
	    "session", q.evidence, q.accepted ? NULL : "options were served "
	    "without a session, but the registration itself was refused");
out:
	json_decref(cred);
	json_decref(probes);
	aa_fido_probe_release(&p);
	aa_fido_probe_release(&q);
}

static void
hexname(char *out, size_t outlen)
{
	unsigned char r[6] = { 0 };

	(void)RAND_bytes(r, sizeof(r));
	snprintf(out, outlen, "aa-nouser-%02x%02x%02x%02x%02x%02x", r[0], r[1],
	    r[2], r[3], r[4], r[5]);
}

void
aa_fido_enumeration(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_ENUMERATION;
	struct aa_fido_options ok_o, no_o;
	struct aa_fido_probe k, u;
	struct aa_session *s;
	char unknown[40];
	int rk, ru, differ;

	if (!aa_audit_selected(c->a, id) || aa_report_find(c->a->report, id))
		return;
	if (c->passkey && c->custom && !aa_audit_step_uses(c->a,
	    "webauthn_login_options", "username")) {
		aa_audit_report(c->a, id, AA_NOT_APPLICABLE, NULL, "the sign-in "
		    "options name no user (usernameless passkeys): there is no "
		    "name to enumerate through them");
		return;
	}
	memset(&k, 0, sizeof(k));
	memset(&u, 0, sizeof(u));
	(void)aa_fido_ensure_reg(c, 0); /* a known user with a key */
	if ((s = aa_audit_session(c->a, 0)) == NULL)
		return;
	aa_session_reset(s);
	c->sess_full[0] = 0;
	hexname(unknown, sizeof(unknown));
	rk = aa_fido_rp_options(c, s, 0, NULL, NULL, NULL, &ok_o, &k);
	aa_session_reset(s);
	ru = aa_fido_rp_options(c, s, 0, unknown, NULL, NULL, &no_o, &u);
	if ((rk != AA_OK && rk != AA_ERR_PARSE) ||
	    (ru != AA_OK && ru != AA_ERR_PARSE)) {
		aa_fido_not_tested(c, id, "%s", rk != AA_OK ? k.why : u.why);
		goto out;
	}
	differ = k.status != u.status || k.accepted != u.accepted ||
	    (k.accepted && u.accepted && (ok_o.nlist_total > 0) !=
	    (no_o.nlist_total > 0));
	aa_audit_report(c->a, id, differ ? AA_FAIL : AA_PASS,
	    json_pack("{s:s,s:{s:I,s:b,s:I},s:{s:I,s:b,s:I}}", "webauthn_step",
	    "WebAuthn L3 §14.6.2 (username enumeration)",
	    "known_user", "status", (json_int_t)k.status, "accepted", k.accepted,
	    "allow_credentials", (json_int_t)(k.accepted ? ok_o.nlist_total : 0),
	    "unknown_user", "status", (json_int_t)u.status, "accepted",
	    u.accepted, "allow_credentials",
	    (json_int_t)(u.accepted ? no_o.nlist_total : 0)),
	    differ ? "login options differ for a known (HTTP %ld) and an "
	    "unknown user (HTTP %ld)" : "login options look the same for known "
	    "and unknown users (HTTP %ld / %ld)", k.status, u.status);
out:
	aa_fido_probe_release(&k);
	aa_fido_probe_release(&u);
}
