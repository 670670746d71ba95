/* Internals shared by the software key's files (fido/softkey*.c). */
#ifndef AA_FIDO_SOFTKEY_INT_H
#define AA_FIDO_SOFTKEY_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cbor.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "fido/softkey/softkey.h"

#define AA_FIDO_SK_CREDID_LEN 48
#define AA_FIDO_SK_RPID_MAX 255
#define AA_FIDO_SK_USERID_MAX 64
#define AA_FIDO_SK_NAME_MAX 64
#define AA_FIDO_SK_SIG_MAX 512
#define AA_FIDO_SK_REPORT 64

/* CTAP2 status codes the key answers with. */
#define SK_OK 0x00
#define SK_ERR_INVALID_CMD 0x01
#define SK_ERR_INVALID_LEN 0x03
#define SK_ERR_INVALID_CBOR 0x12
#define SK_ERR_MISSING_PARAM 0x14
#define SK_ERR_LIMIT 0x15
#define SK_ERR_UNSUPPORTED_ALG 0x26
#define SK_ERR_KEY_STORE_FULL 0x28
#define SK_ERR_UNSUPPORTED_OPT 0x2b
#define SK_ERR_NO_CREDENTIALS 0x2e
#define SK_ERR_USER_ACTION_TIMEOUT 0x2f
#define SK_ERR_NOT_ALLOWED 0x30
#define SK_ERR_PIN_NOT_SET 0x35
#define SK_ERR_INVALID_SUBCMD 0x3e
#define SK_ERR_PIN_INVALID 0x31
#define SK_ERR_PIN_BLOCKED 0x32
#define SK_ERR_PIN_AUTH_INVALID 0x33
#define SK_ERR_PIN_AUTH_BLOCKED 0x34
#define SK_ERR_PUAT_REQUIRED 0x36
#define SK_ERR_PIN_POLICY 0x37
#define SK_ERR_OTHER 0x7f
#define SK_ERR_EXCLUDED 0x19

struct aa_fido_skcred {
	unsigned char id[AA_FIDO_SK_CREDID_LEN];
	int alg;
	EVP_PKEY *key;
	EVP_PKEY_CTX *sctx;     /* key's signing context, made on first use */
	unsigned char rp_hash[32];
	char rp_id[AA_FIDO_SK_RPID_MAX + 1];
	unsigned char user_id[AA_FIDO_SK_USERID_MAX];
	size_t user_id_len;
	char user_name[AA_FIDO_SK_NAME_MAX + 1];
	int resident;
};

struct aa_fido_softkey {
	char *statefile;
	char path[48];
	int slot;
	unsigned char aaguid[16];
	uint32_t counter;
	EVP_PKEY *ca_key, *att_key;
	EVP_PKEY_CTX *att_sctx; /* att_key's signing context (first use) */
	X509 *ca_cert, *att_cert;
	unsigned char *ca_der;
	size_t ca_der_len;
	struct aa_fido_skcred *creds;
	size_t ncreds;
	struct aa_fido_softkey_ctl ctl;
	/* CTAPHID: one message being assembled, replies being drained. */
	uint32_t next_cid;
	uint32_t rx_cid;
	uint8_t rx_cmd;
	uint8_t rx_seq;
	size_t rx_need, rx_have;
	unsigned char rx_buf[AA_FIDO_SK_MAX_MSG];
	unsigned char *tx_reports;   /* queued 64-byte reports */
	size_t tx_n, tx_pos;
	int opened;
	/* ClientPIN (softkey_pin.c): hash and retries persist, the rest is
	 * per power-up. */
	int pin_set;
	unsigned char pin_hash[16];
	unsigned pin_retries;
	unsigned pin_fails_boot;
	EVP_PKEY *pin_ka;
	unsigned char pin_token[32];
};

/* softkey_crypto.c */
int aa_fido_sk_keygen(int alg, EVP_PKEY **out);
/* prep: NULL, or where the key's ES256 signing context is kept. */
int aa_fido_sk_sign(EVP_PKEY *key, int alg, EVP_PKEY_CTX **prep,
    const unsigned char *msg, size_t len, unsigned char *sig, size_t *siglen);
struct aa_fido_cbw;
int aa_fido_sk_cose(EVP_PKEY *key, int alg, int64_t label,
    struct aa_fido_cbw *w);
