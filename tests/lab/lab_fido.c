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

#include "auth-audit/err.h"
#include "fido/b64.h"
#include "tests/lab/lab.h"
#include "tests/lab/lab_fido.h"

#define MAX_CREDS 128
#define MAX_CER 256
#define CER_TTL 300
#define CHAL_LEN 32

struct fcred {
	int used;
	unsigned char id[LAB_FIDO_MAX_ID];
	size_t idlen;
	size_t user;
	EVP_PKEY *pk;
	int alg;
	uint32_t counter;
};

struct cer {
	int used;
	char token[48];
	int create;
	unsigned char chal[CHAL_LEN];
	size_t chal_len;
	size_t user;
	int uv_req;
	int att_direct;
	time_t at;
};

static struct fcred creds[MAX_CREDS];
static struct cer cers[MAX_CER];
static unsigned char handles[LAB_MAX_USERS][16];

static const char *
cer_cookie(const struct lab *lab)
{
	return lab->shape == 'b' ? "WA_STATE" : "fido_ceremony";
}

/* Conformance-style failure (a) or the shape's envelope (b). */
static int
fail(struct lab *lab, struct lab_resp *rs, enum lab_err e, const char *msg)
{
	if (lab->shape == 'b')
		return lab_reply_error(lab, rs, e);
	return lab_reply_json(rs, e == LAB_E_AUTH ? 401 : e == LAB_E_FORBIDDEN ?
	    403 : e == LAB_E_NOT_FOUND ? 404 : 400,
	    json_pack("{s:s,s:s}", "status", "failed", "errorMessage", msg));
}

static int
ok_reply(struct lab *lab, struct lab_resp *rs, json_t *extra)
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
static void
expected(const struct lab_req *rq, char *origin, size_t olen, char *rpid,
    size_t rlen)
{
	const char *host = lab_req_header(rq, "Host");

	if (host == NULL || strlen(host) > 200)
		host = "127.0.0.1";
	snprintf(origin, olen, "http://%s", host);
	snprintf(rpid, rlen, "%.*s", (int)strcspn(host, ":"), host);
}

static int
origin_ok(struct lab *lab, const struct lab_req *rq, const struct lab_fido_cd *cd)
{
	char origin[256], rpid[256];

	expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	if (lab_weak(lab, "FIDO-ORIGIN"))
		return strstr(cd->origin, rpid) != NULL; /* substring match bug */
	return strcmp(cd->origin, origin) == 0 && !cd->cross_origin;
}

static struct cer *
cer_find(struct lab *lab, const struct lab_req *rq)
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

static struct cer *
cer_new(struct lab *lab, struct lab_resp *rs, int create, size_t user)
{
	struct cer *c = &cers[0];
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
		lab_rand_bytes(c->chal, CHAL_LEN);
		c->chal_len = CHAL_LEN;
	}
	snprintf(hdr, sizeof(hdr), "%s=%s; Path=/; HttpOnly; SameSite=Strict",
	    cer_cookie(lab), c->token);
	lab_resp_header(rs, "Set-Cookie", hdr);
	return c;
}

static json_t *
b64j(const void *p, size_t n)
{
	char *s = aa_fido_b64url_encode(p, n);
	json_t *j = s ? json_string(s) : NULL;

	free(s);
	return j;
}

static json_t *
cred_list(size_t user)
{
	json_t *a = json_array();

	for (size_t i = 0; i < MAX_CREDS; i++)
		if (creds[i].used && creds[i].user == user)
			json_array_append_new(a, json_pack("{s:s,s:o}", "type",
			    "public-key", "id", b64j(creds[i].id, creds[i].idlen)));
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
	struct cer *c;
	const char *uv, *att;
	char origin[256], rpid[256];
	json_t *opts, *uid;

	if (!unauth && !lab_require_enroll(lab, rq, rs))
		return 0;
	if ((u = options_user(lab, rq, !unauth)) == NULL)
		return fail(lab, rs, LAB_E_FORBIDDEN, "not your account");
	uv = in_uv(lab, rq, 1);
	att = lab->shape == 'b' ? lab_in_str(lab, rq, "attestation") :
	    json_string_value(json_object_get(rq->in, "attestation"));
	c = cer_new(lab, rs, 1, u->idx);
	c->uv_req = uv != NULL && strcmp(uv, "required") == 0;
	c->att_direct = att != NULL && (strcmp(att, "direct") == 0 ||
	    strcmp(att, "enterprise") == 0);
	expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	uid = lab_weak(lab, "FIDO-USER-HANDLE-PII") ?
	    b64j(u->email, strlen(u->email)) : b64j(handles[u->idx], 16);
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
	return ok_reply(lab, rs, opts);
}

