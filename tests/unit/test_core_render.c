/*
 * Renderers as a reader and an attacker see them: escaping of target text
 * in html and md, ordering and caps in text, tsv lines, the partial
 * coverage note, and redaction of registered secrets in every format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/report.h"
#include "tests/unit/report_sample.h"
#include "tests/unit/tap.h"

static const char *const formats[] = { "text", "json", "sarif", "md", "html",
    "tsv" };
#define NFMT (sizeof(formats) / sizeof(formats[0]))

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
	char *html = aa_test_render(rep, "html"), *md = aa_test_render(rep, "md");
	char *text = aa_test_render(rep, "text");
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
		char *tsv = aa_test_render(rep, "tsv");
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
	aa_report_add(rep, AA_CK_FIDO_ORIGIN, AA_NOT_TESTED, NULL, "no key");
	aa_report_add(rep, AA_CK_FIDO_UP, AA_PASS, NULL, "up flag checked");
	aa_report_add(rep, AA_CK_FIDO_UV, AA_NOT_TESTED, NULL, "no key");
	aa_rating_compute(rep);
	text = aa_test_render(rep, "text");
	md = aa_test_render(rep, "md");
	html = aa_test_render(rep, "html");
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
		char *out = aa_test_render(rep, formats[i]);

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
		char *out = aa_test_render(rep, formats[i]);

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
	aa_report_add(rep, AA_CK_TOTP_REPLAY, AA_FAIL,
	    json_pack("{s:f, s:i, s:s}", "rtt_ms", 1.00000012,
	    "code", 734921, "note", "tried 000000"), "code 734921 reused");
	aa_rating_compute(rep);
	for (size_t i = 1; i <= 2; i++) {
		char *out = aa_test_render(rep, formats[i]);
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
main(void)
{
	struct aa_report *rep = aa_test_sample_audit();

	ok(rep != NULL, "canned report");
	if (rep == NULL)
		return tap_done();
	test_escaping_and_formats(rep);
	test_low_coverage_note();
	test_redaction(rep);
	test_redaction_structured();
	aa_report_free(&rep);
	return tap_done();
}
