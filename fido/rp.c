/*
 * Ceremonies against the service under audit: the four WebAuthn steps as
 * the FIDO conformance API (`"webauthn": {"api": "fido-conformance"}`) or
 * as the profile's own webauthn_* steps, always through the flow engine
 * so requests count against the profile's limits and evidence is
 * redacted. On top: sessions, the baseline registration, and probes.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flow.h"
#include "fido/audit_int.h"

static const char *const step_names[2][2] = {
	{ "webauthn_login_options", "webauthn_login_result" },
	{ "webauthn_register_options", "webauthn_register_result" },
};

static const char *const api_paths[2][2] = {
	{ "/assertion/options", "/assertion/result" },
	{ "/attestation/options", "/attestation/result" },
};

void
aa_fido_probe_release(struct aa_fido_probe *p)
{
	json_decref(p->evidence);
	memset(p, 0, sizeof(*p));
}

/* Run step `which` (0 options, 1 result) of a ceremony. */
static int
run_step(struct aa_fido_ctx *c, struct aa_session *s, int create, int which,
    json_t *vars, json_t *body, struct aa_step_result *res)
{
	const struct aa_profile *pf = c->a->profile;
	struct aa_step_opts so = { .vars = vars, .headers = c->hdrs };
	json_t *step;
	char path[1024];
	int r;

	if (c->custom)
		return aa_flow_step(s, step_names[create][which], &so, res);
	snprintf(path, sizeof(path), "%s%s", pf->webauthn_prefix ?
	    pf->webauthn_prefix : "", api_paths[create][which]);
	step = json_pack("{s:s,s:s,s:O,s:{s:[i],s:{s:s}}}", "method", "POST",
	    "path", path, "json", body, "ok", "status", 200, "json", "/status",
	    "ok");
	if (step == NULL)
		return AA_ERR_NOMEM;
	r = aa_flow_run(s, step_names[create][which], step, &so, res);
	json_decref(step);
	return r;
}

static void
take(struct aa_fido_probe *p, struct aa_step_result *res)
{
	json_decref(p->evidence);
	p->status = res->resp.status;
	p->accepted = res->accepted;
	p->refusal = res->accepted ? AA_REFUSED_NONE :
	    aa_audit_refusal(&res->resp);
	p->evidence = json_incref(res->evidence);
}

int
aa_fido_rp_options(struct aa_fido_ctx *c, struct aa_session *s, int create,
    const char *username, const char *uv, const char *attestation,
    struct aa_fido_options *o, struct aa_fido_probe *p)
{
	const struct aa_account *acc =
	    &c->a->profile->accounts[aa_session_account(s)];
	struct aa_step_result res;
	const json_t *src = NULL;
	json_t *vars, *body;
	int r;

	memset(&res, 0, sizeof(res));
	memset(o, 0, sizeof(*o));
	if (username == NULL)
		username = acc->username;
	vars = json_pack("{s:s,s:s,s:s,s:s}", "username", username,
	    "displayName", username, "user_verification", uv ? uv : "preferred",
	    "attestation", attestation ? attestation : "none");
	if (create)
		body = json_pack("{s:s,s:s,s:{s:s},s:s}", "username", username,
		    "displayName", username, "authenticatorSelection",
		    "userVerification", uv ? uv : "preferred", "attestation",
		    attestation ? attestation : "none");
	else
		body = json_pack("{s:s,s:s}", "username", username,
		    "userVerification", uv ? uv : "preferred");
	if (vars == NULL || body == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = run_step(c, s, create, 0, vars, body, &res)) != AA_OK) {
		snprintf(p->why, sizeof(p->why), "%s: %s",
		    step_names[create][0], aa_strerr(r));
		goto out;
	}
	take(p, &res);
	if (!res.accepted)
		goto out;
	/* A custom step extracts `options`; the conformance API answers them. */
	if (c->custom && res.extracted != NULL)
		src = json_object_get(res.extracted, "options");
	if (src == NULL)
		src = res.resp.json;
	if (src == NULL) {
		snprintf(p->why, sizeof(p->why), "%s: the response is no JSON",
		    step_names[create][0]);
		r = AA_ERR_PARSE;
		goto out;
	}
	if (aa_fido_options_parse(src, create, o, p->why, sizeof(p->why)) !=
	    AA_OK) {
		char tmp[120];

		snprintf(tmp, sizeof(tmp), "%.119s", p->why);
		snprintf(p->why, sizeof(p->why), "malformed options from %s: %s",
		    step_names[create][0], tmp);
		r = AA_ERR_PARSE;
	}
