/*
 * Benchmark: one full audit of the hardened lab (shape a, software key,
 * TOTP step of 5 s as in the tests).
 * Reports requests made, wall time, and the ratio of wall time to the sum
 * of the requests' own round-trip times: the auditor's own overhead
 * (templates, parsing, evidence, rating) on top of waiting for the target.
 * Time inside the authenticator (the software key's CTAP processing and
 * signatures, a real key's touches) is waiting on a device, not auditor
 * work: the second ratio counts it with the round trips, and both print.
 * The waits the audit announced (a fresh TOTP step, a Retry-After) are
 * the target's time too and count with the round trips. Every module of
 * the registry runs, as `auth-audit audit` runs them.
 * Target: ratio under 1.5. Both numbers come from the same run. The
 * profile's max_rps is raised for the run so pacing sleeps (a limit the
 * user chose) do not count as overhead.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/buf.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Start auth-lab on a free port; returns its pid and the port. */
static pid_t
lab_start(const char *build, char shape, unsigned *port)
{
	char bin[4096], line[256], sh[2] = { shape, 0 };
	int fd[2];
	pid_t pid;
	FILE *fp;

	snprintf(bin, sizeof(bin), "%s/auth-lab", build);
	if (pipe(fd) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		/* The tests' 5-second TOTP step: the fresh-step waits are
		 * counted, not overhead, but need not take minutes. */
		execl(bin, "auth-lab", "--listen", "127.0.0.1:0", "--shape", sh,
		    "--totp-period", "5", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	fp = fdopen(fd[0], "r");
	*port = 0;
	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "listening on 127.0.0.1:%u", port) == 1)
			break;
	/* fp stays open: the lab may write more and must not get SIGPIPE */
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
		fprintf(stderr, "bench_audit: %s\n", diag.msg);
out:
	aa_buf_release(&b);
	aa_buf_release(&out);
	return r;
}

int
main(void)
{
	const char *build = getenv("AA_BUILD") ? getenv("AA_BUILD") : "build";
	struct aa_audit_opts o = { .device = "soft",
	    .modules = aa_cmd_modules };
	const char *only[2] = { getenv("AA_BENCH_ONLY"), NULL };
	struct aa_profile *p = NULL;
	struct aa_audit *a = NULL;
	double t0, wall, rtt, dev;
	unsigned port;
	pid_t lab;
	int rc = 1;

	if ((lab = lab_start(build, 'a', &port)) < 0) {
		fprintf(stderr, "bench_audit: cannot start %s/auth-lab\n", build);
		return 1;
	}
	if (load_profile("tests/lab/profile-a.json", port, &p) != AA_OK)
		goto out;
	/* AA_BENCH_ONLY=PATTERN measures one module (e.g. 'FIDO-*'). */
	if (only[0] != NULL)
		o.only = only;
	/* Pacing is a limit the user sets, not overhead: take it out. */
	p->limits.max_rps = 10000;
	if (aa_audit_new(p, &o, &a) != AA_OK)
		goto out;
	t0 = now_ms();
	aa_audit_run(a);
	wall = now_ms() - t0;
	rtt = aa_http_rtt_sum_ms(a->http) + a->wait_ms;
	dev = a->device_ms;
	printf("bench audit: %lu requests, wall %.1f ms, sum of round trips "
	    "and announced waits %.1f ms (waits %.1f ms), in the "
	    "authenticator %.1f ms\n", aa_http_requests(a->http), wall, rtt,
	    a->wait_ms, dev);
	printf("bench audit: wall / (round trips + waits) %.2f; wall / (round "
	    "trips + waits + authenticator) %.2f (target < 1.5)%s\n",
	    rtt > 0 ? wall / rtt : 0.0,
	    rtt + dev > 0 ? wall / (rtt + dev) : 0.0,
	    rtt + dev > 0 && wall / (rtt + dev) < 1.5 ? "" : "  ABOVE TARGET");
	rc = rtt + dev > 0 && wall / (rtt + dev) < 1.5 ? 0 : 1;
out:
	aa_audit_free(&a);
	aa_profile_free(&p);
	kill(lab, SIGTERM);
	waitpid(lab, NULL, 0);
	return rc;
}
