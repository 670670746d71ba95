/*
 * Internals of the FIDO audit module (fido/audit.c, fido/rp.c,
 * fido/check_*.c): the run context, the ceremonies against the service,
 * and the probes the checks are built from.
 */
#ifndef AA_FIDO_AUDIT_INT_H
#define AA_FIDO_AUDIT_INT_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/core/secret.h"
#include "fido/device.h"
#include "fido/webauthn.h"

#define AA_FIDO_ACCOUNTS 2
#define AA_FIDO_MADE 16        /* credentials remembered for clean-up */

struct aa_fido_ctx {
	struct aa_audit *a;
	struct aa_fido_device *key;    /* NULL: no key (key_reason says why) */
	char key_reason[160];
	int soft;                      /* the software key: S checks run */
	const char *origin;
	int custom;                    /* profile steps, not the conformance API */
	int passkey;                   /* sign-in of its own, usernameless */
	size_t nacc;
	struct aa_fido_reg reg[AA_FIDO_ACCOUNTS];
	int has_reg[AA_FIDO_ACCOUNTS];
	int sess_full[AA_FIDO_ACCOUNTS]; /* session may register (no reset) */
	char baseline_err[200];        /* why the normal ceremony failed */
	unsigned touches, touches_total;
	aa_secret_t *pin;              /* the key's PIN (env / file / prompt) */
	int pin_refused;               /* the key said no: never try it again */
	int no_uv;                     /* FIDO-UV's probe: no verification */
	int completing;                /* aa_fido_sign_in: signing in, not
	                                  probing: no negative control */
	unsigned touch_timeout;        /* touches that never came (key.c) */
	int last_touch_timeout;        /* the last key failure was one */
	double key_t0;                 /* when the last key operation began */
	int key_busy;                  /* begun, not yet counted as device time */
	char blocked[200];             /* aa_fido_key_blocked()'s answer */
	int described;                 /* the profile describes WebAuthn */
	int offer_done, offer_ok;      /* the options probe ran / worked */
	char offer_why[200];           /* why nothing else can run */
	/* credentials the service took from this run, removed at the end */
	struct aa_fido_credid made[AA_FIDO_ACCOUNTS][AA_FIDO_MADE];
	size_t nmade[AA_FIDO_ACCOUNTS];
	const char **hdrs;             /* extra header lines on the WebAuthn
	                                  steps of the probe running now */
};

/* One request/response of a probe. */
struct aa_fido_probe {
	long status;
	int accepted;          /* the step's ok rule held */
	json_t *evidence;      /* redacted exchange (owned) */
	char why[200];         /* when the probe could not run */
	char uv[16];           /* userVerification of the options answered */
	char att[16];          /* attestation conveyance they asked for */
	enum aa_refusal refusal; /* how a refused result step was refused */
	int effect;            /* login: 0 not judged (no protected step),
	                          1 `protected` stayed closed, 2 it opened */
	char challenge[AA_FIDO_MAX_CHALLENGE * 4 / 3 + 4]; /* the options' */
};

void aa_fido_probe_release(struct aa_fido_probe *p);

/* ---- rp.c: ceremonies against the service ---- */

/* Options step. username NULL = the account's; uv / attestation may be NULL.
 * AA_OK when a response came (p->accepted says whether it was ok); then
 * o is parsed when accepted (AA_ERR_PARSE with p->why if malformed). */
int aa_fido_rp_options(struct aa_fido_ctx *c, struct aa_session *s,
    int create, const char *username, const char *uv, const char *attestation,
    struct aa_fido_options *o, struct aa_fido_probe *p);
/* Result step with a PublicKeyCredential. */
int aa_fido_rp_result(struct aa_fido_ctx *c, struct aa_session *s, int create,
    const json_t *credential, struct aa_fido_probe *p);
/*
 * The ground truth of a login step: whether `protected` opens in s for
 * its account. Sets p->effect and p->accepted (the result step's ok rule
 * stays a hint: without a protected step it decides alone).
 */
int aa_fido_rp_effect(struct aa_fido_ctx *c, struct aa_session *s,
    struct aa_fido_probe *p);
/* The negative control of a login probe: `protected` stays closed in s
 * before the assertion goes out. AA_ERR_STEP and p->why when it opens. */
int aa_fido_rp_closed(struct aa_fido_ctx *c, struct aa_session *s,
    struct aa_fido_probe *p);
/* Why a correct assertion p did not sign in (status, protected, 429). */
void aa_fido_refused_why(const struct aa_fido_probe *p, char *why,
    size_t whylen);

/* ---- key.c: using the key ---- */

/* A key operation that needs no touch begins (for telling a touch
 * timeout from an unplugged key). */
