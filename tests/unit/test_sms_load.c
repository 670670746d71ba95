/* sms-sim over real loopback HTTP under concurrent load: every request
 * gets an answer, malformed ones the provider's error, and /stats counts
 * exactly the accepted messages (none lost, none doubled). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "auth-audit/core/err.h"
#include "sms-sim/sim/smssim.h"
#include "tests/unit/tap.h"

#define THREADS 8
#define PER_THREAD 500 /* 4000 requests */

struct worker {
	unsigned port;
	int id;
	long ok201, err400, other;
};

static size_t
sink(char *p, size_t sz, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return sz * n;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	CURL *c = curl_easy_init();
	char url[160], body[160];

	if (c == NULL)
		return NULL;
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/2010-04-01/Accounts/"
	    "AC0123456789abcdef0123456789abcdef/Messages.json", w->port);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	for (int i = 0; i < PER_THREAD; i++) {
		long code = 0;

		/* Every fifth request is malformed (no valid To). */
		if (i % 5 == 4)
			snprintf(body, sizeof(body), "To=12%d&From=a&Body=x", i);
		else
			snprintf(body, sizeof(body), "To=%%2B1555555%02d%02d&"
			    "From=a&Body=code+%06d", w->id, i % 100, i);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code == 201)
			w->ok201++;
		else if (code == 400)
			w->err400++;
		else
			w->other++;
	}
	curl_easy_cleanup(c);
	return NULL;
}

/* Concurrent sends: every one answered, the counter exact. */
static void
load(struct aa_sms_sim *sim, long *ok201, long *err400)
{
	struct worker w[THREADS];
	pthread_t t[THREADS];
	long other = 0;

	*ok201 = *err400 = 0;
	for (int i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].port = aa_sms_sim_port(sim);
		w[i].id = i;
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		*ok201 += w[i].ok201;
		*err400 += w[i].err400;
		other += w[i].other;
	}
	is_int(*ok201, THREADS * PER_THREAD * 4 / 5, "all valid sends got 201");
	is_int(*err400, THREADS * PER_THREAD / 5, "all malformed got 400");
	is_int(other, 0, "no request lost");
	is_int((long long)aa_sms_sim_accepted(sim), *ok201,
	    "counter equals accepted");
}

/* /stats over HTTP agrees. */
static void
stats_agree(struct aa_sms_sim *sim, long ok201, long err400)
{
	struct { char b[4096]; size_t n; } acc = { "", 0 };
	json_t *stats = NULL;
	char url[96];
	FILE *mem;
	CURL *c;

	if ((c = curl_easy_init()) != NULL) {
		snprintf(url, sizeof(url), "http://127.0.0.1:%u/stats",
		    aa_sms_sim_port(sim));
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
		mem = fmemopen(acc.b, sizeof(acc.b) - 1, "w");
		curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
		curl_easy_perform(c);
		fclose(mem);
		curl_easy_cleanup(c);
		stats = json_loads(acc.b, 0, NULL);
	}
	is_int(json_integer_value(json_object_get(stats, "accepted")), ok201,
	    "/stats accepted exact");
	is_int(json_integer_value(json_object_get(stats, "rejected")), err400,
	    "/stats rejected exact");
	is_int(json_integer_value(json_object_get(json_object_get(
	    json_object_get(stats, "by_country"), "US"), "count")), ok201,
	    "per-country count exact");
	json_decref(stats);
}

int
main(void)
{
	struct aa_sms_sim *sim = NULL;
	struct aa_diag d = { "" };
	struct aa_sms_sim_opts o;
	long ok201, err400;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(&o, 0, sizeof(o));
	is_int(aa_sms_sim_new(&o, &sim, &d), AA_OK, "simulator");
	is_int(aa_sms_sim_listen(sim, "10.1.2.3", 0, &d), AA_ERR_DENIED,
	    "non-loopback refused");
	is_int(aa_sms_sim_listen(sim, "127.0.0.1", 0, &d), AA_OK,
	    "listening on loopback");
	ok(aa_sms_sim_port(sim) > 0, "port chosen (%u)", aa_sms_sim_port(sim));
	load(sim, &ok201, &err400);
	stats_agree(sim, ok201, err400);
	aa_sms_sim_free(&sim);
	curl_global_cleanup();
	return tap_done();
}
