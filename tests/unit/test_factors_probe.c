/*
 * Probe plan without a network: a fake server answers each URL the plan
 * asks for. Soft-404 guard, redirect rules, interpretation.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth-audit/factors/factors.h"
#include "auth-audit/factors/net.h"
#include "tests/unit/tap.h"

enum mode { HONEST, SOFT404, OFFHOST, SAMEHOST, LOOP, PK_REDIRECT };

static const char page[] = "<html>welcome</html>";
static const char oidc_doc[] = "{\"issuer\":\"https://id.example\","
    "\"grant_types_supported\":[\"authorization_code\",\"password\"],"
    "\"acr_values_supported\":[\"phrh\"]}";

static int asked;

/* Answer url like a server in `mode` would. */
static void
serve(struct aa_factors_probe *p, enum mode m, const char *url)
{
	const char *path = strstr(url + 8, "/");
	const char *ct = "application/json", *loc = NULL, *body = "";
	struct aa_buf b;
	long st = 404;

	asked++;
	if (strstr(path, "should-not-exist") != NULL) {
		if (m == SOFT404) {
			st = 200;
			ct = "text/html";
			body = page;
		}
	} else if (strcmp(path, "/.well-known/passkey-endpoints") == 0) {
		if (m == PK_REDIRECT) {
			st = 302;
			loc = "/elsewhere";
		} else if (m == SOFT404) {
			st = 200;
			ct = "text/html";
			body = page;
		} else {
			st = 200;
			body = "{\"enroll\":\"https://x.example/new\"}";
		}
	} else if (strcmp(path, "/.well-known/openid-configuration") == 0) {
		if (m == OFFHOST) {
			st = 301;
			loc = "https://login.other.example/.well-known/openid-configuration";
		} else if (m == SAMEHOST || m == LOOP) {
			st = 302;
			loc = m == LOOP ? "/.well-known/openid-configuration" :
			    "/oidc/meta";
		} else {
			st = 200;
			body = oidc_doc;
		}
	} else if (strcmp(path, "/oidc/meta") == 0) {
		st = 200;
		body = oidc_doc;
	} else if (strcmp(path, "/.well-known/change-password") == 0) {
		if (m == SOFT404) {
			st = 200;
			ct = "text/html";
			body = page;
		} else {
			st = 302;
			loc = "https://x.example/account/password";
		}
	} else if (strcmp(path, "/.well-known/security.txt") == 0) {
		st = 200;
		ct = "text/plain";
		body = m == SOFT404 ? page :
		    "Contact: mailto:s@x.example\nExpires: 2099-01-01T00:00:00Z\n";
	} else if (m == SOFT404) {
		st = 200;
		ct = "text/html";
		body = page;
	}
	aa_buf_init(&b, AA_FACTORS_WK_MAX_BODY);
	aa_buf_puts(&b, body);
	aa_factors_probe_feed(p, AA_OK, st, ct, loc, &b);
	aa_buf_release(&b);
}

static struct aa_factors_probe *
drive(enum mode m, struct aa_factors_wk *w)
{
	struct aa_factors_probe *p = NULL;
	const char *url;
	int guard = 0;

	asked = 0;
	if (aa_factors_probe_new("https://x.example", &p) != AA_OK)
		return NULL;
	while ((url = aa_factors_probe_next(p)) != NULL && guard++ < 100) {
		char copy[512];

		snprintf(copy, sizeof(copy), "%s", url);
		serve(p, m, copy);
	}
	aa_factors_probe_result(p, time(NULL), w);
	return p;
}

static const char *
ev_str(json_t *ev, const char *probe, const char *member)
{
	return json_string_value(json_object_get(json_object_get(ev, probe),
	    member));
}

