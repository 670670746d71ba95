/*
 * Profile regexes that glibc would compile in exponential time are
 * refused at once; ordinary ones still compile.
 */
#include <regex.h>
#include <stdio.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"
#include "tests/unit/tap.h"

int
main(void)
{
	static const char *const bad[] = {
		"a+*", "x+++#+*+++++++++++", "\\d+?", "(ab)*+", "a{2}+",
		"a{2}{3}", "(a)\\1", NULL,
	};
	static const char *const good[] = {
		"\\b(\\d{4,8})\\b", "code: ([A-Z0-9]{6})", "^/home", "a+b*c?",
		"[+*?]+", "\\+\\*", "(a|b)+", NULL,
	};
	char why[128];
	regex_t re;

	for (size_t i = 0; bad[i] != NULL; i++) {
		is_int(aa_regex_compile(&re, bad[i], 0, why, sizeof(why)),
		    AA_ERR_PARSE, bad[i]);
		ok(why[0] != '\0', "  says why: %s", why);
	}
	for (size_t i = 0; good[i] != NULL; i++) {
		int r = aa_regex_compile(&re, good[i], 0, why, sizeof(why));

		is_int(r, AA_OK, good[i]);
		if (r == AA_OK)
			regfree(&re);
	}
	return tap_done();
}
