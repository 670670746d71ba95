/*
 * Internal interface of the "auth" module (AUTH-* checks, login and
 * session). Every check runs live through the flow engine, using only the
 * profile's steps, `ok` rules and extracted variables, so it works on any
 * API shape the profile describes.
 *
 * A check builds its result in a struct aa_auth_ck: the evidence object,
 * the trail of redacted step evidence, and the name of the step the
 * profile lacks when that is why it could not run.
 */
#ifndef AA_AUTH_CHECKS_H
#define AA_AUTH_CHECKS_H

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
#define AA_AUTH_CODES_LOW 4

struct aa_auth_ck {
	struct aa_audit *a;
	const char *id;
	json_t *ev;          /* evidence object, owned until reported */
	json_t *trail;       /* ev["requests"] (borrowed) */
	const char *missing; /* step the profile lacks (static or profile key) */
	char why[256];       /* reason of an error / not_tested */
	long status;         /* HTTP status of the last step run */
	json_t *set_cookies; /* when non-NULL, raw Set-Cookie values of every
	                      * step run are appended (never reported) */
	int reported;
};

/* Module scratch (a->mod_state[AA_SLOT_AUTH]). */
struct aa_auth_acct {
	char *codes[AA_AUTH_MAX_CODES]; /* unused recovery codes (wiped on free) */
	size_t ncodes;
	int refilling;                  /* recursion guard of the provider */
	int seeded;                     /* profile's codes taken into the cache */
	unsigned fails;                 /* wrong codes since the last valid login */
};

struct aa_auth_state {
	struct aa_auth_acct acct[AA_MAX_ACCOUNTS];
	/* Shape of the last recovery-code batch (AUTH-RECOVERY-WEAK). */
	int batch_seen;
	size_t batch_count;
	size_t batch_minlen;     /* characters after stripping separators */
	unsigned batch_alphabet; /* size of the smallest alphabet holding them */
	char batch_class[16];    /* "digits" "hex" "base32" ... */
	char batch_sample[64];   /* a code with every character replaced */
	int skip_seen;           /* 0 unknown, 1 refused, 2 granted */
	const char *used_step;   /* verify step of the last valid login */
	int dead;                /* AA_ERR_NET / AA_ERR_TIMEOUT seen: stop */
};

struct aa_auth_state *aa_auth_state(struct aa_audit *a);

