/*
 * The lab RP's two result endpoints: registration (WebAuthn L2 §7.1) and
 * assertion (§7.2) verification, each step switchable off by the FIDO-*
 * weakness that names it. A successful assertion completes a pending or
 * enrolling login.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_fido.h"

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


/* The user handle this user was registered with: the e-mail address when
 * FIDO-USER-HANDLE-PII is weak (what the options handed out), else the
 * random 16-byte handle. */
static int
handle_is_users(const struct lab *lab, size_t user, const unsigned char *uh,
    size_t uhl)
{
	const char *email = lab->users[user]->email;

	if (lab_weak(lab, "FIDO-USER-HANDLE-PII"))
		return uhl == strlen(email) && memcmp(uh, email, uhl) == 0;
	return uhl == 16 && memcmp(uh, lab_fido_handles[user], 16) == 0;
}

static int
b64_field(const json_t *obj, const char *key, unsigned char *out, size_t max,
    size_t *len)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL && lab_b64url_decode(s, out, max, len) == LAB_OK &&
	    *len > 0 ? 0 : -1;
}

/* §7.1 steps 7-9 / §7.2 steps 11-13: type, challenge, origin. */
static const char *
client_data_check(struct lab *lab, const struct lab_req *rq,
    const struct lab_fido_cer *c, const struct lab_fido_cd *cd, const char *type)
{
	unsigned char ch[512];
	size_t chl = 0;

	if (!lab_weak(lab, "FIDO-TYPE") && strcmp(cd->type, type) != 0)
		return "wrong clientData type";
	if (!lab_weak(lab, "FIDO-CHALLENGE") &&
	    (!cd->has_challenge ||
	    lab_b64url_decode(cd->challenge, ch, sizeof(ch), &chl) != LAB_OK ||
	    chl != c->chal_len || memcmp(ch, c->chal, chl) != 0))
		return "challenge mismatch";
	if (!lab_fido_origin_ok(lab, rq, cd))
		return "origin mismatch";
	return NULL;
}

static const char *
rp_check(struct lab *lab, const struct lab_req *rq, const struct lab_fido_ad *ad)
{
	char origin[256], rpid[256];
	unsigned char h[32];
	unsigned int n = 32;

	lab_fido_expected(rq, origin, sizeof(origin), rpid, sizeof(rpid));
	EVP_Digest(rpid, strlen(rpid), h, &n, EVP_sha256(), NULL);
	if (!lab_weak(lab, "FIDO-RPID") && memcmp(h, ad->rp_hash, 32) != 0)
		return "rpIdHash mismatch";
	return NULL;
}

static struct lab_fido_cred *
cred_by_id(const unsigned char *id, size_t n)
{
	for (size_t i = 0; i < LAB_FIDO_MAX_CREDS; i++)
		if (lab_fido_creds[i].used && lab_fido_creds[i].idlen == n &&
		    memcmp(lab_fido_creds[i].id, id, n) == 0)
			return &lab_fido_creds[i];
	return NULL;
}

