/*
 * Internals of sms-sim shared by its files (not for other modules).
 */
#ifndef AA_SMS_SIM_H
#define AA_SMS_SIM_H

#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "auth-audit/engine/extract.h"
#include "sms-sim/sim/country.h"
#include "sms-sim/sim/form.h"
#include "sms-sim/sim/smssim.h"

#define AA_SMS_BODY_MAX 1600   /* characters, as Twilio */
#define AA_SMS_FROM_MAX 32
#define AA_SMS_CODE_MAX 16
#define AA_SMS_MAX_COUNTRIES 320

struct aa_sms_msg {
	char id[40];
	char api[8];
	char to[AA_SMS_E164_MAX + 1];
	char from[AA_SMS_FROM_MAX + 1];
	char *body;
	char code[AA_SMS_CODE_MAX + 1];
	char iso[3];
	enum aa_phone_type type;  /* line type (libphonenumber) */
	int valid;                /* a valid number of iso */
	int segments;
	double cost;
	time_t at;
	unsigned long long seq;
};

struct aa_sms_cstat {
	char iso[3];
	unsigned long long count;
	double cost;
};

#define AA_SMS_LAST_REJ 8

struct aa_sms_sim {
	struct aa_sms_prices *prices;
	struct aa_regex *code_re;        /* read-only once built */
	int allow_remote;
	int strict;
	unsigned threads;
	unsigned long long salt;

	pthread_mutex_t mu;              /* guards everything below */
	struct aa_sms_msg **ring;        /* inbox, oldest first from head */
	size_t ring_cap, ring_head, ring_len;
	unsigned long long seq;
	unsigned long long accepted, rejected, segments_total;
	unsigned long long by_api[3];    /* twilio, vonage, kannel */
	double cost_total;
	/* The last rejections, for GET /stats: a target whose texts never
	 * arrive is told why (an account id format, missing credentials). */
	struct { char api[8]; char why[120]; } last_rej[AA_SMS_LAST_REJ];
	size_t nrej;                     /* rejections recorded, ever */
	struct aa_sms_cstat countries[AA_SMS_MAX_COUNTRIES];
	size_t ncountries;
	unsigned long long by_type[AA_PHONE_TYPE_COUNT];

	pthread_mutex_t log_mu;
	FILE *log;

	void *daemon;                    /* struct MHD_Daemon * */
	unsigned port;
};

/* What the providers render after an accepted send. */
struct aa_sms_accepted {
	char id[40];
	char to[AA_SMS_E164_MAX + 1];
	struct aa_sms_country country;
	int segments;
	double price;   /* per segment */
	double cost;
	time_t at;
};

/* Provider index for stats. */
enum { AA_SMS_API_TWILIO, AA_SMS_API_VONAGE, AA_SMS_API_KANNEL };

/*
 * Accept a message to a normalised E.164 number: classify, price, store,
 * log. AA_ERR_NOTFOUND when the country is unknown (unroutable).
 */
int aa_sms_sim_accept(struct aa_sms_sim *s, int api, const char *to,
    const char *from, const char *body, size_t len,
    struct aa_sms_accepted *out);
/* Count and log a rejected request (no message stored). */
void aa_sms_sim_reject(struct aa_sms_sim *s, int api, const char *why);
void aa_sms_log_line(struct aa_sms_sim *s, const char *api,
    const struct aa_sms_msg *m, const char *error);

/* Providers and local APIs; each fills rep (always a complete answer). */
int aa_sms_twilio_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    const char *account_sid, struct aa_sms_reply *rep);
int aa_sms_vonage_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep);
int aa_sms_kannel_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep);
int aa_sms_inbox_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep);
int aa_sms_stats_serve(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep);

/* Reply helpers: take ownership of a JSON value / copy a text. */
int aa_sms_reply_json(struct aa_sms_reply *rep, unsigned status, json_t *j);
/* The same from JSON text already written (malloc'd, taken over; NULL:
 * out of memory). */
int aa_sms_reply_json_text(struct aa_sms_reply *rep, unsigned status,
    char *text);
int aa_sms_reply_text(struct aa_sms_reply *rep, unsigned status,
    const char *text);

#endif
