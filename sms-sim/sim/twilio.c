/*
 * Twilio Programmable Messaging: POST /2010-04-01/Accounts/{Sid}/Messages.json
 * (form To, From | MessagingServiceSid, Body) -> 201 message resource, or a
 * Twilio error object {code, message, more_info, status}. Shapes follow
 * the MIT-licensed twilio-oai spec; codes used are listed in docs/SMS-SIM.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

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

static void
rfc2822(time_t t, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S +0000", &tm);
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

static int
resource(const char *sid, const struct aa_sms_field *from,
    const struct aa_sms_field *mss, const struct aa_sms_field *body,
    const struct aa_sms_accepted *a, struct aa_sms_reply *rep)
{
	char date[64], uri[160], media[180], price[32], segs[16];

	rfc2822(a->at, date, sizeof(date));
	snprintf(uri, sizeof(uri), "/2010-04-01/Accounts/%s/Messages/%s.json",
	    sid, a->id);
	snprintf(media, sizeof(media),
	    "/2010-04-01/Accounts/%s/Messages/%s/Media.json", sid, a->id);
	snprintf(price, sizeof(price), "-%.5f", a->cost);
	snprintf(segs, sizeof(segs), "%d", a->segments);
	return aa_sms_reply_json(rep, 201, json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:n,s:n,s:o,s:s,s:s,s:s,s:s,"
	    "s:o,s:s,s:s,s:{s:s},s:s,s:s}",
	    "account_sid", sid, "api_version", "2010-04-01",
	    "body", body->value, "date_created", date, "date_sent", date,
	    "date_updated", date, "direction", "outbound-api",
	    "error_code", "error_message",
	    "from", from != NULL ? json_string(from->value) : json_null(),
	    "num_media", "0", "num_segments", segs, "price", price,
	    "price_unit", "USD",
	    "messaging_service_sid", mss != NULL ? json_string(mss->value) :
	    json_null(),
	    "sid", a->id, "status", mss != NULL ? "accepted" : "queued",
	    "subresource_uris", "media", media, "to", a->to, "uri", uri));
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

	if (sid[0] == '\0' || (s->strict && !sid_valid(sid))) {
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
