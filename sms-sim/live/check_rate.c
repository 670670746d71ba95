/*
 * Send-control probes: SMS-RATE-NUMBER, SMS-RATE-CLIENT, SMS-SEQUENTIAL,
 * SMS-GEO, SMS-ANON-TRIGGER. Each probe isolates one control (fresh
 * sessions, numbers in separate 100-blocks, served countries), and counts
 * what reached the sms-sim inbox: the inbox, not the HTTP answer, is the
 * ground truth of a send. The counts also feed SMS-PUMPING-EXPOSURE.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth-audit/engine/session.h"
#include "sms-sim/live/live.h"

enum kind { K_NUMBER, K_CLIENT, K_SEQ, K_GEO, K_ANON };

/* Seconds a burst to one number is given to stay inside one minute. */
#define BURST_S 20

static enum kind
kind_of(struct aa_sms_live *L, const struct aa_sms_meas *m)
{
	if (m == &L->number)
		return K_NUMBER;
	if (m == &L->client)
		return K_CLIENT;
	if (m == &L->seq)
		return K_SEQ;
	if (m == &L->geo)
		return K_GEO;
	return K_ANON;
}

static int
fail_m(struct aa_sms_meas *m, int r, const char *what)
{
	m->done = -1;
	if (r == AA_ERR_BUDGET)
		snprintf(m->why, sizeof(m->why), "%s: limits.max_sms or "
		    "limits.max_requests reached", what);
	else
		snprintf(m->why, sizeof(m->why), "%s: %s", what, aa_strerr(r));
	return r;
}

/*
 * Where a probe's send goes through. In a login flow many services text
 * the number on file whatever the request names; the client chooses the
 * destination only where a step takes ${phone}: `sms_send` itself, else
 * `sms_enroll` (a signed-in account adding a phone). `full`: the send
 * runs in the account's proved full session (borrowed), not a new login.
 */
struct route {
	const char *step;
	int full;
	size_t acct;
	int prove;  /* complete the login with the text's code (no text
	               more): the account's SMS login is then proved */
};

static int
chosen_by_client(struct aa_audit *a)
{
	return aa_audit_step_uses(a, "sms_send", "phone");
}

/* The route of a probe that names its destinations, for account acct. */
static void
route_named(struct aa_audit *a, size_t acct, struct route *rt)
{
	rt->step = "sms_send";
	rt->full = 0;
	rt->acct = acct < a->profile->naccounts ? acct : 0;
	if (!chosen_by_client(a) && aa_audit_step_uses(a, "sms_enroll",
	    "phone")) {
		rt->step = "sms_enroll";
		rt->full = 1;
	}
}

/* The proved full session of rt's account (borrowed), for a route
 * through a signed-in step; m says why not. */
static int
signed_in(struct aa_audit *a, struct aa_sms_meas *m, const struct route *rt,
    struct aa_session **s)
{
	char why[256];
	int r;

	if ((r = aa_audit_full(a, rt->acct, s, why, sizeof(why))) != AA_OK) {
		fail_m(m, r, "full login");
		snprintf(m->why, sizeof(m->why), "`%s` needs a signed-in "
		    "account: %.150s", rt->step, why);
	}
	return r;
}

/*
 * Many services let an account enrol a phone only while it has none
 * (409 "already enabled"): the probes through `sms_enroll` need an
 * account without SMS. One the audit put SMS on gets it taken off (in
 * its full session s, as the clean-up would) and the send is tried once
 * more; its login texts are then for other accounts. 1 when removed.
 */
static int
make_room(struct aa_audit *a, size_t acct, struct aa_session *s, long status)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_baseline_acct *b = &a->base[acct];
	unsigned fb = 1u << AA_FACTOR_SMS;
	char why[256] = "";

	if (!L->acct[acct].enrolled || (b->enrolled & fb) == 0 ||
	    (b->removed & fb) != 0)
		return 0;
	if (aa_audit_factor_remove(a, acct, &aa_sms_factor, s, why,
	    sizeof(why)) != AA_OK) {
		aa_audit_note(a, acct, "sms", "`sms_enroll` refused a new "
		    "number (HTTP %ld) and SMS could not be taken off for it: "
		    "%s", status, why);
		return 0;
	}
	aa_audit_note(a, acct, "sms", "removed: `sms_enroll` refused a new "
	    "number (HTTP %ld) while the account had SMS on", status);
	return 1;
}

