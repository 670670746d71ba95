/*
 * The simulator's state: accept (classify, price, store, count, log),
 * code extraction, and the request router shared by the HTTP server, the
 * tests and the fuzzers.
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/core/file.h"
#include "sms-sim/sim/prices.h"
#include "sms-sim/sim/sim.h"

int
aa_sms_sim_new(const struct aa_sms_sim_opts *o, struct aa_sms_sim **out,
    struct aa_diag *diag)
{
	struct aa_sms_sim *s = NULL;
	const char *re = AA_SMS_DEFAULT_CODE_REGEX;
	char why[160];
	int r = AA_ERR_INTERNAL;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->log_mu, NULL);
	s->ring_cap = o != NULL && o->inbox_max > 0 ? o->inbox_max :
	    AA_SMS_INBOX_MAX;
	s->threads = o != NULL && o->threads > 0 ? o->threads : 4;
	s->allow_remote = o != NULL && o->allow_remote;
	s->strict = o != NULL && o->strict;
	s->salt = ((unsigned long long)time(NULL) << 20) ^
	    (unsigned long long)getpid();
	if (o != NULL && o->prices != NULL)
		s->prices = o->prices;
	else if ((r = aa_sms_prices_new(&s->prices)) != AA_OK)
		goto out;
	if ((s->ring = calloc(s->ring_cap, sizeof(*s->ring))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if (o != NULL && o->code_regex != NULL)
		re = o->code_regex;
	if (strlen(re) > 256) {
		r = aa_diag_set(diag, AA_ERR_ARG, "code regex too long");
		goto out;
	}
	if ((r = aa_regex_compile(&s->code_re, re, why, sizeof(why))) !=
	    AA_OK) {
		if (r != AA_ERR_NOMEM)
			r = aa_diag_set(diag, AA_ERR_ARG, "bad code regex "
			    "'%s': %s", re, why);
		goto out;
	}
	/* 0600 whatever the umask, never through a symlink. */
	if (o != NULL && o->log_path != NULL && (r = aa_file_open_append(
	    o->log_path, AA_FILE_MODE, &s->log)) != AA_OK) {
		r = aa_diag_set(diag, r, "%s: cannot open log%s", o->log_path,
		    r == AA_ERR_NOTREG ? " (a symlink, or not a regular file)" :
		    "");
		goto out;
	}
	*out = s;
	s = NULL;
	r = AA_OK;
out:
	if (s != NULL && o != NULL && o->prices == s->prices)
		s->prices = NULL; /* not stolen on failure */
	aa_sms_sim_free(&s);
	return r;
}

static void
msg_free(struct aa_sms_msg *m)
{
	if (m == NULL)
		return;
	if (m->body != NULL) {
		memset(m->body, 0, strlen(m->body));
		free(m->body);
	}
	memset(m, 0, sizeof(*m));
	free(m);
}

/* Defined in server.c. */
void aa_sms_server_stop(struct aa_sms_sim *s);

void
aa_sms_sim_free(struct aa_sms_sim **sp)
{
	struct aa_sms_sim *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	aa_sms_server_stop(s);
	if (s->ring != NULL)
		for (size_t i = 0; i < s->ring_cap; i++)
			msg_free(s->ring[i]);
	free(s->ring);
	aa_regex_free(&s->code_re);
	if (s->log != NULL)
		fclose(s->log);
	aa_sms_prices_free(&s->prices);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->log_mu);
	free(s);
	*sp = NULL;
}

unsigned
aa_sms_sim_port(const struct aa_sms_sim *s)
{
	return s != NULL ? s->port : 0;
}

unsigned long long
aa_sms_sim_accepted(const struct aa_sms_sim *s)
{
	unsigned long long n;

	pthread_mutex_lock((pthread_mutex_t *)&s->mu);
	n = s->accepted;
	pthread_mutex_unlock((pthread_mutex_t *)&s->mu);
	return n;
}

/* Segments of a text: GSM-7 (ASCII here) 160/153, else UCS-2 70/67. */
static int
segments(const char *body, size_t len)
{
	size_t n;
	int gsm = 1;

	for (size_t i = 0; i < len; i++)
		if ((unsigned char)body[i] >= 0x80) {
			gsm = 0;
			break;
		}
	n = gsm ? len : aa_sms_utf8_len(body, len);
	if (gsm)
		return n <= 160 ? 1 : (int)((n + 152) / 153);
	return n <= 70 ? 1 : (int)((n + 66) / 67);
}

