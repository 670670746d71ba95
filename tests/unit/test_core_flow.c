/*
 * The flow engine against a small libmicrohttpd server inside this test
 * program (127.0.0.1, port chosen by the kernel): sessions, cookies,
 * templates on the wire, limits, errors and redacted evidence.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/core/redact.h"
#include "tests/unit/tap.h"

static volatile int stopping;

struct upload {
	char buf[65536];
	size_t len;
};

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned code, const char *ctype,
    const char *body, const char *cookie, const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body),
	    (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "X-Request-Id", "rq-1");
	if (cookie != NULL)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	if (location != NULL)
		MHD_add_response_header(r, "Location", location);
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static ssize_t
fill_a(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	(void)pos;
	memset(buf, 'a', max);
	return (ssize_t)max;
}

static enum MHD_Result
stream(struct MHD_Connection *c, uint64_t size)
{
	struct MHD_Response *r = MHD_create_response_from_callback(size, 65536,
	    fill_a, NULL, NULL);
	enum MHD_Result ret = MHD_queue_response(c, 200, r);

	MHD_destroy_response(r);
	return ret;
}

static const char *
hv(struct MHD_Connection *c, enum MHD_ValueKind k, const char *n)
{
	const char *v = MHD_lookup_connection_value(c, k, n);

	return v != NULL ? v : "";
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **state)
{
	struct upload *u = *state;
	char out[70000], cookie[128];
	json_t *j, *o;
	char *s;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (u == NULL) {
		if ((u = calloc(1, sizeof(*u))) == NULL)
			return MHD_NO;
		*state = u;
		return MHD_YES;
	}
	if (*data_size > 0) {
		size_t n = *data_size;

		if (n > sizeof(u->buf) - 1 - u->len)
			n = sizeof(u->buf) - 1 - u->len;
		memcpy(u->buf + u->len, data, n);
		u->len += n;
		*data_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/login") == 0) {
		j = json_loadb(u->buf, u->len, 0, NULL);
		o = json_object_get(j, "username");
		snprintf(cookie, sizeof(cookie),
		    "sid=s-%s; Path=/; HttpOnly; SameSite=Strict",
		    json_string_value(o) ? json_string_value(o) : "?");
		snprintf(out, sizeof(out), "{\"ok\": true, \"user\": {\"id\": 7},"
		    " \"token\": \"tok-%s-secret\"}",
		    json_string_value(o) ? json_string_value(o) : "?");
		json_decref(j);
		return reply(c, 200, "application/json", out, cookie, NULL);
	}
	if (strcmp(url, "/echo") == 0) {
		u->buf[u->len] = '\0';
		j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "method", method,
		    "cookie", hv(c, MHD_HEADER_KIND, "Cookie"), "ctype",
		    hv(c, MHD_HEADER_KIND, "Content-Type"), "x",
		    hv(c, MHD_GET_ARGUMENT_KIND, "x"), "auth",
		    hv(c, MHD_HEADER_KIND, "Authorization"), "body", u->buf);
		s = json_dumps(j, 0);
		ret = reply(c, 200, "application/json", s ? s : "{}", NULL, NULL);
		free(s);
		json_decref(j);
		return ret;
	}
	if (strcmp(url, "/redirect") == 0)
		return reply(c, 302, "text/plain", "moved", NULL, "/echo");
	if (strcmp(url, "/big") == 0)
		return stream(c, 100ull * 1024 * 1024);
	if (strcmp(url, "/bigchunked") == 0)
		return stream(c, MHD_SIZE_UNKNOWN);
	if (strcmp(url, "/hang") == 0) {
		for (int i = 0; i < 100 && !stopping; i++)
			usleep(50000);
		return reply(c, 200, "text/plain", "late", NULL, NULL);
	}
	return reply(c, 404, "text/plain", "no", NULL, NULL);
}

static void
completed(void *cls, struct MHD_Connection *c, void **state,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*state);
	*state = NULL;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A port on 127.0.0.1 that nothing listens on. */