/* One send in session s (or a new one per rt) and its evidence row. */
static int
one(struct aa_audit *a, struct aa_sms_meas *m, struct aa_session *s,
    const struct route *rt, int login, const char *phone, const char *iso,
    json_t *rows, json_t *trail)
{
	struct aa_session *own = NULL;
	struct aa_step_result res;
	struct aa_sms_country c;
	aa_secret_t *code = NULL;
	int arrived = 0, granted, r;

	if (s == NULL && rt->full) {
		if ((r = signed_in(a, m, rt, &s)) != AA_OK)
			return r;
	} else if (s == NULL) {
		if ((r = aa_sms_fresh(a, rt->acct, login, &own)) != AA_OK)
			return fail_m(m, r, login ? "login" : "new session");
		s = own;
	}
	memset(&res, 0, sizeof(res));
	r = aa_sms_send_step(a, s, rt->step, phone, &arrived, rt->prove ?
	    &code : NULL, json_array_size(trail) < 2 ? trail : NULL, &res);
	if (r == AA_OK && code != NULL)
		(void)aa_sms_prove(a, rt->acct, s, aa_secret_str(code),
		    &granted, NULL);
	aa_secret_free(&code);
	/* Refused on the account's first send of the probe: perhaps only
	 * because it has SMS on. */
	if (r == AA_OK && !arrived && rt->full && !res.accepted &&
	    res.resp.status != 429 && !(m->sent_by & (1u << rt->acct)) &&
	    make_room(a, rt->acct, s, res.resp.status)) {
		aa_step_result_release(&res);
		memset(&res, 0, sizeof(res));
		r = aa_sms_send_step(a, s, rt->step, phone, &arrived, NULL,
		    json_array_size(trail) < 2 ? trail : NULL, &res);
	}
	aa_session_free(&own);
	if (r != AA_OK) {
		const char *d = json_string_value(json_object_get(res.evidence,
		    "detail"));

		fail_m(m, r, rt->step);
		/* A variable the step needs that this session lacks (an
		 * anonymous one has no device id): say which. */
		if (d != NULL)
			snprintf(m->why, sizeof(m->why), "%s: %s%s", rt->step, d,
			    login ? "" : " (a session without login has none)");
		aa_step_result_release(&res);
		return r;
	}
	if (m->tried++ == 0) {
		m->first_status = res.resp.status;
		if (res.resp.status == 429 && !arrived &&
		    (m->first_retry_s = aa_response_retry_after(&res.resp)) < 0)
			m->first_retry_s = 0;
		m->first_acct = rt->acct;
		/* this send is counted already */
		m->first_prior = aa_sms_acct_cost(aa_sms_live(a), rt->acct);
		m->first_prior -= m->first_prior > 0;
	}
	m->served += (unsigned)arrived;
	if (arrived)
		m->sent_by |= 1u << rt->acct;
	/* Accepted, yet nothing for that number: the service texts someone
	 * else (the number on file), so this send says nothing of limits. */
	m->lost += (unsigned)(res.accepted && !arrived);
	aa_step_result_release(&res);
	/* The destination as a provider sees it (libphonenumber): pumping
	 * needs numbers that are billed, so the type is evidence. */
	aa_sms_country_of(phone, &c);
	json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:b,s:s}", "to",
	    phone, "country", iso != NULL ? iso : c.iso, "type",
	    aa_sms_type_name(c.type), "delivered", arrived, "step", rt->step));
	return AA_OK;
}

/*
 * The control of a refusal: for GEO, a served number through the probe's
 * own route; for ANON, the same send after a login; for a SEQ block cut
 * off part-way, a number far from the block through the same route at
 * once (refused too, the stop was a limit per account or session).
 */
