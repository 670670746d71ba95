/*
 * Validation of profile step objects (shared by the profile loader and
 * aa_flow_run for steps a check builds), of their `ok` acceptance rules
 * and extractors. The engine evaluates them (aa_ok_eval, aa_extract_run).
 * Error texts are "/relative/json/pointer: what is wrong".
 */
#ifndef AA_STEP_H
#define AA_STEP_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/core/jptr.h"

#define AA_STEP_MAX_STRING 8192   /* path, url, header value, body template */
#define AA_EXTRACT_MAX_SPEC 2048

/* Validate a step; AA_ERR_PROFILE with err filled when it is malformed. */
int aa_step_check(const json_t *step, char *err, size_t errlen);
/* Validate an `ok` object (pointer prefix for messages: "/ok"). */
int aa_ok_check(const json_t *ok, char *err, size_t errlen);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* AA_OK if spec is a well-formed extractor ("json:/ptr", "cookie:NAME",
 * "header:NAME", "regex:PATTERN"), else AA_ERR_PARSE and why. */
int aa_extract_spec_check(const char *spec, char *why, size_t whylen);
#endif

#endif
