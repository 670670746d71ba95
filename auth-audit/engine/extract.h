/*
 * Extractors of profile steps: "json:/pointer", "cookie:NAME",
 * "header:NAME", "regex:PATTERN". Also the JSON-pointer and regex helpers
 * other code needs to read responses the same way.
 */
#ifndef AA_EXTRACT_H
#define AA_EXTRACT_H

#include <stddef.h>
#include <regex.h>

#include <jansson.h>

#include "auth-audit/engine/http.h"

#define AA_REGEX_MAX_PATTERN 1024
#define AA_REGEX_MAX_SUBJECT (1024 * 1024)
#define AA_EXTRACT_MAX_SPEC 2048

struct aa_session;

/* A JSON string of p[0..n) with invalid UTF-8 and NULs replaced by U+FFFD
 * (bodies are bytes, jansson strings must be UTF-8). NULL on ENOMEM. */
json_t *aa_json_text(const char *p, size_t n);

/* RFC 6901 syntax: "" or "/" segments, "~" only as "~0" / "~1". */
int aa_json_pointer_valid(const char *ptr);
/* Value at ptr (borrowed) or NULL. */
const json_t *aa_json_pointer_get(const json_t *root, const char *ptr);

/*
 * Compile a profile regex as POSIX extended, after translating the Perl
 * shorthands \d \D (and \s \w inside brackets) that glibc lacks.
 * AA_ERR_PARSE with regerror()'s text in why on a bad pattern.
 */
int aa_regex_compile(regex_t *re, const char *pat, int cflags, char *why,
    size_t whylen);
/* First capture group (else whole match) in s[0..len) as a new string in
 * *out; AA_ERR_NOTFOUND when nothing matches. */
int aa_regex_first(const regex_t *re, const char *s, size_t len, char **out);

/* AA_OK if spec is a well-formed extractor, else AA_ERR_PARSE and why. */
int aa_extract_spec_check(const char *spec, char *why, size_t whylen);
/*
 * Apply spec to a response (and the session's jar for cookie:, s may be
 * NULL). *out is a new reference, or NULL when nothing was found (AA_OK).
 */
int aa_extract_run(const char *spec, const struct aa_response *resp,
    const struct aa_session *s, json_t **out);

#endif
