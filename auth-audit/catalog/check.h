/*
 * The check catalog: every check of ../shared/spec/checks.md, generated
 * from the one table in checks.def. Code names a check by its enum value
 * (AA_CK_AUTH_2FA_SKIP); the ID string ("AUTH-2FA-SKIP") is what reports,
 * SARIF rules, the lab's --weak switches and tests key on.
 */
#ifndef AA_CHECK_H
#define AA_CHECK_H

#include <stddef.h>

enum aa_check_id {
#define AA_CHECK(e, ...) AA_CK_##e,
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
	AA_CK_COUNT
};

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

/* When the planner runs a check (checks.def explains each). */
enum aa_phase {
	AA_PHASE_PASSIVE,
	AA_PHASE_MAIN,
	AA_PHASE_SPEND,
	AA_PHASE_LOCK,
	AA_PHASE_INV,
	AA_PHASE_OFFLINE,
};

/* Preconditions (checks.def "needs"). */
#define AA_NEED_2FA            0x001u
#define AA_NEED_FULL           0x002u
#define AA_NEED_CODE           0x004u
#define AA_NEED_TWO            0x008u
#define AA_NEED_TOTP           0x010u
#define AA_NEED_TOTP_ENROLLED  0x020u
#define AA_NEED_SMS            0x040u
#define AA_NEED_RECOVERY       0x080u
#define AA_NEED_WEBAUTHN       0x100u
#define AA_NEED_KEY            0x200u
#define AA_NEED_SOFTKEY        0x400u
#define AA_NEED_CRED           0x800u

struct aa_check_def {
	enum aa_check_id cid;
	const char *id;          /* "AUTH-2FA-SKIP" */
	const char *module;      /* "factors" "auth" "totp" "totp-backup" "fido" "sms" */
	enum aa_sev severity;
	unsigned owasp;          /* AA_OWASP_* bits; 0 for informational checks */
	const char *owasp2024;   /* "M3" or NULL */
	int cwe;
	unsigned flags;          /* AA_CHECK_* */
	enum aa_phase phase;
	unsigned needs;          /* AA_NEED_* */
	const char *steps;       /* profile steps needed, space separated */
	unsigned touches;        /* touches of a real security key */
	const char *title;
	const char *remediation;
};

/* Number of checks and indexed access (table order). */
size_t aa_check_count(void);
const struct aa_check_def *aa_check_at(size_t i);
/* The definition of a check (never NULL for a valid id). */
const struct aa_check_def *aa_check_def(enum aa_check_id id);
/* Its ID string: aa_check_def(id)->id. */
const char *aa_check_name(enum aa_check_id id);
/* Look up by ID string (exact, case-sensitive); NULL if unknown. */
const struct aa_check_def *aa_check_find(const char *id);

const char *aa_status_name(enum aa_status st);   /* "pass" ... "error" */
const char *aa_sev_name(enum aa_sev sev);        /* "info" ... "critical" */
/* Parse "low" etc.; returns 0 or AA_ERR_ARG. */
int aa_sev_parse(const char *s, enum aa_sev *out);

#endif
