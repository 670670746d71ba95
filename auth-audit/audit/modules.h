#ifndef AA_MODULES_H
#define AA_MODULES_H

#include "auth-audit/audit/audit.h"

/* NULL-terminated, in run order. */
extern const struct aa_module *const aa_modules[];
/* NULL-terminated, in order of preference. */
extern const struct aa_factor_provider *const aa_factor_providers[];

#endif
