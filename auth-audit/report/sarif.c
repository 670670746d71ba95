/*
 * SARIF 2.1.0 log: one run, one rule per check present in the report.
 * Mapping (docs/REPORT.md): a failed check gives one result per finding
 * (sarif_loc.c places each on a file); passes (kind "pass") and
 * not_applicable checks ("notApplicable") only with AA_RENDER_SARIF_PASSES,
 * since code scanning shows every result as an alert; not_tested and
 * error are no finding either way, so they are tool execution
 * notifications naming the rule, not results.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/report/sarif.h"
#include "auth-audit/core/version.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
	"errata01/os/schemas/sarif-schema-2.1.0.json"

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
	    "shortDescription", aa_sarif_message(d->title),
	    "fullDescription", aa_sarif_message(full),
	    "help", aa_sarif_message(d->remediation),
	    "helpUri", uri,
	    "defaultConfiguration", "level", aa_sarif_level(d->severity),
	    "properties", "security-severity", aa_report_sev_score(d->severity),
	    "tags", tags,
	    /* Passive factor data may come from a directory, not a probe. */
	    "precision", strcmp(d->module, "factors") == 0 ? "medium" : "high");
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
	    "message", aa_sarif_message(msg),
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

/*
 * GitHub code scanning groups uploads by the part of the id before its
 * last '/' (the category): one per kind of run and target, so a new run
 * of the same audit replaces the alerts of the last one.
 */
static json_t *
automation_json(const struct aa_report *rep, const char *ts)
{
	char id[256], name[96];
	const char *t = rep->target_name != NULL && rep->target_name[0] ?
	    rep->target_name : "offline";
	size_t j = 0;

	for (size_t i = 0; t[i] != '\0' && j + 1 < sizeof(name); i++)
		name[j++] = isalnum((unsigned char)t[i]) || t[i] == '-' ||
		    t[i] == '_' || t[i] == '.' ? t[i] : '-';
	name[j] = '\0';
	snprintf(id, sizeof(id), "auth-audit/%s/%s/%s", rep->kind, name, ts);
	return json_pack("{s:s}", "id", id);
}

static json_t *
build(const struct aa_report *rep, const size_t *order)
{
	json_t *rules = json_array(), *results = json_array(),
	    *notes = json_array(), *driver = NULL, *log = NULL, *base;
	struct aa_sarif_ctx c = { rep, json_object(), 0 };
	int passes = (rep->render_flags & AA_RENDER_SARIF_PASSES) != 0;
	char ts[32];

	if (rules == NULL || results == NULL || notes == NULL || c.seen == NULL)
		goto out;
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *r = &rep->results[order[i]];

		if (json_array_append_new(rules, rule_json(r->def)) != 0)
			goto out;
		if (r->status == AA_NOT_TESTED || r->status == AA_ERROR) {
			if (json_array_append_new(notes,
			    notification_json(r, i)) != 0)
				goto out;
		} else if ((r->status == AA_FAIL || passes) &&
		    aa_sarif_results(&c, r, i, results) != AA_OK)
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
	log = json_pack("{s:s, s:s, s:[{s:{s:O}, s:o, s:[{s:b, s:s, s:O}],"
	    " s:O, s:o}]}",
	    "$schema", SARIF_SCHEMA,
	    "version", "2.1.0",
	    "runs", "tool", "driver", driver,
	    "automationDetails", automation_json(rep, ts),
	    "invocations", "executionSuccessful", 1, "startTimeUtc", ts,
	    "toolExecutionNotifications", notes,
	    "results", results,
	    "properties", run_properties(rep));
	if (log != NULL && (base = aa_sarif_base_ids(&c)) != NULL)
		json_object_set_new(json_array_get(json_object_get(log, "runs"),
		    0), "originalUriBaseIds", base);
out:
	json_decref(c.seen);
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
