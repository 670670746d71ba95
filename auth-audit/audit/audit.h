/*
 * One audit run: the profile, the HTTP sessions, the report, the baseline
 * of every test account and the planner that runs the checks.
 *
 * The core knows no module by name. The command line hands it a table of
 * module descriptors (struct aa_module, one per module, registered in
 * auth-audit/cli/registry.c); each names the check functions of its rows
 * of checks.def and, when it can put a second factor on an account and
 * pass it at login, that factor (struct aa_factor_impl).
 *
 * A run (aa_audit_run):
 *   1. one request to see the target answers (else every check is
 *      not_tested and the report has no grade);
 *   2. the baseline (baseline.c): per account, the password step, whether
 *      a second step is demanded, enrolment of every factor the profile
 *      makes possible, and the controls: password alone must not open the
 *      protected step, password + each factor must, for that account;
 *   3. the planner (plan.c): every selected check in phase order
 *      (passive, main, spend, lock, then the factor inventory); a check
 *      whose preconditions (checks.def "needs" and "steps") the baseline
 *      could not provide is not_tested with the precise reason, else its
 *      module's function runs and must report exactly one result;
 *   4. clean-up: every module removes what it enrolled;
 *   5. the rating.
 *
 * Adding a module (like git's builtin.h checklist):
 *   - its rows in auth-audit/catalog/checks.def name its functions;
 *   - one file defines `const struct aa_module aa_<name>_module` with the
 *     AA_IMPL_<name> expansion of checks.def (see AA_MODULE_ROW below);
 *   - one line in auth-audit/cli/registry.c;
 *   - a "MOD_<name>" name in catalog.c and an AA_IMPL_<name> below;
 *   - tests under tests/checks/, its document in docs/ (named for its
 *     module in tests/tools/checktable.pl) and its folder in the layer
 *     list of tests/tools/layers.pl and docs/ARCHITECTURE.md.
 */
#ifndef AA_AUDIT_H
#define AA_AUDIT_H

#include <signal.h>
#include <stddef.h>

#include "auth-audit/catalog/check.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/core/secret.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/profile/profile.h"
#include "auth-audit/report/report.h"

struct aa_audit;
struct aa_session;

/* A check function: reports exactly one result for d->cid. */
typedef void aa_check_fn(struct aa_audit *a, const struct aa_check_def *d);

struct aa_check_impl {
	enum aa_check_id id;
	aa_check_fn *run;
};

/*
 * Every module's rows of checks.def expand to nothing here; a module
 * redefines its own AA_IMPL_<name> and expands the table:
 *
 *   #undef AA_IMPL_totp
 *   #define AA_IMPL_totp(e, fn) { AA_CK_##e, fn },
 *   static const struct aa_check_impl checks[] = {
 *   #define AA_CHECK AA_MODULE_ROW
 *   #include "auth-audit/catalog/checks.def"
 *   #undef AA_CHECK
 *   };
 */
#define AA_IMPL_factors(e, fn)
#define AA_IMPL_auth(e, fn)
#define AA_IMPL_totp(e, fn)
#define AA_IMPL_totp_backup(e, fn)
#define AA_IMPL_fido(e, fn)
#define AA_IMPL_sms(e, fn)
#define AA_MODULE_ROW(e, id, mod, sev, o16, o24, cwe, fl, ph, nd, st, tch, \
    fn, title, rem) AA_IMPL_##mod(e, fn)

/* How a login step ended, for verdicts that need a control. */
enum aa_refusal {
	AA_REFUSED_NONE,     /* accepted */
	AA_REFUSED_CODE,     /* the service refused the code / answer */
	AA_REFUSED_THROTTLE, /* 429, Retry-After: learned nothing */
	AA_REFUSED_LOCKED,   /* a lock of the factor or account */
	AA_REFUSED_STATE,    /* no login in progress, wrong step order */
	AA_REFUSED_OTHER,
};

/*
 * A second factor a module can put on an account and pass at login. The
 * baseline enrols every possible one (backups such as recovery codes
 * after a real factor), proves each, and the planner hands checks a
 * session completed with the factor that costs least.
 */
