/*
 * The lab's WebAuthn relying party. Shape a serves the FIDO conformance
 * API under /fido (JSON); shape b its own form-encoded endpoints under
 * /account/webauthn whose options come wrapped in "publicKey". Both run
 * the WebAuthn L2 §7.1 / §7.2 verification steps; each FIDO-* weakness
 * switches one of them off. A ceremony (challenge, user, policy) is kept
 * server-side and found through its own cookie; a successful assertion
 * completes a pending or enrolling login (WebAuthn as second factor).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_fido.h"

#define MAX_CER 256
#define CER_TTL 300

struct lab_fido_cred lab_fido_creds[LAB_FIDO_MAX_CREDS];
unsigned char lab_fido_handles[LAB_MAX_USERS][16];
static struct lab_fido_cer cers[MAX_CER];

static const char *
cer_cookie(const struct lab *lab)
{
	return lab->shape == 'b' ? "WA_STATE" : "fido_ceremony";
}

/* Conformance-style failure (a) or the shape's envelope (b). */
int
lab_fido_fail(struct lab *lab, struct lab_resp *rs, enum lab_err e, const char *msg)
{
	if (lab->shape == 'b')
		return lab_reply_error(lab, rs, e);
	return lab_reply_json(rs, e == LAB_E_AUTH ? 401 : e == LAB_E_FORBIDDEN ?
	    403 : e == LAB_E_NOT_FOUND ? 404 : 400,
	    json_pack("{s:s,s:s}", "status", "failed", "errorMessage", msg));
}

int
lab_fido_ok(struct lab *lab, struct lab_resp *rs, json_t *extra)
{
	json_t *j;

	if (lab->shape == 'b')
		return lab_reply_ok(lab, rs, extra);
	j = json_pack("{s:s,s:s}", "status", "ok", "errorMessage", "");
	if (extra != NULL) {
		json_object_update(j, extra);
		json_decref(extra);
	}
	return lab_reply_json(rs, 200, j);
}

/* "http://" + Host: the origin this RP expects; rp id = its host part. */
void
lab_fido_expected(const struct lab_req *rq, char *origin, size_t olen, char *rpid,
    size_t rlen)
{
	const char *host = lab_req_header(rq, "Host");

	if (host == NULL || strlen(host) > 200)
		host = "127.0.0.1";
	snprintf(origin, olen, "http://%s", host);
	snprintf(rpid, rlen, "%.*s", (int)strcspn(host, ":"), host);
}

int
lab_fido_origin_ok(struct lab *lab, const struct lab_req *rq, const struct lab_fido_cd *cd)
{
	char origin[256], rpid[256];

	lab_fido_expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	if (lab_weak(lab, "FIDO-ORIGIN"))
		return strstr(cd->origin, rpid) != NULL; /* substring match bug */
	return strcmp(cd->origin, origin) == 0 &&
	    (!cd->cross_origin || lab_weak(lab, "FIDO-CROSS-ORIGIN"));
}

struct lab_fido_cer *
lab_fido_cer_find(struct lab *lab, const struct lab_req *rq)
{
	const char *ck = lab_req_header(rq, "Cookie"), *name = cer_cookie(lab);
	size_t nl = strlen(name);

	while (ck != NULL && *ck) {
		ck += strspn(ck, " ;");
		if (strncmp(ck, name, nl) == 0 && ck[nl] == '=') {
			size_t vl = strcspn(ck + nl + 1, ";");

			for (size_t i = 0; i < MAX_CER; i++)
				if (cers[i].used && strlen(cers[i].token) == vl &&
				    strncmp(cers[i].token, ck + nl + 1, vl) == 0 &&
				    lab_now() - cers[i].at <= CER_TTL)
					return &cers[i];
			return NULL;
		}
		ck += strcspn(ck, ";");
	}
	return NULL;
}

