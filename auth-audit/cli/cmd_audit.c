/*
 * auth-audit audit: load a profile, run every module against the target,
 * write the report(s) and map the results to an exit status.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/cli/cmd.h"

#define AUDIT_USAGE \
"usage: auth-audit audit --profile FILE [--format FORMAT]\n" \
"                        [--out FILE] [--also FORMAT=FILE]...\n" \
"                        [--device auto|soft[:STATEFILE]|PATH]\n" \
"                        [--only IDS] [--skip IDS] [--fail-on SEVERITY|none]\n" \
"                        [--authorized-target HOST]... [--verbose]\n" \
"FORMAT is %s.\n"

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
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->format = "text";
	a->fail_on = AA_SEV_LOW;
	a->opts.device = "auto";
	a->opts.modules = aa_cmd_modules;
	a->opts.stop = &aa_cmd_stop_signal;
	a->opts.progress = aa_cmd_progress_stderr;
	a->opts.ask_secret = aa_cmd_ask_secret_tty;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:f:o:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': a->profile = optarg; break;
		case 'f': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		case 'd': a->opts.device = optarg; break;
		case 'v': a->opts.verbose++; break;
		case 'h':
			printf(AUDIT_USAGE, aa_cmd_formats());
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
	int r, rc = AA_EXIT_RUNTIME, wr;

	memset(&args, 0, sizeof(args));
	if (parse_args(argc, argv, &args) != 0) {
		fprintf(stderr, AUDIT_USAGE, aa_cmd_formats());
		return AA_EXIT_USAGE;
	}
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
	if (r != AA_OK)
		aa_cmd_warn("%s: the run could not finish: %s", p->base_url,
		    aa_strerr(r));
	/* The report is written whenever a run started, finished or not. */
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
	aa_audit_free(&a);
	aa_profile_free(&p);
	return rc;
}