static int
control(struct aa_audit *a, struct aa_sms_meas *m, const struct route *rt,
    char *phone, size_t phonelen, enum kind k, json_t *rows, json_t *trail)
{
	struct route ctl = *rt;
	struct aa_sms_meas c;
	int r;

	memset(&c, 0, sizeof(c));
	if (k == K_GEO)
		aa_sms_test_number(a->profile, AA_SMS_FAM_ANON, 0, phone,
		    phonelen);
	else if (k == K_SEQ)
		aa_sms_test_number(a->profile, AA_SMS_FAM_CONTROL, 0, phone,
		    phonelen);
	else {
		ctl.step = "sms_send"; /* the login's own send */
		/* Its login is finished with its code: the lockout probes
		 * may need that proof of this account, and it costs no text. */
		ctl.prove = 1;
	}
	r = one(a, &c, NULL, &ctl, 1, phone, NULL, rows, trail);
	m->control = r == AA_OK && c.served > 0;
	if (r != AA_OK)
		snprintf(m->why, sizeof(m->why), "%s", c.why);
	return r;
}

/*
 * SMS-SEQUENTIAL's block, in order, from the second account first (the
 * first's allowance is SMS-RATE-CLIENT's). A refusal counts against
 * consecutive numbers only beside a number far from the block that the
 * same account still gets out at once. Refused too, the account's own
 * allowance is spent (a limit per account, which SMS-RATE-CLIENT
 * measures), and the block goes on from the next account, as an attacker
 * with many accounts would; with none left it is not_tested.
 */
static int
seq_block(struct aa_audit *a, struct aa_sms_meas *m, struct route *rt,
    char *phone, size_t phonelen, json_t *rows, json_t *trail)
{
	/* accounts in turn: the second, the ones after it, the first */
	size_t o = 0, n = a->profile->naccounts;
	unsigned i = 0;
	int r = AA_OK;

	route_named(a, n > 1 ? 1 : 0, rt);
	while (r == AA_OK && i < AA_SMS_SEQ_PROBE) {
		unsigned before = m->served;

		aa_sms_test_number(a->profile, AA_SMS_FAM_SEQ, i, phone,
		    phonelen);
		if ((r = one(a, m, NULL, rt, 1, phone, NULL, rows, trail)) !=
		    AA_OK)
			break;
		if (m->served > before) {
			i++;
			continue;
		}
		/* A first send refused teaches nothing (the allowance may be
		 * spent before the probe): aa_sms_meas_taught says so. */
		if (m->served == 0 || (r = control(a, m, rt, phone, phonelen,
		    K_SEQ, rows, trail)) != AA_OK || m->control)
			break;
		if (++o >= n)
			break;
		/* That send met the account's limit, not the block's: it is
		 * made again from the next account and counted once. */
		m->tried--;
		m->spent_accts++;
		route_named(a, o + 1 < n ? o + 1 : 0, rt);
	}
	return r;
}

/*
 * One run of probe k: its sends, into rows and trail. A probe that cannot
 * start sets m->done = -1 and why.
 */
