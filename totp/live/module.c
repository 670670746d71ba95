/*
 * The "totp" audit module and the TOTP second-factor provider.
 * Main phase: enroll (both accounts), SEED-WEAK, URI-NONSTANDARD,
 * ENROLL-UNVERIFIED, SEED-REDISCLOSED, REPLAY, WINDOW. Locking phase:
 * BRUTEFORCE, LOCKOUT-BYPASS, then the factor is removed again.
 */
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/live/live.h"

static const char *const ids[] = { "TOTP-REPLAY", "TOTP-WINDOW",
	"TOTP-BRUTEFORCE", "TOTP-LOCKOUT-BYPASS", "TOTP-SEED-WEAK",
	"TOTP-SEED-REDISCLOSED", "TOTP-ENROLL-UNVERIFIED",
	"TOTP-URI-NONSTANDARD", NULL };

static int
any_selected(struct aa_audit *a)
{
	for (size_t i = 0; ids[i] != NULL; i++)
		if (aa_audit_selected(a, ids[i]))
			return 1;
	return 0;
}

/* The steps every check needs; reports not_tested naming the first gap. */
static int
steps_present(struct aa_audit *a)
{
	static const char *const need[] = { "login", "totp_verify", NULL };

	for (size_t i = 0; need[i] != NULL; i++)
		if (aa_profile_step(a->profile, need[i]) == NULL) {
			aa_audit_not_tested(a, "totp", "profile has no %s step",
			    need[i]);
			return 0;
		}
	return 1;
}

/* Remove the factor the auditor enrolled, through its FULL session. */
void
aa_totp_live_cleanup(struct aa_audit *a)
{
	struct aa_totp_live *st = aa_totp_live_state(a);

	if (aa_profile_step(a->profile, "factor_disable") == NULL)
		return;
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++) {
		struct aa_totp_acct *ac = &st->acct[i];
		struct aa_step_result res;
		struct aa_step_opts o;
		json_t *vars;

		if (!ac->enrolled_by_us || ac->full == NULL)
			continue;
		memset(&res, 0, sizeof(res));
		memset(&o, 0, sizeof(o));
		vars = json_pack("{s:s}", "factor", "totp");
		o.vars = vars;
		aa_flow_step(ac->full, "factor_disable", &o, &res);
		aa_step_result_release(&res);
		json_decref(vars);
		ac->enrolled_by_us = 0;
		aa_secret_free(&ac->seed);
		aa_session_free(&ac->full);
	}
}

static int
run(struct aa_audit *a, enum aa_phase phase)
{
	struct aa_totp_live *st;

	if (!any_selected(a))
		return AA_OK;
	if (!steps_present(a))
		return AA_OK;
	if ((st = aa_totp_live_state(a)) == NULL)
		return AA_ERR_NOMEM;
	if (aa_profile_step(a->profile, "totp_enroll") == NULL &&
	    json_object_get(a->profile->accounts[0].fields, "totp_secret") ==
	    NULL && json_object_get(a->profile->accounts[0].fields,
	    "totp_secret_env") == NULL) {
		aa_audit_not_tested(a, "totp", "profile has no totp_enroll step "
		    "and no account totp_secret");
		return AA_OK;
	}
	if (aa_totp_live_enroll(a) != AA_OK) {
		aa_audit_not_tested(a, "totp", "%s", st->enroll_why);
		aa_totp_live_cleanup(a);
		return AA_OK;
	}
	if (phase == AA_PHASE_MAIN) {
		aa_totp_live_redisclosed(a);
		aa_totp_live_replay(a);
		aa_totp_live_window(a);
		return AA_OK;
	}
	aa_totp_live_bruteforce(a);
	aa_totp_live_bypass(a);
	aa_totp_live_cleanup(a);
	aa_audit_not_tested(a, "totp", "not reached");
	return AA_OK;
}

const struct aa_module aa_totp_module = { "totp", run };

/* A valid code from the enrolled seed, for other modules' logins. */
static int
provider_code(struct aa_audit *a, size_t account, struct aa_session *s,
    aa_secret_t **out)
{
	char code[AA_TOTP_CODE_MAX];
	int64_t step;
	int r;

	(void)s;
	*out = NULL;
	if (a->mod_state[AA_SLOT_TOTP] == NULL)
		return AA_ERR_STEP;
	if ((r = aa_totp_live_code(a, account, 0, &step, code)) != AA_OK)
		return AA_ERR_STEP; /* no seed or no unspent step: next provider */
	/* The caller will use it: count the step as spent now. */
	aa_totp_live_spent(a, account, step);
	if ((*out = aa_secret_new_str(code)) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

const struct aa_factor_provider aa_totp_provider = { "totp", "totp_verify",
	provider_code };
