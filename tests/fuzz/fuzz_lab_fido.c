/*
 * libFuzzer harness for the lab relying party's WebAuthn parsers
 * (clientDataJSON, authenticator data, attestationObject and statement).
 * The lab is not part of libaa, so its verification file is compiled in.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tests/lab/lab_fido_verify.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char cdh[32];
	struct lab_fido_cd cd;
	struct lab_fido_ad ad, pad;
	cbor_item_t *root = NULL, *st = NULL;
	const unsigned char *adp;
	size_t adlen;
	char fmt[32];
	int x5c;

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		if (lab_fido_cd_parse(data + 1, size - 1, &cd) == 0 &&
		    strlen(cd.type) >= sizeof(cd.type))
			__builtin_trap();
		break;
	case 1:
		if (lab_fido_ad_parse(data + 1, size - 1, &ad) == 0 &&
		    ad.cred_id_len > LAB_FIDO_MAX_ID)
			__builtin_trap();
		lab_fido_ad_release(&ad);
		break;
	default:
		if (lab_fido_ao_parse(data + 1, size - 1, &root, fmt, sizeof(fmt),
		    &adp, &adlen, &st) != 0)
			break;
		if (lab_fido_ad_parse(adp, adlen, &pad) == 0 && pad.pk != NULL)
			(void)lab_fido_att_verify(fmt, st, adp, adlen, cdh, &pad,
			    &x5c);
		lab_fido_ad_release(&pad);
		cbor_decref(&root);
	}
	return 0;
}