/* The PublicKeyCredential: shape a the body, shape b form field "credential". */
static json_t *
credential_in(struct lab *lab, struct lab_req *rq)
{
	const char *t;

	if (lab->shape != 'b')
		return json_incref(rq->in);
	if ((t = lab_in_str(lab, rq, "credential")) == NULL || strlen(t) > 65536)
		return NULL;
	return json_loads(t, JSON_REJECT_DUPLICATES, NULL);
}

static int
b64_field(const json_t *obj, const char *key, unsigned char *out, size_t max,
    size_t *len)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL && aa_fido_b64url_decode(s, out, max, len) == AA_OK &&
	    *len > 0 ? 0 : -1;
}

/* §7.1 steps 7-9 / §7.2 steps 11-13: type, challenge, origin. */
static const char *
client_data_check(struct lab *lab, const struct lab_req *rq,
    const struct cer *c, const struct lab_fido_cd *cd, const char *type)
{
	unsigned char ch[512];
	size_t chl = 0;

	if (!lab_weak(lab, "FIDO-TYPE") && strcmp(cd->type, type) != 0)
		return "wrong clientData type";
	if (!lab_weak(lab, "FIDO-CHALLENGE") &&
	    (!cd->has_challenge ||
	    aa_fido_b64url_decode(cd->challenge, ch, sizeof(ch), &chl) != AA_OK ||
	    chl != c->chal_len || memcmp(ch, c->chal, chl) != 0))
		return "challenge mismatch";
	if (!origin_ok(lab, rq, cd))
		return "origin mismatch";
	return NULL;
}

static const char *
rp_check(struct lab *lab, const struct lab_req *rq, const struct lab_fido_ad *ad)
{
	char origin[256], rpid[256];
	unsigned char h[32];
	unsigned int n = 32;

	expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	EVP_Digest(rpid, strlen(rpid), h, &n, EVP_sha256(), NULL);
	if (!lab_weak(lab, "FIDO-RPID") && memcmp(h, ad->rp_hash, 32) != 0)
		return "rpIdHash mismatch";
	return NULL;
}

static struct fcred *
cred_by_id(const unsigned char *id, size_t n)
{
	for (size_t i = 0; i < MAX_CREDS; i++)
		if (creds[i].used && creds[i].idlen == n &&
		    memcmp(creds[i].id, id, n) == 0)
			return &creds[i];
	return NULL;
}

static int
reg_result(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct cer *c = cer_find(lab, rq);
	json_t *pkc = NULL, *resp;
	unsigned char cdj[4096], ao[16384], cdh[32];
	size_t cdl = 0, aol = 0, adlen = 0;
	const unsigned char *adp = NULL;
	struct lab_fido_cd cd;
	struct lab_fido_ad ad;
	cbor_item_t *root = NULL, *st = NULL;
	char fmt[32];
	const char *why = NULL;
	struct fcred *fc;
	struct lab_user *u;
	unsigned int hn = 32;
	int x5c = 0, v, r;

	memset(&ad, 0, sizeof(ad));
	if (c == NULL || !c->create)
		return fail(lab, rs, LAB_E_BAD_REQUEST, "no registration in progress");
	u = c->user < lab->nusers ? lab->users[c->user] : NULL;
	if (!lab_weak(lab, "FIDO-REPLAY"))
		c->used = 0; /* single use, whatever the outcome */
	if ((pkc = credential_in(lab, rq)) == NULL || !json_is_object(pkc) ||
	    !json_is_object(resp = json_object_get(pkc, "response")) ||
	    !json_is_string(json_object_get(pkc, "id")) ||
	    b64_field(resp, "clientDataJSON", cdj, sizeof(cdj), &cdl) ||
	    b64_field(resp, "attestationObject", ao, sizeof(ao), &aol)) {
		r = fail(lab, rs, LAB_E_BAD_REQUEST, "malformed credential");
		goto out;
	}
	if (json_is_string(json_object_get(pkc, "type")) == 0 ||
	    strcmp(json_string_value(json_object_get(pkc, "type")), "public-key")) {
		why = "type must be public-key";
	} else if (lab_fido_cd_parse(cdj, cdl, &cd) != 0) {
		why = "clientDataJSON is not a JSON object";
	} else if ((why = client_data_check(lab, rq, c, &cd, "webauthn.create"))) {
	} else if (lab_fido_ao_parse(ao, aol, &root, fmt, sizeof(fmt), &adp,
	    &adlen, &st) != 0 || lab_fido_ad_parse(adp, adlen, &ad) != 0 ||
	    ad.pk == NULL) {
		why = "malformed attestationObject";
	} else if ((why = rp_check(lab, rq, &ad))) {
	} else if (!(ad.flags & LAB_FL_UP)) {
		why = "user not present";
	} else if (c->uv_req && !(ad.flags & LAB_FL_UV) &&
	    !lab_weak(lab, "FIDO-UV")) {
		why = "user verification required";
	} else if (ad.alg != -7 && ad.alg != -257 && !lab_weak(lab, "FIDO-ALG")) {
		why = "algorithm not offered";
	} else {
		EVP_Digest(cdj, cdl, cdh, &hn, EVP_sha256(), NULL);
		v = lab_fido_att_verify(fmt, st, adp, adlen, cdh, &ad, &x5c);
		if (!lab_weak(lab, "FIDO-ATTESTATION")) {
			if (v != 1)
				why = "attestation statement does not verify";
			else if (c->att_direct)
				why = "attestation not from a trusted root";
		}
	}
	if (why == NULL && (fc = cred_by_id(ad.cred_id, ad.cred_id_len)) != NULL &&
	    (fc->user == c->user || !lab_weak(lab, "FIDO-CRED-SUBSTITUTION")))
		why = "credential already registered";
	if (why != NULL) {
		r = fail(lab, rs, LAB_E_CODE, why);
		goto out;
	}
	for (size_t i = 0; i < MAX_CREDS; i++)
		if (!creds[i].used) {
			fc = &creds[i];
			fc->used = 1;
			memcpy(fc->id, ad.cred_id, ad.cred_id_len);
			fc->idlen = ad.cred_id_len;
			fc->user = c->user;
			fc->pk = ad.pk;
			ad.pk = NULL;
			fc->alg = ad.alg;
			fc->counter = ad.counter;
			break;
		}
	if (ad.pk != NULL) {
		r = fail(lab, rs, LAB_E_CONFLICT, "credential store full");
		goto out;
	}
	if (u != NULL)
		lab_user_factor_enable(u, LAB_F_WEBAUTHN);
	r = ok_reply(lab, rs, NULL);
out:
	lab_fido_ad_release(&ad);
	if (root != NULL)
		cbor_decref(&root);
	json_decref(pkc);
	return r;
}

