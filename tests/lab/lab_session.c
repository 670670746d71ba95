/*
 * Server-side sessions: random ids in a cookie whose name depends on the
 * shape, the "fully authenticated" gate (where AUTH-2FA-SKIP and
 * AUTH-TRUSTED-HEADER live), and renewal of the id when 2FA completes
 * (AUTH-SESSION-FIXATION).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

const char *
lab_session_cookie(const struct lab *lab)
{
	return lab->shape == 'b' ? "SESSION_ID" : "sid";
}

static void
session_free(struct lab *lab, struct lab_session *s)
{
	for (size_t i = 0; lab_modules[i] != NULL; i++)
		if (lab_modules[i]->on_session_end != NULL)
			lab_modules[i]->on_session_end(lab, s);
	lab_freezero(s, sizeof *s);
}

/* Remove slot i keeping the array ordered oldest first. */
static void
session_remove_at(struct lab *lab, size_t i)
{
	struct lab_session *s = lab->sessions[i];

	memmove(&lab->sessions[i], &lab->sessions[i + 1],
	    (lab->nsessions - i - 1) * sizeof lab->sessions[0]);
	lab->nsessions--;
	session_free(lab, s);
}

struct lab_session *
lab_session_new(struct lab *lab, struct lab_user *u, enum lab_sess_state st)
{
	struct lab_session *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	if (lab->nsessions >= LAB_MAX_SESSIONS)
		session_remove_at(lab, 0);
	lab_rand_token(s->id, sizeof s->id, 32);
	s->user = u;
	s->state = st;
	s->created = lab_now();
	lab->sessions[lab->nsessions++] = s;
	return s;
}

struct lab_session *
lab_session_find(struct lab *lab, const char *id)
{
	if (id == NULL || strlen(id) != LAB_SESSION_ID_LEN)
		return NULL;
	for (size_t i = 0; i < lab->nsessions; i++)
		if (lab_ct_eq(lab->sessions[i]->id, id, LAB_SESSION_ID_LEN))
			return lab->sessions[i];
	return NULL;
}

void
lab_session_end(struct lab *lab, struct lab_session *s)
{
	for (size_t i = 0; i < lab->nsessions; i++)
		if (lab->sessions[i] == s) {
			session_remove_at(lab, i);
			return;
		}
}

void
lab_sessions_fini(struct lab *lab)
{
	while (lab->nsessions > 0)
		session_remove_at(lab, lab->nsessions - 1);
}

int
lab_set_session_cookie(struct lab *lab, struct lab_resp *rs,
    const struct lab_session *s)
{
	char buf[160];

	snprintf(buf, sizeof buf, "%s=%s; Path=/%s", lab_session_cookie(lab),
	    s->id, lab_weak(lab, "AUTH-COOKIE-FLAGS") ? "" :
	    "; HttpOnly; SameSite=Lax");
	return lab_resp_header(rs, "Set-Cookie", buf);
}

int
lab_clear_session_cookie(struct lab *lab, struct lab_resp *rs)
{
	char buf[128];

	snprintf(buf, sizeof buf, "%s=; Path=/; Max-Age=0%s",
	    lab_session_cookie(lab), lab_weak(lab, "AUTH-COOKIE-FLAGS") ? "" :
	    "; HttpOnly; SameSite=Lax");
	return lab_resp_header(rs, "Set-Cookie", buf);
}

/* The headers a naive service trusts as "the client's address". */
static const char *const ip_headers[] = {
	"X-Forwarded-For", "X-Real-IP", "X-Originating-IP", "X-Client-IP",
	"X-Remote-IP", "X-Remote-Addr", "True-Client-IP",
};

int
lab_trusted_header(const struct lab_req *rq)
{
	for (size_t i = 0; i < sizeof ip_headers / sizeof ip_headers[0]; i++) {
		const char *v = lab_req_header(rq, ip_headers[i]);
		size_t n;

		if (v == NULL)
			continue;
		while (*v == ' ')
			v++;
		/* the first hop of a list, as such services read it */
		n = strcspn(v, ", ");
		if ((n == 9 && strncmp(v, "127.0.0.1", 9) == 0) ||
		    (n == 3 && strncmp(v, "::1", 3) == 0) ||
		    (n == 9 && strncasecmp(v, "localhost", 9) == 0))
			return 1;
	}
	return 0;
}

int
lab_is_full(struct lab *lab, const struct lab_req *rq)
{
	if (rq->sess == NULL)
		return 0;
	if (rq->sess->state == LAB_SESS_FULL)
		return 1;
	if (lab_weak(lab, "AUTH-2FA-SKIP"))
		return 1;
	if (lab_weak(lab, "AUTH-TRUSTED-HEADER") && lab_trusted_header(rq))
		return 1;
	return 0;
}

int
lab_require_full(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	if (lab_is_full(lab, rq))
		return 1;
	lab_reply_error(lab, rs, rq->sess == NULL ? LAB_E_AUTH :
	    LAB_E_MFA_REQUIRED);
	return 0;
}

int
lab_require_enroll(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	if (rq->sess != NULL && rq->sess->state == LAB_SESS_ENROLL)
		return 1;
	return lab_require_full(lab, rq, rs);
}

struct lab_session *
lab_session_complete_2fa(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs)
{
	struct lab_session *old = rq->sess, *s;
	struct lab_user *user;
	void *ext[LAB_SESSION_EXT];
	struct lab_lock lock[LAB_NFACTORS];
	char ip[sizeof old->client_ip];

	if (old == NULL)
		return NULL;
	if (lab_weak(lab, "AUTH-SESSION-FIXATION")) {
		old->state = LAB_SESS_FULL;
		return old;
	}
	/* copy what moves over first: creating a session may evict `old` */
	user = old->user;
	memcpy(ext, old->ext, sizeof ext);
	memcpy(lock, old->lock, sizeof lock);
	memcpy(ip, old->client_ip, sizeof ip);
	memset(old->ext, 0, sizeof old->ext);
	lab_session_end(lab, old);
	rq->sess = NULL;
	rq->user = NULL;
	if ((s = lab_session_new(lab, user, LAB_SESS_FULL)) == NULL)
		return NULL;
	memcpy(s->ext, ext, sizeof s->ext);
	memcpy(s->lock, lock, sizeof s->lock);
	memcpy(s->client_ip, ip, sizeof s->client_ip);
	rq->sess = s;
	rq->user = s->user;
	lab_set_session_cookie(lab, rs, s);
	return s;
}