/* Extract the OTP code of a body into out (may be empty). */
static void
sim_code(struct aa_sms_sim *s, const char *body, char *out, size_t outlen)
{
	struct aa_regex_span m;
	size_t len = strlen(body), at = 0;

	out[0] = '\0';
	if (s->code_re == NULL)
		return;
	/* First match that is not a slice of a longer digit run (a
	 * reference number is not a code). A limit hit means no code. */
	while (at <= len && aa_regex_match(s->code_re, body, len, at, &m) ==
	    AA_OK) {
		const char *b = body + m.gso, *e = body + m.geo;
		size_t n = e > b ? (size_t)(e - b) : 0;

		if (n > 0 && n < outlen &&
		    !(b > body && isdigit((unsigned char)b[-1]) &&
		    isdigit((unsigned char)b[0])) &&
		    !(isdigit((unsigned char)*e) && e > b &&
		    isdigit((unsigned char)e[-1]))) {
			memcpy(out, b, n);
			out[n] = '\0';
			return;
		}
		at = m.eo > m.so ? m.eo : m.so + 1;
	}
}

static struct aa_sms_cstat *
country_slot(struct aa_sms_sim *s, const char *iso)
{
	for (size_t i = 0; i < s->ncountries; i++)
		if (strcmp(s->countries[i].iso, iso) == 0)
			return &s->countries[i];
	if (s->ncountries >= AA_SMS_MAX_COUNTRIES)
		return NULL;
	memcpy(s->countries[s->ncountries].iso, iso, 3);
	return &s->countries[s->ncountries++];
}

/* Bounded string copy (a "%s" snprintf, without the format machinery:
 * every accepted send makes several). */