static int
login_options(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	int open = lab_weak(lab, "FIDO-ENUMERATION");
	struct lab_user *u;
	struct cer *c;
	const char *uv;
	char origin[256], rpid[256];
	json_t *opts;

	if (!open && rq->sess == NULL)
		return fail(lab, rs, LAB_E_AUTH, "sign in with your password first");
	if ((u = options_user(lab, rq, 0)) == NULL)
		return fail(lab, rs, open ? LAB_E_NOT_FOUND : LAB_E_FORBIDDEN,
		    open ? "User does not exist!" : "not your account");
	if (open && !lab_user_has_factor(u, LAB_F_WEBAUTHN))
		return fail(lab, rs, LAB_E_NOT_FOUND, "User has no key!");
	uv = in_uv(lab, rq, 0);
	c = cer_new(lab, rs, 0, u->idx);
	c->uv_req = uv != NULL && strcmp(uv, "required") == 0;
	expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	opts = json_pack("{s:o,s:i,s:s,s:o,s:s}",
	    "challenge", b64j(c->chal, c->chal_len), "timeout", 60000,
	    "rpId", rpid, "allowCredentials", cred_list(u->idx),
	    "userVerification", c->uv_req ? "required" : "preferred");
	if (lab->shape == 'b')
		opts = json_pack("{s:o}", "publicKey", opts);
	return ok_reply(lab, rs, opts);
}