/* ---- check context (auth_ck.c); id NULL = helper, reports nothing ---- */
int aa_auth_ck_init(struct aa_auth_ck *c, struct aa_audit *a, const char *id);
/* End a check: when nothing was reported yet, report rc (see below). */
void aa_auth_ck_done(struct aa_auth_ck *c, int rc);
/* Record the result; the evidence object is handed to the report. */
void aa_auth_ck_report(struct aa_auth_ck *c, enum aa_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Record a check that could not finish because of rc: AA_ERR_STEP ->
 * not_tested naming c->missing, anything else -> error with c->why. */
void aa_auth_ck_report_rc(struct aa_auth_ck *c, int rc);
/* 1 when every named step (NULL-terminated) is in the profile; otherwise
 * reports not_tested naming the first missing one and returns 0. */
int aa_auth_ck_need(struct aa_auth_ck *c, ...);
/* Set c->why (printf) and return rc. */
int aa_auth_ck_why(struct aa_auth_ck *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Add a member to the evidence (steals v). */
void aa_auth_ck_set(struct aa_auth_ck *c, const char *key, json_t *v);

/* ---- steps and logins (auth_login.c) ---- */
/* A fresh client for account `acct` (owned by the caller). */
int aa_auth_session(struct aa_auth_ck *c, size_t acct, struct aa_session **out);
/* Run a step; its evidence joins the trail (unless quiet). When `out` is
 * non-NULL the result is handed over (caller releases it). */
int aa_auth_step(struct aa_auth_ck *c, struct aa_session *s, const char *step,
    const json_t *vars, const char *const *headers,
    struct aa_step_result *out, int *accepted);
/* Same without adding evidence (helper logins). */
int aa_auth_step_quiet(struct aa_auth_ck *c, struct aa_session *s,
    const char *step, const json_t *vars, struct aa_step_result *out,
    int *accepted);
/* The password step; AA_ERR_HTTP when the target rejects it. */
int aa_auth_password(struct aa_auth_ck *c, struct aa_session *s, int quiet);
/* Complete the pending login with a valid code (aa_audit_second_factor).
 * AA_ERR_HTTP when the code is rejected. */
int aa_auth_second(struct aa_auth_ck *c, struct aa_session *s, int quiet,
    const struct aa_factor_provider **fp);
/* Password step then second factor. */
int aa_auth_full(struct aa_auth_ck *c, struct aa_session *s, int quiet,
    const struct aa_factor_provider **fp);
/* The protected step: *granted = its ok rule held. */
int aa_auth_protected(struct aa_auth_ck *c, struct aa_session *s,
    const char *const *headers, int *granted);
/* 1 when the check can isolate its probe: `protected` refuses account
 * 0 after the password step alone (asked once per audit). Otherwise
 * reports not_tested (that is AUTH-2FA-SKIP's finding) and returns 0;
 * on errors sets *rc and returns 0. */
int aa_auth_isolated(struct aa_auth_ck *c, int *rc);
/* The profile's second-factor verify step to probe (first present of
 * totp_verify, sms_verify, recovery_verify) or NULL. */
const char *aa_auth_verify_step(const struct aa_audit *a);
/* The verify step account 0 really logs in with (the provider's, learnt
 * from a valid login, one quiet login if none happened yet); else the
 * first verify step of the profile; NULL if it has none. */
const char *aa_auth_login_step(struct aa_auth_ck *c);
/* Before a wrong code for account acct: interleave a valid login when
 * AA_AUTH_SPACING wrong codes were sent in a row, so a hardened target's
 * lockout never ends the audit. Then counts the wrong code. */
int aa_auth_wrong_guard(struct aa_auth_ck *c, size_t acct);
/* {"code": code} with the code registered for redaction (new ref). */
json_t *aa_auth_code_vars(struct aa_audit *a, const char *code);
/* Whether the step's template mentions ${name}. */
int aa_auth_step_uses(const struct aa_audit *a, const char *step,
    const char *name);
/* A JSON value anywhere in v equal to string s (or number spelled s). */
int aa_auth_json_has(const json_t *v, const char *s);

/* ---- recovery codes (auth_recovery.c) ---- */
extern const struct aa_factor_provider aa_auth_recovery_provider;
/* Fetch a new batch with the recovery_codes step in s (fully logged in),
 * replacing the cache of s's account. *got = number of codes. */
int aa_auth_codes_refill_in(struct aa_audit *a, struct aa_session *s,
    size_t *got);
/* In a fully logged-in session: fetch a new batch when fewer than
 * AA_AUTH_CODES_LOW codes are left, since a pending login cannot. */
void aa_auth_codes_topup(struct aa_audit *a, struct aa_session *s);
/* Forget the cached codes of one account (they were invalidated). */
void aa_auth_codes_forget(struct aa_audit *a, size_t acct);
/* Take one cached code (refilling when needed) as a secret. s may be NULL
 * or a session that has done the password step. */
int aa_auth_codes_take(struct aa_audit *a, size_t acct, struct aa_session *s,
    aa_secret_t **out);

/* Note the shape of a new batch (auth_recovery_weak.c). */
void aa_auth_batch_note(struct aa_auth_state *st, const json_t *codes);

/* ---- factors (auth_factor.c) ---- */
/* Report names of factors (bit i = aa_auth_factor_names[i]). */
extern const char *const aa_auth_factor_names[];
#define AA_AUTH_NFACTORS 6
/* Run factor_list in s for user `uid` (NULL: the session's own). *mask
 * gets the factors named in the answer; *out (optional) the result. */
int aa_auth_factor_list(struct aa_auth_ck *c, struct aa_session *s,
    const char *uid, unsigned *mask, struct aa_step_result *out,
    int *accepted);
/* A factor the auditor can put back after removing it, among `mask`
 * (~0u when unknown): recovery_codes, or any with a factor_enable step. */
const char *aa_auth_factor_restorable(const struct aa_audit *a,
    unsigned mask);
/* Give account acct its factor back (factor_enable / recovery_codes). */
int aa_auth_factor_restore(struct aa_auth_ck *c, size_t acct,
    const char *factor);
/* The session variable `name` as a string (copy into out); 0 if unset. */
int aa_auth_var_str(const struct aa_session *s, const char *name, char *out,
    size_t outlen);

/* ---- the checks (one result each; the name says which) ---- */
void aa_auth_check_skip(struct aa_audit *a);          /* 2FA-SKIP */
void aa_auth_check_otp_empty(struct aa_audit *a);     /* OTP-EMPTY */
void aa_auth_check_otp_bound(struct aa_audit *a);     /* OTP-NOT-BOUND */
void aa_auth_check_trusted_header(struct aa_audit *a);
void aa_auth_check_disable(struct aa_audit *a);       /* DISABLE-NO-REAUTH */
void aa_auth_check_factor_idor(struct aa_audit *a);
void aa_auth_check_fixation(struct aa_audit *a);      /* SESSION-FIXATION */
void aa_auth_check_logout(struct aa_audit *a);
void aa_auth_check_cookie_flags(struct aa_audit *a);
void aa_auth_check_recovery_reuse(struct aa_audit *a);
/* AUTH-RECOVERY-WEAK: everything in the locking phase (rate-limit probe). */
void aa_auth_check_recovery_weak(struct aa_audit *a, enum aa_phase phase);
void aa_auth_check_phone(struct aa_audit *a);         /* PHONE-DISCLOSED */

/* ---- AUTH-PHONE-DISCLOSED matchers (auth_privacy.c) ---- */
/* The full number in any formatting (all digits but a country code). */
int aa_auth_text_has_phone(const char *text, const char *phone);
/* The e-mail, case-insensitive, also with '@' URL-encoded. */
int aa_auth_text_has_email(const char *text, const char *email);

/* ---- session cookies (auth_cookie.c) ---- */
/* The jar of s as an object name -> value (new ref); every value is
 * registered for redaction, since cookies are credentials. */
json_t *aa_auth_jar(struct aa_audit *a, const struct aa_session *s);
/* Names of the session cookie(s) of the fully logged-in session s (new
 * array): the profile's "session_cookie" extension, else the cookies in
 * the jar without which the protected step is refused. Empty when the
 * session is not carried by a cookie. */
int aa_auth_session_cookies(struct aa_auth_ck *c, struct aa_session *s,
    json_t **out);

#endif
