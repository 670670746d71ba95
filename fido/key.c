/*
 * Using the key during an audit: touch announcements, and what a key
 * failure means for the rest of the run. A refused PIN is never sent
 * again (each try costs one of the key's retries); after a touch that did
 * not come in time the checks that need a touch are not_tested at once
 * instead of each waiting out the timeout again.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/clock.h"
#include "auth-audit/core/err.h"
#include "fido/audit_int.h"

/* "30 s", "0.5 s"; "" when the key has no timeout of ours. */
static void
timeout_text(const struct aa_fido_ctx *c, char *buf, size_t len)
{
	int ms = c->key != NULL ? c->key->timeout_ms : -1;

	if (ms <= 0)
		snprintf(buf, len, "in time");
	else if (ms % 1000 == 0)
		snprintf(buf, len, "within %d s", ms / 1000);
	else
		snprintf(buf, len, "within %d.%d s", ms / 1000, ms % 1000 / 100);
}

void
aa_fido_key_start(struct aa_fido_ctx *c)
{
	c->key_t0 = aa_clock_ms();
	c->key_busy = 1;
}

void
aa_fido_key_done(struct aa_fido_ctx *c)
{
	if (c->key_busy)
		c->a->device_ms += aa_clock_ms() - c->key_t0;
	c->key_busy = 0;
}

void
aa_fido_touch(struct aa_fido_ctx *c, const char *what)
{
	char msg[256];

	aa_fido_key_start(c);
	c->touches++;
	if (c->soft || c->a->opts.progress == NULL)
		return;
	if (c->touches > c->touches_total)
		c->touches_total = c->touches;
	snprintf(msg, sizeof(msg), "[%u/%u] touch the key: %s", c->touches,
	    c->touches_total, what);
	c->a->opts.progress(c->a->opts.progress_ctx, msg);
}

/*
 * The key gave up waiting for its user (USER_ACTION_TIMEOUT), or libfido2
 * did: our device timeout ran out, which it reports as FIDO_ERR_RX. An
 * unplugged key fails with FIDO_ERR_RX at once, so the elapsed time tells
 * the two apart.
 */
static int
is_touch_timeout(const struct aa_fido_ctx *c, int fe)
{
	int ms = c->key != NULL ? c->key->timeout_ms : -1;

	if (fe == FIDO_ERR_USER_ACTION_TIMEOUT || fe == FIDO_ERR_ACTION_TIMEOUT)
		return 1;
	return fe == FIDO_ERR_RX && ms > 0 &&
	    aa_clock_ms() - c->key_t0 >= ms * 0.9;
}

void
aa_fido_key_failed(struct aa_fido_ctx *c, int fe)
{
	char t[32], msg[200];

	c->last_touch_timeout = 0;
	if (fe == FIDO_ERR_PIN_INVALID || fe == FIDO_ERR_PIN_BLOCKED ||
	    fe == FIDO_ERR_PIN_AUTH_BLOCKED)
		c->pin_refused = 1;
	if (!is_touch_timeout(c, fe))
		return;
	c->last_touch_timeout = 1;
	if (c->touch_timeout++ > 0 || c->soft || c->a->opts.progress == NULL)
		return;
	timeout_text(c, t, sizeof(t));
	snprintf(msg, sizeof(msg), "no touch %s: the checks that need a touch "
	    "are not tried again (not_tested)", t);
	c->a->opts.progress(c->a->opts.progress_ctx, msg);
}

void
aa_fido_key_why(struct aa_fido_ctx *c, int fe, char *buf, size_t len)
{
	char t[32];

	timeout_text(c, t, sizeof(t));
	if (fe == FIDO_ERR_PIN_REQUIRED)
		snprintf(buf, len, "the key needs its PIN (AUTH_AUDIT_FIDO_PIN "
		    "or AUTH_AUDIT_FIDO_PIN_FILE)");
	else if (c->last_touch_timeout && fe == FIDO_ERR_RX)
		snprintf(buf, len, "no touch %s: stopped waiting for the key "
		    "(%s)", t, fido_strerr(fe));
	else if (c->last_touch_timeout)
		snprintf(buf, len, "no touch %s: the key timed out waiting for "
		    "a touch (%s)", t, fido_strerr(fe));
	else
		snprintf(buf, len, "security key: %s", fido_strerr(fe));
}

const char *
aa_fido_key_blocked(struct aa_fido_ctx *c)
{
	char t[32];

	if (c->pin_refused)
		return "the key refused the PIN; not trying it again (each try "
		    "uses up one of the key's PIN retries)";
	if (!c->touch_timeout)
		return NULL;
	timeout_text(c, t, sizeof(t));
	snprintf(c->blocked, sizeof(c->blocked), "no touch %s earlier in this "
	    "run: checks that need a touch are not tried again", t);
	return c->blocked;
}

int
aa_fido_key_uv(struct aa_fido_ctx *c, char *why, size_t whylen)
{
	aa_secret_t *pin = NULL;
	int fr;

	if (c->pin != NULL || c->no_uv)
		return AA_OK;
	if (!c->soft) {
		snprintf(why, whylen, "the service requires user verification: "
		    "give the key's PIN (AUTH_AUDIT_FIDO_PIN or "
		    "AUTH_AUDIT_FIDO_PIN_FILE)");
		return AA_ERR_DEVICE;
	}
	if (aa_fido_softkey_own_pin(c->key->soft, &pin) != AA_OK) {
		snprintf(why, whylen, "the software key cannot make its PIN");
		return AA_ERR_CRYPTO;
	}
	/* a key with a PIN of someone else's refuses ours once (key.c) */
	if (!fido_dev_has_pin(c->key->dev) && (fr = fido_dev_set_pin(
	    c->key->dev, aa_secret_str(pin), NULL)) != FIDO_OK) {
		snprintf(why, whylen, "the software key could not set its PIN: "
		    "%s", fido_strerr(fr));
		aa_secret_free(&pin);
		return AA_ERR_DEVICE;
	}
	c->pin = pin;
	aa_redact_add_secret(c->a->redact, c->pin);
	aa_audit_progress(c->a, "the service requires user verification: "
	    "the software key verifies with a PIN of its own");
	return AA_OK;
}
