/*
 * CTAPHID for the software key (CTAP 2.1 §11.2.4): 64-byte reports,
 * channel allocation, message assembly with sequence checks, and the
 * libfido2 io functions that carry the reports. libfido2 opens a device by
 * path, so every key gets a path ("aa-soft:N") in a small registry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/softkey_int.h"

#define HID_PING 0x01
#define HID_MSG 0x03
#define HID_LOCK 0x04
#define HID_INIT 0x06
#define HID_WINK 0x08
#define HID_CBOR 0x10
#define HID_CANCEL 0x11
#define HID_KEEPALIVE 0x3b
#define HID_ERROR 0x3f
#define HID_BROADCAST 0xffffffffu
#define HID_INIT_DATA (AA_FIDO_SK_REPORT - 7)
#define HID_CONT_DATA (AA_FIDO_SK_REPORT - 5)

#define ERR_INVALID_CMD 0x01
#define ERR_INVALID_LEN 0x03
#define ERR_INVALID_SEQ 0x04
#define ERR_INVALID_CHANNEL 0x0b
#define ERR_OTHER 0x7f

#define KEEPALIVE_UPNEEDED 0x02

#define MAX_KEYS 64

static struct aa_fido_softkey *registry[MAX_KEYS];

int
aa_fido_sk_register(struct aa_fido_softkey *k)
{
	for (int i = 0; i < MAX_KEYS; i++)
		if (registry[i] == NULL) {
			registry[i] = k;
			k->slot = i;
			snprintf(k->path, sizeof(k->path), "aa-soft:%d", i);
			return AA_OK;
		}
	return AA_ERR_TOOBIG;
}

void
aa_fido_sk_unregister(struct aa_fido_softkey *k)
{
	if (k->slot >= 0 && k->slot < MAX_KEYS && registry[k->slot] == k)
		registry[k->slot] = NULL;
	k->slot = -1;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Queue a reply message as init + continuation reports. */
static int
queue(struct aa_fido_softkey *k, uint32_t cid, uint8_t cmd,
    const unsigned char *data, size_t len)
{
	size_t nrep = 1, off, take;
	unsigned char *rep, *n;
	uint8_t seq = 0;

	if (len > AA_FIDO_SK_MAX_MSG)
		return AA_ERR_TOOBIG;
	if (len > HID_INIT_DATA)
		nrep += (len - HID_INIT_DATA + HID_CONT_DATA - 1) / HID_CONT_DATA;
	if (k->tx_pos == k->tx_n) { /* drained: start over */
		free(k->tx_reports);
		k->tx_reports = NULL;
		k->tx_n = k->tx_pos = 0;
	}
	if (k->tx_n + nrep > 4 * 130)
		return AA_ERR_TOOBIG;
	n = realloc(k->tx_reports, (k->tx_n + nrep) * AA_FIDO_SK_REPORT);
	if (n == NULL)
		return AA_ERR_NOMEM;
	k->tx_reports = n;
	rep = n + k->tx_n * AA_FIDO_SK_REPORT;
	memset(rep, 0, nrep * AA_FIDO_SK_REPORT);
	put32(rep, cid);
	rep[4] = (unsigned char)(cmd | 0x80);
	rep[5] = (unsigned char)(len >> 8);
	rep[6] = (unsigned char)len;
	take = len < HID_INIT_DATA ? len : HID_INIT_DATA;
	if (take)
		memcpy(rep + 7, data, take);
	off = take;
	for (size_t i = 1; i < nrep; i++) {
		rep += AA_FIDO_SK_REPORT;
		put32(rep, cid);
		rep[4] = seq++;
		take = len - off < HID_CONT_DATA ? len - off : HID_CONT_DATA;
		memcpy(rep + 5, data + off, take);
		off += take;
	}
	k->tx_n += nrep;
	return AA_OK;
}

static int
hid_error(struct aa_fido_softkey *k, uint32_t cid, uint8_t code)
{
	return queue(k, cid, HID_ERROR, &code, 1);
}

