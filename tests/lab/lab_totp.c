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
 *
 * Codes come from liboath directly (RFC 6238, HMAC-SHA1, 6 digits, the
 * lab's --totp-period), never from the auditor's TOTP engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>

#include "tests/lab/lab.h"

#define SEED_BYTES 20
#define WEAK_SEED_BYTES 10
#define USED_MAX 64
#define DIGITS 6

struct totp_user {
	unsigned char seed[SEED_BYTES];
	size_t seedlen;           /* 0: none */
	int pending;              /* enrolled, not confirmed */
	long long used[USED_MAX]; /* accepted time steps (ring) */
	size_t nused;
};

static struct totp_user users[LAB_MAX_USERS];

static void
reset_user(struct totp_user *t)
{
	lab_wipe(t, sizeof(*t));
	memset(t, 0, sizeof(*t));
}

static int
step_used(const struct totp_user *t, long long step)
{
	size_t n = t->nused < USED_MAX ? t->nused : USED_MAX;

	for (size_t i = 0; i < n; i++)
		if (t->used[i] == step)
			return 1;
	return 0;
}

/* The seed as unpadded upper-case base32 (new string, wipe it) or NULL. */
static char *
seed_b32(const struct totp_user *t)
{
	char *b32 = NULL;
	size_t n = 0;

	if (oath_base32_encode((const char *)t->seed, t->seedlen, &b32, &n) !=
	    OATH_OK)
		return NULL;
	while (n > 0 && b32[n - 1] == '=')
		b32[--n] = '\0';
	return b32;
}

/* Accept `code` for u within the window; each step once unless weak. */
static int
verify_code(struct lab *lab, struct lab_user *u, const char *code, void *ctx)
{
	struct totp_user *t = &users[u->idx];
	unsigned period = lab->totp_period;
	long long now;
	int w = lab_weak(lab, "TOTP-WINDOW") ? 10 : 1;
	int confirm = ctx != NULL;

	if (t->seedlen == 0 || (t->pending && !confirm &&
	    !lab_user_has_factor(u, LAB_F_TOTP)))
		return 0;
	now = (long long)lab_now() / period;
	for (int k = -w; k <= w; k++) {
		char want[DIGITS + 1];

		if (oath_totp_generate2((const char *)t->seed, t->seedlen,
		    (time_t)((now + k) * period), period, 0, DIGITS, 0,
		    want) != OATH_OK || !lab_ct_streq(want, code))
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
	size_t n = lab_weak(lab, "TOTP-SEED-WEAK") ? WEAK_SEED_BYTES : SEED_BYTES;
	char uri[512], period[32] = "", *b32;
	json_t *extra;
	int r;

	if (!lab_require_enroll(lab, rq, rs))
		return 0;
	if (lab_user_has_factor(rq->user, LAB_F_TOTP))
		return lab_reply_error(lab, rs, LAB_E_CONFLICT);
	t = &users[rq->user->idx];
	reset_user(t);
	lab_rand_bytes(t->seed, n);
	t->seedlen = n;
	if ((b32 = seed_b32(t)) == NULL) {
		reset_user(t);
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	}
	t->pending = 1;
	/* RFC 6238 / Key URI format: period is a parameter, 30 by default. */
	if (lab->totp_period != 30)
		snprintf(period, sizeof(period), "&period=%u",
		    lab->totp_period);
	if (lab_weak(lab, "TOTP-URI-NONSTANDARD"))
		r = snprintf(uri, sizeof(uri), "otpauth://totp/%s?secret=%s%s",
		    rq->user->username, b32, period);
	else
		r = snprintf(uri, sizeof(uri), "otpauth://totp/AuthLab:%s?secret=%s"
		    "&issuer=AuthLab%s", rq->user->username, b32, period);
	if (r < 0 || (size_t)r >= sizeof(uri)) {
		lab_secret_free(&b32);
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	}
	if (lab_weak(lab, "TOTP-ENROLL-UNVERIFIED"))
		lab_user_factor_enable(rq->user, LAB_F_TOTP);
	extra = json_pack("{s:s,s:s}", lab->shape == 'a' ? "secret" : "key",
	    b32, lab->shape == 'a' ? "otpauth" : "uri", uri);
	lab_wipe(uri, sizeof(uri));
	lab_secret_free(&b32);
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
	if (users[rq->user->idx].seedlen == 0 ||
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
	struct totp_user *t;
	json_t *extra;
	char *b32;

	if (!lab_require_full(lab, rq, rs))
		return 0;
	t = &users[rq->user->idx];
	if (!lab_weak(lab, "TOTP-SEED-REDISCLOSED"))
		return lab_reply_error(lab, rs, LAB_E_FORBIDDEN);
	if (t->seedlen == 0 || !lab_user_has_factor(rq->user, LAB_F_TOTP))
		return lab_reply_error(lab, rs, LAB_E_NOT_FOUND);
	if ((b32 = seed_b32(t)) == NULL)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	extra = json_pack("{s:s}", lab->shape == 'a' ? "secret" : "key",
	    b32);
	lab_secret_free(&b32);
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

static int
totp_init(struct lab *lab)
{
	(void)lab;
	return oath_init() == OATH_OK ? LAB_OK : LAB_ERR_INTERNAL;
}

static void
totp_fini(struct lab *lab)
{
	(void)lab;
	for (size_t i = 0; i < LAB_MAX_USERS; i++)
		reset_user(&users[i]);
	oath_done();
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
	.init = totp_init,
	.fini = totp_fini,
	.on_factor_disabled = factor_disabled,
};
