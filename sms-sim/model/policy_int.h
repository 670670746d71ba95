/*
 * Internal to the policy parser (policy.c): the members each object may
 * have and the countries the model knows, so a typo is an error with the
 * nearest known name instead of a silently missing control.
 */
#ifndef AA_SMS_POLICY_INT_H
#define AA_SMS_POLICY_INT_H

#include <jansson.h>

#include "auth-audit/core/err.h"

extern const char *const aa_sms_policy_root_keys[];
extern const char *const aa_sms_policy_control_keys[];
extern const char *const aa_sms_policy_cap_keys[];
extern const char *const aa_sms_policy_captcha_keys[];
extern const char *const aa_sms_policy_detector_keys[];
extern const char *const aa_sms_policy_attacker_keys[];
extern const char *const aa_sms_policy_block_keys[];
extern const char *const aa_sms_policy_uncertainty_keys[];

/* AA_ERR_PARSE naming ptr and the nearest known member when object o has
 * a member outside known (notes: "_x", "x-y", "comment", "description"). */
int aa_sms_policy_known(const json_t *o, const char *ptr,
    const char *const *known, struct aa_diag *d);
/* AA_ERR_PARSE when iso (upper case) is no country of the number plan. */
int aa_sms_policy_country(const char *iso, const char *ptr,
    struct aa_diag *d);

#endif
