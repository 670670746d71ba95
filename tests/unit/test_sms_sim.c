/* sms-sim request handling without HTTP: provider shapes and errors,
 * inbox, stats, code extraction, log redaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "auth-audit/core/err.h"
#include "sms-sim/sim/smssim.h"
#include "tests/unit/tap.h"

#define SID "AC0123456789abcdef0123456789abcdef"
#define TW "/2010-04-01/Accounts/" SID "/Messages.json"

static struct aa_sms_sim *sim;
static struct aa_sms_reply rep;
static json_t *js;

static unsigned
req(const char *method, const char *path, const char *query,
    const char *ctype, const char *body)
{
	struct aa_sms_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.path = path;
	rq.query = query;
	rq.ctype = ctype;
	rq.body = body;
	rq.body_len = body != NULL ? strlen(body) : 0;
	aa_sms_reply_release(&rep);
	json_decref(js);
	js = NULL;
	if (aa_sms_sim_handle(sim, &rq, &rep) != AA_OK)
		return 0;
	js = json_loadb(rep.body, rep.len, 0, NULL);
	return rep.status;
}

static const char *
jstr(const char *ptr)
{
	json_t *v = js;
	char key[64];

	while (v != NULL && *ptr == '/') {
		const char *e = strchr(ptr + 1, '/');
		size_t n = e ? (size_t)(e - ptr - 1) : strlen(ptr + 1);

		snprintf(key, sizeof(key), "%.*s", (int)n, ptr + 1);
		if (json_is_array(v))
			v = json_array_get(v, (size_t)atoi(key));
		else
			v = json_object_get(v, key);
		ptr += n + 1;
	}
	return json_string_value(v);
}

static long long
jint(const char *ptr)
{
	char buf[128];
	json_t *v = js;

	snprintf(buf, sizeof(buf), "%s", ptr);
	for (char *tok = strtok(buf, "/"); v != NULL && tok != NULL;
	    tok = strtok(NULL, "/"))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(tok)) :
		    json_object_get(v, tok);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* Twilio's Messages resource and its error codes. */
static void
twilio(void)
{
	char *big;

	/* Twilio */
	is_int(req("POST", TW, NULL, "application/x-www-form-urlencoded",
	    "To=%2B15555550101&From=%2B15005550006&Body=Your+code+is+482913"),
	    201, "Twilio send: 201");
	is_str(jstr("/status"), "queued", "message resource status queued");
	is_str(jstr("/to"), "+15555550101", "resource echoes To");
	ok(jstr("/sid") && strncmp(jstr("/sid"), "SM", 2) == 0, "sid SM...");
	is_str(jstr("/price_unit"), "USD", "price unit");
	ok(jstr("/price") != NULL && jstr("/price")[0] == '-' &&
	    strlen(jstr("/price")) == 8 && jstr("/price")[2] == '.',
	    "price as Twilio writes it: -d.ddddd (%s)", jstr("/price"));
	is_str(jstr("/price"), "-0.02000", "  ... a US text's");
	is_int(req("POST", TW, NULL, NULL, "To=555&From=%2B1500&Body=x"), 400,
	    "bad To: 400");
	is_int(jint("/code"), 21211, "Twilio 21211");
	ok(jstr("/more_info") != NULL, "more_info present");
	is_int(jint("/status"), 400, "status member 400");
	is_int(req("POST", TW, NULL, NULL, "From=%2B1500&Body=x"), 400,
	    "missing To: 400");
	is_int(jint("/code"), 21604, "Twilio 21604");
	is_int(req("POST", TW, NULL, NULL, "To=%2B15555550101&Body=x"), 400,
	    "missing From: 400");
	is_int(jint("/code"), 21603, "Twilio 21603");
	is_int(req("POST", TW, NULL, NULL, "To=%2B15555550101&From=a"), 400,
	    "missing Body: 400");
	is_int(jint("/code"), 21602, "Twilio 21602");
	is_int(req("POST", TW, NULL, NULL,
	    "To=%2B15555550101&From=a&Body=%FF%FE"), 400, "bad UTF-8: 400");
	is_int(req("POST", TW, NULL, NULL, "To=%2B15555550101&Body=%G1"), 400,
	    "bad escape: 400");
	is_int(req("POST", TW, NULL, NULL, "To=%2B99912345678&From=a&Body=x"),
	    400, "unassigned code: 400");
	is_int(jint("/code"), 21612, "Twilio 21612");
	is_int(req("GET", TW, NULL, NULL, NULL), 405, "GET: 405");
	if ((big = malloc(2000 + 64)) != NULL) {
		strcpy(big, "To=%2B15555550101&From=a&Body=");
		memset(big + strlen(big), 'a', 1700);
		big[30 + 1700] = '\0';
	}
	is_int(req("POST", TW, NULL, NULL, big), 400, "1700 chars: 400");
	is_int(jint("/code"), 21617, "Twilio 21617");
	free(big);
}

