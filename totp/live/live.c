/*
 * Live TOTP helpers: module state, steps with redacted evidence, and the
 * code bookkeeping. Servers that follow RFC 6238 accept each time step
 * once, so the auditor remembers which steps it spent and never assumes a
 * code it already used is still good.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"

static const char *const secret_vars[] = { "code", NULL };

static void
state_free(void *p)
{
	struct aa_totp_live *st = p;

	if (st == NULL)
		return;
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++) {
		aa_secret_free(&st->acct[i].seed);
		aa_session_free(&st->acct[i].full);
		aa_totp_uri_free(&st->acct[i].uri);
	}
	aa_session_free(&st->lock_sess);
	json_decref(st->lock_trail);
	free(st);
}

struct aa_totp_live *
aa_totp_live_state(struct aa_audit *a)
{
	if (a->mod_state[AA_SLOT_TOTP] == NULL) {
		a->mod_state[AA_SLOT_TOTP] = calloc(1, sizeof(struct aa_totp_live));
		a->mod_free[AA_SLOT_TOTP] = state_free;
	}
	return a->mod_state[AA_SLOT_TOTP];
}

int
aa_totp_live_session(struct aa_audit *a, size_t i, struct aa_session **out)
{
	*out = NULL;
	if (i >= a->profile->naccounts)
		return AA_ERR_PROFILE;
	return aa_session_new(a->http, a->profile, i, out);
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

int
aa_totp_live_login(struct aa_audit *a, struct aa_session *s, json_t *trail)
{
	int ok = 0, r;

	if ((r = aa_totp_live_step(a, s, "login", NULL, trail, &ok, NULL,
	    NULL)) != AA_OK)
		return r;
	return ok ? AA_OK : AA_ERR_HTTP;
}

static int
spent(const struct aa_totp_acct *ac, int64_t step)
{
	size_t n = ac->nused < AA_TOTP_LIVE_USED ? ac->nused : AA_TOTP_LIVE_USED;

	for (size_t i = 0; i < n; i++)
		if (ac->used[i] == step)
			return 1;
	return 0;
}

void
aa_totp_live_spent(struct aa_audit *a, size_t i, int64_t step)
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[i];

	if (!spent(ac, step))
		ac->used[ac->nused++ % AA_TOTP_LIVE_USED] = step;
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
aa_totp_live_code(struct aa_audit *a, size_t i, int wait, int64_t *step,
    char code[AA_TOTP_CODE_MAX])
{
	static const int64_t order[] = { 0, 1, -1 };
	struct aa_totp_live *st = aa_totp_live_state(a);
	time_t until = time(NULL) + AA_TOTP_STEP_WAIT_MAX;

	if (st == NULL || i >= AA_MAX_ACCOUNTS || st->acct[i].seed == NULL)
		return AA_ERR_STEP;
	for (;;) {
		for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
			int r = aa_totp_live_code_at(a, i, order[k], step, code);

			if (r != AA_OK)
				return r;
			if (!spent(&st->acct[i], *step))
				return AA_OK;
		}
		/* Every nearby step was used already: no fresh code now. */
		if (!wait || time(NULL) >= until)
			return AA_ERR_NOTFOUND;
		sleep(1);
	}
}

int
aa_totp_live_wrong(struct aa_audit *a, size_t i, unsigned n,
    char code[AA_TOTP_CODE_MAX])
{
	struct aa_totp_acct *ac = &aa_totp_live_state(a)->acct[i];
	unsigned digits = ac->params.digits, mod = 1;
	unsigned long v = 0x2545f491ul * (n + 1);

	for (unsigned d = 0; d < digits; d++)
		mod *= 10;
	for (unsigned tries = 0; tries < 1000; tries++, v += 7919) {
		int clash = 0;

		snprintf(code, AA_TOTP_CODE_MAX, "%0*lu", (int)digits, v % mod);
		for (int64_t k = -AA_TOTP_WINDOW_PROBE; k <= AA_TOTP_WINDOW_PROBE &&
		    !clash; k++) {
			char ok[AA_TOTP_CODE_MAX];
			int64_t s;

			/* Only compared, never sent: no need to redact it. */
			if (code_at(a, i, k, 0, &s, ok) == AA_OK &&
			    strcmp(ok, code) == 0)
				clash = 1;
		}
		if (!clash)
			return AA_OK;
	}
	return AA_ERR_INTERNAL;
}
