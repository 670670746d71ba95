/*
 * bench_brute: the rate of TOTP-BRUTEFORCE's wrong codes (the auditor's
 * own request path: templates, the step's request and ok rule, refusal
 * class, redaction) against the lab's TOTP verify endpoint, as a ratio to
 * a plain libcurl loop posting the same wrong codes to the same endpoint
 * in a pending login, one reused handle, in the same process. The lab
 * runs with --weak TOTP-BRUTEFORCE (no lock) and the profile's limits
 * allow any rate (the probe is unpaced; max_rps and max_requests are
 * raised), so both sides send every guess. Target: >= 0.9, exits 1 when
 * missed. Best of five interleaved rounds, so a busy machine slows both
 * alike.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <liboath/oath.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/core/buf.h"
#include "auth-audit/report/report.h"
#include "totp/live/live.h"

#define GUESSES 2000
#define ROUNDS 5
#define TARGET 0.9

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t
lab_start(const char *build, unsigned *port)
{
	char bin[4096], line[256];
	int fd[2];
	pid_t pid;
	FILE *fp;

	snprintf(bin, sizeof(bin), "%s/auth-lab", build);
	if (pipe(fd) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		execl(bin, "auth-lab", "--listen", "127.0.0.1:0", "--shape", "a",
		    "--weak", "TOTP-BRUTEFORCE", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	fp = fdopen(fd[0], "r");
	*port = 0;
	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "listening on 127.0.0.1:%u", port) == 1)
			break;
	return *port ? pid : -1;
}

static int
load_profile(const char *path, unsigned port, struct aa_profile **p)
{
	struct aa_buf b, out;
	struct aa_diag diag = { "" };
	char url[64];
	const char *hit;
	int r;

	aa_buf_init(&b, AA_PROFILE_MAX_BYTES);
	aa_buf_init(&out, AA_PROFILE_MAX_BYTES);
	if ((r = aa_buf_read_file(&b, path)) != AA_OK)
		goto out;
	snprintf(url, sizeof(url), "http://127.0.0.1:%u", port);
	if ((hit = strstr(b.ptr, "http://127.0.0.1:0\"")) == NULL) {
		r = AA_ERR_PARSE;
		goto out;
	}
	aa_buf_append(&out, b.ptr, (size_t)(hit - b.ptr));
	aa_buf_puts(&out, url);
	aa_buf_puts(&out, hit + strlen("http://127.0.0.1:0"));
	r = aa_profile_parse(out.ptr, out.len, path, p, &diag);
	if (r != AA_OK)
		fprintf(stderr, "bench_brute: %s\n", diag.msg);
out:
	aa_buf_release(&b);
	aa_buf_release(&out);
	return r;
}

/* The auditor: TOTP-BRUTEFORCE alone; its evidence has the rate. */
static double
ours(unsigned port, unsigned long *attempts)
{
	static const struct aa_module *const mods[] = { &aa_totp_module, NULL };
	const char *only[] = { "TOTP-BRUTEFORCE", NULL };
	struct aa_audit_opts o = { .modules = mods, .only = only };
	struct aa_profile *p = NULL;
	struct aa_audit *a = NULL;
	const struct aa_result *res;
	double rate = -1;

	if (load_profile("tests/lab/profile-a.json", port, &p) != AA_OK)
		return -1;
	p->limits.max_guesses = GUESSES;
	p->limits.max_rps = 100000;
	p->limits.max_requests = 100000;
	if (aa_audit_new(p, &o, &a) != AA_OK)
		goto out;
	aa_audit_run(a);
	res = aa_report_find(a->report, AA_CK_TOTP_BRUTEFORCE);
	if (res == NULL || res->status != AA_FAIL) {
		fprintf(stderr, "bench_brute: TOTP-BRUTEFORCE did not run to "
		    "the end: %s\n", res != NULL && res->summary != NULL ?
		    res->summary : "no result");
		goto out;
	}
	*attempts = (unsigned long)json_integer_value(json_object_get(
	    res->evidence, "attempts"));
	rate = json_real_value(json_object_get(res->evidence, "rate_per_s"));
out:
	aa_audit_free(&a);
	aa_profile_free(&p);
	return rate;
}

struct body {
	char buf[4096];
	size_t len;
};

static size_t
keep(char *p, size_t sz, size_t n, void *ud)
{
	struct body *b = ud;
	size_t k = sz * n;

	if (b != NULL && b->len + k < sizeof(b->buf)) {
		memcpy(b->buf + b->len, p, k);
		b->len += k;
		b->buf[b->len] = '\0';
	}
	return k;
}

static CURL *
handle(void)
{
	CURL *c = curl_easy_init();

	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return c;
}

/* POST json to path; the status, or -1. */
static long
post(CURL *c, struct curl_slist *h, unsigned port, const char *path,
    const char *json, struct body *b)
{
	char url[256];
	long code = -1;

	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
	if (b != NULL)
		b->len = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	if (curl_easy_perform(c) != CURLE_OK ||
	    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK)
		return -1;
	return code;
}

