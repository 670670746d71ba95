/*
 * One audit: sessions, modules over phases, the safety net for checks that
 * produced no result, and the rating.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/core/clock.h"
#include "auth-audit/audit/modules.h"

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
	if ((r = aa_report_new("audit", &a->report)) != AA_OK ||
	    (r = aa_redact_new(&a->redact)) != AA_OK)
		goto out;
	a->report->redact = a->redact;
	if ((a->report->target_name = strdup(p->name ? p->name : "")) == NULL ||
	    (a->report->base_url = strdup(p->base_url)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < p->naccounts; i++)
		if (p->accounts[i].password != NULL &&
		    (r = aa_redact_add_secret(a->redact,
		    p->accounts[i].password)) != AA_OK)
			goto out;
	if ((r = aa_http_new(&p->limits, a->redact, &a->http)) != AA_OK)
		goto out;
	for (size_t i = 0; a->opts.authorized_hosts != NULL &&
	    a->opts.authorized_hosts[i] != NULL; i++)
		if ((r = aa_http_authorize_host(a->http,
		    a->opts.authorized_hosts[i])) != AA_OK)
			goto out;
	/* Refuse before the first request, not halfway through a probe. */
	if ((r = aa_http_url_allowed(a->http, p->base_url)) != AA_OK)
		goto out;
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
	for (size_t i = 0; i < AA_SLOT_COUNT; i++)
		if (a->mod_state[i] != NULL && a->mod_free[i] != NULL)
			a->mod_free[i](a->mod_state[i]);
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
aa_audit_selected(const struct aa_audit *a, const char *id)
{
	if (a->opts.only != NULL && !in_list(a->opts.only, id))
		return 0;
	return !in_list(a->opts.skip, id);
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

void
aa_audit_not_tested(struct aa_audit *a, const char *module, const char *fmt,
    ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (strcmp(d->module, module) != 0 ||
		    !aa_audit_selected(a, d->id) ||
		    aa_report_find(a->report, d->id) != NULL)
			continue;
		aa_report_add(a->report, d->id, AA_NOT_TESTED, NULL, "%s",
		    reason);
	}
}

int
aa_audit_second_factor(struct aa_audit *a, size_t account,
    struct aa_session *s, const struct aa_factor_provider **fp,
    aa_secret_t **code)
{
	int r = AA_ERR_STEP;

	*fp = NULL;
	*code = NULL;
	for (size_t i = 0; aa_factor_providers[i] != NULL; i++) {
		const struct aa_factor_provider *p = aa_factor_providers[i];

		if (aa_profile_step(a->profile, p->verify_step) == NULL)
			continue;
		if ((r = p->code(a, account, s, code)) == AA_OK) {
			aa_redact_add_secret(a->redact, *code);
			*fp = p;
			return AA_OK;
		}
		/* A spent budget or a dead target will not get better. */
		if (r == AA_ERR_BUDGET || r == AA_ERR_NET || r == AA_ERR_TIMEOUT)
			return r;
	}
	return r;
}

/* One request to the target so an unreachable one ends the run early. */
static int
reachable(struct aa_audit *a)
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

static int
module_registered(const char *name)
{
	for (size_t i = 0; aa_modules[i] != NULL; i++)
		if (strcmp(aa_modules[i]->name, name) == 0)
			return 1;
	return 0;
}

/* Checks of the live audit (everything but the offline backup scan). */
static int
audit_check(const struct aa_check_def *d)
{
	return (d->flags & AA_CHECK_OFFLINE) == 0;
}

int
aa_audit_run(struct aa_audit *a)
{
	double t0 = aa_clock_ms();
	int r, fatal = AA_OK;

	a->report->started_at = time(NULL);
	if ((r = reachable(a)) != AA_OK) {
		fatal = r;
		goto done;
	}
	for (int phase = AA_PHASE_MAIN; phase <= AA_PHASE_LOCKING; phase++)
		for (size_t i = 0; aa_modules[i] != NULL; i++) {
			r = aa_modules[i]->run(a, (enum aa_phase)phase);
			if (r == AA_ERR_NET || r == AA_ERR_TIMEOUT) {
				fatal = r;
				goto done;
			}
		}
done:
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (!audit_check(d) || !aa_audit_selected(a, d->id) ||
		    aa_report_find(a->report, d->id) != NULL)
			continue;
		if (fatal != AA_OK)
			aa_report_add(a->report, d->id, AA_NOT_TESTED, NULL,
			    "run stopped: target %s", aa_strerr(fatal));
		else if (!module_registered(d->module))
			aa_report_add(a->report, d->id, AA_NOT_TESTED, NULL,
			    "module '%s' is not part of this build", d->module);
		else
			aa_report_add(a->report, d->id, AA_ERROR, NULL,
			    "module '%s' produced no result for this check",
			    d->module);
	}
	a->report->requests = aa_http_requests(a->http);
	a->report->duration_ms = (long long)(aa_clock_ms() - t0);
	aa_rating_compute(a->report);
	return fatal;
}