static unsigned
closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t n = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned port = 9;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &n) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

#define PROFILE_FMT \
    "{\"base_url\": \"http://127.0.0.1:%u\"," \
    " \"limits\": {\"timeout_ms\": 1500, \"max_body\": 65536, %s}," \
    " \"accounts\": [{\"username\": \"alice\", \"password\": \"pw-alpha-XYZ\"}," \
    "  {\"username\": \"bob\", \"password\": \"pw-bravo-XYZ\"}]," \
    " \"steps\": {" \
    "  \"login\": {\"method\": \"POST\", \"path\": \"/login\"," \
    "   \"json\": {\"username\": \"${username}\", \"password\": \"${password}\"}," \
    "   \"extract\": {\"token\": \"json:/token\", \"user_id\": \"json:/user/id\"," \
    "     \"sid\": \"cookie:sid\", \"rid\": \"header:x-request-id\"," \
    "     \"tail\": \"regex:tok-[a-z]+-(\\\\w+)\"}," \
    "   \"ok\": {\"status\": [200], \"json\": {\"/ok\": true}}}," \
    "  \"x-echo\": {\"method\": \"POST\", \"path\": \"/echo\"," \
    "   \"headers\": {\"Authorization\": \"Bearer ${token}\"}," \
    "   \"json\": {\"code\": \"${code}\", \"u\": \"${username}\", \"p\": \"${password}\"}}," \
    "  \"x-form\": {\"method\": \"POST\", \"path\": \"/echo\"," \
    "   \"form\": {\"a\": \"${arr}\", \"d\": \"${gone}\", \"u\": \"${username}\", \"n\": 5}}," \
    "  \"x-get\": {\"path\": \"/echo?x=${q}\"}," \
    "  \"x-picky\": {\"path\": \"/echo\", \"ok\": {\"json\": {\"/method\": \"PUT\"}}}," \
    "  \"x-redirect\": {\"path\": \"/redirect\"}," \
    "  \"x-big\": {\"path\": \"/big\"}, \"x-bigchunked\": {\"path\": \"/bigchunked\"}," \
    "  \"x-hang\": {\"path\": \"/hang\"}, \"x-unknown\": {\"path\": \"/${nosuchvar}\"}" \
    " }}"

static struct aa_profile *
profile(unsigned port, const char *limits)
{
	char doc[4096];
	struct aa_profile *p = NULL;
	struct aa_diag d = { "" };

	snprintf(doc, sizeof(doc), PROFILE_FMT, port, limits);
	if (aa_profile_parse(doc, strlen(doc), "flow", &p, &d) != AA_OK)
		tap_diag("profile: %s", d.msg);
	return p;
}

/* Run step name with vars (stolen). */
static int
step(struct aa_session *s, const char *name, json_t *vars,
    struct aa_step_result *res)
{
	struct aa_step_opts o = { .vars = vars };
	int r = aa_flow_step(s, name, &o, res);

	json_decref(vars);
	return r;
}

static const char *
echo_field(struct aa_step_result *res, const char *f)
{
	const char *v = json_string_value(json_object_get(res->resp.json, f));

	return v != NULL ? v : "(none)";
}

