/* libFuzzer: otpauth URI parser and the URI audit. */
#include <stddef.h>
#include <stdint.h>

#include "totp/uri.h"
#include "totp/uri_audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_totp_uri *u = NULL;
	char why[512];

	if (aa_totp_uri_parse((const char *)data, size, &u, NULL) == AA_OK) {
		json_decref(aa_totp_uri_evidence(u));
		aa_totp_uri_nonstandard(u, why, sizeof(why));
	}
	aa_totp_uri_free(&u);
	return 0;
}
