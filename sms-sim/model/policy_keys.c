/*
 * What a policy file may say. A misspelt control ("per_numbr") that were
 * ignored would make the estimate show a loss the service does not have,
 * and an unknown country ("XX") would be priced at a made-up tier, so both
 * are errors; a near miss names the member meant.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/suggest.h"
#include "sms-sim/model/policy_int.h"
#include "sms-sim/sim/country.h"

const char *const aa_sms_policy_root_keys[] = {
	"name", "horizon_days", "segments", "served_countries", "controls",
	"attacker", "prices", "uncertainty", NULL
};
const char *const aa_sms_policy_control_keys[] = {
	"per_number", "per_prefix", "per_country", "per_ip", "per_session",
	"per_account", "global", "captcha", "geo_allowlist", "detector",
	"line_types", NULL
};
const char *const aa_sms_policy_cap_keys[] = {
	"limit", "per", "window_s", NULL
};
const char *const aa_sms_policy_captcha_keys[] = { "cost_usd", NULL };
const char *const aa_sms_policy_detector_keys[] = {
	"lets_through", "block_hours", NULL
};
const char *const aa_sms_policy_attacker_keys[] = {
	"rate_per_s", "proxies", "sessions", "accounts", "revenue_share",
	"cost_per_request_usd", "number_blocks", NULL
};
const char *const aa_sms_policy_block_keys[] = {
	"country", "type", "numbers", "prefixes", NULL
};
const char *const aa_sms_policy_uncertainty_keys[] = {
	"runs", "seed", "spread", NULL
};

/* Members for notes, as in profiles (docs/PROFILE.md). */
static int
note_member(const char *key)
{
	return key[0] == '_' || strncmp(key, "x-", 2) == 0 ||
	    strcmp(key, "comment") == 0 || strcmp(key, "description") == 0;
}

int
aa_sms_policy_known(const json_t *o, const char *ptr,
    const char *const *known, struct aa_diag *d)
{
	const char *key, *near;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		size_t i;

		if (note_member(key))
			continue;
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] != NULL)
			continue;
		near = aa_suggest(key, known);
		return aa_diag_set(d, AA_ERR_PARSE, "%s: unknown member "
		    "\"%.64s\"%s%s%s", ptr[0] ? ptr : "/", key,
		    near ? " (did you mean \"" : "", near ? near : "",
		    near ? "\"?)" : "");
	}
	return AA_OK;
}

/* Codes people write for a country whose ISO code differs. */
static const char *const aliases[][2] = {
	{ "UK", "GB" }, { "EL", "GR" }, { NULL, NULL }
};

int
aa_sms_policy_country(const char *iso, const char *ptr, struct aa_diag *d)
{
	/* libphonenumber's regions: those sharing a calling code (CA, GG,
	 * JE, IM, ...) included. */
	if (aa_sms_country_cc(iso) != 0)
		return AA_OK;
	for (size_t i = 0; aliases[i][0] != NULL; i++)
		if (strcmp(aliases[i][0], iso) == 0)
			return aa_diag_set(d, AA_ERR_PARSE, "%s: unknown "
			    "country \"%s\" (did you mean \"%s\"?)", ptr, iso,
			    aliases[i][1]);
	return aa_diag_set(d, AA_ERR_PARSE, "%s: unknown country \"%s\" (not "
	    "an ISO 3166 alpha-2 code of the E.164 plan)", ptr, iso);
}
