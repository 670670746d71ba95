/*
 * The report model and every renderer, on a canned audit.
 *
 *   test_core_report                      run the TAP tests
 *   test_core_report --write-samples DIR  write {report,scan}.{txt,json,
 *                                         sarif,md,html} of the canned audit
 *                                         and offline scan to DIR (used by
 *                                         tests/cli/0100-sarif-validate.t)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/err.h"
#include "auth-audit/redact.h"
#include "auth-audit/report.h"
#include "tests/unit/report_sample.h"
#include "tests/unit/tap.h"

static const char *const formats[] = { "text", "json", "sarif", "md", "html",
    "tsv" };
static const char *const exts[] = { "txt", "json", "sarif", "md", "html",
    "tsv" };
#define NFMT (sizeof(formats) / sizeof(formats[0]))

/* Render to a malloc'd string (NULL on error). */
static char *
render(const struct aa_report *rep, const char *fmt)
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
	is_int(aa_report_add(rep, "NO-SUCH-CHECK", AA_FAIL, json_object(), "x"),
	    AA_ERR_ARG, "unknown ID refused");
	aa_report_add(rep, "TOTP-REPLAY", AA_NOT_TESTED, NULL, "first");
	aa_report_add(rep, "TOTP-REPLAY", AA_PASS, NULL, "second");
	r = aa_report_find(rep, "TOTP-REPLAY");
	ok(r && r->status == AA_PASS && strcmp(r->summary, "second") == 0,
	    "pass replaces not_tested");
	aa_report_add(rep, "TOTP-REPLAY", AA_FAIL, json_pack("{s:i}", "n", 2),
	    "third");
	aa_report_add(rep, "TOTP-REPLAY", AA_PASS, NULL, "fourth");
	r = aa_report_find(rep, "TOTP-REPLAY");
	ok(r && r->status == AA_FAIL && strcmp(r->summary, "third") == 0,
	    "a later pass does not override a fail");
	ok(r && json_integer_value(json_object_get(r->evidence, "n")) == 2,
	    "evidence of the fail kept");
	aa_report_add(rep, "TOTP-REPLAY", AA_ERROR, NULL, "fifth");
	r = aa_report_find(rep, "TOTP-REPLAY");
	ok(r && r->status == AA_FAIL, "error does not override fail");
	is_int((long long)rep->nresults, 1, "one result per ID");
	aa_report_add(rep, "TOTP-WINDOW", AA_PASS, NULL, "multi\nline\tsummary");
	r = aa_report_find(rep, "TOTP-WINDOW");
	is_str(r ? r->summary : NULL, "multi line summary",
	    "summary flattened to one line");
	ok(aa_report_find(rep, "FIDO-UP") == NULL, "find: absent ID");
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

		aa_report_add(rep, "AUTH-OTP-EMPTY", AA_FAIL, NULL, "null code");
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
	char *text = render(rep, "json");
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
	    "rating"), "version")), 1, "rating.version");
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
	char *text = render(rep, "sarif");
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
	is_int((long long)npass, 2, "passing checks are pass results");
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
	json_decref(doc);
	free(text);
}

