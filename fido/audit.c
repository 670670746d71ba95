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

void
aa_fido_probe_note(json_t *probes, const char *name,
    const struct aa_fido_probe *p)
{
	json_t *e = json_pack("{s:s,s:b,s:I}", "probe", name, "accepted",
	    p->accepted, "status", (json_int_t)p->status);

	/* a login probe's verdict is whether `protected` opened */
	if (e != NULL && p->effect != 0)
		json_object_set_new(e, "protected_opened",
		    json_boolean(p->effect == 2));
	json_array_append_new(probes, e);
}

void
aa_fido_not_tested(struct aa_fido_ctx *c, enum aa_check_id id, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	if (!aa_audit_selected(c->a, id))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	aa_audit_report(c->a, id, AA_NOT_TESTED, NULL, "%s", msg);
}

void
aa_fido_report(struct aa_fido_ctx *c, enum aa_check_id id, json_t *probes,
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
		aa_audit_report(c->a, id, AA_FAIL, ev, "accepted: %s "
		    "(%s skipped)", names, step);
	else
		aa_audit_report(c->a, id, AA_PASS, ev, "refused all %zu "
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
	if (r == AA_OK && !p->accepted && (p->refusal == AA_REFUSED_THROTTLE ||
	    p->refusal == AA_REFUSED_LOCKED)) {
		/* refused for a reason that says nothing of the forgery */
		snprintf(p->why, sizeof(p->why), "the service answered HTTP %ld "
		    "(%s), not a verdict on the probe", p->status,
		    aa_refusal_name(p->refusal));
		r = AA_ERR_HTTP;
	}
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
	ps->logins++;
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
aa_fido_pset_finish(struct aa_fido_ctx *c, enum aa_check_id id,
    struct aa_fido_pset *ps, const char *step, const char *note)
{
	char why[200], both[600];
	int controlled = 0;

	if (ps->exchange == NULL && ps->failed > 0)
		aa_fido_not_tested(c, id, "%s", ps->why);
	else if (ps->exchange == NULL && ps->logins > 0 &&
	    !(controlled = aa_fido_control(c, why, sizeof(why)) == AA_OK))
		/* every probe refused, and so is a correct assertion now */
		aa_fido_not_tested(c, id, "no probe signed in, but neither did "
		    "the control (a correct assertion right after): %s", why);
	else if (aa_audit_selected(c->a, id)) {
		if (controlled) {
			snprintf(both, sizeof(both), "%s%s%s", note ? note : "",
			    note ? "; " : "", aa_profile_step(c->a->profile,
			    "protected") != NULL ? "controls: protected stayed "
			    "closed before each login probe, and a correct "
			    "assertion right after them opened it" : "control: "
			    "a correct assertion right after them was accepted "
			    "(no protected step: the ok rules decide)");
			note = both;
		}
		aa_fido_report(c, id, ps->probes, step, ps->exchange, note);
	}
	json_decref(ps->probes);
	json_decref(ps->exchange);
	memset(ps, 0, sizeof(*ps));
}

/* Touches a real key needs for the selected checks (checks.def). */
static unsigned
estimate_touches(struct aa_fido_ctx *c)
{
	unsigned n = 1; /* baseline registration of account A */

	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		/* and the positive control a check with no accepted probe
		 * makes (one correct sign-in) */
		if (strcmp(d->module, "fido") == 0 && aa_audit_selected(c->a, d->cid))
			n += d->touches + (d->touches > 0);
	}
	return n;
}

unsigned
aa_fido_touches_battery(unsigned *k_checks)
{
	unsigned n = 1, k = 0;

	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);

		if (strcmp(d->module, "fido") != 0 ||
		    (d->flags & AA_CHECK_SOFTKEY))
			continue;
		n += d->touches + (d->touches > 0);
		k++;
	}
	if (k_checks != NULL)
		*k_checks = k;
	return n;
}

void
aa_fido_open_key(struct aa_fido_ctx *c)
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
		/* a software key with a PIN and none given: the one it set
		 * up itself for an earlier run (aa_fido_key_uv) */
		if (c->soft && c->pin == NULL && fido_dev_has_pin(c->key->dev))
			(void)aa_fido_softkey_own_pin(c->key->soft, &c->pin);
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

/* The module's context, set up once per audit. */
struct aa_fido_ctx *
aa_fido_ctx(struct aa_audit *a)
{
	struct aa_fido_ctx *c = aa_audit_state(a, &aa_fido_module,
	    sizeof(struct aa_fido_ctx));
	const struct aa_profile *p = a->profile;

	if (c == NULL || c->a != NULL)
		return c;
	c->a = a;
	c->origin = p->origin;
	c->nacc = p->naccounts < AA_FIDO_ACCOUNTS ? p->naccounts :
	    AA_FIDO_ACCOUNTS;
	c->custom = aa_profile_step(p, "webauthn_register_options") != NULL;
	c->described = c->custom || p->webauthn_api != NULL;
	c->passkey = p->webauthn_passkey;
	return c;
}

static void
ctx_free(void *p)
{
	struct aa_fido_ctx *c = p;

	if (c == NULL)
		return;
	aa_fido_device_free(&c->key);
	aa_secret_free(&c->pin);
	free(c);
}

