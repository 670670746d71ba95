/*
 * Target profile (../shared/spec/profile.md, extensions in docs/PROFILE.md).
 * Loading validates the whole document and, on error, fills the diag with
 * "FILE: /json/pointer: what is wrong".
 */
#ifndef AA_PROFILE_H
#define AA_PROFILE_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"

#define AA_PROFILE_MAX_BYTES (1024 * 1024)
#define AA_MAX_ACCOUNTS 4

struct aa_account {
	char *username;
	aa_secret_t *password;   /* from "password" or "password_env" */
	char *phone;             /* E.164 or NULL */
	char *email;             /* or NULL */
	json_t *fields;          /* every non-secret member, for templates */
};

struct aa_limits {
	unsigned long max_requests; /* whole audit; default 3000 */
	double max_rps;             /* default 50 */
	long timeout_ms;            /* per request; default 10000 */
	size_t max_body;            /* response cap; default 4 MiB */
	unsigned long max_sms;      /* SMS sends; default 60 */
	unsigned long max_guesses;  /* wrong codes per brute-force probe; default 100 */
	double sms_budget_usd;      /* SMS-PUMPING-EXPOSURE budget; default 1000 */
	long max_seconds;           /* wall-clock budget of a run; default 3600 */
	long max_wait_ms;           /* longest single back-off; default 60000 */
};

struct aa_profile {
	char *file;              /* where it was loaded from */
	char *name;
	char *base_url;          /* no trailing slash */
	char *origin;            /* defaults to base_url's origin */
	char *rp_id;             /* defaults to origin's host */
	char **served_countries; /* ISO 3166 alpha-2 */
	size_t nserved;
	char *sms_inbox;         /* sms-sim base URL or NULL */
	char *sms_code_regex;    /* default "\\b(\\d{4,8})\\b" */
	struct aa_limits limits;
	struct aa_account accounts[AA_MAX_ACCOUNTS];
	size_t naccounts;
	char *webauthn_api;      /* "fido-conformance" or NULL */
	char *webauthn_prefix;
	int webauthn_passkey;    /* "login": "passkey": a sign-in of its own */
	json_t *steps;           /* object: step name -> step (validated) */
	json_t *step_lines;      /* step name (and "/member" of the root)
	                          * -> line in `file` (lines.h) */
	long steps_line;         /* line of the "steps" member, 0 if none */
	json_t *root;            /* whole document, for module sections */
};

/* Fill lim with the defaults above. */
void aa_limits_default(struct aa_limits *lim);

int aa_profile_load(const char *path, struct aa_profile **out,
    struct aa_diag *diag);
void aa_profile_free(struct aa_profile **pp);

/* The step object named `name`, or NULL if the profile lacks it (borrowed). */
const json_t *aa_profile_step(const struct aa_profile *p, const char *name);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* Parse from memory; `name` is used in diagnostics. */
int aa_profile_parse(const char *text, size_t len, const char *name,
    struct aa_profile **out, struct aa_diag *diag);
#endif

#endif
