/*
 * SARIF 2.1.0 log: one run, one rule per check present in the report.
 * Mapping (docs/REPORT.md): fail -> kind "fail" with a level from the
 * severity; pass -> kind "pass"; not_applicable -> kind "notApplicable";
 * not_tested and error are no finding either way, so they are recorded as
 * tool execution notifications naming the rule, not as results.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/core/version.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
	"errata01/os/schemas/sarif-schema-2.1.0.json"

/* SARIF wants message strings to be sentences. */
static json_t *
sentence(const char *s)
{
	size_t n = strlen(s);
	char *t;
	json_t *v;

	if (n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?'))
		return json_pack("{s:s}", "text", s);
	t = malloc(n + 2);
	if (t == NULL)
		return NULL;
	memcpy(t, s, n);
	t[n] = '.';
	t[n + 1] = '\0';
	v = json_pack("{s:s}", "text", t);
	free(t);
	return v;
}

/* AA_CK_TOTP_REPLAY -> "TotpReplay": rule names are identifiers. */
static void
rule_name(const char *id, char *out, size_t outlen)
{
	size_t j = 0;
	int up = 1;

	for (size_t i = 0; id[i] != '\0' && j + 1 < outlen; i++) {
		if (id[i] == '-') {
			up = 1;
			continue;
		}
		out[j++] = up ? (char)toupper((unsigned char)id[i]) :
		    (char)tolower((unsigned char)id[i]);
		up = 0;
	}
	out[j] = '\0';
}

static const char *
level_of(enum aa_sev sev)
{
	if (sev >= AA_SEV_HIGH)
		return "error";
	if (sev == AA_SEV_MEDIUM)
		return "warning";
	return "note";
}

static json_t *
rule_json(const struct aa_check_def *d)
{
	const char *o16 = aa_report_owasp2016(d->owasp);
	char name[64], full[512], uri[96], tag[32];
	json_t *tags;

	rule_name(d->id, name, sizeof(name));
	snprintf(full, sizeof(full), "%s. Check %s of the %s module; "
	    "severity %s; OWASP Mobile 2016 %s; CWE-%d.", d->title, d->id,
	    d->module, aa_sev_name(d->severity), o16 ? o16 : "none", d->cwe);
	snprintf(uri, sizeof(uri), "https://cwe.mitre.org/data/definitions/"
	    "%d.html", d->cwe);
	tags = json_pack("[s]", "security");
	if (tags == NULL)
		return NULL;
	if (d->owasp & AA_OWASP_M4)
		json_array_append_new(tags, json_string("owasp-m4"));
	if (d->owasp & AA_OWASP_M6)
		json_array_append_new(tags, json_string("owasp-m6"));
	if (d->owasp != 0)
		json_array_append_new(tags, json_string("owasp-2024-m3"));
	snprintf(tag, sizeof(tag), "external/cwe/cwe-%d", d->cwe);
	json_array_append_new(tags, json_string(tag));
	snprintf(tag, sizeof(tag), "module-%s", d->module);
	json_array_append_new(tags, json_string(tag));
	if (d->flags & AA_CHECK_PRIVACY)
		json_array_append_new(tags, json_string("privacy"));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:{s:s}, s:{s:s, s:o,"
	    " s:s}}",
	    "id", d->id,
	    "name", name,
	    "shortDescription", sentence(d->title),
	    "fullDescription", sentence(full),
	    "help", sentence(d->remediation),
	    "helpUri", uri,
	    "defaultConfiguration", "level", level_of(d->severity),
	    "properties", "security-severity", aa_report_sev_score(d->severity),
	    "tags", tags,
	    /* Passive factor data may come from a directory, not a probe. */
	    "precision", strcmp(d->module, "factors") == 0 ? "medium" : "high");
}

/*
 * Offline scans name a file (and maybe a line): a physical location. A live
 * audit has no artifact, only the target URL, so it gets a logical
 * location of kind "resource" rather than a fake file position.
 */
static json_t *
location_json(const struct aa_report *rep, const struct aa_result *r)
{
	json_t *file = r->evidence ? json_object_get(r->evidence, "file") : NULL;
	json_t *line = r->evidence ? json_object_get(r->evidence, "line") : NULL;
	char fq[128];

	if (json_is_string(file) && json_is_integer(line) &&
	    json_integer_value(line) > 0)
		return json_pack("[{s:{s:{s:s}, s:{s:I}}}]", "physicalLocation",
		    "artifactLocation", "uri", json_string_value(file),
		    "region", "startLine", json_integer_value(line));
	if (json_is_string(file))
		return json_pack("[{s:{s:{s:s}}}]", "physicalLocation",
		    "artifactLocation", "uri", json_string_value(file));
	if (rep->base_url != NULL)
		return json_pack("[{s:[{s:s, s:s, s:s}]}]", "logicalLocations",
		    "name", r->def->id, "fullyQualifiedName", rep->base_url,
		    "kind", "resource");
	snprintf(fq, sizeof(fq), "%s/%s", r->def->module, r->def->id);
	return json_pack("[{s:[{s:s, s:s, s:s}]}]", "logicalLocations",
	    "name", r->def->id, "fullyQualifiedName", fq, "kind", "module");
}

static json_t *
result_json(const struct aa_report *rep, const struct aa_result *r,
    size_t rule_index)
{
	int fail = r->status == AA_FAIL;
	const char *kind = fail ? "fail" :
	    r->status == AA_PASS ? "pass" : "notApplicable";
	char msg[1200];

	snprintf(msg, sizeof(msg), "%s: %s", r->def->title,
	    r->summary && r->summary[0] ? r->summary : aa_status_name(r->status));
	return json_pack("{s:s, s:I, s:s, s:s, s:o, s:o, s:{s:s, s:i, s:o}}",
	    "ruleId", r->def->id,
	    "ruleIndex", (json_int_t)rule_index,
	    "kind", kind,
	    "level", fail ? level_of(r->def->severity) : "none",
	    "message", sentence(msg),
	    "locations", location_json(rep, r),
	    "properties", "status", aa_status_name(r->status),
	    "risk_points", aa_rating_points(r),
	    "evidence", r->evidence ? json_deep_copy(r->evidence) :
	    json_object());
}

static json_t *
notification_json(const struct aa_result *r, size_t rule_index)
{
	char msg[1200];

	snprintf(msg, sizeof(msg), "%s %s: %s", r->def->id,
	    r->status == AA_ERROR ? "failed to run" : "was not tested",
	    r->summary && r->summary[0] ? r->summary : "no reason given");
	return json_pack("{s:s, s:o, s:{s:s, s:I}}",
	    "level", r->status == AA_ERROR ? "error" : "note",
	    "message", sentence(msg),
	    "associatedRule", "id", r->def->id,
	    "index", (json_int_t)rule_index);
}

static json_t *
run_properties(const struct aa_report *rep)
{
	json_t *doc = aa_report_json(rep), *p;

	if (doc == NULL)
		return NULL;
	/* The rating summary rides along; per-check data is in results. */
	p = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}",
	    "rating", json_object_get(doc, "rating"),
	    "grade", json_object_get(doc, "grade"),
	    "scores", json_object_get(doc, "scores"),
	    "caps", json_object_get(doc, "caps"),
	    "owasp", json_object_get(doc, "owasp"),
	    "coverage", json_object_get(doc, "coverage"));
	json_decref(doc);
	return p;
}