struct aa_factor_impl {
	enum aa_factor factor;
	const char *verify_step;  /* step the code is sent to; NULL: complete() */
	int backup;               /* only backs up another factor */
	/* 1 when the profile and run make it possible for account acct;
	 * else 0 and why. */
	int (*possible)(struct aa_audit *a, size_t acct, char *why,
	    size_t whylen);
	/* Put the factor on acct in session s (fully logged in, or in the
	 * service's enrolment state). AA_OK, or an error and why. */
	int (*enroll)(struct aa_audit *a, size_t acct, struct aa_session *s,
	    char *why, size_t whylen);
	/* A code valid now (code factors; NULL otherwise). May run steps in
	 * s. AA_ERR_NOTFOUND when none can be had now. */
	int (*code)(struct aa_audit *a, size_t acct, struct aa_session *s,
	    aa_secret_t **out);
	/* The service accepted a code (code factors): bookkeeping such as
	 * spent TOTP steps or used recovery codes. May be NULL. */
	void (*spent)(struct aa_audit *a, size_t acct, const aa_secret_t *code);
	/* The service refused a code the auditor computed as valid: 1 when
	 * one more try with a fresh code may succeed (a TOTP step someone
	 * else spent), after the bookkeeping; may be NULL. */
	int (*refused)(struct aa_audit *a, size_t acct, const aa_secret_t *code);
	/* Complete a pending login in s (non-code factors). *accepted per
	 * the last step's ok rule. */
	int (*complete)(struct aa_audit *a, size_t acct, struct aa_session *s,
	    int *accepted, char *why, size_t whylen);
	/* Remove it from acct through the fully logged-in session s. */
	int (*remove)(struct aa_audit *a, size_t acct, struct aa_session *s,
	    char *why, size_t whylen);
	/* 1 when the factor is a sign-in of its own here (a passkey), not a
	 * second step: it does not make a second factor required, so the
	 * checks of a second step need another one. May be NULL (0). */
	int (*standalone)(const struct aa_audit *a);
};

struct aa_module {
	const char *name;              /* checks.def module, e.g. "totp" */
	const struct aa_check_impl *checks;
	size_t nchecks;
	const struct aa_factor_impl *factor; /* NULL: none */
	/* Before the baseline (open a key, start a simulator); may be NULL.
	 * An error marks the module's checks not_tested with why. */
	int (*start)(struct aa_audit *a, char *why, size_t whylen);
	/* Preconditions only the module can judge (a key, the software
	 * key, an inbox): 1 and why when check d cannot run; may be NULL. */
	int (*unmet)(struct aa_audit *a, const struct aa_check_def *d,
	    char *why, size_t whylen);
	/* After the last check: undo what is left (the baseline removes the
	 * factors itself); may be NULL. */
	void (*finish)(struct aa_audit *a);
	/* Frees the module's state (aa_audit_state); may be NULL. */
	void (*state_free)(void *state);
};

struct aa_audit_opts {
	/* The modules, NULL-terminated (auth-audit/cli/registry.c). */
	const struct aa_module *const *modules;
	const char *device;                 /* --device: auto | soft[:FILE] | PATH */
	const char *const *only;            /* NULL-terminated IDs or NULL */
	const char *const *skip;
	const char *const *authorized_hosts; /* --authorized-target */
	const char *proxy;                  /* --proxy URL, or NULL */
	const char *cacert;                 /* --cacert FILE, or NULL */
	int verbose;
	/* Progress for the person at the keyboard ("[3/11] touch the key:
	 * forged origin"); set by the CLI, NULL = silent. Core never prints. */
	void (*progress)(void *ctx, const char *msg);
	void *progress_ctx;
	/* Ask the person for a secret (a security key's PIN) without echo;
	 * set by the CLI, NULL = never ask. Gets progress_ctx. */
	int (*ask_secret)(void *ctx, const char *prompt, aa_secret_t **out);
	/* Every step as it completes (redacted): --verbose and `profile
	 * check`; NULL = none. Gets progress_ctx. */
	aa_http_trace_fn *trace;
	/* Set non-zero by the CLI's signal handler: the run stops, cleans
	 * up and reports the rest not_tested ("interrupted"). */
	const volatile sig_atomic_t *stop;
};

#define AA_AUDIT_MAX_MODULES 16

/* What the baseline established about one account (baseline.c). */
struct aa_baseline_acct {
	int tried;                /* the baseline ran for this account */
	int login;                /* the password step was accepted */
	int open_alone_before;    /* the password alone opened `protected`
	                           * before the audit enrolled anything */
	int required;             /* proved: after enrolment the password
	                           * alone is refused, 1 = 2FA required */
	unsigned possible;        /* factors (1u << enum aa_factor) */
	unsigned enrolled;        /* put on the account by this audit */
	unsigned usable;          /* the auditor can pass them */
	unsigned proved;          /* password + factor opened `protected` */
	unsigned removed;         /* taken off again at the end */
	unsigned locked;          /* seen locked during the run */
	json_t *steps;            /* what was tried and concluded (owned) */
	char why[256];            /* what could not be established */
	struct aa_session *full;  /* a proved full session, reused (owned) */
	enum aa_factor full_factor; /* the factor that completed it */
};