/* Targets as the user writes them. */
static void
origins(void)
{
	char origin[128], host[64];

	is_int(aa_factors_origin("example.com", origin, sizeof(origin), host,
	    sizeof(host)), AA_OK, "bare domain");
	is_str(origin, "https://example.com", "  ... taken as https");
	is_int(aa_factors_origin("http://User@Lab.Test:8080/x?y", origin,
	    sizeof(origin), host, sizeof(host)), AA_OK, "URL with path");
	is_str(origin, "http://User@Lab.Test:8080", "  ... origin kept");
	is_str(host, "lab.test", "  ... host without userinfo/port, lower-case");
	is_int(aa_factors_origin("ftp://x.example", origin, sizeof(origin),
	    host, sizeof(host)), AA_ERR_ARG, "ftp refused");
	is_int(aa_factors_origin("http://[::1]:80/", origin, sizeof(origin),
	    host, sizeof(host)), AA_OK, "IPv6 literal");
	is_str(host, "[::1]", "  ... keeps brackets");
}

static void
honest_server(void)
{
	struct aa_factors_probe *p;
	struct aa_factors_wk w;
	json_t *ev;

		p = drive(HONEST, &w);
	ok(p != NULL, "plan runs");
	is_int(asked, AA_PROBE_COUNT, "one request per probe");
	ok(!w.soft404, "no soft 404");
	ok(w.pk_endpoints, "passkey-endpoints found");
	is_str(w.pk_enroll, "https://x.example/new", "  ... enroll URL");
	ok(w.oidc && w.ropc && w.phrh && !w.phr, "oidc: password grant, phrh");
	is_str(w.issuer, "https://id.example", "  ... issuer");
	ok(w.sectxt && !w.sectxt_expired, "security.txt valid");
	ok(w.change_password, "change-password redirect counts");
	ok(aa_factors_probe_reached(p), "target reached");
	ev = aa_factors_probe_evidence(p);
	is_str(ev_str(ev, "/.well-known/change-password", "location"),
	    "https://x.example/account/password", "change-password not followed");
	json_decref(ev);
	aa_factors_probe_free(&p);
}

/* A server that answers 200 for everything. */
static void
soft_404(void)
{
	struct aa_factors_probe *p;
	struct aa_factors_wk w;
	json_t *ev;

	p = drive(SOFT404, &w);
	ok(w.soft404, "soft 404 detected");
	ok(!w.pk_endpoints, "catch-all page is not a passkey-endpoints document");
	ok(!w.change_password, "change-password 200 discounted");
	ok(!w.sectxt, "catch-all page is not security.txt");
	ev = aa_factors_probe_evidence(p);
	ok(ev_str(ev, "soft404-guard", "guard") != NULL, "guard explained");
	ok(ev_str(ev, "/.well-known/change-password", "guard") != NULL,
	    "  ... and the discounted answer too");
	ok(ev_str(ev, "/.well-known/passkey-endpoints", "guard") != NULL,
	    "  ... same body as the nonexistent path");
	json_decref(ev);
	aa_factors_probe_free(&p);
}

static void
redirects(void)
{
	struct aa_factors_probe *p;
	struct aa_factors_wk w;

		p = drive(OFFHOST, &w);
	ok(!w.oidc, "metadata on another host is not fetched");
	is_int(asked, AA_PROBE_COUNT, "  ... no request beyond the plan");
	ok(aa_factors_probe_offhost(p, AA_PROBE_OIDC) != NULL &&
	    strstr(aa_factors_probe_offhost(p, AA_PROBE_OIDC),
	    "login.other.example") != NULL, "  ... explained, naming the host");
	aa_factors_probe_free(&p);

	p = drive(SAMEHOST, &w);
	ok(w.oidc && w.ropc, "same-host redirect followed");
	is_int(asked, AA_PROBE_COUNT + 1, "  ... one extra request");
	aa_factors_probe_free(&p);

	p = drive(LOOP, &w);
	ok(!w.oidc, "redirect loop gives up");
	is_int(asked, AA_PROBE_COUNT + AA_FACTORS_PROBE_MAX_HOPS,
	    "  ... after the hop limit");
	aa_factors_probe_free(&p);

	p = drive(PK_REDIRECT, &w);
	ok(!w.pk_endpoints, "passkey-endpoints redirect is invalid");
	is_int(asked, AA_PROBE_COUNT, "  ... and not followed");
	aa_factors_probe_free(&p);
}

