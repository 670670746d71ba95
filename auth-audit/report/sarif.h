/*
 * Internal to the SARIF renderer: the results of one check, one per
 * finding, each placed on a file (sarif_loc.c). Not a public API.
 */
#ifndef AA_REPORT_SARIF_H
#define AA_REPORT_SARIF_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/report/report.h"

/* The base every relative artifact URI is resolved against. */
#define AA_SARIF_BASE "%SRCROOT%"

struct aa_sarif_ctx {
	const struct aa_report *rep;
	json_t *seen;      /* fingerprint base -> times used, for uniqueness */
	int used_base;     /* some location is relative to AA_SARIF_BASE */
};

/* SARIF level of a failure of severity sev: error, warning or note. */
const char *aa_sarif_level(enum aa_sev sev);
/* {"text": s} with a final period added when s has none (new ref). */
json_t *aa_sarif_message(const char *s);
/*
 * Append to results the SARIF results of r (a fail, or with
 * AA_RENDER_SARIF_PASSES also a pass or not_applicable): one per finding,
 * each with a physical location whenever the report names a file.
 */
int aa_sarif_results(struct aa_sarif_ctx *c, const struct aa_result *r,
    size_t rule_index, json_t *results);
/* originalUriBaseIds for the run (new ref), or NULL when no location
 * used the base. */
json_t *aa_sarif_base_ids(const struct aa_sarif_ctx *c);

#endif
