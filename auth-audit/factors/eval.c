/*
 * The FACTOR-* results from an inventory (factors_inv.c) and the
 * DISCOVERY-* results from a probe run. docs/FACTORS.md has the table.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/factors/factors.h"

static int
sel_ok(aa_factors_selected_fn sel, void *ctx, enum aa_check_id id)
{
	return sel == NULL || sel(ctx, id);
}

static json_t *
inv_evidence(const struct aa_factors_inv *inv)
{
	json_t *e = json_object(), *fs = json_object();

	if (e == NULL || fs == NULL) {
		json_decref(e);
		json_decref(fs);
		return NULL;
	}
	for (int f = 0; f < AA_FACTOR_COUNT; f++)
		json_object_set_new(fs, aa_factor_name((enum aa_factor)f),
		    inv->value[f] < 0 ? json_null() :
		    json_boolean(inv->value[f]));
	json_object_set_new(e, "factors", fs);
	json_object_set(e, "sources", inv->sources);
	return e;
}

/* Comma list of factors with the given value among set. */
static void
names(const struct aa_factors_inv *inv, const enum aa_factor *set, size_t n,
    int value, char *out, size_t outlen)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w;

		if (inv->value[set[i]] != value)
			continue;
		w = snprintf(out + len, outlen - len, "%s%s", len ? ", " : "",
		    aa_factor_name(set[i]));
		if (w < 0 || (size_t)w >= outlen - len)
			break;
		len += (size_t)w;
	}
}

static const enum aa_factor second[] = { AA_FACTOR_SMS, AA_FACTOR_CALL,
	AA_FACTOR_EMAIL, AA_FACTOR_TOTP, AA_FACTOR_WEBAUTHN, AA_FACTOR_PASSKEY,
	AA_FACTOR_PUSH };
static const enum aa_factor phone[] = { AA_FACTOR_SMS, AA_FACTOR_CALL,
	AA_FACTOR_EMAIL };
static const enum aa_factor stronger[] = { AA_FACTOR_TOTP,
	AA_FACTOR_WEBAUTHN, AA_FACTOR_PASSKEY, AA_FACTOR_PUSH };
#define N(a) (sizeof(a) / sizeof(a[0]))

static int
count(const struct aa_factors_inv *inv, const enum aa_factor *set, size_t n,
    int value)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += inv->value[set[i]] == value;
	return c;
}

/*
 * Known not offered. An unknown passkey counts as not offered: the
 * 2fa.directory leaves passwordless login to the much smaller passkeys
 * directory, so its silence must not hide every other verdict; the
 * summaries say when passkey support was unknown.
 */
static int
count_off(const struct aa_factors_inv *inv, const enum aa_factor *set,
    size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += inv->value[set[i]] == 0 ||
		    (set[i] == AA_FACTOR_PASSKEY && inv->value[set[i]] < 0);
	return c;
}

static int
add(struct aa_report *rep, const struct aa_factors_inv *inv, enum aa_check_id id,
    enum aa_status st, const char *summary)
{
	return aa_report_add(rep, id, st, rep->lean ? NULL : inv_evidence(inv),
	    "%s", summary);
}

int
aa_factors_eval_inventory(const struct aa_factors_inv *inv,
    struct aa_report *rep, aa_factors_selected_fn sel, void *ctx)
{
	char on[160], off[160], unk[160], msg[600];
	int r = AA_OK, any_on, all_off, pr_on, pr_off;

	names(inv, second, N(second), 1, on, sizeof(on));
	names(inv, second, N(second), -1, unk, sizeof(unk));
	any_on = count(inv, second, N(second), 1) > 0;
	all_off = count_off(inv, second, N(second)) == (int)N(second);