/* No answers at all; a feed out of turn. */
static void
no_answers(void)
{
	struct aa_factors_probe *p;
	const char *url;

	is_int(aa_factors_probe_new("https://down.example", &p), AA_OK, "new");
	while ((url = aa_factors_probe_next(p)) != NULL)
		aa_factors_probe_feed(p, AA_ERR_NET, 0, NULL, NULL, NULL);
	ok(!aa_factors_probe_reached(p), "unreachable target: not reached");
	aa_factors_probe_free(&p);
	ok(p == NULL, "free clears the pointer");
	is_int(aa_factors_probe_new("https://x.example", &p), AA_OK, "new");
	is_int(aa_factors_probe_feed(p, AA_OK, 200, NULL, NULL, NULL),
	    AA_ERR_ARG, "feed without a pending URL is refused");
	aa_factors_probe_free(&p);
}

/* The plan takes a body without copying it, and leaves one over its cap
 * with the caller, saying so. */
static void
body_handover(void)
{
	struct aa_factors_probe *p;
	struct aa_buf b;
	const char *big;
	json_t *ev;

	is_int(aa_factors_probe_new("https://x.example", &p), AA_OK, "new");
	aa_buf_init(&b, 2 * AA_FACTORS_WK_MAX_BODY);
	aa_factors_probe_next(p);
	aa_buf_puts(&b, "nothing here");
	is_int(aa_factors_probe_feed(p, AA_OK, 404, "text/plain", NULL, &b),
	    AA_OK, "fed");
	ok(b.len == 0 && b.ptr == NULL, "the body was taken");
	aa_factors_probe_next(p);
	aa_buf_reserve(&b, AA_FACTORS_WK_MAX_BODY + 1);
	memset(b.ptr, 'x', AA_FACTORS_WK_MAX_BODY + 1);
	b.len = AA_FACTORS_WK_MAX_BODY + 1;
	b.ptr[b.len] = '\0';
	is_int(aa_factors_probe_feed(p, AA_OK, 200, "application/json", NULL,
	    &b), AA_OK, "fed an oversize body");
	ok(b.len == AA_FACTORS_WK_MAX_BODY + 1, "  ... which stays with the "
	    "caller");
	ev = aa_factors_probe_evidence(p);
	big = ev_str(ev, "/.well-known/passkey-endpoints", "note");
	ok(big != NULL && strstr(big, "body larger than") != NULL,
	    "  ... and the evidence says it was ignored");
	json_decref(ev);
	aa_buf_release(&b);
	aa_factors_probe_free(&p);
}

/* The loopback rule per URL, with the prefix a target's probes share
 * checked once: another host never rides on it. */
static void
loopback_rule(void)
{
	static const char *const resolve[] = { "d1.test:8080:127.0.0.1",
	    NULL };
	static const struct {
		const char *url;
		int want;
		const char *name;
	} c[] = {
		{ "http://d1.test:8080/.well-known/a", AA_OK,
		    "a name mapped to 127.0.0.1 passes" },
		{ "http://d1.test:8080/.well-known/b", AA_OK,
		    "  ... and its next probe" },
		{ "http://d1.test:8080/@example.com/", AA_OK,
		    "  ... an '@' in the path is still that host" },
		{ "http://d1.test:8080@example.com/", AA_ERR_DENIED,
		    "userinfo before another host: refused" },
		{ "http://d1.test:80800/", AA_ERR_DENIED,
		    "a longer port is another origin: refused" },
		{ "http://d1.test.example.com:8080/", AA_ERR_DENIED,
		    "a longer host: refused" },
		{ "http://example.com/", AA_ERR_DENIED,
		    "an unmapped name: refused" },
		{ "http://d1.test:8080/c", AA_OK,
		    "the mapped name again after a refusal" },
	};
	struct aa_factors_net net = { .resolve = resolve, .loopback_only = 1 };
	struct aa_factors_xfer x;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	is_int(aa_factors_xfer_init(&x, &net, 1024), AA_OK, "xfer init");
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		is_int(aa_factors_xfer_prepare(&x, c[i].url), c[i].want,
		    c[i].name);
	aa_factors_xfer_release(&x);
	curl_global_cleanup();
}

int
main(void)
{
	origins();
	honest_server();
	soft_404();
	redirects();
	no_answers();
	body_handover();
	loopback_rule();
	return tap_done();
}
