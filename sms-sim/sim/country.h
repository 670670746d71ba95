/*
 * E.164 numbers: validation, destination country and number type. The
 * classification is libphonenumber's (phone.h): region by the numbering
 * plan, so +1 416 is CA and +1 876 JM, and the type of the line (mobile,
 * fixed line, premium rate, toll free, VoIP ...), which is what SMS
 * pumping cares about.
 */
#ifndef AA_SMS_COUNTRY_H
#define AA_SMS_COUNTRY_H

#include <stddef.h>

#include "sms-sim/sim/phone.h"

#define AA_SMS_E164_MAX 16 /* '+' and at most 15 digits */

struct aa_sms_country {
	char iso[3];        /* ISO 3166-1 alpha-2, "ZZ" when unknown */
	char cc[8];         /* calling code ("1", "44", "998") */
	int valid;          /* a valid number of iso (libphonenumber) */
	enum aa_phone_type type; /* AA_PHONE_UNKNOWN when not valid */
};

/* 1 if s is "+" followed by 8..15 digits, the first not 0. */
int aa_sms_e164_valid(const char *s);
/*
 * Normalise a provider's "to": "+447700900000", "447700900000" or
 * "00447700900000" (Kannel, Vonage; also " 4477..." where an unescaped
 * '+' was decoded to a space) into "+447700900000" in out
 * (AA_SMS_E164_MAX + 1 bytes). AA_ERR_PARSE when it is not a number.
 */
int aa_sms_e164_normalize(const char *in, char *out, size_t outlen);
/*
 * Country and type of an E.164 number. A number libphonenumber does not
 * hold valid keeps the main country of its calling code ("+1 555 ..." is
 * US) with valid 0 and type unknown. AA_ERR_NOTFOUND (iso "ZZ") when the
 * calling code is unassigned or not geographic (+800, +882 ...).
 */
int aa_sms_country_of(const char *e164, struct aa_sms_country *out);
/* The calling code of ISO country `iso` ("UZ" -> 998); 0 if unknown. */
int aa_sms_country_cc(const char *iso);
/* "mobile", "fixed_line", "premium_rate" ... (the policy and inbox
 * spelling); "unknown" for anything else. */
const char *aa_sms_type_name(enum aa_phone_type t);
/* The type named name; AA_ERR_PARSE when it is not one of the above. */
int aa_sms_type_parse(const char *name, enum aa_phone_type *t);

#endif
