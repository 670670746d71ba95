/*
 * One audit: its life cycle, the reachability request, and the run:
 * module start, baseline, planner, clean-up, rating.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/audit/audit_int.h"
#include "auth-audit/core/clock.h"
#include "auth-audit/engine/session.h"

static void
http_progress(void *ctx, const char *line)
{
	struct aa_audit *a = ctx;

	aa_audit_progress(a, "%s", line);
}

int
aa_audit_new(struct aa_profile *p, const struct aa_audit_opts *o,
    struct aa_audit **out)
{
	struct aa_audit *a = NULL;
	int r = AA_ERR_INTERNAL;

	if (p == NULL || out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	a->profile = p;
	if (o != NULL)
		a->opts = *o;
	for (a->nmodules = 0; a->opts.modules != NULL &&
	    a->opts.modules[a->nmodules] != NULL; a->nmodules++)
		if (a->nmodules + 1 >= AA_AUDIT_MAX_MODULES) {
			r = AA_ERR_ARG;
			goto out;
		}
	if ((r = aa_report_new("audit", &a->report)) != AA_OK ||
	    (r = aa_redact_new(&a->redact)) != AA_OK)
		goto out;
	a->report->redact = a->redact;
	a->report->artifact_line = p->steps_line;
	a->report->artifact_lines = json_incref(p->step_lines);
	if ((a->report->target_name = strdup(p->name ? p->name : "")) == NULL ||
	    (a->report->base_url = strdup(p->base_url)) == NULL ||
	    (p->file != NULL &&
	    (a->report->artifact = strdup(p->file)) == NULL)) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < p->naccounts; i++)
		if (p->accounts[i].password != NULL &&
		    (r = aa_redact_add_secret(a->redact,
		    p->accounts[i].password)) != AA_OK)
			goto out;
	if ((r = aa_http_new(&p->limits, a->redact, &a->http)) != AA_OK ||
	    (r = aa_http_set_transport(a->http, a->opts.proxy,
	    a->opts.cacert)) != AA_OK)
		goto out;
	for (size_t i = 0; a->opts.authorized_hosts != NULL &&
	    a->opts.authorized_hosts[i] != NULL; i++)
		if ((r = aa_http_authorize_host(a->http,
		    a->opts.authorized_hosts[i])) != AA_OK)
			goto out;
	/* Refuse before the first request, not halfway through a probe. */
	if ((r = aa_http_url_allowed(a->http, p->base_url)) != AA_OK)
		goto out;
	aa_http_set_progress(a->http, http_progress, a);
	if (a->opts.trace != NULL)
		aa_http_set_trace(a->http, a->opts.trace, a->opts.progress_ctx);
	if (a->opts.stop != NULL)
		aa_http_set_stop(a->http, a->opts.stop);
	*out = a;
	a = NULL;
	r = AA_OK;
out:
	aa_audit_free(&a);
	return r;
}

void
aa_audit_free(struct aa_audit **ap)
{
	struct aa_audit *a;

	if (ap == NULL || (a = *ap) == NULL)
		return;
	aa_baseline_release(a);
	for (size_t i = 0; i < a->nmodules; i++) {
		const struct aa_module *m = a->opts.modules[i];

		if (a->mstate[i] == NULL)
			continue;
		if (m->state_free != NULL)
			m->state_free(a->mstate[i]);
		else
			free(a->mstate[i]);
	}
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++)
		aa_session_free(&a->sess[i]);
	aa_http_free(&a->http);
	aa_report_free(&a->report);
	aa_redact_free(&a->redact);
	free(a);
	*ap = NULL;
}

static int
id_matches(const char *pat, const char *id)
{
	size_t n = strlen(pat);

	if (n > 0 && pat[n - 1] == '*')
		return strncmp(pat, id, n - 1) == 0;
	return strcmp(pat, id) == 0;
}

static int
in_list(const char *const *list, const char *id)
{
	for (size_t i = 0; list != NULL && list[i] != NULL; i++)
		if (id_matches(list[i], id))
			return 1;
	return 0;
}

int
aa_audit_selected(const struct aa_audit *a, enum aa_check_id id)
{
	const char *name = aa_check_name(id);

	if (a->opts.only != NULL && !in_list(a->opts.only, name))
		return 0;
	return !in_list(a->opts.skip, name);
}

