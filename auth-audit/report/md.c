/*
 * Markdown report for people: executive summary, run details, caps, the
 * baseline per account, factors, each failed check with evidence and
 * remediation, then a table of the rest. All text
 * from the target (summaries, evidence) is escaped or fenced so it cannot
 * turn into markup or links.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/core/version.h"

/*
 * Inline text (never at the start of a line, so list and heading markers
 * are harmless): backslash-escape what could form markup, links, tables
 * or HTML, and flatten lines.
 */
static void
md_text(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			fputc(' ', fp);
		else if (strchr("\\`*_[]<>|~!&", *s) != NULL)
			fprintf(fp, "\\%c", *s);
		else
			fputc(*s, fp);
	}
}

/* A fenced block whose fence is longer than any backtick run inside. */
static void
md_fence(FILE *fp, const char *lang, const char *body)
{
	size_t run = 0, max = 0, n;

	for (const char *p = body; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	n = max < 3 ? 3 : max + 1;
	for (size_t i = 0; i < n; i++)
		fputc('`', fp);
	fprintf(fp, "%s\n%s\n", lang, body);
	for (size_t i = 0; i < n; i++)
		fputc('`', fp);
	fputc('\n', fp);
}

/* Grade, the caps in one sentence, findings by severity. */
static void
exec_summary(const struct aa_report *rep, FILE *fp)
{
	size_t sev[AA_REPORT_NSEV], n = 0;
	char caps[2048];

	aa_report_sev_counts(rep, sev);
	for (int s = 0; s < AA_REPORT_NSEV; s++)
		n += sev[s];
	aa_report_caps_sentence(rep, caps, sizeof(caps));
	fprintf(fp, "## Summary\n\n**Grade: %s** (security risk %d / 100, "
	    "privacy risk %d / 100)\n\n", aa_report_grade_label(rep),
	    rep->rating.security, rep->rating.privacy);
	md_text(fp, caps);
	fprintf(fp, "\n\n%zu finding%s: ", n, n == 1 ? "" : "s");
	for (int s = AA_REPORT_NSEV - 1; s >= 0; s--)
		fprintf(fp, "%zu %s%s", sev[s], aa_sev_name((enum aa_sev)s),
		    s > 0 ? ", " : "");
	fprintf(fp, "; %zu of %zu checks ran.\n\n", rep->rating.run,
	    rep->rating.total);
}

static const char *
tri(int v, const char *yes, const char *no)
{
	return v == 1 ? yes : v == 0 ? no : "unknown";
}

/* What the audit established per account, before the findings. */
static void
baseline(const struct aa_report *rep, FILE *fp)
{
	struct aa_report_baseline_row rows[8];
	size_t n = aa_report_baseline_rows(rep, rows, 8);

	if (n == 0)
		return;
	fprintf(fp, "## Baseline\n\n| Account | Password login | Second "
	    "factor required | Enrolled by the audit | Proved | Removed at "
	    "the end |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		fputs("| ", fp);
		md_text(fp, rows[i].username ? rows[i].username : "?");
		fprintf(fp, " | %s | %s | ", tri(rows[i].login, "accepted",
		    "refused"), tri(rows[i].required, "yes", "no"));
		md_text(fp, rows[i].enrolled);
		fputs(" | ", fp);
		md_text(fp, rows[i].proved);
		fprintf(fp, " | %s |\n", rows[i].nothing_enrolled ?
		    "nothing to remove" : rows[i].removed ? "yes" :
		    "**no: remove by hand**");
	}
	fputc('\n', fp);
	for (size_t i = 0; i < n; i++)
		if (rows[i].why != NULL) {
			fputs("- ", fp);
			md_text(fp, rows[i].username ? rows[i].username : "?");
			fputs(": ", fp);
			md_text(fp, rows[i].why);
			fputs(i + 1 == n ? "\n\n" : "\n", fp);
		}
}

static void
summary(const struct aa_report *rep, FILE *fp)
{
	const struct aa_rating *rt = &rep->rating;
	char ts[32];

	aa_report_time_iso(rep->started_at, ts, sizeof(ts));
	fprintf(fp, "# auth-audit report");
	if (rep->target_name != NULL) {
		fputs(": ", fp);
		md_text(fp, rep->target_name);
	}
	fputs("\n\n", fp);
	exec_summary(rep, fp);
	fprintf(fp, "## Run\n\n| | |\n|---|---|\n| Kind | ");
	md_text(fp, rep->kind);
	fprintf(fp, " |\n| Target | ");
	md_text(fp, rep->base_url ? rep->base_url : "(none)");
	fprintf(fp, " |\n| Started | %s, %lld ms, %lu requests |\n", ts,
	    rep->duration_ms, rep->requests);
	fprintf(fp, "| **Grade** | **%s** (rating v%d, docs/RATING\\.md) |\n",
	    aa_report_grade_label(rep), AA_RATING_VERSION);
	fprintf(fp, "| Security risk | %d / 100 |\n| Privacy risk | %d / 100 |\n",
	    rt->security, rt->privacy);
	fprintf(fp, "| OWASP Mobile 2016 | M4 %s, M6 %s |\n", rt->m4, rt->m6);
	fprintf(fp, "| Coverage | %zu of %zu checks ran, %zu not tested |\n\n",
	    rt->run, rt->total, rt->not_tested);
	fprintf(fp, "Risk scores run from 0 (no risk found) to 100.\n\n");
	if (rt->low_coverage)
		fprintf(fp, "> **Warning: grade based on partial coverage.** "
		    "Fewer than half of the applicable checks ran.\n\n");
	if (rt->ncaps != 0) {
		fprintf(fp, "## Grade caps\n\n");
		for (size_t i = 0; i < rt->ncaps; i++) {
			fprintf(fp, "- **%s** by `%s`: ", rt->caps[i].grade,
			    rt->caps[i].check);
			md_text(fp, rt->caps[i].reason);
			fputc('\n', fp);
		}
		fputc('\n', fp);
	}
}

static void
factors(const struct aa_report *rep, FILE *fp)
{
	struct aa_report_factor_row rows[AA_FACTOR_COUNT];
	size_t n = aa_report_factor_rows(rep, rows);

	if (n == 0)
		return;
	fprintf(fp, "## Second factors\n\n| Factor | Offered | Sources |\n"
	    "|---|---|---|\n");
	for (size_t k = 0; k < n; k++) {
		fprintf(fp, "| %s | %s | ", rows[k].name,
		    rows[k].offered ? "yes" : "no");
		aa_report_strings_put(fp, rows[k].sources, md_text);
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
}

static void
failed(const struct aa_result *r, FILE *fp)
{
	const struct aa_check_def *d = r->def;
	const char *o16 = aa_report_owasp2016(d->owasp);
	char *ev;

	fprintf(fp, "### %s: `%s` ", aa_sev_name(d->severity), d->id);
	md_text(fp, d->title);
	fprintf(fp, "\n\nObserved: ");
	md_text(fp, r->summary);
	fprintf(fp, "\n\n- Module: %s; OWASP Mobile 2016: %s; CWE-%d; "
	    "risk points: %d\n- Remediation: ", d->module, o16 ? o16 : "none",
	    d->cwe, aa_rating_points(r));
	md_text(fp, d->remediation);
	fputs("\n\n", fp);
	if ((ev = aa_report_evidence_dump(r)) != NULL) {
		fputs("Evidence:\n\n", fp);
		md_fence(fp, "json", ev);
		fputc('\n', fp);
		free(ev);
	}
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
	summary(rep, fp);
	baseline(rep, fp);
	factors(rep, fp);
	aa_report_count(rep, counts);
	nfail = counts[AA_FAIL];
	fprintf(fp, "## Failed checks (%zu)\n\n", nfail);
	if (nfail == 0)
		fprintf(fp, "None.\n\n");
	for (size_t i = 0; i < nfail; i++)
		failed(&rep->results[order[i]], fp);
	if (rep->nresults > nfail) {
		fprintf(fp, "## Other results\n\n| Check | Status | Severity |"
		    " Summary |\n|---|---|---|---|\n");
		for (size_t i = nfail; i < rep->nresults; i++) {
			const struct aa_result *res = &rep->results[order[i]];

			fprintf(fp, "| `%s` | %s | %s | ", res->def->id,
			    aa_status_name(res->status),
			    aa_sev_name(res->def->severity));
			md_text(fp, res->summary);
			fputs(" |\n", fp);
		}
		fputc('\n', fp);
	}
	r = ferror(fp) ? AA_ERR_IO : AA_OK;
out:
	free(order);
	return r;
}

const struct aa_report_format aa_report_format_md = {
	.name = "md",
	.render = render,
};
