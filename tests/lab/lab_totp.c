/*
 * Lab TOTP factor: enrollment (secret + otpauth URI), confirmation with a
 * first code, the login verify step and a secret re-fetch endpoint.
 * Hardened: 160-bit seeds, standard URI with issuer, pending until a valid
 * code confirms it, window +-1 step, every accepted time step usable once,
 * per-account lock after LAB_LOCK_AFTER consecutive wrong codes, secret
 * never shown again. Weak switches: TOTP-REPLAY, TOTP-WINDOW (+-10 steps),
 * TOTP-BRUTEFORCE (no lock), TOTP-LOCKOUT-BYPASS (the counter is per
 * session), TOTP-SEED-WEAK (80-bit seed), TOTP-SEED-REDISCLOSED,
 * TOTP-ENROLL-UNVERIFIED (active at enrollment), TOTP-URI-NONSTANDARD
 * (the URI names no issuer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "tests/lab/lab.h"
#include "totp/engine.h"

#define SEED_BYTES 20
#define WEAK_SEED_BYTES 10
#define USED_MAX 64

struct totp_user {
	aa_secret_t *seed;
	int pending;              /* enrolled, not confirmed */
	int64_t used[USED_MAX];   /* accepted time steps (ring) */
	size_t nused;
};

static struct totp_user users[LAB_MAX_USERS];

static void
reset_user(struct totp_user *t)
{
	aa_secret_free(&t->seed);
	memset(t, 0, sizeof(*t));
}

static int
step_used(const struct totp_user *t, int64_t step)
{
	size_t n = t->nused < USED_MAX ? t->nused : USED_MAX;

	for (size_t i = 0; i < n; i++)
		if (t->used[i] == step)
			return 1;
	return 0;
}

/* Accept `code` for u within the window; each step once unless weak. */
static int
verify_code(struct lab *lab, struct lab_user *u, const char *code, void *ctx)
{
	struct totp_user *t = &users[u->idx];
	struct aa_totp_params p;
	int64_t now;
	int w = lab_weak(lab, "TOTP-WINDOW") ? 10 : 1;
	int confirm = ctx != NULL;

	if (t->seed == NULL || (t->pending && !confirm &&
	    !lab_user_has_factor(u, LAB_F_TOTP)))
		return 0;
	aa_totp_params_default(&p);
	now = aa_totp_step(&p, lab_now());
	for (int k = -w; k <= w; k++) {
		char want[AA_TOTP_CODE_MAX];

		if (aa_totp_code_at_step(t->seed, &p, now + k, want) != AA_OK ||
		    !aa_ct_streq(want, code))
			continue;
		if (!lab_weak(lab, "TOTP-REPLAY")) {
			if (step_used(t, now + k))
				continue;
			t->used[t->nused++ % USED_MAX] = now + k;
		}
		return 1;
	}
	return 0;
}

static void
spec_init(struct lab *lab, struct lab_req *rq, struct lab_code_spec *spec,
    int confirm)
{
	memset(spec, 0, sizeof(*spec));
	spec->factor = LAB_F_TOTP;
	spec->verify = verify_code;
	spec->ctx = confirm ? (void *)1 : NULL;
	spec->max_fails = lab_weak(lab, "TOTP-BRUTEFORCE") ? 0 : LAB_LOCK_AFTER;
	/* Weak: the counter lives in the session, so a new login resets it. */
	if (lab_weak(lab, "TOTP-LOCKOUT-BYPASS") && rq->sess != NULL)
		spec->lock = &rq->sess->lock[LAB_F_TOTP];
	spec->skip_enabled = confirm;
}

static int
enroll(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct totp_user *t;
	unsigned char raw[SEED_BYTES];
	size_t n = lab_weak(lab, "TOTP-SEED-WEAK") ? WEAK_SEED_BYTES : SEED_BYTES;
	aa_secret_t *b32 = NULL;
	char uri[512];
	json_t *extra;
	int r;

	if (!lab_require_enroll(lab, rq, rs))
		return 0;
	if (lab_user_has_factor(rq->user, LAB_F_TOTP))
		return lab_reply_error(lab, rs, LAB_E_CONFLICT);
	t = &users[rq->user->idx];
	reset_user(t);
	lab_rand_bytes(raw, n);
	if ((t->seed = aa_secret_new(raw, n)) == NULL ||
	    aa_totp_b32_encode(raw, n, &b32) != AA_OK) {
		aa_wipe(raw, sizeof(raw));
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	}
	aa_wipe(raw, sizeof(raw));
	t->pending = 1;
	if (lab_weak(lab, "TOTP-URI-NONSTANDARD"))
		r = snprintf(uri, sizeof(uri), "otpauth://totp/%s?secret=%s",
		    rq->user->username, aa_secret_str(b32));
	else
		r = snprintf(uri, sizeof(uri), "otpauth://totp/AuthLab:%s?secret=%s"
		    "&issuer=AuthLab", rq->user->username, aa_secret_str(b32));
	if (r < 0 || (size_t)r >= sizeof(uri)) {
		aa_secret_free(&b32);
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	}
	if (lab_weak(lab, "TOTP-ENROLL-UNVERIFIED"))
		lab_user_factor_enable(rq->user, LAB_F_TOTP);
	extra = json_pack("{s:s,s:s}", lab->shape == 'a' ? "secret" : "key",
	    aa_secret_str(b32), lab->shape == 'a' ? "otpauth" : "uri", uri);
	aa_wipe(uri, sizeof(uri));
	aa_secret_free(&b32);
	return lab_reply_ok(lab, rs, extra);
}