static int
measure_once(struct aa_audit *a, struct aa_sms_meas *m, enum kind k,
    struct route *rt, char *phone, size_t phonelen, json_t *rows,
    json_t *trail)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct aa_session *s = NULL;
	struct aa_session *full[2] = { NULL, NULL };
	size_t pair[2] = { 0, 0 };
	char iso[3];
	time_t t0;
	int r = AA_OK;

	switch (k) {
	case K_NUMBER:
		/* A test number where the client may name one; signed-in
		 * sends alternate between two accounts, so that a limit per
		 * account does not pass for one per number. Where only the
		 * service picks (the number on file), its limit is measured on
		 * that number, in new logins. */
		pair[0] = 0;
		pair[1] = 1;
		route_named(a, pair[0], rt);
		if (chosen_by_client(a) || rt->full)
			aa_sms_test_number(a->profile, AA_SMS_FAM_NUMBER, 0,
			    phone, phonelen);
		else
			snprintf(phone, phonelen, "%s",
			    a->profile->accounts[rt->acct].phone);
		/* Both signed-in sessions first: the sends then go out in
		 * seconds, inside one window of the service's limit (fixed
		 * windows, such as rack-attack's, reset on the clock). */
		for (size_t n = 0; rt->full && n < 2 && r == AA_OK; n++) {
			route_named(a, pair[n], rt);
			r = signed_in(a, m, rt, &full[n]);
		}
		/* A fixed window starts on a whole minute: a burst that
		 * crosses none stays inside one window, whatever its length.
		 * Late in a minute, wait for the next one (announced). */
		if (r == AA_OK && (t0 = time(NULL)) % 60 > 60 - BURST_S)
			r = aa_audit_wait(a, (double)(60 - t0 % 60) * 1000.0 +
			    200.0, "sends to one number start on a whole minute "
			    "(fixed-window limits)");
		t0 = time(NULL);
		for (unsigned i = 0; r == AA_OK && i < AA_SMS_RATE_PROBE;
		    i++) {
			if (rt->full)
				route_named(a, pair[i % 2], rt);
			r = one(a, m, rt->full ? full[i % 2] : NULL, rt, 1, phone,
			    NULL, rows, trail);
		}
		m->straddled = time(NULL) / 60 != t0 / 60;
		break;
	case K_CLIENT:
		route_named(a, 0, rt);
		if (!rt->full && (r = aa_sms_fresh(a, 0, 1, &s)) != AA_OK) {
			fail_m(m, r, "login");
			break;
		}
		for (unsigned i = 0; r == AA_OK && i < AA_SMS_CLIENT_PROBE;
		    i++) {
			aa_sms_test_number(a->profile, AA_SMS_FAM_CLIENT, i,
			    phone, phonelen);
			r = one(a, m, s, rt, 1, phone, NULL, rows, trail);
		}
		break;
	case K_SEQ:
		r = seq_block(a, m, rt, phone, phonelen, rows, trail);
		break;
	case K_GEO:
		if (a->profile->nserved == 0) {
			m->done = -1;
			snprintf(m->why, sizeof(m->why), "profile lists no "
			    "served_countries");
			return AA_OK;
		}
		route_named(a, a->profile->naccounts - 1, rt);
		for (size_t i = 0; r == AA_OK && i < AA_SMS_GEO_PROBE &&
		    aa_sms_geo_number(a->profile, i, iso, phone,
		    phonelen) == AA_OK; i++) {
			unsigned before = m->served;

			r = one(a, m, NULL, rt, 1, phone, iso, rows, trail);
			if (r == AA_OK && m->served > before)
				memcpy(L->geo_open[L->ngeo_open++], iso, 3);
		}
		break;
	case K_ANON:
		/* The service's own pre-password send where the profile names
		 * one ("text me a code" on the sign-in form), else the login
		 * send in a session that never logged in. Without a session
		 * the service can only text a number the request names, or
		 * the number on file of the account it names. */
		if (aa_profile_step(a->profile, "sms_send_anon") != NULL)
			rt->step = "sms_send_anon";
		if (aa_audit_step_uses(a, rt->step, "phone"))
			aa_sms_test_number(a->profile, AA_SMS_FAM_ANON, 0,
			    phone, phonelen);
		else {
			/* The probe and its control text one account: one with
			 * SMS on and two texts left. */
			char w[256];

			if ((rt->acct = aa_sms_login_acct(a, 2, 0, w,
			    sizeof(w))) == SIZE_MAX) {
				m->done = -1;
				snprintf(m->why, sizeof(m->why), "%.300s", w);
				return AA_OK;
			}
			snprintf(phone, phonelen, "%s",
			    a->profile->accounts[rt->acct].phone);
		}
		r = one(a, m, NULL, rt, 0, phone, NULL, rows, trail);
		break;
	}
	if (!rt->full)
		aa_session_free(&s);
	return r;
}

/*
 * Seconds probe k would wait before it runs again: its first send was
 * already refused and nothing went out, so earlier probes (or an earlier
 * audit) spent the allowance it measures, and the 429 said when the
 * window resets. 0: no such wait (or the probe waited once already).
 */
static double
spent_wait(const struct aa_sms_meas *m, enum kind k)
{
	if ((k != K_NUMBER && k != K_CLIENT && k != K_SEQ) || m->waited_s > 0 ||
	    m->tried == 0 || m->served > 0 || m->lost > 0 ||
	    m->first_status != 429 || m->first_retry_s <= 0)
		return 0;
	return m->first_retry_s + 1.0;
}