static int
do_init(struct aa_fido_softkey *k, uint32_t cid, const unsigned char *nonce,
    size_t len)
{
	unsigned char r[17];
	uint32_t ncid = cid;

	if (len != 8)
		return hid_error(k, cid, ERR_INVALID_LEN);
	if (cid == HID_BROADCAST) {
		ncid = k->next_cid++;
		if (k->next_cid == HID_BROADCAST || k->next_cid == 0)
			k->next_cid = 1;
	}
	memcpy(r, nonce, 8);
	put32(r + 8, ncid);
	r[12] = 2;    /* CTAPHID protocol version */
	r[13] = 1;    /* device version 1.0.0 */
	r[14] = 0;
	r[15] = 0;
	r[16] = 0x01; /* WINK */
	if (!k->ctl.u2f_only)
		r[16] |= 0x04; /* CBOR */
	return queue(k, cid, HID_INIT, r, sizeof(r));
}

static int
dispatch(struct aa_fido_softkey *k, uint32_t cid, uint8_t cmd,
    const unsigned char *p, size_t len)
{
	unsigned char *resp = NULL;
	size_t rlen = 0;
	int r;

	if (cmd == HID_INIT)
		return do_init(k, cid, p, len);
	if (cid == HID_BROADCAST || cid == 0)
		return hid_error(k, cid, ERR_INVALID_CHANNEL);
	switch (cmd) {
	case HID_PING:
		return queue(k, cid, cmd, p, len);
	case HID_WINK:
	case HID_LOCK:
		return queue(k, cid, cmd, NULL, 0);
	case HID_CANCEL:
		return AA_OK; /* nothing is ever pending: no reply */
	case HID_CBOR:
		if (k->ctl.u2f_only)
			return hid_error(k, cid, ERR_INVALID_CMD);
		r = aa_fido_sk_ctap2(k, p, len, &resp, &rlen);
		break;
	case HID_MSG:
		r = aa_fido_sk_u2f(k, p, len, &resp, &rlen);
		break;
	default:
		return hid_error(k, cid, ERR_INVALID_CMD);
	}
	/* Nobody touched the key: it said so every KEEPALIVE period until it
	 * gave up (io_read paces these reports). */
	for (int i = 0; r == AA_OK && cmd == HID_CBOR && k->ctl.no_touch &&
	    rlen == 1 && resp[0] == SK_ERR_USER_ACTION_TIMEOUT &&
	    i < AA_FIDO_SK_TOUCH_WAIT_MS / AA_FIDO_SK_KEEPALIVE_MS; i++) {
		static const unsigned char up_needed = KEEPALIVE_UPNEEDED;

		r = queue(k, cid, HID_KEEPALIVE, &up_needed, 1);
	}
	if (r == AA_OK)
		r = queue(k, cid, cmd, resp, rlen);
	else
		r = hid_error(k, cid, ERR_OTHER);
	aa_freezero(resp, rlen);
	return r;
}

int
aa_fido_softkey_hid_write(struct aa_fido_softkey *k, const unsigned char *rep,
    size_t len)
{
	uint32_t cid;
	size_t take;
	int r;

	if (rep == NULL || len != AA_FIDO_SK_REPORT)
		return AA_ERR_ARG;
	cid = get32(rep);
	if (rep[4] & 0x80) {
		uint8_t cmd = rep[4] & 0x7f;
		size_t bcnt = (size_t)rep[5] << 8 | rep[6];

		if (k->rx_need != 0 && cid != k->rx_cid && cmd != HID_INIT)
			return hid_error(k, cid, 0x06); /* channel busy */
		k->rx_need = 0;
		if (bcnt > AA_FIDO_SK_MAX_MSG)
			return hid_error(k, cid, ERR_INVALID_LEN);
		take = bcnt < HID_INIT_DATA ? bcnt : HID_INIT_DATA;
		memcpy(k->rx_buf, rep + 7, take);
		if (take == bcnt)
			return dispatch(k, cid, cmd, k->rx_buf, bcnt);
		k->rx_cid = cid;
		k->rx_cmd = cmd;
		k->rx_seq = 0;
		k->rx_need = bcnt;
		k->rx_have = take;
		return AA_OK;
	}
	if (k->rx_need == 0 || cid != k->rx_cid)
		return AA_OK; /* spurious continuation: ignored (spec) */
	if (rep[4] != k->rx_seq) {
		k->rx_need = 0;
		return hid_error(k, cid, ERR_INVALID_SEQ);
	}
	k->rx_seq++;
	take = k->rx_need - k->rx_have;
	if (take > HID_CONT_DATA)
		take = HID_CONT_DATA;
	memcpy(k->rx_buf + k->rx_have, rep + 5, take);
	k->rx_have += take;
	if (k->rx_have < k->rx_need)
		return AA_OK;
	k->rx_need = 0;
	r = dispatch(k, cid, k->rx_cmd, k->rx_buf, k->rx_have);
	aa_wipe(k->rx_buf, k->rx_have);
	return r;
}

