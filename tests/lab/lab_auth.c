/*
 * AUTH endpoints of the lab: login (password step), the protected
 * resource, logout, and the factor list / disable pair. Recovery codes are
 * in lab_recovery.c. Weaknesses handled here: AUTH-TRUSTED-HEADER (login),
 * AUTH-LOGOUT, AUTH-DISABLE-NO-REAUTH, AUTH-FACTOR-IDOR,
 * AUTH-PHONE-DISCLOSED; the others live in the shared gates (lab_session.c,
 * lab_code.c).
 */
#include <stdio.h>
#include <string.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

/* "+15555550101" -> "+1•••••••0101": country prefix and last four. */
static json_t *
mask_phone(const char *p)
{
	char buf[128];
	size_t n = strlen(p), o = 0;

	if (n < 7 || n > 20)
		return json_string("•••");
	for (size_t i = 0; i < n; i++) {
		if (i < 2 || i >= n - 4) {
			buf[o++] = p[i];
		} else {
			memcpy(buf + o, "\u2022", 3);
			o += 3;
		}
	}
	buf[o] = '\0';
	return json_string(buf);
}

/* "audit-a@lab.test" -> "a•••@lab.test". */
static json_t *
mask_email(const char *e)
{
	char buf[160];
	const char *at = strchr(e, '@');

	if (at == NULL || at == e || strlen(at) > 100)
		return json_string("•••");
	snprintf(buf, sizeof buf, "%c\u2022\u2022\u2022%s", e[0], at);
	return json_string(buf);
}

/* Factors the service offers at all (not per account). */
static json_t *
available_factors(void)
{
	static const struct {
		const char *module, *factor;
	} map[] = { { "totp", "totp" }, { "sms", "sms" },
		{ "fido", "webauthn" } };
	json_t *a = json_array();

	for (size_t i = 0; lab_modules[i] != NULL; i++)
		for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
			if (strcmp(lab_modules[i]->name, map[k].module) == 0)
				json_array_append_new(a, json_string(map[k].factor));
	json_array_append_new(a, json_string("recovery_codes"));
	return a;
}

static int
login(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_user *u = lab_user_by_name(lab, lab_in_str(lab, rq,
	    "username"));
	const char *pw = lab_in_str(lab, rq, "password");
	struct lab_session *s;
	int mfa, trusted;
	json_t *j, *phone, *email;

	if (u == NULL || !lab_user_password_ok(u, pw))
		return lab_reply_error(lab, rs, LAB_E_CREDENTIALS);
	/* a "request from localhost" is waved through by the weak lab */
	trusted = lab_weak(lab, "AUTH-TRUSTED-HEADER") && lab_trusted_header(rq);
	mfa = u->factors != 0 && !trusted;
	if (rq->sess != NULL)   /* a new login never reuses a session */
		lab_session_end(lab, rq->sess);
	rq->sess = NULL;
	rq->user = NULL;
	/* 2FA is mandatory: an account without a factor must enroll one */
	if ((s = lab_session_new(lab, u, mfa ? LAB_SESS_PENDING :
	    trusted ? LAB_SESS_FULL : LAB_SESS_ENROLL)) == NULL)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	snprintf(s->client_ip, sizeof s->client_ip, "%s", rq->client_ip);
	lab_set_session_cookie(lab, rs, s);
	if (lab_weak(lab, "AUTH-PHONE-DISCLOSED")) {
		phone = json_string(u->phone);
		email = json_string(u->email);
	} else {
		phone = mask_phone(u->phone);
		email = mask_email(u->email);
	}
	if (lab->shape == 'b')
		j = json_pack("{s:{s:o, s:s}, s:s, s:o, s:o, s:o, s:o}",
		    "account", "uid", lab_user_ref(lab, u), "login", u->username,
		    "next", mfa ? "2fa" : trusted ? "done" : "enroll",
		    "methods", lab_user_factors_json(u),
		    "offered", available_factors(),
		    "phone_hint", phone, "mail_hint", email);
	else
		j = json_pack("{s:{s:o, s:s}, s:b, s:b, s:o, s:o, s:{s:o, s:o}}",
		    "user", "id", lab_user_ref(lab, u), "username", u->username,
		    "mfa_required", !trusted,
		    "mfa_enrollment_required", !mfa && !trusted,
		    "factors", lab_user_factors_json(u),
		    "available_factors", available_factors(),
		    "contact", "phone", phone, "email", email);
	if (j == NULL)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	return lab_reply_ok(lab, rs, j);
}

