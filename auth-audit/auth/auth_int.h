/*
 * Internal interface of the "auth" module (AUTH-* checks, login and
 * session). Every check runs live through the flow engine, using only the
 * profile's steps, `ok` rules and extracted variables, so it works on any
 * API shape the profile describes. The audit core provides the accounts:
 * the baseline proved a factor opens `protected` and the password alone
 * does not, and hands out pending and full sessions.
 *
 * A check builds its result in a struct aa_auth_ck: the evidence object
 * and the trail of redacted step evidence. Every verdict rests on a
 * control made in the same conditions: a probe that was refused counts
 * as a pass only when the same login completed with a valid factor.
 */
#ifndef AA_AUTH_INT_H
#define AA_AUTH_INT_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/catalog/check.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/core/secret.h"

/* Wrong codes in a row before a valid login is interleaved (lockout). */
#define AA_AUTH_SPACING 2
/* Wrong recovery codes of the AUTH-RECOVERY-WEAK rate-limit probe. */
#define AA_AUTH_RECOVERY_GUESSES 20
/* Recovery codes kept per account (a batch is rarely larger). */
#define AA_AUTH_MAX_CODES 64
/* Fetch a new batch in a full session when fewer codes are left. */
#define AA_AUTH_CODES_LOW 3

extern const struct aa_module aa_auth_module;

struct aa_auth_ck {
	struct aa_audit *a;
	enum aa_check_id id;
	json_t *ev;          /* evidence object, owned until reported */
	json_t *trail;       /* ev["requests"] (borrowed) */
	char why[300];       /* reason of an error / not_tested */
	long status;         /* HTTP status of the last step run */
	json_t *set_cookies; /* when non-NULL, raw Set-Cookie values of every
	                      * step run are appended (never reported) */
	int reported;
	int no_backoff;      /* the check measures 429s: never wait them out */
};

/* Module state (aa_audit_state). */
struct aa_auth_acct {
	char *codes[AA_AUTH_MAX_CODES]; /* unused recovery codes (wiped on free) */
	size_t ncodes;
	int refilling;                  /* recursion guard of the refill */
	int seeded;                     /* profile's codes taken into the cache */
	int from_profile;               /* the profile gave codes */
	unsigned fails;                 /* wrong codes since the last valid login */
};

struct aa_auth_state {
	struct aa_auth_acct acct[AA_MAX_ACCOUNTS];
	/* Shape of the last recovery-code batch (AUTH-RECOVERY-WEAK). */
	int batch_seen;
	size_t batch_count;
	size_t batch_minlen;     /* characters after stripping separators */
	unsigned batch_alphabet; /* size of the smallest alphabet holding them */
	char batch_class[32];    /* "digits" "hex" "base32" ... */
	char batch_sample[64];   /* a code with every character replaced */
};

struct aa_auth_state *aa_auth_state(struct aa_audit *a);
void aa_auth_state_free(void *st);

/* ---- check context (ck.c) ---- */
int aa_auth_ck_init(struct aa_auth_ck *c, struct aa_audit *a,
    enum aa_check_id id);