int
aa_fido_softkey_hid_read(struct aa_fido_softkey *k, unsigned char *rep,
    size_t len)
{
	if (len < AA_FIDO_SK_REPORT || k->tx_pos >= k->tx_n)
		return 0;
	memcpy(rep, k->tx_reports + k->tx_pos * AA_FIDO_SK_REPORT,
	    AA_FIDO_SK_REPORT);
	k->tx_pos++;
	return AA_FIDO_SK_REPORT;
}

/* ---- libfido2 io functions ---------------------------------------------- */

static void *
io_open(const char *path)
{
	int slot;
	char tail;

	if (path == NULL || sscanf(path, "aa-soft:%d%c", &slot, &tail) != 1 ||
	    slot < 0 || slot >= MAX_KEYS || registry[slot] == NULL)
		return NULL;
	registry[slot]->opened++;
	registry[slot]->rx_need = 0;
	registry[slot]->tx_n = registry[slot]->tx_pos = 0;
	return registry[slot];
}

static void
io_close(void *h)
{
	struct aa_fido_softkey *k = h;

	if (k != NULL && k->opened > 0)
		k->opened--;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/*
 * Replies are ready at once; nothing queued = timeout. A KEEPALIVE report
 * comes one period after the previous one, as from a real key. When the
 * caller's time is up (ms 0, or less than the next period) the read times
 * out and the key drops what it had queued: a reply nobody waits for.
 */
static int
io_read(void *h, unsigned char *buf, size_t len, int ms)
{
	struct aa_fido_softkey *k = h;
	const unsigned char *next;
	int n;

	if (k == NULL || len != AA_FIDO_SK_REPORT || k->ctl.unplugged)
		return -1;
	if (k->tx_pos < k->tx_n) {
		next = k->tx_reports + k->tx_pos * AA_FIDO_SK_REPORT;
		if (next[4] == (HID_KEEPALIVE | 0x80)) {
			if (ms >= 0 && ms < AA_FIDO_SK_KEEPALIVE_MS) {
				sleep_ms(ms);
				ms = 0;
			} else
				sleep_ms(AA_FIDO_SK_KEEPALIVE_MS);
		}
		if (ms == 0) {
			k->tx_pos = k->tx_n;
			return -1;
		}
	}
	n = aa_fido_softkey_hid_read(k, buf, len);
	return n > 0 ? n : -1;
}

static int
io_write(void *h, const unsigned char *buf, size_t len)
{
	/* libfido2 prepends the HID report ID (0) */
	if (h == NULL || len != AA_FIDO_SK_REPORT + 1 ||
	    ((struct aa_fido_softkey *)h)->ctl.unplugged)
		return -1;
	if (aa_fido_softkey_hid_write(h, buf + 1, AA_FIDO_SK_REPORT) != AA_OK)
		return -1;
	return (int)len;
}

static const fido_dev_io_t sk_io = { io_open, io_close, io_read, io_write };

const fido_dev_io_t *
aa_fido_softkey_io(void)
{
	return &sk_io;
}

int
aa_fido_softkey_open(struct aa_fido_softkey *k, fido_dev_t **out)
{
	fido_dev_t *dev;
	int r = AA_ERR_DEVICE;

	*out = NULL;
	if ((dev = fido_dev_new()) == NULL)
		return AA_ERR_NOMEM;
	if (fido_dev_set_io_functions(dev, &sk_io) != FIDO_OK)
		goto out;
	if (fido_dev_open(dev, k->path) != FIDO_OK)
		goto out;
	*out = dev;
	dev = NULL;
	r = AA_OK;
out:
	fido_dev_free(&dev);
	return r;
}
