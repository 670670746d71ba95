/*
 * Request fields of the provider APIs: a bounded list of decoded
 * name=value pairs, filled from an application/x-www-form-urlencoded body
 * (Twilio, Vonage), a query string (Kannel) or a flat JSON object (Vonage).
 */
#ifndef AA_SMS_FORM_H
#define AA_SMS_FORM_H

#include <stddef.h>

#define AA_SMS_FORM_MAX_FIELDS 64
#define AA_SMS_FORM_MAX_BYTES (64 * 1024)

struct aa_sms_field {
	char *name;
	char *value;   /* decoded; NUL-terminated */
	size_t len;    /* value length (may contain NUL bytes from %00) */
};

struct aa_sms_form {
	struct aa_sms_field f[AA_SMS_FORM_MAX_FIELDS];
	size_t n;
};

/* Decode a urlencoded string; AA_ERR_PARSE on a bad %XX escape,
 * AA_ERR_TOOBIG past the limits. The form must be released either way. */
int aa_sms_form_parse(struct aa_sms_form *fm, const char *s, size_t len);
/* Flat JSON object of strings/numbers (Vonage accepts JSON bodies). */
int aa_sms_form_parse_json(struct aa_sms_form *fm, const char *s, size_t len);
/* Append one decoded pair (copies). */
int aa_sms_form_add(struct aa_sms_form *fm, const char *name,
    const char *value, size_t len);
/* First value of `name` (exact match) or NULL. */
const struct aa_sms_field *aa_sms_form_get(const struct aa_sms_form *fm,
    const char *name);
void aa_sms_form_release(struct aa_sms_form *fm);

/* 1 if p[0..len) is valid UTF-8 without NUL bytes. */
int aa_sms_utf8_valid(const char *p, size_t len);
/* Code points of a valid UTF-8 string. */
size_t aa_sms_utf8_len(const char *p, size_t len);

#endif
