/*
 * The rating (docs/RATING.md, version 1): scores, caps, coverage and the
 * OWASP marks, each on a hand-built report whose outcome is known.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/report.h"
#include "tests/unit/tap.h"

static struct aa_report *
fresh(void)
{
	struct aa_report *rep = NULL;

	if (aa_report_new("audit", &rep) != AA_OK)
		return NULL;
	return rep;
}

static void
add(struct aa_report *rep, const char *id, enum aa_status st)
{
	if (aa_report_add(rep, aa_check_find(id)->cid, st, NULL, "%s",
	    aa_status_name(st)) != AA_OK)
		tap_diag("could not add %s", id);
}

/* Index of the cap naming `check`, or -1. */
static int
cap_of(const struct aa_report *rep, const char *check)
{
	for (size_t i = 0; i < rep->rating.ncaps; i++)
		if (strcmp(rep->rating.caps[i].check, check) == 0)
			return (int)i;
	return -1;
}

static const char *const all_pass[] = {
	"FACTOR-NONE", "FACTOR-PHONE-ONLY", "AUTH-2FA-SKIP", "AUTH-FACTOR-IDOR",
	"AUTH-COOKIE-FLAGS", "AUTH-PHONE-DISCLOSED", "TOTP-REPLAY",
	"TOTP-WINDOW", "FIDO-ORIGIN", "SMS-REPLAY",
};
#define NPASS (sizeof(all_pass) / sizeof(all_pass[0]))

/* Everything passes: Passing, no risk, no caps. */
static void
all_pass_then_critical(void)
{
	struct aa_report *rep;
	int c;

	rep = fresh();
	for (size_t i = 0; i < NPASS; i++)
		add(rep, all_pass[i], AA_PASS);
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Passing", "all pass: Passing");
	is_int(rep->rating.security, 0, "all pass: security risk 0");
	is_int(rep->rating.privacy, 0, "all pass: privacy risk 0");
	is_int((long long)rep->rating.ncaps, 0, "all pass: no caps");
	is_str(rep->rating.m4, "pass", "all pass: M4 pass");
	is_str(rep->rating.m6, "pass", "all pass: M6 pass (AUTH-FACTOR-IDOR ran)");
	is_int((long long)rep->rating.run, (long long)NPASS, "run counts passes");
	is_int(rep->rating.low_coverage, 0, "full coverage is not low");

	/* A critical failure caps at Failing, and the cap names the check. */
	add(rep, "AUTH-2FA-SKIP", AA_FAIL);
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Failing", "critical fail: Failing");
	is_int(rep->rating.security, 40, "critical weighs 40");
	c = cap_of(rep, "AUTH-2FA-SKIP");
	ok(c >= 0, "cap printed for AUTH-2FA-SKIP");
	if (c >= 0) {
		is_str(rep->rating.caps[c].grade, "Failing", "cap grade Failing");
		ok(strstr(rep->rating.caps[c].reason, "critical") != NULL,
		    "cap reason says critical: %s", rep->rating.caps[c].reason);
	}
	is_str(rep->rating.m4, "fail", "critical M4 check fails M4");
	is_str(rep->rating.m6, "pass", "M6 unaffected by an M4-only check");
	aa_report_free(&rep);
}

/* Only phone/e-mail factors in a complete inventory: Average. */
static void
phone_only(void)
{
	struct aa_report *rep;
	int c;

	rep = fresh();
	aa_report_factor(rep, AA_FACTOR_SMS, 1, "probe");
	aa_report_factor(rep, AA_FACTOR_EMAIL, 1, "probe");
	aa_report_factor(rep, AA_FACTOR_CALL, 0, "probe");
	aa_report_factor(rep, AA_FACTOR_TOTP, 0, "probe");
	aa_report_factor(rep, AA_FACTOR_WEBAUTHN, 0, "probe");
	aa_report_factor(rep, AA_FACTOR_PASSKEY, 0, "probe");
	aa_report_factor(rep, AA_FACTOR_PUSH, 0, "directory");
	add(rep, "AUTH-2FA-SKIP", AA_PASS);
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Average", "phone-only inventory: Average");
	c = cap_of(rep, "FACTOR-PHONE-ONLY");
	ok(c >= 0 && strcmp(rep->rating.caps[c].grade, "Average") == 0,
	    "phone-only cap printed");
	ok(c >= 0 && strstr(rep->rating.caps[c].reason, "sms") != NULL,
	    "cap reason lists the factors");
	/* The same through the check itself. */
	aa_report_factor(rep, AA_FACTOR_TOTP, 1, "probe");
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Passing", "a TOTP factor lifts the cap");
	add(rep, "FACTOR-PHONE-ONLY", AA_FAIL);
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Average", "FACTOR-PHONE-ONLY fail: Average");
	is_int(rep->rating.security, 10, "medium weighs 10");
	ok(cap_of(rep, "FACTOR-PHONE-ONLY") >= 0, "its cap is printed");
	aa_report_free(&rep);
}

