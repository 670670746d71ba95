/*
 * Extractors of profile steps: "json:/pointer", "cookie:NAME",
 * "header:NAME", "regex:PATTERN". Also the JSON-pointer and regex helpers
 * other code needs to read responses the same way.
 */
#ifndef AA_EXTRACT_H
#define AA_EXTRACT_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/engine/http.h"

#define AA_REGEX_MAX_PATTERN 1024
#define AA_REGEX_MAX_SUBJECT (1024 * 1024)
/* PCRE2 limits of one match: backtracking steps per start position,
 * nesting of backtracking frames, and their heap (KiB). */
#define AA_REGEX_MATCH_LIMIT 1000000
#define AA_REGEX_DEPTH_LIMIT 5000
#define AA_REGEX_HEAP_LIMIT_KIB (16 * 1024)
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
 * Profile regexes are PCRE2 (Perl syntax: \d, (?:...), lazy quantifiers,
 * lookarounds) matched on bytes, with the limits above so a pattern that
 * backtracks catastrophically is an error, not a hang.
 */
struct aa_regex;

/* A match: the whole of it and the part the caller wants (group 1 when
 * the pattern has one and it took part, else the whole match). */
struct aa_regex_span {
	size_t so, eo;
	size_t gso, geo;
};

/* Compile pat into *out; AA_ERR_PARSE with PCRE2's reason in why. */
int aa_regex_compile(struct aa_regex **out, const char *pat, char *why,
    size_t whylen);
void aa_regex_free(struct aa_regex **re);
/*
 * First match in s[start..len) (s need not be NUL-terminated, may hold
 * NULs; only its first AA_REGEX_MAX_SUBJECT bytes are searched; \b and
 * lookbehinds see the bytes before start). m may be NULL. AA_OK,
 * AA_ERR_NOTFOUND, or AA_ERR_TOOBIG when a match limit was hit.
 */
int aa_regex_match(const struct aa_regex *re, const char *s, size_t len,
    size_t start, struct aa_regex_span *m);
/* The wanted part of the first match in s[0..len) as a new string. */
int aa_regex_first(const struct aa_regex *re, const char *s, size_t len,
    char **out);

/* AA_OK if spec is a well-formed extractor, else AA_ERR_PARSE and why. */
int aa_extract_spec_check(const char *spec, char *why, size_t whylen);
/*
 * Apply spec to a response (and the session's jar for cookie:, s may be
 * NULL). *out is a new reference, or NULL when nothing was found (AA_OK).
 */
int aa_extract_run(const char *spec, const struct aa_response *resp,
    const struct aa_session *s, json_t **out);

#endif
