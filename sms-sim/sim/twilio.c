/*
 * Twilio Programmable Messaging: POST /2010-04-01/Accounts/{Sid}/Messages.json
 * (form To, From | MessagingServiceSid, Body) -> 201 message resource, or a
 * Twilio error object {code, message, more_info, status}. Shapes follow
 * the MIT-licensed twilio-oai spec; codes used are listed in docs/SMS-SIM.md.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "sms-sim/sim/sim.h"

static int
terr(struct aa_sms_sim *s, struct aa_sms_reply *rep, unsigned status,
    int code, const char *msg)
{
	char more[80];

	snprintf(more, sizeof(more), "https://www.twilio.com/docs/errors/%d",
	    code);
	aa_sms_sim_reject(s, AA_SMS_API_TWILIO, msg);
	return aa_sms_reply_json(rep, status, json_pack("{s:i,s:s,s:s,s:i}",
	    "code", code, "message", msg, "more_info", more, "status",
	    (int)status));
}

static int
sid_valid(const char *sid)
{
	if (strlen(sid) != 34 || sid[0] != 'A' || sid[1] != 'C')
		return 0;
	for (size_t i = 2; i < 34; i++)
		if (!isxdigit((unsigned char)sid[i]))
			return 0;
	return 1;
}

/* The date as Twilio writes it; every send formats it, so each thread
 * keeps the last second's. */
static void
rfc2822(time_t t, char *out, size_t n)
{
	static _Thread_local time_t last = -1;
	static _Thread_local char text[64];
	struct tm tm;

	if (t != last) {
		gmtime_r(&t, &tm);
		strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S +0000", &tm);
		last = t;
	}
	memcpy(out, text, n < sizeof(text) ? n : sizeof(text));
	out[n - 1] = '\0';
}

/* Printable copy of a user value for an error message (bounded). */
static void
shown(const char *v, char *out, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; v[i] != '\0' && j + 1 < n; i++)
		out[j++] = isprint((unsigned char)v[i]) ? v[i] : '?';
	out[j] = '\0';
}

/* s escaped for the inside of a JSON string (RFC 8259; s is valid
 * UTF-8): runs of plain bytes are copied whole. */
static int
put_esc(struct aa_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	int r = AA_OK;

	while (*s != '\0' && r == AA_OK) {
		const char *run = s;
		unsigned char c;

		while ((c = (unsigned char)*s) >= 0x20 && c != '"' && c != '\\')
			s++;
		if (s > run && (r = aa_buf_append(b, run, (size_t)(s - run))) !=
		    AA_OK)
			break;
		if (c == '\0')
			break;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };

			r = aa_buf_append(b, e, 2);
		} else {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4],
			    hex[c & 15] };

			r = aa_buf_append(b, e, 6);
		}
		s++;
	}
	return r;
}

/* s as a JSON string, or null. */
static int
put_str(struct aa_buf *b, const char *s)
{
	int r;

	if (s == NULL)
		return aa_buf_puts(b, "null");
	if ((r = aa_buf_append(b, "\"", 1)) == AA_OK &&
	    (r = put_esc(b, s)) == AA_OK)
		r = aa_buf_append(b, "\"", 1);
	return r;
}

/* "/2010-04-01/Accounts/<sid>/Messages/<id><tail>" as a JSON string. */
static int
put_uri(struct aa_buf *b, const char *sid, const char *id, const char *tail)
{
	int r;

	if ((r = aa_buf_puts(b, "\"/2010-04-01/Accounts/")) == AA_OK &&
	    (r = put_esc(b, sid)) == AA_OK &&
	    (r = aa_buf_puts(b, "/Messages/")) == AA_OK &&
	    (r = put_esc(b, id)) == AA_OK &&
	    (r = aa_buf_puts(b, tail)) == AA_OK)
		r = aa_buf_append(b, "\"", 1);
	return r;
}

/*
 * The 201 message resource, written directly: it is every accepted
 * send's answer, and building it as a jansson tree to dump it again cost
 * more than the rest of the send.
 */
