/*
 * The auditor's side of sms-sim: GET /inbox?to=E164 lists received texts
 * (with the extracted code: that is what the inbox is for), DELETE /inbox
 * empties it (optionally for one number), GET /stats counts accepted
 * messages and their cost per country and per provider API.
 */
#include <stdlib.h>
#include <string.h>

#include "sms-sim/sim/sim.h"

static int
plain_err(struct aa_sms_reply *rep, unsigned status, const char *msg)
{
	return aa_sms_reply_json(rep, status, json_pack("{s:s}", "error", msg));
}

/* ?to= from the query (decoded); AA_ERR_PARSE when malformed. */
static int
query_to(const struct aa_sms_req *rq, char *to, size_t tolen, int *has)
{
	struct aa_sms_form fm = { .n = 0 };
	const struct aa_sms_field *f;
	int r = AA_OK;

	*has = 0;
	to[0] = '\0';
	if (rq->query == NULL)
		return AA_OK;
	if (aa_sms_form_parse(&fm, rq->query, strlen(rq->query)) != AA_OK) {
		r = AA_ERR_PARSE;
		goto out;
	}
	if ((f = aa_sms_form_get(&fm, "to")) != NULL) {
		*has = 1;
		if (aa_sms_e164_normalize(f->value, to, tolen) != AA_OK)
			r = AA_ERR_PARSE;
	}
out:
	aa_sms_form_release(&fm);
	return r;
}

static json_t *
msg_json(const struct aa_sms_msg *m)
{
	char ts[32];
	struct tm tm;

	gmtime_r(&m->at, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_pack("{s:s,s:s,s:s,s:s,s:s*,s:s,s:s,s:b,s:f,s:i,s:s,s:s,"
	    "s:I}", "id", m->id, "to", m->to, "from", m->from, "body", m->body,
	    "code", m->code[0] != '\0' ? m->code : NULL,
	    "country", m->iso, "type", aa_sms_type_name(m->type),
	    "valid", m->valid, "cost", m->cost, "segments", m->segments,
	    "api", m->api, "received_at", ts, "seq", (json_int_t)m->seq);
}

static int
inbox_get(struct aa_sms_sim *s, const char *to, int has,
    struct aa_sms_reply *rep)
{
	json_t *arr = json_array();
	int r = AA_OK;

	if (arr == NULL)
		return AA_ERR_NOMEM;
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->ring_len; i++) {
		const struct aa_sms_msg *m =
		    s->ring[(s->ring_head + i) % s->ring_cap];

		if (has && strcmp(m->to, to) != 0)
			continue;
		/* from and body may not be UTF-8 only if a provider let it
		 * through; json_pack then fails and the row is skipped. */
		json_t *j = msg_json(m);
		if (j != NULL && json_array_append_new(arr, j) != 0)
			r = AA_ERR_NOMEM;
	}
	pthread_mutex_unlock(&s->mu);
	if (r != AA_OK) {
		json_decref(arr);
		return r;
	}
	return aa_sms_reply_json(rep, 200, arr);
}

static int
inbox_delete(struct aa_sms_sim *s, const char *to, int has,
    struct aa_sms_reply *rep)
{
	struct aa_sms_msg **keep;
	size_t n = 0, removed = 0;

	if ((keep = calloc(s->ring_cap, sizeof(*keep))) == NULL)
		return AA_ERR_NOMEM;
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->ring_len; i++) {
		size_t k = (s->ring_head + i) % s->ring_cap;
		struct aa_sms_msg *m = s->ring[k];

		s->ring[k] = NULL;
		if (!has || strcmp(m->to, to) == 0) {
			memset(m->body, 0, strlen(m->body)); /* held a code */
			free(m->body);
			free(m);
			removed++;
		} else
			keep[n++] = m;
	}
	memcpy(s->ring, keep, n * sizeof(*keep));
	s->ring_head = 0;
	s->ring_len = n;
	pthread_mutex_unlock(&s->mu);
	free(keep);
	return aa_sms_reply_json(rep, 200, json_pack("{s:I}", "deleted",
	    (json_int_t)removed));
}

int
aa_sms_inbox_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep)
{
	char to[AA_SMS_E164_MAX + 1];
	int has;

	if (query_to(rq, to, sizeof(to), &has) != AA_OK)
		return plain_err(rep, 400, "to: not an E.164 number");
	if (strcmp(rq->method, "GET") == 0)
		return inbox_get(s, to, has, rep);
	if (strcmp(rq->method, "DELETE") == 0)
		return inbox_delete(s, to, has, rep);
	return plain_err(rep, 405, "method not allowed");
}

int
aa_sms_stats_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep)
{
	json_t *by = NULL, *bt = NULL, *last = NULL, *j = NULL;
	int r = AA_ERR_NOMEM;

	if (strcmp(rq->method, "GET") != 0)
		return plain_err(rep, 405, "method not allowed");
	if ((by = json_object()) == NULL || (bt = json_object()) == NULL ||
	    (last = json_array()) == NULL)
		goto out;
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->ncountries; i++)
		json_object_set_new(by, s->countries[i].iso, json_pack(
		    "{s:I,s:f}", "count", (json_int_t)s->countries[i].count,
		    "cost", s->countries[i].cost));
	for (int t = 0; t < AA_PHONE_TYPE_COUNT; t++)
		if (s->by_type[t] > 0)
			json_object_set_new(bt, aa_sms_type_name(
			    (enum aa_phone_type)t), json_integer(
			    (json_int_t)s->by_type[t]));
	j = json_pack("{s:I,s:I,s:I,s:f,s:{s:I,s:I,s:I},s:O,s:O,s:I}",
	    "accepted", (json_int_t)s->accepted,
	    "rejected", (json_int_t)s->rejected,
	    "segments", (json_int_t)s->segments_total,
	    "cost", s->cost_total,
	    "by_api", "twilio", (json_int_t)s->by_api[0],
	    "vonage", (json_int_t)s->by_api[1],
	    "kannel", (json_int_t)s->by_api[2],
	    "by_country", by, "by_type", bt, "inbox", (json_int_t)s->ring_len);
	/* Oldest first, at most AA_SMS_LAST_REJ. */
	for (size_t i = s->nrej > AA_SMS_LAST_REJ ? s->nrej - AA_SMS_LAST_REJ :
	    0; j != NULL && i < s->nrej; i++)
		json_array_append_new(last, json_pack("{s:s,s:s}", "api",
		    s->last_rej[i % AA_SMS_LAST_REJ].api, "reason",
		    s->last_rej[i % AA_SMS_LAST_REJ].why));
	if (j != NULL)
		json_object_set(j, "last_rejected", last);
	pthread_mutex_unlock(&s->mu);
	if (j == NULL)
		goto out;
	r = aa_sms_reply_json(rep, 200, j);
out:
	json_decref(last);
	json_decref(bt);
	json_decref(by);
	return r;
}
