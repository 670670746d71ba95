/*
 * auth-lab SMS module: a login / phone-enrollment code sent through
 * sms-sim's Twilio API (--sms-api), and the send controls an SMS-pumping
 * attacker meets. Hardened: 6-digit codes valid 5 minutes, one valid at a
 * time, single use, lockout after 5 wrong codes that a resend does not
 * reset; sends only after the password step; at most 5 sends per number
 * per 10 minutes (--sms-window); for numbers other than the account's
 * own phone also at most 5 per session and 3 distinct numbers per
 * 100-number block per window, and only to the served region (+1
 * numbers, the lab's stand-in for the US); --sms-per-account N adds a
 * limit of N such sends per account across its sessions. A send refused
 * for a limit is
 * a 429 whose Retry-After says when the oldest send that counts leaves
 * the window. Every weakness is switched on by the ID of the check that
 * must detect it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "tests/lab/lab.h"

#define E164_MAX 16         /* "+" and at most 15 digits */
#define PER_NUMBER 5
#define PER_SESSION 5
#define PER_BLOCK 3         /* distinct numbers of one 100-block */
#define CODES_KEPT 5        /* SMS-OTP-WEAK: several codes stay valid */
#define TRACKED 512         /* numbers with send history */
#define HIST 16

struct code {
	char digits[9];
	time_t issued;
	int used;
};

struct user_codes {
	struct code c[CODES_KEPT];
	size_t n;
};

struct number_hist {
	char phone[E164_MAX + 1];
	time_t at[HIST];
	size_t n;
};

struct sess_hist {
	time_t at[HIST];
	size_t n;
};

/* Seconds of every send limit (lab->sms_window, set at start). */
static time_t window = 600;
/* Sends to chosen numbers per account (--sms-per-account, 0: none). */
static struct sess_hist acct_sent[LAB_MAX_USERS];

static struct user_codes codes[LAB_MAX_USERS];
static struct number_hist numbers[TRACKED];
static size_t nnumbers;

static int
pumping_open(const struct lab *lab, const char *id)
{
	return lab_weak(lab, id) || lab_weak(lab, "SMS-PUMPING-EXPOSURE");
}

/* Sends within the window, from a timestamp history. */
static size_t
recent(const time_t *at, size_t n, time_t now)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (now - at[i] < window)
			k++;
	return k;
}

static void
push(time_t *at, size_t *n, time_t now)
{
	if (*n == HIST) {
		memmove(at, at + 1, (HIST - 1) * sizeof(*at));
		(*n)--;
	}
	at[(*n)++] = now;
}

static struct number_hist *
hist_of(const char *phone)
{
	for (size_t i = 0; i < nnumbers; i++)
		if (strcmp(numbers[i].phone, phone) == 0)
			return &numbers[i];
	if (nnumbers == TRACKED) { /* forget the oldest entry */
		memmove(numbers, numbers + 1, (TRACKED - 1) * sizeof(*numbers));
		nnumbers--;
	}
	memset(&numbers[nnumbers], 0, sizeof(numbers[0]));
	snprintf(numbers[nnumbers].phone, sizeof(numbers[0].phone), "%s",
	    phone);
	return &numbers[nnumbers++];
}

/* Distinct numbers of phone's 100-block sent to within the window. */
static size_t
block_numbers(const char *phone, time_t now)
{
	size_t len = strlen(phone), k = 0;

	for (size_t i = 0; i < nnumbers; i++)
		if (strlen(numbers[i].phone) == len &&
		    strncmp(numbers[i].phone, phone, len - 2) == 0 &&
		    strcmp(numbers[i].phone, phone) != 0 &&
		    recent(numbers[i].at, numbers[i].n, now) > 0)
			k++;
	return k;
}

static struct sess_hist *
sess_hist(struct lab_session *s)
{
	if (s->ext[LAB_EXT_SMS] == NULL)
		s->ext[LAB_EXT_SMS] = calloc(1, sizeof(struct sess_hist));
	return s->ext[LAB_EXT_SMS];
}

static size_t
discard(char *p, size_t sz, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return sz * n;
}

