/*
 * AUTH-PHONE-DISCLOSED: before the second factor is done, whoever knows
 * (or guesses) the password must not learn the account's full phone
 * number or e-mail. Every response of the pending login (the password
 * step, and sms_send when SMS is the factor logins complete with) is
 * searched, body, headers and Set-Cookie: the phone as digits in any
 * formatting, the e-mail case-insensitively and URL-encoded. Masked forms ("+1 ***-***-0101",
 * "a***@example.com") pass.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

#define MAX_DIGITS 32

/* The phone's digits that a disclosure must show: all but a country code
 * of up to 3 digits (at least 7). Empty when the phone is too short. */
static void
phone_tail(const char *phone, char *out, size_t outlen)
{
	char d[MAX_DIGITS + 1];
	size_t n = 0, keep;

	for (; phone != NULL && *phone != '\0' && n < MAX_DIGITS; phone++)
		if (isdigit((unsigned char)*phone))
			d[n++] = *phone;
	d[n] = '\0';
	keep = n > 10 ? n - 3 : n > 7 ? 7 : n;
	snprintf(out, outlen, "%s", n >= 7 ? d + (n - keep) : "");
}

/* Whether text holds a run of phone characters whose digits contain tail. */
static int
has_phone(const char *text, const char *tail)
{
	char d[256];
	size_t n = 0;

	if (tail[0] == '\0')
		return 0;
	for (;; text++) {
		int ch = (unsigned char)*text;

		if (isdigit(ch)) {
			if (n + 1 < sizeof(d))
				d[n++] = (char)ch;
			continue;
		}
		if (ch != '\0' && strchr("+-(). /", ch) != NULL)
			continue;
		d[n] = '\0';
		if (n > 0 && strstr(d, tail) != NULL)
			return 1;
		n = 0;
		if (ch == '\0')
			return 0;
	}
}

static int
ci_contains(const char *text, const char *needle)
{
	size_t n = strlen(needle);

	for (; *text != '\0'; text++)
		if (strncasecmp(text, needle, n) == 0)
			return 1;
	return 0;
}

static int
has_email(const char *text, const char *email)
{
	char enc[256];
	const char *at = strchr(email, '@');

	if (ci_contains(text, email))
		return 1;
	if (at == NULL)
		return 0;
	snprintf(enc, sizeof(enc), "%.*s%%40%s", (int)(at - email), email,
	    at + 1);
	return ci_contains(text, enc);
}

int
aa_auth_text_has_phone(const char *text, const char *phone)
{
	char tail[MAX_DIGITS + 1];

	phone_tail(phone, tail, sizeof(tail));
	return text != NULL && has_phone(text, tail);
}

int
aa_auth_text_has_email(const char *text, const char *email)
{
	return text != NULL && email != NULL && strchr(email, '@') != NULL &&
	    has_email(text, email);
}

struct find {
	char tail[MAX_DIGITS + 1];
	const char *email;
	json_t *hits;
};

static void
scan(struct find *f, const char *step, const char *where,
    const char *text)
{
	char loc[128];

	if (text == NULL)
		return;
	snprintf(loc, sizeof(loc), "%s %s", step, where);
	if (has_phone(text, f->tail))
		json_array_append_new(f->hits, json_pack("{s:s,s:s}", "item",
		    "phone", "where", loc));
	if (f->email != NULL && has_email(text, f->email))
		json_array_append_new(f->hits, json_pack("{s:s,s:s}", "item",
		    "email", "where", loc));
}

static void
scan_response(struct find *f, const char *step,
    const struct aa_response *r)
{
	char where[96];
	const char *name;
	json_t *v;
	size_t i;

	scan(f, step, "body", r->body.ptr);
	json_object_foreach(r->headers, name, v) {
		snprintf(where, sizeof(where), "header %s", name);
		scan(f, step, where, json_string_value(v));
	}
	json_array_foreach(r->set_cookies, i, v)
		scan(f, step, "Set-Cookie", json_string_value(v));
}

/* The password step and, when SMS is a factor of the account, the send
 * of its code: everything a client sees before the second factor. */
static int
pending_login(struct aa_auth_ck *c, struct find *f)
{
	static const char *const steps[] = {"login", "sms_send"};
	struct aa_session *s = NULL;
	struct aa_step_result res;
	int r, ok = 0;

	memset(&res, 0, sizeof(res));
	if ((r = aa_session_new(c->a->http, c->a->profile, 0, &s)) != AA_OK)
		goto out;
	for (size_t i = 0; i < 2; i++) {
		/* A send costs money and counts on the number's limits. */
		if (i > 0 && (aa_profile_step(c->a->profile, steps[i]) == NULL ||
		    (c->a->base[0].usable & (1u << AA_FACTOR_SMS)) == 0))
			break;
		if ((r = aa_auth_step(c, s, steps[i], NULL, NULL, &res, &ok)) !=
		    AA_OK)
			goto out;
		scan_response(f, steps[i], &res.resp);
		aa_step_result_release(&res);
		if (i == 0 && !ok) {
			r = aa_auth_ck_why(c, AA_ERR_STEP, "the login step was "
			    "refused (HTTP %ld)", c->status);
			goto out;
		}
	}
out:
	aa_step_result_release(&res);
	aa_session_free(&s);
	return r;
}

void
aa_auth_check_phone(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct find f;
	const struct aa_account *acct = &a->profile->accounts[0];
	int r;

	memset(&f, 0, sizeof(f));
	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	phone_tail(acct->phone, f.tail, sizeof(f.tail));
	f.email = acct->email != NULL && strchr(acct->email, '@') ?
	    acct->email : NULL;
	if (f.tail[0] == '\0' && f.email == NULL) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the profile's first "
		    "account has no phone or e-mail to look for");
		goto out;
	}
	if ((f.hits = json_array()) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = pending_login(&c, &f)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "found", json_incref(f.hits));
	aa_auth_ck_set(&c, "looked_for", json_pack("{s:b,s:b}", "phone",
	    f.tail[0] != '\0', "email", f.email != NULL));
	if (json_array_size(f.hits) > 0)
		aa_auth_ck_report(&c, AA_FAIL, "the full %s was shown before "
		    "2FA completed (%s)", json_string_value(json_object_get(
		    json_array_get(f.hits, 0), "item")) , json_string_value(
		    json_object_get(json_array_get(f.hits, 0), "where")));
	else
		aa_auth_ck_report(&c, AA_PASS, "no full phone number or e-mail "
		    "in any response before 2FA completed");
out:
	json_decref(f.hits);
	aa_auth_ck_done(&c, r);
}
