/*
 * authenticatorGetAssertion of the software key: finds the credential
 * (allowList or resident), builds the authenticator data (with the
 * forgery controls: flags, counter, rpIdHash of another RP) and signs it
 * with the clientDataHash.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/skcbor.h"
#include "fido/softkey/softkey_int.h"

/*
 * The response map (CTAP 2.1 §6.2.2): status byte, then 1 credential,
 * 2 authData, 3 signature, 4 user (when the credential has a user ID),
 * written directly: one allocation per assertion instead of a tree.
 */
static int
reply(const struct aa_fido_skcred *c, const unsigned char ad[37],
    const unsigned char *sig, size_t siglen, unsigned char **resp,
    size_t *rlen)
{
	struct aa_fido_cbw w;

	aa_fido_sk_reply_open(&w, 64 + sizeof(c->id) + 37 + siglen +
	    c->user_id_len);
	aa_fido_cbw_map(&w, c->user_id_len ? 4 : 3);
	aa_fido_cbw_int(&w, 1);
	aa_fido_cbw_map(&w, 2);
	aa_fido_cbw_text(&w, "id");
	aa_fido_cbw_bytes(&w, c->id, sizeof(c->id));
	aa_fido_cbw_text(&w, "type");
	aa_fido_cbw_text(&w, "public-key");
	aa_fido_cbw_int(&w, 2);
	aa_fido_cbw_bytes(&w, ad, 37);
	aa_fido_cbw_int(&w, 3);
	aa_fido_cbw_bytes(&w, sig, siglen);
	if (c->user_id_len) {
		aa_fido_cbw_int(&w, 4);
		aa_fido_cbw_map(&w, 1);
		aa_fido_cbw_text(&w, "id");
		aa_fido_cbw_bytes(&w, c->user_id, c->user_id_len);
	}
	return aa_fido_sk_reply_close(&w, resp, rlen);
}

int
aa_fido_sk_get_assert(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen)
{
	char rp_id[AA_FIDO_SK_RPID_MAX + 1];
	const unsigned char *cdh;
	size_t cdhlen, siglen = 0;
	unsigned char rp_hash[32], ad[37 + 32], sig[AA_FIDO_SK_SIG_MAX];
	const cbor_item_t *opts = aa_fido_cbor_get_i(req, 5);
	const cbor_item_t *allow = aa_fido_cbor_get_i(req, 3);
	struct aa_fido_skcred *c = NULL;
	int r, up, uv, pin_uv = 0;
	uint8_t st;

	if (aa_fido_cbor_to_str(aa_fido_cbor_get_i(req, 1), rp_id,
	    sizeof(rp_id)) != AA_OK ||
	    aa_fido_sk_bytes(aa_fido_cbor_get_i(req, 2), &cdh, &cdhlen, 32) ||
	    cdhlen != 32)
		return aa_fido_sk_status(SK_ERR_MISSING_PARAM, resp, rlen);
	up = aa_fido_sk_opt(opts, "up", 1);
	uv = aa_fido_sk_opt(opts, "uv", 0);
	if (up < 0 || uv < 0)
		return aa_fido_sk_status(SK_ERR_INVALID_CBOR, resp, rlen);
	if (uv == 1) /* no built-in UV: only the PIN verifies */
		return aa_fido_sk_status(SK_ERR_UNSUPPORTED_OPT, resp, rlen);
	if ((st = aa_fido_sk_pin_gate(k, aa_fido_cbor_get_i(req, 6),
	    aa_fido_cbor_get_i(req, 7), cdh, 0, &pin_uv)) != SK_OK)
		return aa_fido_sk_status(st, resp, rlen);
	if ((r = aa_fido_sk_sha256(rp_id, strlen(rp_id), rp_hash)) != AA_OK)
		return r;
	if (allow != NULL && cbor_isa_array(allow) && cbor_array_size(allow) > 0)
		c = aa_fido_sk_find_list(k, allow, rp_hash);
	else
		for (size_t i = k->ncreds; i-- > 0;)
			if (k->creds[i].resident &&
			    memcmp(k->creds[i].rp_hash, rp_hash, 32) == 0) {
				c = &k->creds[i];
				break;
			}
	if (c == NULL)
		return aa_fido_sk_status(SK_ERR_NO_CREDENTIALS, resp, rlen);
	if (up && k->ctl.no_touch) /* a silent assertion needs no touch */
		return aa_fido_sk_status(SK_ERR_USER_ACTION_TIMEOUT, resp, rlen);
	/* Forgery control: authenticator data for another RP ID. */
	if (k->ctl.login_rpid[0] != '\0' &&
	    aa_fido_sk_sha256(k->ctl.login_rpid, strlen(k->ctl.login_rpid),
	    rp_hash) != AA_OK)
		return AA_ERR_CRYPTO;
	memcpy(ad, rp_hash, 32);
	ad[32] = (unsigned char)(((up ? AA_FIDO_SK_FL_UP : 0) |
	    (pin_uv ? AA_FIDO_SK_FL_UV : 0)) & k->ctl.flags_and) |
	    k->ctl.flags_or;
	aa_fido_sk_put32(ad + 33, aa_fido_sk_next_counter(k));
	memcpy(ad + 37, cdh, 32);
	if ((r = aa_fido_sk_sign(c->key, c->alg, &c->sctx, ad, sizeof(ad),
	    sig, &siglen)) != AA_OK)
		return r;
	if (!k->ctl.counter_fixed && (r = aa_fido_sk_save(k)) != AA_OK)
		return r;
	return reply(c, ad, sig, siglen, resp, rlen);
}
