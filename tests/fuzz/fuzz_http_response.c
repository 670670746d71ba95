/*
 * libFuzzer harness for HTTP response handling: the input's first line is
 * a step's `ok` rule (JSON; used when the profile loader would accept it),
 * the rest the raw bytes a target answers with: status line, headers
 * (Set-Cookie attributes, a session token), body (JSON or not). The real
 * path runs: libcurl reads the bytes from a socketpair handed to it as
 * an already connected socket, then the session's header and body
 * callbacks and limits, the ok rule with its templates and regex rules,
 * the extractors, the session token, the cookie jar and the evidence.
 * The password never shows in the evidence.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/engine/session_curl.h"
#include "auth-audit/profile/step.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PASSWORD "fuzz-pass-9876"
#define MAX_RESPONSE (96 * 1024)   /* fits a socketpair's buffer */

static const char profile_text[] =
    "{\"base_url\": \"http://127.0.0.1:9\","
    " \"limits\": {\"max_requests\": 10, \"max_rps\": 10000,"
    "   \"timeout_ms\": 2000, \"max_body\": 65536},"
    " \"session\": {\"token\": {\"var\": \"token\", \"from\": \"json:/token\","
    "   \"header\": \"Authorization: Bearer ${token}\"}},"
    " \"accounts\": [{\"username\": \"fuzz-user\", \"password\": \""
    PASSWORD "\"}]}";

static struct aa_profile *prof;
static int peer = -1;             /* our end of the pair */
static const uint8_t *answer;
static size_t answer_len;

/* libcurl asks for a socket: the pair's other end, answer already in. */
static curl_socket_t
open_sock(void *ctx, curlsocktype purpose, struct curl_sockaddr *addr)
{
	int sv[2];

	(void)ctx;
	(void)purpose;
	(void)addr;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return CURL_SOCKET_BAD;
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	if (answer_len > 0)
		(void)write(sv[1], answer, answer_len);
	shutdown(sv[1], SHUT_WR);
	peer = sv[1];
	return sv[0];
}

static int
sock_opt(void *ctx, curl_socket_t fd, curlsocktype purpose)
{
	(void)ctx;
	(void)fd;
	(void)purpose;
	return CURL_SOCKOPT_ALREADY_CONNECTED;
}

static int
leaks(const json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;

	if (json_is_string(v))
		return strstr(json_string_value(v), PASSWORD) != NULL;
	json_object_foreach((json_t *)v, k, e)
		if (leaks(e))
			return 1;
	json_array_foreach(v, i, e)
		if (leaks(e))
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_diag d = { "" };
	struct aa_redact *red = NULL;
	struct aa_http *h = NULL;
	struct aa_session *s = NULL;
	struct aa_step_result res;
	const uint8_t *nl = memchr(data, '\n', size);
	json_t *step = NULL, *ok = NULL, *cookies;
	char err[256], *v;

	aa_json_secure_init();
	memset(&res, 0, sizeof(res));
	if (prof == NULL && aa_profile_parse(profile_text,
	    sizeof(profile_text) - 1, "fuzz", &prof, &d) != AA_OK)
		__builtin_trap();
	if (nl == NULL)
		return 0;
	answer = nl + 1;
	answer_len = size - (size_t)(nl - data) - 1;
	if (answer_len > MAX_RESPONSE)
		answer_len = MAX_RESPONSE;
	ok = json_loadb((const char *)data, (size_t)(nl - data), 0, NULL);
	if (!json_is_object(ok) || aa_ok_check(ok, err, sizeof(err)) != AA_OK) {
		json_decref(ok);
		ok = json_pack("{s:[i,i], s:{s:s}, s:s, s:{s:s}}", "status",
		    200, 302, "json", "/user", "${username}", "body", "ok|\\d+",
		    "headers", "Location", "^/home");
	}
	step = json_pack("{s:s, s:s, s:{s:s}, s:O, s:{s:s, s:s, s:s, s:s}}",
	    "method", "POST", "path", "/login?u=${username}", "json", "p",
	    "${password}", "ok", ok, "extract", "id", "json:/user/id", "sid",
	    "cookie:sid", "loc", "header:location", "code",
	    "regex:code=([0-9]{4,8})");
	if (step == NULL || aa_redact_new(&red) != AA_OK ||
	    aa_http_new(&prof->limits, red, &h) != AA_OK ||
	    aa_redact_add_secret(red, prof->accounts[0].password) != AA_OK ||
	    aa_session_new(h, prof, 0, &s) != AA_OK)
		goto out;
	curl_easy_setopt(s->curl, CURLOPT_OPENSOCKETFUNCTION, open_sock);
	curl_easy_setopt(s->curl, CURLOPT_SOCKOPTFUNCTION, sock_opt);
	curl_easy_setopt(s->curl, CURLOPT_FORBID_REUSE, 1L);
	if (aa_flow_run(s, "fuzz", step, NULL, &res) == AA_OK) {
		if (res.resp.body.len > prof->limits.max_body)
			__builtin_trap();
		if (res.evidence != NULL && leaks(res.evidence))
			__builtin_trap();
	}
	cookies = aa_session_cookies(s);
	json_decref(cookies);
	free(aa_session_cookie_value(s, "sid"));
	if ((v = aa_session_cookie_value(s, "x")) != NULL)
		free(v);
out:
	if (peer >= 0)
		close(peer);
	peer = -1;
	aa_step_result_release(&res);
	aa_session_free(&s);
	aa_http_free(&h);
	aa_redact_free(&red);
	json_decref(step);
	json_decref(ok);
	return 0;
}
