/*
 * sms-sim: a simulated SMS provider. It answers the Twilio, Vonage and
 * Kannel send APIs, classifies and prices each destination, keeps every
 * accepted text in an inbox the auditor reads codes from, and counts
 * messages and cost per country. It never forwards anything: an accepted
 * message only ever reaches the inbox (docs/SMS-SIM.md).
 */
#ifndef AA_SMS_SMSSIM_H
#define AA_SMS_SMSSIM_H

#include <stddef.h>

#include "auth-audit/core/err.h"

struct aa_sms_prices;
struct aa_sms_sim;

#define AA_SMS_DEFAULT_CODE_REGEX "[0-9]{4,8}"
#define AA_SMS_INBOX_MAX 100000
/* Connections: at most this many in all and from one address; an idle
 * one is closed after AA_SMS_IDLE_S seconds (docs/auth-audit-sms-sim.1). */
#define AA_SMS_CONN_MAX 1000
#define AA_SMS_CONN_PER_IP 64
#define AA_SMS_IDLE_S 10

struct aa_sms_sim_opts {
	struct aa_sms_prices *prices; /* stolen; NULL = built-in tiers */
	const char *log_path;         /* JSONL log (codes redacted) or NULL */
	const char *code_regex;       /* PCRE2 (extract.h); group 1 if any */
	size_t inbox_max;             /* messages kept; 0 = AA_SMS_INBOX_MAX */
	int allow_remote;             /* permit a non-loopback listen address */
	int strict;                   /* the providers' real account id and
	                                 credential formats; by default any
	                                 (staging configs carry placeholders) */
	unsigned threads;             /* server threads; 0 = 4 */
};

int aa_sms_sim_new(const struct aa_sms_sim_opts *o, struct aa_sms_sim **out,
    struct aa_diag *diag);
/* Stops the server if running, closes the log. NULL-safe. */
void aa_sms_sim_free(struct aa_sms_sim **sp);
/*
 * Serve HTTP on host:port (IPv4 literal or "localhost"; port 0 picks a
 * free one). Non-loopback hosts give AA_ERR_DENIED unless allow_remote.
 */
int aa_sms_sim_listen(struct aa_sms_sim *s, const char *host, unsigned port,
    struct aa_diag *diag);
/* The bound port after aa_sms_sim_listen(), else 0. */
unsigned aa_sms_sim_port(const struct aa_sms_sim *s);

/* One HTTP request as the providers see it (also used by tests/fuzzers). */
struct aa_sms_req {
	const char *method;
	const char *path;      /* without the query */
	const char *query;     /* raw query string or NULL */
	const char *ctype;     /* Content-Type or NULL */
	const char *body;
	size_t body_len;
	int body_too_big;      /* the body was cut at the size limit */
	const char *auth_user; /* HTTP Basic user or NULL */
	const char *auth_pass;
};

struct aa_sms_reply {
	unsigned status;
	const char *ctype;
	char *body;            /* malloc'd */
	size_t len;
};

/* Answer one request (routing, providers, inbox, stats). */
int aa_sms_sim_handle(struct aa_sms_sim *s, const struct aa_sms_req *rq,
    struct aa_sms_reply *rep);
void aa_sms_reply_release(struct aa_sms_reply *rep);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* Accepted messages so far (exact). */
unsigned long long aa_sms_sim_accepted(const struct aa_sms_sim *s);
#endif

#endif