	if (sel_ok(sel, ctx, AA_CK_FACTOR_NONE)) {
		if (any_on)
			snprintf(msg, sizeof(msg), "second factors offered: %s",
			    on);
		else if (all_off)
			snprintf(msg, sizeof(msg), "no second factor is offered%s",
			    inv->value[AA_FACTOR_PASSKEY] < 0 ? " (passkey "
			    "support unknown: no passkey source consulted)" : "");
		else
			snprintf(msg, sizeof(msg), "no source says which second "
			    "factors are offered (unknown: %s)", unk);
		r = add(rep, inv, AA_CK_FACTOR_NONE, any_on ? AA_PASS :
		    all_off ? AA_FAIL : AA_NOT_TESTED, msg);
	}
	if (!r && sel_ok(sel, ctx, AA_CK_FACTOR_PHONE_ONLY)) {
		enum aa_status st;

		names(inv, stronger, N(stronger), 1, off, sizeof(off));
		if (count(inv, stronger, N(stronger), 1) > 0) {
			st = AA_PASS;
			snprintf(msg, sizeof(msg), "factors beyond phone and "
			    "e-mail: %s", off);
		} else if (count(inv, phone, N(phone), 1) > 0 &&
		    count_off(inv, stronger, N(stronger)) == (int)N(stronger)) {
			st = AA_FAIL;
			names(inv, phone, N(phone), 1, off, sizeof(off));
			snprintf(msg, sizeof(msg), "only phone or e-mail second "
			    "factors: %s%s", off, inv->value[AA_FACTOR_PASSKEY] < 0 ?
			    " (passkey support unknown)" : "");
		} else if (all_off) {
			st = AA_NOT_APPLICABLE;
			snprintf(msg, sizeof(msg), "no second factor at all "
			    "(%s)", aa_check_name(AA_CK_FACTOR_NONE));
		} else {
			st = AA_NOT_TESTED;
			names(inv, stronger, N(stronger), -1, off, sizeof(off));
			snprintf(msg, sizeof(msg), "unknown whether these are "
			    "offered: %s", off);
		}
		r = add(rep, inv, AA_CK_FACTOR_PHONE_ONLY, st, msg);
	}
	pr_on = inv->value[AA_FACTOR_WEBAUTHN] == 1 ||
	    inv->value[AA_FACTOR_PASSKEY] == 1;
	pr_off = inv->value[AA_FACTOR_WEBAUTHN] == 0 && !pr_on;
	if (!r && sel_ok(sel, ctx, AA_CK_FACTOR_NO_PHISHING_RESISTANT)) {
		if (pr_on)
			snprintf(msg, sizeof(msg), "phishing-resistant factor "
			    "offered:%s%s",
			    inv->value[AA_FACTOR_WEBAUTHN] == 1 ? " webauthn" : "",
			    inv->value[AA_FACTOR_PASSKEY] == 1 ? " passkey" : "");
		else if (pr_off)
			snprintf(msg, sizeof(msg), "no WebAuthn/U2F security key "
			    "or passkey%s",
			    inv->value[AA_FACTOR_PASSKEY] < 0 ? " (passkey "
			    "support unknown: no passkey source consulted)" : "");
		else
			snprintf(msg, sizeof(msg), "unknown whether WebAuthn or "
			    "passkeys are offered");
		r = add(rep, inv, AA_CK_FACTOR_NO_PHISHING_RESISTANT, pr_on ?
		    AA_PASS : pr_off ? AA_FAIL : AA_NOT_TESTED, msg);
	}
	if (!r && sel_ok(sel, ctx, AA_CK_FACTOR_SMS_FALLBACK)) {
		int sms = inv->value[AA_FACTOR_SMS], call = inv->value[AA_FACTOR_CALL];
		enum aa_status st;

		names(inv, stronger, N(stronger), 1, off, sizeof(off));
		if ((sms == 1 || call == 1) &&
		    count(inv, stronger, N(stronger), 1) > 0) {
			st = AA_FAIL;
			snprintf(msg, sizeof(msg), "%s offered next to %s: an "
			    "attacker picks the weakest (SIM swap, interception)",
			    sms == 1 ? (call == 1 ? "SMS and voice" : "SMS") :
			    "voice", off);
		} else if (sms == 0 && call != 1) {
			st = AA_PASS;
			snprintf(msg, sizeof(msg), "no SMS factor");
		} else if (sms == 1 || call == 1) {
			st = AA_NOT_APPLICABLE;
			snprintf(msg, sizeof(msg), "phone codes are the strongest "
			    "factor offered, not a fallback (%s)",
			    aa_check_name(AA_CK_FACTOR_PHONE_ONLY));
		} else {
			st = AA_NOT_TESTED;
			snprintf(msg, sizeof(msg), "unknown whether SMS is "
			    "offered");
		}
		r = add(rep, inv, AA_CK_FACTOR_SMS_FALLBACK, st, msg);
	}
	return r;
}

/* The probes as evidence, unless the report keeps none (lean). */
static json_t *
probe_evidence(const struct aa_report *rep, const struct aa_factors_probe *p)
{
	return p != NULL && !rep->lean ? aa_factors_probe_evidence(p) : NULL;
}

