/*
 * What makes an otpauth URI weak or nonstandard. The rules follow the
 * Key-Uri-Format wiki: issuer parameter present and equal to the label
 * prefix; SHA1 / 6 or 8 digits / 30 s (other values are silently ignored
 * by some apps, which then show wrong codes); unpadded upper-case base32.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/seed.h"
#include "totp/uri_audit.h"

json_t *
aa_totp_uri_evidence(const struct aa_totp_uri *u)
{
	json_t *ev, *ns;
	char red[64];

	if ((ev = json_object()) == NULL)
		return NULL;
	json_object_set_new(ev, "type", json_string(aa_otp_type_name(u->type)));
	if (u->issuer != NULL)
		json_object_set_new(ev, "issuer", json_string(u->issuer));
	if (u->label_issuer != NULL)
		json_object_set_new(ev, "label_issuer",
		    json_string(u->label_issuer));
	if (u->account != NULL)
		json_object_set_new(ev, "account", json_string(u->account));
	json_object_set_new(ev, "secret",
	    json_string(aa_totp_seed_redact(u->secret, red, sizeof(red))));
	json_object_set_new(ev, "secret_bits",
	    json_integer((json_int_t)(u->secret != NULL ? u->secret->len * 8 : 0)));
	json_object_set_new(ev, "algorithm", json_string(u->algo_raw[0] ?
	    u->algo_raw : aa_totp_algo_name(u->params.algo)));
	json_object_set_new(ev, "digits", json_integer(u->digits_raw));
	if (u->type != AA_OTP_HOTP)
		json_object_set_new(ev, "period", json_integer(u->params.period));
	else
		json_object_set_new(ev, "counter",
		    json_integer((json_int_t)u->counter));
	if (u->nnonstandard > 0 && (ns = json_array()) != NULL) {
		for (size_t i = 0; i < u->nnonstandard; i++)
			json_array_append_new(ns, json_string(u->nonstandard[i]));
		json_object_set_new(ev, "nonstandard_params", ns);
	}
	return ev;
}

static void
add(char *why, size_t len, size_t *n, const char *s)
{
	if (*n >= len)
		return;
	*n += (size_t)snprintf(why + *n, len - *n, "%s%s", *n ? "; " : "", s);
}

int
aa_totp_uri_nonstandard(const struct aa_totp_uri *u, char *why, size_t len)
{
	char tmp[160];
	size_t n = 0;

	if (len > 0)
		why[0] = '\0';
	if (u->notes & AA_URI_NO_ISSUER)
		add(why, len, &n, "no issuer");
	if (u->notes & AA_URI_NO_ISSUER_PARAM)
		add(why, len, &n, "issuer only in the label, no issuer parameter");
	if (u->notes & AA_URI_ISSUER_MISMATCH)
		add(why, len, &n, "issuer parameter differs from the label prefix");
	if (u->notes & AA_URI_DUP_PARAM)
		add(why, len, &n, "a parameter is repeated");
	if (u->notes & (AA_URI_ALGO_NONDEFAULT | AA_URI_ALGO_UNSUPPORTED)) {
		snprintf(tmp, sizeof(tmp), "algorithm=%s (many apps use SHA1)",
		    u->algo_raw);
		add(why, len, &n, tmp);
	}
	if (u->type != AA_OTP_STEAM && u->digits_raw != 6 && u->digits_raw != 8) {
		snprintf(tmp, sizeof(tmp), "digits=%u (6 or 8 expected)",
		    u->digits_raw);
		add(why, len, &n, tmp);
	}
	if (u->notes & AA_URI_PERIOD_NONDEF) {
		snprintf(tmp, sizeof(tmp), "period=%u (many apps use 30)",
		    u->params.period);
		add(why, len, &n, tmp);
	}
	if (u->notes & (AA_URI_SECRET_PADDED | AA_URI_SECRET_LOWER |
	    AA_URI_SECRET_SPACES))
		add(why, len, &n, "secret not plain upper-case unpadded base32");
	if (u->type == AA_OTP_STEAM)
		add(why, len, &n, "steam type is an app extension");
	for (size_t i = 0; i < u->nnonstandard; i++) {
		snprintf(tmp, sizeof(tmp), "unknown parameter '%.64s'",
		    u->nonstandard[i]);
		add(why, len, &n, tmp);
	}
	return n > 0;
}

int
aa_totp_uri_report(struct aa_report *rep, const struct aa_totp_uri *u,
    const char *source)
{
	struct aa_totp_seed_quality q;
	json_t *ev;
	char why[512];
	int r;

	aa_totp_seed_assess(u->secret, &q);
	if ((ev = aa_totp_uri_evidence(u)) == NULL)
		return AA_ERR_NOMEM;
	if (source != NULL)
		json_object_set_new(ev, "source", json_string(source));
	if (q.too_short || q.nonrandom)
		r = aa_report_add(rep, AA_CK_TOTP_SEED_WEAK, AA_FAIL, json_deep_copy(ev),
		    "%s", q.why);
	else
		r = aa_report_add(rep, AA_CK_TOTP_SEED_WEAK, AA_PASS, json_deep_copy(ev),
		    "%u-bit secret", q.bits);
	if (r != AA_OK)
		goto out;
	if (aa_totp_uri_nonstandard(u, why, sizeof(why))) {
		json_object_set_new(ev, "problems", json_string(why));
		r = aa_report_add(rep, AA_CK_TOTP_URI_NONSTANDARD, AA_FAIL, ev, "%s", why);
	} else
		r = aa_report_add(rep, AA_CK_TOTP_URI_NONSTANDARD, AA_PASS, ev,
		    "issuer set, standard parameters");
	ev = NULL;
out:
	json_decref(ev);
	return r;
}
