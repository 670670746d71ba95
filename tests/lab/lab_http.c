/*
 * libmicrohttpd glue: collects a bounded request body, turns the request
 * into a struct lab_req, routes it to a module handler under lab->mu and
 * sends the struct lab_resp back. The only file of the lab that includes
 * <microhttpd.h>.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

struct conn_ctx {
	struct lab_buf body;
	int too_big;
};

const char *
lab_req_header(const struct lab_req *rq, const char *name)
{
	if (rq->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *
lab_req_query(const struct lab_req *rq, const char *name)
{
	if (rq->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

/* ---- routing ------------------------------------------------------------- */

static void
params_clear(struct lab_req *rq)
{
	for (size_t i = 0; i < rq->nparams; i++)
		free(rq->params[i].value);
	rq->nparams = 0;
}

/* Does `path` match `pattern` ("{x}" = one non-empty segment)? */
static int
route_match(const char *pattern, const char *path, struct lab_req *rq)
{
	const char *p = pattern, *s = path;

	params_clear(rq);
	while (*p != '\0' && *s != '\0') {
		size_t pl = strcspn(p, "/"), sl = strcspn(s, "/");

		if (pl > 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (sl == 0 || rq->nparams >= LAB_MAX_PARAMS)
				return 0;
			if (pl - 2 >= sizeof rq->params[0].name)
				return 0;
			memcpy(rq->params[rq->nparams].name, p + 1, pl - 2);
			rq->params[rq->nparams].name[pl - 2] = '\0';
			if ((rq->params[rq->nparams].value = strndup(s, sl)) == NULL)
				return 0;
			rq->nparams++;
		} else if (pl != sl || strncmp(p, s, pl) != 0) {
			return 0;
		}
		p += pl;
		s += sl;
		if (*p == '/' && *s == '/') {
			p++;
			s++;
		} else if (*p != *s) {
			return 0;
		}
	}
	return *p == '\0' && *s == '\0';
}

void
lab_dispatch(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	int method_seen = 0;

	for (size_t m = 0; lab_modules[m] != NULL; m++) {
		const struct lab_module *mod = lab_modules[m];

		for (size_t i = 0; i < mod->nroutes; i++) {
			const struct lab_route *rt = &mod->routes[i];
			const char *pat = lab->shape == 'b' ? rt->path_b :
			    rt->path_a;

			if (pat == NULL || !route_match(pat, rq->path, rq))
				continue;
			if (strcmp(rt->method, rq->method) != 0) {
				method_seen = 1;
				continue;
			}
			if (rt->fn(lab, rq, rs) != 0 || rs->status == 0)
				lab_reply_error(lab, rs, LAB_E_INTERNAL);
			params_clear(rq);
			return;
		}
	}
	params_clear(rq);
	lab_reply_error(lab, rs, method_seen ? LAB_E_METHOD : LAB_E_NOT_FOUND);
}

/* ---- MHD callbacks --------------------------------------------------------- */

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct lab_resp *rs)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *body = NULL;
	const char *ctype = "application/json";
	size_t len;

	if (rs->json != NULL) {
		body = json_dumps(rs->json, JSON_COMPACT);
	} else {
		body = strdup(rs->text != NULL ? rs->text : "");
		ctype = rs->content_type != NULL ? rs->content_type :
		    "text/plain; charset=utf-8";
	}
	if (body == NULL)
		return MHD_NO;
	len = strlen(body);
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_COPY);
	lab_freezero(body, len + 1);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	for (size_t i = 0; i < rs->nhdr; i++)
		MHD_add_response_header(r, rs->hdr[i].name, rs->hdr[i].value);
	ret = MHD_queue_response(conn, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void
client_ip(struct MHD_Connection *conn, char *out, size_t outlen)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	snprintf(out, outlen, "?");
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, out, (socklen_t)outlen);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr, out, (socklen_t)outlen);
}