int
lab_fido_reg_result(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_fido_cer *c = lab_fido_cer_find(lab, rq);
	json_t *pkc = NULL, *resp;
	unsigned char cdj[4096], ao[16384], cdh[32];
	size_t cdl = 0, aol = 0, adlen = 0;
	const unsigned char *adp = NULL;
	struct lab_fido_cd cd;
	struct lab_fido_ad ad;
	cbor_item_t *root = NULL, *st = NULL;
	char fmt[32];
	const char *why = NULL;
	struct lab_fido_cred *fc;
	struct lab_user *u;
	unsigned int hn = 32;
	int x5c = 0, v, r;

	memset(&ad, 0, sizeof(ad));
	if (c == NULL || !c->create)
		return lab_fido_fail(lab, rs, LAB_E_BAD_REQUEST, "no registration in progress");
	u = c->user < lab->nusers ? lab->users[c->user] : NULL;
	if (!lab_weak(lab, "FIDO-REPLAY"))
		c->used = 0; /* single use, whatever the outcome */
	if ((pkc = credential_in(lab, rq)) == NULL || !json_is_object(pkc) ||
	    !json_is_object(resp = json_object_get(pkc, "response")) ||
	    !json_is_string(json_object_get(pkc, "id")) ||
	    b64_field(resp, "clientDataJSON", cdj, sizeof(cdj), &cdl) ||
	    b64_field(resp, "attestationObject", ao, sizeof(ao), &aol)) {
		r = lab_fido_fail(lab, rs, LAB_E_BAD_REQUEST, "malformed credential");
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
		r = lab_fido_fail(lab, rs, LAB_E_CODE, why);
		goto out;
	}
	for (size_t i = 0; i < LAB_FIDO_MAX_CREDS; i++)
		if (!lab_fido_creds[i].used) {
			fc = &lab_fido_creds[i];
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
		r = lab_fido_fail(lab, rs, LAB_E_CONFLICT, "credential store full");
		goto out;
	}
	if (u != NULL)
		lab_user_factor_enable(u, LAB_F_WEBAUTHN);
	r = lab_fido_ok(lab, rs, NULL);
out:
	lab_fido_ad_release(&ad);
	if (root != NULL)
		cbor_decref(&root);
	json_decref(pkc);
	return r;
}

int
lab_fido_login_result(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_fido_cer *c = lab_fido_cer_find(lab, rq);
	json_t *pkc = NULL, *resp;
	unsigned char id[LAB_FIDO_MAX_ID], cdj[4096], adb[4096], sig[1024];
	unsigned char uh[128], msg[4096 + 32];
	size_t idl = 0, cdl = 0, adl = 0, sgl = 0, uhl = 0;
	struct lab_fido_cd cd;
	struct lab_fido_ad ad;
	struct lab_fido_cred *fc;
	const char *why = NULL;
	unsigned int hn = 32;
	int r;

	memset(&ad, 0, sizeof(ad));
	if (c == NULL || c->create)
		return lab_fido_fail(lab, rs, LAB_E_BAD_REQUEST, "no login in progress");
	if (!lab_weak(lab, "FIDO-REPLAY"))
		c->used = 0;
	if ((pkc = credential_in(lab, rq)) == NULL || !json_is_object(pkc) ||
	    !json_is_object(resp = json_object_get(pkc, "response")) ||
	    b64_field(pkc, "id", id, sizeof(id), &idl) ||
	    b64_field(resp, "clientDataJSON", cdj, sizeof(cdj), &cdl) ||
	    b64_field(resp, "authenticatorData", adb, sizeof(adb), &adl) ||
	    b64_field(resp, "signature", sig, sizeof(sig), &sgl)) {
		r = lab_fido_fail(lab, rs, LAB_E_BAD_REQUEST, "malformed credential");
		goto out;
	}
	fc = cred_by_id(id, idl);
	if (fc != NULL && fc->user != c->user &&
	    !lab_weak(lab, "FIDO-CRED-NOT-BOUND"))
		fc = NULL; /* §7.2 step 5/6: must be one of this user's */
	if (fc != NULL && json_object_get(resp, "userHandle") != NULL &&
	    !json_is_null(json_object_get(resp, "userHandle")) &&
	    !lab_weak(lab, "FIDO-CRED-NOT-BOUND") &&
	    (b64_field(resp, "userHandle", uh, sizeof(uh), &uhl) ||
	    !handle_is_users(lab, c->user, uh, uhl)))
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
		r = lab_fido_fail(lab, rs, LAB_E_CODE, why);
		goto out;
	}
	/* WebAuthn as second factor: completes the session's login. */
	if (rq->sess != NULL && rq->user != NULL &&
	    rq->user->idx == c->user && rq->sess->state != LAB_SESS_FULL &&
	    lab_session_complete_2fa(lab, rq, rs) == NULL) {
		r = lab_fido_fail(lab, rs, LAB_E_INTERNAL, "internal error");
		goto out;
	}
	r = lab_fido_ok(lab, rs, NULL);
out:
	lab_fido_ad_release(&ad);
	json_decref(pkc);
	return r;
}