static int
me(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_user *u = rq->user;
	json_t *j;

	if (!lab_require_full(lab, rq, rs))
		return 0;
	if (lab->shape == 'b')
		j = json_pack("{s:{s:o, s:s, s:s, s:s, s:s, s:o}}", "account",
		    "uid", lab_user_ref(lab, u), "login", u->username,
		    "name", u->display, "msisdn", u->phone, "mail", u->email,
		    "methods", lab_user_factors_json(u));
	else
		j = json_pack("{s:{s:o, s:s, s:s, s:s, s:s, s:o}}", "user",
		    "id", lab_user_ref(lab, u), "username", u->username,
		    "display_name", u->display, "phone", u->phone,
		    "email", u->email, "factors", lab_user_factors_json(u));
	return lab_reply_ok(lab, rs, j);
}

static int
logout(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	/* the weak lab only forgets the cookie on the client side */
	if (rq->sess != NULL && !lab_weak(lab, "AUTH-LOGOUT"))
		lab_session_end(lab, rq->sess);
	rq->sess = NULL;
	rq->user = NULL;
	lab_clear_session_cookie(lab, rs);
	return lab_reply_ok(lab, rs, NULL);
}

/* The account named in the path, if the session may act on it. */
static struct lab_user *
target_user(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_user *t;

	if (!lab_require_full(lab, rq, rs))
		return NULL;
	if ((t = lab_user_by_ref(lab, lab_req_param(rq, "id"))) == NULL) {
		lab_reply_error(lab, rs, LAB_E_NOT_FOUND);
		return NULL;
	}
	/* hardened: the path id must be the session's own account */
	if (t != rq->user && !lab_weak(lab, "AUTH-FACTOR-IDOR")) {
		lab_reply_error(lab, rs, LAB_E_FORBIDDEN);
		return NULL;
	}
	return t;
}

static int
factor_list(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_user *t = target_user(lab, rq, rs);

	if (t == NULL)
		return 0;
	return lab_reply_ok(lab, rs, json_pack("{s:o, s:o}",
	    lab->shape == 'b' ? "uid" : "user_id", lab_user_ref(lab, t),
	    lab->shape == 'b' ? "methods" : "factors",
	    lab_user_factors_json(t)));
}

static int
factor_disable(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_user *t = target_user(lab, rq, rs);
	int f;

	if (t == NULL)
		return 0;
	if ((f = lab_factor_parse(lab_in_str(lab, rq, "factor"))) < 0)
		return lab_reply_error(lab, rs, LAB_E_BAD_REQUEST);
	/* re-authentication: the caller's own current password */
	if (!lab_weak(lab, "AUTH-DISABLE-NO-REAUTH") &&
	    !lab_user_password_ok(rq->user, lab_in_str(lab, rq, "password")))
		return lab_reply_error(lab, rs, LAB_E_REAUTH);
	if (!lab_user_has_factor(t, (enum lab_factor)f))
		return lab_reply_error(lab, rs, LAB_E_NOT_FOUND);
	lab_user_factor_disable(lab, t, (enum lab_factor)f);
	return lab_reply_ok(lab, rs, json_pack("{s:s, s:o}",
	    lab_field(lab, "factor"), lab_factor_name((enum lab_factor)f),
	    lab->shape == 'b' ? "methods" : "factors",
	    lab_user_factors_json(t)));
}

static const struct lab_route routes[] = {
	{ "POST", "/api/login", "/account/signin", login },
	{ "GET", "/api/me", "/account/profile", me },
	{ "POST", "/api/logout", "/account/signout", logout },
	{ "POST", "/api/recovery-codes", "/account/backup-codes",
	    lab_recovery_generate },
	{ "POST", "/api/2fa/recovery", "/account/2fa/backup",
	    lab_recovery_verify },
	{ "GET", "/api/users/{id}/factors", "/account/{id}/methods",
	    factor_list },
	{ "POST", "/api/users/{id}/factors/disable",
	    "/account/{id}/methods/remove", factor_disable },
};

const struct lab_module lab_mod_auth = {
	.name = "auth",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.on_factor_disabled = lab_recovery_on_disabled,
};
