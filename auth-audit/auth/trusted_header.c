/*
 * AUTH-TRUSTED-HEADER: some services skip or relax 2FA for "internal"
 * clients and take the client address from a header any client can send.
 * The password step and then the protected resource are sent with every
 * common client-address header set to 127.0.0.1 (some services decide at
 * the password step, others at each request); then a wrong code goes to
 * the verify step with the same headers. The negative control is the
 * baseline's (the password alone leaves `protected` closed); a refused
 * probe is a pass only when the same login then completes with a valid
 * factor.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

#define NHEADERS 8

static const char *const spoof[NHEADERS + 1] = {
	"X-Forwarded-For: 127.0.0.1",
	"X-Real-IP: 127.0.0.1",
	"X-Originating-IP: 127.0.0.1",
	"X-Remote-IP: 127.0.0.1",
	"X-Remote-Addr: 127.0.0.1",
	"X-Client-IP: 127.0.0.1",
	"True-Client-IP: 127.0.0.1",
	"Forwarded: for=127.0.0.1",
	NULL,
};

/* The password step of account 0 with headers h, where the baseline
 * showed that it alone leaves `protected` closed. */
static int
pending_with(struct aa_auth_ck *c, const char *const *h, struct aa_session **s)
{
	int r;

	if (c->a->base[0].required != 1)
		return aa_auth_pending(c, 0, s); /* says why not */
	r = aa_audit_login_password_hdr(c->a, 0, h, s, NULL, c->why,
	    sizeof(c->why));
	return r == AA_ERR_HTTP ? AA_ERR_STEP : r;
}

/* Which single header grants access after the password step (evidence). */
static int
find_header(struct aa_auth_ck *c, json_t *names)
{
	struct aa_session *s = NULL;
	const char *one[2] = {NULL, NULL};
	int r = AA_OK, granted;

	for (size_t i = 0; i < NHEADERS && r == AA_OK; i++) {
		one[0] = spoof[i];
		aa_session_free(&s);
		if ((r = pending_with(c, one, &s)) != AA_OK ||
		    (r = aa_auth_protected(c, s, one, &granted)) != AA_OK)
			break;
		if (granted)
			json_array_append_new(names, json_stringn(spoof[i],
			    strcspn(spoof[i], ":")));
	}
	aa_session_free(&s);
	return r;
}

/* A wrong code with the headers, then the control in the same login. */
static int
wrong_code(struct aa_auth_ck *c, const char *step, int *granted,
    int *control)
{
	struct aa_session *s = NULL;
	json_t *vars = json_pack("{s:s}", "code", "000000");
	int r, ok = 0;

	*granted = 0;
	*control = -1;
	if (vars == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_auth_wrong_guard(c, 0, step)) != AA_OK ||
	    (r = aa_auth_pending(c, 0, &s)) != AA_OK ||
	    (r = aa_auth_step(c, s, step, vars, spoof, NULL, &ok)) != AA_OK ||
	    (r = aa_auth_protected(c, s, spoof, granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(c, "wrong_code_accepted", json_boolean(ok));
	if (!*granted && aa_auth_second(c, s, 0, NULL, control) != AA_OK)
		*control = -1;
out:
	json_decref(vars);
	aa_session_free(&s);
	return r;
}

void
aa_auth_check_trusted_header(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	const char *step = aa_auth_main_step(a, 0);
	json_t *names = json_array();
	int r, granted = 0, control = -1;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if ((r = pending_with(&c, spoof, &s)) != AA_OK ||
	    (r = aa_auth_protected(&c, s, spoof, &granted)) != AA_OK)
		goto out;
	if (granted) {
		if ((r = find_header(&c, names)) != AA_OK)
			goto out;
		aa_auth_ck_set(&c, "headers", json_incref(names));
		aa_auth_ck_report(&c, AA_FAIL, "`protected` answered after the "
		    "password step alone when client-address headers said "
		    "127.0.0.1 on it and on `protected` (%zu single header(s) "
		    "suffice)",
		    json_array_size(names));
		goto out;
	}
	if (step == NULL) {
		r = aa_auth_ck_why(&c, AA_ERR_STEP, "no verify step of a code "
		    "factor to send a wrong code to");
		goto out;
	}
	if ((r = wrong_code(&c, step, &granted, &control)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "full_login_control", control < 0 ? json_null() :
	    json_boolean(control));
	if (granted)
		aa_auth_ck_report(&c, AA_FAIL, "a wrong code at `%s` completed "
		    "the login with client-address headers saying 127.0.0.1",
		    step);
	else if (control == 1)
		aa_auth_ck_report(&c, AA_PASS, "client-address headers saying "
		    "127.0.0.1 neither skipped 2FA nor made `%s` accept a wrong "
		    "code; the same login then completed with a valid factor",
		    step);
	else
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the probes were refused, "
		    "but the control login with a valid factor did not open "
		    "`protected` either: %s", c.why);
out:
	json_decref(names);
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
