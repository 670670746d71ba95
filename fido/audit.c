/*
 * The FIDO audit module: opens the key (--device auto | soft[:FILE] |
 * PATH), says how many touches a real key will need, runs the check
 * groups, and reports every selected FIDO-* check exactly once. With a
 * real key the checks only the software key can prove (S) are not_tested.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/catalog/check.h"
#include "auth-audit/core/err.h"
#include "fido/audit_int.h"

/*
 * Touches each check needs with a real key (the software key runs more
 * variants; they cost nothing). UP=0 needs no touch. FIDO-CRED-SUBSTITUTION
 * reuses the baseline registration; the options checks need no key.
 */
static const struct {
	const char *id;
	unsigned touches;
} touch_table[] = {
	{ "FIDO-REGISTER-UNAUTH", 1 }, { "FIDO-ORIGIN", 3 },
	{ "FIDO-RPID", 2 }, { "FIDO-TYPE", 1 }, { "FIDO-CHALLENGE", 2 },
	{ "FIDO-REPLAY", 1 }, { "FIDO-SIGNATURE", 1 }, { "FIDO-UP", 0 },
	{ "FIDO-UV", 1 }, { "FIDO-CRED-NOT-BOUND", 2 },
	{ "FIDO-CRED-UNKNOWN", 2 }, { "FIDO-CRED-SUBSTITUTION", 0 },
	{ "FIDO-NOT-OFFERED", 0 }, { "FIDO-CHALLENGE-WEAK", 0 },
	{ "FIDO-USER-HANDLE-PII", 0 }, { "FIDO-ENUMERATION", 0 },
};

void
aa_fido_probe_note(json_t *probes, const char *name,
    const struct aa_fido_probe *p)
{
	json_array_append_new(probes, json_pack("{s:s,s:b,s:I}", "probe", name,
	    "accepted", p->accepted, "status", (json_int_t)p->status));
}

void
aa_fido_not_tested(struct aa_fido_ctx *c, const char *id, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	if (!aa_audit_selected(c->a, id))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	aa_report_add(c->a->report, id, AA_NOT_TESTED, NULL, "%s", msg);
}

void
aa_fido_report(struct aa_fido_ctx *c, const char *id, json_t *probes,
    const char *step, json_t *exchange, const char *note)
{
	json_t *ev = json_object(), *e;
	size_t i, n = 0;
	char names[400] = "";

	json_array_foreach(probes, i, e)
		if (json_is_true(json_object_get(e, "accepted"))) {
			const char *nm = json_string_value(json_object_get(e,
			    "probe"));

			if (n++ > 0)
				strncat(names, "; ", sizeof(names) - strlen(names) - 1);
			strncat(names, nm ? nm : "?", sizeof(names) - strlen(names) - 1);
		}
	json_object_set_new(ev, "webauthn_step", json_string(step));
	json_object_set_new(ev, "key", json_string(c->soft ? "software key" :
	    "security key"));
	json_object_set(ev, "probes", probes);
	if (note != NULL)
		json_object_set_new(ev, "note", json_string(note));
	if (exchange != NULL)
		json_object_set(ev, "exchange", exchange);
	if (n > 0)
		aa_report_add(c->a->report, id, AA_FAIL, ev, "accepted: %s "
		    "(%s skipped)", names, step);
	else
		aa_report_add(c->a->report, id, AA_PASS, ev, "refused all %zu "
		    "probes", json_array_size(probes));
}

void
aa_fido_pset_init(struct aa_fido_pset *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->probes = json_array();
}

void
aa_fido_pset_add(struct aa_fido_pset *ps, const char *name, int r,
    struct aa_fido_probe *p)
{
	if (r != AA_OK) {
		if (ps->failed++ == 0)
			snprintf(ps->why, sizeof(ps->why), "%.80s: %.110s", name,
			    p->why[0] ? p->why : aa_strerr(r));
	} else {
		aa_fido_probe_note(ps->probes, name, p);
		if (p->accepted && ps->exchange == NULL)
			ps->exchange = json_incref(p->evidence);
	}
	aa_fido_probe_release(p);
}

void
aa_fido_pset_login(struct aa_fido_ctx *c, struct aa_fido_pset *ps,
    const char *name, const struct aa_fido_forge *f)
{
	struct aa_fido_probe p;
	int r;

	memset(&p, 0, sizeof(p));
	r = aa_fido_login_probe(c, 0, f, NULL, name, &p, NULL);
	aa_fido_pset_add(ps, name, r, &p);
}

void
aa_fido_pset_register(struct aa_fido_ctx *c, struct aa_fido_pset *ps,
    const char *name, const struct aa_fido_forge *f)
{
	struct aa_fido_probe p;
	struct aa_fido_reg reg;
	int r;

	memset(&p, 0, sizeof(p));
	r = aa_fido_register_probe(c, 0, f, NULL, name, &p, &reg);
	aa_fido_pset_add(ps, name, r, &p);
}

