/*
 * CTAP2 dispatch of the software key: authenticatorGetInfo, Reset,
 * Selection here; ClientPIN in softkey_pin.c, MakeCredential in softkey_mc.c,
 * GetAssertion in softkey_ga.c. Replies are CTAP2 canonical CBOR (libfido2
 * rejects anything else); helpers shared by those files live here too.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/skcbor.h"
#include "fido/softkey/softkey_int.h"

#define CMD_MAKE_CRED 0x01
#define CMD_GET_ASSERT 0x02
#define CMD_GET_INFO 0x04
#define CMD_CLIENT_PIN 0x06
#define CMD_RESET 0x07
#define CMD_NEXT_ASSERT 0x08
#define CMD_SELECTION 0x0b


/* Status byte + CBOR of `m` (which is released). */
int
aa_fido_sk_reply(cbor_item_t *m, unsigned char **resp, size_t *rlen)
{
	unsigned char *body = NULL, *p;
	size_t n = 0;
	int r;

	if (m == NULL)
		return AA_ERR_NOMEM;
	r = aa_fido_cbor_dump(m, &body, &n);
	cbor_decref(&m);
	if (r != AA_OK)
		return r;
	if ((p = malloc(n + 1)) == NULL) {
		aa_freezero(body, n);
		return AA_ERR_NOMEM;
	}
	p[0] = SK_OK;
	memcpy(p + 1, body, n);
	aa_freezero(body, n);
	*resp = p;
	*rlen = n + 1;
	return AA_OK;
}

void
aa_fido_sk_reply_open(struct aa_fido_cbw *w, size_t cap)
{
	unsigned char *p = malloc(1 + cap);

	aa_fido_cbw_init(w, p != NULL ? p + 1 : NULL, p != NULL ? cap : 0);
	if (p == NULL)
		(void)aa_fido_cbw_fail(w, AA_ERR_NOMEM);
	else
		p[0] = SK_OK;
}

int
aa_fido_sk_reply_close(struct aa_fido_cbw *w, unsigned char **resp,
    size_t *rlen)
{
	unsigned char *p = w->p != NULL ? w->p - 1 : NULL;

	if (w->err != AA_OK) {
		if (p != NULL)
			aa_freezero(p, 1 + w->cap);
		return w->err;
	}
	*resp = p;
	*rlen = 1 + w->len;
	return AA_OK;
}

int
aa_fido_sk_status(uint8_t st, unsigned char **resp, size_t *rlen)
{
	if ((*resp = malloc(1)) == NULL)
		return AA_ERR_NOMEM;
	**resp = st;
	*rlen = 1;
	return AA_OK;
}

static cbor_item_t *
alg_entry(int alg)
{
	cbor_item_t *m = cbor_new_definite_map(2);

	if (aa_fido_cbor_put(m, aa_fido_cbor_text("alg"), aa_fido_cbor_int(alg)) ||
	    aa_fido_cbor_put(m, aa_fido_cbor_text("type"), aa_fido_cbor_text("public-key"))) {
		if (m != NULL)
			cbor_decref(&m);
		return NULL;
	}
	return m;
}

static int
get_info(struct aa_fido_softkey *k, unsigned char **resp, size_t *rlen)
{
	cbor_item_t *m = cbor_new_definite_map(9), *v = NULL, *o = NULL,
	    *pin = NULL, *tr = NULL, *al = NULL;
	int r = AA_ERR_NOMEM;

	if ((v = cbor_new_definite_array(3)) == NULL ||
	    (o = cbor_new_definite_map(4)) == NULL ||
	    (pin = cbor_new_definite_array(1)) == NULL ||
	    (tr = cbor_new_definite_array(1)) == NULL ||
	    (al = cbor_new_definite_array(3)) == NULL)
		goto out;
	if (aa_fido_cbor_push(v, aa_fido_cbor_text("U2F_V2")) ||
	    aa_fido_cbor_push(v, aa_fido_cbor_text("FIDO_2_0")) ||
	    aa_fido_cbor_push(v, aa_fido_cbor_text("FIDO_2_1")))
		goto out;
	/* Canonical order: shorter keys first, then bytewise. */
	if (aa_fido_cbor_put(o, aa_fido_cbor_text("rk"), cbor_build_bool(true)) ||
	    aa_fido_cbor_put(o, aa_fido_cbor_text("up"), cbor_build_bool(true)) ||
	    aa_fido_cbor_put(o, aa_fido_cbor_text("plat"), cbor_build_bool(false)) ||
	    aa_fido_cbor_put(o, aa_fido_cbor_text("clientPin"),
	    cbor_build_bool(k->pin_set != 0)))
		goto out;
	if (aa_fido_cbor_push(pin, aa_fido_cbor_int(1)) ||
	    aa_fido_cbor_push(tr, aa_fido_cbor_text("usb")) ||
	    aa_fido_cbor_push(al, alg_entry(AA_FIDO_ALG_ES256)) ||
	    aa_fido_cbor_push(al, alg_entry(AA_FIDO_ALG_EDDSA)) ||
	    aa_fido_cbor_push(al, alg_entry(AA_FIDO_ALG_RS256)))
		goto out;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(1), v);
	v = NULL;
	if (r || aa_fido_cbor_put(m, aa_fido_cbor_int(3),
	    aa_fido_cbor_bytes(k->aaguid, sizeof(k->aaguid))))
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(4), o);
	o = NULL;
	if (r || aa_fido_cbor_put(m, aa_fido_cbor_int(5), aa_fido_cbor_int(1200)))
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(6), pin);
	pin = NULL;
	if (r)
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(9), tr);
	tr = NULL;
	if (r)
		goto fail;
	r = aa_fido_cbor_put(m, aa_fido_cbor_int(10), al);
	al = NULL;
	if (r || aa_fido_cbor_put(m, aa_fido_cbor_int(14), aa_fido_cbor_int(0x010000)))
		goto fail;
	r = aa_fido_sk_reply(m, resp, rlen);
	m = NULL;
	goto out;
