/* Inventory precedence and the FACTOR-* / DISCOVERY-* rules. */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/factors/factors.h"
#include "tests/unit/tap.h"

static struct aa_report *rep;
static struct aa_factors_inv inv;

static void
reset(void)
{
	aa_report_free(&rep);
	aa_factors_inv_release(&inv);
	aa_report_new("factors", &rep);
	aa_factors_inv_init(&inv);
}

/* Offered factors from a string like "sms,totp"; others: value `rest`. */
static void
set(const char *on, int rest)
{
	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		const char *n = aa_factor_name((enum aa_factor)f);
		const char *hit = strstr(on, n);
		int yes = hit != NULL && (hit == on || hit[-1] == ',') &&
		    (hit[strlen(n)] == ',' || hit[strlen(n)] == '\0');

		if (yes || rest >= 0)
			aa_factors_inv_add(&inv, (enum aa_factor)f, yes,
			    AA_FACTORS_RANK_DIRECTORY, "fixture");
	}
}

static const char *
st(const char *id)
{
	const struct aa_result *r = aa_report_find(rep,
	    aa_check_find(id)->cid);

	return r ? aa_status_name(r->status) : "missing";
}

static void
eval(const char *on, int rest)
{
	reset();
	set(on, rest);
	aa_factors_eval_inventory(&inv, rep, NULL, NULL);
}

static int
only_none(void *ctx, enum aa_check_id id)
{
	(void)ctx;
	return strcmp(aa_check_name(id), "FACTOR-NONE") == 0;
}

static void
inventory_rules(void)
{
	eval("", 0);
	is_str(st("FACTOR-NONE"), "fail", "nothing offered: FACTOR-NONE fails");
	is_str(st("FACTOR-PHONE-ONLY"), "not_applicable", "  ... PHONE-ONLY n/a");
	is_str(st("FACTOR-NO-PHISHING-RESISTANT"), "fail", "  ... no PR factor");
	is_str(st("FACTOR-SMS-FALLBACK"), "pass", "  ... no SMS");

	eval("sms,email", 0);
	is_str(st("FACTOR-NONE"), "pass", "sms+email: a second factor");
	is_str(st("FACTOR-PHONE-ONLY"), "fail", "  ... phone only");
	is_str(st("FACTOR-NO-PHISHING-RESISTANT"), "fail", "  ... not PR");
	is_str(st("FACTOR-SMS-FALLBACK"), "not_applicable",
	    "  ... SMS is not a fallback when it is the best");

	eval("sms,totp,webauthn", 0);
	is_str(st("FACTOR-PHONE-ONLY"), "pass", "sms+totp+key: not phone only");
	is_str(st("FACTOR-NO-PHISHING-RESISTANT"), "pass", "  ... key is PR");
	is_str(st("FACTOR-SMS-FALLBACK"), "fail", "  ... SMS next to stronger");

	eval("call,passkey", 0);
	is_str(st("FACTOR-SMS-FALLBACK"), "fail", "voice next to passkey fails");
	is_str(st("FACTOR-NO-PHISHING-RESISTANT"), "pass", "passkey counts as PR");

	eval("totp", 0);
	is_str(st("FACTOR-SMS-FALLBACK"), "pass", "totp only: no SMS fallback");
	is_str(st("FACTOR-NO-PHISHING-RESISTANT"), "fail", "totp is phishable");

	eval("", -1);
	is_str(st("FACTOR-NONE"), "not_tested", "no source: not_tested");
	is_str(st("FACTOR-PHONE-ONLY"), "not_tested", "  ... PHONE-ONLY too");
	is_str(st("FACTOR-NO-PHISHING-RESISTANT"), "not_tested", "  ... PR too");
	is_str(st("FACTOR-SMS-FALLBACK"), "not_tested", "  ... SMS too");
	ok(strstr(aa_report_find(rep, AA_CK_FACTOR_NONE)->summary, "unknown") != NULL,
	    "  ... saying what is unknown");

	eval("sms", -1);
	is_str(st("FACTOR-NONE"), "pass", "sms known, rest unknown: has 2FA");
	is_str(st("FACTOR-PHONE-ONLY"), "not_tested",
	    "  ... cannot say phone-only while totp etc. are unknown");
}

