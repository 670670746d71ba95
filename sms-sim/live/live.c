/*
 * The "sms" audit module: state, sends through the profile, the inbox,
 * the delivery proof and the second-factor provider. The checks live in
 * check_code.c, check_rate.c and check_pump.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/engine/extract.h"
#include "auth-audit/engine/session.h"
#include "sms-sim/live/live.h"
#include "sms-sim/sim/smssim.h"

#define INBOX_TIMEOUT_MS 3000
#define ARRIVAL_WAIT_MS 3000  /* a send the target accepted */
#define POLL_MS 100

static void
meas_free(struct aa_sms_meas *m)
{
	json_decref(m->ev);
	m->ev = NULL;
}

void
aa_sms_live_free(void *p)
{
	struct aa_sms_live *L = p;

	if (L == NULL)
		return;
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++)
		aa_secret_free(&L->acct[i].code);
	aa_secret_free(&L->login_code);
	aa_regex_free(&L->re);
	meas_free(&L->number);
	meas_free(&L->client);
	meas_free(&L->seq);
	meas_free(&L->geo);
	meas_free(&L->anon);
	json_decref(L->proof_ev);
	json_decref(L->brute_ev);
	json_decref(L->weak_ev);
	aa_sms_sim_free(&L->sim);
	free(L);
}

/* Inbox: the profile's running sms-sim, else one started in-process. */
static void
live_setup(struct aa_audit *a, struct aa_sms_live *L)
{
	const struct aa_profile *p = a->profile;
	const json_t *sms = json_object_get(p->root, "sms");
	const char *listen = json_string_value(json_object_get(sms, "listen"));
	struct aa_diag d = { "" };
	char why[128];
	unsigned port = 0;

	L->proof = -1;
	L->expiry_min = -1;
	L->weak_several = L->weak_resend = -1;
	/* The profile loader compiled it already; NULL leaves it unusable. */
	aa_regex_compile(&L->re, p->sms_code_regex != NULL ?
	    p->sms_code_regex : "\\b(\\d{4,8})\\b", why, sizeof(why));
	if (p->sms_inbox != NULL) {
		snprintf(L->inbox, sizeof(L->inbox), "%s", p->sms_inbox);
		while (L->inbox[0] != '\0' &&
		    L->inbox[strlen(L->inbox) - 1] == '/')
			L->inbox[strlen(L->inbox) - 1] = '\0';
		if (aa_http_url_allowed(a->http, L->inbox) != AA_OK)
			snprintf(L->why, sizeof(L->why), "sms.inbox %.160s is not "
			    "loopback and not authorized (--authorized-target)",
			    L->inbox);
		return;
	}
	/* "sms": {"listen": "127.0.0.1:PORT"} fixes the in-process port so
	 * the target can be configured with it beforehand. */
	if (listen != NULL && strncmp(listen, "127.0.0.1:", 10) == 0)
		port = (unsigned)strtoul(listen + 10, NULL, 10);
	if (aa_sms_sim_new(NULL, &L->sim, &d) != AA_OK ||
	    aa_sms_sim_listen(L->sim, "127.0.0.1", port, &d) != AA_OK) {
		snprintf(L->why, sizeof(L->why), "cannot start sms-sim: %.200s",
		    d.msg);
		return;
	}
	snprintf(L->inbox, sizeof(L->inbox), "http://127.0.0.1:%u",
	    aa_sms_sim_port(L->sim));
}

