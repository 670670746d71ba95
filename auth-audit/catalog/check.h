/*
 * The check catalog: every check ID of ../shared/spec/checks.md with its
 * severity, OWASP mapping, CWE, title and remediation. IDs are stable; the
 * catalog (catalog.c) is the single place their metadata lives, and
 * reports, SARIF rules, the lab's --weak switches and tests key on the ID.
 */
#ifndef AA_CHECK_H
#define AA_CHECK_H

#include <stddef.h>

enum aa_status {
	AA_PASS,
	AA_FAIL,
	AA_NOT_TESTED,
	AA_NOT_APPLICABLE,
	AA_ERROR,
};

enum aa_sev {
	AA_SEV_INFO,
	AA_SEV_LOW,
	AA_SEV_MEDIUM,
	AA_SEV_HIGH,
	AA_SEV_CRITICAL,
};

/* OWASP Mobile Top 10 (2016) categories a check maps to. */
#define AA_OWASP_M4 0x1u /* Insecure Authentication */
#define AA_OWASP_M6 0x2u /* Insecure Authorization */

/* Flags. */
#define AA_CHECK_PRIVACY 0x1u /* scored as privacy risk, not security */
#define AA_CHECK_SOFTKEY 0x2u /* FIDO "S": needs the software key */
#define AA_CHECK_OFFLINE 0x4u /* not part of a live audit (totp scan) */
#define AA_CHECK_INFO    0x8u /* informational: never fails */

struct aa_check_def {
	const char *id;
	const char *module;  /* "factors" "auth" "totp" "totp-backup" "fido" "sms" */
	enum aa_sev severity;
	unsigned owasp;      /* AA_OWASP_* bits; 0 for informational checks */
	int cwe;
	unsigned flags;      /* AA_CHECK_* */
	const char *title;
	const char *remediation;
};

/* Number of checks in the catalog and indexed access (catalog order). */
size_t aa_check_count(void);
const struct aa_check_def *aa_check_at(size_t i);
/* Look up by ID (exact, case-sensitive); NULL if unknown. */
const struct aa_check_def *aa_check_find(const char *id);

const char *aa_status_name(enum aa_status st);   /* "pass" ... "error" */
const char *aa_sev_name(enum aa_sev sev);        /* "info" ... "critical" */
/* Parse "low" etc.; returns 0 or AA_ERR_ARG. */
int aa_sev_parse(const char *s, enum aa_sev *out);

#endif
