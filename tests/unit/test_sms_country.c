/* sms-sim: E.164 validation, country classification, price tiers, CSV. */
#include <math.h>
#include <string.h>

#include "auth-audit/core/err.h"
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
	is_str(iso("+14165550101"), "US", "+1 416 falls back to the code's main territory");
	is_str(iso("+447700900123"), "GB", "+44 is GB");
	is_str(iso("+998901234567"), "UZ", "+998 is Uzbekistan");
	is_str(iso("+79161234567"), "RU", "+7 9 is Russia");
	is_str(iso("+77011234567"), "KZ", "+7 7 is Kazakhstan");
	is_str(iso("+923001234567"), "PK", "+92 is Pakistan");
	is_int(aa_sms_country_of("+998901234567", &c), AA_OK, "lookup ok");
	is_str(c.cc, "998", "calling code 998");
	is_int(aa_sms_country_of("+99912345678", &c), AA_ERR_NOTFOUND,
	    "+999 is unassigned");
	is_str(aa_sms_country_cc("UZ"), "998", "UZ calling code");
	ok(aa_sms_country_cc("XX") == NULL, "unknown ISO has no code");
}

static void
tiers(void)
{
	is_int(aa_sms_tier_of("+15555550101"), 1, "US tier 1");
	is_int(aa_sms_tier_of("+998901234567"), 12, "UZ tier 12");
	is_int(aa_sms_tier_of("+18765550101"), 7, "Jamaica tier by 1876");
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
	tiers();
	price_csv();
	return tap_done();
}
