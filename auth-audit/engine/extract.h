/*
 * Extractors of profile steps: "json:/pointer", "cookie:NAME",
 * "header:NAME", "regex:PATTERN". Also the JSON-pointer and regex helpers
 * other code needs to read responses the same way.
 */
#ifndef AA_EXTRACT_H
#define AA_EXTRACT_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/core/jptr.h"
#include "auth-audit/core/rx.h"
#include "auth-audit/engine/http.h"
#include "auth-audit/profile/step.h"

struct aa_session;

/* A JSON string of p[0..n) with invalid UTF-8 and NULs replaced by U+FFFD
 * (bodies are bytes, jansson strings must be UTF-8). NULL on ENOMEM. */
json_t *aa_json_text(const char *p, size_t n);

/*
 * Apply spec to a response (and the session's jar for cookie:, s may be
 * NULL). *out is a new reference, or NULL when nothing was found (AA_OK).
 */
int aa_extract_run(const char *spec, const struct aa_response *resp,
    const struct aa_session *s, json_t **out);

#endif
