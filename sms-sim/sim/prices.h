/*
 * SMS prices per destination. Built in: relative cost tiers per calling
 * code (tiers.c, generated from GOV.UK Notify's MIT-licensed
 * international_billing_rates.yml: 1..12 times one UK text) times a unit
 * price (default AA_SMS_UNIT_USD). A user's real rates come from a CSV
 * (`--prices FILE`):
 *
 *   # key,usd_per_segment      key = ISO country, +prefix, or "default"
 *   default,0.0079
 *   UZ,0.2650
 *   +99890,0.30
 *
 * Lookup order: longest CSV prefix, CSV country, built-in tier x unit
 * (the unit is CSV "default" when given).
 */
#ifndef AA_SMS_PRICES_H
#define AA_SMS_PRICES_H

#include <stddef.h>

#include "auth-audit/core/err.h"

/* Roughly one UK text on GOV.UK Notify (1.6p), in USD. */
#define AA_SMS_UNIT_USD 0.02
#define AA_SMS_PRICES_MAX_BYTES (1024 * 1024)
#define AA_SMS_PRICES_MAX_ROWS 20000
#define AA_SMS_PRICES_MAX_LINE 256
#define AA_SMS_PRICE_MAX_USD 100.0

struct aa_sms_tier_row {
	const char *prefix; /* calling-code digits */
	int mult;           /* 1..12 */
};

extern const struct aa_sms_tier_row aa_sms_tier_table[];
extern const size_t aa_sms_tier_table_len;

struct aa_sms_prices;

/* Built-in tiers only. */
int aa_sms_prices_new(struct aa_sms_prices **out);
int aa_sms_prices_load(const char *path, struct aa_sms_prices **out,
    struct aa_diag *diag);
void aa_sms_prices_free(struct aa_sms_prices **pp);

/* USD per segment to a valid E.164 number of country iso (may be NULL). */
double aa_sms_price(const struct aa_sms_prices *p, const char *e164,
    const char *iso);
/* USD per segment for a country as a whole (that of a mobile number
 * there, libphonenumber's example, else of its calling code). */
double aa_sms_price_country(const struct aa_sms_prices *p, const char *iso);
/* Where the prices came from: "built-in tiers" or "FILE". */
const char *aa_sms_prices_source(const struct aa_sms_prices *p);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* Parse a price CSV (bounded); diag names the line on error. */
int aa_sms_prices_parse(const char *text, size_t len,
    struct aa_sms_prices **out, struct aa_diag *diag);
/* Built-in multiplier for a number (longest tier prefix); 0 if none. */
int aa_sms_tier_of(const char *e164);
#endif

#endif
