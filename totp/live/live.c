/*
 * Live TOTP helpers: module state, steps with redacted evidence, and the
 * code bookkeeping (live.h says why the auditor never sends a step at or
 * below the highest one the service accepted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"

static const char *const secret_vars[] = { "code", NULL };

void
aa_totp_live_free(void *p)
{
	struct aa_totp_live *st = p;

	if (st == NULL)
		return;
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++) {
		struct aa_totp_acct *ac = &st->acct[i];

		aa_totp_live_drop_seed(ac);
		aa_totp_uri_free(&ac->uri);
		json_decref(ac->unverified.trail);
		json_decref(ac->past.trail);
		json_decref(ac->enroll_trail);
	}
	json_decref(st->lock_trail);
	aa_session_free(&st->lock_sess);
	free(st);
}

struct aa_totp_live *
aa_totp_live_state(struct aa_audit *a)
{
	struct aa_totp_live *st = aa_audit_state(a, &aa_totp_module,
	    sizeof(struct aa_totp_live));

	if (st != NULL && !st->init) {
		st->init = 1;
		st->w_back = st->w_fwd = -1;
		for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++)
			st->acct[i].unverified.result =
			    st->acct[i].past.result = -1;
	}
	return st;
}

void
aa_totp_live_hide(struct aa_audit *a, const aa_secret_t *seed)
{
	aa_secret_t *txt = NULL;

	aa_redact_add_secret(a->redact, seed);
	if (aa_totp_b32_encode(seed->ptr, seed->len, &txt) == AA_OK)
		aa_redact_add_secret(a->redact, txt);
	aa_secret_free(&txt);
}

int
aa_totp_live_step(struct aa_audit *a, struct aa_session *s, const char *name,
    const char *code, json_t *trail, int *accepted, long *status,
    json_t **extracted)
{
	struct aa_step_result res;
	struct aa_step_opts o;
	json_t *vars = NULL;
	int r;

	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	*accepted = 0;
	if (status != NULL)
		*status = 0;
	if (extracted != NULL)
		*extracted = NULL;
	if (code != NULL) {
		aa_redact_add(a->redact, code, strlen(code));
		if ((vars = json_pack("{s:s}", "code", code)) == NULL)
			return AA_ERR_NOMEM;
	}
	o.vars = vars;
	o.secret_vars = secret_vars;
	o.no_backoff = aa_totp_live_state(a)->measuring;
	r = aa_flow_step(s, name, &o, &res);
	if (r == AA_OK) {
		*accepted = res.accepted;
		if (status != NULL)
			*status = res.resp.status;
		if (trail != NULL && res.evidence != NULL &&
		    json_array_size(trail) < 40)
			json_array_append(trail, res.evidence);
		if (extracted != NULL && res.extracted != NULL)
			*extracted = json_incref(res.extracted);
	}
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

int64_t
aa_totp_live_now(struct aa_audit *a, size_t i)
{
	return aa_totp_step(&aa_totp_live_state(a)->acct[i].params, time(NULL));
}

void
aa_totp_live_spent(struct aa_audit *a, size_t i, int64_t step)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[i];

	if (!ac->have_hi || step > ac->hi) {
		ac->hi = step;
		ac->have_hi = 1;
	}
}

/* Code of step T+offset; `hide` registers it with the redactor. */
static int
code_at(struct aa_audit *a, size_t i, int64_t offset, int hide,
    int64_t *step, char code[AA_TOTP_CODE_MAX])
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	struct aa_totp_acct *ac;
	int r;

	if (st == NULL || i >= AA_MAX_ACCOUNTS || st->acct[i].seed == NULL)
		return AA_ERR_STEP;
	ac = &st->acct[i];
	*step = aa_totp_step(&ac->params, time(NULL)) + offset;
	if ((r = aa_totp_code_at_step(ac->seed, &ac->params, *step, code)) ==
	    AA_OK && hide)
		aa_redact_add(a->redact, code, strlen(code));
	return r;
}

int
aa_totp_live_code_at(struct aa_audit *a, size_t i, int64_t offset,
    int64_t *step, char code[AA_TOTP_CODE_MAX])
{
	return code_at(a, i, offset, 1, step, code);
}

int
aa_totp_live_code(struct aa_audit *a, size_t i, int64_t *step,
    char code[AA_TOTP_CODE_MAX])
{
	struct aa_totp_live *st = aa_totp_live_state(a);
	struct aa_totp_acct *ac;
	time_t now;
	int64_t cur;
	unsigned period;

	if (st == NULL || i >= AA_MAX_ACCOUNTS || st->acct[i].seed == NULL)
		return AA_ERR_STEP;
	ac = &st->acct[i];
	period = ac->params.period > 0 ? ac->params.period : 30;
	now = time(NULL);
	cur = aa_totp_step(&ac->params, now);
	if (ac->have_hi && cur <= ac->hi) {
		/* Wait for the first step above the highest accepted one. */
		int64_t gap = ac->hi + 1 - cur;
		double ms = ((double)(ac->hi + 1) * period - (double)now) * 1000.0
		    + 300.0;

		if (gap > AA_TOTP_FRESH_STEPS)
			return AA_ERR_NOTFOUND;
		if (aa_audit_wait(a, ms, "a fresh TOTP time step") != AA_OK)
			return AA_ERR_DEADLINE;
		while (aa_totp_step(&ac->params, time(NULL)) <= ac->hi)
			if (aa_audit_wait(a, 250, "a fresh TOTP time step") !=
			    AA_OK)
				return AA_ERR_DEADLINE;
	}
	if (code_at(a, i, 0, 1, step, code) != AA_OK)
		return AA_ERR_INTERNAL;
	ac->issued = *step;
	return AA_OK;
}

void
aa_totp_live_drop_seed(struct aa_totp_acct *ac)
{
	aa_secret_free(&ac->seed);
	aa_wipe(ac->win, sizeof(ac->win));
	ac->win_valid = 0;
}

int
aa_totp_live_wrong(struct aa_audit *a, size_t i, unsigned n,
    char code[AA_TOTP_CODE_MAX])
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[i];
	unsigned digits = ac->params.digits, mod = 1;
	unsigned long v = 0x2545f491ul * (n + 1);
	int64_t now = aa_totp_live_now(a, i);
	int check = ac->seed != NULL; /* no seed: no code can clash */

	/* The window's codes once per time step: a brute-force probe asks
	 * for hundreds of wrong codes a second. */
	if (check && (!ac->win_valid || ac->win_step != now)) {
		ac->win_valid = 0;
		for (int64_t k = -AA_TOTP_WINDOW_PROBE; k <= AA_TOTP_WINDOW_PROBE;
		    k++)
			/* Only compared, never sent: no need to redact it. */
			if (aa_totp_code_at_step(ac->seed, &ac->params, now + k,
			    ac->win[k + AA_TOTP_WINDOW_PROBE]) != AA_OK)
				return AA_ERR_INTERNAL;
		ac->win_step = now;
		ac->win_valid = 1;
	}
	for (unsigned d = 0; d < digits; d++)
		mod *= 10;
	for (unsigned tries = 0; tries < 1000; tries++, v += 7919) {
		int clash = 0;

		snprintf(code, AA_TOTP_CODE_MAX, "%0*lu", (int)digits, v % mod);
		for (size_t k = 0; check && !clash &&
		    k < 2 * AA_TOTP_WINDOW_PROBE + 1; k++)
			clash = strcmp(ac->win[k], code) == 0;
		if (!clash)
			return AA_OK;
	}
	return AA_ERR_INTERNAL;
}