static void
copy(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* v as `digits` hex digits (lower or upper case) at out. */
static char *
hex(char *out, unsigned long long v, int digits, int upper)
{
	const char *d = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		out[i] = d[v & 15];
	return out + digits;
}

int
aa_sms_sim_accept(struct aa_sms_sim *s, int api, const char *to,
    const char *from, const char *body, size_t len,
    struct aa_sms_accepted *out)
{
	static const char *const names[] = { "twilio", "vonage", "kannel" };
	struct aa_sms_msg *m = NULL, *old = NULL;
	struct aa_sms_cstat *cs;
	int r = AA_ERR_INTERNAL;

	memset(out, 0, sizeof(*out));
	copy(out->to, sizeof(out->to), to);
	if (aa_sms_country_of(to, &out->country) != AA_OK) {
		r = AA_ERR_NOTFOUND;
		goto out;
	}
	out->segments = segments(body, len);
	out->price = aa_sms_price(s->prices, to, out->country.iso);
	out->cost = out->price * out->segments;
	out->at = time(NULL);
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->body = malloc(len + 1)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	memcpy(m->body, body, len);
	m->body[len] = '\0';
	copy(m->api, sizeof(m->api), names[api]);
	copy(m->to, sizeof(m->to), to);
	copy(m->from, sizeof(m->from), from != NULL ? from : "");
	memcpy(m->iso, out->country.iso, 3);
	m->type = out->country.type;
	m->valid = out->country.valid;
	m->segments = out->segments;
	m->cost = out->cost;
	m->at = out->at;
	sim_code(s, m->body, m->code, sizeof(m->code));

	pthread_mutex_lock(&s->mu);
	m->seq = ++s->seq;
	if (api == AA_SMS_API_VONAGE) /* %08llX%08llX */
		*hex(hex(m->id, s->salt & 0xffffffffULL, 8, 1), m->seq,
		    m->seq >> 32 ? 16 : 8, 1) = '\0';
	else { /* SM%016llx%016llx */
		m->id[0] = 'S';
		m->id[1] = 'M';
		*hex(hex(m->id + 2, s->salt, 16, 0), m->seq, 16, 0) = '\0';
	}
	if (s->ring_len == s->ring_cap) { /* full: forget the oldest */
		old = s->ring[s->ring_head];
		s->ring_head = (s->ring_head + 1) % s->ring_cap;
		s->ring_len--;
	}
	s->ring[(s->ring_head + s->ring_len) % s->ring_cap] = m;
	s->ring_len++;
	s->accepted++;
	s->by_api[api]++;
	s->segments_total += (unsigned long long)m->segments;
	s->cost_total += m->cost;
	s->by_type[(unsigned)m->type < AA_PHONE_TYPE_COUNT ? m->type :
	    AA_PHONE_UNKNOWN]++;
	if ((cs = country_slot(s, m->iso)) != NULL) {
		cs->count++;
		cs->cost += m->cost;
	}
	memcpy(out->id, m->id, sizeof(out->id));
	/* Log while m is certainly alive (the ring may drop it later). */
	aa_sms_log_line(s, names[api], m, NULL);
	pthread_mutex_unlock(&s->mu);
	m = NULL;
	r = AA_OK;
out:
	msg_free(old); /* outside the lock */
	msg_free(m);
	return r;
}

void
aa_sms_sim_reject(struct aa_sms_sim *s, int api, const char *why)
{
	static const char *const names[] = { "twilio", "vonage", "kannel" };

	pthread_mutex_lock(&s->mu);
	s->rejected++;
	snprintf(s->last_rej[s->nrej % AA_SMS_LAST_REJ].api,
	    sizeof(s->last_rej[0].api), "%s", names[api]);
	snprintf(s->last_rej[s->nrej % AA_SMS_LAST_REJ].why,
	    sizeof(s->last_rej[0].why), "%s", why != NULL ? why : "");
	s->nrej++;
	aa_sms_log_line(s, names[api], NULL, why);
	pthread_mutex_unlock(&s->mu);
}

/* Twilio's AccountSid path segment: AC + 32 hex digits. */
static int
twilio_path(const char *path, char *sid, size_t sidlen)
{
	static const char pre[] = "/2010-04-01/Accounts/";
	static const char suf[] = "/Messages.json";
	const char *p, *e;
	size_t n;

	if (strncmp(path, pre, sizeof(pre) - 1) != 0)
		return 0;
	p = path + sizeof(pre) - 1;
	if ((e = strchr(p, '/')) == NULL || strcmp(e, suf) != 0)
		return 0;
	n = (size_t)(e - p);
	if (n >= sidlen)
		n = sidlen - 1;
	memcpy(sid, p, n);
	sid[n] = '\0';
	return 1;
}

int
aa_sms_sim_handle(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep)
{
	char sid[64];

	memset(rep, 0, sizeof(*rep));
	if (twilio_path(rq->path, sid, sizeof(sid)))
		return aa_sms_twilio_serve(s, rq, sid, rep);
	if (strcmp(rq->path, "/sms/json") == 0)
		return aa_sms_vonage_serve(s, rq, rep);
	if (strcmp(rq->path, "/cgi-bin/sendsms") == 0)
		return aa_sms_kannel_serve(s, rq, rep);
	if (strcmp(rq->path, "/inbox") == 0)
		return aa_sms_inbox_serve(s, rq, rep);
	if (strcmp(rq->path, "/stats") == 0)
		return aa_sms_stats_serve(s, rq, rep);
	return aa_sms_reply_json(rep, 404, json_pack("{s:i,s:s,s:i}",
	    "code", 20404, "message", "The requested resource was not found",
	    "status", 404));
}

/* Replace rep's body with t (taken over; NULL = out of memory). */
static int
reply_set(struct aa_sms_reply *rep, unsigned status, const char *ctype,
    char *t)
{
	if (t == NULL)
		return AA_ERR_NOMEM;
	free(rep->body);
	rep->status = status;
	rep->ctype = ctype;
	rep->body = t;
	rep->len = strlen(t);
	return AA_OK;
}

int
aa_sms_reply_json(struct aa_sms_reply *rep, unsigned status, json_t *j)
{
	char *t;

	if (j == NULL)
		return AA_ERR_NOMEM;
	t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10));
	json_decref(j);
	return reply_set(rep, status, "application/json", t);
}

int
aa_sms_reply_json_text(struct aa_sms_reply *rep, unsigned status, char *text)
{
	return reply_set(rep, status, "application/json", text);
}

int
aa_sms_reply_text(struct aa_sms_reply *rep, unsigned status, const char *text)
{
	return reply_set(rep, status, "text/plain", strdup(text));
}

void
aa_sms_reply_release(struct aa_sms_reply *rep)
{
	if (rep == NULL)
		return;
	free(rep->body);
	memset(rep, 0, sizeof(*rep));
}
