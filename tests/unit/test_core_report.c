/*
 * The report model, and the JSON and SARIF structure on a canned audit
 * (escaping and redaction: test_core_render.c).
 *
 *   test_core_report                      run the TAP tests
 *   test_core_report --write-samples DIR  write {report,scan}.{txt,json,
 *                                         sarif,md,html,tsv} of the canned audit
 *                                         and offline scan to DIR (used by
 *                                         tests/cli/0100-sarif-validate.t)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/report.h"
#include "tests/unit/report_sample.h"
#include "tests/unit/tap.h"

static const char *const formats[] = { "text", "json", "sarif", "md", "html",
    "tsv" };
static const char *const exts[] = { "txt", "json", "sarif", "md", "html",
    "tsv" };
#define NFMT (sizeof(formats) / sizeof(formats[0]))

static int
write_set(struct aa_report *rep, const char *dir, const char *stem)
{
	int rc = 1;

	if (rep == NULL)
		return 1;
	for (size_t i = 0; i < NFMT; i++) {
		char path[4096];
		FILE *fp;

		snprintf(path, sizeof(path), "%s/%s.%s", dir, stem, exts[i]);
		fp = fopen(path, "w");
		if (fp == NULL || aa_report_render(rep, formats[i], fp) != AA_OK) {
			fprintf(stderr, "cannot write %s\n", path);
			if (fp)
				fclose(fp);
			goto out;
		}
		if (fclose(fp) != 0)
			goto out;
	}
	rc = 0;
out:
	aa_report_free(&rep);
	return rc;
}

static int
write_samples(const char *dir)
{
	return write_set(aa_test_sample_audit(), dir, "report") |
	    write_set(aa_test_sample_scan(), dir, "scan");
}

static void
test_model(void)
{
	struct aa_report *rep = NULL;
	const struct aa_result *r;

	is_int(aa_report_new("audit", &rep), AA_OK, "report allocates");
	is_int(rep->factors[AA_FACTOR_TOTP], -1, "factors start unknown");
	is_int(aa_report_add(rep, AA_CK_COUNT, AA_FAIL, json_object(), "x"),
	    AA_ERR_ARG, "unknown ID refused");
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_NOT_TESTED, NULL, "first");
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_PASS, NULL, "second");
	r = aa_report_find(rep, AA_CK_TOTP_REPLAY);
	ok(r && r->status == AA_PASS && strcmp(r->summary, "second") == 0,
	    "pass replaces not_tested");
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_FAIL, json_pack("{s:i}", "n", 2),
	    "third");
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_PASS, NULL, "fourth");
	r = aa_report_find(rep, AA_CK_TOTP_REPLAY);
	ok(r && r->status == AA_FAIL && strcmp(r->summary, "third") == 0,
	    "a later pass does not override a fail");
	ok(r && json_integer_value(json_object_get(r->evidence, "n")) == 2,
	    "evidence of the fail kept");
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_ERROR, NULL, "fifth");
	r = aa_report_find(rep, AA_CK_TOTP_REPLAY);
	ok(r && r->status == AA_FAIL, "error does not override fail");
	is_int((long long)rep->nresults, 1, "one result per ID");
	aa_report_add(rep, AA_CK_TOTP_WINDOW, AA_PASS, NULL, "multi\nline\tsummary");
	r = aa_report_find(rep, AA_CK_TOTP_WINDOW);
	is_str(r ? r->summary : NULL, "multi line summary",
	    "summary flattened to one line");
	ok(aa_report_find(rep, AA_CK_FIDO_UP) == NULL, "find: absent ID");
	aa_report_factor(rep, AA_FACTOR_SMS, 1, "directory");
	aa_report_factor(rep, AA_FACTOR_SMS, 0, "probe");
	aa_report_factor(rep, AA_FACTOR_SMS, 0, "probe");
	is_int(rep->factors[AA_FACTOR_SMS], 0, "latest factor fact wins");
	is_int((long long)json_array_size(json_object_get(rep->factor_sources,
	    "sms")), 2, "factor sources kept once each");
	is_str(aa_factor_name(AA_FACTOR_RECOVERY_CODES), "recovery_codes",
	    "factor name");
	{
		/* Rendering never shows an uncomputed rating. */
		json_t *doc;

		aa_report_add(rep, AA_CK_AUTH_OTP_EMPTY, AA_FAIL, NULL, "null code");
		doc = aa_report_json(rep);
		is_str(json_string_value(json_object_get(doc, "grade")),
		    "Failing", "unrated report is rated on output");
		json_decref(doc);
		is_str(rep->rating.grade, "", "the model itself is untouched");
	}
	aa_report_free(&rep);
	ok(rep == NULL, "free clears the pointer");
	aa_report_free(&rep);
}

