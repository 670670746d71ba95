/*
 * libFuzzer harness for the authenticator's answers as the client sees
 * them: libfido2 talks CTAPHID to a proxy in front of the software key,
 * and the proxy changes the key's replies as the input says, so the
 * CBOR of authenticatorGetInfo, MakeCredential and GetAssertion that
 * libfido2 parses, and fido/client.c turns into a WebAuthn credential
 * (attestation object, authenticator data, signature), is hostile.
 *
 * Input: records of {mode, length (2 bytes, big-endian), bytes}; record
 * k applies to the k-th CBOR or U2F reply: mode 0 keeps it, 1 replaces
 * its payload by the bytes, 2 XORs the bytes into it (bit flips on valid
 * CBOR), 3 cuts it to `length` bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fido.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "fido/softkey/softkey.h"
#include "fido/webauthn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REP 64
#define MAX_MSG 7609
#define MAX_QUEUE 256

static struct aa_fido_softkey *key;
static const uint8_t *in;
static size_t in_left;
static unsigned char q[MAX_QUEUE][REP];
static size_t qn, qpos;

static const char create_json[] =
    "{\"rp\": {\"id\": \"example.com\", \"name\": \"Ex\"},"
    " \"user\": {\"id\": \"dXNlcg\", \"name\": \"u\", \"displayName\": \"U\"},"
    " \"challenge\": \"Y2hhbGxlbmdlY2hhbGxlbmdl\","
    " \"pubKeyCredParams\": [{\"type\": \"public-key\", \"alg\": -7},"
    "   {\"type\": \"public-key\", \"alg\": -8}], \"attestation\": \"direct\"}";
static const char get_json[] =
    "{\"rpId\": \"example.com\", \"challenge\": \"Y2hhbGxlbmdlY2hhbGxlbmdl\","
    " \"userVerification\": \"discouraged\"}";

/* Frame msg as init + continuation reports on the queue. */
static void
frame(const unsigned char cid[4], uint8_t cmd, const unsigned char *msg,
    size_t n)
{
	size_t off = 0, take;
	uint8_t seq = 0;

	for (int first = 1; (first || off < n) && qn < MAX_QUEUE; first = 0) {
		unsigned char *r = q[qn++];

		memset(r, 0, REP);
		memcpy(r, cid, 4);
		if (first) {
			r[4] = cmd | 0x80;
			r[5] = (unsigned char)(n >> 8);
			r[6] = (unsigned char)n;
			take = n < REP - 7 ? n : REP - 7;
			memcpy(r + 7, msg, take);
		} else {
			r[4] = seq++;
			take = n - off < REP - 5 ? n - off : REP - 5;
			memcpy(r + 5, msg + off, take);
		}
		off += take;
	}
}

/*
 * libcbor 0.8 (under libfido2) reserves an array's or map's storage for
 * the count the header declares before reading a single item: 3 bytes
 * can ask for gigabytes. That is the library's, not ours to fuzz; a
 * reply declaring more items or bytes than follow is left unchanged.
 * Returns the end of the item at p, or NULL.
 */
static const unsigned char *
cbor_item(const unsigned char *p, const unsigned char *end, int depth)
{
	uint64_t v = 0;
	unsigned ai, mt;
	size_t k;

	if (p >= end || depth > 16)
		return NULL;
	mt = *p >> 5;
	ai = *p++ & 0x1f;
	if (ai < 24)
		v = ai;
	else if (ai <= 27) {
		k = (size_t)1 << (ai - 24);
		if ((size_t)(end - p) < k)
			return NULL;
		for (size_t i = 0; i < k; i++)
			v = v << 8 | *p++;
	} else if (ai == 31 && mt >= 2 && mt <= 5) {
		while (p < end && *p != 0xff)
			if ((p = cbor_item(p, end, depth + 1)) == NULL)
				return NULL;
		return p < end ? p + 1 : NULL;
	} else if (ai != 31 || mt != 7)
		return mt == 7 ? p : NULL;
	switch (mt) {
	case 2:
	case 3:
		return v <= (uint64_t)(end - p) ? p + v : NULL;
	case 4:
	case 5:
		if (v > (uint64_t)(end - p))
			return NULL;
		for (uint64_t i = 0; i < v * (mt == 5 ? 2 : 1); i++)
			if ((p = cbor_item(p, end, depth + 1)) == NULL)
				return NULL;
		return p;
	case 6:
		return cbor_item(p, end, depth + 1);
	default:
		return p;
	}
}

/* A CTAP2 reply: status byte, then at most one CBOR item. */
static int
sane(uint8_t cmd, const unsigned char *msg, size_t n)
{
	return cmd != 0x10 || n <= 1 || cbor_item(msg + 1, msg + n, 0) != NULL;
}