static int
login_result(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct cer *c = cer_find(lab, rq);
	json_t *pkc = NULL, *resp;
	unsigned char id[LAB_FIDO_MAX_ID], cdj[4096], adb[4096], sig[1024];
	unsigned char uh[128], msg[4096 + 32];
	size_t idl = 0, cdl = 0, adl = 0, sgl = 0, uhl = 0;
	struct lab_fido_cd cd;
	struct lab_fido_ad ad;
	struct fcred *fc;
	const char *why = NULL;
	unsigned int hn = 32;
	int r;

	memset(&ad, 0, sizeof(ad));
	if (c == NULL || c->create)
		return fail(lab, rs, LAB_E_BAD_REQUEST, "no login in progress");
	if (!lab_weak(lab, "FIDO-REPLAY"))
		c->used = 0;
	if ((pkc = credential_in(lab, rq)) == NULL || !json_is_object(pkc) ||
	    !json_is_object(resp = json_object_get(pkc, "response")) ||
	    b64_field(pkc, "id", id, sizeof(id), &idl) ||
	    b64_field(resp, "clientDataJSON", cdj, sizeof(cdj), &cdl) ||
	    b64_field(resp, "authenticatorData", adb, sizeof(adb), &adl) ||
	    b64_field(resp, "signature", sig, sizeof(sig), &sgl)) {
		r = fail(lab, rs, LAB_E_BAD_REQUEST, "malformed credential");
		goto out;
	}
	fc = cred_by_id(id, idl);
	if (fc != NULL && fc->user != c->user &&
	    !lab_weak(lab, "FIDO-CRED-NOT-BOUND"))
		fc = NULL; /* §7.2 step 5/6: must be one of this user's */
	if (json_object_get(resp, "userHandle") != NULL &&
	    !json_is_null(json_object_get(resp, "userHandle")) &&
	    !lab_weak(lab, "FIDO-CRED-NOT-BOUND") &&
	    (b64_field(resp, "userHandle", uh, sizeof(uh), &uhl) ||
	    uhl != 16 || memcmp(uh, handles[c->user], 16) != 0))
		why = "userHandle is not this user's";
	else if (fc == NULL && !lab_weak(lab, "FIDO-CRED-UNKNOWN"))
		why = "unknown credential";
	else if (lab_fido_cd_parse(cdj, cdl, &cd) != 0)
		why = "clientDataJSON is not a JSON object";
	else if ((why = client_data_check(lab, rq, c, &cd, "webauthn.get")))
		;
	else if (lab_fido_ad_parse(adb, adl, &ad) != 0 || ad.extra != 0)
		why = "malformed authenticatorData";
	else if ((why = rp_check(lab, rq, &ad)))
		;
	else if (!(ad.flags & LAB_FL_UP) && !lab_weak(lab, "FIDO-UP"))
		why = "user not present";
	else if (c->uv_req && !(ad.flags & LAB_FL_UV) && !lab_weak(lab, "FIDO-UV"))
		why = "user verification required";
	else if (fc != NULL) {
		memcpy(msg, adb, adl);
		EVP_Digest(cdj, cdl, msg + adl, &hn, EVP_sha256(), NULL);
		if (!lab_weak(lab, "FIDO-SIGNATURE") &&
		    !lab_fido_sig_ok(fc->pk, fc->alg, msg, adl + 32, sig, sgl))
			why = "signature does not verify";
		else if ((ad.counter != 0 || fc->counter != 0) &&
		    !lab_weak(lab, "FIDO-COUNTER") &&
		    (ad.counter < fc->counter || (ad.counter == fc->counter &&
		    !lab_weak(lab, "FIDO-REPLAY"))))
			why = "signature counter did not increase";
		else if (ad.counter > fc->counter)
			fc->counter = ad.counter;
	}
	if (why != NULL) {
		r = fail(lab, rs, LAB_E_CODE, why);
		goto out;
	}
	/* WebAuthn as second factor: completes the session's login. */
	if (rq->sess != NULL && rq->user != NULL &&
	    rq->user->idx == c->user && rq->sess->state != LAB_SESS_FULL &&
	    lab_session_complete_2fa(lab, rq, rs) == NULL) {
		r = fail(lab, rs, LAB_E_INTERNAL, "internal error");
		goto out;
	}
	r = ok_reply(lab, rs, NULL);
out:
	lab_fido_ad_release(&ad);
	json_decref(pkc);
	return r;
}

static int
fido_init(struct lab *lab)
{
	(void)lab;
	memset(creds, 0, sizeof(creds));
	memset(cers, 0, sizeof(cers));
	for (size_t i = 0; i < LAB_MAX_USERS; i++)
		lab_rand_bytes(handles[i], sizeof(handles[i]));
	return AA_OK;
}

static void
fido_fini(struct lab *lab)
{
	(void)lab;
	for (size_t i = 0; i < MAX_CREDS; i++)
		EVP_PKEY_free(creds[i].pk);
	memset(creds, 0, sizeof(creds));
}

static void
fido_factor_disabled(struct lab *lab, struct lab_user *u, enum lab_factor f)
{
	(void)lab;
	if (f != LAB_F_WEBAUTHN)
		return;
	for (size_t i = 0; i < MAX_CREDS; i++)
		if (creds[i].used && creds[i].user == u->idx) {
			EVP_PKEY_free(creds[i].pk);
			memset(&creds[i], 0, sizeof(creds[i]));
		}
}

static const struct lab_route routes[] = {
	{ "POST", "/fido/attestation/options", "/account/webauthn/register/begin", reg_options },
	{ "POST", "/fido/attestation/result", "/account/webauthn/register/finish", reg_result },
	{ "POST", "/fido/assertion/options", "/account/webauthn/login/begin", login_options },
	{ "POST", "/fido/assertion/result", "/account/webauthn/login/finish", login_result },
};

const struct lab_module lab_mod_fido = {
	.name = "fido",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.init = fido_init,
	.fini = fido_fini,
	.on_factor_disabled = fido_factor_disabled,
};