void aa_fido_key_start(struct aa_fido_ctx *c);
/* A key operation begun with aa_fido_key_start() or aa_fido_touch() ended:
 * its time counts as the authenticator's (aa_audit.device_ms). */
void aa_fido_key_done(struct aa_fido_ctx *c);
/* A key operation that needs a touch begins: announced through the
 * audit's progress hook (real keys). */
void aa_fido_touch(struct aa_fido_ctx *c, const char *what);
/* Record a libfido2 error of the operation just begun: a refused PIN is
 * never sent again; after a touch timeout no touch is asked again. */
void aa_fido_key_failed(struct aa_fido_ctx *c, int ferr);
/* The not_tested reason for that error ("no touch within 30 s: ..."). */
void aa_fido_key_why(struct aa_fido_ctx *c, int ferr, char *buf, size_t len);
/*
 * The options require user verification: make sure the key can give it
 * (a real key needs its PIN; the software key sets up a PIN of its own,
 * aa_fido_softkey_own_pin). Not while c->no_uv (FIDO-UV's own probe).
 */
int aa_fido_key_uv(struct aa_fido_ctx *c, char *why, size_t whylen);
/* Why the key must not be asked for a touch any more; NULL when it may. */
const char *aa_fido_key_blocked(struct aa_fido_ctx *c);
/* Account acct logged in as far as the auditor can take it (FULL if it
 * has a way to pass the second factor, else ENROLL / PENDING). */
int aa_fido_session(struct aa_fido_ctx *c, size_t acct, int full,
    struct aa_session **out);
/* Make sure acct has a key registered by us (baseline registration). */
int aa_fido_ensure_reg(struct aa_fido_ctx *c, size_t acct);
/* Register a key of ours for acct in s (NULL: a full session of the
 * module's own) and make it the one acct signs in with; why on error. */
int aa_fido_enroll(struct aa_fido_ctx *c, struct aa_session *s, size_t acct,
    char *why, size_t whylen);

/*
 * A login ceremony for acct with forgeries f (NULL = none): password
 * login, options (uv), assertion, result. AA_OK when the result step got
 * an answer; p->accepted tells whether the service took it. cred_out
 * (optional) receives the credential JSON that was sent.
 */
int aa_fido_login_probe(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_forge *f, const char *uv, const char *label,
    struct aa_fido_probe *p, json_t **cred_out);
/*
 * The same in session s as it is (no new password step): with `reuse`
 * non-NULL no options are asked for and the key signs for those (an
 * earlier ceremony's challenge); with `replay` non-NULL the key is not
 * used and that credential JSON is sent as it is. o_out (optional) gets
 * the options signed for.
 */
int aa_fido_login_in(struct aa_fido_ctx *c, struct aa_session *s,
    size_t acct, const struct aa_fido_forge *f, const char *uv,
    const char *label, const struct aa_fido_options *reuse,
    const json_t *replay, struct aa_fido_probe *p, json_t **cred_out,
    struct aa_fido_options *o_out);
/*
 * The positive control of the login probes: a correct ceremony of account
 * A in a new login opens `protected`. AA_OK, else an error and why.
 */
int aa_fido_control(struct aa_fido_ctx *c, char *why, size_t whylen);
/*
 * A correct ceremony completing the login in s (no negative control: the
 * caller is signing in, not probing). *signed_in = `protected` opened;
 * why says what went wrong otherwise.
 */
int aa_fido_sign_in(struct aa_fido_ctx *c, struct aa_session *s,
    size_t acct, const char *label, int *signed_in, char *why,
    size_t whylen);
/* A registration ceremony for acct in a full session. */
int aa_fido_register_probe(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_forge *f, const char *attestation, const char *label,
    struct aa_fido_probe *p, struct aa_fido_reg *reg);

/* The service took credential id for acct: remove it at the end. */
void aa_fido_made(struct aa_fido_ctx *c, size_t acct,
    const struct aa_fido_credid *id);
/* Remove every credential aa_fido_made() recorded (module finish). */
void aa_fido_cleanup(struct aa_fido_ctx *c);
/* Remove acct's in the full session s; AA_OK when all are gone. */
int aa_fido_cleanup_acct(struct aa_fido_ctx *c, size_t acct,
    struct aa_session *s, char *why, size_t whylen);

/* Open the key --device names (audit.c); c->key_reason says why not. */
void aa_fido_open_key(struct aa_fido_ctx *c);

/* ---- factor.c: WebAuthn as a factor of the baseline ---- */
extern const struct aa_factor_impl aa_fido_factor;

/* ---- audit.c: reporting ---- */

/* Touches a full battery needs with a real key; *k_checks = the checks
 * that need the key at all (the rest read options or need the soft key). */
