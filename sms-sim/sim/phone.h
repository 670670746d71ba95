/*
 * Phone numbers through Google's libphonenumber (C++), behind the one
 * extern "C" shim phone.cc: region, validity and number type of an E.164
 * number, a region's calling code, example numbers. The rest of sms-sim
 * stays C and sees only this header.
 */
#ifndef AA_SMS_PHONE_H
#define AA_SMS_PHONE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libphonenumber's PhoneNumberType, in its order. */
enum aa_phone_type {
	AA_PHONE_FIXED_LINE,
	AA_PHONE_MOBILE,
	AA_PHONE_FIXED_LINE_OR_MOBILE, /* the plan does not tell (US, CA) */
	AA_PHONE_TOLL_FREE,
	AA_PHONE_PREMIUM_RATE,
	AA_PHONE_SHARED_COST,
	AA_PHONE_VOIP,
	AA_PHONE_PERSONAL_NUMBER,
	AA_PHONE_PAGER,
	AA_PHONE_UAN,
	AA_PHONE_VOICEMAIL,
	AA_PHONE_UNKNOWN,              /* also: not a valid number */
	AA_PHONE_TYPE_COUNT
};

struct aa_phone_info {
	char region[4];   /* "CA"; "001" non-geographic; "ZZ" unknown */
	int cc;           /* calling code; 0 when unassigned */
	int valid;        /* a valid number of region */
	enum aa_phone_type type;
};

/*
 * Classify a number in E.164 ("+14165550101"). region is the region of
 * a valid number, else the main region of its calling code ("+1 555 ..."
 * is "US" and not valid). AA_ERR_PARSE when libphonenumber cannot parse
 * it, AA_ERR_NOTFOUND when the calling code is unassigned, AA_ERR_NOMEM.
 */
int aa_phone_classify(const char *e164, struct aa_phone_info *out);
/* Calling code of a region ("CA" -> 1); 0 when unknown. */
int aa_phone_region_cc(const char *region);
/* libphonenumber's example number of that type in region, as E.164;
 * AA_ERR_NOTFOUND when it has none. */
int aa_phone_example(const char *region, enum aa_phone_type type, char *out,
    size_t outlen);

#ifdef __cplusplus
}
#endif

#endif