struct aa_sms_live *
aa_sms_live(struct aa_audit *a)
{
	struct aa_sms_live *L = aa_audit_state(a, &aa_sms_module,
	    sizeof(struct aa_sms_live));

	if (L != NULL && !L->init) {
		L->init = 1;
		live_setup(a, L);
	}
	return L;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Highest seq in the inbox for phone (0 if none); -1 on error. */
static long long
inbox_mark(struct aa_sms_live *L, const char *phone)
{
	json_t *arr = NULL, *m;
	long long best = 0;
	size_t i;

	if (aa_sms_inbox_get(L->inbox, phone, INBOX_TIMEOUT_MS, &arr) != AA_OK)
		return -1;
	json_array_foreach(arr, i, m) {
		long long s = json_integer_value(json_object_get(m, "seq"));

		if (s > best)
			best = s;
	}
	json_decref(arr);
	return best;
}

/* The first text for phone newer than mark: its body (copy) or NULL. */
static char *
inbox_new(struct aa_sms_live *L, const char *phone, long long mark)
{
	json_t *arr = NULL, *m;
	char *body = NULL;
	size_t i;

	if (aa_sms_inbox_get(L->inbox, phone, INBOX_TIMEOUT_MS, &arr) != AA_OK)
		return NULL;
	json_array_foreach(arr, i, m) {
		const char *b = json_string_value(json_object_get(m, "body"));
		long long s = json_integer_value(json_object_get(m, "seq"));

		if (s > mark && b != NULL) {
			body = strdup(b);
			break;
		}
	}
	json_decref(arr);
	return body;
}

int
aa_sms_fresh(struct aa_audit *a, size_t i, int login, struct aa_session **out)
{
	struct aa_step_result res;
	int r;

	memset(&res, 0, sizeof(res));
	if ((r = aa_session_new(a->http, a->profile, i, out)) != AA_OK)
		return r;
	if (!login)
		return AA_OK;
	r = aa_flow_step(*out, "login", NULL, &res);
	if (r == AA_OK && !res.accepted)
		r = AA_ERR_HTTP;
	aa_step_result_release(&res);
	if (r != AA_OK)
		aa_session_free(out);
	return r;
}

/* The test account whose number phone is, or NULL. */
static struct aa_sms_acct *
owner(struct aa_audit *a, const char *phone)
{
	for (size_t i = 0; i < a->profile->naccounts && i < AA_MAX_ACCOUNTS;
	    i++)
		if (a->profile->accounts[i].phone != NULL &&
		    strcmp(a->profile->accounts[i].phone, phone) == 0)
			return &aa_sms_live(a)->acct[i];
	return NULL;
}

unsigned
aa_sms_acct_cost(const struct aa_sms_live *L, size_t i)
{
	const struct aa_sms_acct *c = &L->acct[i];

	return c->sent > c->texts ? c->sent : c->texts;
}

int
aa_sms_send(struct aa_audit *a, struct aa_session *s, const char *phone,
    int *arrived, aa_secret_t **code, json_t *trail,
    struct aa_step_result *keep)
{
	return aa_sms_send_step(a, s, "sms_send", phone, arrived, code, trail,
	    keep);
}

int
aa_sms_send_step(struct aa_audit *a, struct aa_session *s, const char *step,
    const char *phone, int *arrived, aa_secret_t **code, json_t *trail,
    struct aa_step_result *keep)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_sms_acct *who = NULL;
	struct aa_step_result res;
	struct aa_step_opts o;
	json_t *vars = NULL;
	long long mark;
	char *body = NULL, *c = NULL;
	int r = AA_ERR_NOMEM;

	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	*arrived = 0;
	if (code != NULL)
		*code = NULL;
	if (L == NULL)
		return AA_ERR_NOMEM;
	if (L->sends >= a->profile->limits.max_sms)
		return AA_ERR_BUDGET;
	if ((mark = inbox_mark(L, phone)) < 0)
		return AA_ERR_NET;
	if ((vars = json_pack("{s:s}", "phone", phone)) == NULL)
		goto out;
	o.vars = vars;
	o.no_backoff = L->measuring || L->spreading;
	L->sends++;
	if ((r = aa_flow_step(s, step, &o, &res)) != AA_OK)
		goto out;
	if ((who = owner(a, phone)) != NULL)
		who->sent++;
	if (aa_session_account(s) < AA_MAX_ACCOUNTS)
		L->acct[aa_session_account(s)].texts++;
	/* A refused send is looked for once; an accepted one is waited for. */
	for (long waited = 0; (body = inbox_new(L, phone, mark)) == NULL &&
	    res.accepted && waited < ARRIVAL_WAIT_MS; waited += POLL_MS)
		sleep_ms(POLL_MS);
	if (body != NULL) {
		*arrived = 1;
		if (L->re != NULL && aa_regex_first(L->re, body, strlen(body),
		    &c) == AA_OK) {
			aa_redact_add(a->redact, c, strlen(c));
			if (code != NULL)
				*code = aa_secret_new_str(c);
			if (strcmp(step, "sms_send") == 0 && !L->login_seen)
				aa_sms_first_text(a, phone, &res, c, body);
		}
	}
	/* A text that did not come: that number's allowance is spent, until
	 * the time a 429 named. */
	if (who != NULL) {
		double back = res.resp.status == 429 ?
		    aa_response_retry_after(&res.resp) : -1;

		who->refused = body != NULL ? 0 : res.resp.status > 0 ?
		    res.resp.status : 1;
		who->back_at = body == NULL && back > 0 ? time(NULL) +
		    (time_t)back + 1 : 0;
		if (body == NULL && who->sent > 1 && (L->per_number_seen == 0 ||
		    who->sent - 1 < L->per_number_seen))
			L->per_number_seen = who->sent - 1;
	}
	if (trail != NULL && res.evidence != NULL)
		json_array_append(trail, res.evidence);
	r = AA_OK;
out:
	if (c != NULL) {
		aa_wipe(c, strlen(c));
		free(c);
	}
	if (body != NULL) {
		aa_wipe(body, strlen(body));
		free(body);
	}
	json_decref(vars);
	/* The caller also sees why a step failed (its evidence "detail"). */
	if (keep != NULL)
		*keep = res;
	else
		aa_step_result_release(&res);
	return r;
}