/* POST the text to sms-sim's Twilio Messages endpoint; 0 on a 201. */
static int
twilio_send(const struct lab *lab, const char *to, const char *body)
{
	static const char sid[] = "AC00000000000000000000000000000000";
	char url[512], *eto = NULL, *ebody = NULL, *form = NULL;
	CURL *c;
	long status = 0;
	int r = -1;

	if ((c = curl_easy_init()) == NULL)
		return -1;
	snprintf(url, sizeof(url), "%s/2010-04-01/Accounts/%s/Messages.json",
	    lab->sms_api, sid);
	eto = curl_easy_escape(c, to, 0);
	ebody = curl_easy_escape(c, body, 0);
	if (eto == NULL || ebody == NULL ||
	    (form = malloc(strlen(eto) + strlen(ebody) + 64)) == NULL)
		goto out;
	sprintf(form, "To=%s&From=%%2B15005550006&Body=%s", eto, ebody);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_USERNAME, sid);
	curl_easy_setopt(c, CURLOPT_PASSWORD, "lab-auth-token");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
	if (curl_easy_perform(c) == CURLE_OK &&
	    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
	    status == 201)
		r = 0;
out:
	free(form);
	curl_free(eto);
	curl_free(ebody);
	curl_easy_cleanup(c);
	return r;
}