static void
test_json(const struct aa_report *rep)
{
	char *text = aa_test_render(rep, "json");
	json_t *doc, *res, *item;
	json_error_t jerr;
	size_t i, bad = 0;

	doc = text ? json_loads(text, 0, &jerr) : NULL;
	ok(doc != NULL, "JSON report parses");
	is_str(json_string_value(json_object_get(json_object_get(doc, "tool"),
	    "name")), "auth-audit", "tool.name");
	is_str(json_string_value(json_object_get(json_object_get(doc, "rating"),
	    "spec")), "auth-audit-rating", "rating.spec");
	is_int(json_integer_value(json_object_get(json_object_get(doc,
	    "rating"), "version")), 2, "rating.version");
	is_str(json_string_value(json_object_get(json_object_get(doc, "target"),
	    "base_url")), "http://127.0.0.1:8080", "target.base_url");
	is_str(json_string_value(json_object_get(doc, "started_at")),
	    "2026-11-21T10:00:00Z", "started_at is ISO-8601 UTC");
	is_int(json_integer_value(json_object_get(doc, "requests")), 321,
	    "requests");
	is_str(json_string_value(json_object_get(doc, "grade")), "Average",
	    "grade (high TOTP-REPLAY fail caps at Average)");
	is_int(json_integer_value(json_object_get(json_object_get(doc,
	    "scores"), "security")), 24, "scores.security = 20 + 4");
	is_int(json_integer_value(json_object_get(json_object_get(doc,
	    "scores"), "privacy")), 20, "scores.privacy");
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "caps"), 0), "check")), "TOTP-REPLAY",
	    "caps[0].check");
	is_str(json_string_value(json_object_get(json_object_get(doc, "owasp"),
	    "M4")), "fail", "owasp.M4");
	is_int(json_integer_value(json_object_get(json_object_get(doc,
	    "coverage"), "total")), 8, "coverage.total");
	is_int(json_integer_value(json_object_get(json_object_get(doc,
	    "coverage"), "run")), 5, "coverage.run");
	ok(json_is_true(json_object_get(json_object_get(doc, "factors"),
	    "totp")), "factors.totp true");
	ok(json_is_false(json_object_get(json_object_get(doc, "factors"),
	    "webauthn")), "factors.webauthn false");
	ok(json_object_get(json_object_get(doc, "factors"), "push") == NULL,
	    "unknown factors omitted");
	res = json_object_get(doc, "results");
	is_int((long long)json_array_size(res), 8, "one result per check");
	json_array_foreach(res, i, item) {
		static const char *const keys[] = { "id", "status", "severity",
		    "module", "title", "summary", "remediation" };

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			bad += !json_is_string(json_object_get(item, keys[k]));
		bad += !json_is_integer(json_object_get(item, "cwe"));
		bad += !json_is_object(json_object_get(item, "evidence"));
		bad += !json_object_get(item, "owasp2016");
	}
	is_int((long long)bad, 0, "every result has the spec fields");
	item = json_array_get(res, 0);
	is_str(json_string_value(json_object_get(item, "owasp2024")), "M3",
	    "owasp2024");
	json_decref(doc);
	free(text);
}