unsigned aa_fido_touches_battery(unsigned *k_checks);

/*
 * Report a check from its probes: fail when any probe in `probes`
 * (array of {probe, accepted, status}) was accepted. step = the WebAuthn
 * verification step the service skipped; note is added to the evidence.
 */
void aa_fido_report(struct aa_fido_ctx *c, enum aa_check_id id, json_t *probes,
    const char *step, json_t *exchange, const char *note);
/* Append {probe, accepted, status} to probes. */
void aa_fido_probe_note(json_t *probes, const char *name,
    const struct aa_fido_probe *p);
void aa_fido_not_tested(struct aa_fido_ctx *c, enum aa_check_id id,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A check's set of probes: fail if any was accepted, not_tested if one
 * could not run and none was accepted. */
struct aa_fido_pset {
	json_t *probes;
	json_t *exchange;      /* evidence of the first accepted probe */
	int failed;            /* probes that could not run */
	int logins;            /* login probes among them (they need the
	                          positive control when none was accepted) */
	char why[200];
};

void aa_fido_pset_init(struct aa_fido_pset *ps);
/* Record probe p (r = how running it went); releases p. */
void aa_fido_pset_add(struct aa_fido_pset *ps, const char *name, int r,
    struct aa_fido_probe *p);
/* Log account A in with forgery f (may be NULL) and record it as name. */
void aa_fido_pset_login(struct aa_fido_ctx *c, struct aa_fido_pset *ps,
    const char *name, const struct aa_fido_forge *f);
/* Register a key for account A with forgery f; record it as name. */
void aa_fido_pset_register(struct aa_fido_ctx *c, struct aa_fido_pset *ps,
    const char *name, const struct aa_fido_forge *f);
/* Report check id from the set and release it. */
void aa_fido_pset_finish(struct aa_fido_ctx *c, enum aa_check_id id,
    struct aa_fido_pset *ps, const char *step, const char *note);

/* ---- check_*.c ---- */
/* NOT-OFFERED, CHALLENGE-WEAK, USER-HANDLE-PII; 0 when nothing else can run */
/* The registration options probe (FIDO-NOT-OFFERED, -CHALLENGE-WEAK,
 * -USER-HANDLE-PII); 0 and c->offer_why when nothing else can run. */
int aa_fido_check_offer(struct aa_fido_ctx *c);
/* One function per check, on the module's context. */
void aa_fido_register_unauth(struct aa_fido_ctx *c);
void aa_fido_enumeration(struct aa_fido_ctx *c);
void aa_fido_origin(struct aa_fido_ctx *c);
void aa_fido_cross_origin(struct aa_fido_ctx *c);
void aa_fido_type(struct aa_fido_ctx *c);
void aa_fido_challenge(struct aa_fido_ctx *c);
void aa_fido_replay(struct aa_fido_ctx *c);
void aa_fido_signature(struct aa_fido_ctx *c);
void aa_fido_up(struct aa_fido_ctx *c);
void aa_fido_uv(struct aa_fido_ctx *c);
void aa_fido_rpid(struct aa_fido_ctx *c);
void aa_fido_counter(struct aa_fido_ctx *c);
void aa_fido_attestation(struct aa_fido_ctx *c);
void aa_fido_alg(struct aa_fido_ctx *c);
void aa_fido_substitution(struct aa_fido_ctx *c);
void aa_fido_unknown(struct aa_fido_ctx *c);
void aa_fido_not_bound(struct aa_fido_ctx *c);

/* The module (audit.c): its descriptor, context and check functions. */
extern const struct aa_module aa_fido_module;
struct aa_fido_ctx *aa_fido_ctx(struct aa_audit *a);
aa_check_fn aa_fido_check_not_offered;
aa_check_fn aa_fido_check_challenge_weak;
aa_check_fn aa_fido_check_user_handle;
aa_check_fn aa_fido_check_register_unauth;
aa_check_fn aa_fido_check_enumeration;
aa_check_fn aa_fido_check_origin;
aa_check_fn aa_fido_check_cross_origin;
aa_check_fn aa_fido_check_type;
aa_check_fn aa_fido_check_challenge;
aa_check_fn aa_fido_check_replay;
aa_check_fn aa_fido_check_signature;
aa_check_fn aa_fido_check_up;
aa_check_fn aa_fido_check_uv;
aa_check_fn aa_fido_check_rpid;
aa_check_fn aa_fido_check_counter;
aa_check_fn aa_fido_check_attestation;
aa_check_fn aa_fido_check_alg;
aa_check_fn aa_fido_check_cred_substitution;
aa_check_fn aa_fido_check_cred_unknown;
aa_check_fn aa_fido_check_cred_not_bound;

#endif