/* The resource is written by hand: what the client sent comes back
 * escaped, and the answer is JSON whatever it holds. */
static void
twilio_escapes(void)
{
	is_int(req("POST", "/2010-04-01/Accounts/AC\"x\\/Messages.json", NULL,
	    NULL, "To=%2B15555550101&From=%22q%22&MessagingServiceSid=MG1&"
	    "Body=a%22b%5Cc%0Ad%01%C3%A9"), 201, "odd values: 201");
	ok(js != NULL, "odd values: the answer is JSON");
	is_str(jstr("/body"), "a\"b\\c\nd\001\303\251", "body round-trips");
	is_str(jstr("/from"), "\"q\"", "from round-trips");
	is_str(jstr("/account_sid"), "AC\"x\\", "sid round-trips");
	is_str(jstr("/status"), "accepted", "a messaging service: accepted");
	ok(jstr("/uri") != NULL && strstr(jstr("/uri"), "AC\"x\\/Messages/SM") !=
	    NULL, "uri names the sid and the message");
	ok(jstr("/subresource_uris/media") != NULL, "media uri");
	ok(json_is_null(json_object_get(js, "error_code")), "error_code null");
	is_str(jstr("/num_segments"), "1", "segments as a string");
}

static void
vonage(void)
{
	/* Vonage */
	is_int(req("POST", "/sms/json", NULL, NULL, "api_key=k&api_secret=s&"
	    "to=998901234567&from=ACME&text=code+5150"), 200, "Vonage: 200");
	is_str(jstr("/messages/0/status"), "0", "Vonage status 0");
	is_str(jstr("/message-count"), "1", "message-count");
	is_int(req("POST", "/sms/json", NULL, "application/json",
	    "{\"api_key\":\"k\",\"api_secret\":\"s\",\"to\":\"447700900123\","
	    "\"from\":\"A\",\"text\":\"hi 1234\"}"), 200, "Vonage JSON: 200");
	is_str(jstr("/messages/0/status"), "0", "JSON body accepted");
	req("POST", "/sms/json", NULL, NULL, "api_key=k&api_secret=s&from=A&"
	    "text=x");
	is_str(jstr("/messages/0/status"), "2", "missing to: status 2");
	req("POST", "/sms/json", NULL, NULL, "api_key=k&api_secret=s&from=A&"
	    "to=12ab&text=x");
	is_str(jstr("/messages/0/status"), "3", "bad to: status 3");
	req("POST", "/sms/json", NULL, "application/json", "{\"api_key\":");
	is_str(jstr("/messages/0/status"), "3", "broken JSON: status 3");
}

static void
kannel(void)
{
	/* Kannel */
	is_int(req("GET", "/cgi-bin/sendsms", "username=u&password=p&"
	    "to=%2B4915112345678&text=Code+424242", NULL, NULL), 202,
	    "Kannel: 202");
	ok(rep.body && strcmp(rep.body, "0: Accepted for delivery") == 0,
	    "Kannel body");
	is_int(req("GET", "/cgi-bin/sendsms", "username=u&password=p&text=x",
	    NULL, NULL), 400, "Kannel no to: 400");
}

/* By default any account id and credentials (placeholders); --strict:
 * the providers' real formats, and /stats says why a text was refused. */
