#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/redact.h"
#include "tests/unit/tap.h"

int
main(void)
{
	struct aa_redact *r = NULL;
	aa_secret_t *s;
	char *out, code[16], *big;
	size_t n = 400 * 1024, hits = 0;

	is_int(aa_redact_new(&r), AA_OK, "new");
	out = aa_redact_apply(r, "nothing registered");
	is_str(out, "nothing registered", "empty set copies");
	free(out);
	is_int(aa_redact_add(r, "abc", 3), AA_OK, "short value accepted");
	is_int(aa_redact_add(r, "hunter22", 8), AA_OK, "add");
	is_int(aa_redact_add(r, "hunter22", 8), AA_OK, "duplicate add");
	is_int(aa_redact_add(r, "hunter22-long", 13), AA_OK, "longer add");
	s = aa_secret_new_str("JBSWY3DPEHPK3PXP");
	is_int(aa_redact_add_secret(r, s), AA_OK, "add secret");
	aa_secret_free(&s);
	out = aa_redact_apply(r, "pw=hunter22 x=hunter22-long abc "
	    "k=JBSWY3DPEHPK3PXP end hunter2");
	is_str(out, "pw=\u00abredacted 8 chars\u00bb x=\u00abredacted 13 "
	    "chars\u00bb abc k=\u00abredacted 16 chars\u00bb end hunter2",
	    "longest match wins, short values and partial matches kept");
	free(out);

	/* A brute-force probe registers many codes; a report of a few
	 * hundred KB must still redact all of them. */
	for (int i = 0; i < 20000; i++) {
		snprintf(code, sizeof(code), "%06d", i * 37);
		aa_redact_add(r, code, 6);
	}
	big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('0' + (i * 7) % 10);
	memcpy(big + n - 20, "code=000037;", 12);
	big[n] = '\0';
	out = aa_redact_apply(r, big);
	ok(out != NULL, "large input redacted");
	for (size_t i = 0, k = out ? strlen(out) : 0; i + 10 <= k; i++)
		hits += memcmp(out + i, "redacted 6", 10) == 0;
	ok(hits > 0 && strstr(out, "code=\u00abredacted 6 chars\u00bb;") != NULL,
	    "registered code found in a 400 KB text (%zu hits)", hits);
	free(out);
	free(big);
	aa_redact_free(&r);
	ok(r == NULL, "free NULLs");
	aa_redact_free(&r);
	return tap_done();
}