static void
test_sessions(struct aa_session *a, struct aa_session *b, struct aa_redact *red)
{
	struct aa_step_result res;
	json_t *vars, *ck;
	char *dump, *v;

	is_int(step(a, "login", NULL, &res), AA_OK, "login a");
	ok(res.accepted, "login accepted");
	is_str(json_string_value(aa_session_var(a, "token")), "tok-alice-secret",
	    "token extracted into the session");
	ok(json_integer_value(json_object_get(res.extracted, "user_id")) == 7,
	    "user_id in res->extracted");
	is_str(json_string_value(json_object_get(res.extracted, "sid")),
	    "s-alice", "cookie extractor");
	is_str(json_string_value(json_object_get(res.extracted, "rid")), "rq-1",
	    "header extractor");
	is_str(json_string_value(json_object_get(res.extracted, "tail")),
	    "secret", "regex extractor");
	dump = json_dumps(res.evidence, 0);
	ok(dump != NULL && strstr(dump, "pw-alpha-XYZ") == NULL &&
	    strstr(dump, "tok-alice-secret") == NULL && strstr(dump, "s-alice") ==
	    NULL, "login evidence hides password, token and cookie");
	ok(dump != NULL && strstr(dump, "\"step\": \"login\"") != NULL &&
	    strstr(dump, "redacted") != NULL, "evidence names the step");
	free(dump);
	aa_step_result_release(&res);
	is_int(step(b, "login", NULL, &res), AA_OK, "login b");
	aa_step_result_release(&res);

	vars = json_pack("{s:n}", "code");
	is_int(step(a, "x-echo", json_incref(vars), &res), AA_OK, "echo a");
	is_str(echo_field(&res, "cookie"), "sid=s-alice", "a sends only its cookie");
	is_str(echo_field(&res, "auth"), "Bearer tok-alice-secret",
	    "header template from session var");
	is_str(echo_field(&res, "ctype"), "application/json", "json content type");
	is_str(echo_field(&res, "body"),
	    "{\"code\":null,\"u\":\"alice\",\"p\":\"pw-alpha-XYZ\"}",
	    "whole-value null on the wire");
	dump = json_dumps(res.evidence, 0);
	ok(dump != NULL && strstr(dump, "pw-alpha-XYZ") == NULL &&
	    strstr(dump, "tok-alice-secret") == NULL,
	    "echoed password and token redacted in evidence");
	ok(dump != NULL && strstr(dump, "\"Bearer \u00abredacted") != NULL,
	    "Authorization keeps its scheme, hides the credential");
	free(dump);
	aa_step_result_release(&res);
	is_int(step(b, "x-echo", json_incref(vars), &res), AA_OK, "echo b");
	is_str(echo_field(&res, "cookie"), "sid=s-bob", "b has its own jar");
	aa_step_result_release(&res);
	json_decref(vars);

	ck = aa_session_cookies(a);
	ok(json_array_size(ck) == 1 && json_is_true(json_object_get(
	    json_array_get(ck, 0), "httponly")), "jar lists HttpOnly cookie");
	is_str(json_string_value(json_object_get(json_array_get(ck, 0),
	    "samesite")), "Strict", "SameSite from Set-Cookie");
	ok(json_object_get(json_array_get(ck, 0), "value") == NULL,
	    "cookie list has no values");
	json_decref(ck);
	v = aa_session_cookie_value(a, "sid");
	is_str(v, "s-alice", "cookie value");
	free(v);

	is_int(aa_session_cookie_set(a, "sid", "fixed-1"), AA_OK, "cookie set");
	is_int(aa_session_cookie_set(a, "extra", "e1"), AA_OK, "new cookie");
	is_int(step(a, "x-get", json_pack("{s:s}", "q", "a b&c"), &res), AA_OK,
	    "get");
	ok(strstr(echo_field(&res, "cookie"), "sid=fixed-1") != NULL &&
	    strstr(echo_field(&res, "cookie"), "extra=e1") != NULL,
	    "replaced and added cookies sent");
	is_str(echo_field(&res, "x"), "a b&c", "query value encoded and decoded");
	is_str(echo_field(&res, "method"), "GET", "default method GET");
	aa_step_result_release(&res);
	is_int(aa_session_cookie_set(a, "sid", NULL), AA_OK, "cookie removed");
	v = aa_session_cookie_value(a, "sid");
	ok(v == NULL, "removed cookie gone");
	free(v);

	vars = json_pack("{s:[s,s], s:O}", "arr", "1", "2", "gone",
	    aa_flow_drop());
	is_int(step(a, "x-form", json_incref(vars), &res), AA_OK, "form");
	is_str(echo_field(&res, "body"), "a=1&a=2&u=alice&n=5",
	    "form: repeated keys, dropped field, number");
	is_str(echo_field(&res, "ctype"), "application/x-www-form-urlencoded",
	    "form content type");
	aa_step_result_release(&res);
	json_decref(vars);

	is_int(step(a, "x-picky", NULL, &res), AA_OK, "picky");
	ok(!res.accepted, "ok.json mismatch: not accepted");
	aa_step_result_release(&res);
	is_int(step(a, "x-redirect", NULL, &res), AA_OK, "redirect");
	ok(res.resp.status == 302 && !res.accepted, "redirect not followed");
	is_str(json_string_value(json_object_get(res.resp.headers, "location")),
	    "/echo", "location header captured");
	aa_step_result_release(&res);

	aa_session_reset(a);
	ok(aa_session_var(a, "token") == NULL, "reset clears vars");
	ck = aa_session_cookies(a);
	is_int((long long)json_array_size(ck), 0, "reset clears cookies");
	json_decref(ck);
	(void)red;
}

