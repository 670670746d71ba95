/* sms-sim: E.164 validation, country and type classification, price
 * tiers, CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/profile/profile.h"
#include "sms-sim/live/live.h"
#include "sms-sim/sim/country.h"
#include "sms-sim/sim/prices.h"
#include "tests/unit/tap.h"

static const char *
iso(const char *num)
{
	static struct aa_sms_country c;

	aa_sms_country_of(num, &c);
	return c.iso;
}

/* "ISO type valid" of a number, as sms-sim classifies it. */
static const char *
cls(const char *num)
{
	static char out[64];
	struct aa_sms_country c;
	int r = aa_sms_country_of(num, &c);

	snprintf(out, sizeof(out), "%s %s %s", r == AA_OK ? c.iso :
	    aa_errname(r), aa_sms_type_name(c.type), c.valid ? "valid" :
	    "invalid");
	return out;
}

/* Region, type and validity by libphonenumber's numbering plans. */
static void
classification(void)
{
	enum aa_phone_type t;
	char ex[32];

	is_str(cls("+14165550101"), "CA fixed_line_or_mobile valid",
	    "+1 416 is Canada (Toronto)");
	is_str(cls("+16045550101"), "CA fixed_line_or_mobile valid",
	    "+1 604 is Canada (Vancouver)");
	is_str(cls("+12025550142"), "US fixed_line_or_mobile valid",
	    "+1 202 is the US");
	is_str(cls("+18765550101"), "JM mobile valid", "+1 876 is Jamaica");
	is_str(cls("+12423021234"), "BS fixed_line valid",
	    "+1 242 is the Bahamas");
	is_str(cls("+17875550101"), "PR fixed_line_or_mobile valid",
	    "+1 787 is Puerto Rico");
	is_str(cls("+19005550100"), "US premium_rate valid",
	    "+1 900 is premium rate");
	is_str(cls("+449012345678"), "GB premium_rate valid",
	    "+44 90 is premium rate");
	is_str(cls("+18005550100"), "US toll_free valid",
	    "+1 800 is toll free");
	is_str(cls("+448001234567"), "GB toll_free valid",
	    "+44 800 is toll free");
	is_str(cls("+445612345678"), "GB voip valid", "+44 56 is VoIP");
	is_str(cls("+447400123456"), "GB mobile valid", "+44 74 is mobile");
	is_str(cls("+998905550199"), "UZ mobile valid", "+998 90 is a mobile "
	    "in Uzbekistan");
	is_str(cls("+15555550101"), "US unknown invalid",
	    "+1 555 (no such area code): invalid, US by calling code");
	is_str(cls("+447700900123"), "GB unknown invalid",
	    "Ofcom's drama range is not a valid number: GB by calling code");
	is_str(cls("+99912345678"), "AA_ERR_NOTFOUND unknown invalid",
	    "+999 is unassigned");
	is_str(cls("+80012345678"), "AA_ERR_NOTFOUND unknown invalid",
	    "+800 (international freephone) belongs to no country");
	is_str(cls("+88212345678"), "AA_ERR_NOTFOUND unknown invalid",
	    "+882 (international networks) belongs to no country");
	is_str(cls("12025550142"), "AA_ERR_PARSE unknown invalid",
	    "no plus: not classified");
	is_int(aa_sms_type_parse("premium_rate", &t), AA_OK,
	    "type name parses");
	is_int(t, AA_PHONE_PREMIUM_RATE, "to premium rate");
	is_int(aa_sms_type_parse("landline", &t), AA_ERR_PARSE,
	    "an unknown type name is refused");
	is_str(aa_sms_type_name(AA_PHONE_TYPE_COUNT), "unknown",
	    "out-of-range type prints as unknown");
	is_int(aa_phone_example("UZ", AA_PHONE_MOBILE, ex, sizeof(ex)), AA_OK,
	    "example mobile number");
	is_str(cls(ex), "UZ mobile valid", "the example is a valid mobile");
}

/* The live probes' numbers: served-country ones in that country, and
 * SMS-GEO's valid mobiles of the high-cost countries. */
static void
probe_numbers(void)
{
	static const char *const lists[][2] = { { "US", NULL }, { "CA", NULL },
		{ "GB", NULL }, { "CA", "US" } };
	static const char *const want[] = { "US", "CA", "GB", "US" };
	struct aa_profile p;
	struct aa_sms_country c;
	char num[AA_SMS_E164_MAX + 1], cc[3], name[96];
	int all;

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		memset(&p, 0, sizeof(p));
		p.served_countries = (char **)lists[l];
		p.nserved = lists[l][1] != NULL ? 2 : 1;
		all = 1;
		for (unsigned k = 0; k < 8; k++) {
			aa_sms_test_number(&p, AA_SMS_FAM_CLIENT, k, num,
			    sizeof(num));
			aa_sms_country_of(num, &c);
			if (strcmp(c.iso, want[l]) != 0)
				all = 0;
		}
		snprintf(name, sizeof(name), "served %s%s%s: probe numbers are "
		    "%s numbers", lists[l][0], lists[l][1] ? "+" : "",
		    lists[l][1] ? lists[l][1] : "", want[l]);
		ok(all, "%s", name);
	}
	memset(&p, 0, sizeof(p));
	all = 1;
	for (size_t i = 0; aa_sms_geo_number(&p, i, cc, num, sizeof(num)) ==
	    AA_OK; i++) {
		aa_sms_country_of(num, &c);
		if (strcmp(c.iso, cc) != 0 || !c.valid ||
		    c.type != AA_PHONE_MOBILE) {
			all = 0;
			tap_diag("%s: %s %s", num, c.iso,
			    aa_sms_type_name(c.type));
		}
	}
	ok(all, "SMS-GEO numbers are valid mobiles of their country");
}

