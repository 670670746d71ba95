/*
 * E.164 syntax checks (ours: providers' rules) and the destination
 * classification (libphonenumber's, through phone.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "sms-sim/sim/country.h"

static const char *const type_names[AA_PHONE_TYPE_COUNT] = {
	"fixed_line", "mobile", "fixed_line_or_mobile", "toll_free",
	"premium_rate", "shared_cost", "voip", "personal_number", "pager",
	"uan", "voicemail", "unknown",
};

int
aa_sms_e164_valid(const char *s)
{
	size_t n;

	if (s == NULL || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (n = 1; s[n] != '\0'; n++)
		if (!isdigit((unsigned char)s[n]))
			return 0;
	n--;
	return n >= 8 && n <= 15;
}

int
aa_sms_e164_normalize(const char *in, char *out, size_t outlen)
{
	const char *p = in;

	if (in == NULL || out == NULL || outlen < AA_SMS_E164_MAX + 1)
		return AA_ERR_ARG;
	out[0] = '\0';
	/* An unescaped '+' in a query or form decodes to a space. */
	if (p[0] == '+' || p[0] == ' ')
		p++;
	else if (p[0] == '0' && p[1] == '0')
		p += 2;
	if (strlen(p) > 15)
		return AA_ERR_PARSE;
	out[0] = '+';
	strcpy(out + 1, p);
	if (!aa_sms_e164_valid(out)) {
		out[0] = '\0';
		return AA_ERR_PARSE;
	}
	return AA_OK;
}

int
aa_sms_country_of(const char *e164, struct aa_sms_country *out)
{
	struct aa_phone_info pi;
	int r;

	memset(out, 0, sizeof(*out));
	strcpy(out->iso, "ZZ");
	out->type = AA_PHONE_UNKNOWN;
	if (!aa_sms_e164_valid(e164))
		return AA_ERR_PARSE;
	if ((r = aa_phone_classify(e164, &pi)) != AA_OK)
		return r;
	/* "001": a calling code of no country (international freephone,
	 * satellite and global networks); providers do not route texts
	 * there and it has no ISO code, so it counts as unassigned. */
	if (strlen(pi.region) != 2 || strcmp(pi.region, "ZZ") == 0)
		return AA_ERR_NOTFOUND;
	memcpy(out->iso, pi.region, 3);
	snprintf(out->cc, sizeof(out->cc), "%d", pi.cc);
	out->valid = pi.valid;
	out->type = pi.valid ? pi.type : AA_PHONE_UNKNOWN;
	return AA_OK;
}

int
aa_sms_country_cc(const char *iso)
{
	return iso != NULL && strlen(iso) == 2 ? aa_phone_region_cc(iso) : 0;
}

const char *
aa_sms_type_name(enum aa_phone_type t)
{
	return (unsigned)t < AA_PHONE_TYPE_COUNT ? type_names[t] : "unknown";
}

int
aa_sms_type_parse(const char *name, enum aa_phone_type *t)
{
	for (int i = 0; name != NULL && i < AA_PHONE_TYPE_COUNT; i++)
		if (strcmp(name, type_names[i]) == 0) {
			*t = (enum aa_phone_type)i;
			return AA_OK;
		}
	return AA_ERR_PARSE;
}
