/*
 * Profile regexes that would compile to something huge, or repeat a
 * repetition, are refused at once; ordinary ones still compile, and so do
 * the Perl forms PCRE2 gives a meaning (lazy and possessive quantifiers,
 * backreferences), whose matching the match limits bound
 * (tests/unit/test_core_extract.c).
 */
#include <stdio.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"
#include "tests/unit/tap.h"

static void
refused(void)
{
	static const char *const bad[] = {
		"a+*", "x+++#+*+++++++++++", "a{2}{3}",
		"((a{200}){200}){200}", NULL,
	};
	struct aa_regex *re = NULL;
	char why[128];

	for (size_t i = 0; bad[i] != NULL; i++) {
		is_int(aa_regex_compile(&re, bad[i], why, sizeof(why)),
		    AA_ERR_PARSE, bad[i]);
		ok(why[0] != '\0' && re == NULL, "  says why: %s", why);
	}
}

static void
accepted(void)
{
	static const char *const good[] = {
		"\\b(\\d{4,8})\\b", "code: ([A-Z0-9]{6})", "^/home", "a+b*c?",
		"[+*?]+", "\\+\\*", "(a|b)+", "\\d+?", "(ab)*+", "a{2}+",
		"(a)\\1", NULL,
	};
	struct aa_regex *re = NULL;
	char why[128];

	for (size_t i = 0; good[i] != NULL; i++) {
		is_int(aa_regex_compile(&re, good[i], why, sizeof(why)), AA_OK,
		    good[i]);
		aa_regex_free(&re);
	}
}

int
main(void)
{
	refused();
	accepted();
	return tap_done();
}