int aa_fido_sk_ec_point(EVP_PKEY *key, unsigned char out[65]);
int aa_fido_sk_make_ca(struct aa_fido_softkey *k);
int aa_fido_sk_key_der(EVP_PKEY *key, unsigned char **der, size_t *len);
int aa_fido_sk_key_from_der(const unsigned char *der, size_t len,
    EVP_PKEY **out);
int aa_fido_sk_cert_der(X509 *c, unsigned char **der, size_t *len);
int aa_fido_sk_sha256(const void *p, size_t len, unsigned char out[32]);

/* softkey.c */
struct aa_fido_skcred *aa_fido_sk_find(struct aa_fido_softkey *k,
    const unsigned char *id, size_t idlen);
int aa_fido_sk_add(struct aa_fido_softkey *k, struct aa_fido_skcred *c);
void aa_fido_sk_reset(struct aa_fido_softkey *k);
void aa_fido_sk_cred_release(struct aa_fido_skcred *c);
/* softkey_state.c: load (AA_ERR_NOTFOUND when there is no file) / save. */
int aa_fido_sk_load(struct aa_fido_softkey *k);
int aa_fido_sk_save(struct aa_fido_softkey *k);
uint32_t aa_fido_sk_next_counter(struct aa_fido_softkey *k);

/* softkey_hid.c: the registry that maps a path to a key. */
int aa_fido_sk_register(struct aa_fido_softkey *k);
void aa_fido_sk_unregister(struct aa_fido_softkey *k);

#define AA_FIDO_SK_FL_UP 0x01
#define AA_FIDO_SK_FL_UV 0x04
#define AA_FIDO_SK_FL_AT 0x40

/* softkey_ctap.c helpers: status byte + CBOR of m (released); a bare
 * status; a bounded byte string; option name of an options map (1, 0,
 * dflt when absent, -1 malformed); one of our credentials in a list of
 * {id, type} for rp_hash; big-endian u32. */
int aa_fido_sk_reply(cbor_item_t *m, unsigned char **resp, size_t *rlen);
/* A reply written directly: open gives w a buffer of cap bytes after the
 * SK_OK status byte (or w->err); close hands it over as *resp, or frees it
 * and returns w's first error. */
void aa_fido_sk_reply_open(struct aa_fido_cbw *w, size_t cap);
int aa_fido_sk_reply_close(struct aa_fido_cbw *w, unsigned char **resp,
    size_t *rlen);
int aa_fido_sk_status(uint8_t st, unsigned char **resp, size_t *rlen);
int aa_fido_sk_bytes(const cbor_item_t *it, const unsigned char **p,
    size_t *n, size_t max);
int aa_fido_sk_opt(const cbor_item_t *opts, const char *name, int dflt);
struct aa_fido_skcred *aa_fido_sk_find_list(struct aa_fido_softkey *k,
    const cbor_item_t *list, const unsigned char rp_hash[32]);
void aa_fido_sk_put32(unsigned char *p, uint32_t v);
/* softkey_mc.c / softkey_ga.c: the two commands (request map decoded). */
int aa_fido_sk_make_cred(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen);
int aa_fido_sk_get_assert(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen);

/* softkey_pin.c: new key agreement key and token (power-up); the
 * clientPIN command; the pinUvAuthParam gate of makeCredential (make_cred
 * 1) and getAssertion: SK_OK with *uv set when the param is valid. */
int aa_fido_sk_pin_boot(struct aa_fido_softkey *k);
int aa_fido_sk_pin_boot_keep_fails(struct aa_fido_softkey *k);
int aa_fido_sk_client_pin(struct aa_fido_softkey *k, const cbor_item_t *req,
    unsigned char **resp, size_t *rlen);
uint8_t aa_fido_sk_pin_gate(struct aa_fido_softkey *k,
    const cbor_item_t *param, const cbor_item_t *proto,
    const unsigned char cdh[32], int make_cred, int *uv);

/* softkey_ctap.c: one CTAP2 request (cmd byte first) -> reply (status
 * byte first) in a new buffer. */
int aa_fido_sk_ctap2(struct aa_fido_softkey *k, const unsigned char *req,
    size_t len, unsigned char **resp, size_t *resplen);
/* softkey_u2f.c: one U2F APDU -> reply ending in SW1 SW2. */
int aa_fido_sk_u2f(struct aa_fido_softkey *k, const unsigned char *apdu,
    size_t len, unsigned char **resp, size_t *resplen);

#endif
