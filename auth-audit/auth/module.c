/*
 * The "auth" module: login and session checks (AUTH-*), and the recovery
 * codes factor. The planner runs each check when the check table says
 * (passive reads first, the recovery-code rate limit last).
 */
#include <stddef.h>

#include "auth-audit/auth/auth_int.h"

#undef AA_IMPL_auth
#define AA_IMPL_auth(e, fn) { AA_CK_##e, fn },
static const struct aa_check_impl checks[] = {
#define AA_CHECK AA_MODULE_ROW
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
};

const struct aa_module aa_auth_module = {
	.name = "auth",
	.checks = checks,
	.nchecks = sizeof(checks) / sizeof(checks[0]),
	.factor = &aa_auth_recovery_factor,
	.state_free = aa_auth_state_free,
};