static void
test_sarif(const struct aa_report *rep)
{
	char *text = aa_test_render(rep, "sarif");
	json_t *doc, *run, *res, *item = NULL;
	size_t i, nfail = 0, npass = 0, nlevel_bad = 0;

	doc = text ? json_loads(text, 0, NULL) : NULL;
	ok(doc != NULL, "SARIF parses");
	is_str(json_string_value(json_object_get(doc, "version")), "2.1.0",
	    "SARIF version");
	run = json_array_get(json_object_get(doc, "runs"), 0);
	is_int((long long)json_array_size(json_object_get(json_object_get(
	    json_object_get(run, "tool"), "driver"), "rules")), 8,
	    "one rule per reported check");
	res = json_object_get(run, "results");
	json_array_foreach(res, i, item) {
		const char *kind = json_string_value(json_object_get(item, "kind"));
		const char *level = json_string_value(json_object_get(item,
		    "level"));

		if (kind && strcmp(kind, "fail") == 0)
			nfail++;
		if (kind && strcmp(kind, "pass") == 0)
			npass++;
		if (kind && level && strcmp(kind, "fail") != 0 &&
		    strcmp(level, "none") != 0)
			nlevel_bad++;
	}
	is_int((long long)nfail, 3, "failed checks are fail results");
	is_int((long long)npass, 0, "passes are left out by default");
	is_int((long long)nlevel_bad, 0, "non-fail results have level none");
	json_array_foreach(res, i, item)
		if (strcmp(json_string_value(json_object_get(item, "ruleId")),
		    "AUTH-COOKIE-FLAGS") == 0)
			break;
	is_str(json_string_value(json_object_get(item, "level")), "note",
	    "a low-severity fail is a note");
	json_array_foreach(res, i, item)
		if (strcmp(json_string_value(json_object_get(item, "ruleId")),
		    "TOTP-REPLAY") == 0)
			break;
	is_str(json_string_value(json_object_get(item, "level")), "error",
	    "a high-severity fail is an error");
	is_int(json_integer_value(json_object_get(json_object_get(
	    json_object_get(json_array_get(json_object_get(item, "locations"),
	    0), "physicalLocation"), "region"), "startLine")), 17,
	    "a live finding sits on the line of its step in the profile");
	is_str(json_string_value(json_object_get(json_object_get(
	    json_object_get(json_array_get(json_object_get(item, "locations"),
	    0), "physicalLocation"), "artifactLocation"), "uri")),
	    "profiles/lab-a.json", "... of the profile file");
	ok(json_string_length(json_object_get(json_object_get(item,
	    "partialFingerprints"), "authAuditFinding/v1")) == 32,
	    "results carry a partial fingerprint");
	is_str(json_string_value(json_object_get(json_object_get(run,
	    "automationDetails"), "id")),
	    "auth-audit/audit/lab-a/2026-11-21T10:00:00Z",
	    "automationDetails: kind and target, then the run");
	json_decref(doc);
	free(text);
}

/* One result per finding of a scan, each where it was found. */
static void
test_sarif_scan(void)
{
	struct aa_report *rep = aa_test_sample_scan();
	char *text;
	json_t *doc = NULL, *res, *item, *loc;
	size_t i, nloc = 0;
	char where[1024] = "";

	text = rep != NULL ? aa_test_render(rep, "sarif") : NULL;
	doc = text ? json_loads(text, 0, NULL) : NULL;
	res = json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
	    "results");
	is_int((long long)json_array_size(res), 3,
	    "two exposed seeds and one plaintext backup: three results");
	json_array_foreach(res, i, item) {
		loc = json_object_get(json_array_get(json_object_get(item,
		    "locations"), 0), "physicalLocation");
		if (loc != NULL)
			nloc++;
		snprintf(where + strlen(where), sizeof(where) - strlen(where),
		    "%s:%lld ", json_string_value(json_object_get(
		    json_object_get(loc, "artifactLocation"), "uri")),
		    json_integer_value(json_object_get(json_object_get(loc,
		    "region"), "startLine")));
	}
	is_int((long long)nloc, 3, "each has a physical location");
	is_str(where, "backups/aegis.json:0 logs/app.log:12 logs/app.log:40 ",
	    "files and lines of the findings");
	json_decref(doc);
	free(text);
	if (rep != NULL) {
		rep->render_flags |= AA_RENDER_SARIF_PASSES;
		text = aa_test_render(rep, "sarif");
		doc = text ? json_loads(text, 0, NULL) : NULL;
		res = json_object_get(json_array_get(json_object_get(doc,
		    "runs"), 0), "results");
		is_int((long long)json_array_size(res), 4,
		    "with passes: the passed check too");
		json_decref(doc);
		free(text);
	}
	aa_report_free(&rep);
}

int
main(int argc, char **argv)
{
	struct aa_report *rep;

	if (argc == 3 && strcmp(argv[1], "--write-samples") == 0)
		return write_samples(argv[2]);
	test_model();
	rep = aa_test_sample_audit();
	ok(rep != NULL, "canned report");
	if (rep == NULL)
		return tap_done();
	for (size_t i = 0; i < NFMT; i++) {
		char *out = aa_test_render(rep, formats[i]);

		ok(out && strlen(out) > 200, "%s renderer produces output",
		    formats[i]);
		free(out);
	}
	test_json(rep);
	test_sarif(rep);
	test_sarif_scan();
	aa_report_free(&rep);
	return tap_done();
}
