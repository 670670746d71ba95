/*
 * The key an audit or `fido info` uses: "auto" (first key libfido2
 * finds), "soft" / "soft:STATEFILE" (the software key), "soft-u2f[:FILE]"
 * (the software key as a CTAP1/U2F-only key), "soft-notouch[:FILE]" (the
 * software key nobody touches: for tests and demos of the touch timeout),
 * "soft-u2f-notouch[:FILE]" (both), or a device path.
 */
#ifndef AA_FIDO_DEVICE_H
#define AA_FIDO_DEVICE_H

#include <stddef.h>

#include <fido.h>
#include <jansson.h>

#include "fido/softkey/softkey.h"

/* How long a ceremony waits for a touch (libfido2's device timeout) on a
 * real key, and on the software key in no-touch mode (whose own wait,
 * AA_FIDO_SK_TOUCH_WAIT_MS, is shorter still). */
#define AA_FIDO_TOUCH_TIMEOUT_MS 30000
#define AA_FIDO_SOFT_TOUCH_TIMEOUT_MS 1000

struct aa_fido_device {
	fido_dev_t *dev;
	struct aa_fido_softkey *soft; /* NULL for a real key */
	char path[256];
	char product[128];
	int fido2;                    /* speaks CTAP2 (else U2F only) */
	int timeout_ms;               /* libfido2 timeout per operation;
	                                 -1: none (the plain software key) */
};

/*
 * Open the key named by spec. AA_ERR_NOTFOUND when "auto" finds no key,
 * AA_ERR_DEVICE when the key does not answer, AA_ERR_ARG for a bad spec.
 */
int aa_fido_device_open(const char *spec, struct aa_fido_device **out);
void aa_fido_device_free(struct aa_fido_device **dp);

/* One key libfido2 lists. */
struct aa_fido_keyinfo {
	char path[256];
	char manufacturer[128];
	char product[128];
	int vendor, product_id;
};

/* Up to max keys libfido2 sees (0 when none); AA_ERR_DEVICE on failure. */
int aa_fido_device_list(struct aa_fido_keyinfo *keys, size_t max, size_t *n);

/* The key report of checks.md as JSON (new reference; NULL on failure).
 * pin_retries is asked only when the key has a PIN. */
json_t *aa_fido_device_report(struct aa_fido_device *d);

#endif