static struct lab_fido_cer *
cer_new(struct lab *lab, struct lab_resp *rs, int create, size_t user)
{
	struct lab_fido_cer *c = &cers[0];
	char hdr[128];

	for (size_t i = 0; i < MAX_CER; i++) {
		if (!cers[i].used) {
			c = &cers[i];
			break;
		}
		if (cers[i].at < c->at)
			c = &cers[i];
	}
	memset(c, 0, sizeof(*c));
	c->used = 1;
	c->create = create;
	c->user = user;
	c->at = lab_now();
	lab_rand_token(c->token, sizeof(c->token), 24);
	if (lab_weak(lab, "FIDO-CHALLENGE-WEAK")) {
		memcpy(c->chal, "weakchal", 8); /* short and the same every time */
		c->chal_len = 8;
	} else {
		lab_rand_bytes(c->chal, LAB_FIDO_CHAL_LEN);
		c->chal_len = LAB_FIDO_CHAL_LEN;
	}
	snprintf(hdr, sizeof(hdr), "%s=%s; Path=/; HttpOnly; SameSite=Strict",
	    cer_cookie(lab), c->token);
	lab_resp_header(rs, "Set-Cookie", hdr);
	return c;
}

static json_t *
b64j(const void *p, size_t n)
{
	char *s = lab_b64url_encode(p, n);
	json_t *j = s ? json_string(s) : NULL;

	free(s);
	return j;
}

static json_t *
cred_list(size_t user)
{
	json_t *a = json_array();

	for (size_t i = 0; i < LAB_FIDO_MAX_CREDS; i++)
		if (lab_fido_creds[i].used && lab_fido_creds[i].user == user)
			json_array_append_new(a, json_pack("{s:s,s:o}", "type",
			    "public-key", "id", b64j(lab_fido_creds[i].id, lab_fido_creds[i].idlen)));
	return a;
}

/* The user the options are for: the session's; a name that differs is refused. */
static struct lab_user *
options_user(struct lab *lab, struct lab_req *rq, int need_session)
{
	const char *name = lab_in_str(lab, rq, "username");

	if (rq->user != NULL) {
		if (name != NULL && strcmp(name, rq->user->username) != 0)
			return NULL;
		return rq->user;
	}
	return need_session || name == NULL ? NULL : lab_user_by_name(lab, name);
}

static const char *
in_uv(struct lab *lab, const struct lab_req *rq, int create)
{
	const json_t *sel;

	if (lab->shape == 'b')
		return lab_in_str(lab, rq, "uv");
	if (!create)
		return json_string_value(json_object_get(rq->in, "userVerification"));
	sel = json_object_get(rq->in, "authenticatorSelection");
	return json_string_value(json_object_get(sel, "userVerification"));
}

static int
reg_options(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	int unauth = lab_weak(lab, "FIDO-REGISTER-UNAUTH");
	struct lab_user *u;
	struct lab_fido_cer *c;
	const char *uv, *att;
	char origin[256], rpid[256];
	json_t *opts, *uid;

	if (!unauth && !lab_require_enroll(lab, rq, rs))
		return 0;
	if ((u = options_user(lab, rq, !unauth)) == NULL)
		return lab_fido_fail(lab, rs, LAB_E_FORBIDDEN, "not your account");
	uv = in_uv(lab, rq, 1);
	att = lab->shape == 'b' ? lab_in_str(lab, rq, "attestation") :
	    json_string_value(json_object_get(rq->in, "attestation"));
	c = cer_new(lab, rs, 1, u->idx);
	c->uv_req = lab->fido_uv_required ||
	    (uv != NULL && strcmp(uv, "required") == 0);
	c->att_direct = att != NULL && (strcmp(att, "direct") == 0 ||
	    strcmp(att, "enterprise") == 0);
	lab_fido_expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	uid = lab_weak(lab, "FIDO-USER-HANDLE-PII") ?
	    b64j(u->email, strlen(u->email)) : b64j(lab_fido_handles[u->idx], 16);
	opts = json_pack("{s:{s:s,s:s},s:{s:o,s:s,s:s},s:o,s:[{s:s,s:i},{s:s,s:i}],"
	    "s:i,s:o,s:{s:s},s:s}",
	    "rp", "id", rpid, "name", "auth-lab",
	    "user", "id", uid, "name", u->username, "displayName",
	    u->display ? u->display : u->username,
	    "challenge", b64j(c->chal, c->chal_len),
	    "pubKeyCredParams", "type", "public-key", "alg", -7,
	    "type", "public-key", "alg", -257,
	    "timeout", 60000, "excludeCredentials", cred_list(u->idx),
	    "authenticatorSelection", "userVerification",
	    c->uv_req ? "required" : "preferred",
	    "attestation", c->att_direct ? "direct" : "none");
	if (lab->shape == 'b')
		opts = json_pack("{s:o}", "publicKey", opts);
	return lab_fido_ok(lab, rs, opts);
}