static void
account_formats(int strict)
{
	struct aa_sms_sim_opts o;
	struct aa_sms_sim *main_sim = sim;
	struct aa_diag d = { "" };
	json_t *last;

	memset(&o, 0, sizeof(o));
	o.strict = strict;
	if (aa_sms_sim_new(&o, &sim, &d) != AA_OK) {
		ok(0, "simulator created");
		sim = main_sim;
		return;
	}
	if (!strict) {
		is_int(req("POST", "/2010-04-01/Accounts/ACnope/Messages.json",
		    NULL, NULL, "To=%2B15555550101&From=a&Body=x"), 201,
		    "a placeholder sid: 201");
		req("POST", "/sms/json", NULL, NULL, "api_key=k&"
		    "to=447700900123&from=A&text=x");
		is_str(jstr("/messages/0/status"), "0", "no secret: status 0");
		is_int(req("GET", "/cgi-bin/sendsms", "username=u&"
		    "to=%2B4915112345678&text=x", NULL, NULL), 202,
		    "Kannel no password: 202");
		goto out;
	}
	is_int(req("POST", "/2010-04-01/Accounts/ACnope/Messages.json", NULL,
	    NULL, "To=%2B15555550101&From=a&Body=x"), 404, "bad sid: 404");
	req("POST", "/sms/json", NULL, NULL, "api_key=k&to=447700900123&"
	    "from=A&text=x");
	is_str(jstr("/messages/0/status"), "4", "no secret: status 4");
	is_int(req("GET", "/cgi-bin/sendsms", "username=u&to=%2B49151&text=x",
	    NULL, NULL), 403, "Kannel no password: 403");
	is_int(req("GET", "/stats", NULL, NULL, NULL), 200, "stats: 200");
	last = json_object_get(js, "last_rejected");
	is_int((long long)json_array_size(last), 3, "three rejections listed");
	is_str(json_string_value(json_object_get(json_array_get(last, 0),
	    "api")), "twilio", "oldest first");
	is_str(json_string_value(json_object_get(json_array_get(last, 2),
	    "reason")), "Authorization failed for sendsms", "with the reason");
out:
	aa_sms_reply_release(&rep);
	json_decref(js);
	js = NULL;
	aa_sms_sim_free(&sim);
	sim = main_sim;
}

/* Destinations classified by libphonenumber. */
static void
destinations(void)
{
	is_int(req("POST", TW, NULL, NULL, "To=%2B14165550142&From=a&"
	    "Body=code+271828"), 201, "Toronto number: 201");
	is_int(req("POST", TW, NULL, NULL, "To=%2B19005550100&From=a&"
	    "Body=code+314159"), 201, "premium-rate number: 201");
	is_int(req("POST", TW, NULL, NULL, "To=%2B80012345678&From=a&"
	    "Body=x"), 400, "+800 (no country): 400");
	is_int(jint("/code"), 21612, "not routable: Twilio 21612");
	req("GET", "/inbox", "to=%2B14165550142", NULL, NULL);
	is_str(jstr("/0/country"), "CA", "+1 416 is CA in the inbox");
	is_str(jstr("/0/type"), "fixed_line_or_mobile", "its type");
	ok(json_is_true(json_object_get(json_array_get(js, 0), "valid")),
	    "a valid number");
	req("GET", "/inbox", "to=%2B19005550100", NULL, NULL);
	is_str(jstr("/0/type"), "premium_rate", "+1 900 is premium rate");
}