void
aa_fido_pset_finish(struct aa_fido_ctx *c, const char *id,
    struct aa_fido_pset *ps, const char *step, const char *note)
{
	if (ps->exchange == NULL && ps->failed > 0)
		aa_fido_not_tested(c, id, "%s", ps->why);
	else if (aa_audit_selected(c->a, id))
		aa_fido_report(c, id, ps->probes, step, ps->exchange, note);
	json_decref(ps->probes);
	json_decref(ps->exchange);
	memset(ps, 0, sizeof(*ps));
}

static unsigned
estimate_touches(struct aa_fido_ctx *c)
{
	unsigned n = 1; /* baseline registration of account A */

	for (size_t i = 0; i < sizeof(touch_table) / sizeof(touch_table[0]); i++)
		if (aa_audit_selected(c->a, touch_table[i].id))
			n += touch_table[i].touches;
	return n;
}

unsigned
aa_fido_touches_battery(unsigned *k_checks)
{
	unsigned n = 1;

	for (size_t i = 0; i < sizeof(touch_table) / sizeof(touch_table[0]); i++)
		n += touch_table[i].touches;
	if (k_checks != NULL)
		*k_checks = (unsigned)(sizeof(touch_table) / sizeof(touch_table[0]));
	return n;
}

static int
any_selected(struct aa_audit *a)
{
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (strcmp(d->module, "fido") == 0 && aa_audit_selected(a, d->id))
			return 1;
	}
	return 0;
}

static void
open_key(struct aa_fido_ctx *c)
{
	const char *spec = c->a->opts.device ? c->a->opts.device : "auto";
	int r;

	fido_init(0); /* U2F fallback stays on: CTAP1-only keys work */
	r = aa_fido_device_open(spec, &c->key);
	if (r == AA_OK) {
		c->soft = c->key->soft != NULL;
		if (fido_dev_has_pin(c->key->dev))
			(void)aa_secret_read(getenv("AUTH_AUDIT_FIDO_PIN_FILE"),
			    "AUTH_AUDIT_FIDO_PIN", NULL, &c->pin);
		if (!c->soft && c->pin == NULL && fido_dev_has_pin(c->key->dev) &&
		    c->a->opts.ask_secret != NULL)
			(void)c->a->opts.ask_secret(c->a->opts.progress_ctx,
			    "PIN of the security key: ", &c->pin);
		if (c->pin != NULL)
			aa_redact_add_secret(c->a->redact, c->pin);
		return;
	}
	if (r == AA_ERR_NOTFOUND)
		snprintf(c->key_reason, sizeof(c->key_reason), "no security key "
		    "found (--device soft uses the built-in software key)");
	else
		snprintf(c->key_reason, sizeof(c->key_reason), "cannot open "
		    "security key '%.60s': %s", spec, aa_strerr(r));
}

static int
module_run(struct aa_audit *a, enum aa_phase phase)
{
	struct aa_fido_ctx c;
	const struct aa_profile *p = a->profile;
	char msg[200];

	if (phase != AA_PHASE_MAIN || !any_selected(a))
		return AA_OK;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.origin = p->origin;
	c.nacc = p->naccounts < AA_FIDO_ACCOUNTS ? p->naccounts :
	    AA_FIDO_ACCOUNTS;
	c.custom = aa_profile_step(p, "webauthn_register_options") != NULL;
	if (!c.custom && p->webauthn_api == NULL) {
		if (aa_audit_selected(a, "FIDO-NOT-OFFERED"))
			aa_report_add(a->report, "FIDO-NOT-OFFERED", AA_FAIL,
			    json_pack("{s:s}", "profile", "no \"webauthn\" "
			    "section and no webauthn_* steps"), "the service "
			    "offers no WebAuthn / U2F registration");
		aa_audit_not_tested(a, "fido", "the profile describes no "
		    "WebAuthn endpoints (\"webauthn\" section or webauthn_* steps)");
		return AA_OK;
	}
	if (aa_profile_step(p, "login") == NULL || c.nacc == 0) {
		aa_audit_not_tested(a, "fido", "profile has no login step or "
		    "no account");
		return AA_OK;
	}
	open_key(&c);
	if (c.key != NULL && !c.soft && a->opts.progress != NULL) {
		c.touches_total = estimate_touches(&c);
		snprintf(msg, sizeof(msg), "the FIDO checks need about %u "
		    "touches of the security key", c.touches_total);
		a->opts.progress(a->opts.progress_ctx, msg);
	}
	if (aa_fido_check_offer(&c)) {
		aa_fido_check_register_unauth(&c);
		aa_fido_check_creds(&c);
		aa_fido_check_clientdata(&c);
		aa_fido_check_authdata(&c);
		aa_fido_check_enumeration(&c);
	}
	aa_audit_not_tested(a, "fido", "%s", c.key == NULL ? c.key_reason :
	    "the check could not run");
	aa_fido_device_free(&c.key);
	aa_secret_free(&c.pin);
	return AA_OK;
}

const struct aa_module aa_fido_module = { "fido", module_run };
