/*
 * libFuzzer harness: WebAuthn options from a service (creation and
 * request options JSON) and the client's use of them (clientDataJSON).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fido/webauthn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct aa_fido_forge none;
	struct aa_fido_options *o = malloc(sizeof(*o));
	char why[200], *cd;

	if (o == NULL)
		return 0;
	for (int create = 0; create <= 1; create++)
		if (aa_fido_options_parse_text((const char *)data, size, create,
		    o, why, sizeof(why)) == 0) {
			cd = aa_fido_client_data(create ? "webauthn.create" :
			    "webauthn.get", o, "https://example.com", &none);
			free(cd);
		}
	free(o);
	return 0;
}
