/*
 * Internal to the profile loader: validation of its sections, split out
 * of profile.c to keep files small. Each returns AA_OK or AA_ERR_PROFILE
 * after filling the diag with "FILE: /pointer: what is wrong".
 */
#ifndef AA_PROFILE_PARTS_H
#define AA_PROFILE_PARTS_H

#include <jansson.h>

#include "auth-audit/core/err.h"
#include "auth-audit/profile/profile.h"

struct aa_pctx {
	const char *file;
	struct aa_diag *diag;
};

int aa_profile_err(struct aa_pctx *c, const char *ptr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Optional string member key of o: non-empty, at most max bytes, no NUL
 * byte; errors name ptr. *out (malloc'd) is left alone when absent. */
int aa_profile_str_member(struct aa_pctx *c, const json_t *o, const char *key,
    const char *ptr, size_t max, char **out);
int aa_profile_limits(struct aa_pctx *c, const json_t *v, struct aa_limits *l);
int aa_profile_accounts(struct aa_pctx *c, const json_t *v,
    struct aa_profile *p);
void aa_profile_account_clear(struct aa_account *a);
/* members.c: unknown members of o (object at ptr) are an error with the
 * nearest of known; the root's own list; step names. */
int aa_profile_known(struct aa_pctx *c, const json_t *o, const char *ptr,
    const char *const *known);
int aa_profile_root_known(struct aa_pctx *c, const json_t *root);
int aa_profile_step_name_known(struct aa_pctx *c, const json_t *steps,
    const char *name, const char *ptr);

#endif