static int
has_at(const char *p, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(p + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Raw "<script>" outside fenced code blocks (where it is only text). */
static int
md_raw_markup(const char *md)
{
	int fence = 0;

	for (const char *line = md; line && *line; ) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (strncmp(line, "```", 3) == 0)
			fence = !fence;
		else if (!fence && has_at(line, len, "<script>"))
			return 1;
		line = end ? end + 1 : NULL;
	}
	return 0;
}

static void
test_escaping_and_formats(const struct aa_report *rep)
{
	char *html = render(rep, "html"), *md = render(rep, "md");
	char *text = render(rep, "text");
	FILE *devnull = fopen("/dev/null", "w");

	ok(html && strstr(html, "<script>") == NULL, "html escapes markup");
	ok(html && strstr(html, "&lt;script&gt;alert(&quot;x&quot;)") != NULL,
	    "html shows the escaped text");
	ok(html && strstr(html, "<style>") && !strstr(html, "<link") &&
	    !strstr(html, "src="), "html is self-contained");
	ok(md && !md_raw_markup(md), "md escapes HTML outside code blocks");
	ok(md && strstr(md, "\\<script\\>"), "md shows the escaped text");
	ok(md && strstr(md, "## Failed checks (3)"), "md lists failed checks");
	ok(text && strstr(text, "Grade: Average"), "text shows the grade");
	ok(text && strstr(text, "cap Average by TOTP-REPLAY"),
	    "text prints caps with the check");
	ok(text && strstr(text, "\033[") == NULL, "no colour off a tty");
	ok(text && strstr(text, "high     TOTP-REPLAY") <
	    strstr(text, "low      AUTH-COOKIE-FLAGS"), "failed by severity");
	ok(text && strstr(text, "Failed checks") < strstr(text, "Passed"),
	    "failed checks come first");
	{
		char *tsv = render(rep, "tsv");
		size_t lines = 0;

		for (const char *p = tsv; p && *p; p++)
			lines += *p == '\n';
		is_int((long long)lines, 8, "tsv: one line per result");
		ok(tsv && strstr(tsv, "\nTOTP-REPLAY\tfail\thigh\tthe same"),
		    "tsv: ID, status, severity, summary");
		free(tsv);
	}
	is_int(aa_report_render(rep, "pdf", devnull), AA_ERR_ARG,
	    "unknown format refused");
	if (devnull)
		fclose(devnull);
	free(html);
	free(md);
	free(text);
}

static void
test_low_coverage_note(void)
{
	struct aa_report *rep = NULL;
	char *text, *md, *html;

	aa_report_new("audit", &rep);
	aa_report_add(rep, "FIDO-ORIGIN", AA_NOT_TESTED, NULL, "no key");
	aa_report_add(rep, "FIDO-UP", AA_PASS, NULL, "up flag checked");
	aa_report_add(rep, "FIDO-UV", AA_NOT_TESTED, NULL, "no key");
	aa_rating_compute(rep);
	text = render(rep, "text");
	md = render(rep, "md");
	html = render(rep, "html");
	ok(text && strstr(text, "grade based on partial coverage"),
	    "text warns of partial coverage");
	ok(md && strstr(md, "grade based on partial coverage"),
	    "md warns of partial coverage");
	ok(html && strstr(html, "Grade based on partial coverage"),
	    "html warns of partial coverage");
	free(text);
	free(md);
	free(html);
	aa_report_free(&rep);
}

static void
test_redaction(struct aa_report *rep)
{
	struct aa_redact *red = NULL;

	for (size_t i = 0; i < NFMT; i++) {
		char *out = render(rep, formats[i]);

		ok(out && strstr(out, SECRET) != NULL,
		    "%s: secret present without a redactor (test is live)",
		    formats[i]);
		free(out);
	}
	is_int(aa_redact_new(&red), AA_OK, "redactor allocates");
	aa_redact_add(red, SECRET, strlen(SECRET));
	aa_redact_add(red, PASSWORD, strlen(PASSWORD));
	rep->redact = red;
	for (size_t i = 0; i < NFMT; i++) {
		char *out = render(rep, formats[i]);

		ok(out && strstr(out, SECRET) == NULL && strstr(out, "JBSWY3DP")
		    == NULL, "%s: registered secret scrubbed", formats[i]);
		/* Its escaped forms: JSON, HTML, Markdown all keep "9" last. */
		ok(out && strstr(out, "y_*9") == NULL && strstr(out, "y\\_\\*9")
		    == NULL && strstr(out, "Pw") == NULL,
		    "%s: secret with special characters scrubbed", formats[i]);
		free(out);
	}
	rep->redact = NULL;
	aa_redact_free(&red);
}

/* Redaction keeps JSON and SARIF parseable and catches numeric secrets. */
static void
test_redaction_structured(void)
{
	struct aa_report *rep = NULL;
	struct aa_redact *red = NULL;

	aa_report_new("audit", &rep);
	aa_redact_new(&red);
	aa_redact_add(red, "000000", 6);   /* a probe code */
	aa_redact_add(red, "734921", 6);   /* a valid code */
	rep->redact = red;
	rep->duration_ms = 1000000;        /* holds "000000": not a secret */
	aa_report_add(rep, "TOTP-REPLAY", AA_FAIL,
	    json_pack("{s:f, s:i, s:s}", "rtt_ms", 0.07000000000000007,
	    "code", 734921, "note", "tried 000000"), "code 734921 reused");
	aa_rating_compute(rep);
	for (size_t i = 1; i <= 2; i++) {
		char *out = render(rep, formats[i]);
		json_t *doc = out ? json_loads(out, 0, NULL) : NULL;

		ok(doc != NULL, "%s: still valid JSON after redaction",
		    formats[i]);
		ok(out && strstr(out, "734921") == NULL,
		    "%s: numeric secret redacted", formats[i]);
		json_decref(doc);
		free(out);
	}
	rep->redact = NULL;
	aa_redact_free(&red);
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
		char *out = render(rep, formats[i]);

		ok(out && strlen(out) > 200, "%s renderer produces output",
		    formats[i]);
		free(out);
	}
	test_json(rep);
	test_sarif(rep);
	test_escaping_and_formats(rep);
	test_low_coverage_note();
	test_redaction(rep);
	test_redaction_structured();
	aa_report_free(&rep);
	return tap_done();
}
