/*
 * Vonage (Nexmo) SMS API: POST /sms/json, form or JSON body with api_key,
 * api_secret, from, to (digits, no '+'), text. Always HTTP 200; the
 * outcome is messages[].status ("0" ok, "2" missing parameter, "3" invalid
 * parameter, "4" bad credentials, "6" invalid message) with error-text.
 */
#include <stdio.h>
#include <string.h>

#include "sms-sim/sim/sim.h"

static int
verr(struct aa_sms_sim *s, struct aa_sms_reply *rep, const char *status,
    const char *text)
{
	aa_sms_sim_reject(s, AA_SMS_API_VONAGE, text);
	return aa_sms_reply_json(rep, 200, json_pack("{s:s,s:[{s:s,s:s}]}",
	    "message-count", "1", "messages", "status", status, "error-text",
	    text));
}

static int
is_json(const char *ctype)
{
	return ctype != NULL && strncmp(ctype, "application/json", 16) == 0;
}

int
aa_sms_vonage_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep)
{
	const struct aa_sms_field *key, *secret, *to, *from, *text;
	struct aa_sms_form fm = { .n = 0 };
	struct aa_sms_accepted acc;
	char e164[AA_SMS_E164_MAX + 1], price[32], count[16];
	int r;

	if (strcmp(rq->method, "POST") != 0 && strcmp(rq->method, "GET") != 0) {
		r = aa_sms_reply_json(rep, 405, json_pack("{s:s,s:s}",
		    "type", "https://developer.vonage.com/api-errors#method",
		    "title", "Method Not Allowed"));
		aa_sms_sim_reject(s, AA_SMS_API_VONAGE, "method not allowed");
		goto out;
	}
	if (rq->body_too_big) {
		r = verr(s, rep, "3", "Invalid Message: request too large");
		goto out;
	}
	/* GET carries the parameters in the query string. */
	if (strcmp(rq->method, "GET") == 0)
		r = aa_sms_form_parse(&fm, rq->query != NULL ? rq->query : "",
		    rq->query != NULL ? strlen(rq->query) : 0);
	else if (is_json(rq->ctype))
		r = aa_sms_form_parse_json(&fm, rq->body != NULL ? rq->body :
		    "", rq->body_len);
	else
		r = aa_sms_form_parse(&fm, rq->body != NULL ? rq->body : "",
		    rq->body_len);
	if (r != AA_OK) {
		r = verr(s, rep, "3", "Invalid params: malformed request body");
		goto out;
	}
	key = aa_sms_form_get(&fm, "api_key");
	secret = aa_sms_form_get(&fm, "api_secret");
	to = aa_sms_form_get(&fm, "to");
	from = aa_sms_form_get(&fm, "from");
	text = aa_sms_form_get(&fm, "text");
	if (s->strict && (key == NULL || key->len == 0)) {
		r = verr(s, rep, "2", "Missing api_key");
		goto out;
	}
	if (s->strict && (secret == NULL || secret->len == 0)) {
		r = verr(s, rep, "4", "Bad Credentials");
		goto out;
	}
	if (from == NULL || from->len == 0) {
		r = verr(s, rep, "2", "Missing from param");
		goto out;
	}
	if (to == NULL || to->len == 0) {
		r = verr(s, rep, "2", "Missing to param");
		goto out;
	}
	if (text == NULL || text->len == 0) {
		r = verr(s, rep, "2", "Missing text param");
		goto out;
	}
	if (aa_sms_e164_normalize(to->value, e164, sizeof(e164)) != AA_OK ||
	    strlen(to->value) != to->len) {
		r = verr(s, rep, "3", "Invalid to param");
		goto out;
	}
	if (!aa_sms_utf8_valid(text->value, text->len) ||
	    !aa_sms_utf8_valid(from->value, from->len)) {
		r = verr(s, rep, "6", "Invalid Message");
		goto out;
	}
	if (aa_sms_utf8_len(text->value, text->len) > AA_SMS_BODY_MAX) {
		r = verr(s, rep, "3", "Invalid params: text too long");
		goto out;
	}
	if (aa_sms_sim_accept(s, AA_SMS_API_VONAGE, e164, from->value,
	    text->value, text->len, &acc) != AA_OK) {
		r = verr(s, rep, "29", "Non White-listed Destination");
		goto out;
	}
	snprintf(price, sizeof(price), "%.8f", acc.cost);
	snprintf(count, sizeof(count), "%d", 1);
	r = aa_sms_reply_json(rep, 200, json_pack(
	    "{s:s,s:[{s:s,s:s,s:s,s:s,s:s,s:s,s:s}]}",
	    "message-count", count, "messages",
	    "to", e164 + 1, "message-id", acc.id, "status", "0",
	    "remaining-balance", "100.00000000", "message-price", price,
	    "network", "00000", "country", acc.country.iso));
out:
	aa_sms_form_release(&fm);
	return r;
}
