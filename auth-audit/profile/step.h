/*
 * Validation of profile step objects (shared by the profile loader and
 * aa_flow_run for steps a check builds) and the `ok` acceptance rule.
 * Error texts are "/relative/json/pointer: what is wrong".
 */
#ifndef AA_STEP_H
#define AA_STEP_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/engine/http.h"

#define AA_STEP_MAX_STRING 8192   /* path, url, header value, body template */

/* Validate a step; AA_ERR_PROFILE with err filled when it is malformed. */
int aa_step_check(const json_t *step, char *err, size_t errlen);
/* Validate an `ok` object (pointer prefix for messages: "/ok"). */
int aa_ok_check(const json_t *ok, char *err, size_t errlen);
/* 1 if the response satisfies ok (NULL ok: any 2xx), else 0. */
int aa_ok_eval(const json_t *ok, const struct aa_response *r);
/* RFC 6901-escape a member name ("~" -> "~0", "/" -> "~1") into out. */
void aa_json_pointer_escape(const char *key, char *out, size_t outlen);

#endif
