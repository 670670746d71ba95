/*
 * Regular expressions of profiles (extract "regex:", ok.body, ok.headers,
 * sms.code_regex): POSIX extended after translating the Perl shorthands
 * glibc lacks, with bounds on pattern, cost and subject. Below the
 * profile loader (which compiles every pattern once to report bad ones)
 * and the engine (which runs them).
 */
#ifndef AA_RX_H
#define AA_RX_H

#include <stddef.h>
#include <regex.h>

#define AA_REGEX_MAX_PATTERN 1024
#define AA_REGEX_MAX_SUBJECT (1024 * 1024)

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

#endif
