/*
 * Internal interface of the "sms" audit module (SMS-* checks), run live
 * through the profile's sms_send / sms_verify steps with sms-sim as the
 * target's SMS provider. Module state lives in a->mod_state[AA_SLOT_SMS].
 *
 * Safety: every send is counted against limits.max_sms; the inbox URL must
 * pass aa_http_url_allowed() (loopback or --authorized-target); and no
 * text goes to a number that is not a test account's own before a code
 * sent to account 0's phone was seen in the inbox (the delivery proof),
 * so an audit never makes a real provider send to a number we chose.
 */
#ifndef AA_SMS_LIVE_H
#define AA_SMS_LIVE_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/engine/extract.h"
#include "sms-sim/sim/country.h"

#define AA_SMS_WINDOW_MIN 10   /* minutes of the rate thresholds */
#define AA_SMS_RATE_PROBE 6    /* > 5 sends to one number: SMS-RATE-NUMBER */
#define AA_SMS_CLIENT_PROBE 8  /* numbers in one session: SMS-RATE-CLIENT */
#define AA_SMS_SEQ_PROBE 6     /* consecutive numbers: SMS-SEQUENTIAL */
#define AA_SMS_GEO_PROBE 2     /* high-cost countries probed: SMS-GEO */

/* Result of one send probe series. */
struct aa_sms_meas {
	int done;        /* 1 measured, -1 could not run (why) */
	unsigned tried;  /* sends attempted */
	unsigned served; /* texts that reached the inbox */
	unsigned lost;   /* sends the service accepted that never arrived */
	unsigned sent_by; /* accounts (mask) whose sessions got a text out */
	long first_status; /* HTTP status of the first send */
	size_t first_acct; /* whose session or number it went through */
	unsigned first_prior; /* texts that account had cost before it */
	int control;     /* GEO, ANON: a served, logged-in send arrived; SEQ:
	                    after the cut-off, a number far from the block
	                    went out through the same route (1) */
	int straddled;   /* NUMBER: the burst crossed a whole clock minute */
	unsigned spent_accts; /* SEQ: accounts whose own allowance ran out
	                         before the block did */
	double first_retry_s; /* the first send's 429 said when to come
	                         back (s); 0 when it did not */
	double waited_s; /* the probe waited out a spent allowance (once) */
	int wait_past_budget; /* it would have, but the wait would cross
	                         limits.max_seconds */
	char why[320];
	json_t *ev;      /* evidence object (owned) */
};

struct aa_sms_acct {
	int bootstrapped;  /* a code was sent, read and verified */
	int enrolled;      /* sms_verify accepted it */
	aa_secret_t *code; /* last code read for this account */
	/* The budget of its number, shared by every check that texts it
	 * (as few as 3 per 10 minutes on some services). */
	unsigned sent;     /* texts to its number this run */
	unsigned texts;    /* sends in its sessions, to any number (a
	                      limit per account counts these) */
	long refused;      /* a send to it did not arrive: 0, else the
	                      HTTP status of that send (the limit is spent) */
	time_t back_at;    /* refused with a 429 that said when to come
	                      back: then its allowance is new (0 unknown) */
};

