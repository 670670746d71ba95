/*
 * CTAP1 / U2F raw messages (FIDO U2F Raw Message Formats v1.2) for the
 * software key: REGISTER, AUTHENTICATE (check-only, enforce, dont-enforce)
 * and VERSION, in short or extended APDU encoding. libfido2 uses this path
 * for U2F-only keys (ctl.u2f_only) and when falling back from CTAP2.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/softkey_int.h"

#define INS_REGISTER 0x01
#define INS_AUTHENTICATE 0x02
#define INS_VERSION 0x03

#define SW_OK 0x9000
#define SW_CONDITIONS 0x6985
#define SW_WRONG_DATA 0x6a80
#define SW_WRONG_LENGTH 0x6700
#define SW_INS 0x6d00
#define SW_CLA 0x6e00

static int
sw_only(unsigned sw, unsigned char **resp, size_t *rlen)
{
	if ((*resp = malloc(2)) == NULL)
		return AA_ERR_NOMEM;
	(*resp)[0] = (unsigned char)(sw >> 8);
	(*resp)[1] = (unsigned char)sw;
	*rlen = 2;
	return AA_OK;
}

/* Split an APDU into header and data (short or extended Lc). */
static int
apdu_parse(const unsigned char *a, size_t len, const unsigned char **data,
    size_t *dlen)
{
	size_t lc;

	*data = a + 4;
	*dlen = 0;
	if (len < 4)
		return -1;
	if (len == 4)
		return 0;
	if (a[4] == 0 && len >= 7) { /* extended: 00 Lc1 Lc2 data [Le1 Le2] */
		lc = (size_t)a[5] << 8 | a[6];
		if (7 + lc != len && 7 + lc + 2 != len)
			return -1;
		*data = a + 7;
		*dlen = lc;
		return 0;
	}
	lc = a[4];
	if (5 + lc != len && 5 + lc + 1 != len)
		return -1;
	*data = a + 5;
	*dlen = lc;
	return 0;
}

static int
u2f_register(struct aa_fido_softkey *k, const unsigned char *d, size_t dlen,
    unsigned char **resp, size_t *rlen)
{
	struct aa_fido_skcred c;
	unsigned char pt[65], msg[1 + 32 + 32 + AA_FIDO_SK_CREDID_LEN + 65];
	unsigned char sig[AA_FIDO_SK_SIG_MAX], *cert = NULL, *p = NULL;
	size_t siglen = 0, certlen = 0, n;
	int r;

	memset(&c, 0, sizeof(c));
	if (dlen != 64)
		return sw_only(SW_WRONG_LENGTH, resp, rlen);
	/* no touch (or a full key): the client polls until it gives up */
	if (k->ctl.no_touch || k->ncreds >= AA_FIDO_SK_MAX_CREDS)
		return sw_only(SW_CONDITIONS, resp, rlen);
	c.alg = AA_FIDO_ALG_ES256;
	memcpy(c.rp_hash, d + 32, 32);
	if (RAND_bytes(c.id, sizeof(c.id)) != 1)
		return AA_ERR_CRYPTO;
	if ((r = aa_fido_sk_keygen(c.alg, &c.key)) != AA_OK ||
	    (r = aa_fido_sk_ec_point(c.key, pt)) != AA_OK)
		goto out;
	msg[0] = 0x00;
	memcpy(msg + 1, d + 32, 32);  /* application parameter */
	memcpy(msg + 33, d, 32);      /* challenge parameter */
	memcpy(msg + 65, c.id, sizeof(c.id));
	memcpy(msg + 65 + sizeof(c.id), pt, 65);
	if ((r = aa_fido_sk_sign(k->att_key, AA_FIDO_ALG_ES256,
	    &k->att_sctx, msg, sizeof(msg), sig, &siglen)) != AA_OK ||
	    (r = aa_fido_sk_cert_der(k->att_cert, &cert, &certlen)) != AA_OK)
		goto out;
	if (k->ctl.corrupt_att_sig)
		sig[siglen - 1] ^= 0x01;
	n = 1 + 65 + 1 + sizeof(c.id) + certlen + siglen + 2;
	r = AA_ERR_NOMEM;
	if ((p = malloc(n)) == NULL)
		goto out;
	p[0] = 0x05;
	memcpy(p + 1, pt, 65);
	p[66] = (unsigned char)sizeof(c.id);
	memcpy(p + 67, c.id, sizeof(c.id));
	memcpy(p + 67 + sizeof(c.id), cert, certlen);
	memcpy(p + 67 + sizeof(c.id) + certlen, sig, siglen);
	p[n - 2] = 0x90;
	p[n - 1] = 0x00;
	if ((r = aa_fido_sk_add(k, &c)) != AA_OK ||
	    (r = aa_fido_sk_save(k)) != AA_OK)
		goto out;
	*resp = p;
	*rlen = n;
	p = NULL;
	r = AA_OK;
out:
	free(p);
	OPENSSL_free(cert);
	EVP_PKEY_free(c.key);
	aa_wipe(&c, sizeof(c));
	return r;
}

