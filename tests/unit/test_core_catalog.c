/*
 * The catalog must hold exactly the IDs of the contract (checks.md), each
 * once, with complete metadata. The expected list is written out here so a
 * rename or a dropped row in catalog.c fails this test.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/catalog/check.h"
#include "auth-audit/core/err.h"
#include "tests/unit/tap.h"

static const char *const expected[] = {
	"FACTOR-NONE", "FACTOR-PHONE-ONLY", "FACTOR-NO-PHISHING-RESISTANT",
	"FACTOR-SMS-FALLBACK", "DISCOVERY-ROPC", "DISCOVERY-PASSKEYS",
	"AUTH-2FA-SKIP", "AUTH-OTP-EMPTY", "AUTH-OTP-NOT-BOUND",
	"AUTH-TRUSTED-HEADER", "AUTH-DISABLE-NO-REAUTH", "AUTH-FACTOR-IDOR",
	"AUTH-SESSION-FIXATION", "AUTH-LOGOUT", "AUTH-RECOVERY-REUSE",
	"AUTH-RECOVERY-WEAK", "AUTH-COOKIE-FLAGS", "AUTH-PHONE-DISCLOSED",
	"TOTP-REPLAY", "TOTP-WINDOW", "TOTP-BRUTEFORCE", "TOTP-LOCKOUT-BYPASS",
	"TOTP-SEED-WEAK", "TOTP-SEED-REDISCLOSED", "TOTP-ENROLL-UNVERIFIED",
	"TOTP-URI-NONSTANDARD",
	"TOTP-BACKUP-PLAINTEXT", "TOTP-BACKUP-WEAK-KDF", "TOTP-BACKUP-SEED-WEAK",
	"TOTP-BACKUP-DUPLICATE", "TOTP-SEED-EXPOSED",
	"FIDO-NOT-OFFERED", "FIDO-REGISTER-UNAUTH", "FIDO-ORIGIN",
	"FIDO-CROSS-ORIGIN", "FIDO-RPID",
	"FIDO-TYPE", "FIDO-CHALLENGE", "FIDO-REPLAY", "FIDO-SIGNATURE",
	"FIDO-UP", "FIDO-UV", "FIDO-COUNTER", "FIDO-CRED-NOT-BOUND",
	"FIDO-CRED-UNKNOWN", "FIDO-CRED-SUBSTITUTION", "FIDO-ATTESTATION",
	"FIDO-ALG", "FIDO-CHALLENGE-WEAK", "FIDO-USER-HANDLE-PII",
	"FIDO-ENUMERATION",
	"SMS-CODE-LEAK", "SMS-BRUTEFORCE", "SMS-REPLAY", "SMS-OTP-WEAK",
	"SMS-RATE-NUMBER", "SMS-RATE-CLIENT", "SMS-SEQUENTIAL", "SMS-GEO",
	"SMS-ANON-TRIGGER", "SMS-PUMPING-EXPOSURE",
};
#define NEXP (sizeof(expected) / sizeof(expected[0]))

/* Spot checks of the spec table: severity and OWASP columns. */
static const struct {
	const char *id;
	enum aa_sev sev;
	unsigned owasp;
} spot[] = {
	{ "FACTOR-NONE", AA_SEV_CRITICAL, AA_OWASP_M4 },
	{ "AUTH-OTP-NOT-BOUND", AA_SEV_CRITICAL, AA_OWASP_M4 | AA_OWASP_M6 },
	{ "AUTH-DISABLE-NO-REAUTH", AA_SEV_HIGH, AA_OWASP_M6 },
	{ "AUTH-FACTOR-IDOR", AA_SEV_CRITICAL, AA_OWASP_M6 },
	{ "DISCOVERY-PASSKEYS", AA_SEV_INFO, 0 },
	{ "TOTP-WINDOW", AA_SEV_MEDIUM, AA_OWASP_M4 },
	{ "FIDO-REGISTER-UNAUTH", AA_SEV_CRITICAL, AA_OWASP_M6 },
	{ "FIDO-CRED-SUBSTITUTION", AA_SEV_HIGH, AA_OWASP_M6 },
	{ "FIDO-CRED-NOT-BOUND", AA_SEV_CRITICAL, AA_OWASP_M6 },
	{ "SMS-OTP-WEAK", AA_SEV_MEDIUM, AA_OWASP_M4 },
	{ "TOTP-BACKUP-DUPLICATE", AA_SEV_LOW, AA_OWASP_M4 },
};

static int
is_one_of(const char *id, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(id, list[i]) == 0)
			return 1;
	return 0;
}