static const char login_b[] =
    "{\"username\":\"audit-b\",\"password\":\"lab-pass-b\"}";

/* Account b gets a confirmed TOTP factor for the baseline's logins. */
static int
enroll_b(unsigned port, struct curl_slist *h, char *seed, size_t *seedlen)
{
	CURL *c = handle();
	struct body b;
	char code[16], json[64], *s = NULL, *raw = NULL;
	const char *k, *e;
	size_t rawlen = 0;
	int ok = 0;

	if (post(c, h, port, "/api/login", login_b, &b) != 200 ||
	    post(c, h, port, "/api/2fa/totp/enroll", "{}", &b) != 200 ||
	    (k = strstr(b.buf, "\"secret\":\"")) == NULL ||
	    (e = strchr(k + 10, '"')) == NULL)
		goto out;
	s = strndup(k + 10, (size_t)(e - k - 10));
	if (s == NULL || oath_base32_decode(s, strlen(s), &raw, &rawlen) !=
	    OATH_OK || rawlen > *seedlen)
		goto out;
	memcpy(seed, raw, rawlen);
	*seedlen = rawlen;
	if (oath_totp_generate(seed, rawlen, time(NULL), 30, 0, 6, code) !=
	    OATH_OK)
		goto out;
	snprintf(json, sizeof(json), "{\"code\":\"%s\"}", code);
	ok = post(c, h, port, "/api/2fa/totp/confirm", json, &b) == 200;
out:
	free(s);
	free(raw);
	curl_easy_cleanup(c);
	return ok ? 0 : -1;
}

/* The baseline: a pending login, then n wrong codes on one handle. */
static double
baseline(unsigned port, struct curl_slist *h, const char *seed,
    size_t seedlen, unsigned long n)
{
	CURL *c = handle();
	char valid[3][16], code[16], json[64];
	time_t now = time(NULL);
	unsigned long sent = 0;
	double t0, dt;

	for (int i = 0; i < 3; i++)
		oath_totp_generate(seed, seedlen, now + (i - 1) * 30, 30, 0, 6,
		    valid[i]);
	if (post(c, h, port, "/api/login", login_b, NULL) != 200) {
		curl_easy_cleanup(c);
		return -1;
	}
	t0 = now_s();
	for (unsigned long k = 1; k <= n; k++) {
		long st;

		snprintf(code, sizeof(code), "%06lu", (k * 7919) % 1000000);
		if (strcmp(code, valid[0]) == 0 || strcmp(code, valid[1]) == 0 ||
		    strcmp(code, valid[2]) == 0)
			snprintf(code, sizeof(code), "%06lu",
			    (k * 7919 + 1) % 1000000);
		snprintf(json, sizeof(json), "{\"code\":\"%s\"}", code);
		st = post(c, h, port, "/api/2fa/totp", json, NULL);
		if (st >= 200 && st < 300)
			break; /* a wrong code accepted: not comparable */
		if (st > 0)
			sent++;
	}
	dt = now_s() - t0;
	curl_easy_cleanup(c);
	return sent == n ? (double)n / dt : -1;
}

int
main(void)
{
	const char *build = getenv("AA_BUILD") ? getenv("AA_BUILD") : "build";
	struct curl_slist *h = NULL;
	char seed[64];
	size_t seedlen = sizeof(seed);
	double best_ours = 0, best_base = 0, ratio;
	unsigned long attempts = 0;
	unsigned port;
	pid_t lab;
	int rc = 1;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	oath_init();
	if ((lab = lab_start(build, &port)) < 0) {
		fprintf(stderr, "bench_brute: cannot start %s/auth-lab\n", build);
		return 1;
	}
	h = curl_slist_append(NULL, "Content-Type: application/json");
	if (enroll_b(port, h, seed, &seedlen) != 0) {
		fprintf(stderr, "bench_brute: cannot enrol TOTP for audit-b\n");
		goto out;
	}
	for (int r = 0; r < ROUNDS; r++) {
		double o = ours(port, &attempts), b;

		if (o <= 0 || attempts != GUESSES ||
		    (b = baseline(port, h, seed, seedlen, attempts)) <= 0) {
			fprintf(stderr, "bench_brute: round %d failed\n", r + 1);
			goto out;
		}
		if (o > best_ours)
			best_ours = o;
		if (b > best_base)
			best_base = b;
	}
	ratio = best_ours / best_base;
	printf("bench_brute: TOTP-BRUTEFORCE %.0f guesses/s, plain libcurl "
	    "loop %.0f/s, ratio %.2f (target >= %.1f: %s; %d wrong codes, best "
	    "of %d)\n", best_ours, best_base, ratio, TARGET,
	    ratio >= TARGET ? "met" : "NOT met", GUESSES, ROUNDS);
	rc = ratio >= TARGET ? 0 : 1;
out:
	curl_slist_free_all(h);
	kill(lab, SIGTERM);
	waitpid(lab, NULL, 0);
	oath_done();
	curl_global_cleanup();
	return rc;
}