static int
u2f_authenticate(struct aa_fido_softkey *k, uint8_t p1, const unsigned char *d,
    size_t dlen, unsigned char **resp, size_t *rlen)
{
	struct aa_fido_skcred *c;
	unsigned char msg[32 + 1 + 4 + 32], sig[AA_FIDO_SK_SIG_MAX], *p;
	unsigned char app[32];
	size_t siglen = 0;
	uint32_t ctr;
	int r;

	if (dlen < 65 || dlen != 65 + (size_t)d[64])
		return sw_only(SW_WRONG_LENGTH, resp, rlen);
	c = aa_fido_sk_find(k, d + 65, d[64]);
	if (c == NULL || memcmp(c->rp_hash, d + 32, 32) != 0)
		return sw_only(SW_WRONG_DATA, resp, rlen);
	if (p1 == 0x07) /* check-only: the handle is ours */
		return sw_only(SW_CONDITIONS, resp, rlen);
	if (p1 != 0x03 && p1 != 0x08)
		return sw_only(SW_WRONG_DATA, resp, rlen);
	if (p1 == 0x03 && k->ctl.no_touch) /* enforce: presence never comes */
		return sw_only(SW_CONDITIONS, resp, rlen);
	memcpy(app, d + 32, 32);
	if (k->ctl.login_rpid[0] != '\0' &&
	    aa_fido_sk_sha256(k->ctl.login_rpid, strlen(k->ctl.login_rpid),
	    app) != AA_OK)
		return AA_ERR_CRYPTO;
	ctr = aa_fido_sk_next_counter(k);
	memcpy(msg, app, 32);
	msg[32] = (unsigned char)((0x01 & k->ctl.flags_and) | k->ctl.flags_or);
	msg[33] = (unsigned char)(ctr >> 24);
	msg[34] = (unsigned char)(ctr >> 16);
	msg[35] = (unsigned char)(ctr >> 8);
	msg[36] = (unsigned char)ctr;
	memcpy(msg + 37, d, 32);
	if ((r = aa_fido_sk_sign(c->key, c->alg, &c->sctx, msg, sizeof(msg),
	    sig, &siglen)) != AA_OK)
		return r;
	if ((p = malloc(5 + siglen + 2)) == NULL)
		return AA_ERR_NOMEM;
	memcpy(p, msg + 32, 5);
	memcpy(p + 5, sig, siglen);
	p[5 + siglen] = 0x90;
	p[6 + siglen] = 0x00;
	*resp = p;
	*rlen = 7 + siglen;
	if (!k->ctl.counter_fixed)
		(void)aa_fido_sk_save(k);
	return AA_OK;
}

int
aa_fido_sk_u2f(struct aa_fido_softkey *k, const unsigned char *apdu,
    size_t len, unsigned char **resp, size_t *rlen)
{
	const unsigned char *d;
	size_t dlen;

	*resp = NULL;
	*rlen = 0;
	if (apdu_parse(apdu, len, &d, &dlen) != 0)
		return sw_only(SW_WRONG_LENGTH, resp, rlen);
	if (apdu[0] != 0x00)
		return sw_only(SW_CLA, resp, rlen);
	switch (apdu[1]) {
	case INS_REGISTER:
		return u2f_register(k, d, dlen, resp, rlen);
	case INS_AUTHENTICATE:
		return u2f_authenticate(k, apdu[2], d, dlen, resp, rlen);
	case INS_VERSION: {
		static const unsigned char v[] = "U2F_V2\x90";

		if ((*resp = malloc(8)) == NULL)
			return AA_ERR_NOMEM;
		memcpy(*resp, v, 7);
		(*resp)[7] = 0x00;
		*rlen = 8;
		return AA_OK;
	}
	default:
		return sw_only(SW_INS, resp, rlen);
	}
}
