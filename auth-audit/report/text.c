/*
 * The terminal summary: the rating first, then failed checks by severity
 * with one line each, then the rest compactly. Colour is decided by the
 * caller (a tty and NO_COLOR unset); the layout never depends on it.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/core/version.h"

#define WRAP 76

struct out {
	FILE *fp;
	int colour;
};

static const char *
esc(const struct out *o, const char *code)
{
	return o->colour ? code : "";
}

#define RESET(o) esc(o, "\033[0m")
#define BOLD(o) esc(o, "\033[1m")

static const char *
grade_colour(const struct out *o, const char *grade)
{
	if (strcmp(grade, "Failing") == 0)
		return esc(o, "\033[1;31m");
	if (strcmp(grade, "Average") == 0)
		return esc(o, "\033[1;33m");
	return esc(o, "\033[1;32m");
}

static const char *
sev_colour(const struct out *o, enum aa_sev sev)
{
	if (sev >= AA_SEV_HIGH)
		return esc(o, "\033[31m");
	if (sev == AA_SEV_MEDIUM)
		return esc(o, "\033[33m");
	return esc(o, "\033[36m");
}

/* Profile-supplied text: no control characters reach the terminal. */
static void
put_clean(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

static void
header(const struct aa_report *rep, const struct out *o)
{
	const struct aa_rating *rt = &rep->rating;
	char ts[32];

	aa_report_time_iso(rep->started_at, ts, sizeof(ts));
	fprintf(o->fp, "%sauth-audit %s%s: %s", BOLD(o), AA_VERSION, RESET(o),
	    rep->kind ? rep->kind : "audit");
	if (rep->target_name != NULL) {
		fputs(" of ", o->fp);
		put_clean(o->fp, rep->target_name);
	}
	if (rep->base_url != NULL) {
		fputs(" (", o->fp);
		put_clean(o->fp, rep->base_url);
		fputc(')', o->fp);
	}
	fprintf(o->fp, "\nstarted %s, %lld ms, %lu requests\n", ts,
	    rep->duration_ms, rep->requests);
	if (rep->waits != NULL) {
		size_t i;
		json_t *w;

		/* Where the time went: the user sees what made a run slow. */
		fprintf(o->fp, "time: round trips %.1f s, announced waits "
		    "%.1f s", rep->rtt_ms / 1000.0, rep->wait_ms / 1000.0);
		json_array_foreach(rep->waits, i, w) {
			fprintf(o->fp, "%s", i == 0 ? " (" : "; ");
			put_clean(o->fp, json_string_value(json_object_get(w,
			    "why")));
			fprintf(o->fp, ": %.1f s", (double)json_integer_value(
			    json_object_get(w, "ms")) / 1000.0);
		}
		fputs(json_array_size(rep->waits) > 0 ? ")\n" : "\n", o->fp);
	}
	fputc('\n', o->fp);
	fprintf(o->fp, "Grade: %s%s%s  (rating v%d, see docs/RATING.md)\n",
	    grade_colour(o, rt->grade), aa_report_grade_label(rep), RESET(o),
	    AA_RATING_VERSION);
	fprintf(o->fp, "  security risk %d/100, privacy risk %d/100 "
	    "(0 = no risk found)\n", rt->security, rt->privacy);
	for (size_t i = 0; i < rt->ncaps; i++)
		fprintf(o->fp, "  cap %s by %s: %s\n", rt->caps[i].grade,
		    rt->caps[i].check, rt->caps[i].reason);
	fprintf(o->fp, "  OWASP Mobile 2016: M4 %s, M6 %s\n", rt->m4, rt->m6);
	fprintf(o->fp, "  coverage: %zu of %zu checks ran, %zu not tested\n",
	    rt->run, rt->total, rt->not_tested);
	if (rt->low_coverage)
		fprintf(o->fp, "  %sWARNING: grade based on partial coverage%s "
		    "(fewer than half of the applicable checks ran)\n",
		    esc(o, "\033[1;33m"), RESET(o));
}

/* What the audit established per account, before any finding. */
static void
baseline(const struct aa_report *rep, const struct out *o)
{
	const json_t *accts = json_object_get(rep->baseline, "accounts"), *a;
	size_t i;

	if (json_array_size(accts) == 0)
		return;
	fprintf(o->fp, "\n%sBaseline%s\n", BOLD(o), RESET(o));
	json_array_foreach(accts, i, a) {
		const json_t *req = json_object_get(a, "second_factor_required");
		char *en = json_dumps(json_object_get(a, "enrolled_by_audit"),
		    JSON_COMPACT), *pr = json_dumps(json_object_get(a, "proved"),
		    JSON_COMPACT);
		const char *why = json_string_value(json_object_get(a,
		    "shortfall"));

		fputs("  ", o->fp);
		put_clean(o->fp, json_string_value(json_object_get(a,
		    "username")));
		fprintf(o->fp, ": login %s; second factor required: %s; "
		    "enrolled %s; proved %s; removed at end: %s\n",
		    json_is_true(json_object_get(a, "login")) ? "ok" : "refused",
		    json_is_null(req) || req == NULL ? "unknown" :
		    json_is_true(req) ? "yes" : "no", en ? en : "[]",
		    pr ? pr : "[]", json_is_true(json_object_get(a,
		    "removed_at_end")) ? "yes" : "no");
		if (why != NULL) {
			fputs("    ", o->fp);
			put_clean(o->fp, why);
			fputc('\n', o->fp);
		}
		free(en);
		free(pr);
	}
}

static void
factors(const struct aa_report *rep, const struct out *o)
{
	int any = 0;

	for (int pass = 1; pass >= 0; pass--) {
		int first = 1;

		for (int f = 0; f < AA_FACTOR_COUNT; f++) {
			if (rep->factors[f] != pass)
				continue;
			if (first)
				fprintf(o->fp, "%s%s", any ? "; " : "  factors ",
				    pass ? "offered: " : "not offered: ");
			fprintf(o->fp, "%s%s", first ? "" : ", ",
			    aa_factor_name((enum aa_factor)f));
			first = 0;
			any = 1;
		}
	}
	if (any)
		fputc('\n', o->fp);
}

static void
failed(const struct aa_report *rep, const size_t *order, const struct out *o)
{
	size_t n, counts[5];

	aa_report_count(rep, counts);
	n = counts[AA_FAIL];
	if (n == 0) {
		fprintf(o->fp, "\nNo failed checks.\n");
		return;
	}
	fprintf(o->fp, "\n%sFailed checks (%zu)%s\n", BOLD(o), n, RESET(o));
	for (size_t i = 0; i < n; i++) {
		const struct aa_result *r = &rep->results[order[i]];

		fprintf(o->fp, "  %s%-8s%s %s  %s\n", sev_colour(o, r->def->severity),
		    aa_sev_name(r->def->severity), RESET(o), r->def->id,
		    r->def->title);
		if (r->summary != NULL && r->summary[0] != '\0')
			fprintf(o->fp, "           %s\n", r->summary);
	}
}

/* IDs of one status, wrapped; with reasons when `why` is set. */
static void
group(const struct aa_report *rep, const size_t *order, const struct out *o,
    enum aa_status st, const char *label, int why)
{
	size_t n = 0, col = 0;

	for (size_t i = 0; i < rep->nresults; i++)
		n += rep->results[i].status == st;
	if (n == 0)
		return;
	fprintf(o->fp, "\n%s (%zu):\n", label, n);
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *r = &rep->results[order[i]];
		size_t len = strlen(r->def->id);

		if (r->status != st)
			continue;
		if (why) {
			fprintf(o->fp, "  %-28s %s\n", r->def->id,
			    r->summary ? r->summary : "");
			continue;
		}
		if (col != 0 && col + len + 2 > WRAP) {
			fputc('\n', o->fp);
			col = 0;
		}
		col += (size_t)fprintf(o->fp, "%s%s", col ? ", " : "  ",
		    r->def->id);
	}
	if (!why)
		fputc('\n', o->fp);
}

static int
render(const struct aa_report *rep, FILE *fp,
    const struct aa_render_opts *opts)
{
	struct out o = { fp, opts->colour };
	size_t *order = NULL;
	int r = AA_ERR_NOMEM;

	order = aa_report_order(rep, 1);
	if (order == NULL && rep->nresults != 0)
		goto out;
	header(rep, &o);
	factors(rep, &o);
	baseline(rep, &o);
	failed(rep, order, &o);
	group(rep, order, &o, AA_ERROR, "Errors", 1);
	group(rep, order, &o, AA_NOT_TESTED, "Not tested", 1);
	group(rep, order, &o, AA_PASS, "Passed", 0);
	group(rep, order, &o, AA_NOT_APPLICABLE, "Not applicable", 0);
	r = ferror(fp) ? AA_ERR_IO : AA_OK;
out:
	free(order);
	return r;
}

const struct aa_report_format aa_report_format_text = {
	.name = "text",
	.render = render,
};
