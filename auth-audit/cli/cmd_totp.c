/*
 * auth-audit totp code | check | scan. Secrets (URIs, backup passwords)
 * come from files, the environment or a no-echo prompt, never from argv.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/clock.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/report.h"
#include "totp/engine.h"
#include "totp/scan/scan.h"
#include "totp/uri.h"
#include "totp/uri_audit.h"

#define TOTP_USAGE \
"usage: auth-audit totp code [--uri-file FILE]\n" \
"       auth-audit totp check URI-FILE [--format FORMAT] [--out FILE]\n" \
"                             [--fail-on SEVERITY|none] [--sarif-passes]\n" \
"       auth-audit totp scan PATH... [--password-file FILE]\n" \
"                            [--password-env VAR] [--format FORMAT]\n" \
"                            [--out FILE] [--fail-on SEVERITY|none] [--no-qr]\n" \
"                            [--sarif-passes] [-q|--quiet]\n" \
"FORMAT is %s; URI-FILE and FILE may be '-'.\n" \
"--fail-on defaults to " AA_CMD_FAIL_ON_DEFAULT_NAME ".\n"

static void
usage(FILE *fp)
{
	fprintf(fp, TOTP_USAGE, aa_cmd_formats());
}

struct out_args {
	const char *format, *out;
	int fail_on;
	int sarif_passes;
};

/* Write the report; exit status from --fail-on (or RUNTIME on failure). */
static int
emit(struct aa_report *rep, const struct out_args *oa)
{
	int r, opened;

	aa_rating_compute(rep);
	if (oa->sarif_passes)
		rep->render_flags |= AA_RENDER_SARIF_PASSES;
	r = aa_cmd_report_write(rep, oa->format, oa->out, &opened);
	if (r != AA_OK) {
		aa_cmd_report_warn(oa->out, r, opened);
		return AA_EXIT_RUNTIME;
	}
	return aa_cmd_fail_on_exit(rep, oa->fail_on);
}

/* An operand that is a URI rather than a file name holds the seed: it is
 * never repeated in a message. */
static int
looks_like_uri(const char *path)
{
	for (const char *p = path; *p != '\0'; p++)
		if (strncasecmp(p, "otpauth", 7) == 0 ||
		    strncasecmp(p, "secret=", 7) == 0)
			return 1;
	return strstr(path, "://") != NULL;
}

/* The first line of FILE ("-" = stdin), bounded, as a secret. */
static int
read_uri(const char *path, struct aa_totp_uri **u)
{
	aa_secret_t *text = NULL;
	struct aa_diag diag = { "" };
	int r;

	if (looks_like_uri(path)) {
		aa_cmd_warn("the URI is secret: give it in a file or on stdin "
		    "('-'), not as an argument");
		return AA_ERR_ARG;
	}
	errno = 0; /* aa_cmd_errtext: only an errno of this read */
	if ((r = aa_secret_read(path, NULL, NULL, &text)) != AA_OK) {
		aa_cmd_warn("%s: %s", path, aa_cmd_errtext(r));
		return r;
	}
	if ((r = aa_totp_uri_parse(aa_secret_str(text), text->len, u,
	    &diag)) != AA_OK)
		aa_cmd_warn("%s: %s", strcmp(path, "-") == 0 ? "stdin" : path,
		    diag.msg[0] ? diag.msg : aa_strerr(r));
	aa_secret_free(&text);
	return r;
}

static int
totp_code(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "uri-file", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = "-";
	struct aa_totp_uri *u = NULL;
	char code[AA_TOTP_CODE_MAX];
	int c, r, rc = AA_EXIT_RUNTIME;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":u:h", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return AA_EXIT_OK;
		}
		if (c != 'u') {
			aa_cmd_getopt_error("totp code", c, argv, lo);
			usage(stderr);
			return AA_EXIT_USAGE;
		}
		file = optarg;
	}
	if (optind != argc) {
		aa_cmd_warn("totp code takes no operands: the URI is secret, "
		    "give it in a file or on stdin");
		return AA_EXIT_USAGE;
	}
	if (read_uri(file, &u) != AA_OK)
		return AA_EXIT_USAGE;
	if (u->type == AA_OTP_STEAM || (u->notes & (AA_URI_ALGO_UNSUPPORTED |
	    AA_URI_DIGITS_ODD))) {
		aa_cmd_warn("cannot compute codes for this URI (%s, %s, %u digits)",
		    aa_otp_type_name(u->type), u->algo_raw[0] ? u->algo_raw :
		    "SHA1", u->digits_raw);
		goto out;
	}
	if (u->type == AA_OTP_HOTP)
		r = aa_totp_hotp(u->secret, u->params.algo, u->params.digits,
		    u->counter, code);
	else
		r = aa_totp_code(u->secret, &u->params, time(NULL), code);
	if (r != AA_OK) {
		aa_cmd_warn("code: %s", aa_strerr(r));
		goto out;
	}
	printf("%s\n", code);
	memset(code, 0, sizeof(code));
	rc = AA_EXIT_OK;
