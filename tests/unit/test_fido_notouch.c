/*
 * A key nobody touches (ctl.no_touch) through libfido2: makeCredential
 * and getAssertion end with USER_ACTION_TIMEOUT after KEEPALIVE(UPNEEDED)
 * reports, a silent assertion still works, a libfido2 timeout shorter
 * than the key's wait ends in FIDO_ERR_RX without leaving a stale reply,
 * and the CTAP1 path (CONDITIONS_NOT_SATISFIED polled by libfido2) ends
 * when the device timeout runs out instead of looping forever.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <fido.h>

#include "auth-audit/core/err.h"
#include "fido/softkey/softkey.h"
#include "tests/unit/tap.h"

/* A hang guard only (the key waits AA_FIDO_SK_TOUCH_WAIT_MS). */
#define HANG_MS 20000

static const unsigned char cdh[32] = { 9, 8, 7, 6, 5, 4, 3, 2, 1 };
static const unsigned char uid[16] = { 0x11, 0x22 };

static unsigned keepalives; /* KEEPALIVE(UPNEEDED) reports libfido2 read */

static int
count_read(void *h, unsigned char *buf, size_t len, int ms)
{
	int n = aa_fido_softkey_io()->read(h, buf, len, ms);

	if (n == 64 && buf[4] == 0xbb && buf[7] == 0x02)
		keepalives++;
	return n;
}

static fido_dev_t *
open_counting(struct aa_fido_softkey *k)
{
	fido_dev_io_t io = *aa_fido_softkey_io();
	fido_dev_t *dev = fido_dev_new();

	io.read = count_read;
	if (dev == NULL || fido_dev_set_io_functions(dev, &io) != FIDO_OK ||
	    fido_dev_open(dev, aa_fido_softkey_path(k)) != FIDO_OK)
		fido_dev_free(&dev);
	return dev;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
make_cred(fido_dev_t *dev, fido_cred_t **out)
{
	fido_cred_t *c = fido_cred_new();
	int rc;

	fido_cred_set_type(c, COSE_ES256);
	fido_cred_set_clientdata_hash(c, cdh, sizeof(cdh));
	fido_cred_set_rp(c, "example.com", "Example");
	fido_cred_set_user(c, uid, sizeof(uid), "alice", "Alice", NULL);
	rc = fido_dev_make_cred(dev, c, NULL);
	if (out != NULL)
		*out = c;
	else
		fido_cred_free(&c);
	return rc;
}

static int
get_assert(fido_dev_t *dev, const fido_cred_t *c, fido_opt_t up)
{
	fido_assert_t *a = fido_assert_new();
	int rc;

	fido_assert_set_clientdata_hash(a, cdh, sizeof(cdh));
	fido_assert_set_rp(a, "example.com");
	fido_assert_allow_cred(a, fido_cred_id_ptr(c), fido_cred_id_len(c));
	if (up == FIDO_OPT_FALSE)
		fido_assert_set_up(a, FIDO_OPT_FALSE);
	rc = fido_dev_get_assert(dev, a, NULL);
	fido_assert_free(&a);
	return rc;
}

static void
set_no_touch(struct aa_fido_softkey *k, int on)
{
	struct aa_fido_softkey_ctl ctl;

	aa_fido_softkey_get_ctl(k, &ctl);
	ctl.no_touch = on;
	aa_fido_softkey_set_ctl(k, &ctl);
}

static void
test_ctap2(void)
{
	struct aa_fido_softkey *k = NULL;
	fido_dev_t *dev;
	fido_cred_t *c = NULL;
	size_t ncreds;
	long t0;

	is_int(aa_fido_softkey_new(NULL, &k), AA_OK, "new soft key");
	ok((dev = open_counting(k)) != NULL, "open it through counting io");
	if (dev == NULL) {
		aa_fido_softkey_free(&k);
		return;
	}
	is_int(make_cred(dev, &c), FIDO_OK, "register while someone touches");
	ncreds = aa_fido_softkey_ncreds(k);

	set_no_touch(k, 1);
	keepalives = 0;
	t0 = now_ms();
	is_int(make_cred(dev, NULL), FIDO_ERR_USER_ACTION_TIMEOUT,
	    "no touch: makeCredential ends in USER_ACTION_TIMEOUT");
	ok(now_ms() - t0 < HANG_MS, "  ... and returns (no hang)");
	is_int(keepalives, AA_FIDO_SK_TOUCH_WAIT_MS / AA_FIDO_SK_KEEPALIVE_MS,
	    "  ... after KEEPALIVE(UPNEEDED) reports");
	is_int((long long)aa_fido_softkey_ncreds(k), (long long)ncreds,
	    "  ... making no credential");
	keepalives = 0;
	is_int(get_assert(dev, c, FIDO_OPT_OMIT), FIDO_ERR_USER_ACTION_TIMEOUT,
	    "no touch: getAssertion ends in USER_ACTION_TIMEOUT");
	ok(keepalives > 0, "  ... after KEEPALIVE(UPNEEDED) reports");
	is_int(get_assert(dev, c, FIDO_OPT_FALSE), FIDO_OK,
	    "a silent assertion (up=false) needs no touch");

	/* the client gives up before the key does */
	is_int(fido_dev_set_timeout(dev, AA_FIDO_SK_KEEPALIVE_MS + 10), FIDO_OK,
	    "a libfido2 timeout shorter than the key's wait");
	is_int(make_cred(dev, NULL), FIDO_ERR_RX, "  ... ends in FIDO_ERR_RX");
	is_int(fido_dev_set_timeout(dev, -1), FIDO_OK, "no timeout again");
	set_no_touch(k, 0);
	is_int(get_assert(dev, c, FIDO_OPT_OMIT), FIDO_OK,
	    "touched again: the same device works (no stale reply)");

	fido_cred_free(&c);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
}

static void
test_u2f(void)
{
	struct aa_fido_softkey *k = NULL;
	struct aa_fido_softkey_ctl ctl;
	fido_dev_t *dev = NULL;
	fido_cred_t *c = NULL;
	long t0;

	is_int(aa_fido_softkey_new(NULL, &k), AA_OK, "new U2F-only soft key");
	aa_fido_softkey_get_ctl(k, &ctl);
	ctl.u2f_only = 1;
	aa_fido_softkey_set_ctl(k, &ctl);
	is_int(aa_fido_softkey_open(k, &dev), AA_OK, "open it");
	if (dev == NULL) {
		aa_fido_softkey_free(&k);
		return;
	}
	is_int(make_cred(dev, &c), FIDO_OK, "U2F register while touched");
	set_no_touch(k, 1);
	is_int(fido_dev_set_timeout(dev, 300), FIDO_OK, "device timeout 300 ms");
	t0 = now_ms();
	is_int(make_cred(dev, NULL), FIDO_ERR_RX,
	    "no touch: U2F register polls until the timeout, then FIDO_ERR_RX");
	ok(now_ms() - t0 < HANG_MS, "  ... and returns (no hang)");
	is_int(get_assert(dev, c, FIDO_OPT_OMIT), FIDO_ERR_RX,
	    "no touch: U2F authenticate the same");
	set_no_touch(k, 0);
	is_int(fido_dev_set_timeout(dev, -1), FIDO_OK, "no timeout again");
	is_int(get_assert(dev, c, FIDO_OPT_OMIT), FIDO_OK,
	    "touched again: U2F authenticate works");
	fido_cred_free(&c);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
}

int
main(void)
{
	fido_init(0); /* the CTAP1 test needs libfido2's U2F path */
	test_ctap2();
	test_u2f();
	return tap_done();
}
