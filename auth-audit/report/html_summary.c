/*
 * The top of the HTML report: an executive summary (grade, the caps in one
 * sentence, findings by severity), inline SVG charts (findings by module
 * and severity, coverage) and the baseline per account. SVG is written
 * inline: no scripts, no external resources, and every label is text a
 * screen reader and a search can find.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/report/format.h"
#include "auth-audit/report/html.h"

/* Severity colours, info .. critical (the same in the CSS of html.c). */
static const char *const sev_fill[AA_REPORT_NSEV] = {
	"#78909c", "#1e88e5", "#f9a825", "#e53935", "#8e0000",
};

#define CHART_W 640
#define LABEL_W 110
#define BAR_W (CHART_W - LABEL_W - 60)
#define ROW_H 26

static size_t
sum(const size_t c[AA_REPORT_NSEV])
{
	size_t n = 0;

	for (int i = 0; i < AA_REPORT_NSEV; i++)
		n += c[i];
	return n;
}

/* Findings per module, a stacked bar per module, critical first. */
static void
chart_modules(const struct aa_report *rep, FILE *fp)
{
	const char *mods[AA_REPORT_MAXMOD];
	size_t nmod = aa_report_modules(rep, mods), max = 1, c[AA_REPORT_NSEV];
	int h = (int)nmod * ROW_H + 44;

	for (size_t m = 0; m < nmod; m++) {
		aa_report_module_counts(rep, mods[m], c);
		if (sum(c) > max)
			max = sum(c);
	}
	fprintf(fp, "<svg class=\"chart\" role=\"img\" width=\"%d\" height=\"%d"
	    "\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title>Findings by module and severity</title>\n", CHART_W, h,
	    CHART_W, h);
	for (size_t m = 0; m < nmod; m++) {
		int y = (int)m * ROW_H + 4, x = LABEL_W;

		aa_report_module_counts(rep, mods[m], c);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    LABEL_W - 8, y + 16);
		aa_html_text(fp, mods[m]);
		fputs("</text>", fp);
		for (int s = AA_REPORT_NSEV - 1; s >= 0; s--) {
			int w = (int)(c[s] * BAR_W / max);

			if (c[s] == 0)
				continue;
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"20\" fill=\"%s\"><title>%s: %zu %s"
			    "</title></rect>", x, y, w, sev_fill[s], mods[m],
			    c[s], aa_sev_name((enum aa_sev)s));
			x += w;
		}
		fprintf(fp, "<text x=\"%d\" y=\"%d\">%zu</text>\n", x + 6,
		    y + 16, sum(c));
	}
	/* The legend. */
	for (int s = AA_REPORT_NSEV - 1, x = LABEL_W; s >= 0; s--) {
		int y = (int)nmod * ROW_H + 14;

		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s"
		    "</text>", x, y, sev_fill[s], x + 16, y + 11,
		    aa_sev_name((enum aa_sev)s));
		x += 90;
	}
	fputs("</svg>\n", fp);
}

/* Ran / not tested / not applicable as one bar of all checks. */
static void
chart_coverage(const struct aa_report *rep, FILE *fp)
{
	const struct aa_rating *rt = &rep->rating;
	size_t na = rt->total - rt->run - rt->not_tested;
	const size_t part[3] = { rt->run, rt->not_tested, na };
	static const char *const name[3] = { "ran", "not tested",
	    "not applicable" };
	static const char *const fill[3] = { "#2e7d32", "#bdbdbd", "#e0e0e0" };
	int x = 0, w, bw = CHART_W - 2;

	fprintf(fp, "<svg class=\"chart\" role=\"img\" width=\"%d\" "
	    "height=\"50\" viewBox=\"0 0 %d 50\" xmlns=\"http://www.w3.org/"
	    "2000/svg\"><title>Coverage: %zu of %zu checks ran</title>\n",
	    CHART_W, CHART_W, rt->run, rt->total);
	fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"22\" "
	    "fill=\"none\" stroke=\"#9e9e9e\"/>", bw);
	for (int i = 0; i < 3; i++) {
		if (rt->total == 0 || part[i] == 0)
			continue;
		w = (int)(part[i] * (size_t)bw / rt->total);
		fprintf(fp, "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"22\" "
		    "fill=\"%s\"><title>%zu %s</title></rect>", x, w, fill[i],
		    part[i], name[i]);
		x += w;
	}
	for (int i = 0, lx = 0; i < 3; i++) {
		fprintf(fp, "<rect x=\"%d\" y=\"32\" width=\"12\" "
		    "height=\"12\" fill=\"%s\" stroke=\"#9e9e9e\"/>"
		    "<text x=\"%d\" y=\"43\">%zu %s</text>", lx, fill[i],
		    lx + 16, part[i], name[i]);
		lx += 180;
	}
	fputs("</svg>\n", fp);
}