static int
login_options(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	int open = lab_weak(lab, "FIDO-ENUMERATION");
	struct lab_user *u;
	struct lab_fido_cer *c;
	const char *uv;
	char origin[256], rpid[256];
	json_t *opts;

	if (!open && rq->sess == NULL)
		return lab_fido_fail(lab, rs, LAB_E_AUTH, "sign in with your password first");
	if ((u = options_user(lab, rq, 0)) == NULL)
		return lab_fido_fail(lab, rs, open ? LAB_E_NOT_FOUND : LAB_E_FORBIDDEN,
		    open ? "User does not exist!" : "not your account");
	if (open && !lab_user_has_factor(u, LAB_F_WEBAUTHN))
		return lab_fido_fail(lab, rs, LAB_E_NOT_FOUND, "User has no key!");
	uv = in_uv(lab, rq, 0);
	c = cer_new(lab, rs, 0, u->idx);
	c->uv_req = lab->fido_uv_required ||
	    (uv != NULL && strcmp(uv, "required") == 0);
	lab_fido_expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	opts = json_pack("{s:o,s:i,s:s,s:o,s:s}",
	    "challenge", b64j(c->chal, c->chal_len), "timeout", 60000,
	    "rpId", rpid, "allowCredentials", cred_list(u->idx),
	    "userVerification", c->uv_req ? "required" : "preferred");
	if (lab->shape == 'b')
		opts = json_pack("{s:o}", "publicKey", opts);
	return lab_fido_ok(lab, rs, opts);
}


static int
rp_init(struct lab *lab)
{
	(void)lab;
	memset(lab_fido_creds, 0, sizeof(lab_fido_creds));
	memset(cers, 0, sizeof(cers));
	for (size_t i = 0; i < LAB_MAX_USERS; i++)
		lab_rand_bytes(lab_fido_handles[i], sizeof(lab_fido_handles[i]));
	return LAB_OK;
}

static void
rp_fini(struct lab *lab)
{
	(void)lab;
	for (size_t i = 0; i < LAB_FIDO_MAX_CREDS; i++)
		EVP_PKEY_free(lab_fido_creds[i].pk);
	memset(lab_fido_creds, 0, sizeof(lab_fido_creds));
}

static void
rp_factor_disabled(struct lab *lab, struct lab_user *u, enum lab_factor f)
{
	(void)lab;
	if (f != LAB_F_WEBAUTHN)
		return;
	for (size_t i = 0; i < LAB_FIDO_MAX_CREDS; i++)
		if (lab_fido_creds[i].used && lab_fido_creds[i].user == u->idx) {
			EVP_PKEY_free(lab_fido_creds[i].pk);
			memset(&lab_fido_creds[i], 0, sizeof(lab_fido_creds[i]));
		}
}

/* FIDO-NOT-OFFERED weak: a service without WebAuthn (every route 404). */
#define OFFERED(name, fn)						\
static int								\
name(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)		\
{									\
	if (lab_weak(lab, "FIDO-NOT-OFFERED"))				\
		return lab_reply_error(lab, rs, LAB_E_NOT_FOUND);	\
	return fn(lab, rq, rs);						\
}
OFFERED(h_reg_options, reg_options)
OFFERED(h_reg_result, lab_fido_reg_result)
OFFERED(h_login_options, login_options)
OFFERED(h_login_result, lab_fido_login_result)

static const struct lab_route routes[] = {
	{ "POST", "/fido/attestation/options", "/account/webauthn/register/begin", h_reg_options },
	{ "POST", "/fido/attestation/result", "/account/webauthn/register/finish", h_reg_result },
	{ "POST", "/fido/assertion/options", "/account/webauthn/login/begin", h_login_options },
	{ "POST", "/fido/assertion/result", "/account/webauthn/login/finish", h_login_result },
};

const struct lab_module lab_mod_fido = {
	.name = "fido",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.init = rp_init,
	.fini = rp_fini,
	.on_factor_disabled = rp_factor_disabled,
};