/* Unknown factors prove nothing: no cap from a partial inventory. */
static void
partial_inventory(void)
{
	struct aa_report *rep;

	rep = fresh();
	aa_report_factor(rep, AA_FACTOR_SMS, 1, "probe");
	add(rep, "SMS-REPLAY", AA_PASS);
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Passing", "partial inventory: no cap");
	aa_report_free(&rep);
}

/* No factor at all (every factor known absent): Failing. */
static void
empty_inventory(void)
{
	struct aa_report *rep;

	rep = fresh();
	for (int f = 0; f < AA_FACTOR_COUNT; f++)
		aa_report_factor(rep, (enum aa_factor)f, 0, "probe");
	add(rep, "DISCOVERY-ROPC", AA_PASS);
	aa_rating_compute(rep);
	is_str(rep->rating.grade, "Failing", "empty inventory: Failing");
	ok(cap_of(rep, "FACTOR-NONE") >= 0, "FACTOR-NONE cap printed");
	aa_report_free(&rep);
}

/* FACTOR-NONE failing is a critical cap naming it; recompute is stable. */
static void
factor_none_cap(void)
{
	struct aa_report *rep;
	int c;

	rep = fresh();
	add(rep, "FACTOR-NONE", AA_FAIL);
	add(rep, "FACTOR-SMS-FALLBACK", AA_PASS);
	aa_rating_compute(rep);
	{
		struct aa_rating first = rep->rating;

		is_str(rep->rating.grade, "Failing", "FACTOR-NONE fail: Failing");
		c = cap_of(rep, "FACTOR-NONE");
		ok(c >= 0 && strcmp(rep->rating.caps[c].grade, "Failing") == 0,
		    "FACTOR-NONE cap printed");
		aa_rating_compute(rep);
		ok(strcmp(first.grade, rep->rating.grade) == 0 &&
		    first.security == rep->rating.security &&
		    first.ncaps == rep->rating.ncaps &&
		    memcmp(first.caps, rep->rating.caps, sizeof(first.caps)) == 0,
		    "rating is deterministic");
	}
	aa_report_free(&rep);
}

/* A high failure caps at Average although its score is low. */
static void
high_failure(void)
{
	struct aa_report *rep;

	rep = fresh();
	add(rep, "TOTP-REPLAY", AA_FAIL);
	add(rep, "TOTP-WINDOW", AA_PASS);
	aa_rating_compute(rep);
	is_int(rep->rating.security, 20, "high weighs 20");
	is_str(rep->rating.grade, "Average", "high fail: Average");
	ok(cap_of(rep, "TOTP-REPLAY") >= 0, "high cap printed");
	aa_report_free(&rep);
}

/* M4/M6 fail only at medium and above. */
static void
owasp_marks(void)
{
	struct aa_report *rep;

	rep = fresh();
	add(rep, "AUTH-COOKIE-FLAGS", AA_FAIL);
	aa_rating_compute(rep);
	is_str(rep->rating.m4, "pass", "low fail leaves M4 pass");
	is_str(rep->rating.m6, "not_tested", "no M6 check ran: not_tested");
	is_str(rep->rating.grade, "Passing", "one low fail: Passing");
	is_int(rep->rating.security, 4, "low weighs 4");
	add(rep, "AUTH-SESSION-FIXATION", AA_FAIL);
	add(rep, "AUTH-DISABLE-NO-REAUTH", AA_FAIL);
	aa_rating_compute(rep);
	is_str(rep->rating.m4, "fail", "medium fail: M4 fail");
	is_str(rep->rating.m6, "fail", "high M6 fail: M6 fail");
	add(rep, "DISCOVERY-PASSKEYS", AA_FAIL);
	aa_rating_compute(rep);
	is_int(rep->rating.security, 34, "informational check never scores");
	is_str(rep->rating.grade, "Average", "34 is in the Average band");
	aa_report_free(&rep);
}