int
aa_factors_eval_discovery(const struct aa_factors_probe *p,
    const struct aa_factors_wk *w, const char *why, struct aa_report *rep,
    aa_factors_selected_fn sel, void *ctx)
{
	const char *off;
	char msg[700];
	json_t *ev;
	int r = AA_OK;

	if (p == NULL || w == NULL || !aa_factors_probe_reached(p)) {
		if (why == NULL)
			why = "the target did not answer any probe";
		if (sel_ok(sel, ctx, AA_CK_DISCOVERY_ROPC))
			r = aa_report_add(rep, AA_CK_DISCOVERY_ROPC, AA_NOT_TESTED,
			    probe_evidence(rep, p), "%s", why);
		if (!r && sel_ok(sel, ctx, AA_CK_DISCOVERY_PASSKEYS))
			r = aa_report_add(rep, AA_CK_DISCOVERY_PASSKEYS,
			    AA_NOT_TESTED, probe_evidence(rep, p), "%s", why);
		return r;
	}
	if (sel_ok(sel, ctx, AA_CK_DISCOVERY_ROPC)) {
		ev = probe_evidence(rep, p);
		if (w->oidc && w->ropc)
			r = aa_report_add(rep, AA_CK_DISCOVERY_ROPC, AA_FAIL, ev,
			    "authorization server metadata%s%s lists the "
			    "\"password\" grant: a single-factor API login",
			    w->issuer[0] ? " of " : "", w->issuer);
		else if (w->oidc)
			r = aa_report_add(rep, AA_CK_DISCOVERY_ROPC, AA_PASS, ev,
			    "authorization server metadata does not list the "
			    "\"password\" grant");
		else if ((off = aa_factors_probe_offhost(p, AA_PROBE_OIDC)) ||
		    (off = aa_factors_probe_offhost(p, AA_PROBE_OAUTH_AS)))
			r = aa_report_add(rep, AA_CK_DISCOVERY_ROPC, AA_NOT_TESTED,
			    ev, "metadata lives elsewhere: %s", off);
		else
			r = aa_report_add(rep, AA_CK_DISCOVERY_ROPC,
			    AA_NOT_APPLICABLE, ev, "no OpenID Connect or OAuth "
			    "authorization server metadata published%s",
			    w->soft404 ? " (the server answers 200 for any path; "
			    "answers were checked by content)" : "");
	}
	if (!r && sel_ok(sel, ctx, AA_CK_DISCOVERY_PASSKEYS)) {
		ev = probe_evidence(rep, p);
		if (ev != NULL) {
			json_object_set_new(ev, "passkey_endpoints",
			    json_boolean(w->pk_endpoints));
			json_object_set_new(ev, "related_origins",
			    json_integer(w->related_origins));
			json_object_set_new(ev, "security_txt", json_string(
			    !w->sectxt ? "absent" : w->sectxt_expired ?
			    "expired" : "valid"));
			json_object_set_new(ev, "change_password",
			    json_boolean(w->change_password));
			json_object_set_new(ev, "apple_webcredentials_apps",
			    json_integer(w->aasa_webcredentials));
			json_object_set_new(ev, "android_login_creds_statements",
			    json_integer(w->assetlinks_login));
			json_object_set_new(ev, "soft404", json_boolean(w->soft404));
			if (w->related_labels > 5)
				json_object_set_new(ev, "warning", json_string(
				    "more than 5 registrable labels in "
				    "/.well-known/webauthn: clients may ignore "
				    "the extra origins"));
		}
		snprintf(msg, sizeof(msg), "passkey-endpoints: %s; webauthn "
		    "related origins: %d; security.txt: %s; change-password: "
		    "%s; app associations: apple %d, android %d%s",
		    w->pk_endpoints ? "yes" : "no", w->related_origins,
		    !w->sectxt ? "absent" : w->sectxt_expired ? "expired" :
		    "valid", w->change_password ? "yes" : "no",
		    w->aasa_webcredentials, w->assetlinks_login,
		    w->soft404 ? "; soft-404 server: status-only answers "
		    "discounted" : "");
		/* Informational: pass records what was found, never fails. */
		r = aa_report_add(rep, AA_CK_DISCOVERY_PASSKEYS, AA_PASS, ev, "%s",
		    msg);
	}
	return r;
}
