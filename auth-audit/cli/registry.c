/*
 * The module table of an audit and the second-factor providers.
 * Adding a module: define `const struct aa_module aa_<name>_module` in the
 * module, declare it below and add it to aa_modules[] (order = run order;
 * the locking phase runs after every module's main phase).
 */
#include <stddef.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/audit/modules.h"

/* Modules (declarations). */
extern const struct aa_module aa_factors_module;
extern const struct aa_module aa_auth_module;
extern const struct aa_module aa_totp_module;
extern const struct aa_module aa_fido_module;
extern const struct aa_module aa_sms_module;

const struct aa_module *const aa_modules[] = {
	&aa_factors_module, /* first: probes; FACTOR-* in the locking phase */
	&aa_auth_module,
	&aa_totp_module,
	&aa_sms_module,
	&aa_fido_module, /* last: enrolling a key makes WebAuthn a login factor */
	NULL
};

/* Second-factor providers, most convenient first. */
extern const struct aa_factor_provider aa_auth_recovery_provider;
extern const struct aa_factor_provider aa_totp_provider;
extern const struct aa_factor_provider aa_sms_provider;

const struct aa_factor_provider *const aa_factor_providers[] = {
	&aa_auth_recovery_provider,
	&aa_totp_provider,
	&aa_sms_provider,
	NULL
};