static void
test_errors(struct aa_session *a, unsigned dead_port)
{
	struct aa_step_result res;
	json_t *st;
	char url[128], *dump;
	double t0;

	is_int(step(a, "nostep", NULL, &res), AA_ERR_STEP, "missing step");
	aa_step_result_release(&res);
	is_int(step(a, "x-unknown", NULL, &res), AA_ERR_PROFILE, "unknown var");
	dump = json_dumps(res.evidence, 0);
	ok(dump != NULL && strstr(dump, "nosuchvar") != NULL,
	    "evidence names the unknown var");
	free(dump);
	aa_step_result_release(&res);

	t0 = now_s();
	is_int(step(a, "x-big", NULL, &res), AA_ERR_TOOBIG, "100 MB body refused");
	ok(res.resp.body.len <= 65536, "body never buffered past max_body");
	aa_step_result_release(&res);
	is_int(step(a, "x-bigchunked", NULL, &res), AA_ERR_TOOBIG,
	    "endless chunked body refused");
	ok(res.resp.body.len <= 65536, "chunked body capped");
	aa_step_result_release(&res);
	tap_diag("big bodies took %.2f s", now_s() - t0);

	is_int(step(a, "x-hang", NULL, &res), AA_ERR_TIMEOUT, "hanging server");
	aa_step_result_release(&res);

	snprintf(url, sizeof(url), "http://127.0.0.1:%u/x", dead_port);
	st = json_pack("{s:s}", "url", url);
	is_int(aa_flow_run(a, "dead", st, NULL, &res), AA_ERR_NET,
	    "connection refused");
	ok(json_object_get(res.evidence, "error") != NULL, "error in evidence");
	aa_step_result_release(&res);
	json_decref(st);

	st = json_pack("{s:s}", "url", "http://192.0.2.1/x");
	is_int(aa_flow_run(a, "far", st, NULL, &res), AA_ERR_DENIED,
	    "non-loopback URL refused");
	aa_step_result_release(&res);
	json_decref(st);
	st = json_pack("{s:s, s:s}", "url", "http://127.0.0.1/", "bogus", "x");
	is_int(aa_flow_run(a, "bad", st, NULL, &res), AA_ERR_PROFILE,
	    "invalid ad-hoc step");
	aa_step_result_release(&res);
	json_decref(st);
}