/* Parse the body by shape; 0 or an error kind to reply. */
static int
parse_body(struct lab *lab, struct lab_req *rq, enum lab_err *e)
{
	json_error_t jerr;

	if (rq->body_len == 0) {
		rq->in = json_object();
		rq->in_is_json = lab->shape != 'b';
		return rq->in != NULL ? 0 : (*e = LAB_E_INTERNAL, -1);
	}
	if (lab->shape == 'b') {
		int r = lab_form_parse(rq->body, rq->body_len, &rq->in);

		rq->in_is_json = 0;
		if (r == LAB_OK)
			return 0;
		*e = r == LAB_ERR_TOOBIG ? LAB_E_TOO_BIG : LAB_E_BAD_REQUEST;
		return -1;
	}
	rq->in_is_json = 1;
	rq->in = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (json_is_object(rq->in))
		return 0;
	json_decref(rq->in);
	rq->in = NULL;
	*e = LAB_E_BAD_REQUEST;
	return -1;
}

static enum MHD_Result
handle(struct lab *lab, struct MHD_Connection *conn, const char *url,
    const char *method, struct conn_ctx *cx)
{
	struct lab_req rq;
	struct lab_resp rs;
	char ip[64];
	enum lab_err e = LAB_E_INTERNAL;
	enum MHD_Result ret;

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	client_ip(conn, ip, sizeof ip);
	rq.method = method;
	rq.path = url;
	rq.client_ip = ip;
	rq.conn = conn;
	rq.body = cx->body.ptr != NULL ? cx->body.ptr : "";
	rq.body_len = cx->body.len;

	pthread_mutex_lock(&lab->mu);
	if (cx->too_big)
		lab_reply_error(lab, &rs, LAB_E_TOO_BIG);
	else if (MHD_get_connection_values(conn, MHD_HEADER_KIND, NULL, NULL) >
	    LAB_MAX_HEADERS)
		lab_reply_text(&rs, 431, NULL, "too many header fields\n");
	else if (parse_body(lab, &rq, &e) != 0)
		lab_reply_error(lab, &rs, e);
	else {
		rq.sess = lab_session_find(lab, MHD_lookup_connection_value(conn,
		    MHD_COOKIE_KIND, lab_session_cookie(lab)));
		rq.user = rq.sess != NULL ? rq.sess->user : NULL;
		lab_dispatch(lab, &rq, &rs);
	}
	pthread_mutex_unlock(&lab->mu);

	ret = send_resp(conn, &rs);
	lab_resp_release(&rs);
	json_decref(rq.in);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct lab *lab = cls;
	struct conn_ctx *cx = *con_cls;

	(void)version;
	if (cx == NULL) {
		if ((cx = calloc(1, sizeof *cx)) == NULL)
			return MHD_NO;
		lab_buf_init(&cx->body, LAB_MAX_BODY);
		*con_cls = cx;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		/* keep reading past the cap so the client gets its 413 */
		if (!cx->too_big && lab_buf_append(&cx->body, upload_data,
		    *upload_data_size) != LAB_OK) {
			cx->too_big = 1;
			lab_buf_release(&cx->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return handle(lab, conn, url, method, cx);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *cx = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (cx != NULL) {
		lab_buf_release(&cx->body);
		free(cx);
		*con_cls = NULL;
	}
}

int
lab_http_start(struct lab *lab)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD;
	const union MHD_DaemonInfo *di;
	struct MHD_Daemon *d;
	socklen_t sl = sizeof ss;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, lab->host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)lab->port);
	} else if (inet_pton(AF_INET6, lab->host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)lab->port);
		flags |= MHD_USE_IPv6;
	} else {
		return LAB_ERR_ARG;
	}
	d = MHD_start_daemon(flags, (uint16_t)lab->port, NULL, NULL,
	    on_request, lab,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, lab,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_END);
	if (d == NULL)
		return LAB_ERR_NET;
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	if (di != NULL && getsockname(di->listen_fd, (struct sockaddr *)&ss,
	    &sl) == 0)
		lab->port = ntohs(ss.ss_family == AF_INET6 ? s6->sin6_port :
		    s4->sin_port);
	lab->daemon = d;
	return LAB_OK;
}

void
lab_http_stop(struct lab *lab)
{
	if (lab->daemon != NULL)
		MHD_stop_daemon(lab->daemon);
	lab->daemon = NULL;
}