static int
resource(const char *sid, const struct aa_sms_field *from,
    const struct aa_sms_field *mss, const struct aa_sms_field *body,
    const struct aa_sms_accepted *a, struct aa_sms_reply *rep)
{
	/* Each member: the text before its value, then the value as it is
	 * (RAW), as a JSON string or null (STR), or as a URI of this
	 * message ending in it (URI). */
	enum { RAW, STR, URI };
	struct aa_buf b;
	char date[64], num[64];
	long long micro;
	int r;

	rfc2822(a->at, date, sizeof(date));
	/* Fixed point: five decimals as Twilio writes prices, without the
	 * cost of floating-point formatting on every send. */
	micro = a->cost > 0 && a->cost < 1e9 ? llround(a->cost * 1e5) : 0;
	snprintf(num, sizeof(num), "\"%d\",\"price\":\"-%lld.%05lld\"",
	    a->segments, micro / 100000, micro % 100000);
	/* The account sid is the client's (checked only with --strict):
	 * escaped like every value from the request. */
	const struct { const char *before, *value; int kind; } m[] = {
		{ "{\"account_sid\":", sid, STR },
		{ ",\"api_version\":\"2010-04-01\",\"body\":",
		    body->value, STR },
		{ ",\"date_created\":\"", date, RAW },
		{ "\",\"date_sent\":\"", date, RAW },
		{ "\",\"date_updated\":\"", date, RAW },
		{ "\",\"direction\":\"outbound-api\",\"error_code\":null,"
		    "\"error_message\":null,\"from\":",
		    from != NULL ? from->value : NULL, STR },
		{ ",\"num_media\":\"0\",\"num_segments\":", num, RAW },
		{ ",\"price_unit\":\"USD\",\"messaging_service_sid\":",
		    mss != NULL ? mss->value : NULL, STR },
		{ ",\"sid\":", a->id, STR },
		{ mss != NULL ? ",\"status\":\"accepted\"," :
		    ",\"status\":\"queued\",", "", RAW },
		{ "\"subresource_uris\":{\"media\":", "/Media.json", URI },
		{ "},\"to\":", a->to, STR },
		{ ",\"uri\":", ".json", URI },
		{ "}", "", RAW },
	};

	aa_buf_init(&b, 4 * AA_SMS_FORM_MAX_BYTES);
	/* one allocation: the fixed text, the values, escapes at worst 6x */
	r = aa_buf_reserve(&b, 1024 + 12 * strlen(sid) + 6 * (body->len +
	    (from != NULL ? from->len : 0) + (mss != NULL ? mss->len : 0)));
	for (size_t k = 0; r == AA_OK && k < sizeof(m) / sizeof(m[0]); k++)
		if ((r = aa_buf_puts(&b, m[k].before)) == AA_OK)
			r = m[k].kind == RAW ? aa_buf_puts(&b, m[k].value) :
			    m[k].kind == STR ? put_str(&b, m[k].value) :
			    put_uri(&b, sid, a->id, m[k].value);
	if (r != AA_OK) {
		aa_buf_release(&b);
		return r;
	}
	return aa_sms_reply_json_text(rep, 201, aa_buf_steal(&b));
}

int
aa_sms_twilio_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    const char *sid, struct aa_sms_reply *rep)
{
	const struct aa_sms_field *to, *from, *mss, *body;
	struct aa_sms_form fm = { .n = 0 };
	struct aa_sms_accepted acc;
	char msg[256], show[40], fshow[40];
	int r;

	if (sid[0] == '\0' || (s->strict && !sid_valid(sid)) ||
	    !aa_sms_utf8_valid(sid, strlen(sid))) {
		r = terr(s, rep, 404, 20404, "The requested resource "
		    "was not found");
		goto out;
	}
	if (strcmp(rq->method, "POST") != 0) {
		r = terr(s, rep, 405, 20004, "Method not allowed");
		goto out;
	}
	if (s->strict && rq->auth_user != NULL &&
	    strcmp(rq->auth_user, sid) != 0 &&
	    strncmp(rq->auth_user, "SK", 2) != 0) {
		r = terr(s, rep, 401, 20003, "Authenticate");
		goto out;
	}
	if (rq->body_too_big) {
		r = terr(s, rep, 413, 21617, "The concatenated message body "
		    "exceeds the 1600 character limit.");
		goto out;
	}
	if ((r = aa_sms_form_parse(&fm, rq->body != NULL ? rq->body : "",
	    rq->body_len)) != AA_OK) {
		r = terr(s, rep, 400, 20001, "Invalid form encoding of the "
		    "request body");
		goto out;
	}
	to = aa_sms_form_get(&fm, "To");
	from = aa_sms_form_get(&fm, "From");
	mss = aa_sms_form_get(&fm, "MessagingServiceSid");
	body = aa_sms_form_get(&fm, "Body");
	if (to == NULL || to->len == 0) {
		r = terr(s, rep, 400, 21604, "A 'To' phone number is required.");
		goto out;
	}
	if (!aa_sms_e164_valid(to->value)) {
		shown(to->value, show, sizeof(show));
		snprintf(msg, sizeof(msg), "The 'To' number %s is not a valid "
		    "phone number.", show);
		r = terr(s, rep, 400, 21211, msg);
		goto out;
	}
	if ((from == NULL || from->len == 0) && mss == NULL) {
		r = terr(s, rep, 400, 21603, "A 'From' phone number is "
		    "required.");
		goto out;
	}
	if (body == NULL || body->len == 0) {
		r = terr(s, rep, 400, 21602, "Message body is required.");
		goto out;
	}
	if (!aa_sms_utf8_valid(body->value, body->len) ||
	    (from != NULL && !aa_sms_utf8_valid(from->value, from->len)) ||
	    (mss != NULL && !aa_sms_utf8_valid(mss->value, mss->len))) {
		r = terr(s, rep, 400, 21602, "Message body is not valid "
		    "UTF-8.");
		goto out;
	}
	if (aa_sms_utf8_len(body->value, body->len) > AA_SMS_BODY_MAX) {
		r = terr(s, rep, 400, 21617, "The concatenated message body "
		    "exceeds the 1600 character limit.");
		goto out;
	}
	if (aa_sms_sim_accept(s, AA_SMS_API_TWILIO, to->value,
	    from != NULL ? from->value : mss->value, body->value, body->len,
	    &acc) != AA_OK) {
		shown(to->value, show, sizeof(show));
		shown(from != NULL ? from->value : "", fshow, sizeof(fshow));
		snprintf(msg, sizeof(msg), "The 'To' phone number: %s, is not "
		    "currently reachable using the 'From' phone number: %s "
		    "via SMS.", show, fshow);
		r = terr(s, rep, 400, 21612, msg);
		goto out;
	}
	r = resource(sid, from, mss, body, &acc, rep);
out:
	aa_sms_form_release(&fm);
	return r;
}
