/*
 * AUTH-TRUSTED-HEADER: some services skip or relax 2FA for "internal"
 * clients and take the client address from a header any client can send.
 * With only the password step done, the protected resource is asked for
 * with every common client-address header set to 127.0.0.1, then a wrong
 * code is sent to the verify step with the same headers.
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

/* Which single header grants access after the password step (evidence). */
static int
find_header(struct aa_auth_ck *c, json_t *names)
{
	struct aa_session *s = NULL;
	const char *one[2] = {NULL, NULL};
	size_t i;
	int r = AA_OK, granted;

	for (i = 0; i < NHEADERS && r == AA_OK; i++) {
		one[0] = spoof[i];
		aa_session_free(&s);
		if ((r = aa_auth_session(c, 0, &s)) != AA_OK ||
		    (r = aa_auth_password(c, s, 1)) != AA_OK ||
		    (r = aa_auth_protected(c, s, one, &granted)) != AA_OK)
			break;
		if (granted)
			json_array_append_new(names, json_stringn(spoof[i],
			    strcspn(spoof[i], ":")));
	}
	aa_session_free(&s);
	return r;
}

/* A wrong code with the headers; *granted: protected worked after it. */
static int
wrong_code(struct aa_auth_ck *c, const char *step, int *granted)
{
	struct aa_session *s = NULL;
	json_t *vars = json_pack("{s:s}", "code", "000000");
	int r, ok = 0;

	*granted = 0;
	if (vars == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_auth_wrong_guard(c, 0)) != AA_OK ||
	    (r = aa_auth_session(c, 0, &s)) != AA_OK ||
	    (r = aa_auth_password(c, s, 1)) != AA_OK ||
	    (r = aa_auth_step(c, s, step, vars, spoof, NULL, &ok)) != AA_OK ||
	    (r = aa_auth_protected(c, s, spoof, granted)) != AA_OK)
		goto out;
	aa_auth_ck_set(c, "wrong_code_accepted", json_boolean(ok));
out:
	json_decref(vars);
	aa_session_free(&s);
	return r;
}

static int
probe(struct aa_auth_ck *c, struct aa_session *s)
{
	const char *step = aa_auth_login_step(c);
	json_t *names = json_array();
	int r, granted = 0;

	if ((r = aa_auth_protected(c, s, spoof, &granted)) != AA_OK)
		goto out;
	if (granted) {
		if ((r = find_header(c, names)) != AA_OK)
			goto out;
		aa_auth_ck_set(c, "headers", json_incref(names));
		aa_auth_ck_report(c, AA_FAIL, "protected resource answered "
		    "after the password step only when client-address headers "
		    "said 127.0.0.1 (%zu single header(s) suffice)",
		    json_array_size(names));
		goto out;
	}
	if (step != NULL && (r = wrong_code(c, step, &granted)) != AA_OK)
		goto out;
	if (granted)
		aa_auth_ck_report(c, AA_FAIL, "a wrong code at `%s` completed "
		    "the login with client-address headers saying 127.0.0.1",
		    step);
	else
		aa_auth_ck_report(c, AA_PASS, "client-address headers saying "
		    "127.0.0.1 neither skipped 2FA nor made `%s` accept a wrong "
		    "code", step != NULL ? step : "(no verify step)");
out:
	json_decref(names);
	return r;
}

void
aa_auth_check_trusted_header(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	int r, granted = 0;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-TRUSTED-HEADER")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", NULL))
		goto out;
	if ((r = aa_auth_session(&c, 0, &s)) != AA_OK ||
	    (r = aa_auth_password(&c, s, 0)) != AA_OK ||
	    (r = aa_auth_protected(&c, s, NULL, &granted)) != AA_OK)
		goto out;
	if (granted) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "protected resource "
		    "already answers after the password step (see "
		    "AUTH-2FA-SKIP); a header's effect cannot be isolated");
		goto out;
	}
	r = probe(&c, s);
out:
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
