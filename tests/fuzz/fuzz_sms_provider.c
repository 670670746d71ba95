/*
 * libFuzzer harness for sms-sim's provider request parsers. The first
 * byte selects the endpoint (Twilio form, Vonage form, Vonage JSON, Kannel
 * query, inbox query); the rest is the body or query string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms-sim/sim/smssim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct aa_sms_sim *sim;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/"
		"Messages.json"),
		"/sms/json", "/sms/json", "/cgi-bin/sendsms", "/inbox",
	};
	struct aa_sms_sim_opts o;
	struct aa_sms_req rq;
	struct aa_sms_reply rep;
	char *text;
	unsigned sel;

	if (size < 1)
		return 0;
	if (sim == NULL) {
		memset(&o, 0, sizeof(o));
		o.inbox_max = 64; /* keep memory flat over millions of runs */
		if (aa_sms_sim_new(&o, &sim, NULL) != 0)
			abort();
	}
	sel = data[0] % 5;
	if ((text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&rq, 0, sizeof(rq));
	rq.method = sel == 3 || sel == 4 ? "GET" : "POST";
	rq.path = paths[sel];
	rq.ctype = sel == 2 ? "application/json" :
	    "application/x-www-form-urlencoded";
	if (sel >= 3) {
		/* Queries come from MHD as C strings. */
		rq.query = text;
	} else {
		rq.body = text;
		rq.body_len = size - 1;
	}
	if (aa_sms_sim_handle(sim, &rq, &rep) == 0 && rep.body == NULL)
		abort();
	aa_sms_reply_release(&rep);
	free(text);
	return 0;
}