static void
test_url_guard(struct aa_http *h)
{
	static const char *const yes[] = { "http://127.0.0.1:1/",
	    "https://127.9.8.7/x", "http://localhost:8080/a?b", "http://[::1]:80/",
	    "HTTP://LOCALHOST/", NULL };
	static const char *const no[] = { "http://10.0.0.1/", "http://[::2]/",
	    "http://localhost.evil.test/", "http://127.0.0.1.nip.io/",
	    "ftp://127.0.0.1/", "file:///etc/passwd", "http://example.test/",
	    "not a url", "http://user@192.0.2.1/", NULL };

	for (size_t i = 0; yes[i] != NULL; i++)
		is_int(aa_http_url_allowed(h, yes[i]), AA_OK, yes[i]);
	for (size_t i = 0; no[i] != NULL; i++)
		is_int(aa_http_url_allowed(h, no[i]), AA_ERR_DENIED, no[i]);
	is_int(aa_http_authorize_host(h, "Example.Test"), AA_OK, "authorize");
	is_int(aa_http_url_allowed(h, "http://example.test:8443/"), AA_OK,
	    "authorized host allowed");
}

static void
test_limits(unsigned port)
{
	struct aa_profile *p = profile(port, "\"max_requests\": 3, \"max_rps\": 20");
	struct aa_http *h = NULL;
	struct aa_session *s = NULL;
	struct aa_step_result res;
	double t0, dt;
	int r = AA_OK;

	if (p == NULL || aa_http_new(&p->limits, NULL, &h) != AA_OK ||
	    aa_session_new(h, p, 0, &s) != AA_OK) {
		ok(0, "limits set-up");
		goto out;
	}
	for (int i = 0; i < 3; i++) {
		r = step(s, "x-get", json_pack("{s:i}", "q", i), &res);
		aa_step_result_release(&res);
	}
	is_int(r, AA_OK, "requests within budget");
	is_int(step(s, "x-get", json_pack("{s:i}", "q", 9), &res), AA_ERR_BUDGET,
	    "budget exhausted");
	aa_step_result_release(&res);
	is_int((long long)aa_http_remaining(h), 0, "nothing remaining");
	is_int((long long)aa_http_requests(h), 3, "requests counted");
	ok(aa_http_rtt_sum_ms(h) > 0, "rtt summed");
	aa_session_free(&s);
	aa_http_free(&h);
	aa_profile_free(&p);

	p = profile(port, "\"max_requests\": 100, \"max_rps\": 20");
	if (p == NULL || aa_http_new(&p->limits, NULL, &h) != AA_OK ||
	    aa_session_new(h, p, 0, &s) != AA_OK) {
		ok(0, "pacing set-up");
		goto out;
	}
	t0 = now_s();
	for (int i = 0; i < 10; i++) {
		step(s, "x-get", json_pack("{s:i}", "q", i), &res);
		aa_step_result_release(&res);
	}
	dt = now_s() - t0;
	/* Pacing guarantees 9 gaps of 50 ms; no upper bound is asserted. */
	ok(dt >= 0.45, "10 requests at 20 rps took %.3f s (>= 0.45)", dt);
out:
	aa_session_free(&s);
	aa_http_free(&h);
	aa_profile_free(&p);
}

int
main(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	struct aa_profile *p = NULL;
	struct aa_redact *red = NULL;
	struct aa_http *h = NULL;
	struct aa_session *a = NULL, *b = NULL;
	unsigned port;

	aa_json_secure_init();
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
	ok(d != NULL, "test server started");
	if (d == NULL)
		return tap_done();
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = di != NULL ? di->port : 0;
	p = profile(port, "\"max_rps\": 1000");
	ok(p != NULL, "profile");
	if (p != NULL && aa_redact_new(&red) == AA_OK &&
	    aa_http_new(&p->limits, red, &h) == AA_OK &&
	    aa_session_new(h, p, 0, &a) == AA_OK &&
	    aa_session_new(h, p, 1, &b) == AA_OK) {
		is_int((long long)aa_session_account(b), 1, "account index");
		test_url_guard(h);
		test_sessions(a, b, red);
		test_errors(a, closed_port());
	} else
		ok(0, "sessions");
	aa_session_free(&a);
	aa_session_free(&b);
	aa_http_free(&h);
	aa_redact_free(&red);
	test_limits(port);
	aa_profile_free(&p);
	stopping = 1;
	MHD_stop_daemon(d);
	return tap_done();
}
