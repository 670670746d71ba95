/*
 * Kannel smsbox: GET (or POST) /cgi-bin/sendsms?username=&password=&to=
 * &text=[&from=] -> 202 "0: Accepted for delivery". Errors are plain
 * text as smsbox answers them: 403 "Authorization failed for sendsms",
 * 400 for a missing or malformed receiver or text.
 */
#include <string.h>

#include "sms-sim/sim/sim.h"

static int
kerr(struct aa_sms_sim *s, struct aa_sms_reply *rep, unsigned status,
    const char *text)
{
	aa_sms_sim_reject(s, AA_SMS_API_KANNEL, text);
	return aa_sms_reply_text(rep, status, text);
}

int
aa_sms_kannel_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep)
{
	const struct aa_sms_field *user, *pass, *to, *from, *text;
	struct aa_sms_form fm = { .n = 0 };
	struct aa_sms_accepted acc;
	char e164[AA_SMS_E164_MAX + 1];
	int r;

	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "POST") != 0) {
		r = kerr(s, rep, 405, "Error: method not allowed");
		goto out;
	}
	if (rq->body_too_big) {
		r = kerr(s, rep, 413, "Error: request too large");
		goto out;
	}
	r = aa_sms_form_parse(&fm, rq->query != NULL ? rq->query : "",
	    rq->query != NULL ? strlen(rq->query) : 0);
	/* POST: smsbox takes the text from the body when text= is absent. */
	if (r == AA_OK && strcmp(rq->method, "POST") == 0 &&
	    aa_sms_form_get(&fm, "text") == NULL && rq->body_len > 0)
		r = aa_sms_form_add(&fm, "text", rq->body, rq->body_len);
	if (r != AA_OK) {
		r = kerr(s, rep, 400, "Error: malformed request");
		goto out;
	}
	user = aa_sms_form_get(&fm, "username");
	pass = aa_sms_form_get(&fm, "password");
	to = aa_sms_form_get(&fm, "to");
	from = aa_sms_form_get(&fm, "from");
	text = aa_sms_form_get(&fm, "text");
	if (s->strict && (user == NULL || user->len == 0 || pass == NULL ||
	    pass->len == 0)) {
		r = kerr(s, rep, 403, "Authorization failed for sendsms");
		goto out;
	}
	if (to == NULL || to->len == 0) {
		r = kerr(s, rep, 400, "Missing receiver number, rejected");
		goto out;
	}
	if (aa_sms_e164_normalize(to->value, e164, sizeof(e164)) != AA_OK ||
	    strlen(to->value) != to->len) {
		r = kerr(s, rep, 400, "Error: invalid receiver number, rejected");
		goto out;
	}
	if (text == NULL || text->len == 0 ||
	    !aa_sms_utf8_valid(text->value, text->len) ||
	    (from != NULL && !aa_sms_utf8_valid(from->value, from->len))) {
		r = kerr(s, rep, 400, "Error: missing or invalid text, "
		    "rejected");
		goto out;
	}
	if (aa_sms_utf8_len(text->value, text->len) > AA_SMS_BODY_MAX) {
		r = kerr(s, rep, 400, "Error: text too long, rejected");
		goto out;
	}
	if (aa_sms_sim_accept(s, AA_SMS_API_KANNEL, e164,
	    from != NULL ? from->value : "", text->value, text->len,
	    &acc) != AA_OK) {
		r = kerr(s, rep, 400, "Error: no route to receiver, rejected");
		goto out;
	}
	r = aa_sms_reply_text(rep, 202, "0: Accepted for delivery");
out:
	aa_sms_form_release(&fm);
	return r;
}