void
aa_sms_measure(struct aa_audit *a, struct aa_sms_meas *m)
{
	struct aa_sms_live *L = aa_sms_live(a);
	struct route rt = { "sms_send", 0, 0, 0 };
	json_t *rows = json_array(), *trail = json_array();
	char phone[AA_SMS_E164_MAX + 1];
	const char *why;
	double wait_s;
	enum kind k;
	int r = AA_OK;

	if (L == NULL || m->done != 0 || rows == NULL || trail == NULL)
		goto out;
	k = kind_of(L, m);
	L->measuring = 1; /* the probe's own sends; logins still back off */
	if ((r = aa_sms_ready(a, 1, &why)) != AA_OK) {
		m->done = -1;
		snprintf(m->why, sizeof(m->why), "%s", why);
		goto out;
	}
	r = measure_once(a, m, k, &rt, phone, sizeof(phone), rows, trail);
	if (m->done == -1)
		goto out;
	/* An allowance spent before the probe teaches nothing; where the
	 * service says when it comes back, wait (announced) and run again. */
	if (r == AA_OK && (wait_s = spent_wait(m, k)) > 0 &&
	    wait_s * 1000.0 <= (double)a->profile->limits.max_wait_ms &&
	    (r = aa_audit_wait_optional(a, wait_s * 1000.0, "a send allowance "
	    "spent before this probe resets (the service's Retry-After)")) ==
	    AA_OK) {
		json_array_clear(rows);
		json_array_clear(trail);
		m->tried = m->served = m->lost = m->sent_by = 0;
		m->spent_accts = 0;
		m->control = 0;
		m->first_status = 0;
		m->first_retry_s = 0;
		m->straddled = 0;
		m->waited_s = wait_s;
		r = measure_once(a, m, k, &rt, phone, sizeof(phone), rows,
		    trail);
		if (m->done == -1)
			goto out;
	} else if (r == AA_ERR_DEADLINE)
		m->wait_past_budget = 1;
	/* A refusal counts only beside a send that works in the same flow
	 * now: a served number after a login (earlier probes may have spent
	 * a limit, or this flow may text no number the probe names). */
	if (r == AA_OK && m->served == 0 && (k == K_GEO || k == K_ANON))
		r = control(a, m, &rt, phone, sizeof(phone), k, rows, trail);
	if (m->done == 0)
		m->done = 1;
	m->ev = json_pack("{s:I,s:I,s:O,s:O}", "tried", (json_int_t)m->tried,
	    "delivered", (json_int_t)m->served, "sends", rows,
	    "requests", trail);
	if (m->ev != NULL && m->waited_s > 0)
		json_object_set_new(m->ev, "waited_for_window_s",
		    json_integer((json_int_t)m->waited_s));
out:
	if (L != NULL)
		L->measuring = 0;
	json_decref(rows);
	json_decref(trail);
}

int
aa_sms_meas_taught(struct aa_audit *a, const struct aa_sms_meas *m,
    char *why, size_t whylen)
{
	enum kind k = kind_of(aa_sms_live(a), m);
	char hint[160] = "";
	double wait_s;

	if (m->done != 1) {
		snprintf(why, whylen, "%s", m->why[0] ? m->why :
		    "probe could not run");
		return 0;
	}
	if (m->served == 0 && m->lost > 0) {
		snprintf(why, whylen, "the service accepted %u of %u sends, "
		    "but no text reached the numbers the probe named: in this "
		    "flow it texts another number (the one on file), so the "
		    "probe learned nothing of its limits", m->lost, m->tried);
		return 0;
	}
	if (k == K_SEQ && m->served > 0 && m->served < m->tried &&
	    !m->control) {
		snprintf(why, whylen, "a block of consecutive numbers was cut "
		    "off after %u of %u, but a number far from the block, sent "
		    "through the same account right after, was refused too, and "
		    "no test account was left to go on with the block: the stop "
		    "is another limit (per account or session), which says "
		    "nothing of one on consecutive numbers", m->served, m->tried);
		return 0;
	}
	if (m->served > 0)
		return 1;
	if (k == K_GEO || k == K_ANON) {
		if (m->control)
			return 1;
		snprintf(why, whylen, "the probe's texts were refused, but so "
		    "was the control (a text to a served number after a "
		    "login): the refusal says nothing of this control");
		return 0;
	}
	if ((wait_s = spent_wait(m, k)) * 1000.0 >
	    (double)a->profile->limits.max_wait_ms)
		snprintf(hint, sizeof(hint), "; the service said its window "
		    "resets in %.0f s: with limits.max_wait_ms of at least "
		    "%.0f the audit waits that out and measures", wait_s - 1.0,
		    wait_s * 1000.0);
	else if (m->wait_past_budget)
		snprintf(hint, sizeof(hint), "; waiting out the window the "
		    "service named (%.0f s) would pass limits.max_seconds",
		    m->first_retry_s);
	if (m->first_prior > 0) {
		const char *u = a->profile->accounts[m->first_acct].username;

		snprintf(why, whylen, "the first send was already refused (HTTP "
		    "%ld) and nothing reached the inbox: %s had cost %u texts "
		    "earlier in this audit, so an allowance spent by other "
		    "probes says nothing of this limit (run the check alone, or "
		    "after the service's window)%s%s", m->first_status,
		    u != NULL ? u : "its account", m->first_prior,
		    m->waited_s > 0 ? ", even after waiting out the window it "
		    "announced" : "", hint);
		return 0;
	}
	snprintf(why, whylen, "the first send was already refused (HTTP %ld) "
	    "and nothing reached the inbox: a limit spent before the probe, "
	    "or a flow that does not text the probe's number, says nothing "
	    "of this limit%s%s", m->first_status, m->waited_s > 0 ? ", even "
	    "after waiting out the window it announced" : "", hint);
	return 0;
}