static json_t *
build(const struct aa_report *rep, const size_t *order)
{
	json_t *rules = json_array(), *results = json_array(),
	    *notes = json_array(), *driver = NULL, *log = NULL;
	char ts[32];

	if (rules == NULL || results == NULL || notes == NULL)
		goto out;
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *r = &rep->results[order[i]];
		json_t *item;

		if (json_array_append_new(rules, rule_json(r->def)) != 0)
			goto out;
		if (r->status == AA_NOT_TESTED || r->status == AA_ERROR)
			item = notification_json(r, i);
		else
			item = result_json(rep, r, i);
		if (json_array_append_new(r->status == AA_NOT_TESTED ||
		    r->status == AA_ERROR ? notes : results, item) != 0)
			goto out;
	}
	driver = json_pack("{s:s, s:s, s:s, s:O}", "name", "auth-audit",
	    "version", AA_VERSION, "semanticVersion", AA_VERSION,
	    "rules", rules);
#ifdef AA_HOME_URL
	if (driver != NULL)
		json_object_set_new(driver, "informationUri",
		    json_string(AA_HOME_URL));
#endif
	aa_report_time_iso(rep->started_at, ts, sizeof(ts));
	log = json_pack("{s:s, s:s, s:[{s:{s:O}, s:[{s:b, s:s, s:O}],"
	    " s:O, s:o}]}",
	    "$schema", SARIF_SCHEMA,
	    "version", "2.1.0",
	    "runs", "tool", "driver", driver,
	    "invocations", "executionSuccessful", 1, "startTimeUtc", ts,
	    "toolExecutionNotifications", notes,
	    "results", results,
	    "properties", run_properties(rep));
out:
	json_decref(driver);
	json_decref(rules);
	json_decref(results);
	json_decref(notes);
	return log;
}

static int
render(const struct aa_report *rep, FILE *fp,
    const struct aa_render_opts *opts)
{
	size_t *order = aa_report_order(rep, 0);
	json_t *log = NULL;
	int r = AA_ERR_NOMEM;

	(void)opts;
	if (order == NULL && rep->nresults != 0)
		goto out;
	log = build(rep, order);
	if (log == NULL)
		goto out;
	r = AA_ERR_IO;
	if (json_dumpf(log, fp, AA_REPORT_JSON_FLAGS) != 0 ||
	    fputc('\n', fp) == EOF)
		goto out;
	r = AA_OK;
out:
	json_decref(log);
	free(order);
	return r;
}

const struct aa_report_format aa_report_format_sarif = {
	.name = "sarif",
	.structured = 1,
	.render = render,
};
