/*
 * libFuzzer harness for auth-lab's request handling without the socket:
 * body parsing by shape (JSON object or form), routing with path
 * parameters, and every module's handlers, over a sequence of requests
 * that share the session cookie the lab hands out (login, enrol, verify,
 * ...). Input: first byte picks the shape and weakness switches, then
 * requests separated by NUL bytes, each "METHOD PATH\nBODY". The lab
 * file with the MHD glue is compiled in for its static parser.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/jalloc.h"
#include "tests/lab/lab_http.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REQUESTS 16

static const char *const weaks[] = {
	"AUTH-2FA-SKIP", "AUTH-OTP-EMPTY", "TOTP-REPLAY", "AUTH-FACTOR-IDOR",
	"AUTH-RECOVERY-REUSE", "SMS-CODE-LEAK", "FIDO-ORIGIN",
};

/* The session cookie's value out of the lab's Set-Cookie, if any. */
static void
take_cookie(const struct lab *lab, const struct lab_resp *rs, char *sid,
    size_t len)
{
	const char *name = lab_session_cookie(lab);
	size_t n = strlen(name);

	for (size_t i = 0; i < rs->nhdr; i++) {
		const char *v = rs->hdr[i].value;

		if (strcasecmp(rs->hdr[i].name, "Set-Cookie") != 0 ||
		    strncmp(v, name, n) != 0 || v[n] != '=')
			continue;
		snprintf(sid, len, "%.*s", (int)strcspn(v + n + 1, ";"),
		    v + n + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lab lab;
	const uint8_t *p = data + 1, *end = data + size, *z, *nl;
	char sid[256] = "", line[256], *body;
	int nreq = 0;

	if (size < 1)
		return 0;
	aa_json_secure_init();
	memset(&lab, 0, sizeof(lab));
	lab.shape = data[0] & 1 ? 'b' : 'a';
	lab.totp_period = 30;	/* lab_main.c's default */
	for (size_t i = 0; i < sizeof(weaks) / sizeof(weaks[0]); i++)
		if (data[0] & (2u << i))
			lab.weak[lab.nweak++] = weaks[i];
	snprintf(lab.host, sizeof(lab.host), "127.0.0.1");
	if (pthread_mutex_init(&lab.mu, NULL) != 0)
		return 0;
	if (lab_users_init(&lab) != LAB_OK || lab_modules_init(&lab) != LAB_OK)
		goto out;
	while (p < end && nreq++ < MAX_REQUESTS) {
		struct lab_req rq;
		struct lab_resp rs;
		enum lab_err e = LAB_E_INTERNAL;
		char *method, *path, *sp;
		size_t n;

		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			z = end;
		nl = memchr(p, '\n', (size_t)(z - p));
		n = (size_t)((nl ? nl : z) - p);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		method = line;
		if ((sp = strchr(line, ' ')) == NULL) {
			p = z < end ? z + 1 : end;
			continue;
		}
		*sp = '\0';
		path = sp + 1;
		path[strcspn(path, "?")] = '\0';
		body = nl ? strndup((const char *)nl + 1,
		    (size_t)(z - nl - 1)) : strdup("");
		p = z < end ? z + 1 : end;
		if (body == NULL)
			break;
		memset(&rq, 0, sizeof(rq));
		memset(&rs, 0, sizeof(rs));
		rq.method = method;
		rq.path = path;
		rq.client_ip = "127.0.0.1";
		rq.body = body;
		rq.body_len = strlen(body);
		if (parse_body(&lab, &rq, &e) != 0)
			lab_reply_error(&lab, &rs, e);
		else {
			rq.sess = lab_session_find(&lab, sid[0] ? sid : NULL);
			rq.user = rq.sess != NULL ? rq.sess->user : NULL;
			lab_dispatch(&lab, &rq, &rs);
		}
		if (rs.status < 100 || rs.status > 599)
			__builtin_trap();
		if (rs.json != NULL)
			free(json_dumps(rs.json, JSON_COMPACT));
		take_cookie(&lab, &rs, sid, sizeof(sid));
		lab_resp_release(&rs);
		json_decref(rq.in);
		free(body);
	}
out:
	lab_sessions_fini(&lab);
	lab_modules_fini(&lab);
	lab_users_fini(&lab);
	pthread_mutex_destroy(&lab.mu);
	return 0;
}