struct aa_session *
aa_audit_session(struct aa_audit *a, size_t i)
{
	if (i >= a->profile->naccounts || i >= AA_MAX_ACCOUNTS)
		return NULL;
	if (a->sess[i] == NULL &&
	    aa_session_new(a->http, a->profile, i, &a->sess[i]) != AA_OK)
		return NULL;
	return a->sess[i];
}

void *
aa_audit_state(struct aa_audit *a, const struct aa_module *m, size_t size)
{
	for (size_t i = 0; i < a->nmodules; i++) {
		if (a->opts.modules[i] != m)
			continue;
		if (a->mstate[i] == NULL)
			a->mstate[i] = calloc(1, size);
		return a->mstate[i];
	}
	return NULL;
}

void
aa_audit_report(struct aa_audit *a, enum aa_check_id id, enum aa_status st,
    json_t *evidence, const char *fmt, ...)
{
	char line[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	aa_report_add(a->report, id, st, evidence, "%s", line);
}

void
aa_audit_progress(struct aa_audit *a, const char *fmt, ...)
{
	char line[300];
	va_list ap;

	if (a->opts.progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	a->opts.progress(a->opts.progress_ctx, line);
}

/* A wait; its failure stops the run, except a deadline when `optional`. */
static int
wait_for(struct aa_audit *a, double ms, const char *what, int optional)
{
	int r = aa_http_wait(a->http, ms, what);

	if (r != AA_OK && !(optional && r == AA_ERR_DEADLINE) &&
	    a->stop == AA_OK)
		a->stop = r;
	return r;
}

int
aa_audit_wait(struct aa_audit *a, double ms, const char *what)
{
	return wait_for(a, ms, what, 0);
}

int
aa_audit_wait_optional(struct aa_audit *a, double ms, const char *what)
{
	return wait_for(a, ms, what, 1);
}


/* One request to the target so an unreachable one ends the run early. */
int
aa_audit_reachable(struct aa_audit *a)
{
	struct aa_step_result res = { 0 };
	struct aa_session *s;
	json_t *step;
	int r;

	if ((s = aa_audit_session(a, 0)) == NULL)
		return AA_ERR_NOMEM;
	if ((step = json_pack("{s:s, s:s}", "method", "GET", "path", "/")) ==
	    NULL)
		return AA_ERR_NOMEM;
	r = aa_flow_run(s, "reachability", step, NULL, &res);
	aa_step_result_release(&res);
	json_decref(step);
	aa_session_reset(s);
	return r;
}

/* Modules' start hooks: a failure keeps its reason for its checks. */
void
aa_audit_start_modules(struct aa_audit *a)
{
	for (size_t i = 0; i < a->nmodules; i++) {
		const struct aa_module *m = a->opts.modules[i];

		if (m->start == NULL || !aa_plan_module_wanted(a, m))
			continue;
		if (m->start(a, a->mwhy[i], sizeof(a->mwhy[i])) != AA_OK &&
		    a->mwhy[i][0] == '\0')
			snprintf(a->mwhy[i], sizeof(a->mwhy[i]), "module '%s' "
			    "could not start", m->name);
	}
}

void
aa_audit_finish_modules(struct aa_audit *a)
{
	for (size_t i = a->nmodules; i-- > 0;)
		if (a->opts.modules[i]->finish != NULL)
			a->opts.modules[i]->finish(a);
}

int
aa_audit_run(struct aa_audit *a)
{
	double t0 = aa_clock_ms();
	int r;

	a->report->started_at = time(NULL);
	if ((r = aa_audit_reachable(a)) != AA_OK) {
		a->stop = r;
		a->report->no_grade = 1;
		goto done;
	}
	aa_audit_start_modules(a);
	aa_baseline_run(a);
	if (a->stop == AA_OK)
		aa_plan_run(a);
	/* Whatever stopped the run, what the audit enrolled comes off. */
	if ((r = aa_http_stopped(a->http)) != AA_OK && a->stop == AA_OK)
		a->stop = r;
	aa_http_grace(a->http);
	aa_baseline_cleanup(a);
	aa_audit_finish_modules(a);
done:
	aa_plan_missing(a);
	aa_baseline_report(a);
	a->wait_ms = aa_http_wait_ms(a->http);
	a->report->requests = aa_http_requests(a->http);
	a->report->rtt_ms = aa_http_rtt_sum_ms(a->http);
	a->report->wait_ms = a->wait_ms;
	a->report->waits = aa_http_waits_json(a->http);
	a->report->duration_ms = (long long)(aa_clock_ms() - t0);
	aa_rating_compute(a->report);
	return a->stop;
}
