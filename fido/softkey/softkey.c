/*
 * The software key object: life cycle, credential store and controls.
 * Its state file is softkey_state.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/softkey_int.h"

void
aa_fido_softkey_ctl_default(struct aa_fido_softkey_ctl *c)
{
	memset(c, 0, sizeof(*c));
	c->att = AA_FIDO_ATT_NONE;
	c->flags_and = 0xff;
}

void
aa_fido_softkey_set_ctl(struct aa_fido_softkey *k,
    const struct aa_fido_softkey_ctl *c)
{
	k->ctl = *c;
	k->ctl.login_rpid[sizeof(k->ctl.login_rpid) - 1] = '\0';
}

void
aa_fido_softkey_get_ctl(const struct aa_fido_softkey *k,
    struct aa_fido_softkey_ctl *c)
{
	*c = k->ctl;
}

uint32_t
aa_fido_softkey_counter(const struct aa_fido_softkey *k)
{
	return k->counter;
}

size_t
aa_fido_softkey_ncreds(const struct aa_fido_softkey *k)
{
	return k->ncreds;
}

const unsigned char *
aa_fido_softkey_aaguid(const struct aa_fido_softkey *k)
{
	return k->aaguid;
}

int
aa_fido_softkey_ca_der(struct aa_fido_softkey *k, const unsigned char **der,
    size_t *len)
{
	if (k->ca_der == NULL &&
	    aa_fido_sk_cert_der(k->ca_cert, &k->ca_der, &k->ca_der_len) != AA_OK)
		return AA_ERR_CRYPTO;
	*der = k->ca_der;
	*len = k->ca_der_len;
	return AA_OK;
}

int
aa_fido_softkey_own_pin(const struct aa_fido_softkey *k, aa_secret_t **out)
{
	static const char label[] = "auth-audit soft key PIN";
	unsigned char *der = NULL, mac[32];
	unsigned int maclen = sizeof(mac);
	char pin[13];
	size_t len = 0;
	int r = AA_ERR_CRYPTO;

	*out = NULL;
	/* keyed by the attestation key: secret, and kept in the state file */
	if (aa_fido_sk_key_der(k->att_key, &der, &len) != AA_OK)
		return r;
	if (HMAC(EVP_sha256(), der, (int)len, (const unsigned char *)label,
	    sizeof(label) - 1, mac, &maclen) != NULL) {
		for (size_t i = 0; i < sizeof(pin) - 1; i++)
			pin[i] = (char)('0' + mac[i] % 10);
		pin[sizeof(pin) - 1] = '\0';
		r = (*out = aa_secret_new_str(pin)) != NULL ? AA_OK :
		    AA_ERR_NOMEM;
	}
	aa_wipe(pin, sizeof(pin));
	aa_wipe(mac, sizeof(mac));
	aa_freezero(der, len);
	return r;
}

const char *
aa_fido_softkey_path(const struct aa_fido_softkey *k)
{
	return k->path;
}

struct aa_fido_skcred *
aa_fido_sk_find(struct aa_fido_softkey *k, const unsigned char *id,
    size_t idlen)
{
	if (idlen != AA_FIDO_SK_CREDID_LEN)
		return NULL;
	for (size_t i = 0; i < k->ncreds; i++)
		if (memcmp(k->creds[i].id, id, idlen) == 0)
			return &k->creds[i];
	return NULL;
}

void
aa_fido_sk_cred_release(struct aa_fido_skcred *c)
{
	EVP_PKEY_CTX_free(c->sctx);
	EVP_PKEY_free(c->key);
	aa_wipe(c, sizeof(*c));
}

int
aa_fido_sk_add(struct aa_fido_softkey *k, struct aa_fido_skcred *c)
{
	struct aa_fido_skcred *n;

	if (k->ncreds >= AA_FIDO_SK_MAX_CREDS)
		return AA_ERR_TOOBIG;
	n = realloc(k->creds, (k->ncreds + 1) * sizeof(*n));
	if (n == NULL)
		return AA_ERR_NOMEM;
	k->creds = n;
	k->creds[k->ncreds++] = *c;
	memset(c, 0, sizeof(*c)); /* the store owns the key now */
	return AA_OK;
}

void
aa_fido_sk_reset(struct aa_fido_softkey *k)
{
	for (size_t i = 0; i < k->ncreds; i++)
		aa_fido_sk_cred_release(&k->creds[i]);
	free(k->creds);
	k->creds = NULL;
	k->ncreds = 0;
	k->counter = 0;
	k->pin_set = 0; /* authenticatorReset clears the PIN too */
	aa_wipe(k->pin_hash, sizeof(k->pin_hash));
	k->pin_retries = 8;
}

int
aa_fido_softkey_reset(struct aa_fido_softkey *k)
{
	aa_fido_sk_reset(k);
	k->rx_need = 0;
	k->tx_n = k->tx_pos = 0;
	return aa_fido_sk_save(k);
}

uint32_t
aa_fido_sk_next_counter(struct aa_fido_softkey *k)
{
	if (k->ctl.counter_fixed)
		return k->ctl.counter_value;
	k->counter++;
	return k->counter;
}

/* ---- life cycle --------------------------------------------------------- */

int
aa_fido_softkey_new(const char *statefile, struct aa_fido_softkey **out)
{
	struct aa_fido_softkey *k;
	int r = AA_ERR_NOMEM;

	*out = NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return AA_ERR_NOMEM;
	k->slot = -1;
	k->pin_retries = 8;
	aa_fido_softkey_ctl_default(&k->ctl);
	k->next_cid = 0x0a0a0001;
	if (statefile != NULL && (k->statefile = strdup(statefile)) == NULL)
		goto out;
	r = statefile != NULL ? aa_fido_sk_load(k) : AA_ERR_NOTFOUND;
	if (r == AA_ERR_NOTFOUND) {
		/* A fresh key: random AAGUID, its own test CA. */
		if (RAND_bytes(k->aaguid, sizeof(k->aaguid)) != 1) {
			r = AA_ERR_CRYPTO;
			goto out;
		}
		k->aaguid[6] = (k->aaguid[6] & 0x0f) | 0x40; /* UUIDv4 shape */
		k->aaguid[8] = (k->aaguid[8] & 0x3f) | 0x80;
		if ((r = aa_fido_sk_make_ca(k)) != AA_OK ||
		    (r = aa_fido_sk_save(k)) != AA_OK)
			goto out;
	} else if (r != AA_OK)
		goto out;
	if ((r = aa_fido_sk_pin_boot(k)) != AA_OK ||
	    (r = aa_fido_sk_register(k)) != AA_OK)
		goto out;
	*out = k;
	k = NULL;
	r = AA_OK;
out:
	aa_fido_softkey_free(&k);
	return r;
}

void
aa_fido_softkey_free(struct aa_fido_softkey **kp)
{
	struct aa_fido_softkey *k;

	if (kp == NULL || (k = *kp) == NULL)
		return;
	aa_fido_sk_unregister(k);
	aa_fido_sk_reset(k);
	EVP_PKEY_free(k->ca_key);
	EVP_PKEY_CTX_free(k->att_sctx);
	EVP_PKEY_free(k->att_key);
	EVP_PKEY_free(k->pin_ka);
	X509_free(k->ca_cert);
	X509_free(k->att_cert);
	OPENSSL_free(k->ca_der);
	free(k->statefile);
	free(k->tx_reports);
	aa_wipe(k, sizeof(*k));
	free(k);
	*kp = NULL;
}
