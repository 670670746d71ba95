/*
 * Internal interface of the live TOTP module (totp/live/): the TOTP
 * factor the baseline enrols (totp_enroll + totp_confirm) or takes from
 * the profile (an account's `totp_secret` / `totp_secret_env`, docs/
 * TOTP.md), the code bookkeeping, and the TOTP-* checks.
 *
 * Bookkeeping: many verifiers remember only the last time step they
 * accepted and refuse any code at or below it. So the auditor never sends
 * a valid code for a step at or below the highest step the service
 * accepted for that account (`hi`): a refusal there is a replay refusal
 * and teaches nothing. When a check needs a fresh step it waits for the
 * clock (bounded, announced on the progress line).
 */
#ifndef AA_TOTP_LIVE_H
#define AA_TOTP_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/engine/flow.h"
#include "totp/engine.h"
#include "totp/uri.h"

#define AA_TOTP_WINDOW_PROBE 12   /* farthest step probed by TOTP-WINDOW */
#define AA_TOTP_FRESH_STEPS 3     /* steps waited at most for a fresh one */

extern const struct aa_module aa_totp_module;

/* What an enrolment-time probe found: -1 not run, 0 refused, 1 accepted. */
struct aa_totp_enroll_probe {
	int result;
	char note[160];           /* why it did not run */
	json_t *trail;            /* redacted requests (owned) */
};

struct aa_totp_acct {
	aa_secret_t *seed;         /* NULL: no TOTP factor */
	struct aa_totp_params params;
	int from_profile;          /* seed given in the profile */
	struct aa_totp_uri *uri;   /* as the service issued it, or NULL */
	int64_t hi;                /* highest step the service accepted */
	int have_hi;
	int64_t issued;            /* step of the last code handed out */
	/* Account 0's enrolment probes. */
	struct aa_totp_enroll_probe unverified; /* TOTP-ENROLL-UNVERIFIED */
	struct aa_totp_enroll_probe past;       /* TOTP-WINDOW, past side */
	json_t *enroll_trail;      /* the enrolment's redacted requests */
	/* The codes of the steps within +-AA_TOTP_WINDOW_PROBE of win_step,
	 * for aa_totp_live_wrong() (one set of HMACs per time step, not per
	 * wrong code); wiped with the seed (aa_totp_live_drop_seed). */
	int win_valid;
	int64_t win_step;
	char win[2 * AA_TOTP_WINDOW_PROBE + 1][AA_TOTP_CODE_MAX];
};

struct aa_totp_live {
	int init;
	int measuring;             /* lock probes: a 429 is the answer */
	struct aa_totp_acct acct[AA_MAX_ACCOUNTS];
	/* Lockout probe (shared by TOTP-BRUTEFORCE and TOTP-LOCKOUT-BYPASS). */
	int lock_probed;
	int lock_rc;
	char lock_why[200];
	unsigned long lock_attempts;  /* wrong codes sent */
	unsigned long lock_at;        /* attempt that changed the answer; 0 none */
	double lock_seconds;          /* time the wrong codes took */
	long lock_status_first, lock_status_last;
	int lock_correct_same;        /* correct code after the run: 1 accepted */
	int lock_cls_last;            /* refusal class once the answer changed */
	int lock_waitable;            /* ...a 429 whose Retry-After was short */
	struct aa_session *lock_sess; /* the locked login, for the bypass */
	int w_back, w_fwd;            /* measured window (-1 unknown) */
	json_t *lock_trail;           /* redacted evidence of a few requests */
};

struct aa_totp_live *aa_totp_live_state(struct aa_audit *a);
void aa_totp_live_free(void *st);

/*
 * Run step `name` in s with an optional code; *accepted = its ok rule
 * held, *status = HTTP status; the redacted evidence is appended to trail
 * when trail is non-NULL; `extracted` (when non-NULL) gets a new ref.
 */
int aa_totp_live_step(struct aa_audit *a, struct aa_session *s,
    const char *name, const char *code, json_t *trail, int *accepted,
    long *status, json_t **extracted);
/*
 * A code for the current step of account i, waiting (announced, at most
 * AA_TOTP_FRESH_STEPS steps) until that step is above the highest one the
 * service accepted. AA_ERR_STEP when the account has no seed.
 */
int aa_totp_live_code(struct aa_audit *a, size_t i, int64_t *step,
    char code[AA_TOTP_CODE_MAX]);
/* Code for step T+offset (no bookkeeping; registered for redaction). */
int aa_totp_live_code_at(struct aa_audit *a, size_t i, int64_t offset,
    int64_t *step, char code[AA_TOTP_CODE_MAX]);
/* The current step of account i's seed. */
int64_t aa_totp_live_now(struct aa_audit *a, size_t i);
/* Record that the service accepted step `step` for account i. */
void aa_totp_live_spent(struct aa_audit *a, size_t i, int64_t step);
/* Free ac's seed and wipe what was derived from it. */
void aa_totp_live_drop_seed(struct aa_totp_acct *ac);
/* A code that is valid for no step within +-AA_TOTP_WINDOW_PROBE. */
int aa_totp_live_wrong(struct aa_audit *a, size_t i, unsigned n,
    char code[AA_TOTP_CODE_MAX]);
/* Register a seed (bytes and base32) with the redactor. */
void aa_totp_live_hide(struct aa_audit *a, const aa_secret_t *seed);

/* The factor (enroll.c). */
extern const struct aa_factor_impl aa_totp_factor;

/* Checks (enroll.c, replay.c, brute.c). */
aa_check_fn aa_totp_live_seed_weak;
aa_check_fn aa_totp_live_uri;
aa_check_fn aa_totp_live_unverified;
aa_check_fn aa_totp_live_redisclosed;
aa_check_fn aa_totp_live_replay;
aa_check_fn aa_totp_live_window;
aa_check_fn aa_totp_live_bruteforce;
aa_check_fn aa_totp_live_bypass;

#endif
