/*
 * The "auth" module: login and session checks (AUTH-*), run live through
 * the profile's steps. Order matters on a hardened target: passive and
 * read-only probes first, then probes that spend codes, then those that
 * remove factors (each restores what it removed), and the rate-limit
 * probe of AUTH-RECOVERY-WEAK, which may lock an account, in the locking
 * phase.
 */
#include <stddef.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

struct step {
	const char *id;
	void (*fn)(struct aa_audit *a);
};

static const struct step main_order[] = {
	{"AUTH-2FA-SKIP", aa_auth_check_skip},
	{"AUTH-TRUSTED-HEADER", aa_auth_check_trusted_header},
	{"AUTH-COOKIE-FLAGS", aa_auth_check_cookie_flags},
	{"AUTH-SESSION-FIXATION", aa_auth_check_fixation},
	{"AUTH-LOGOUT", aa_auth_check_logout},
	/* after some valid logins: it knows by then whether SMS is used */
	{"AUTH-PHONE-DISCLOSED", aa_auth_check_phone},
	{"AUTH-OTP-EMPTY", aa_auth_check_otp_empty},
	{"AUTH-OTP-NOT-BOUND", aa_auth_check_otp_bound},
	{"AUTH-RECOVERY-REUSE", aa_auth_check_recovery_reuse},
	{"AUTH-FACTOR-IDOR", aa_auth_check_factor_idor},
	{"AUTH-DISABLE-NO-REAUTH", aa_auth_check_disable},
};

/* A target that stopped answering ends the run (the audit marks what is
 * left not_tested) instead of every later probe waiting for timeouts. */
static int
run(struct aa_audit *a, enum aa_phase phase)
{
	struct aa_auth_state *st = aa_auth_state(a);
	size_t i;

	if (st == NULL)
		return AA_ERR_NOMEM;
	if (phase == AA_PHASE_MAIN)
		for (i = 0; i < sizeof(main_order) / sizeof(main_order[0]) &&
		    !st->dead; i++)
			if (aa_audit_selected(a, main_order[i].id))
				main_order[i].fn(a);
	if (!st->dead && aa_audit_selected(a, "AUTH-RECOVERY-WEAK"))
		aa_auth_check_recovery_weak(a, phase);
	return st->dead ? st->dead : AA_OK;
}

const struct aa_module aa_auth_module = {"auth", run};
