/*
 * One self-contained HTML file: inline CSS and SVG, no scripts, no external
 * resources. Order: executive summary and charts (html_summary.c), run
 * details, the baseline, factors, failed checks with their evidence as
 * HTTP transcripts and curl commands (html_http.c), then the rest. Every
 * string that reaches the page goes through h(), which escapes the five
 * HTML metacharacters, so target data can never become markup.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/report/html.h"
#include "auth-audit/core/version.h"

void
aa_html_text(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void
h(FILE *fp, const char *s)
{
	aa_html_text(fp, s);
}

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:62em;margin:2em auto;"
    "padding:0 1em;color:#1d1d1f}h1{font-size:1.5em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;"
    "vertical-align:top}pre{background:#f4f4f4;padding:.6em;overflow:auto;"
    "white-space:pre-wrap;word-break:break-all}"
    ".grade{font-size:1.6em;font-weight:700;padding:.1em .5em;"
    "border-radius:.3em;color:#fff}.g-Passing{background:#1a7f37}"
    ".g-Average{background:#b58400}.g-Failing{background:#c62828}"
    ".g-Incomplete{background:#6d4c41}.g-none{background:#616161}"
    ".summary{border:1px solid #ccc;border-radius:.4em;padding:0 1em 1em;"
    "margin:1em 0}.scores{margin-left:.8em;color:#444}"
    ".sevs{list-style:none;padding:0;display:flex;gap:1.2em}"
    ".dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;"
    "margin-right:.3em}.chart{max-width:100%;height:auto;font-size:13px}"
    ".warn{background:#fff4ce;padding:.6em;"
    "border-left:4px solid #b58400}.sev{font-weight:700;text-transform:"
    "uppercase}.critical{color:#8e0000}.high{color:#e53935}"
    ".medium{color:#b58400}.low{color:#1e88e5}"
    ".check{border-top:1px solid #ddd;padding-top:.5em}code{font-size:.95em}"
    ".http{margin:.6em 0}.xh{margin:.4em 0 .2em;color:#444}"
    ".tx{background:#f7f7f2}.curl{background:#1d1d1f;color:#f4f4f4;"
    "user-select:all;-webkit-user-select:all}";

static void
head(const struct aa_report *rep, FILE *fp)
{
	const struct aa_rating *rt = &rep->rating;
	char ts[32];

	aa_report_time_iso(rep->started_at, ts, sizeof(ts));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>auth-audit report", fp);
	if (rep->target_name != NULL) {
		fputs(": ", fp);
		h(fp, rep->target_name);
	}
	fprintf(fp, "</title><style>%s</style></head><body>\n<h1>auth-audit "
	    "report", css);
	if (rep->target_name != NULL) {
		fputs(": ", fp);
		h(fp, rep->target_name);
	}
	fputs("</h1>\n", fp);
	aa_html_summary(rep, fp);
	fputs("<h2>Run</h2>\n<table>\n<tr><th>Kind</th><td>", fp);
	h(fp, rep->kind);
	fputs("</td></tr>\n<tr><th>Target</th><td>", fp);
	h(fp, rep->base_url ? rep->base_url : "(none)");
	fprintf(fp, "</td></tr>\n<tr><th>Started</th><td>%s, %lld ms, %lu "
	    "requests</td></tr>\n", ts, rep->duration_ms, rep->requests);
	fprintf(fp, "<tr><th>Security risk</th><td>%d / 100</td></tr>\n"
	    "<tr><th>Privacy risk</th><td>%d / 100</td></tr>\n",
	    rt->security, rt->privacy);
	fprintf(fp, "<tr><th>OWASP Mobile 2016</th><td>M4 %s, M6 %s</td></tr>\n",
	    rt->m4, rt->m6);
	fprintf(fp, "<tr><th>Coverage</th><td>%zu of %zu checks ran, %zu not "
	    "tested</td></tr>\n<tr><th>Rating</th><td>auth-audit-rating "
	    "v%d (docs/RATING.md); risk 0 = none found, 100 = worst</td></tr>"
	    "\n</table>\n", rt->run, rt->total, rt->not_tested,
	    AA_RATING_VERSION);
	if (rt->low_coverage)
		fputs("<p class=\"warn\"><strong>Grade based on partial "
		    "coverage:</strong> fewer than half of the applicable "
		    "checks ran.</p>\n", fp);
	if (rt->ncaps == 0)
		return;
	fputs("<h2>Grade caps</h2>\n<ul>\n", fp);
	for (size_t i = 0; i < rt->ncaps; i++) {
		fputs("<li><strong>", fp);
		h(fp, rt->caps[i].grade);
		fputs("</strong> by <code>", fp);
		h(fp, rt->caps[i].check);
		fputs("</code>: ", fp);
		h(fp, rt->caps[i].reason);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

static void
factors(const struct aa_report *rep, FILE *fp)
{
	struct aa_report_factor_row rows[AA_FACTOR_COUNT];
	size_t n = aa_report_factor_rows(rep, rows);

	if (n == 0)
		return;
	fputs("<h2>Second factors</h2>\n<table><tr><th>Factor</th><th>Offered"
	    "</th><th>Sources</th></tr>\n", fp);
	for (size_t k = 0; k < n; k++) {
		fprintf(fp, "<tr><td>%s</td><td>%s</td><td>", rows[k].name,
		    rows[k].offered ? "yes" : "no");
		aa_report_strings_put(fp, rows[k].sources, h);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void
failed(const struct aa_result *r, FILE *fp)
{
	const struct aa_check_def *d = r->def;
	const char *o16 = aa_report_owasp2016(d->owasp);
	char *ev;

	fprintf(fp, "<div class=\"check\" id=\"%s\"><h3><span class=\"sev %s\">"
	    "%s</span> <code>%s</code> ", d->id, aa_sev_name(d->severity),
	    aa_sev_name(d->severity), d->id);
	h(fp, d->title);
	fputs("</h3>\n<p>", fp);
	h(fp, r->summary);
	fprintf(fp, "</p>\n<p>Module %s; OWASP Mobile 2016 %s; "
	    "<a href=\"https://cwe.mitre.org/data/definitions/%d.html\">"
	    "CWE-%d</a>; risk points %d</p>\n<p><strong>Remediation:</strong> ",
	    d->module, o16 ? o16 : "none", d->cwe, d->cwe, aa_rating_points(r));
	h(fp, d->remediation);
	fputs("</p>\n", fp);
	if (r->evidence != NULL && json_object_size(r->evidence) > 0) {
		fputs("<h4>Evidence</h4>\n", fp);
		aa_html_loss_chart(fp, r->evidence);
		aa_html_exchanges(fp, r->evidence);
	}
	if ((ev = aa_report_evidence_dump(r)) != NULL) {
		fputs("<details><summary>Evidence as recorded (JSON)</summary>"
		    "<pre>", fp);
		h(fp, ev);
		fputs("</pre></details>\n", fp);
		free(ev);
	}
	fputs("</div>\n", fp);
}

static int
render(const struct aa_report *rep, FILE *fp,
    const struct aa_render_opts *opts)
{
	size_t *order = aa_report_order(rep, 1), nfail, counts[5];
	int r = AA_ERR_NOMEM;

	(void)opts;
	if (order == NULL && rep->nresults != 0)
		goto out;
	head(rep, fp);
	aa_html_baseline(rep, fp);
	factors(rep, fp);
	aa_report_count(rep, counts);
	nfail = counts[AA_FAIL];
	fprintf(fp, "<h2>Failed checks (%zu)</h2>\n", nfail);
	if (nfail == 0)
		fputs("<p>None.</p>\n", fp);
	for (size_t i = 0; i < nfail; i++)
		failed(&rep->results[order[i]], fp);
	/* A passed loss estimate is still what a product team budgets. */
	for (size_t i = nfail; i < rep->nresults; i++) {
		const struct aa_result *res = &rep->results[order[i]];

		if (res->status != AA_PASS || res->evidence == NULL ||
		    json_object_get(res->evidence, "no_controls") == NULL)
			continue;
		fprintf(fp, "<h2>%s: estimate</h2>\n<p>", res->def->id);
		h(fp, res->summary);
		fputs("</p>\n", fp);
		aa_html_loss_chart(fp, res->evidence);
	}
	if (rep->nresults > nfail) {
		fputs("<h2>Other results</h2>\n<table><tr><th>Check</th><th>"
		    "Status</th><th>Severity</th><th>Summary</th></tr>\n", fp);
		for (size_t i = nfail; i < rep->nresults; i++) {
			const struct aa_result *res = &rep->results[order[i]];

			fprintf(fp, "<tr><td><code>%s</code></td><td>%s</td>"
			    "<td>%s</td><td>", res->def->id,
			    aa_status_name(res->status),
			    aa_sev_name(res->def->severity));
			h(fp, res->summary);
			fputs("</td></tr>\n", fp);
		}
		fputs("</table>\n", fp);
	}
	fprintf(fp, "<p><small>auth-audit %s</small></p>\n</body></html>\n",
	    AA_VERSION);
	r = ferror(fp) ? AA_ERR_IO : AA_OK;
out:
	free(order);
	return r;
}

const struct aa_report_format aa_report_format_html = {
	.name = "html",
	.render = render,
};
