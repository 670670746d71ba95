/*
 * The command line. main.c holds the top-level command table; each command
 * lives in its own cmd_*.c and returns an exit status (AA_EXIT_*). Only
 * this layer prints diagnostics and decides exit codes.
 *
 * Adding a command: write cmd_NAME.c with `int aa_cmd_NAME(int argc,
 * char **argv)` (argv[0] is the command name), declare it here, add one
 * line to the table in main.c, write docs/auth-audit-NAME.1 and make
 * `--help` print the same synopsis.
 */
#ifndef AA_CMD_H
#define AA_CMD_H

#include <signal.h>
#include <stddef.h>

#include "auth-audit/catalog/check.h"

enum aa_exit {
	AA_EXIT_OK = 0,       /* finished, nothing reached --fail-on */
	AA_EXIT_FINDINGS = 1, /* results at or above --fail-on */
	AA_EXIT_USAGE = 2,    /* usage or profile error */
	AA_EXIT_RUNTIME = 3,  /* could not finish */
	AA_EXIT_INCOMPLETE = 4, /* finished, but under half of the
	                         * applicable checks ran (grade Incomplete) */
	AA_EXIT_SIGINT = 130,   /* stopped by SIGINT, report written (the
	                         * shell's convention for ^C) */
};

struct aa_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/*
 * --fail-on when a command is not given one, for every command that has
 * the option: a failed check of this severity or above exits 1.
 */
#define AA_CMD_FAIL_ON_DEFAULT AA_SEV_LOW
#define AA_CMD_FAIL_ON_DEFAULT_NAME "low"

/* Run the subcommand argv[1] of `group` from table; prints usage on error. */
int aa_cmd_dispatch(const char *group, const struct aa_cmd *table, size_t n,
    const char *usage, int argc, char **argv);
/* True if argv has -h or --help before any "--". */
int aa_cmd_wants_help(int argc, char **argv);
/*
 * SIGINT, SIGTERM, SIGHUP: the first sets aa_cmd_stop_signal (a long run
 * stops, cleans up and writes its report), a second one kills. Exit
 * status of a run so stopped: AA_EXIT_SIGINT for SIGINT, else
 * AA_EXIT_RUNTIME.
 */
extern volatile sig_atomic_t aa_cmd_stop_signal;
void aa_cmd_catch_signals(void);
int aa_cmd_stopped_exit(void);
/* Print "auth-audit: <msg>" to stderr. */
void aa_cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "auth-audit: [PREFIX: ]unknown KIND 'WORD'", with "did you mean" when
 * one of cands (NULL-terminated) is close. */
void aa_cmd_warn_unknown(const char *prefix, const char *kind,
    const char *word, const char *const *cands);
struct option;
/*
 * getopt_long's '?' or ':' (the optstring starts with ':' and opterr is
 * 0): name the bad option of command cmd, with "did you mean" among lo.
 */
void aa_cmd_getopt_error(const char *cmd, int c, char **argv,
    const struct option *lo);
/* Text for error r just returned by a file operation: strerror(errno)
 * for AA_ERR_IO ("No such file or directory"), else aa_strerr(r). Clear
 * errno before the operation, so a stale one is never shown. */
const char *aa_cmd_errtext(int r);

/*
 * What long commands say on stderr while they run (status.c): progress as
 * one redrawn line on a terminal or plain lines elsewhere (when plain),
 * the request trace with verbose, nothing but errors with quiet.
 */
struct aa_cmd_status {
	int quiet, verbose, plain, tty;
	int shown;           /* a status line is on the screen */
	char check[96];      /* "[3/11] TOTP-REPLAY" */
	char msg[200];       /* the latest other message */
};
void aa_cmd_status_init(struct aa_cmd_status *st, int quiet, int verbose,
    int plain);
/* Hooks for aa_audit_opts.progress and .trace (ctx: the status). */
struct aa_http_trace;
void aa_cmd_status_progress(void *ctx, const char *msg);
void aa_cmd_status_trace(void *ctx, const struct aa_http_trace *t);
/* Erase the status line before other output (warnings, prompts). */
void aa_cmd_status_clear(void);
void aa_cmd_status_done(struct aa_cmd_status *st);

/* Pieces the report-writing commands share (audit, totp, factors). */
struct aa_report;
/* 1 if f is a report format (the table of auth-audit/report/formats.c). */
int aa_cmd_format_known(const char *f);
/* The report formats for messages: "text, json, ... or tsv". */
const char *aa_cmd_formats(void);
/* --fail-on value: a severity, or "none" (-1); warns and returns -1 on
 * anything else. */
int aa_cmd_fail_on_parse(const char *s, int *out);
/* AA_EXIT_FINDINGS if a failed result's severity reaches fail_on (none
 * when fail_on < 0), else AA_EXIT_OK. */
int aa_cmd_fail_on_exit(const struct aa_report *rep, int fail_on);
/*
 * Render rep as fmt into path (NULL or "-": stdout): a temporary file,
 * mode 0600, renamed over path when complete (core/file.h), so a symlink
 * at path is replaced, never written through. *opened is 0 when the file
 * could not be created (AA_ERR_IO, AA_ERR_NOTREG for a FIFO or device).
 * Prints nothing; aa_cmd_report_warn() words the failure.
 */
int aa_cmd_report_write(const struct aa_report *rep, const char *fmt,
    const char *path, int *opened);
void aa_cmd_report_warn(const char *path, int r, int opened);
/* -1 (with a message) when path names a FIFO, device or directory: checked
 * before a run, so a long audit does not end unable to write. */
int aa_cmd_out_usable(const char *path);
/* --proxy and --cacert of the commands that reach a target: -1 (with a
 * message, never echoing a proxy URL: it may hold a password) when the
 * value is unusable. */
int aa_cmd_proxy_usable(const char *url);
int aa_cmd_cacert_usable(const char *path);

/* Split "A,B,C" in place into list (at most max IDs, NULL-terminated),
 * each checked against the catalog ("PREFIX*" allowed); warns (with the
 * nearest known ID) and returns -1 on an unknown one. */
int aa_cmd_split_ids(char *s, const char **list, size_t *n, size_t max);
/* Progress lines of a run, "auth-audit: MSG" on stderr. */
void aa_cmd_progress_stderr(void *ctx, const char *msg);
/* A security key's PIN: no-echo prompt on the terminal, never argv. */
struct aa_secret;
int aa_cmd_ask_secret_tty(void *ctx, const char *prompt,
    struct aa_secret **out);

/* The modules of this build (registry.c), NULL-terminated. */
struct aa_module;
extern const struct aa_module *const aa_cmd_modules[];

int aa_cmd_audit(int argc, char **argv);
int aa_cmd_checks(int argc, char **argv);
int aa_cmd_factors(int argc, char **argv);
int aa_cmd_totp(int argc, char **argv);
int aa_cmd_fido(int argc, char **argv);
int aa_cmd_sms_sim(int argc, char **argv);
int aa_cmd_profile(int argc, char **argv);

#endif
