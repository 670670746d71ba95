/*
 * The auditor's client of the sms-sim inbox API. A separate libcurl
 * handle: inbox reads are not requests to the target, so they neither
 * spend its budget nor carry its cookies. The caller checks the URL is
 * allowed (loopback or authorized) before using it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "sms-sim/live/live.h"

#define INBOX_MAX_BYTES (8 * 1024 * 1024)
#define STATS_MAX_BYTES (64 * 1024)

static size_t
collect(char *p, size_t sz, size_t n, void *ud)
{
	struct aa_buf *b = ud;

	return aa_buf_append(b, p, sz * n) == AA_OK ? sz * n : 0;
}

int
aa_sms_inbox_parse(const char *p, size_t n, json_t **out)
{
	json_t *arr, *m;
	size_t i;

	*out = NULL;
	if (n > INBOX_MAX_BYTES)
		return AA_ERR_TOOBIG;
	if ((arr = json_loadb(p, n, 0, NULL)) == NULL || !json_is_array(arr)) {
		json_decref(arr);
		return AA_ERR_PARSE;
	}
	/* Only texts with a string body and an integer seq are kept. */
	for (i = 0; i < json_array_size(arr);) {
		m = json_array_get(arr, i);
		if (!json_is_string(json_object_get(m, "body")) ||
		    !json_is_integer(json_object_get(m, "seq")))
			json_array_remove(arr, i);
		else
			i++;
	}
	*out = arr;
	return AA_OK;
}

/* GET base + path (+ "?to=" phone) into b (bounded). */
static int
get(const char *base, const char *path, const char *phone, long timeout_ms,
    struct aa_buf *b)
{
	char *url = NULL, *e = NULL;
	long status = 0;
	CURL *c;
	int r = AA_ERR_NOMEM;

	if ((c = curl_easy_init()) == NULL)
		goto out;
	if (phone != NULL && (e = curl_easy_escape(c, phone, 0)) == NULL)
		goto out;
	if ((url = malloc(strlen(base) + strlen(path) + (e ? strlen(e) : 0) +
	    8)) == NULL)
		goto out;
	strcpy(url, base);
	strcat(url, path);
	if (e != NULL) {
		strcat(url, "?to=");
		strcat(url, e);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	if (curl_easy_perform(c) != CURLE_OK) {
		r = AA_ERR_NET;
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	r = status == 200 ? AA_OK : AA_ERR_HTTP;
out:
	free(url);
	curl_free(e);
	curl_easy_cleanup(c);
	return r;
}

int
aa_sms_inbox_get(const char *base, const char *phone, long timeout_ms,
    json_t **out)
{
	struct aa_buf b;
	int r;

	*out = NULL;
	aa_buf_init(&b, INBOX_MAX_BYTES);
	if ((r = get(base, "/inbox", phone, timeout_ms, &b)) == AA_OK)
		r = aa_sms_inbox_parse(b.ptr, b.len, out);
	aa_buf_release(&b);
	return r;
}

int
aa_sms_rejections_parse(const char *p, size_t n, char *why, size_t whylen,
    int *elsewhere)
{
	json_t *j = NULL, *last, *m;
	json_int_t k;
	int r = AA_ERR_PARSE;

	*elsewhere = 0;
	if (n > STATS_MAX_BYTES)
		return AA_ERR_TOOBIG;
	if ((j = json_loadb(p != NULL ? p : "", n, 0, NULL)) == NULL ||
	    !json_is_integer(json_object_get(j, "rejected")))
		goto out;
	k = json_integer_value(json_object_get(j, "rejected"));
	last = json_object_get(j, "last_rejected");
	m = json_array_get(last, json_array_size(last) - 1);
	if (k > 0 && json_is_string(json_object_get(m, "reason")))
		snprintf(why, whylen, "sms-sim refused %lld request(s) from "
		    "the target, the last through the %.16s API: \"%.120s\"",
		    (long long)k, json_is_string(json_object_get(m, "api")) ?
		    json_string_value(json_object_get(m, "api")) : "?",
		    json_string_value(json_object_get(m, "reason")));
	else if (json_integer_value(json_object_get(j, "accepted")) > 0) {
		*elsewhere = 1;
		snprintf(why, whylen, "sms-sim accepted texts, but none to "
		    "this number (the service texts another one, such as the "
		    "number on file)");
	}
	r = AA_OK;
out:
	json_decref(j);
	return r;
}

/* Texts reached sms-sim, none newly to phone: if phone got texts before
 * (an earlier audit's, or this one's), a send limit they spent is as
 * likely as another destination, and the reason says both. */
static void
earlier_texts(const char *base, const char *phone, long timeout_ms,
    char *why, size_t whylen)
{
	json_t *arr = NULL, *m, *last = NULL;
	size_t i;

	if (phone == NULL ||
	    aa_sms_inbox_get(base, phone, timeout_ms, &arr) != AA_OK)
		return;
	json_array_foreach(arr, i, m)
		if (last == NULL || json_integer_value(json_object_get(m,
		    "seq")) > json_integer_value(json_object_get(last, "seq")))
			last = m;
	if (last != NULL)
		snprintf(why, whylen, "sms-sim accepted texts, but no new one "
		    "to this number, which got %zu before (the last at %.32s): "
		    "a per-number send limit those spent may be holding more "
		    "back (a service may answer 200 and send nothing; wait out "
		    "its window or give the account another test number), or "
		    "the service texts another number, such as the number on "
		    "file", json_array_size(arr),
		    json_is_string(json_object_get(last, "received_at")) ?
		    json_string_value(json_object_get(last, "received_at")) :
		    "an unknown time");
	json_decref(arr);
}

int
aa_sms_rejections(const char *base, const char *phone, long timeout_ms,
    char *why, size_t whylen)
{
	struct aa_buf b;
	int elsewhere = 0, r;

	snprintf(why, whylen, "sms-sim received no request from the target "
	    "(the service does not send through it: check its SMS provider "
	    "setting)");
	aa_buf_init(&b, STATS_MAX_BYTES);
	if ((r = get(base, "/stats", NULL, timeout_ms, &b)) == AA_OK)
		r = aa_sms_rejections_parse(b.ptr, b.len, why, whylen,
		    &elsewhere);
	aa_buf_release(&b);
	if (r == AA_OK && elsewhere)
		earlier_texts(base, phone, timeout_ms, why, whylen);
	return r;
}