/* End a check: when nothing was reported yet, report rc (see below). */
void aa_auth_ck_done(struct aa_auth_ck *c, int rc);
/* Record the result; the evidence object is handed to the report. */
void aa_auth_ck_report(struct aa_auth_ck *c, enum aa_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Record a check that could not finish because of rc: AA_ERR_STEP ->
 * not_tested with c->why, anything else -> error with c->why. */
void aa_auth_ck_report_rc(struct aa_auth_ck *c, int rc);
/* Set c->why (printf) and return rc. */
int aa_auth_ck_why(struct aa_auth_ck *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Add a member to the evidence (steals v). */
void aa_auth_ck_set(struct aa_auth_ck *c, const char *key, json_t *v);

/* ---- steps and logins (login.c) ---- */
/* Run a step; its evidence joins the trail. When `out` is non-NULL the
 * result is handed over (caller releases it). */
int aa_auth_step(struct aa_auth_ck *c, struct aa_session *s, const char *step,
    const json_t *vars, const char *const *headers,
    struct aa_step_result *out, int *accepted);
/* A new session of acct after the password step, in which the baseline
 * proved a second step is demanded (caller frees). */
int aa_auth_pending(struct aa_auth_ck *c, size_t acct, struct aa_session **s);
/* A new, fully logged-in session of acct (caller frees). */
int aa_auth_full(struct aa_auth_ck *c, size_t acct, struct aa_session **s);
/* Complete the pending login in s (any factor the auditor can pass, or
 * those of mask) and report whether `protected` opened: *granted. The
 * factor used goes to *used (may be NULL). */
int aa_auth_second(struct aa_auth_ck *c, struct aa_session *s, unsigned mask,
    enum aa_factor *used, int *granted);
/* The protected step (with extra headers): *granted = it opened. */
int aa_auth_protected(struct aa_auth_ck *c, struct aa_session *s,
    const char *const *headers, int *granted);
/* Before a wrong code for account acct sent to step (a verify step, or
 * NULL for a wrong password): after AA_AUTH_SPACING wrong codes in a row,
 * one valid login resets the target's failure counter, so a hardened
 * target's lockout never ends the audit. The login passes the factor of
 * that step when it can: counters are often per factor (django-otp keeps
 * one per device). Counts the wrong code. */
int aa_auth_wrong_guard(struct aa_auth_ck *c, size_t acct, const char *step);
/* The factor (1u << f) whose verify step is step, if acct can pass it
 * now; 0 otherwise. */
unsigned aa_auth_step_mask(const struct aa_audit *a, size_t acct,
    const char *step);
/* A valid login happened: the failure count of acct starts again. */
void aa_auth_fails_reset(struct aa_audit *a, size_t acct);
/* {"code": code} with the code registered for redaction (new ref). */
json_t *aa_auth_code_vars(struct aa_audit *a, const char *code);
/* A JSON value anywhere in v equal to string s (or number spelled s). */
int aa_auth_json_has(const json_t *v, const char *s);
/* The verify step of the main code factor of acct (TOTP, SMS, e-mail,
 * then recovery codes), NULL if it has none. */
const char *aa_auth_main_step(const struct aa_audit *a, size_t acct);
/* The verify step of factor f ("totp_verify" ...), NULL if none. */
const char *aa_auth_verify_step(const struct aa_audit *a, enum aa_factor f);

/* ---- recovery codes (recovery.c) ---- */
extern const struct aa_factor_impl aa_auth_recovery_factor;
/* Fetch a new batch with the recovery_codes step in s (fully logged in),
 * replacing the cache of s's account. *got = number of codes. */
int aa_auth_codes_refill_in(struct aa_audit *a, struct aa_session *s,
    size_t *got);
/* Forget the cached codes of one account (they were invalidated). */
void aa_auth_codes_forget(struct aa_audit *a, size_t acct);
/* Take one cached code (refilling in a full session when needed). */
int aa_auth_codes_take(struct aa_audit *a, size_t acct, aa_secret_t **out);

/* Note the shape of a new batch (recovery_weak.c). */
void aa_auth_batch_note(struct aa_auth_state *st, const json_t *codes);

/* ---- factors (factor.c) ---- */
/* Run factor_list in s for user `uid` (NULL: the session's own). *mask
 * gets the factors named in the answer (1u << enum aa_factor); *out
 * (optional) the result. */
int aa_auth_factor_list(struct aa_auth_ck *c, struct aa_session *s,
    const char *uid, unsigned *mask, struct aa_step_result *out,
    int *accepted);
/* The session variable `name` as a string (copy into out); 0 if unset. */
int aa_auth_var_str(const struct aa_session *s, const char *name, char *out,
    size_t outlen);
/* Whether the profile declares no user-addressed factor API. */
int aa_auth_no_factor_api(const struct aa_audit *a, char *why, size_t len);

/* ---- the checks (one result each; checks.def names them) ---- */
aa_check_fn aa_auth_check_skip;
aa_check_fn aa_auth_check_otp_empty;
aa_check_fn aa_auth_check_otp_bound;
aa_check_fn aa_auth_check_trusted_header;
aa_check_fn aa_auth_check_disable;
aa_check_fn aa_auth_check_factor_idor;
aa_check_fn aa_auth_check_fixation;
aa_check_fn aa_auth_check_logout;
aa_check_fn aa_auth_check_cookie_flags;
aa_check_fn aa_auth_check_recovery_reuse;
aa_check_fn aa_auth_check_recovery_weak;
aa_check_fn aa_auth_check_phone;

/* ---- AUTH-PHONE-DISCLOSED matchers (privacy.c) ---- */
/* The full number in any formatting (all digits but a country code). */
int aa_auth_text_has_phone(const char *text, const char *phone);
/* The e-mail, case-insensitive, also with '@' URL-encoded. */
int aa_auth_text_has_email(const char *text, const char *email);

/* ---- session credentials (cookie.c) ---- */
/* The session's credentials: cookies (name -> value) and the profile's
 * session token variable, as {"cookies": {...}, "token": "..."} (new
 * ref); every value is registered for redaction. */
json_t *aa_auth_creds(struct aa_audit *a, const struct aa_session *s);
/* Put credentials taken by aa_auth_creds back into s. */
int aa_auth_creds_restore(struct aa_audit *a, struct aa_session *s,
    const json_t *creds);
/* Names of the session cookie(s) of the fully logged-in session s (new
 * array): the profile's "session" section, else the cookies in the jar
 * without which the protected step is refused. */
int aa_auth_session_cookies(struct aa_auth_ck *c, struct aa_session *s,
    json_t **out);
/* The profile's session token variable, or NULL. */
const char *aa_auth_token_var(const struct aa_audit *a);

#endif
