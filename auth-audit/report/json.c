/*
 * The JSON report of report.md. Members the spec does not name are
 * extensions documented in docs/REPORT.md (report_version, kind, summary,
 * risk_points, coverage.low_coverage, coverage.not_applicable,
 * factor_sources); docs/report.schema.json describes the document.
 */
#include <stdlib.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/core/version.h"

/* json_string() of NULL gives NULL; make that a JSON null instead. */
static json_t *
str_or_null(const char *s)
{
	json_t *v = s != NULL ? json_string(s) : NULL;

	return v != NULL ? v : json_null();
}

static json_t *
result_json(const struct aa_result *r)
{
	const struct aa_check_def *d = r->def;
	const char *o16 = aa_report_owasp2016(d->owasp);
	json_t *ev;

	ev = r->evidence != NULL ? json_deep_copy(r->evidence) : json_object();
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:s, s:s, s:o,"
	    " s:s, s:i}",
	    "id", d->id,
	    "status", aa_status_name(r->status),
	    "severity", aa_sev_name(d->severity),
	    "module", d->module,
	    "owasp2016", str_or_null(o16),
	    "owasp2024", o16 != NULL ? json_string("M3") : json_null(),
	    "cwe", d->cwe,
	    "title", d->title,
	    "summary", r->summary != NULL ? r->summary : "",
	    "evidence", ev != NULL ? ev : json_object(),
	    "remediation", d->remediation,
	    "risk_points", aa_rating_points(r));
}

static json_t *
caps_json(const struct aa_rating *rt)
{
	json_t *caps = json_array();

	for (size_t i = 0; caps != NULL && i < rt->ncaps; i++)
		json_array_append_new(caps, json_pack("{s:s, s:s, s:s}",
		    "grade", rt->caps[i].grade, "reason", rt->caps[i].reason,
		    "check", rt->caps[i].check));
	return caps;
}

static json_t *
factors_json(const struct aa_report *rep)
{
	json_t *o = json_object();

	for (int f = 0; o != NULL && f < AA_FACTOR_COUNT; f++)
		if (rep->factors[f] != -1)
			json_object_set_new(o, aa_factor_name((enum aa_factor)f),
			    json_boolean(rep->factors[f] == 1));
	return o;
}

json_t *
aa_report_json(const struct aa_report *rep)
{
	struct aa_report tmp;
	const struct aa_rating *rt;
	json_t *doc = NULL, *results = NULL, *ret = NULL;
	size_t *order = NULL;
	char ts[32];

	if (rep == NULL)
		goto out;
	rep = aa_report_rated(rep, &tmp);
	rt = &rep->rating;
	aa_report_time_iso(rep->started_at, ts, sizeof(ts));
	results = json_array();
	order = aa_report_order(rep, 0);
	if (results == NULL || (order == NULL && rep->nresults != 0))
		goto out;
	for (size_t i = 0; i < rep->nresults; i++) {
		json_t *r = result_json(&rep->results[order[i]]);

		if (r == NULL || json_array_append_new(results, r) != 0)
			goto out;
	}
	doc = json_pack("{s:i, s:{s:s, s:s}, s:{s:s, s:i}, s:s, s:{s:o, s:o},"
	    " s:s, s:I, s:I, s:s, s:{s:i, s:i}, s:o, s:{s:s, s:s},"
	    " s:{s:I, s:I, s:I, s:I, s:b}, s:o, s:o, s:O}",
	    "report_version", AA_REPORT_FORMAT_VERSION,
	    "tool", "name", "auth-audit", "version", AA_VERSION,
	    "rating", "spec", "auth-audit-rating", "version", AA_RATING_VERSION,
	    "kind", rep->kind != NULL ? rep->kind : "audit",
	    "target", "name", str_or_null(rep->target_name),
	    "base_url", str_or_null(rep->base_url),
	    "started_at", ts,
	    "duration_ms", (json_int_t)rep->duration_ms,
	    "requests", (json_int_t)rep->requests,
	    "grade", rt->grade,
	    "scores", "security", rt->security, "privacy", rt->privacy,
	    "caps", caps_json(rt),
	    "owasp", "M4", rt->m4, "M6", rt->m6,
	    "coverage", "run", (json_int_t)rt->run,
	    "not_tested", (json_int_t)rt->not_tested,
	    "total", (json_int_t)rt->total,
	    "not_applicable",
	    (json_int_t)(rt->total - rt->run - rt->not_tested),
	    "low_coverage", rt->low_coverage,
	    "factors", factors_json(rep),
	    "factor_sources", rep->factor_sources != NULL ?
	    json_deep_copy(rep->factor_sources) : json_object(),
	    "results", results);
	if (doc != NULL && rep->baseline != NULL)
		json_object_set_new(doc, "baseline",
		    json_deep_copy(rep->baseline));
	if (doc != NULL && rep->waits != NULL)
		json_object_set_new(doc, "timing", json_pack("{s:I,s:I,s:o}",
		    "round_trips_ms", (json_int_t)rep->rtt_ms,
		    "waits_ms", (json_int_t)rep->wait_ms,
		    "waits", json_deep_copy(rep->waits)));
	/* A target that never answered has no grade at all. */
	if (doc != NULL && rep->no_grade)
		json_object_set_new(doc, "grade", json_null());
	ret = doc;
	doc = NULL;
out:
	free(order);
	json_decref(results);
	json_decref(doc);
	return ret;
}

static int
render(const struct aa_report *rep, FILE *fp,
    const struct aa_render_opts *opts)
{
	json_t *doc = aa_report_json(rep);
	int r = AA_ERR_NOMEM;

	(void)opts;
	if (doc == NULL)
		goto out;
	r = AA_ERR_IO;
	if (json_dumpf(doc, fp, AA_REPORT_JSON_FLAGS) != 0 ||
	    fputc('\n', fp) == EOF)
		goto out;
	r = AA_OK;
out:
	json_decref(doc);
	return r;
}

const struct aa_report_format aa_report_format_json = {
	.name = "json",
	.structured = 1,
	.render = render,
};
