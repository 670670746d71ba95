/*
 * Internal interface of the live TOTP checks (live_*.c). The auditor
 * enrolls TOTP on the profile's accounts itself (totp_enroll +
 * totp_confirm) or takes a seed from the account's `totp_secret` /
 * `totp_secret_env` (extension, docs/TOTP.md), keeps track of the time
 * steps it has spent (servers accept each step once), and removes the
 * factor again at the end of the locking phase.
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

#define AA_TOTP_LIVE_USED 128     /* spent steps remembered per account */
#define AA_TOTP_WINDOW_PROBE 12   /* farthest step probed by TOTP-WINDOW */
#define AA_TOTP_STEP_WAIT_MAX 31  /* seconds waited for a fresh step */

struct aa_totp_acct {
	aa_secret_t *seed;         /* NULL: not enrolled */
	struct aa_totp_params params;
	int from_profile;          /* seed given in the profile */
	int enrolled_by_us;        /* factor_disable at the end */
	struct aa_session *full;   /* the enrollment session (FULL), owned */
	struct aa_totp_uri *uri;   /* as the service issued it, or NULL */
	int64_t used[AA_TOTP_LIVE_USED];
	size_t nused;
};

struct aa_totp_live {
	struct aa_totp_acct acct[AA_MAX_ACCOUNTS];
	int enroll_done;           /* enrollment attempted */
	int enroll_rc;             /* its outcome */
	char enroll_why[256];
	int window_measured;
	int w_back, w_fwd;         /* measured accepted steps each side */
	/* Lockout probe (shared by TOTP-BRUTEFORCE and TOTP-LOCKOUT-BYPASS). */
	int lock_probed;
	int lock_rc;
	unsigned long lock_attempts;  /* wrong codes sent */
	unsigned long lock_at;        /* attempt that changed the answer; 0 none */
	double lock_seconds;          /* time the wrong codes took */
	long lock_status_first, lock_status_last;
	int lock_correct_same;        /* correct code after the run: 1 accepted */
	struct aa_session *lock_sess; /* session of the probe, owned */
	json_t *lock_trail;           /* redacted evidence of a few requests */
};

struct aa_totp_live *aa_totp_live_state(struct aa_audit *a);

/* A new client for account i (caller frees). */
int aa_totp_live_session(struct aa_audit *a, size_t i, struct aa_session **out);
/*
 * Run step `name` with an optional code; *accepted = its ok rule held,
 * *status = HTTP status; the redacted evidence is appended to trail when
 * trail is non-NULL; `extracted` (when non-NULL) gets a new reference.
 */
int aa_totp_live_step(struct aa_audit *a, struct aa_session *s,
    const char *name, const char *code, json_t *trail, int *accepted,
    long *status, json_t **extracted);
/* The password step in s; AA_ERR_HTTP when refused. */
int aa_totp_live_login(struct aa_audit *a, struct aa_session *s,
    json_t *trail);
/*
 * A code for the first step of T, T+1, T-1 (T = now) this auditor has
 * not spent for account i; `wait` allows sleeping up to
 * AA_TOTP_STEP_WAIT_MAX seconds for a fresh step. AA_ERR_STEP when the
 * account has no seed, AA_ERR_BUDGET when every step is spent.
 */
int aa_totp_live_code(struct aa_audit *a, size_t i, int wait, int64_t *step,
    char code[AA_TOTP_CODE_MAX]);
/* Code for step T+offset (no bookkeeping). */
int aa_totp_live_code_at(struct aa_audit *a, size_t i, int64_t offset,
    int64_t *step, char code[AA_TOTP_CODE_MAX]);
/* Record that the server accepted step `step` for account i. */
void aa_totp_live_spent(struct aa_audit *a, size_t i, int64_t step);
/* A code that is valid for no step within +-AA_TOTP_WINDOW_PROBE. */
int aa_totp_live_wrong(struct aa_audit *a, size_t i, unsigned n,
    char code[AA_TOTP_CODE_MAX]);

/* Checks (live_enroll.c, live_replay.c, live_brute.c). */
int aa_totp_live_enroll(struct aa_audit *a);
void aa_totp_live_redisclosed(struct aa_audit *a);
void aa_totp_live_replay(struct aa_audit *a);
void aa_totp_live_window(struct aa_audit *a);
void aa_totp_live_bruteforce(struct aa_audit *a);
void aa_totp_live_bypass(struct aa_audit *a);
void aa_totp_live_cleanup(struct aa_audit *a);

#endif