/* The next record changes msg (a CBOR or U2F reply) in place. */
static void
mutate(unsigned char *msg, size_t *n)
{
	uint8_t mode;
	size_t len;

	if (in_left < 3)
		return;
	mode = in[0] % 4;
	len = (size_t)in[1] << 8 | in[2];
	in += 3;
	in_left -= 3;
	if (len > in_left)
		len = in_left;
	switch (mode) {
	case 1:
		if (len > MAX_MSG)
			len = MAX_MSG;
		memcpy(msg, in, len);
		*n = len;
		break;
	case 2:
		for (size_t i = 0; i < len && *n > 0; i++)
			msg[i % *n] ^= in[i];
		break;
	case 3:
		if (len < *n)
			*n = len;
		len = 0; /* the bytes are not used */
		break;
	default:
		break;
	}
	in += len;
	in_left -= len;
}

/* Take the key's queued reply reports, change the message, reframe. */
static void
pull(void)
{
	unsigned char rep[REP], msg[MAX_MSG], cid[4];
	size_t need = 0, have = 0, take;
	uint8_t cmd = 0;

	while (aa_fido_softkey_hid_read(key, rep, REP) == REP) {
		if (rep[4] & 0x80) {
			memcpy(cid, rep, 4);
			cmd = rep[4] & 0x7f;
			need = (size_t)rep[5] << 8 | rep[6];
			if (need > MAX_MSG)
				need = MAX_MSG;
			take = need < REP - 7 ? need : REP - 7;
			memcpy(msg, rep + 7, take);
			have = take;
		} else {
			take = need - have < REP - 5 ? need - have : REP - 5;
			memcpy(msg + have, rep + 5, take);
			have += take;
		}
		if (have < need)
			continue;
		/* CBOR (0x10) and U2F MSG (0x03) replies; INIT and
		 * KEEPALIVE pass unchanged. */
		if (cmd == 0x10 || cmd == 0x03) {
			unsigned char orig[MAX_MSG];
			size_t olen = have;

			memcpy(orig, msg, have);
			mutate(msg, &have);
			if (!sane(cmd, msg, have)) {
				memcpy(msg, orig, olen);
				have = olen;
			}
		}
		frame(cid, cmd, msg, have);
		need = have = 0;
	}
}

static void *
px_open(const char *path)
{
	(void)path;
	qn = qpos = 0;
	return key;
}

static void
px_close(void *h)
{
	(void)h;
}

static int
px_read(void *h, unsigned char *buf, size_t len, int ms)
{
	(void)h;
	(void)ms;
	if (qpos == qn) {
		qn = qpos = 0;
		pull();
	}
	if (qpos == qn || len < REP)
		return -1;
	memcpy(buf, q[qpos++], REP);
	return REP;
}

static int
px_write(void *h, const unsigned char *buf, size_t len)
{
	(void)h;
	if (len != REP + 1 ||
	    aa_fido_softkey_hid_write(key, buf + 1, REP) != AA_OK)
		return -1;
	return (int)len;
}

static const fido_dev_io_t px_io = { px_open, px_close, px_read, px_write };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aa_fido_options co, go;
	static int init;
	struct aa_fido_reg reg;
	fido_dev_t *dev = NULL;
	json_t *cred = NULL;
	char why[200];
	int ferr;

	if (!init) {
		aa_json_secure_init();
		fido_init(0);
		if (aa_fido_softkey_new(NULL, &key) != AA_OK ||
		    aa_fido_options_parse_text(create_json, strlen(create_json),
		    1, &co, why, sizeof(why)) != AA_OK ||
		    aa_fido_options_parse_text(get_json, strlen(get_json), 0,
		    &go, why, sizeof(why)) != AA_OK)
			__builtin_trap();
		init = 1;
	}
	in = data;
	in_left = size;
	aa_fido_softkey_reset(key);
	/* A short device timeout: libfido2 paces U2F retries in 100 ms
	 * steps while a (mutated) reply asks for a touch. */
	if ((dev = fido_dev_new()) == NULL ||
	    fido_dev_set_io_functions(dev, &px_io) != FIDO_OK ||
	    fido_dev_set_timeout(dev, 5) != FIDO_OK ||
	    fido_dev_open(dev, "fuzz") != FIDO_OK)
		goto out;
	if (aa_fido_client_register(dev, &co, "https://example.com", NULL,
	    NULL, &cred, &reg, &ferr) == AA_OK) {
		json_decref(cred);
		cred = NULL;
		go.nlist = 1;
		go.list[0] = reg.cred;
		(void)aa_fido_client_login(dev, &go, "https://example.com",
		    NULL, NULL, &cred, &ferr);
		go.nlist = 0;
	}
	fido_dev_close(dev);
out:
	json_decref(cred);
	fido_dev_free(&dev);
	return 0;
}
