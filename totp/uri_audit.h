/*
 * Judging an otpauth URI: TOTP-SEED-WEAK and TOTP-URI-NONSTANDARD, shared
 * by `auth-audit totp check` and the live enrollment checks.
 */
#ifndef AA_TOTP_URI_AUDIT_H
#define AA_TOTP_URI_AUDIT_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/report/report.h"
#include "totp/uri.h"

/* Evidence object describing u with the seed redacted (new reference). */
json_t *aa_totp_uri_evidence(const struct aa_totp_uri *u);
/* 1 and a one-line reason when u is nonstandard, else 0. */
int aa_totp_uri_nonstandard(const struct aa_totp_uri *u, char *why,
    size_t len);
/*
 * Record TOTP-SEED-WEAK and TOTP-URI-NONSTANDARD for u in rep; `source`
 * (e.g. "totp_enroll") goes into the evidence.
 */
int aa_totp_uri_report(struct aa_report *rep, const struct aa_totp_uri *u,
    const char *source);

#endif
