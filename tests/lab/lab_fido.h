/* The lab's WebAuthn relying party: parsing and verification helpers
 * (lab_fido_verify.c) used by the endpoints (lab_fido.c). */
#ifndef AA_LAB_FIDO_H
#define AA_LAB_FIDO_H

#include <stddef.h>
#include <stdint.h>

#include <cbor.h>
#include <openssl/evp.h>
#include <time.h>

#include "tests/lab/lab.h"

#define LAB_FIDO_MAX_ID 1023
#define LAB_FIDO_MAX_CREDS 128
#define LAB_FIDO_CHAL_LEN 32

/* A registered credential; counter as last seen. */
struct lab_fido_cred {
	int used;
	unsigned char id[LAB_FIDO_MAX_ID];
	size_t idlen;
	size_t user;
	EVP_PKEY *pk;
	int alg;
	uint32_t counter;
};

/* One ceremony: its challenge, user and policy (server side). */
struct lab_fido_cer {
	int used;
	char token[48];
	int create;
	unsigned char chal[LAB_FIDO_CHAL_LEN];
	size_t chal_len;
	size_t user;
	int uv_req;
	int att_direct;
	time_t at;
};

/* Registered credentials and each user's random user handle. */
extern struct lab_fido_cred lab_fido_creds[LAB_FIDO_MAX_CREDS];
extern unsigned char lab_fido_handles[LAB_MAX_USERS][16];

/* lab_fido.c: replies in the shape's style, the expected origin / RP ID,
 * the origin rule, and the ceremony of the request's cookie (or NULL). */
int lab_fido_fail(struct lab *lab, struct lab_resp *rs, enum lab_err e,
    const char *msg);
int lab_fido_ok(struct lab *lab, struct lab_resp *rs, json_t *extra);
void lab_fido_expected(const struct lab_req *rq, char *origin, size_t olen,
    char *rpid, size_t rlen);
struct lab_fido_cd;
int lab_fido_origin_ok(struct lab *lab, const struct lab_req *rq,
    const struct lab_fido_cd *cd);
struct lab_fido_cer *lab_fido_cer_find(struct lab *lab,
    const struct lab_req *rq);
/* lab_fido_result.c */
int lab_fido_reg_result(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);
int lab_fido_login_result(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);

struct lab_fido_cd {
	char type[64];
	char challenge[512];
	int has_challenge;
	char origin[512];
	int cross_origin;
};

struct lab_fido_ad {
	unsigned char rp_hash[32];
	uint8_t flags;
	uint32_t counter;
	unsigned char cred_id[LAB_FIDO_MAX_ID];
	size_t cred_id_len;
	EVP_PKEY *pk;          /* attested credential key (owned) */
	int alg;
	unsigned char point[65]; /* ES256 public point (fido-u2f) */
	size_t extra;          /* bytes left after the parsed parts */
};

#define LAB_FL_UP 0x01
#define LAB_FL_UV 0x04
#define LAB_FL_AT 0x40
#define LAB_FL_ED 0x80

/* clientDataJSON -> members; -1 when it is no JSON object or too big. */
int lab_fido_cd_parse(const unsigned char *p, size_t len,
    struct lab_fido_cd *cd);
/* authenticator data; attested credential data parsed when AT is set. */
int lab_fido_ad_parse(const unsigned char *p, size_t len,
    struct lab_fido_ad *ad);
void lab_fido_ad_release(struct lab_fido_ad *ad);
/* 1 if sig is a valid signature of msg by pk under COSE alg. */
int lab_fido_sig_ok(EVP_PKEY *pk, int alg, const unsigned char *msg,
    size_t len, const unsigned char *sig, size_t siglen);
/*
 * attestationObject: fmt, authData and attStmt (borrowed from *root,
 * which the caller releases with cbor_decref). -1 when malformed.
 */
int lab_fido_ao_parse(const unsigned char *p, size_t len, cbor_item_t **root,
    char *fmt, size_t fmtlen, const unsigned char **ad, size_t *adlen,
    cbor_item_t **att_stmt);
/*
 * Verify the attestation statement. Returns 1 when its signature holds
 * (*has_x5c tells whether a certificate chain came with it), 0 when not,
 * -1 for an unknown format or malformed statement.
 */
int lab_fido_att_verify(const char *fmt, const cbor_item_t *st,
    const unsigned char *ad, size_t adlen, const unsigned char cdh[32],
    const struct lab_fido_ad *pad, int *has_x5c);

#endif