struct aa_audit {
	struct aa_profile *profile;     /* borrowed */
	struct aa_audit_opts opts;
	struct aa_report *report;       /* owned */
	struct aa_redact *redact;       /* owned */
	struct aa_http *http;           /* owned */
	struct aa_session *sess[AA_MAX_ACCOUNTS]; /* lazily created, owned */
	size_t nmodules;
	void *mstate[AA_AUDIT_MAX_MODULES];   /* per-module state */
	char mwhy[AA_AUDIT_MAX_MODULES][200]; /* why a module could not start */
	struct aa_baseline_acct base[AA_MAX_ACCOUNTS];
	double device_ms;               /* time spent in the authenticator
	                                   (FIDO ceremonies), not the target */
	double wait_ms;                 /* announced waits (fresh TOTP steps,
	                                   back-off), for the benchmark */
	int stop;                       /* the run ends: AA_ERR_NET, ... */
	char protected_why[256];        /* `protected` cannot tell access */
	int preflight;                  /* `profile check`: no probe runs, not
	                                   even the ones enrolment hosts */
};

int aa_audit_new(struct aa_profile *p, const struct aa_audit_opts *o,
    struct aa_audit **out);
void aa_audit_free(struct aa_audit **ap);
/* Run the baseline, every selected check and the clean-up; rate. */
int aa_audit_run(struct aa_audit *a);
/*
 * `profile check`: reachability, module start, the baseline, what the
 * planner would run for every selected check (and why not), clean-up; no
 * check runs. *out: {target, reachable, baseline, checks: [{id, runs,
 * why}], will_run, total, ...} (new ref). Returns how the run ended.
 */
int aa_audit_preflight(struct aa_audit *a, json_t **out);
/* Whether check `id` was selected by --only/--skip. */
int aa_audit_selected(const struct aa_audit *a, enum aa_check_id id);
/*
 * The baseline of account acct when the planner left it out (it does the
 * accounts the checks' needs name up front): a check that spreads a
 * budget over accounts, such as SMS texts per number, asks for more.
 * Code factors are then proved by the check's first use. AA_OK when the
 * password step was accepted (see a->base[acct] for the rest).
 */
int aa_audit_establish(struct aa_audit *a, size_t acct, char *why,
    size_t whylen);
/* The session of account i (created on first use); NULL if no such account. */
struct aa_session *aa_audit_session(struct aa_audit *a, size_t i);
/* The state of module m (allocated zeroed with `size` bytes on first use;
 * freed with m->state_free, else free()). NULL on ENOMEM. */
void *aa_audit_state(struct aa_audit *a, const struct aa_module *m,
    size_t size);
