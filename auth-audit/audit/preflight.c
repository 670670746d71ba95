/*
 * `auth-audit profile check`: everything an audit does before its first
 * check (the reachability request, the modules' start, the baseline),
 * then what the planner would run and why not, then the clean-up. No
 * check runs. This is how a user makes a profile work for a new service.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth-audit/audit/audit_int.h"
#include "auth-audit/engine/http.h"

int
aa_audit_preflight(struct aa_audit *a, json_t **out)
{
	json_t *doc = NULL, *checks = json_array();
	size_t runs = 0, total = 0;
	char why[512];
	int r = AA_OK;

	*out = NULL;
	if (checks == NULL)
		return AA_ERR_NOMEM;
	a->report->started_at = time(NULL);
	a->preflight = 1;
	if ((r = aa_audit_reachable(a)) != AA_OK) {
		a->stop = r;
		goto done;
	}
	aa_audit_start_modules(a);
	aa_baseline_run(a);
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if ((d->flags & AA_CHECK_OFFLINE) || !aa_audit_selected(a, d->cid))
			continue;
		total++;
		aa_plan_unmet(a, d, why, sizeof(why));
		runs += why[0] == '\0';
		json_array_append_new(checks, json_pack("{s:s,s:b,s:s?}", "id",
		    d->id, "runs", why[0] == '\0', "why", why[0] != '\0' ?
		    why : NULL));
	}
	if ((r = aa_http_stopped(a->http)) != AA_OK && a->stop == AA_OK)
		a->stop = r;
	aa_http_grace(a->http);
	aa_baseline_cleanup(a);
	aa_audit_finish_modules(a);
done:
	aa_baseline_report(a);
	doc = json_pack("{s:s,s:s,s:b,s:s?,s:s?,s:O*,s:o,s:I,s:I,s:I}",
	    "target", a->profile->name, "base_url", a->profile->base_url,
	    "reachable", a->stop == AA_OK || a->report->baseline != NULL,
	    "stopped", a->stop != AA_OK ? aa_strerr(a->stop) : NULL,
	    "protected_control", a->protected_why[0] ? a->protected_why : NULL,
	    "baseline", json_object_get(a->report->baseline, "accounts"),
	    "checks", checks, "will_run", (json_int_t)runs,
	    "total", (json_int_t)total,
	    "requests", (json_int_t)aa_http_requests(a->http));
	if (doc == NULL)
		return AA_ERR_NOMEM;
	*out = doc;
	return a->stop;
}