out:
	aa_totp_uri_free(&u);
	return rc;
}

static int
out_opts(int c, struct out_args *oa)
{
	switch (c) {
	case 'f':
		if (!aa_cmd_format_known(optarg)) {
			aa_cmd_warn("unknown format '%s' (%s)", optarg,
			    aa_cmd_formats());
			return -1;
		}
		oa->format = optarg;
		return 0;
	case 'o':
		oa->out = optarg;
		return aa_cmd_out_usable(optarg);
	case 'F':
		return aa_cmd_fail_on_parse(optarg, &oa->fail_on);
	case 'P':
		oa->sarif_passes = 1;
		return 0;
	default:
		return -1;
	}
}

static int
totp_check(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "sarif-passes", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct out_args oa = { "text", NULL, AA_CMD_FAIL_ON_DEFAULT, 0 };
	struct aa_totp_uri *u = NULL;
	struct aa_report *rep = NULL;
	struct aa_redact *red = NULL;
	aa_secret_t *txt = NULL;
	int c, rc = AA_EXIT_RUNTIME;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return AA_EXIT_OK;
		}
		if (out_opts(c, &oa) != 0) {
			if (c == '?' || c == ':')
				aa_cmd_getopt_error("totp check", c, argv, lo);
			usage(stderr);
			return AA_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		aa_cmd_warn("totp check takes one URI-FILE ('-' for stdin)");
		return AA_EXIT_USAGE;
	}
	if (read_uri(argv[optind], &u) != AA_OK)
		return AA_EXIT_USAGE;
	if (aa_report_new("totp-check", &rep) != AA_OK ||
	    aa_redact_new(&red) != AA_OK ||
	    aa_totp_b32_encode(u->secret->ptr, u->secret->len, &txt) != AA_OK ||
	    aa_redact_add_secret(red, txt) != AA_OK)
		goto out;
	rep->redact = red;
	/* SARIF places the findings on the file that holds the URI. */
	if (strcmp(argv[optind], "-") != 0 &&
	    (rep->artifact = strdup(argv[optind])) == NULL)
		goto out;
	if (aa_totp_uri_report(rep, u, "otpauth URI") != AA_OK)
		goto out;
	rc = emit(rep, &oa);
out:
	aa_secret_free(&txt);
	aa_report_free(&rep);
	aa_redact_free(&red);
	aa_totp_uri_free(&u);
	return rc;
}

static int
get_password(const char *file, const char *env, aa_secret_t **pw)
{
	int r;

	*pw = NULL;
	if (file == NULL && env == NULL && !isatty(STDIN_FILENO))
		return AA_OK; /* no source: encrypted backups are judged only */
	errno = 0;
	r = aa_secret_read(file, env, file == NULL && env == NULL ?
	    "Backup password (empty for none): " : NULL, pw);
	if (r == AA_ERR_NOTFOUND && file == NULL) {
		if (env != NULL) {
			aa_cmd_warn("--password-env: %s is not set", env);
			return r;
		}
		return AA_OK;
	}
	if (r != AA_OK) {
		aa_cmd_warn("--password-file %s: %s", file, aa_cmd_errtext(r));
		return r;
	}
	if ((*pw)->len == 0)
		aa_secret_free(pw);
	return AA_OK;
}

/* The scan's progress line, redrawn at most ten times a second. */
struct scan_progress {
	struct aa_cmd_status st;
	double last_ms;
};

static void
scan_progress(void *ctx, const char *msg)
{
	struct scan_progress *sp = ctx;
	double now = aa_clock_ms();

	if (!sp->st.tty || now - sp->last_ms < 100.0)
		return;
	sp->last_ms = now;
	aa_cmd_status_progress(&sp->st, msg);
}

