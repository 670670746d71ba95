/*
 * libFuzzer harness: the software key's CTAP input. The first byte picks
 * how the rest reaches the key: raw 64-byte CTAPHID reports, or a message
 * the harness frames itself (CTAPHID INIT + CBOR / MSG) so the fuzzer
 * reaches the CTAP2 CBOR and U2F APDU parsers directly. Its top bit
 * turns on the no-touch control.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fido/softkey/softkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
drain(struct aa_fido_softkey *k)
{
	unsigned char out[64];

	while (aa_fido_softkey_hid_read(k, out, sizeof(out)) == 64)
		;
}

/* Send one message as init + continuation reports on channel cid. */
static void
send_msg(struct aa_fido_softkey *k, const uint8_t cid[4], uint8_t cmd,
    const uint8_t *p, size_t n)
{
	unsigned char rep[64];
	size_t off, take;
	uint8_t seq = 0;

	if (n > AA_FIDO_SK_MAX_MSG)
		n = AA_FIDO_SK_MAX_MSG;
	memset(rep, 0, sizeof(rep));
	memcpy(rep, cid, 4);
	rep[4] = cmd | 0x80;
	rep[5] = (unsigned char)(n >> 8);
	rep[6] = (unsigned char)n;
	take = n < 57 ? n : 57;
	memcpy(rep + 7, p, take);
	aa_fido_softkey_hid_write(k, rep, sizeof(rep));
	for (off = take; off < n; off += take) {
		memset(rep, 0, sizeof(rep));
		memcpy(rep, cid, 4);
		rep[4] = seq++;
		take = n - off < 59 ? n - off : 59;
		memcpy(rep + 5, p + off, take);
		aa_fido_softkey_hid_write(k, rep, sizeof(rep));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t bcast[4] = { 0xff, 0xff, 0xff, 0xff };
	static const uint8_t nonce[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static struct aa_fido_softkey *k; /* a new key per input costs a CA */
	struct aa_fido_softkey_ctl ctl;
	unsigned char out[64];
	uint8_t cid[4];

	if (k == NULL && aa_fido_softkey_new(NULL, &k) != 0)
		return 0;
	aa_fido_softkey_reset(k);
	if (size < 1 || size > 16384)
		return 0;
	/* the top bit of the first byte: a key nobody touches (KEEPALIVE
	 * reports queued before USER_ACTION_TIMEOUT) */
	aa_fido_softkey_ctl_default(&ctl);
	ctl.no_touch = (data[0] & 0x80) != 0;
	aa_fido_softkey_set_ctl(k, &ctl);
	if (data[0] % 3 == 0) {
		for (size_t off = 1; off + 64 <= size; off += 64) {
			aa_fido_softkey_hid_write(k, data + off, 64);
			drain(k);
		}
	} else {
		send_msg(k, bcast, 0x06, nonce, sizeof(nonce));
		if (aa_fido_softkey_hid_read(k, out, sizeof(out)) == 64) {
			memcpy(cid, out + 15, 4); /* nonce(8) then the new CID */
			drain(k);
			send_msg(k, cid, data[0] % 3 == 1 ? 0x10 : 0x03, data + 1,
			    size - 1);
			drain(k);
		}
	}
	return 0;
}