/* Privacy checks feed the privacy score, not the security score. */
static void
privacy(void)
{
	struct aa_report *rep;

	rep = fresh();
	add(rep, "AUTH-PHONE-DISCLOSED", AA_FAIL);
	aa_rating_compute(rep);
	is_int(rep->rating.privacy, 20, "privacy low weighs 20");
	is_int(rep->rating.security, 0, "privacy fail adds no security risk");
	is_str(rep->rating.grade, "Passing", "one privacy finding: Passing");
	add(rep, "FIDO-ENUMERATION", AA_FAIL);
	aa_rating_compute(rep);
	is_int(rep->rating.privacy, 40, "two privacy findings: 40");
	is_str(rep->rating.grade, "Average", "privacy risk lowers the grade");
	aa_report_free(&rep);
}

/* Scores saturate at 100; many criticals are Failing by score too. */
static void
saturation(void)
{
	struct aa_report *rep;

	rep = fresh();
	add(rep, "AUTH-2FA-SKIP", AA_FAIL);
	add(rep, "AUTH-OTP-EMPTY", AA_FAIL);
	add(rep, "TOTP-BRUTEFORCE", AA_FAIL);
	aa_rating_compute(rep);
	is_int(rep->rating.security, 100, "score capped at 100");
	is_int((long long)rep->rating.ncaps, 3, "one cap per critical failure");
	aa_report_free(&rep);
}

/* Coverage: under half of the applicable checks ran -> flagged. */
static void
coverage(void)
{
	struct aa_report *rep;

	rep = fresh();
	add(rep, "TOTP-REPLAY", AA_PASS);
	add(rep, "TOTP-WINDOW", AA_PASS);
	add(rep, "FIDO-ORIGIN", AA_NOT_TESTED);
	add(rep, "FIDO-RPID", AA_NOT_TESTED);
	add(rep, "FIDO-TYPE", AA_ERROR);
	aa_rating_compute(rep);
	is_int(rep->rating.low_coverage, 1, "2 of 5 ran: low coverage");
	is_int((long long)rep->rating.not_tested, 3, "errors count as not tested");
	is_int((long long)rep->rating.total, 5, "total counts every result");
	add(rep, "FIDO-RPID", AA_NOT_APPLICABLE);
	add(rep, "FIDO-TYPE", AA_NOT_APPLICABLE);
	aa_rating_compute(rep);
	/* not_applicable does not replace not_tested/error (worse wins) */
	is_int(rep->rating.low_coverage, 1, "worse status kept: still low");
	aa_report_free(&rep);

	rep = fresh();
	add(rep, "TOTP-REPLAY", AA_PASS);
	add(rep, "FIDO-ORIGIN", AA_NOT_TESTED);
	add(rep, "FIDO-RPID", AA_NOT_APPLICABLE);
	add(rep, "FIDO-TYPE", AA_NOT_APPLICABLE);
	aa_rating_compute(rep);
	is_int(rep->rating.low_coverage, 0,
	    "1 of 2 applicable ran: not low (n/a excluded)");
	aa_report_free(&rep);

	rep = fresh();
	aa_rating_compute(rep);
	is_int(rep->rating.low_coverage, 1, "empty report: low coverage");
	is_str(rep->rating.m4, "not_tested", "empty report: M4 not_tested");
	aa_report_free(&rep);
}

int
main(void)
{
	all_pass_then_critical();
	phone_only();
	partial_inventory();
	empty_inventory();
	factor_none_cap();
	high_failure();
	owasp_marks();
	privacy();
	saturation();
	coverage();
	return tap_done();
}