static int
totp_scan(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "password-env", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "no-qr", no_argument, NULL, 'Q' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "sarif-passes", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct out_args oa = { "text", NULL, AA_CMD_FAIL_ON_DEFAULT, 0 };
	struct aa_totp_scan_opts so;
	struct aa_totp_scan_stats st;
	const char *pwfile = NULL, *pwenv = NULL;
	struct aa_report *rep = NULL;
	struct aa_redact *red = NULL;
	aa_secret_t *pw = NULL;
	json_t *errors = NULL;
	struct timespec t0, t1;
	struct stat sb;
	struct scan_progress sp;
	int c, r, rc = AA_EXIT_RUNTIME, quiet = 0;

	aa_totp_scan_opts_default(&so);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:qh", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return AA_EXIT_OK;
		} else if (c == 'p')
			pwfile = optarg;
		else if (c == 'e')
			pwenv = optarg;
		else if (c == 'Q')
			so.use_zbar = 0;
		else if (c == 'q')
			quiet = 1;
		else if (out_opts(c, &oa) != 0) {
			if (c == '?' || c == ':')
				aa_cmd_getopt_error("totp scan", c, argv, lo);
			usage(stderr);
			return AA_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		aa_cmd_warn("totp scan needs at least one PATH");
		return AA_EXIT_USAGE;
	}
	/* A path named here is read, or the scan refuses to start: a FIFO
	 * would hang it, /dev/zero never ends, and a skipped device would
	 * let the report say Passing about a file never read. */
	for (int i = optind; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			aa_cmd_warn("%s: %s", argv[i], strerror(errno));
			return AA_EXIT_USAGE;
		}
		if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
			aa_cmd_warn("%s: not a regular file or directory",
			    argv[i]);
			return AA_EXIT_USAGE;
		}
	}
	if (get_password(pwfile, pwenv, &pw) != AA_OK)
		return AA_EXIT_USAGE;
	so.read.password = pw;
	/* A line per file would flood a log: the progress line is for a
	 * terminal only. */
	memset(&sp, 0, sizeof(sp));
	aa_cmd_status_init(&sp.st, quiet, 0, 0);
	so.progress = scan_progress;
	so.progress_ctx = &sp;
	if (aa_report_new("totp-scan", &rep) != AA_OK ||
	    aa_redact_new(&red) != AA_OK || (errors = json_array()) == NULL)
		goto out;
	if (pw != NULL)
		aa_redact_add_secret(red, pw);
	rep->redact = red;
	/* The report names what was scanned (paths are not secret). */
	rep->target_name = strdup(argc - optind == 1 ? argv[optind] :
	    "several paths");
	so.stop = &aa_cmd_stop_signal;
	aa_cmd_catch_signals();
	/* Findings name their own files; a pass sits on the first path. */
	rep->artifact = strdup(argv[optind]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = aa_totp_scan((const char *const *)argv + optind,
	    (size_t)(argc - optind), &so, rep, red, errors, &st);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	aa_cmd_status_done(&sp.st);
	rep->duration_ms = (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (r != AA_OK) {
		aa_cmd_warn("scan: %s", aa_strerr(r));
		goto out;
	}
	for (size_t i = 0; i < json_array_size(errors); i++) {
		const json_t *e = json_array_get(errors, i);

		aa_cmd_warn("%s: %s", json_string_value(json_object_get(e, "file")),
		    json_string_value(json_object_get(e, "message")));
	}
	if (st.interrupted)
		aa_cmd_warn("scan interrupted after %lu file(s); report "
		    "written with what was scanned", st.files);
	rc = emit(rep, &oa);
	if (st.interrupted && rc != AA_EXIT_RUNTIME)
		rc = aa_cmd_stopped_exit();
	else if (rc == AA_EXIT_OK && json_array_size(errors) > 0)
		rc = AA_EXIT_RUNTIME; /* some files could not be audited */
out:
	aa_cmd_status_done(&sp.st);
	json_decref(errors);
	aa_report_free(&rep);
	aa_redact_free(&red);
	aa_secret_free(&pw);
	return rc;
}

int
aa_cmd_totp(int argc, char **argv)
{
	static const struct aa_cmd sub[] = {
		{ "code", totp_code, "print the current code of an otpauth URI" },
		{ "check", totp_check, "audit an otpauth URI" },
		{ "scan", totp_scan, "audit authenticator backups and seed exposure" },
	};

	char text[1024];

	aa_json_secure_init();
	snprintf(text, sizeof(text), TOTP_USAGE, aa_cmd_formats());
	return aa_cmd_dispatch("totp", sub, sizeof(sub) / sizeof(sub[0]),
	    text, argc, argv);
}