static void
inbox_and_stats(void)
{
	/* Inbox and stats */
	is_int(req("GET", "/inbox", "to=%2B15555550101", NULL, NULL), 200,
	    "inbox: 200");
	is_int((long long)json_array_size(js), 1, "one message for the number");
	is_str(jstr("/0/code"), "482913", "code extracted");
	is_str(jstr("/0/country"), "US", "country in inbox");
	is_str(jstr("/0/type"), "unknown", "+1 555 ...: no valid type");
	ok(json_is_false(json_object_get(json_array_get(js, 0), "valid")),
	    "+1 555 ...: not a valid number, still delivered");
	ok(jstr("/0/received_at") != NULL, "received_at");
	is_int(req("GET", "/inbox", "to=abc", NULL, NULL), 400,
	    "inbox bad to: 400");
	is_int(req("GET", "/stats", NULL, NULL, NULL), 200, "stats: 200");
	is_int(jint("/accepted"), 6, "6 accepted");
	is_int(jint("/by_country/UZ/count"), 1, "UZ counted once");
	is_int(jint("/by_country/CA/count"), 1, "CA counted once");
	is_int(jint("/by_type/premium_rate"), 1, "premium rate counted");
	is_int(jint("/by_type/mobile"), 2, "mobile numbers (UZ, DE) counted");
	is_int(jint("/by_api/kannel"), 1, "Kannel counted");
	ok(jint("/rejected") >= 10, "rejections counted");
	is_int(req("DELETE", "/inbox", "to=%2B15555550101", NULL, NULL), 200,
	    "delete one number");
	is_int(jint("/deleted"), 1, "one deleted");
	req("GET", "/inbox", NULL, NULL, NULL);
	is_int((long long)json_array_size(js), 5, "others kept");
	req("DELETE", "/inbox", NULL, NULL, NULL);
	req("GET", "/inbox", NULL, NULL, NULL);
	is_int((long long)json_array_size(js), 0, "inbox emptied");
	is_int(req("GET", "/nope", NULL, NULL, NULL), 404, "unknown path 404");
}

/* The log never holds a code. */
static void
log_without_codes(const char *logpath)
{
	char line[4096];
	int lines = 0, leaked = 0;
	FILE *fp;

	if ((fp = fopen(logpath, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL) {
			lines++;
			if (strstr(line, "482913") || strstr(line, "5150") ||
			    strstr(line, "424242"))
				leaked = 1;
		}
		fclose(fp);
		ok(lines >= 15, "log has a line per request (%d)", lines);
	} else
		ok(0, "log readable");
	ok(!leaked, "log never contains a code");
	unlink(logpath);
}

/* The code in a text: group 1 of a custom regex, else a run of 4 to 8
 * digits that stands alone. */
static void
code_regexes(void)
{
	struct aa_sms_sim_opts o;
	struct aa_diag d = { "" };

	memset(&o, 0, sizeof(o));
	o.code_regex = "code: (\\d{6})";
	is_int(aa_sms_sim_new(&o, &sim, &d), AA_OK, "custom regex");
	req("POST", TW, NULL, NULL, "To=%2B15555550101&From=a&"
	    "Body=ref+9999+code:+123456");
	req("GET", "/inbox", NULL, NULL, NULL);
	is_str(jstr("/0/code"), "123456", "group 1 of a custom regex");
	aa_sms_reply_release(&rep);
	json_decref(js);
	js = NULL;
	aa_sms_sim_free(&sim);
	o.code_regex = NULL;
	is_int(aa_sms_sim_new(&o, &sim, &d), AA_OK, "default regex");
	req("POST", TW, NULL, NULL, "To=%2B15555550101&From=a&"
	    "Body=Order+1234567890+-+your+code+is+8642");
	req("GET", "/inbox", NULL, NULL, NULL);
	is_str(jstr("/0/code"), "8642", "a longer digit run is not a code");
	aa_sms_reply_release(&rep);
	json_decref(js);
	aa_sms_sim_free(&sim);
}

int
main(void)
{
	struct aa_sms_sim_opts o;
	struct aa_diag d = { "" };
	char logpath[] = "/tmp/aa-sms-logXXXXXX";
	int fd;

	if ((fd = mkstemp(logpath)) >= 0)
		close(fd);
	memset(&o, 0, sizeof(o));
	o.log_path = logpath;
	is_int(aa_sms_sim_new(&o, &sim, &d), AA_OK, "simulator created");
	twilio();
	vonage();
	kannel();
	account_formats(0);
	account_formats(1);
	destinations();
	inbox_and_stats();
	log_without_codes(logpath);
	twilio_escapes();
	aa_sms_reply_release(&rep);
	json_decref(js);
	js = NULL;
	aa_sms_sim_free(&sim);
	ok(sim == NULL, "free NULLs");
	code_regexes();
	return tap_done();
}