/* Record the result of check id (see aa_report_add). */
void aa_audit_report(struct aa_audit *a, enum aa_check_id id,
    enum aa_status st, json_t *evidence, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The announced wait: progress line, counted in a->wait_ms; an error
 * (and the run stops) when it would cross the time budget or a signal
 * came. */
int aa_audit_wait(struct aa_audit *a, double ms, const char *what);
/* A wait a probe can do without (a spent allowance coming back): one that
 * would cross the time budget is not waited and the run goes on
 * (AA_ERR_DEADLINE); a signal still stops the run. */
int aa_audit_wait_optional(struct aa_audit *a, double ms, const char *what);
/* Progress line (no-op without a progress hook). */
void aa_audit_progress(struct aa_audit *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- the factors of the run (baseline.c, login.c) ---- */

/* The factor implementation of f among the modules, or NULL. */
const struct aa_factor_impl *aa_audit_factor(const struct aa_audit *a,
    enum aa_factor f);
/*
 * A fully logged-in session of account acct that the baseline proved
 * (borrowed: never log it out or change its factors; see
 * aa_audit_login_full for one of your own). AA_ERR_STEP and why when the
 * account cannot be brought there.
 */
int aa_audit_full(struct aa_audit *a, size_t acct, struct aa_session **s,
    char *why, size_t whylen);
/* The password step in a new session of acct (owned); AA_ERR_HTTP and
 * why when the service refuses it. */
int aa_audit_login_password(struct aa_audit *a, size_t acct,
    struct aa_session **s, long *status, char *why, size_t whylen);
/* The same with extra "Name: value" header lines (NULL-terminated). */
int aa_audit_login_password_hdr(struct aa_audit *a, size_t acct,
    const char *const *headers, struct aa_session **s, long *status,
    char *why, size_t whylen);
/* A new session (owned) of acct, fully logged in and proved. */
int aa_audit_login_full(struct aa_audit *a, size_t acct,
    struct aa_session **s, char *why, size_t whylen);
/*
 * A new session (owned) of acct after the password step only, in which
 * the baseline proved a second step is demanded. AA_ERR_STEP and why when
 * the account does not need one or the password is refused.
 */
int aa_audit_login_pending(struct aa_audit *a, size_t acct,
    struct aa_session **s, char *why, size_t whylen);
/*
 * Complete the pending login in s with a factor of `mask` (0: any usable
 * one, cheapest first), then the protected step. *granted = `protected`
 * opened for this account afterwards; *used = the factor. AA_ERR_STEP and
 * why when no factor could be passed (refused codes say so in why and in
 * *refusal). Evidence of the steps goes to trail when non-NULL.
 */
int aa_audit_pass_second(struct aa_audit *a, struct aa_session *s,
    unsigned mask, enum aa_factor *used, enum aa_refusal *refusal,
    int *granted, json_t *trail, char *why, size_t whylen);
/* A valid code of a code factor of acct in mask (0: any), its factor. */
int aa_audit_code(struct aa_audit *a, size_t acct, unsigned mask,
    struct aa_session *s, enum aa_factor *used, aa_secret_t **out);
/* Tell the factor the service accepted the code (spent steps, ...). */
void aa_audit_code_spent(struct aa_audit *a, size_t acct, enum aa_factor f,
    const aa_secret_t *code);
/*
 * The protected step in s: *granted = its ok rule held and, where the
 * profile says how (docs/PROFILE.md "identity"), the answer names this
 * account. Evidence of the step is appended to trail when non-NULL.
 */
int aa_audit_protected(struct aa_audit *a, struct aa_session *s,
    int *granted, json_t *trail);
/* ---- factor management (manage.c) ---- */

/* The step that removes f: "<factor>_disable", else "factor_disable"
 * (*generic = 1: it takes ${factor}); NULL when the profile has neither. */
const char *aa_audit_disable_step(const struct aa_audit *a, enum aa_factor f,
    int *generic);
/* Whether the profile's step uses ${var} anywhere (0 without the step). */
int aa_audit_step_uses(const struct aa_audit *a, const char *step,
    const char *var);
/* The profile's "factor_api": "user" (default: factors addressed by user
 * id), "session" (only the session's own), "none" (no management API). */
const char *aa_audit_factor_api(const struct aa_audit *a);
/*
 * Remove factor f of s's account. extra: more variables (credential_id,
 * user_id of someone else). reauth 1: the password (and a valid code
 * when the step takes ${code}); 0: neither; -1: wrong ones.
 * *accepted per the step's ok rule.
 */
int aa_audit_disable(struct aa_audit *a, struct aa_session *s,
    enum aa_factor f, const json_t *extra, int reauth, int *accepted,
    json_t *trail, char *why, size_t whylen);

/*
 * The ids a removal of f names, as the factor's owner sees them: run the
 * "before" steps of f's removal step in the owner's session (vars as
 * given) and add to `into` what they extracted that `prober`'s session
 * does not hold itself. A cross-account probe whose own "before" steps
 * were refused the owner's list (as they should be) still names the
 * owner's factor; the prober's session-bound values (CSRF tokens) stay.
 */
int aa_audit_disable_ids(struct aa_audit *a, struct aa_session *owner,
    enum aa_factor f, const json_t *vars, const struct aa_session *prober,
    json_t *into);

/* Take factor fi off account acct in its full session s, and off the
 * baseline's books (not usable; not to be removed again at the end). A
 * module that needs the account without it mid-run calls this, as the
 * clean-up does. */
int aa_audit_factor_remove(struct aa_audit *a, size_t acct,
    const struct aa_factor_impl *fi, struct aa_session *s, char *why,
    size_t whylen);
/* A line in account acct's baseline record (the report's "baseline":
 * what a module enrolled or removed itself, such as FIDO credentials). */
void aa_audit_note(struct aa_audit *a, size_t acct, const char *step,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Classify a refused step's response (429, lock words, ...). */
enum aa_refusal aa_audit_refusal(const struct aa_response *r);
const char *aa_refusal_name(enum aa_refusal r);

#endif
