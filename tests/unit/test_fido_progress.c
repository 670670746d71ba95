/*
 * Touch announcements of the FIDO module with a real key: the count
 * comes first, then "[i/N] touch the key: what" through the CLI's
 * progress hook; the software key announces nothing; a silent run
 * (no hook) never prints. Also the touch budget of a full battery.
 */
#include <stdio.h>
#include <string.h>

#include "fido/audit_int.h"
#include "tests/unit/tap.h"

static char last[256];
static int calls;

static void
record(void *ctx, const char *msg)
{
	(void)ctx;
	snprintf(last, sizeof(last), "%s", msg);
	calls++;
}

int
main(void)
{
	struct aa_audit a;
	struct aa_fido_ctx c;
	unsigned k = 0, n;

	memset(&a, 0, sizeof(a));
	memset(&c, 0, sizeof(c));
	a.opts.progress = record;
	c.a = &a;
	c.touches_total = 3;
	aa_fido_touch(&c, "forged origin");
	is_str(last, "[1/3] touch the key: forged origin", "real key: announced");
	aa_fido_touch(&c, "b");
	aa_fido_touch(&c, "c");
	aa_fido_touch(&c, "one more than planned");
	is_str(last, "[4/4] touch the key: one more than planned",
	    "the total grows instead of lying");
	c.soft = 1;
	calls = 0;
	aa_fido_touch(&c, "soft");
	is_int(calls, 0, "software key: nothing to touch, nothing said");
	c.soft = 0;
	a.opts.progress = NULL;
	aa_fido_touch(&c, "silent");
	is_int(calls, 0, "no hook: silent");
	is_int(c.touches, 6, "every key operation counted");
	n = aa_fido_touches_battery(&k);
	is_int(k, 17, "17 checks provable with a real key (K)");
	ok(n <= 2 * k + 1, "full battery: %u touches, at most two per K check "
	    "(its probe and its control)", n);
	return tap_done();
}
