#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "tests/unit/tap.h"

int
main(void)
{
	aa_secret_t *a, *b, *c;
	struct aa_buf buf;
	char red[64];

	a = aa_secret_new_str("JBSWY3DPEHPK3PXP");
	b = aa_secret_new_str("JBSWY3DPEHPK3PXP");
	c = aa_secret_new_str("JBSWY3DPEHPK3PXQ");
	ok(a && b && c, "secrets allocate");
	ok(aa_secret_eq(a, b), "equal secrets compare equal");
	ok(!aa_secret_eq(a, c), "different secrets compare unequal");
	ok(!aa_ct_streq("123456", "12345"), "length mismatch is unequal");
	is_str(aa_secret_str(a), "JBSWY3DPEHPK3PXP", "secret is NUL-terminated text");
	aa_secret_redact(a, 4, 80, red, sizeof(red));
	is_str(red, "JBSW\u2026(80 bits)", "redaction keeps 4 chars and the size");
	ok(strstr(red, "PEHPK") == NULL, "redaction hides the rest");
	aa_secret_redact(c, 4, 0, red, sizeof(red));
	is_str(red, "JBSW\u2026(128 bits)", "bits default to 8*len");
	aa_secret_free(&a);
	ok(a == NULL, "free clears the pointer");
	aa_secret_free(&a);
	aa_secret_free(&b);
	aa_secret_free(&c);

	aa_buf_init(&buf, 8);
	is_int(aa_buf_puts(&buf, "12345678"), AA_OK, "append up to max");
	is_int(aa_buf_puts(&buf, "9"), AA_ERR_TOOBIG, "append past max refused");
	is_int((long long)buf.len, 8, "buffer unchanged after refusal");
	aa_buf_release(&buf);
	is_str(aa_errname(AA_ERR_BUDGET), "AA_ERR_BUDGET", "error names");
	return tap_done();
}
