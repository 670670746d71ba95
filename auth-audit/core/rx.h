/*
 * Regular expressions of profiles (extract "regex:", ok.body, ok.headers,
 * sms.code_regex): PCRE2 (Perl syntax: \d, (?:...), lazy quantifiers,
 * lookarounds) matched on bytes, with bounds on pattern and subject and
 * match limits, so a pattern that backtracks catastrophically is an
 * error, not a hang. Below the profile loader (which compiles every
 * pattern once to report bad ones) and the engine (which runs them).
 */
#ifndef AA_RX_H
#define AA_RX_H

#include <stddef.h>

#define AA_REGEX_MAX_PATTERN 1024
#define AA_REGEX_MAX_SUBJECT (1024 * 1024)
/* PCRE2 limits of one match: backtracking steps per start position,
 * nesting of backtracking frames, and their heap (KiB). */
#define AA_REGEX_MATCH_LIMIT 1000000
#define AA_REGEX_DEPTH_LIMIT 5000
#define AA_REGEX_HEAP_LIMIT_KIB (16 * 1024)

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

#endif
