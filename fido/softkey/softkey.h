/*
 * The software security key: a CTAP2.1 + CTAP1/U2F authenticator that
 * libfido2 drives through its own protocol code. It is plugged in with
 * fido_dev_set_io_functions(): libfido2 writes and reads 64-byte CTAPHID
 * reports and the key answers them in-process, so audits and tests run
 * the same client code as with a USB key, without hardware.
 *
 * Unlike a real key it can be told to forge what real keys refuse
 * (struct aa_fido_softkey_ctl): a counter that does not move, another
 * RP ID hash at login, flags, a credential algorithm that was not offered,
 * a bad attestation signature. Credentials live in memory, or in a 0600
 * state file when a path is given (written atomically; keys are secrets).
 */
#ifndef AA_FIDO_SOFTKEY_H
#define AA_FIDO_SOFTKEY_H

#include <stddef.h>
#include <stdint.h>

#include <fido.h>

#include "auth-audit/core/secret.h"

#define AA_FIDO_ALG_ES256 (-7)
#define AA_FIDO_ALG_EDDSA (-8)
#define AA_FIDO_ALG_RS256 (-257)

/* Upper bounds on what the key accepts and stores. */
#define AA_FIDO_SK_MAX_CREDS 512
#define AA_FIDO_SK_MAX_MSG 7609          /* CTAPHID: 57 + 128 * 59 */
#define AA_FIDO_SK_STATE_MAX (4 * 1024 * 1024)

/* How long the key waits for a touch under ctl.no_touch (real keys wait
 * about 30 s; kept short so tests stay fast), and the KEEPALIVE period. */
#define AA_FIDO_SK_TOUCH_WAIT_MS 250
#define AA_FIDO_SK_KEEPALIVE_MS 50

enum aa_fido_att {
	AA_FIDO_ATT_NONE,   /* fmt "none" */
	AA_FIDO_ATT_SELF,   /* fmt "packed", signed by the credential key */
	AA_FIDO_ATT_CA,     /* fmt "packed", x5c from the key's own test CA */
	AA_FIDO_ATT_U2F,    /* fmt "fido-u2f" (ES256 only) */
};

struct aa_fido_softkey_ctl {
	enum aa_fido_att att;
	int alg;               /* 0: first offered algorithm the key has;
	                          else always this one, offered or not */
	int counter_fixed;     /* assertions carry counter_value, unchanged */
	uint32_t counter_value;
	unsigned char flags_and; /* assertion flags &= flags_and (0xff keeps) */
	unsigned char flags_or;  /* then |= flags_or */
	char login_rpid[256];  /* non-empty: assertions carry SHA-256 of this */
	int corrupt_att_sig;   /* flip a bit of the attestation signature */
	int u2f_only;          /* no CBOR capability: libfido2 speaks CTAP1 */
	int unplugged;         /* every report read / write fails, as when
	                          the key is pulled out mid-ceremony */
	int no_touch;          /* nobody touches the key: makeCredential and
	                          getAssertion (up) answer KEEPALIVE(UPNEEDED)
	                          for AA_FIDO_SK_TOUCH_WAIT_MS, then
	                          USER_ACTION_TIMEOUT; U2F register /
	                          authenticate answer CONDITIONS_NOT_SATISFIED */
};

struct aa_fido_softkey;

/* Defaults: fmt none, ES256, counting, flags untouched, CTAP2. */
void aa_fido_softkey_ctl_default(struct aa_fido_softkey_ctl *c);

/*
 * New key. statefile NULL keeps everything in memory; otherwise the file
 * is loaded when it exists and rewritten (0600, atomically) after every
 * change. AA_ERR_PARSE for a corrupt file, AA_ERR_DENIED when the file is
 * readable by others.
 */
int aa_fido_softkey_new(const char *statefile, struct aa_fido_softkey **out);
void aa_fido_softkey_free(struct aa_fido_softkey **kp);

/* Forget every credential, the counter and any half-received CTAPHID
 * message (the AAGUID and test CA stay), like authenticatorReset. */
int aa_fido_softkey_reset(struct aa_fido_softkey *k);

void aa_fido_softkey_set_ctl(struct aa_fido_softkey *k,
    const struct aa_fido_softkey_ctl *c);
void aa_fido_softkey_get_ctl(const struct aa_fido_softkey *k,
    struct aa_fido_softkey_ctl *c);

/* A libfido2 device wired to this key and opened (fido_dev_open done). */
int aa_fido_softkey_open(struct aa_fido_softkey *k, fido_dev_t **out);
/* The path that names this key to fido_dev_open() on a device whose io
 * functions are aa_fido_softkey_io(). */
const char *aa_fido_softkey_path(const struct aa_fido_softkey *k);
const fido_dev_io_t *aa_fido_softkey_io(void);

/*
 * The PIN the auditor gives this key when a service requires user
 * verification and no PIN was given: derived from the key's own secret
 * state, so the same key (state file) always has the same one. *out is
 * new; AA_OK or an error.
 */
int aa_fido_softkey_own_pin(const struct aa_fido_softkey *k,
    aa_secret_t **out);

/* The signature counter last used (the key's global counter). */
uint32_t aa_fido_softkey_counter(const struct aa_fido_softkey *k);
/* Stored credentials, and the key's AAGUID (16 bytes). */
size_t aa_fido_softkey_ncreds(const struct aa_fido_softkey *k);
const unsigned char *aa_fido_softkey_aaguid(const struct aa_fido_softkey *k);
/* DER of the test CA certificate (borrowed; for RPs that pin it). */
int aa_fido_softkey_ca_der(struct aa_fido_softkey *k, const unsigned char **der,
    size_t *len);

/*
 * The CTAPHID wire, for the fuzz harness and for drivers other than
 * libfido2: feed one 64-byte report (no report ID), then pull the reply
 * reports. hid_read returns 64, or 0 when nothing is queued.
 */
int aa_fido_softkey_hid_write(struct aa_fido_softkey *k,
    const unsigned char *report, size_t len);
int aa_fido_softkey_hid_read(struct aa_fido_softkey *k, unsigned char *report,
    size_t len);

#endif
