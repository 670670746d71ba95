/*
 * A service's WebAuthn "timeout" is a hint in ms: out-of-range values are
 * clamped, never converted with undefined behaviour (1e300 to long).
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "fido/webauthn.h"
#include "tests/unit/tap.h"

static long
timeout_of(const char *t)
{
	static struct aa_fido_options o;
	char json[512], why[200];

	snprintf(json, sizeof(json), "{\"challenge\": \"Y2hhbGxlbmdl\", "
	    "\"rpId\": \"example.com\", \"timeout\": %s}", t);
	if (aa_fido_options_parse_text(json, strlen(json), 0, &o, why,
	    sizeof(why)) != AA_OK)
		return -1;
	return o.timeout;
}

int
main(void)
{
	is_int(timeout_of("60000"), 60000, "ordinary timeout kept");
	is_int(timeout_of("1e300"), AA_FIDO_TIMEOUT_MAX, "1e300 clamped");
	is_int(timeout_of("-5"), 0, "negative: none");
	is_int(timeout_of("-1e300"), 0, "-1e300: none");
	is_int(timeout_of("12.9"), 12, "fraction cut");
	return tap_done();
}
