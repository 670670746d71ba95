/*
 * The "totp" module: the TOTP factor and the live TOTP-* checks. The
 * baseline enrols the factor (or takes the profile's seed) and removes
 * it at the end; the planner runs the checks (seed and URI first, the
 * lockout probes last).
 */
#include <stddef.h>

#include "totp/live/live.h"

#undef AA_IMPL_totp
#define AA_IMPL_totp(e, fn) { AA_CK_##e, fn },
static const struct aa_check_impl checks[] = {
#define AA_CHECK AA_MODULE_ROW
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
};

const struct aa_module aa_totp_module = {
	.name = "totp",
	.checks = checks,
	.nchecks = sizeof(checks) / sizeof(checks[0]),
	.factor = &aa_totp_factor,
	.state_free = aa_totp_live_free,
};
