/*
 * One audit run: the profile, the HTTP sessions, the report, and the
 * modules that fill it. A module is a const table entry (modules.c):
 *
 *   struct aa_module { name, run };
 *
 * run(a, phase) is called once per phase, in module order. In
 * AA_PHASE_MAIN modules run every probe that leaves accounts usable; in
 * AA_PHASE_LOCKING they run the probes that may lock an account
 * (brute force, lockout), so those come last. Each module reports exactly
 * one result per selected check ID of its own (aa_audit_selected()), with
 * aa_report_add(); checks it cannot run are AA_NOT_TESTED with the reason.
 * After all modules, any selected audit check still without a result is
 * recorded as AA_ERROR, so nothing is ever silently missing or passing.
 */
#ifndef AA_AUDIT_H
#define AA_AUDIT_H

#include <stddef.h>

#include "auth-audit/engine/flow.h"
#include "auth-audit/profile/profile.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/report.h"
#include "auth-audit/core/secret.h"

enum aa_phase {
	AA_PHASE_MAIN,
	AA_PHASE_LOCKING,
};

struct aa_audit;
struct aa_session;

/* Index of a module's scratch slot in aa_audit.mod_state. */
enum aa_mod_slot {
	AA_SLOT_FACTORS,
	AA_SLOT_AUTH,
	AA_SLOT_TOTP,
	AA_SLOT_SMS,
	AA_SLOT_FIDO,
	AA_SLOT_COUNT
};

/*
 * A second factor the auditor can complete by itself. Checks that need
 * "the second step" (AUTH-*) ask aa_audit_second_factor() and get the
 * first provider, in modules.c order, whose verify step is in the profile
 * and that can produce a valid code: TOTP from the enrolled seed, SMS from
 * sms-sim's inbox, a fresh recovery code.
 */
struct aa_factor_provider {
	const char *factor;       /* "totp" "sms" "recovery_codes" */
	const char *verify_step;  /* "totp_verify" "sms_verify" "recovery_verify" */
	/* A code valid now for account `account`, whose session `s` has done
	 * the login step. May itself run steps (sms_send) in s. */
	int (*code)(struct aa_audit *a, size_t account, struct aa_session *s,
	    aa_secret_t **out);
};

/* First usable provider and a code from it; AA_ERR_STEP when none fits. */
int aa_audit_second_factor(struct aa_audit *a, size_t account,
    struct aa_session *s, const struct aa_factor_provider **fp,
    aa_secret_t **code);


struct aa_module {
	const char *name; /* matches aa_check_def.module */
	int (*run)(struct aa_audit *a, enum aa_phase phase);
};

struct aa_audit_opts {
	const char *device;                 /* --device: auto | soft[:FILE] | PATH */
	const char *const *only;            /* NULL-terminated IDs or NULL */
	const char *const *skip;
	const char *const *authorized_hosts; /* --authorized-target */
	int verbose;
	/* Progress for the person at the keyboard ("[3/11] touch the key:
	 * forged origin"); set by the CLI, NULL = silent. Core never prints. */
	void (*progress)(void *ctx, const char *msg);
	void *progress_ctx;
	/* Ask the person for a secret (a security key's PIN) without echo;
	 * set by the CLI, NULL = never ask. Gets progress_ctx. */
	int (*ask_secret)(void *ctx, const char *prompt, aa_secret_t **out);
};

struct aa_audit {
	struct aa_profile *profile;     /* borrowed */
	struct aa_audit_opts opts;
	struct aa_report *report;       /* owned */
	struct aa_redact *redact;       /* owned */
	struct aa_http *http;           /* owned */
	struct aa_session *sess[AA_MAX_ACCOUNTS]; /* lazily created, owned */
	void *mod_state[AA_SLOT_COUNT]; /* per-module scratch (see the module) */
	double device_ms;               /* time spent in the authenticator
	                                   (FIDO ceremonies), not the target */
	void (*mod_free[AA_SLOT_COUNT])(void *); /* frees mod_state[i] */
};

int aa_audit_new(struct aa_profile *p, const struct aa_audit_opts *o,
    struct aa_audit **out);
void aa_audit_free(struct aa_audit **ap);
/* Run every module over every phase and compute the rating. */
int aa_audit_run(struct aa_audit *a);
/* Whether check `id` was selected by --only/--skip. */
int aa_audit_selected(const struct aa_audit *a, const char *id);
/* The session of account i (created on first use); NULL if no such account. */
struct aa_session *aa_audit_session(struct aa_audit *a, size_t i);
/*
 * Report every selected check of `module` that has no result yet as
 * not_tested with the given reason (e.g. "profile has no totp_verify step").
 */
void aa_audit_not_tested(struct aa_audit *a, const char *module,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