void
aa_sms_rate(struct aa_audit *a, enum aa_check_id id, struct aa_sms_meas *m)
{
	char why[600];
	json_t *ev;
	enum kind k;
	int bad;

	aa_sms_measure(a, m);
	k = kind_of(aa_sms_live(a), m);
	if (!aa_sms_meas_taught(a, m, why, sizeof(why))) {
		aa_audit_report(a, id, AA_NOT_TESTED, json_deep_copy(m->ev),
		    "%s", why);
		return;
	}
	ev = json_deep_copy(m->ev);
	if (k == K_GEO || k == K_ANON)
		bad = m->served > 0;
	else
		bad = m->tried > 0 && m->served == m->tried;
	if (k == K_NUMBER && bad && m->straddled) {
		/* two windows of a fixed-window limit may each have let
		 * their share through: not a measurement of the limit */
		aa_audit_report(a, id, AA_NOT_TESTED, ev, "%u of %u texts to "
		    "one number went out, but the sends crossed a whole clock "
		    "minute, where a fixed-window limit starts afresh", m->served,
		    m->tried);
		return;
	}
	switch (k) {
	case K_NUMBER:
		aa_audit_report(a, id, bad ? AA_FAIL : AA_PASS, ev, bad ?
		    "%u of %u texts to one number went out within minutes "
		    "(more than 5 per %d minutes)" : "sends to one number stopped "
		    "after %u of %u", m->served, m->tried, AA_SMS_WINDOW_MIN);
		break;
	case K_CLIENT:
		aa_audit_report(a, id, bad ? AA_FAIL : AA_PASS, ev, bad ?
		    "one session sent %u of %u texts to numbers far apart" :
		    "one session was stopped after %u of %u texts to numbers "
		    "far apart", m->served, m->tried);
		break;
	case K_SEQ:
		if (bad && m->spent_accts > 0)
			aa_audit_report(a, id, AA_FAIL, ev, "all %u of %u "
			    "consecutive numbers were served, from %u accounts: "
			    "the only limit met was each account's own",
			    m->served, m->tried, m->spent_accts + 1);
		else
			aa_audit_report(a, id, bad ? AA_FAIL : AA_PASS, ev, bad ?
			    "all %u of %u consecutive numbers were served" :
			    "a block of consecutive numbers was cut off after %u "
			    "of %u, while a number far from it still went out",
			    m->served, m->tried);
		break;
	case K_GEO:
		aa_audit_report(a, id, bad ? AA_FAIL : AA_PASS, ev, bad ?
		    "%u of %u texts to high-cost countries outside the served "
		    "ones were delivered" : "texts to high-cost countries "
		    "outside the served ones were refused (%u of %u delivered)",
		    m->served, m->tried);
		break;
	case K_ANON:
		aa_audit_report(a, id, bad ? AA_FAIL : AA_PASS, ev, bad ?
		    "a text was sent without a login (%u of %u)" :
		    "no text without a login (%u of %u delivered)", m->served,
		    m->tried);
		break;
	}
}