static const char *const privacy[] = {
	"AUTH-PHONE-DISCLOSED", "FIDO-USER-HANDLE-PII", "FIDO-ENUMERATION",
};
static const char *const softkey[] = {
	"FIDO-COUNTER", "FIDO-ATTESTATION", "FIDO-ALG",
};

/* Exactly the spec's IDs, each once, with complete metadata. */
static void
ids(void)
{
	size_t n = aa_check_count(), bad;

	is_int((long long)n, (long long)NEXP, "catalog has every spec ID");
	for (size_t i = 0; i < NEXP; i++)
		ok(aa_check_find(expected[i]) != NULL, "%s is in the catalog",
		    expected[i]);
	bad = 0;
	for (size_t i = 0; i < n; i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (!is_one_of(d->id, expected, NEXP)) {
			tap_diag("not in the spec: %s", d->id);
			bad++;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(aa_check_at(j)->id, d->id) == 0) {
				tap_diag("duplicate: %s", d->id);
				bad++;
			}
		if (d->title == NULL || d->title[0] == '\0' ||
		    d->remediation == NULL || strlen(d->remediation) < 20 ||
		    d->cwe <= 0 || d->module == NULL) {
			tap_diag("incomplete metadata: %s", d->id);
			bad++;
		}
		if (aa_check_find(d->id) != d)
			bad++;
	}
	is_int((long long)bad, 0, "no extra, duplicate or incomplete entries");
	ok(aa_check_at(n) == NULL, "index past the end is NULL");
	ok(aa_check_find("totp-replay") == NULL, "lookup is case-sensitive");
	ok(aa_check_find(NULL) == NULL, "NULL lookup");
}

/* Severity and OWASP columns of the spot checks. */
static void
spot_checks(void)
{
	for (size_t i = 0; i < sizeof(spot) / sizeof(spot[0]); i++) {
		const struct aa_check_def *d = aa_check_find(spot[i].id);

		ok(d && d->severity == spot[i].sev && d->owasp == spot[i].owasp,
		    "%s severity and OWASP match the spec", spot[i].id);
	}
}

static void
modules_and_flags(void)
{
	size_t n = aa_check_count(), bad;

	bad = 0;
	for (size_t i = 0; i < n; i++) {
		const struct aa_check_def *d = aa_check_at(i);
		const char *want_mod =
		    strncmp(d->id, "FACTOR-", 7) == 0 ||
		    strncmp(d->id, "DISCOVERY-", 10) == 0 ? "factors" :
		    strncmp(d->id, "AUTH-", 5) == 0 ? "auth" :
		    strncmp(d->id, "TOTP-BACKUP-", 12) == 0 ||
		    strcmp(d->id, "TOTP-SEED-EXPOSED") == 0 ? "totp-backup" :
		    strncmp(d->id, "TOTP-", 5) == 0 ? "totp" :
		    strncmp(d->id, "FIDO-", 5) == 0 ? "fido" : "sms";
		int priv = is_one_of(d->id, privacy, 3);
		int soft = is_one_of(d->id, softkey, 3);
		int offl = strcmp(want_mod, "totp-backup") == 0;
		int info = strcmp(d->id, "DISCOVERY-PASSKEYS") == 0;

		if (strcmp(d->module, want_mod) != 0 ||
		    !!(d->flags & AA_CHECK_PRIVACY) != priv ||
		    !!(d->flags & AA_CHECK_SOFTKEY) != soft ||
		    !!(d->flags & AA_CHECK_OFFLINE) != offl ||
		    !!(d->flags & AA_CHECK_INFO) != info ||
		    (!info && d->owasp == 0)) {
			tap_diag("module/flags wrong: %s", d->id);
			bad++;
		}
	}
	is_int((long long)bad, 0, "modules and flags follow the spec");
}

static void
names(void)
{
	enum aa_sev sev;

	is_str(aa_status_name(AA_NOT_TESTED), "not_tested", "status name");
	is_str(aa_status_name(AA_NOT_APPLICABLE), "not_applicable",
	    "status name n/a");
	is_str(aa_sev_name(AA_SEV_CRITICAL), "critical", "severity name");
	is_int(aa_sev_parse("medium", &sev), AA_OK, "parse medium");
	is_int(sev, AA_SEV_MEDIUM, "parsed value");
	is_int(aa_sev_parse("Medium", &sev), AA_ERR_ARG, "parse is exact");
	is_int(aa_sev_parse(NULL, &sev), AA_ERR_ARG, "parse NULL");
}

int
main(void)
{
	ids();
	spot_checks();
	modules_and_flags();
	names();
	return tap_done();
}
