/*
 * Destinations of the live probes. Served-country numbers come from
 * ranges reserved for fiction where the country has one (NANP 555-0100..
 * 0199 in every area code; UK Ofcom drama range 07700 900000..900999), so
 * even a misrouted text reaches nobody, and from a served country: US
 * area codes when the US is served, else Canadian ones when Canada is
 * (libphonenumber, like a careful target, tells +1 416 from +1 202).
 * Each probe family sits in its own 100-number block so a per-range
 * limit hit by one probe cannot be mistaken for another control
 * (profile.md: isolate one control at a time).
 *
 * SMS-GEO's numbers are valid mobile numbers of their country as
 * libphonenumber classifies them (test_sms_country.c checks it): a
 * target that refuses invalid or non-mobile numbers must not pass the
 * geographic check for that reason alone.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "sms-sim/live/live.h"

/* NANP area codes, one per block (real codes; 555-01XX is fiction). */
static const char *const areas_us[] = {
	"202", "201", "212", "303", "404", "505", "617", "702", "808", "312",
	"415", "907", "503", "615",
};
static const char *const areas_ca[] = {
	"416", "604", "514", "403", "613", "902", "709", "306", "204", "250",
	"519", "705", "780", "819",
};

/* High-cost destinations: GOV.UK Notify's 12x tier, which matches the
 * published pumping hot spots (docs/SMS-LOSS-MODEL.md). */
static const struct { const char *iso, *number; } geo[] = {
	{ "UZ", "+998905550199" },
	{ "PK", "+923005550199" },
	{ "LK", "+94715550199" },
	{ "ID", "+628125550199" },
	{ "MG", "+261325550199" },
};

static int
served(const struct aa_profile *p, const char *iso)
{
	for (size_t i = 0; i < p->nserved; i++)
		if (strcmp(p->served_countries[i], iso) == 0)
			return 1;
	return 0;
}

/* Block and last two digits of number k of family f. */
static void
place(enum aa_sms_family f, unsigned k, unsigned *block, unsigned *last)
{
	switch (f) {
	case AA_SMS_FAM_NUMBER:
		*block = 0;
		*last = 42;
		break;
	case AA_SMS_FAM_CLIENT:
		*block = 1 + k % 8;
		*last = 20 + k;
		break;
	case AA_SMS_FAM_SEQ:
		*block = 9;
		*last = 60 + k;
		break;
	case AA_SMS_FAM_CONTROL: /* far from every other family's block */
		*block = 11;
		*last = 90;
		break;
	default:
		*block = 10;
		*last = 77;
		break;
	}
}

int
aa_sms_test_number(const struct aa_profile *p, enum aa_sms_family f,
    unsigned k, char *out, size_t outlen)
{
	unsigned block, last;
	int n;

	place(f, k, &block, &last);
	last %= 100;
	if (served(p, "GB") && !served(p, "US") && !served(p, "CA"))
		n = snprintf(out, outlen, "+447700900%u%02u", block % 10, last);
	else if (served(p, "CA") && !served(p, "US"))
		n = snprintf(out, outlen, "+1%s55501%02u",
		    areas_ca[block % (sizeof(areas_ca) / sizeof(areas_ca[0]))],
		    last);
	else
		n = snprintf(out, outlen, "+1%s55501%02u",
		    areas_us[block % (sizeof(areas_us) / sizeof(areas_us[0]))],
		    last);
	return n > 0 && (size_t)n < outlen ? AA_OK : AA_ERR_ARG;
}

int
aa_sms_geo_number(const struct aa_profile *p, size_t i, char iso[3],
    char *out, size_t outlen)
{
	size_t seen = 0;

	for (size_t g = 0; g < sizeof(geo) / sizeof(geo[0]); g++) {
		if (served(p, geo[g].iso))
			continue;
		if (seen++ == i) {
			memcpy(iso, geo[g].iso, 3);
			snprintf(out, outlen, "%s", geo[g].number);
			return AA_OK;
		}
	}
	return AA_ERR_NOTFOUND;
}