static void
e164(void)
{
	char out[AA_SMS_E164_MAX + 1];

	ok(aa_sms_e164_valid("+15555550101"), "US number valid");
	ok(!aa_sms_e164_valid("15555550101"), "no plus: invalid");
	ok(!aa_sms_e164_valid("+0123456789"), "leading 0: invalid");
	ok(!aa_sms_e164_valid("+1234567"), "7 digits: too short");
	ok(!aa_sms_e164_valid("+1234567890123456"), "16 digits: too long");
	ok(!aa_sms_e164_valid("+1555555010a"), "letter: invalid");
	is_int(aa_sms_e164_normalize("00447700900123", out, sizeof(out)),
	    AA_OK, "00 prefix normalises");
	is_str(out, "+447700900123", "normalised form");
	is_int(aa_sms_e164_normalize("447700900123", out, sizeof(out)), AA_OK,
	    "bare digits normalise");
	is_int(aa_sms_e164_normalize(" 447700900123", out, sizeof(out)), AA_OK,
	    "unescaped + (decoded to a space) normalises");
	is_int(aa_sms_e164_normalize("+44 7700", out, sizeof(out)),
	    AA_ERR_PARSE, "space rejected");
}

static void
countries(void)
{
	struct aa_sms_country c;

	is_str(iso("+15555550101"), "US", "+1 555 is US");
	is_str(iso("+18765550101"), "JM", "+1 876 is Jamaica (NANP area code)");
	is_str(iso("+447700900123"), "GB", "+44 is GB");
	is_str(iso("+998901234567"), "UZ", "+998 is Uzbekistan");
	is_str(iso("+79161234567"), "RU", "+7 9 is Russia");
	is_str(iso("+77011234567"), "KZ", "+7 7 is Kazakhstan");
	is_str(iso("+923001234567"), "PK", "+92 is Pakistan");
	is_int(aa_sms_country_of("+998901234567", &c), AA_OK, "lookup ok");
	is_str(c.cc, "998", "calling code 998");
	is_int(aa_sms_country_cc("UZ"), 998, "UZ calling code");
	is_int(aa_sms_country_cc("CA"), 1, "CA calling code");
	is_int(aa_sms_country_cc("XX"), 0, "unknown ISO has no code");
}

static void
tiers(void)
{
	is_int(aa_sms_tier_of("+15555550101"), 1, "US tier 1");
	is_int(aa_sms_tier_of("+998901234567"), 12, "UZ tier 12");
	is_int(aa_sms_tier_of("+18765550101"), 7, "Jamaica tier by 1876");
	ok(fabs(aa_sms_price_country(NULL, "JM") - 7 * AA_SMS_UNIT_USD) < 1e-9,
	    "Jamaica as a country: its own tier, not +1's");
}

static void
price_csv(void)
{
	struct aa_sms_prices *p = NULL;
	struct aa_diag d = { "" };
	const char *csv;

	ok(fabs(aa_sms_price(NULL, "+15555550101", "US") - AA_SMS_UNIT_USD) <
	    1e-9, "built-in price of US = unit");
	csv = "key,usd\n# comment\ndefault,0.01\nUZ,0.30\n+99890,0.5\n\n";
	is_int(aa_sms_prices_parse(csv, strlen(csv), &p, &d), AA_OK,
	    "CSV parses");
	ok(p && fabs(aa_sms_price(p, "+998901234567", "UZ") - 0.5) < 1e-9,
	    "longest prefix row wins");
	ok(p && fabs(aa_sms_price(p, "+998711234567", "UZ") - 0.30) < 1e-9,
	    "country row next");
	ok(p && fabs(aa_sms_price(p, "+923001234567", "PK") - 0.12) < 1e-9,
	    "built-in tier times CSV default unit");
	ok(p && fabs(aa_sms_price_country(p, "UZ") - 0.30) < 1e-9,
	    "country price");
	aa_sms_prices_free(&p);
	ok(p == NULL, "free NULLs");
	csv = "UZ,abc\n";
	is_int(aa_sms_prices_parse(csv, strlen(csv), &p, &d), AA_ERR_PARSE,
	    "bad price rejected");
	ok(strstr(d.msg, "line 1") != NULL, "diag names the line");
	csv = "UZ,1000\n";
	is_int(aa_sms_prices_parse(csv, strlen(csv), &p, &d), AA_ERR_PARSE,
	    "price over the cap rejected");
	csv = "UZ,-1\n";
	is_int(aa_sms_prices_parse(csv, strlen(csv), &p, &d), AA_ERR_PARSE,
	    "negative price rejected");
	csv = "U1,0.1\n";
	is_int(aa_sms_prices_parse(csv, strlen(csv), &p, &d), AA_ERR_PARSE,
	    "bad key rejected");
	{
		char longline[400];

		memset(longline, '1', sizeof(longline) - 1);
		longline[sizeof(longline) - 1] = '\0';
		is_int(aa_sms_prices_parse(longline, strlen(longline), &p, &d),
		    AA_ERR_TOOBIG, "over-long line rejected");
	}
	is_int(aa_sms_prices_parse("UZ,0.1\0", 7, &p, &d), AA_ERR_PARSE,
	    "NUL byte rejected");
	ok(p == NULL, "nothing returned on error");
}

int
main(void)
{
	e164();
	countries();
	classification();
	probe_numbers();
	tiers();
	price_csv();
	return tap_done();
}
