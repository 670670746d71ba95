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
"usage: auth-audit audit --profile FILE [--format text|json|sarif|md|html|tsv]\n" \
"                        [--out FILE] [--also FORMAT=FILE]...\n" \
"                        [--device auto|soft[:STATEFILE]|PATH]\n" \
"                        [--only IDS] [--skip IDS] [--fail-on SEVERITY|none]\n" \
"                        [--authorized-target HOST]... [--sarif-passes]\n" \
"                        [--verbose]\n"

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
	int sarif_passes; /* SARIF lists passed checks too */
	struct aa_audit_opts opts;
};

/* Split "A,B,C" in place into list (IDs are checked against the catalog). */
static int
split_ids(char *s, const char **list, size_t *n)
{
	for (char *tok = strtok(s, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
		size_t len = strlen(tok);

		if (*n >= MAX_LIST)
			return -1;
		if (!(len > 0 && tok[len - 1] == '*') &&
		    aa_check_find(tok) == NULL) {
			aa_cmd_warn("unknown check ID '%s' (see 'auth-audit "
			    "checks')", tok);
			return -1;
		}
		list[(*n)++] = tok;
	}
	list[*n] = NULL;
	return 0;
}

/* SIGINT, SIGTERM, SIGHUP: the run stops probing, removes what it
 * enrolled and writes its report; a second signal kills. */
static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	if (stop_signal != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	stop_signal = sig;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Module progress (security-key touches) goes to the terminal. */
static void
progress_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "auth-audit: %s\n", msg);
}

/* A security key's PIN: no-echo prompt on the terminal, never argv. */
static int
ask_secret_tty(void *ctx, const char *prompt, aa_secret_t **out)
{
	(void)ctx;
	return aa_secret_read(NULL, NULL, prompt, out);
}

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
		{ "sarif-passes", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->format = "text";
	a->fail_on = AA_SEV_LOW;
	a->opts.device = "auto";
	a->opts.modules = aa_cmd_modules;
	a->opts.stop = &stop_signal;
	a->opts.progress = progress_stderr;
	a->opts.ask_secret = ask_secret_tty;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:f:o:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': a->profile = optarg; break;
		case 'f': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		case 'd': a->opts.device = optarg; break;
		case 'v': a->opts.verbose++; break;
		case 'P': a->sarif_passes = 1; break;
		case 'h':
			fputs(AUDIT_USAGE, stdout);
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
			if (split_ids(optarg, a->only, &a->nonly) != 0)
				return -1;
			break;
		case 'S':
			if (split_ids(optarg, a->skip, &a->nskip) != 0)
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
		aa_cmd_warn("unknown format '%s'", a->format);
		return -1;
	}
	for (size_t i = 0; i < a->nalso; i++) {
		char *eq = strchr(a->also[i], '=');

		*eq = '\0';
		if (!aa_cmd_format_known(a->also[i])) {
			aa_cmd_warn("--also: unknown format '%s'", a->also[i]);
			return -1;
		}
		*eq = '=';
	}
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
	if (!opened)
		aa_cmd_warn("%s: cannot write report", path);
	else if (r != AA_OK)
		aa_cmd_warn("%s: %s", path ? path : "stdout", aa_strerr(r));
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
		fputs(AUDIT_USAGE, stderr);
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
	catch_signals();
	r = aa_audit_run(a);
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
	if (r == AA_ERR_INTERRUPTED && stop_signal == SIGINT)
		rc = 130; /* the shell's convention for ^C */
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
