/*
 * Country of an E.164 number by longest prefix over the generated table.
 * The table is sorted by prefix string, so each candidate length is one
 * binary search; numbers are at most 15 digits, prefixes at most 7.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "sms-sim/sim/country.h"

#define PREFIX_MAX 7

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

static int
row_cmp(const void *key, const void *elem)
{
	const struct aa_sms_cc_row *r = elem;

	return strcmp(key, r->prefix);
}

static const struct aa_sms_cc_row *
find_exact(const char *digits)
{
	return bsearch(digits, aa_sms_cc_table, aa_sms_cc_table_len,
	    sizeof(aa_sms_cc_table[0]), row_cmp);
}

int
aa_sms_country_of(const char *e164, struct aa_sms_country *out)
{
	const struct aa_sms_cc_row *best = NULL, *shortest = NULL, *r;
	char buf[PREFIX_MAX + 1];
	size_t n;

	memset(out, 0, sizeof(*out));
	strcpy(out->iso, "ZZ");
	if (!aa_sms_e164_valid(e164))
		return AA_ERR_PARSE;
	for (n = 1; n <= PREFIX_MAX && e164[n] != '\0'; n++) {
		memcpy(buf, e164 + 1, n);
		buf[n] = '\0';
		if ((r = find_exact(buf)) == NULL)
			continue;
		if (shortest == NULL)
			shortest = r;
		best = r;
	}
	if (best == NULL)
		return AA_ERR_NOTFOUND;
	memcpy(out->iso, best->iso, 2);
	out->iso[2] = '\0';
	strncpy(out->cc, shortest->prefix, sizeof(out->cc) - 1);
	strncpy(out->prefix, best->prefix, sizeof(out->prefix) - 1);
	return AA_OK;
}

const char *
aa_sms_country_cc(const char *iso)
{
	const char *best = NULL;

	if (iso == NULL)
		return NULL;
	/* The shortest prefix of the country is its calling code. */
	for (size_t i = 0; i < aa_sms_cc_table_len; i++)
		if (strcmp(aa_sms_cc_table[i].iso, iso) == 0 &&
		    (best == NULL || strlen(aa_sms_cc_table[i].prefix) <
		    strlen(best)))
			best = aa_sms_cc_table[i].prefix;
	return best;
}