int
aa_sms_verify(struct aa_audit *a, struct aa_session *s, const char *code,
    int *accepted, json_t *trail)
{
	return aa_sms_verify_step(a, s, "sms_verify", code, accepted, trail);
}

int
aa_sms_verify_step(struct aa_audit *a, struct aa_session *s,
    const char *step, const char *code, int *accepted, json_t *trail)
{
	static const char *const secret_vars[] = { "code", NULL };
	struct aa_step_result res;
	struct aa_step_opts o;
	json_t *vars;
	int r;

	(void)a;
	memset(&res, 0, sizeof(res));
	memset(&o, 0, sizeof(o));
	*accepted = 0;
	if ((vars = json_pack("{s:s}", "code", code)) == NULL)
		return AA_ERR_NOMEM;
	o.vars = vars;
	o.secret_vars = secret_vars;
	r = aa_flow_step(s, step, &o, &res);
	if (r == AA_OK) {
		*accepted = res.accepted;
		if (trail != NULL && res.evidence != NULL)
			json_array_append(trail, res.evidence);
	}
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

int
aa_sms_configured(struct aa_audit *a, const char **why)
{
	struct aa_sms_live *L = aa_sms_live(a);

	*why = "out of memory";
	if (L == NULL)
		return AA_ERR_NOMEM;
	if (L->why[0] != '\0') {
		*why = L->why;
		return AA_ERR_DENIED;
	}
	if (aa_profile_step(a->profile, "sms_send") == NULL) {
		*why = "profile has no sms_send step";
		return AA_ERR_STEP;
	}
	if (aa_profile_step(a->profile, "login") == NULL) {
		*why = "profile has no login step";
		return AA_ERR_STEP;
	}
	if (a->profile->naccounts == 0 || a->profile->accounts[0].phone ==
	    NULL) {
		*why = "the first account has no phone";
		return AA_ERR_ARG;
	}
	return AA_OK;
}

int
aa_sms_ready(struct aa_audit *a, int foreign, const char **why)
{
	struct aa_sms_live *L = aa_sms_live(a);
	static char buf[1024];
	int r;

	if ((r = aa_sms_configured(a, why)) != AA_OK)
		return r;
	if (L->proof < 0)
		aa_sms_bootstrap(a, 0);
	if (L->proof != 1) {
		char cause[512];

		aa_sms_rejections(L->inbox, a->profile->accounts[0].phone, 2000,
		    cause, sizeof(cause));
		snprintf(buf, sizeof(buf), "no code sent to %s reached the "
		    "sms-sim inbox at %s: %s; no SMS probe is sent%s",
		    a->profile->accounts[0].phone, L->inbox, cause,
		    foreign ? " to numbers we choose" : "");
		*why = buf;
		return AA_ERR_DENIED;
	}
	return AA_OK;
}