/* "+" and 8..15 digits, no leading zero (E.164). */
static int
e164_valid(const char *s)
{
	size_t n;

	if (s == NULL || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (n = 1; s[n] != '\0'; n++)
		if (s[n] < '0' || s[n] > '9')
			return 0;
	return n - 1 >= 8 && n - 1 <= 15;
}

/* The served region: the North American plan (+1 and ten digits), the
 * lab's stand-in for the profiles' served_countries ["US"]. */
static int
served(const char *phone)
{
	return strncmp(phone, "+1", 2) == 0 && strlen(phone) == 12;
}

static void
new_code(const struct lab *lab, struct lab_user *u, char *out)
{
	int weak = lab_weak(lab, "SMS-OTP-WEAK");
	struct user_codes *uc;
	unsigned char b[4];
	unsigned v;

	lab_rand_bytes(b, sizeof(b));
	v = (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 |
	    b[3];
	snprintf(out, 9, weak ? "%04u" : "%06u", v % (weak ? 10000u :
	    1000000u));
	if (u == NULL)
		return; /* anonymous send: nothing can verify it */
	uc = &codes[u->idx];
	if (!weak)
		uc->n = 0; /* one valid code at a time */
	else if (uc->n == CODES_KEPT) {
		memmove(uc->c, uc->c + 1, (CODES_KEPT - 1) * sizeof(uc->c[0]));
		uc->n--;
	}
	snprintf(uc->c[uc->n].digits, sizeof(uc->c[0].digits), "%s", out);
	uc->c[uc->n].issued = lab_now();
	uc->c[uc->n].used = 0;
	uc->n++;
	/* SMS-OTP-WEAK: a resend forgives the wrong codes so far. */
	if (weak && !u->lock[LAB_F_SMS].locked)
		u->lock[LAB_F_SMS].fails = 0;
}

/* A 429 for a limit, with when the oldest send in `at` that counts
 * leaves the window (at == NULL: the whole window). */
static int
refuse_rate(struct lab *lab, struct lab_resp *rs, const time_t *at,
    size_t n, time_t now)
{
	time_t oldest = now;
	char v[24];

	for (size_t i = 0; at != NULL && i < n; i++)
		if (now - at[i] < window && at[i] < oldest)
			oldest = at[i];
	snprintf(v, sizeof v, "%ld", (long)(oldest + window - now > 0 ?
	    oldest + window - now : 1));
	lab_resp_header(rs, "Retry-After", v);
	return lab_reply_error(lab, rs, LAB_E_RATE);
}

static int
sms_send(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	const char *phone = lab_in_str(lab, rq, "phone");
	struct lab_user *u = rq->user;
	struct number_hist *nh;
	struct sess_hist *sh = NULL;
	time_t now = lab_now();
	char code[9], body[128];
	int own;
	json_t *extra;

	if (lab->sms_api == NULL)
		return lab_reply_error(lab, rs, LAB_E_UNAVAILABLE);
	if (rq->sess == NULL && !lab_weak(lab, "SMS-ANON-TRIGGER"))
		return lab_reply_error(lab, rs, LAB_E_AUTH);
	if ((phone == NULL || *phone == '\0') && u != NULL)
		phone = u->phone;
	if (phone == NULL || !e164_valid(phone))
		return lab_reply_error(lab, rs, LAB_E_BAD_REQUEST);
	own = u != NULL && strcmp(phone, u->phone) == 0;
	nh = hist_of(phone);
	if (!pumping_open(lab, "SMS-RATE-NUMBER") &&
	    recent(nh->at, nh->n, now) >= PER_NUMBER)
		return refuse_rate(lab, rs, nh->at, nh->n, now);
	/* Pumping controls: destinations the caller chose. */
	if (!own) {
		if (!pumping_open(lab, "SMS-GEO") && !served(phone))
			return lab_reply_error(lab, rs, LAB_E_FORBIDDEN);
		if (!pumping_open(lab, "SMS-SEQUENTIAL") &&
		    recent(nh->at, nh->n, now) == 0 &&
		    block_numbers(phone, now) >= PER_BLOCK)
			return refuse_rate(lab, rs, NULL, 0, now);
		if (rq->sess != NULL && (sh = sess_hist(rq->sess)) == NULL)
			return lab_reply_error(lab, rs, LAB_E_INTERNAL);
		if (sh != NULL && !pumping_open(lab, "SMS-RATE-CLIENT") &&
		    recent(sh->at, sh->n, now) >= PER_SESSION)
			return refuse_rate(lab, rs, sh->at, sh->n, now);
		/* Across sessions, like express-rate-limit keyed by user. */
		if (u != NULL && lab->sms_per_account > 0 &&
		    recent(acct_sent[u->idx].at, acct_sent[u->idx].n, now) >=
		    lab->sms_per_account)
			return refuse_rate(lab, rs, acct_sent[u->idx].at,
			    acct_sent[u->idx].n, now);
	}
	new_code(lab, u, code);
	snprintf(body, sizeof(body), "Your auth-lab code is %s. It expires in "
	    "%d minutes.", code, lab_weak(lab, "SMS-OTP-WEAK") ? 30 : 5);
	if (twilio_send(lab, phone, body) != 0) {
		memset(code, 0, sizeof(code));
		return lab_reply_error(lab, rs, LAB_E_UNAVAILABLE);
	}
	push(nh->at, &nh->n, now);
	if (sh != NULL)
		push(sh->at, &sh->n, now);
	if (!own && u != NULL)
		push(acct_sent[u->idx].at, &acct_sent[u->idx].n, now);
	extra = json_pack("{s:b}", "sent", 1);
	if (extra != NULL && lab_weak(lab, "SMS-CODE-LEAK"))
		json_object_set_new(extra, "debug_code", json_string(code));
	memset(code, 0, sizeof(code));
	return lab_reply_ok(lab, rs, extra);
}

/* A code sent to u is valid: unexpired, unused (SMS-REPLAY: reusable). */
static int
code_ok(struct lab *lab, struct lab_user *u, const char *in, void *ctx)
{
	struct user_codes *uc = &codes[u->idx];
	time_t ttl = lab_weak(lab, "SMS-OTP-WEAK") ? 1800 : 300;
	int hit = 0;

	(void)ctx;
	for (size_t i = 0; i < uc->n; i++) {
		struct code *c = &uc->c[i];

		if (c->used || lab_now() - c->issued > ttl ||
		    strlen(in) != strlen(c->digits) ||
		    !lab_ct_streq(in, c->digits))
			continue;
		if (!lab_weak(lab, "SMS-REPLAY"))
			c->used = 1;
		hit = 1;
		break;
	}
	if (hit)
		lab_user_factor_enable(u, LAB_F_SMS);
	return hit;
}

static int
sms_verify(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_code_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.factor = LAB_F_SMS;
	spec.verify = code_ok;
	spec.max_fails = lab_weak(lab, "SMS-BRUTEFORCE") ? 0 : LAB_LOCK_AFTER;
	/* Enrolling a phone (no login pending) needs no enabled factor. */
	spec.skip_enabled = rq->sess != NULL &&
	    rq->sess->state != LAB_SESS_PENDING;
	return lab_second_factor(lab, rq, rs, &spec);
}

static void
sms_factor_disabled(struct lab *lab, struct lab_user *u, enum lab_factor f)
{
	(void)lab;
	if (f == LAB_F_SMS)
		memset(&codes[u->idx], 0, sizeof(codes[0]));
}

static void
sms_session_end(struct lab *lab, struct lab_session *s)
{
	(void)lab;
	free(s->ext[LAB_EXT_SMS]);
	s->ext[LAB_EXT_SMS] = NULL;
}

static void
sms_fini(struct lab *lab)
{
	(void)lab;
	memset(codes, 0, sizeof(codes));
	memset(acct_sent, 0, sizeof(acct_sent));
	nnumbers = 0;
}

static int
sms_init(struct lab *lab)
{
	window = (time_t)lab->sms_window;
	return 0;
}

static const struct lab_route routes[] = {
	{ "POST", "/api/2fa/sms/send", "/account/2fa/sms/request", sms_send },
	{ "POST", "/api/2fa/sms/verify", "/account/2fa/sms/confirm",
	    sms_verify },
};

const struct lab_module lab_mod_sms = {
	.name = "sms",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.init = sms_init,
	.fini = sms_fini,
	.on_factor_disabled = sms_factor_disabled,
	.on_session_end = sms_session_end,
};
