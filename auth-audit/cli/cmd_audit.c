/*
 * auth-audit audit: load a profile, run every module against the target,
 * write the report(s) and map the results to an exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/suggest.h"
#include "auth-audit/engine/http.h"

#define AUDIT_USAGE \
"usage: auth-audit audit --profile FILE [--format FORMAT]\n" \
"                        [--out FILE] [--also FORMAT=FILE]...\n" \
"                        [--device auto|soft[:STATEFILE]|PATH]\n" \
"                        [--only IDS] [--skip IDS] [--fail-on SEVERITY|none]\n" \
"                        [--authorized-target HOST]... [--proxy URL]\n" \
"                        [--cacert FILE] [--sarif-passes] [-v|--verbose]\n" \
"                        [-q|--quiet]\n" \
"FORMAT is %s.\n"

/* --help: the synopsis, then every option (auth-audit(1) says the same). */
#define AUDIT_HELP AUDIT_USAGE \
"\n" \
"Audit the service a target profile describes and write the graded report.\n" \
"\n" \
"  --profile FILE           the target profile (docs/PROFILE.md)\n" \
"  --format FORMAT          report format: text (default), json, sarif, md,\n" \
"                           html, or tsv (ID, status, severity, summary)\n" \
"  --out FILE               write the report to FILE instead of stdout\n" \
"  --also FORMAT=FILE       also write the report as FORMAT to FILE (up to 8)\n" \
"  --device DEV             authenticator for the FIDO checks: auto (the\n" \
"                           first key found), soft[:STATEFILE] (the built-in\n" \
"                           software key) or a device path\n" \
"  --only IDS               run only these checks: comma-separated IDs, ID*\n" \
"                           for a prefix ('auth-audit checks' lists them)\n" \
"  --skip IDS               do not run these checks (same syntax)\n" \
"  --fail-on SEVERITY|none  exit 1 when a check fails at SEVERITY (info, low,\n" \
"                           medium, high, critical) or above; default " \
    AA_CMD_FAIL_ON_DEFAULT_NAME "\n" \
"  --authorized-target HOST allow requests to HOST, not a loopback address\n" \
"  --proxy URL              send every request through the proxy at URL\n" \
"                           (http, https, socks4, socks4a, socks5, socks5h;\n" \
"                           no credentials in it)\n" \
"  --cacert FILE            verify TLS certificates against the CA\n" \
"                           certificates in FILE (PEM), e.g. a private CA\n" \
"  --sarif-passes           SARIF lists passed checks too (one result each)\n" \
"  -v, --verbose            print each request on stderr: method, URL,\n" \
"                           status, round trip (secrets redacted)\n" \
"  -q, --quiet              print nothing on stderr but errors\n" \
"\n" \
"Exit status: 0 nothing reached --fail-on, 1 findings, 2 usage or profile\n" \
"error, 3 the run could not finish, 4 under half of the checks ran.\n" \
"See auth-audit(1).\n"

#define MAX_LIST 128
#define MAX_ALSO 8

struct audit_args {
	const char *profile;
	const char *format;
	const char *out;
	char *also[MAX_ALSO];
	size_t nalso;
	const char *only[MAX_LIST + 1];
	const char *skip[MAX_LIST + 1];
	const char *hosts[MAX_LIST + 1];
	size_t nonly, nskip, nhosts;
	int fail_on;  /* severity, or -1 for none */
	int quiet;
	int sarif_passes; /* SARIF lists passed checks too */
	struct aa_audit_opts opts;
};