static int
start(struct aa_audit *a, char *why, size_t whylen)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);
	char msg[200];

	if (c == NULL)
		return AA_ERR_NOMEM;
	if (!c->described)
		return AA_OK; /* unmet() says why, FIDO-NOT-OFFERED fails */
	if (aa_profile_step(a->profile, "login") == NULL || c->nacc == 0) {
		snprintf(why, whylen, "the profile has no login step or no "
		    "account");
		return AA_ERR_STEP;
	}
	if (c->key == NULL)
		aa_fido_open_key(c);
	if (c->key != NULL && !c->soft && a->opts.progress != NULL) {
		c->touches_total = estimate_touches(c);
		snprintf(msg, sizeof(msg), "the FIDO checks need about %u "
		    "touches of the security key", c->touches_total);
		a->opts.progress(a->opts.progress_ctx, msg);
	}
	return AA_OK;
}

/* Preconditions only this module can judge. */
static int
unmet(struct aa_audit *a, const struct aa_check_def *d, char *why,
    size_t whylen)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	if (c == NULL)
		return 1;
	if (!c->described && d->cid != AA_CK_FIDO_NOT_OFFERED) {
		snprintf(why, whylen, "the profile describes no WebAuthn "
		    "endpoints (\"webauthn\" section or webauthn_* steps)");
		return 1;
	}
	if ((d->needs & (AA_NEED_KEY | AA_NEED_SOFTKEY)) && c->key == NULL) {
		snprintf(why, whylen, "%s", c->key_reason);
		return 1;
	}
	if ((d->needs & AA_NEED_SOFTKEY) && !c->soft) {
		snprintf(why, whylen, "needs the software key (--device soft): "
		    "a real key will not forge this");
		return 1;
	}
	return 0;
}

/* The options probe every check builds on, once. */
static int
offered(struct aa_fido_ctx *c)
{
	if (!c->offer_done) {
		c->offer_done = 1;
		c->offer_ok = aa_fido_check_offer(c);
	}
	return c->offer_ok;
}

/* A check of `fn` that needs the service's options first. */
#define FIDO_CHECK(name, fn)						\
void									\
name(struct aa_audit *a, const struct aa_check_def *d)		\
{									\
	struct aa_fido_ctx *c = aa_fido_ctx(a);				\
									\
	if (c != NULL && offered(c))				\
		fn(c);							\
	if (aa_report_find(a->report, d->cid) == NULL)			\
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "%s",	\
		    c != NULL && c->offer_why[0] ? c->offer_why :	\
		    "the check could not run");				\
}

static void
nothing(struct aa_fido_ctx *c)
{
	(void)c;
}

void
aa_fido_check_not_offered(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	if (c != NULL && !c->described) {
		aa_audit_report(a, d->cid, AA_FAIL, json_pack("{s:s}", "profile",
		    "no \"webauthn\" section and no webauthn_* steps"),
		    "the service offers no WebAuthn / U2F registration");
		return;
	}
	if (c != NULL)
		(void)offered(c);
	if (aa_report_find(a->report, d->cid) == NULL)
		aa_audit_report(a, d->cid, AA_NOT_TESTED, NULL, "%s",
		    c != NULL && c->offer_why[0] ? c->offer_why :
		    "the registration options could not be read");
}

FIDO_CHECK(aa_fido_check_challenge_weak, nothing)
FIDO_CHECK(aa_fido_check_user_handle, nothing)
FIDO_CHECK(aa_fido_check_register_unauth, aa_fido_register_unauth)
FIDO_CHECK(aa_fido_check_enumeration, aa_fido_enumeration)
FIDO_CHECK(aa_fido_check_origin, aa_fido_origin)
FIDO_CHECK(aa_fido_check_cross_origin, aa_fido_cross_origin)
FIDO_CHECK(aa_fido_check_type, aa_fido_type)
FIDO_CHECK(aa_fido_check_challenge, aa_fido_challenge)
FIDO_CHECK(aa_fido_check_replay, aa_fido_replay)
FIDO_CHECK(aa_fido_check_signature, aa_fido_signature)
FIDO_CHECK(aa_fido_check_up, aa_fido_up)
FIDO_CHECK(aa_fido_check_uv, aa_fido_uv)
FIDO_CHECK(aa_fido_check_rpid, aa_fido_rpid)
FIDO_CHECK(aa_fido_check_counter, aa_fido_counter)
FIDO_CHECK(aa_fido_check_attestation, aa_fido_attestation)
FIDO_CHECK(aa_fido_check_alg, aa_fido_alg)
FIDO_CHECK(aa_fido_check_cred_substitution, aa_fido_substitution)
FIDO_CHECK(aa_fido_check_cred_unknown, aa_fido_unknown)
FIDO_CHECK(aa_fido_check_cred_not_bound, aa_fido_not_bound)

#undef AA_IMPL_fido
#define AA_IMPL_fido(e, fn) { AA_CK_##e, fn },
static const struct aa_check_impl checks[] = {
#define AA_CHECK AA_MODULE_ROW
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
};

static void
finish(struct aa_audit *a)
{
	struct aa_fido_ctx *c = aa_fido_ctx(a);

	if (c != NULL && c->key != NULL && !a->preflight)
		aa_fido_cleanup(c);
}

const struct aa_module aa_fido_module = {
	.name = "fido",
	.checks = checks,
	.nchecks = sizeof(checks) / sizeof(checks[0]),
	.start = start,
	.unmet = unmet,
	.finish = finish,
	.factor = &aa_fido_factor,
	.state_free = ctx_free,
};