static int
confirm(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_code_spec spec;

	if (rq->sess == NULL || rq->user == NULL)
		return lab_reply_error(lab, rs, LAB_E_AUTH);
	/* Same gate as enrollment, so AUTH-2FA-SKIP opens both or neither. */
	if (rq->sess->state == LAB_SESS_PENDING &&
	    !lab_user_has_factor(rq->user, LAB_F_TOTP) &&
	    !lab_require_enroll(lab, rq, rs))
		return 0;
	if (users[rq->user->idx].seed == NULL ||
	    (!users[rq->user->idx].pending &&
	    lab_user_has_factor(rq->user, LAB_F_TOTP)))
		return lab_reply_error(lab, rs, LAB_E_CONFLICT);
	spec_init(lab, rq, &spec, 1);
	switch (lab_code_check(lab, rq, rq->user, &spec)) {
	case LAB_CODE_OK:
		break;
	case LAB_CODE_LOCKED:
		return lab_reply_error(lab, rs, LAB_E_LOCKED);
	case LAB_CODE_MALFORMED:
		return lab_reply_error(lab, rs, LAB_E_BAD_REQUEST);
	case LAB_CODE_BAD:
	default:
		return lab_reply_error(lab, rs, LAB_E_CODE);
	}
	users[rq->user->idx].pending = 0;
	lab_user_factor_enable(rq->user, LAB_F_TOTP);
	/* Confirming the first factor completes the login, as real services do. */
	if (rq->sess->state != LAB_SESS_FULL &&
	    lab_session_complete_2fa(lab, rq, rs) == NULL)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	return lab_reply_ok(lab, rs, json_pack("{s:s}", "factor", "totp"));
}

static int
verify(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_code_spec spec;

	spec_init(lab, rq, &spec, 0);
	return lab_second_factor(lab, rq, rs, &spec);
}

static int
secret(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	aa_secret_t *b32 = NULL;
	struct totp_user *t;
	json_t *extra;

	if (!lab_require_full(lab, rq, rs))
		return 0;
	t = &users[rq->user->idx];
	if (!lab_weak(lab, "TOTP-SEED-REDISCLOSED"))
		return lab_reply_error(lab, rs, LAB_E_FORBIDDEN);
	if (t->seed == NULL || !lab_user_has_factor(rq->user, LAB_F_TOTP))
		return lab_reply_error(lab, rs, LAB_E_NOT_FOUND);
	if (aa_totp_b32_encode(t->seed->ptr, t->seed->len, &b32) != AA_OK)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	extra = json_pack("{s:s}", lab->shape == 'a' ? "secret" : "key",
	    aa_secret_str(b32));
	aa_secret_free(&b32);
	return lab_reply_ok(lab, rs, extra);
}

static void
factor_disabled(struct lab *lab, struct lab_user *u, enum lab_factor f)
{
	(void)lab;
	if (f != LAB_F_TOTP)
		return;
	reset_user(&users[u->idx]);
	/* A factor enrolled anew starts with a fresh failure counter. */
	memset(&u->lock[LAB_F_TOTP], 0, sizeof(u->lock[LAB_F_TOTP]));
}

static void
totp_fini(struct lab *lab)
{
	(void)lab;
	for (size_t i = 0; i < LAB_MAX_USERS; i++)
		reset_user(&users[i]);
}

static const struct lab_route routes[] = {
	{ "POST", "/api/2fa/totp/enroll", "/account/2fa/app/setup", enroll },
	{ "POST", "/api/2fa/totp/confirm", "/account/2fa/app/activate", confirm },
	{ "POST", "/api/2fa/totp", "/account/2fa/app/verify", verify },
	{ "GET", "/api/2fa/totp/secret", "/account/2fa/app/key", secret },
};

const struct lab_module lab_mod_totp = {
	.name = "totp",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.fini = totp_fini,
	.on_factor_disabled = factor_disabled,
};
