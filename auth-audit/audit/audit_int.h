/*
 * Internals of the audit core (audit.c, baseline.c, plan.c, login.c).
 */
#ifndef AA_AUDIT_INT_H
#define AA_AUDIT_INT_H

#include "auth-audit/audit/audit.h"

/* audit.c */
int aa_audit_reachable(struct aa_audit *a);
void aa_audit_start_modules(struct aa_audit *a);
void aa_audit_finish_modules(struct aa_audit *a);

/* baseline.c */
void aa_baseline_run(struct aa_audit *a);
void aa_baseline_cleanup(struct aa_audit *a);
/* The report's "baseline" member. */
void aa_baseline_report(struct aa_audit *a);
void aa_baseline_release(struct aa_audit *a);
/* Note one baseline conclusion of account acct ({step, status, concluded}). */
void aa_baseline_note(struct aa_audit *a, size_t acct, const char *step,
    long status, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Accounts the selected checks need (1 or 2). */
size_t aa_plan_accounts(const struct aa_audit *a);

/* plan.c */
/* Whether any selected live check belongs to m. */
int aa_plan_module_wanted(const struct aa_audit *a, const struct aa_module *m);
/* Whether any selected live check has all of `needs`. */
int aa_plan_any_need(const struct aa_audit *a, unsigned needs);
void aa_plan_run(struct aa_audit *a);
/* Every selected live check still without a result: not_tested / error. */
void aa_plan_missing(struct aa_audit *a);
/* Why check d cannot run now ("" when it can). */
void aa_plan_unmet(struct aa_audit *a, const struct aa_check_def *d,
    char *why, size_t whylen);

/* login.c */
/* Factor implementations in order of cost for helper logins. */
size_t aa_login_factors(const struct aa_audit *a,
    const struct aa_factor_impl **out, size_t max);

#endif