/* Which fact wins: rank, then offered. */
static void
precedence(void)
{
	char *dump;

	reset();
	aa_factors_inv_add(&inv, AA_FACTOR_PASSKEY, 0, AA_FACTORS_RANK_DIRECTORY,
	    "dir");
	aa_factors_inv_add(&inv, AA_FACTOR_PASSKEY, 1, AA_FACTORS_RANK_PROBE,
	    "probe");
	is_int(inv.value[AA_FACTOR_PASSKEY], 1, "probe outranks the directory");
	aa_factors_inv_add(&inv, AA_FACTOR_PASSKEY, 0, AA_FACTORS_RANK_DIRECTORY,
	    "dir again");
	is_int(inv.value[AA_FACTOR_PASSKEY], 1, "  ... a later lower fact too");
	aa_factors_inv_add(&inv, AA_FACTOR_SMS, 0, AA_FACTORS_RANK_LIVE, "a");
	aa_factors_inv_add(&inv, AA_FACTOR_SMS, 1, AA_FACTORS_RANK_LIVE, "b");
	is_int(inv.value[AA_FACTOR_SMS], 1, "equal rank: offered wins");
	aa_factors_inv_add(&inv, AA_FACTOR_SMS, 0, AA_FACTORS_RANK_DECLARED, "c");
	is_int(inv.value[AA_FACTOR_SMS], 0, "a declaration outranks steps");
	is_int((int)json_array_size(json_object_get(inv.sources, "passkey")), 3,
	    "every source kept");
	aa_factors_inv_to_report(&inv, rep);
	is_int(rep->factors[AA_FACTOR_PASSKEY], 1, "report gets the final value");
	dump = json_dumps(json_object_get(rep->factor_sources, "passkey"), 0);
	ok(dump && strstr(dump, "outranked") != NULL,
	    "  ... contradicted sources marked outranked");
	free(dump);
}

/* Facts from 2fa.directory and passkeys.directory entries. */
static void
directory_entries(void)
{
	struct aa_factors_dirent tfa, pk;

	reset();
	memset(&tfa, 0, sizeof(tfa));
	memset(&pk, 0, sizeof(pk));
	strcpy(tfa.key, "example.com");
	tfa.has_2fa = 1;
	tfa.methods = AA_DIR_SMS | AA_DIR_CUSTOM_HW;
	strcpy(tfa.custom_hardware, "Yubico OTP");
	aa_factors_inv_from_dir(&inv, &tfa, 1, NULL, 1);
	is_int(inv.value[AA_FACTOR_SMS], 1, "dir: sms");
	is_int(inv.value[AA_FACTOR_TOTP], 0, "dir: unlisted method is 'no'");
	is_int(inv.value[AA_FACTOR_PUSH], 1, "dir: custom-hardware -> push/proprietary");
	is_int(inv.value[AA_FACTOR_PASSKEY], 0,
	    "listed in 2fa.directory, not in passkeys: no passkey");
	is_int(inv.value[AA_FACTOR_RECOVERY_CODES], -1,
	    "directories never know recovery codes");
	reset();
	strcpy(pk.key, "example.com");
	pk.pk_mfa = AA_PK_ALLOWED;
	aa_factors_inv_from_dir(&inv, NULL, 0, &pk, 1);
	is_int(inv.value[AA_FACTOR_PASSKEY], 1, "passkeys dir: passkey");
	is_int(inv.value[AA_FACTOR_WEBAUTHN], 1, "  ... mfa means a security key");
	is_int(inv.value[AA_FACTOR_SMS], -1, "  ... nothing about SMS");
}

static void
discovery(void)
{
		reset();
	aa_factors_eval_discovery(NULL, NULL, "probes disabled (--no-probe)", rep,
	    NULL, NULL);
	is_str(st("DISCOVERY-ROPC"), "not_tested", "no probe: ROPC not_tested");
	is_str(aa_report_find(rep, AA_CK_DISCOVERY_ROPC)->summary,
	    "probes disabled (--no-probe)", "  ... with the reason");
	is_str(st("DISCOVERY-PASSKEYS"), "not_tested", "  ... PASSKEYS too");
}

/* Only the selected checks are reported. */
static void
selection(void)
{
	eval("", 0);
	reset();
	set("", 0);
	aa_factors_eval_inventory(&inv, rep, only_none, NULL);
	is_str(st("FACTOR-NONE"), "fail", "selected check reported");
	is_str(st("FACTOR-SMS-FALLBACK"), "missing", "unselected check skipped");
}

int
main(void)
{
	inventory_rules();
	precedence();
	directory_entries();
	discovery();
	selection();
	aa_report_free(&rep);
	aa_factors_inv_release(&inv);
	return tap_done();
}