void
aa_html_summary(const struct aa_report *rep, FILE *fp)
{
	const char *label = aa_report_grade_label(rep);
	size_t sev[AA_REPORT_NSEV], nfail;
	char caps[2048];

	aa_report_sev_counts(rep, sev);
	nfail = sum(sev);
	aa_report_caps_sentence(rep, caps, sizeof(caps));
	fprintf(fp, "<section class=\"summary\" id=\"summary\"><h2>Summary"
	    "</h2>\n<p><span class=\"grade g-%s\">", rep->no_grade ? "none" :
	    rep->rating.grade);
	aa_html_text(fp, label);
	fprintf(fp, "</span> <span class=\"scores\">security risk %d / 100, "
	    "privacy risk %d / 100</span></p>\n<p class=\"caps\">",
	    rep->rating.security, rep->rating.privacy);
	aa_html_text(fp, caps);
	fprintf(fp, "</p>\n<p>%zu finding%s", nfail, nfail == 1 ? "" : "s");
	fputs(":</p>\n<ul class=\"sevs\">", fp);
	for (int s = AA_REPORT_NSEV - 1; s >= 0; s--)
		fprintf(fp, "<li><span class=\"dot\" style=\"background:%s\">"
		    "</span>%zu %s</li>", sev_fill[s], sev[s],
		    aa_sev_name((enum aa_sev)s));
	fputs("</ul>\n<h3>Findings by module and severity</h3>\n", fp);
	if (nfail == 0)
		fputs("<p>No check failed.</p>\n", fp);
	else
		chart_modules(rep, fp);
	fprintf(fp, "<h3>Coverage</h3>\n");
	chart_coverage(rep, fp);
	fputs("</section>\n", fp);
}

static const char *
tri(int v, const char *yes, const char *no)
{
	return v == 1 ? yes : v == 0 ? no : "unknown";
}

void
aa_html_baseline(const struct aa_report *rep, FILE *fp)
{
	struct aa_report_baseline_row rows[8];
	size_t n = aa_report_baseline_rows(rep, rows, 8);

	if (n == 0)
		return;
	fputs("<h2 id=\"baseline\">Baseline</h2>\n<p>What the audit "
	    "established on each test account before any check ran: a check "
	    "that needs more than this was not tested.</p>\n<table><tr><th>"
	    "Account</th><th>Password login</th><th>Second factor required"
	    "</th><th>Enrolled by the audit</th><th>Proved (password + "
	    "factor opened the protected step)</th><th>Removed at the end"
	    "</th></tr>\n", fp);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr><td>", fp);
		aa_html_text(fp, rows[i].username ? rows[i].username : "?");
		fprintf(fp, "</td><td>%s</td><td>%s</td><td>",
		    tri(rows[i].login, "accepted", "refused"),
		    tri(rows[i].required, "yes", "no"));
		aa_html_text(fp, rows[i].enrolled);
		fputs("</td><td>", fp);
		aa_html_text(fp, rows[i].proved);
		fprintf(fp, "</td><td>%s</td></tr>\n",
		    rows[i].nothing_enrolled ? "nothing to remove" :
		    rows[i].removed ? "yes" :
		    "NO: remove by hand");
		if (rows[i].why != NULL) {
			fputs("<tr><td></td><td colspan=\"5\">", fp);
			aa_html_text(fp, rows[i].why);
			fputs("</td></tr>\n", fp);
		}
	}
	fputs("</table>\n", fp);
}
