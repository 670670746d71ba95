/*
 * HTTP front of sms-sim on libmicrohttpd: collects the (bounded) request
 * body, hands a struct aa_sms_req to aa_sms_sim_handle() and sends the
 * reply. Listens on loopback unless the caller explicitly allowed another
 * address; it makes no outgoing connection of any kind.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/pct.h"
#include "sms-sim/sim/sim.h"

struct conn {
	struct aa_buf body;
	int too_big;
};

/* Rebuild the raw query string from MHD's decoded arguments. */
struct qb {
	struct aa_buf *b;
	int err;
};

static enum MHD_Result
query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct qb *q = cls;

	(void)kind;
	if ((q->b->len > 0 && aa_buf_append(q->b, "&", 1) != AA_OK) ||
	    aa_pct_text_encode(q->b, key) != AA_OK ||
	    (value != NULL && (aa_buf_append(q->b, "=", 1) != AA_OK ||
	    aa_pct_text_encode(q->b, value) != AA_OK)))
		q->err = 1;
	return q->err ? MHD_NO : MHD_YES;
}

static enum MHD_Result
send_reply(struct MHD_Connection *c, struct aa_sms_reply *rep)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(rep->len, rep->body,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return MHD_NO;
	rep->body = NULL; /* now owned by the response */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    rep->ctype != NULL ? rep->ctype : "text/plain");
	ret = MHD_queue_response(c, rep->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct aa_sms_sim *s = cls;
	struct conn *cn = *con_cls;
	struct aa_sms_req rq;
	struct aa_sms_reply rep = { 0, NULL, NULL, 0 };
	struct aa_buf q;
	struct qb qb;
	char *user = NULL, *pass = NULL;
	enum MHD_Result ret = MHD_NO;

	(void)version;
	if (cn == NULL) {
		if ((cn = calloc(1, sizeof(*cn))) == NULL)
			return MHD_NO;
		aa_buf_init(&cn->body, AA_SMS_FORM_MAX_BYTES);
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!cn->too_big &&
		    aa_buf_append(&cn->body, upload, *upload_size) != AA_OK)
			cn->too_big = 1; /* keep reading, answer at the end */
		*upload_size = 0;
		return MHD_YES;
	}
	aa_buf_init(&q, AA_SMS_FORM_MAX_BYTES);
	qb.b = &q;
	qb.err = 0;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_iter, &qb);
	user = MHD_basic_auth_get_username_password(c, &pass);
	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.path = url;
	rq.query = q.len > 0 ? q.ptr : NULL;
	rq.ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	rq.body = cn->body.ptr;
	rq.body_len = cn->body.len;
	rq.body_too_big = cn->too_big || qb.err;
	rq.auth_user = user;
	rq.auth_pass = pass;
	if (aa_sms_sim_handle(s, &rq, &rep) != AA_OK || rep.body == NULL) {
		aa_sms_reply_release(&rep);
		if (aa_sms_reply_text(&rep, 500, "internal error") != AA_OK)
			goto out;
	}
	ret = send_reply(c, &rep);
out:
	aa_sms_reply_release(&rep);
	aa_buf_release(&q);
	if (user != NULL)
		MHD_free(user);
	if (pass != NULL) {
		memset(pass, 0, strlen(pass));
		MHD_free(pass);
	}
	return ret;
}

static void
on_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cn == NULL)
		return;
	aa_buf_release(&cn->body);
	free(cn);
	*con_cls = NULL;
}

static int
is_loopback(const struct in_addr *a)
{
	return (ntohl(a->s_addr) >> 24) == 127;
}

int
aa_sms_sim_listen(struct aa_sms_sim *s, const char *host, unsigned port,
    struct aa_diag *diag)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;

	if (s->daemon != NULL)
		return aa_diag_set(diag, AA_ERR_ARG, "already listening");
	if (port > 65535)
		return aa_diag_set(diag, AA_ERR_ARG, "bad port %u", port);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return aa_diag_set(diag, AA_ERR_ARG, "'%s': want an IPv4 "
		    "address or localhost", host);
	if (!is_loopback(&sa.sin_addr) && !s->allow_remote)
		return aa_diag_set(diag, AA_ERR_DENIED, "'%s' is not loopback; "
		    "refusing without --allow-remote", host);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL,
	    0, NULL, NULL, on_request, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->threads,
	    MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)AA_SMS_CONN_MAX,
	    /* One peer holding idle (half-open) connections must not use up
	     * the others' share, and idle ones go soon. */
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)AA_SMS_CONN_PER_IP,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)AA_SMS_IDLE_S,
	    MHD_OPTION_END);
	if (d == NULL)
		return aa_diag_set(diag, AA_ERR_NET, "cannot listen on %s:%u",
		    host, port);
	s->daemon = d;
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info != NULL ? info->port : port;
	return AA_OK;
}

void aa_sms_server_stop(struct aa_sms_sim *s);

void
aa_sms_server_stop(struct aa_sms_sim *s)
{
	if (s->daemon != NULL) {
		MHD_stop_daemon(s->daemon);
		s->daemon = NULL;
		s->port = 0;
	}
}