struct aa_sms_live {
	int init;
	struct aa_sms_sim *sim;     /* in-process sms-sim, or NULL */
	char inbox[256];            /* base URL of the inbox API */
	char why[256];              /* why SMS checks cannot run ("" = can) */
	int proof;                  /* -1 not tried, 0 failed, 1 proven */
	unsigned long sends;
	int measuring;              /* a limit is measured: a 429 is the
	                               answer, never waited out */
	int spreading;              /* login texts of a check that moves to
	                               another account's number on a 429 */
	int login_seen;             /* a login text was read: leak, digits
	                               and expiry learnt from it */
	struct aa_regex *re;        /* sms.code_regex (NULL: unusable) */
	struct aa_sms_acct acct[AA_MAX_ACCOUNTS];
	unsigned per_number_seen;   /* a number was refused after this many
	                               texts (0: not seen) */
	/* From the delivery proof (account 0's first code). */
	json_t *proof_ev;
	int leak;                   /* the code was in the send response */
	char leak_where[64];
	size_t digits;
	int expiry_min;             /* stated in the text; -1 unknown */
	/* Measurements. */
	struct aa_sms_meas number, client, seq, geo, anon;
	char geo_open[AA_SMS_GEO_PROBE][3];
	size_t ngeo_open;
	/* Brute force (locking phase). */
	int brute_done;             /* 1 ran, -1 could not */
	int brute_locked;           /* correct code refused afterwards */
	unsigned brute_wrong;       /* wrong codes sent */
	unsigned brute_change_at;   /* first wrong answer that differed; 0 none */
	char brute_why[320];
	int brute_untested;         /* a precondition failed: no error */
	json_t *brute_ev;
	int weak_several;           /* -1 unknown, 0 no, 1 two codes valid */
	int weak_resend;            /* -1 unknown, 0 no, 1 resend resets */
	int in_bootstrap;           /* the SMS provider stands aside */
	aa_secret_t *login_code;    /* completed a login, not yet replayed */
	size_t login_acct;          /* whose login it completed */
	size_t brute_acct;          /* whose code was guessed */
	char several_why[320];      /* why the two-codes probe did not run */
	json_t *weak_ev;
};

/* check_rate.c: whether a measurement can bear a verdict (the probe ran
 * and a send worked in its conditions: its first text, or the control of
 * a refused GEO/ANON probe; for a SEQ block cut off part-way, a number far
 * from it still served); else why not. */
int aa_sms_meas_taught(struct aa_audit *a, const struct aa_sms_meas *m,
    char *why, size_t whylen);

/* live.c */
extern const struct aa_module aa_sms_module;
struct aa_sms_live *aa_sms_live(struct aa_audit *a);
void aa_sms_live_free(void *L);
/* The profile and module allow SMS (steps, a phone, an inbox): nothing
 * is sent. */
int aa_sms_configured(struct aa_audit *a, const char **why);
/* AA_OK when the inbox is usable and delivery proven (one text sent to
 * account 0's phone the first time). */
int aa_sms_ready(struct aa_audit *a, int foreign, const char **why);
/* A new session of account i past the login step (caller frees). */
int aa_sms_fresh(struct aa_audit *a, size_t i, int login,
    struct aa_session **out);
/*
 * Run sms_send to `phone` in s; *arrived = 1 when a new text for phone
 * reached the inbox (its code, if any, in *code). trail (may be NULL)
 * gets the redacted step evidence.
 */
int aa_sms_send(struct aa_audit *a, struct aa_session *s, const char *phone,
    int *arrived, aa_secret_t **code, json_t *trail,
    struct aa_step_result *keep);
/* Run sms_verify with `code` in s; *accepted per the step's ok rule. */
int aa_sms_verify(struct aa_audit *a, struct aa_session *s, const char *code,
    int *accepted, json_t *trail);
/* The same through another step: "sms_enroll" + "sms_confirm" enrol a
 * number the client chooses. */
int aa_sms_send_step(struct aa_audit *a, struct aa_session *s,
    const char *step, const char *phone, int *arrived, aa_secret_t **code,
    json_t *trail, struct aa_step_result *keep);
int aa_sms_verify_step(struct aa_audit *a, struct aa_session *s,
    const char *step, const char *code, int *accepted, json_t *trail);
/* Enrol account i's phone through sms_enroll + sms_confirm in the full
 * session s (proves delivery for account 0). */
int aa_sms_enroll_steps(struct aa_audit *a, size_t i, struct aa_session *s,
    char *why, size_t whylen);
/* check_code.c: the account for `need` more login texts (see there),
 * not in the mask avoid; SIZE_MAX and why when none is left. */
size_t aa_sms_login_acct(struct aa_audit *a, unsigned need, unsigned avoid,
    char *why, size_t whylen);
