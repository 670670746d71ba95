/*
 * The WebAuthn client side of the FIDO module: parse the options a relying
 * party sends (creation / request options, bounded), run the ceremony on a
 * key through libfido2 with a clientDataJSON we build ourselves, and
 * assemble the PublicKeyCredential JSON (base64url members) the RP gets.
 *
 * struct aa_fido_forge lists what the client may change on purpose: every
 * forgery a real key still signs (the "K" checks). Forgeries inside the
 * authenticator data are the software key's job (fido/softkey.h).
 */
#ifndef AA_FIDO_WEBAUTHN_H
#define AA_FIDO_WEBAUTHN_H

#include <stddef.h>

#include <fido.h>
#include <jansson.h>

#define AA_FIDO_MAX_CHALLENGE 1024
#define AA_FIDO_TIMEOUT_MAX 86400000L /* a day: longer timeouts are clamped */
#define AA_FIDO_MAX_CRED_ID 1023   /* WebAuthn L3 */
#define AA_FIDO_MAX_USER_ID 64
#define AA_FIDO_MAX_LIST 16        /* allow / exclude entries kept */
#define AA_FIDO_MAX_ALGS 16
#define AA_FIDO_MAX_OPTIONS_JSON (256 * 1024)

struct aa_fido_credid {
	unsigned char id[AA_FIDO_MAX_CRED_ID];
	size_t len;
};

struct aa_fido_options {
	int is_create;              /* creation (1) or request (0) options */
	char rp_id[256];            /* "" when the RP left it out */
	char rp_name[128];
	unsigned char user_id[AA_FIDO_MAX_USER_ID];
	size_t user_id_len;
	char user_name[128];
	char user_display[128];
	unsigned char challenge[AA_FIDO_MAX_CHALLENGE];
	size_t challenge_len;
	char challenge_b64[AA_FIDO_MAX_CHALLENGE * 4 / 3 + 4]; /* as sent */
	int algs[AA_FIDO_MAX_ALGS];
	size_t nalgs;
	struct aa_fido_credid list[AA_FIDO_MAX_LIST]; /* allow / exclude */
	size_t nlist;
	size_t nlist_total;         /* entries the RP sent (may exceed kept) */
	char attestation[16];       /* none indirect direct enterprise */
	char user_verification[16]; /* required preferred discouraged */
	long timeout;               /* ms; 0 when absent, at most
	                               AA_FIDO_TIMEOUT_MAX */
};

/*
 * Parse options JSON: the object itself, or one wrapping it in
 * "publicKey" (navigator.credentials shape). Sizes and types are checked;
 * AA_ERR_PARSE with why filled on anything malformed.
 */
int aa_fido_options_parse(const json_t *j, int is_create,
    struct aa_fido_options *o, char *why, size_t whylen);
/* Same from text (bounded by AA_FIDO_MAX_OPTIONS_JSON). */
int aa_fido_options_parse_text(const char *text, size_t len, int is_create,
    struct aa_fido_options *o, char *why, size_t whylen);

struct aa_fido_forge {
	const char *type;        /* clientData type (NULL: the right one) */
	const char *challenge;   /* challenge text (NULL: the RP's) */
	int drop_challenge;      /* no challenge member at all */
	const char *origin;      /* origin (NULL: the profile's) */
	int cross_origin;        /* crossOrigin: true */
	const char *rp_id;       /* RP ID handed to the key (NULL: the RP's) */
	int up_false;            /* request up=false (silent assertion) */
	int flip_sig;            /* corrupt one bit of the signature */
	int sig_other_hash;      /* key signs another clientDataHash */
	const struct aa_fido_credid *allow; /* key uses this credential */
	const struct aa_fido_credid *claim_id; /* id/rawId sent instead */
	int no_exclude;          /* do not hand the exclude list to the key */
	int alg;                 /* COSE alg to create (0: first offered) */
	int alg_unoffered;       /* create with an algorithm NOT offered */
	int stale_challenge;     /* answer with an earlier ceremony's challenge
	                            (fido/rp.c asks for options twice) */
	int rk;                  /* make a discoverable credential (passkey) */
	const unsigned char *user_handle; /* userHandle sent instead of the
	                                     key's (another account's) */
	size_t user_handle_len;
};

/* What a registration produced, for later ceremonies and checks. */
struct aa_fido_reg {
	struct aa_fido_credid cred;
	int alg;
	char fmt[16];
	unsigned char authdata[2048];
	size_t authdata_len;
	unsigned char user_id[AA_FIDO_MAX_USER_ID]; /* the account's handle */
	size_t user_id_len;
};

/*
 * Registration: clientDataJSON {type, challenge, origin, crossOrigin},
 * fido_dev_make_cred with its hash, then the PublicKeyCredential JSON.
 * `pin` may be NULL. AA_ERR_DEVICE (ferr set) when the key refused
 * or failed, AA_ERR_UNSUPPORTED when no offered algorithm fits.
 */
int aa_fido_client_register(fido_dev_t *dev, const struct aa_fido_options *o,
    const char *origin, const struct aa_fido_forge *f, const char *pin,
    json_t **credential, struct aa_fido_reg *reg, int *ferr);
/* Authentication, same conventions. */
int aa_fido_client_login(fido_dev_t *dev, const struct aa_fido_options *o,
    const char *origin, const struct aa_fido_forge *f, const char *pin,
    json_t **credential, int *ferr);

/*
 * A registration response built without the key (fmt "none", nothing
 * signed): clientDataJSON for o, and the given authenticator data and
 * credential id (FIDO-CRED-SUBSTITUTION replays another account's).
 */
int aa_fido_client_register_raw(const struct aa_fido_options *o,
    const char *origin, const unsigned char *authdata, size_t adlen,
    const struct aa_fido_credid *id, json_t **credential);

/* clientDataJSON text for these options (exported for tests). */
char *aa_fido_client_data(const char *type, const struct aa_fido_options *o,
    const char *origin, const struct aa_fido_forge *f);

#endif