fail:
	r = AA_ERR_NOMEM;
out:
	if (m) cbor_decref(&m);
	if (v) cbor_decref(&v);
	if (o) cbor_decref(&o);
	if (pin) cbor_decref(&pin);
	if (tr) cbor_decref(&tr);
	if (al) cbor_decref(&al);
	return r;
}

int
aa_fido_sk_bytes(const cbor_item_t *it, const unsigned char **p, size_t *n, size_t max)
{
	if (it == NULL || !cbor_isa_bytestring(it) ||
	    !cbor_bytestring_is_definite(it) ||
	    cbor_bytestring_length(it) > max)
		return -1;
	*p = cbor_bytestring_handle(it);
	*n = cbor_bytestring_length(it);
	return 0;
}

/* Option `name` of an options map: 1, 0, or dflt when absent; -1 bad. */
int
aa_fido_sk_opt(const cbor_item_t *opts, const char *name, int dflt)
{
	const cbor_item_t *v;

	if (opts == NULL)
		return dflt;
	if (!cbor_isa_map(opts))
		return -1;
	if ((v = aa_fido_cbor_get_s(opts, name)) == NULL)
		return dflt;
	return aa_fido_cbor_to_bool(v);
}


/* Does a list of {id, type} hold one of our credentials for rp_hash? */
struct aa_fido_skcred *
aa_fido_sk_find_list(struct aa_fido_softkey *k, const cbor_item_t *list,
    const unsigned char rp_hash[32])
{
	cbor_item_t **it;
	const unsigned char *id;
	size_t n;
	struct aa_fido_skcred *c;

	if (list == NULL || !cbor_isa_array(list))
		return NULL;
	it = cbor_array_handle(list);
	for (size_t i = 0; i < cbor_array_size(list) && i < 256; i++) {
		if (aa_fido_sk_bytes(aa_fido_cbor_get_s(it[i], "id"), &id, &n, 1024))
			continue;
		c = aa_fido_sk_find(k, id, n);
		if (c != NULL && memcmp(c->rp_hash, rp_hash, 32) == 0)
			return c;
	}
	return NULL;
}

void
aa_fido_sk_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}




int
aa_fido_sk_ctap2(struct aa_fido_softkey *k, const unsigned char *req,
    size_t len, unsigned char **resp, size_t *rlen)
{
	cbor_item_t *body = NULL;
	int r;

	*resp = NULL;
	*rlen = 0;
	if (len < 1 || len > AA_FIDO_SK_MAX_MSG)
		return aa_fido_sk_status(SK_ERR_INVALID_LEN, resp, rlen);
	switch (req[0]) {
	case CMD_GET_INFO:
		return get_info(k, resp, rlen);
	case CMD_RESET:
		aa_fido_sk_reset(k);
		if ((r = aa_fido_sk_save(k)) != AA_OK)
			return r;
		return aa_fido_sk_status(SK_OK, resp, rlen);
	case CMD_SELECTION:
		return aa_fido_sk_status(SK_OK, resp, rlen);
	case CMD_NEXT_ASSERT:
		return aa_fido_sk_status(SK_ERR_NOT_ALLOWED, resp, rlen);
	case CMD_MAKE_CRED:
	case CMD_GET_ASSERT:
	case CMD_CLIENT_PIN:
		break;
	default:
		return aa_fido_sk_status(SK_ERR_INVALID_CMD, resp, rlen);
	}
	if (aa_fido_cbor_load(req + 1, len - 1, &body) != AA_OK ||
	    !cbor_isa_map(body) || !cbor_map_is_definite(body)) {
		r = aa_fido_sk_status(SK_ERR_INVALID_CBOR, resp, rlen);
		goto out;
	}
	if (req[0] == CMD_MAKE_CRED)
		r = aa_fido_sk_make_cred(k, body, resp, rlen);
	else if (req[0] == CMD_GET_ASSERT)
		r = aa_fido_sk_get_assert(k, body, resp, rlen);
	else
		r = aa_fido_sk_client_pin(k, body, resp, rlen);
out:
	if (body != NULL)
		cbor_decref(&body);
	return r;
}