out:
	aa_step_result_release(&res);
	json_decref(vars);
	json_decref(body);
	return r;
}

int
aa_fido_rp_result(struct aa_fido_ctx *c, struct aa_session *s, int create,
    const json_t *credential, struct aa_fido_probe *p)
{
	struct aa_step_result res;
	json_t *vars;
	int r;

	memset(&res, 0, sizeof(res));
	if ((vars = json_pack("{s:O}", "credential", credential)) == NULL)
		return AA_ERR_NOMEM;
	r = run_step(c, s, create, 1, vars, (json_t *)credential, &res);
	if (r == AA_OK)
		take(p, &res);
	else
		snprintf(p->why, sizeof(p->why), "%s: %s",
		    step_names[create][1], aa_strerr(r));
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

static const char *
pin(const struct aa_fido_ctx *c)
{
	return c->pin != NULL ? aa_secret_str(c->pin) : NULL;
}

/* A key that refused the PIN or timed out waiting for a touch is not
 * asked again (key.c says why). */
static int
key_guard(struct aa_fido_ctx *c, struct aa_fido_probe *p)
{
	const char *why = aa_fido_key_blocked(c);

	if (why == NULL)
		return AA_OK;
	snprintf(p->why, sizeof(p->why), "%s", why);
	return AA_ERR_DEVICE;
}

static int
key_error(struct aa_fido_ctx *c, struct aa_fido_probe *p, int r, int fe)
{
	aa_fido_key_failed(c, fe);
	if (r == AA_ERR_DEVICE)
		aa_fido_key_why(c, fe, p->why, sizeof(p->why));
	else if (r == AA_ERR_UNSUPPORTED)
		snprintf(p->why, sizeof(p->why), "no algorithm offered by the "
		    "service is one the key has");
	else
		snprintf(p->why, sizeof(p->why), "%s", aa_strerr(r));
	return r;
}

/* `protected` in s right now: *open 1 or 0; -1 without a protected
 * step (the ok rules decide alone). when: for p->why on an error. */
static int
protected_open(struct aa_fido_ctx *c, struct aa_session *s,
    struct aa_fido_probe *p, const char *when, int *open)
{
	int r;

	*open = -1;
	if (aa_profile_step(c->a->profile, "protected") == NULL)
		return AA_OK;
	if ((r = aa_audit_protected(c->a, s, open, NULL)) != AA_OK)
		snprintf(p->why, sizeof(p->why), "the protected step %s the "
		    "assertion: %s", when, aa_strerr(r));
	return r;
}

int
aa_fido_rp_effect(struct aa_fido_ctx *c, struct aa_session *s,
    struct aa_fido_probe *p)
{
	int open, r;

	p->effect = 0;
	if ((r = protected_open(c, s, p, "after", &open)) != AA_OK || open < 0)
		return r;
	p->effect = open ? 2 : 1;
	p->accepted = open;
	return AA_OK;
}

int
aa_fido_rp_closed(struct aa_fido_ctx *c, struct aa_session *s,
    struct aa_fido_probe *p)
{
	int open, r;

	if ((r = protected_open(c, s, p, "before", &open)) != AA_OK ||
	    open <= 0)
		return r;
	snprintf(p->why, sizeof(p->why), "protected already opens before "
	    "any assertion is sent (the password alone signs %.60s in), so "
	    "an assertion's effect cannot be told",
	    c->a->profile->accounts[aa_session_account(s)].username);
	return AA_ERR_STEP;
}

void
aa_fido_refused_why(const struct aa_fido_probe *p, char *why, size_t whylen)
{
	snprintf(why, whylen, "a correct assertion did not sign in (HTTP %ld%s%s)",
	    p->status, p->effect == 1 ? ", protected stayed closed" : "",
	    p->refusal == AA_REFUSED_THROTTLE ? ", throttled" :
	    p->refusal == AA_REFUSED_LOCKED ? ", locked" : "");
}

int
aa_fido_login_in(struct aa_fido_ctx *c, struct aa_session *s, size_t acct,
    const struct aa_fido_forge *f, const char *uv, const char *label,
    const struct aa_fido_options *reuse, const json_t *replay,
    struct aa_fido_probe *p, json_t **cred_out, struct aa_fido_options *o_out)
{
	struct aa_fido_options o;
	struct aa_fido_forge fs;
	char stale[sizeof(o.challenge_b64)];
	json_t *cred = NULL;
	int r, fe = 0;

	if (c->key == NULL && replay == NULL) {
		snprintf(p->why, sizeof(p->why), "%.150s", c->key_reason);
		return AA_ERR_DEVICE;
	}
	if (!c->completing && (r = aa_fido_rp_closed(c, s, p)) != AA_OK)
		return r;
	if (reuse != NULL) {
		o = *reuse;
		goto sign;
	}
	if (f != NULL && f->stale_challenge) {
		/* a first ceremony whose challenge the second one answers */
		if ((r = aa_fido_rp_options(c, s, 0, NULL, uv, NULL, &o, p)) !=
		    AA_OK)
			return r;
		snprintf(stale, sizeof(stale), "%s", o.challenge_b64);
		fs = *f;
		fs.challenge = stale;
		f = &fs;
	}
	if ((r = aa_fido_rp_options(c, s, 0, NULL, uv, NULL, &o, p)) != AA_OK)
		return r;
	if (!p->accepted) {
		snprintf(p->why, sizeof(p->why), "the service refused login "
		    "options for %s (HTTP %ld)",
		    c->a->profile->accounts[acct].username, p->status);
		return AA_ERR_HTTP;
	}
sign:
	if (c->passkey && o.nlist == 0 && (f == NULL || f->allow == NULL) &&
	    c->has_reg[acct]) {
		/* usernameless: the person picks acct's passkey */
		if (f != NULL)
			fs = *f;
		else
			memset(&fs, 0, sizeof(fs));
		fs.allow = &c->reg[acct].cred;
		f = &fs;
	}
	snprintf(p->uv, sizeof(p->uv), "%s", o.user_verification);
	snprintf(p->challenge, sizeof(p->challenge), "%s", o.challenge_b64);
	if (strcmp(o.user_verification, "required") == 0 && replay == NULL &&
	    (r = aa_fido_key_uv(c, p->why, sizeof(p->why))) != AA_OK)
		return r;
	if (o_out != NULL)
		*o_out = o;
	if (replay != NULL) {
		cred = json_incref((json_t *)replay);
		goto send;
	}
	if (f == NULL || !f->up_false) { /* a silent assertion needs no touch */
		if ((r = key_guard(c, p)) != AA_OK)
			return r;
		aa_fido_touch(c, label);
	} else if (c->pin_refused) {
		snprintf(p->why, sizeof(p->why), "%s", aa_fido_key_blocked(c));
		return AA_ERR_DEVICE;
	} else
		aa_fido_key_start(c);
	r = aa_fido_client_login(c->key->dev, &o, c->origin, f, pin(c), &cred,
	    &fe);
	aa_fido_key_done(c);
	if (r != AA_OK)
		return key_error(c, p, r, fe);
send:
	r = aa_fido_rp_result(c, s, 0, cred, p);
	if (r == AA_OK)
		r = aa_fido_rp_effect(c, s, p);
	if (r == AA_OK && cred_out != NULL)
		*cred_out = json_incref(cred);
	json_decref(cred);
	return r;
}

int
aa_fido_session(struct aa_fido_ctx *c, size_t acct, int full,
    struct aa_session **out)
{
	struct aa_step_result res;
	struct aa_session *s;
	struct aa_fido_probe p;
	char why[256];
	int r, granted = 0, key2fa, signed_in = 0;

	*out = NULL;
	memset(&res, 0, sizeof(res));
	memset(&p, 0, sizeof(p));
	if ((s = aa_audit_session(c->a, acct)) == NULL)
		return AA_ERR_ARG;
	if (full && c->sess_full[acct]) {
		*out = s; /* still logged in: saves a touch per probe */
		return AA_OK;
	}
	c->sess_full[acct] = 0;
	aa_session_reset(s);
	if (c->passkey && !full) {
		/* a passkey sign-in starts from nothing: no password step */
		*out = s;
		return AA_OK;
	}
	if ((r = aa_flow_step(s, "login", NULL, &res)) != AA_OK)
		goto out;
	if (!res.accepted) {
		snprintf(c->baseline_err, sizeof(c->baseline_err), "the login "
		    "step was refused (HTTP %ld)", res.resp.status);
		r = AA_ERR_HTTP;
		goto out;
	}
	/* a passkey service's keys are a sign-in of their own: its full
	 * session is the password plus whatever second factor it demands */
	key2fa = full && c->has_reg[acct] && !c->passkey;
	if (key2fa && aa_fido_rp_closed(c, s, &p) == AA_ERR_STEP) {
		/* the password alone signs in: the key is no second factor */
		memset(p.why, 0, sizeof(p.why));
	} else if (key2fa) {
		/* our key is a factor of the account: pass it */
		r = aa_fido_sign_in(c, s, acct, "log in (second factor)",
		    &signed_in, c->baseline_err, sizeof(c->baseline_err));
		if (r == AA_OK && !signed_in)
			r = AA_ERR_HTTP;
		if (r != AA_OK)
			goto out;
	} else if (full && c->a->base[acct].required == 1)
		/* another factor the baseline proved; a refusal shows later */
		(void)aa_audit_pass_second(c->a, s, 0, NULL, NULL, &granted,
		    NULL, why, sizeof(why));
	c->sess_full[acct] = full;
	*out = s;
	r = AA_OK;
out:
	aa_fido_probe_release(&p);
	aa_step_result_release(&res);
	return r;
}

/* A registration ceremony for acct in session s as it is (fully signed
 * in, or in the service's enrolment state). */
static int
register_in(struct aa_fido_ctx *c, struct aa_session *s, size_t acct,
    const struct aa_fido_forge *f, const char *attestation, const char *label,
    struct aa_fido_probe *p, struct aa_fido_reg *reg)
{
	struct aa_fido_options o;
	struct aa_fido_forge fs;
	json_t *cred = NULL;
	int r, fe = 0;

	if (c->key == NULL) {
		snprintf(p->why, sizeof(p->why), "%.150s", c->key_reason);
		return AA_ERR_DEVICE;
	}
	if ((r = aa_fido_rp_options(c, s, 1, NULL, NULL, attestation, &o, p)) !=
	    AA_OK)
		return r;
	if (!p->accepted) {
		snprintf(p->why, sizeof(p->why), "the service refused "
		    "registration options (HTTP %ld)", p->status);
		return AA_ERR_HTTP;
	}
	snprintf(p->att, sizeof(p->att), "%s", o.attestation);
	if (strcmp(o.user_verification, "required") == 0 &&
	    (r = aa_fido_key_uv(c, p->why, sizeof(p->why))) != AA_OK)
		return r;
	/* probes test the service: the key must not refuse for exclusion */
	if (f != NULL)
		fs = *f;
	else
		memset(&fs, 0, sizeof(fs));
	fs.no_exclude = 1;
	fs.rk = c->passkey; /* a usernameless sign-in finds only these */
	if ((r = key_guard(c, p)) != AA_OK)
		return r;
	aa_fido_touch(c, label);
	r = aa_fido_client_register(c->key->dev, &o, c->origin, &fs, pin(c),
	    &cred, reg, &fe);
	aa_fido_key_done(c);
	if (r != AA_OK)
		return key_error(c, p, r, fe);
	r = aa_fido_rp_result(c, s, 1, cred, p);
	if (r == AA_OK && p->accepted)
		aa_fido_made(c, acct, &reg->cred);
	json_decref(cred);
	return r;
}

static int
register_once(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_forge *f, const char *attestation, const char *label,
    struct aa_fido_probe *p, struct aa_fido_reg *reg)
{
	struct aa_session *s;
	int r;

	if (c->key == NULL) {
		snprintf(p->why, sizeof(p->why), "%.150s", c->key_reason);
		return AA_ERR_DEVICE;
	}
	if ((r = aa_fido_session(c, acct, 1, &s)) != AA_OK) {
		snprintf(p->why, sizeof(p->why), "%.190s", c->baseline_err[0] ?
		    c->baseline_err : aa_strerr(r));
		return r;
	}
	return register_in(c, s, acct, f, attestation, label, p, reg);
}

int
aa_fido_enroll(struct aa_fido_ctx *c, struct aa_session *s, size_t acct,
    char *why, size_t whylen)
{
	struct aa_fido_probe p;
	struct aa_fido_reg reg;
	int r;

	memset(&p, 0, sizeof(p));
	r = s != NULL ? register_in(c, s, acct, NULL, NULL,
	    "register a key", &p, &reg) : register_once(c, acct, NULL, NULL,
	    "register a key", &p, &reg);
	if (r == AA_OK && !p.accepted) {
		snprintf(why, whylen, "a correct registration was refused "
		    "(HTTP %ld)", p.status);
		r = AA_ERR_HTTP;
	} else if (r != AA_OK)
		snprintf(why, whylen, "%.190s", p.why[0] ? p.why : aa_strerr(r));
	if (r == AA_OK) {
		c->reg[acct] = reg;
		c->has_reg[acct] = 1;
		c->sess_full[acct] = 0; /* next time: log in with the key */
	}
	aa_fido_probe_release(&p);
	return r;
}

int
aa_fido_ensure_reg(struct aa_fido_ctx *c, size_t acct)
{
	if (acct >= c->nacc)
		return AA_ERR_ARG;
	if (c->has_reg[acct])
		return AA_OK;
	return aa_fido_enroll(c, NULL, acct, c->baseline_err,
	    sizeof(c->baseline_err));
}

int
aa_fido_login_probe(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_forge *f, const char *uv, const char *label,
    struct aa_fido_probe *p, json_t **cred_out)
{
	struct aa_session *s;
	int r;

	if ((r = aa_fido_ensure_reg(c, acct)) != AA_OK) {
		snprintf(p->why, sizeof(p->why), "%.190s", c->baseline_err);
		return r;
	}
	if ((r = aa_fido_session(c, acct, 0, &s)) != AA_OK) {
		snprintf(p->why, sizeof(p->why), "%.190s", c->baseline_err);
		return r;
	}
	return aa_fido_login_in(c, s, acct, f, uv, label, NULL, NULL, p,
	    cred_out, NULL);
}

int
aa_fido_control(struct aa_fido_ctx *c, char *why, size_t whylen)
{
	struct aa_fido_probe p;
	int r;

	memset(&p, 0, sizeof(p));
	r = aa_fido_login_probe(c, 0, NULL, NULL, "log in (control)", &p,
	    NULL);
	if (r != AA_OK)
		snprintf(why, whylen, "%.190s", p.why[0] ? p.why : aa_strerr(r));
	else if (!p.accepted) {
		aa_fido_refused_why(&p, why, whylen);
		r = AA_ERR_HTTP;
	}
	aa_fido_probe_release(&p);
	return r;
}

int
aa_fido_sign_in(struct aa_fido_ctx *c, struct aa_session *s, size_t acct,
    const char *label, int *signed_in, char *why, size_t whylen)
{
	struct aa_fido_probe p;
	int r, was = c->completing;

	memset(&p, 0, sizeof(p));
	c->completing = 1;
	r = aa_fido_login_in(c, s, acct, NULL, NULL, label, NULL, NULL, &p,
	    NULL, NULL);
	c->completing = was;
	*signed_in = r == AA_OK && p.accepted;
	if (r != AA_OK)
		snprintf(why, whylen, "%.190s", p.why[0] ? p.why : aa_strerr(r));
	else if (!p.accepted)
		aa_fido_refused_why(&p, why, whylen);
	aa_fido_probe_release(&p);
	return r;
}

int
aa_fido_register_probe(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_forge *f, const char *attestation, const char *label,
    struct aa_fido_probe *p, struct aa_fido_reg *reg)
{
	int r;

	/* First a key of ours, so every probe runs in a fully logged-in
	 * session whatever a forged registration did to the account. */
	if ((r = aa_fido_ensure_reg(c, acct)) != AA_OK) {
		snprintf(p->why, sizeof(p->why), "%.190s", c->baseline_err);
		return r;
	}
	return register_once(c, acct, f, attestation, label, p, reg);
}