static int
parse_args(int argc, char **argv, struct audit_args *a)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "also", required_argument, NULL, 'a' },
		{ "device", required_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'O' },
		{ "skip", required_argument, NULL, 'S' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "authorized-target", required_argument, NULL, 'T' },
		{ "proxy", required_argument, NULL, 'P' },
		{ "cacert", required_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "sarif-passes", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->format = "text";
	a->fail_on = AA_CMD_FAIL_ON_DEFAULT;
	a->opts.device = "auto";
	a->opts.modules = aa_cmd_modules;
	a->opts.stop = &aa_cmd_stop_signal;
	a->opts.ask_secret = aa_cmd_ask_secret_tty;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:f:o:d:vqh", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'p': a->profile = optarg; break;
		case 'f': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		case 'd': a->opts.device = optarg; break;
		case 'v': a->opts.verbose++; break;
		case 'q': a->quiet = 1; break;
		case 'P':
			if (aa_cmd_proxy_usable(optarg) != 0)
				return -1;
			a->opts.proxy = optarg;
			break;
		case 'C': a->opts.cacert = optarg; break;
		case 'R': a->sarif_passes = 1; break;
		case 'h':
			printf(AUDIT_HELP, aa_cmd_formats());
			exit(AA_EXIT_OK);
		case 'a':
			if (a->nalso >= MAX_ALSO || strchr(optarg, '=') == NULL) {
				aa_cmd_warn("--also takes FORMAT=FILE (at most %d)",
				    MAX_ALSO);
				return -1;
			}
			a->also[a->nalso++] = optarg;
			break;
		case 'O':
			if (aa_cmd_split_ids(optarg, a->only, &a->nonly, MAX_LIST) != 0)
				return -1;
			break;
		case 'S':
			if (aa_cmd_split_ids(optarg, a->skip, &a->nskip, MAX_LIST) != 0)
				return -1;
			break;
		case 'T':
			if (a->nhosts >= MAX_LIST)
				return -1;
			a->hosts[a->nhosts++] = optarg;
			a->hosts[a->nhosts] = NULL;
			break;
		case 'F':
			if (aa_cmd_fail_on_parse(optarg, &a->fail_on) != 0)
				return -1;
			break;
		default:
			aa_cmd_getopt_error("audit", c, argv, longopts);
			return -1;
		}
	}
	if (optind != argc) {
		aa_cmd_warn("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (a->profile == NULL) {
		aa_cmd_warn("--profile is required");
		return -1;
	}
	if (!aa_cmd_format_known(a->format)) {
		aa_cmd_warn("unknown format '%s' (%s)", a->format,
		    aa_cmd_formats());
		return -1;
	}
	for (size_t i = 0; i < a->nalso; i++) {
		char *eq = strchr(a->also[i], '=');

		*eq = '\0';
		if (!aa_cmd_format_known(a->also[i])) {
			aa_cmd_warn("--also: unknown format '%s' (%s)",
			    a->also[i], aa_cmd_formats());
			return -1;
		}
		*eq = '=';
		if (aa_cmd_out_usable(eq + 1) != 0)
			return -1;
	}
	if (aa_cmd_out_usable(a->out) != 0)
		return -1;
	if (a->opts.cacert != NULL && aa_cmd_cacert_usable(a->opts.cacert) !=
	    0)
		return -1;
	a->opts.only = a->nonly > 0 ? a->only : NULL;
	a->opts.skip = a->nskip > 0 ? a->skip : NULL;
	a->opts.authorized_hosts = a->nhosts > 0 ? a->hosts : NULL;
	return 0;
}

static int
write_report(const struct aa_report *rep, const char *fmt, const char *path)
{
	int r, opened;

	r = aa_cmd_report_write(rep, fmt, path, &opened);
	aa_cmd_report_warn(path, r, opened);
	return r;
}

int
aa_cmd_audit(int argc, char **argv)
{
	struct audit_args args;
	struct aa_profile *p = NULL;
	struct aa_audit *a = NULL;
	struct aa_diag diag = { "" };
	struct aa_cmd_status st;
	int r, rc = AA_EXIT_RUNTIME, wr;

	memset(&args, 0, sizeof(args));
	if (parse_args(argc, argv, &args) != 0) {
		fprintf(stderr, AUDIT_USAGE, aa_cmd_formats());
		return AA_EXIT_USAGE;
	}
	/* Progress: one line on a terminal, plain lines elsewhere. */
	aa_cmd_status_init(&st, args.quiet, args.opts.verbose, 1);
	args.opts.progress = aa_cmd_status_progress;
	args.opts.progress_ctx = &st;
	if (args.opts.verbose > 0 && !args.quiet)
		args.opts.trace = aa_cmd_status_trace;
	if ((r = aa_profile_load(args.profile, &p, &diag)) != AA_OK) {
		aa_cmd_warn("%s", diag.msg[0] ? diag.msg : aa_strerr(r));
		rc = AA_EXIT_USAGE;
		goto out;
	}
	if ((r = aa_audit_new(p, &args.opts, &a)) != AA_OK) {
		if (r == AA_ERR_DENIED) {
			aa_cmd_warn("%s: %s is not a loopback address; pass "
			    "--authorized-target HOST if you are authorized to "
			    "test it", args.profile, p->base_url);
			rc = AA_EXIT_USAGE;
		} else
			aa_cmd_warn("cannot start the audit: %s", aa_strerr(r));
		goto out;
	}
	aa_cmd_catch_signals();
	r = aa_audit_run(a);
	aa_cmd_status_done(&st);
	if (r != AA_OK)
		aa_cmd_warn("%s: the run could not finish: %s", p->base_url,
		    aa_strerr(r));
	/* The report is written whenever a run started, finished or not. */
	if (args.sarif_passes)
		a->report->render_flags |= AA_RENDER_SARIF_PASSES;
	wr = write_report(a->report, args.format, args.out);
	for (size_t i = 0; i < args.nalso; i++) {
		char *eq = strchr(args.also[i], '=');

		*eq = '\0';
		if (write_report(a->report, args.also[i], eq + 1) != AA_OK)
			wr = AA_ERR_IO;
		*eq = '=';
	}
	if (r == AA_ERR_INTERRUPTED)
		rc = aa_cmd_stopped_exit();
	else if (r != AA_OK || wr != AA_OK)
		rc = AA_EXIT_RUNTIME;
	else if ((rc = aa_cmd_fail_on_exit(a->report, args.fail_on)) ==
	    AA_EXIT_OK && strcmp(a->report->rating.grade, "Incomplete") == 0)
		rc = AA_EXIT_INCOMPLETE;
out:
	aa_cmd_status_done(&st);
	aa_audit_free(&a);
	aa_profile_free(&p);
	return rc;
}
