/* Canned reports for the report tests (see report_sample.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "tests/unit/report_sample.h"

/* A small audit with every status, factors, evidence and a leaked seed. */
struct aa_report *
aa_test_sample_audit(void)
{
	struct aa_report *rep = NULL;

	if (aa_report_new("audit", &rep) != AA_OK)
		return NULL;
	rep->target_name = strdup("lab-a");
	rep->base_url = strdup("http://127.0.0.1:8080");
	/* As a profile load gives them (tests/cli/0100 checks real ones). */
	rep->artifact = strdup("profiles/lab-a.json");
	rep->artifact_lines = json_pack("{s:i, s:i}", "login", 9,
	    "totp_verify", 17);
	rep->artifact_line = 8;
	rep->started_at = 1795255200; /* 2026-11-21T10:00:00Z */
	rep->duration_ms = 1234;
	rep->requests = 321;
	aa_report_factor(rep, AA_FACTOR_TOTP, 1, "profile step totp_verify");
	aa_report_factor(rep, AA_FACTOR_SMS, 1, "2fa.directory");
	aa_report_factor(rep, AA_FACTOR_WEBAUTHN, 0, "probe");
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_FAIL,
	    json_pack("{s:s, s:i, s:s}", "step", "totp_verify", "status", 200,
	    "seed", SECRET), "the same code was accepted twice (seed %s)",
	    SECRET);
	aa_report_add(rep, AA_CK_AUTH_PHONE_DISCLOSED, AA_FAIL,
	    json_pack("{s:s}", "body", XSS), "page shows %s", XSS);
	aa_report_add(rep, AA_CK_AUTH_COOKIE_FLAGS, AA_FAIL,
	    json_pack("{s:s, s:[s]}", "request", "password=" PASSWORD,
	    PASSWORD, "x"), "cookie sid lacks SameSite (login with %s)",
	    PASSWORD);
	aa_report_add(rep, AA_CK_AUTH_2FA_SKIP, AA_PASS, NULL,
	    "protected resource answered 401 after the password step");
	aa_report_add(rep, AA_CK_TOTP_WINDOW, AA_PASS, NULL, "window is +-1 step");
	aa_report_add(rep, AA_CK_FIDO_ORIGIN, AA_NOT_TESTED, NULL,
	    "profile has no webauthn_register step");
	aa_report_add(rep, AA_CK_SMS_REPLAY, AA_ERROR, NULL, "target answered 500");
	aa_report_add(rep, AA_CK_TOTP_BACKUP_PLAINTEXT, AA_NOT_APPLICABLE, NULL,
	    "offline check");
	aa_rating_compute(rep);
	return rep;
}

/* An offline scan: findings located in files, no target URL. */
struct aa_report *
aa_test_sample_scan(void)
{
	struct aa_report *rep = NULL;

	if (aa_report_new("totp-scan", &rep) != AA_OK)
		return NULL;
	rep->started_at = 1795255200;
	rep->artifact = strdup("backups");
	/* The evidence shapes of totp/scan: files, hits with lines. */
	aa_report_add(rep, AA_CK_TOTP_SEED_EXPOSED, AA_FAIL,
	    json_pack("{s:i, s:[{s:s, s:i, s:[{s:i, s:s, s:s}, {s:i, s:s,"
	    " s:s}]}]}", "seeds", 2, "files", "file", "logs/app.log",
	    "seeds", 2,
	    "hits", "line", 12, "kind", "otpauth URI", "secret",
	    "JBSW\u2026(160 bits)", "line", 40, "kind", "base32 seed", "secret",
	    "GEZD\u2026(160 bits)"), "otpauth URI in a log file");
	aa_report_add(rep, AA_CK_TOTP_BACKUP_PLAINTEXT, AA_FAIL,
	    json_pack("{s:i, s:[{s:s, s:s, s:i}]}", "plaintext_backups", 1,
	    "files", "file", "backups/aegis.json", "format", "aegis",
	    "entries", 3), "Aegis vault without encryption");
	aa_report_add(rep, AA_CK_TOTP_BACKUP_WEAK_KDF, AA_PASS, NULL,
	    "scrypt N=2^15");
	aa_report_add(rep, AA_CK_TOTP_BACKUP_DUPLICATE, AA_NOT_TESTED, NULL,
	    "one entry only");
	aa_rating_compute(rep);
	return rep;
}

/* Render to a malloc'd string (NULL on error). */
char *
aa_test_render(const struct aa_report *rep, const char *fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int r;

	if (fp == NULL)
		return NULL;
	r = aa_report_render(rep, fmt, fp);
	fclose(fp);
	if (r != AA_OK) {
		free(text);
		return NULL;
	}
	return text;
}