/* Complete the pending login in s with a code texted to account i, then
 * `protected`: *granted marks account i's SMS login proved in this run
 * (the positive control of the lockout probes). */
int aa_sms_prove(struct aa_audit *a, size_t i, struct aa_session *s,
    const char *code, int *granted, json_t *trail);
/* How many texts account i has cost so far (its number's, its own). */
unsigned aa_sms_acct_cost(const struct aa_sms_live *L, size_t i);
/* Account 0 (and i) bootstrapped: proof, leak, digits, expiry, enrolment. */
int aa_sms_bootstrap(struct aa_audit *a, size_t i);
/* The first login text read (any account): what its send answer and its
 * body tell about the code (leak, length, stated validity). */
void aa_sms_first_text(struct aa_audit *a, const char *phone,
    const struct aa_step_result *res, const char *code, const char *body);

/* inbox_client.c: the inbox API's answer, an array of texts {seq
 * (integer), body (string), ...}; entries without those are dropped. */
int aa_sms_inbox_parse(const char *p, size_t n, json_t **out);
/* GET base/inbox?to=phone, parsed as above (new ref). */
int aa_sms_inbox_get(const char *base, const char *phone, long timeout_ms,
    json_t **out);
/* Why texts did not arrive at phone, from sms-sim's GET /stats: its
 * rejections (an account id format, missing credentials), that nothing
 * came, or that texts came to other numbers; then phone's earlier texts
 * in the inbox tell whether a spent send limit may be the cause. */
int aa_sms_rejections(const char *base, const char *phone, long timeout_ms,
    char *why, size_t whylen);
/* The same from a /stats answer already read (at most 64 KiB); why is
 * left as it was when the answer names no rejection or acceptance;
 * *elsewhere is 1 when texts were accepted and none was refused. */
int aa_sms_rejections_parse(const char *p, size_t n, char *why,
    size_t whylen, int *elsewhere);

/* numbers.c: test destinations. */
/* Number `k` of family f in a served country (US, else CA, 555-01XX; GB
 * Ofcom drama range); families sit in different 100-blocks. */
enum aa_sms_family { AA_SMS_FAM_NUMBER, AA_SMS_FAM_CLIENT, AA_SMS_FAM_SEQ,
    AA_SMS_FAM_ANON, AA_SMS_FAM_CONTROL };
int aa_sms_test_number(const struct aa_profile *p, enum aa_sms_family f,
    unsigned k, char *out, size_t outlen);
/* The i-th high-cost country not served (ISO and a valid mobile number
 * there). */
int aa_sms_geo_number(const struct aa_profile *p, size_t i, char iso[3],
    char *out, size_t outlen);

/* check_code.c / check_rate.c / check_pump.c */
void aa_sms_leak(struct aa_audit *a);
void aa_sms_replay(struct aa_audit *a);
void aa_sms_measure_several(struct aa_audit *a);
void aa_sms_measure_brute(struct aa_audit *a);
void aa_sms_measure_resend(struct aa_audit *a);
void aa_sms_brute(struct aa_audit *a);
void aa_sms_weak(struct aa_audit *a);
void aa_sms_measure(struct aa_audit *a, struct aa_sms_meas *m);
void aa_sms_rate(struct aa_audit *a, enum aa_check_id id,
    struct aa_sms_meas *m);
void aa_sms_pumping(struct aa_audit *a);

/* module.c: the factor and the check functions checks.def names. */
extern const struct aa_factor_impl aa_sms_factor;
aa_check_fn aa_sms_check_leak;
aa_check_fn aa_sms_check_replay;
aa_check_fn aa_sms_check_weak;
aa_check_fn aa_sms_check_brute;
aa_check_fn aa_sms_check_rate_number;
aa_check_fn aa_sms_check_rate_client;
aa_check_fn aa_sms_check_sequential;
aa_check_fn aa_sms_check_geo;
aa_check_fn aa_sms_check_anon;
aa_check_fn aa_sms_check_pumping;

#endif
