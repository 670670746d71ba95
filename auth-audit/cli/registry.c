/*
 * The registry: every module of this build, handed to the audit core as
 * its table (the core names none of them). Order is the order of their
 * factors at enrolment and of their start and finish hooks; the planner
 * orders checks by the check table, not by this list.
 *
 * Adding a module: see the checklist in auth-audit/audit/audit.h.
 */
#include <stddef.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/cli/cmd.h"

extern const struct aa_module aa_factors_module;
extern const struct aa_module aa_auth_module;
extern const struct aa_module aa_totp_module;
extern const struct aa_module aa_sms_module;
extern const struct aa_module aa_fido_module;

const struct aa_module *const aa_cmd_modules[] = {
	&aa_factors_module,
	&aa_auth_module,
	&aa_totp_module,
	&aa_sms_module,
	&aa_fido_module,
	NULL
};
