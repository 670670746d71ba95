#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/err.h"
#include "auth-audit/catalog/check.h"
#include "auth-audit/core/secret.h"
#include "auth-audit/core/file.h"
#include "auth-audit/core/suggest.h"
#include "auth-audit/engine/http.h"
#include "auth-audit/report/report.h"

volatile sig_atomic_t aa_cmd_stop_signal;

static void
on_stop_signal(int sig)
{
	if (aa_cmd_stop_signal != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	aa_cmd_stop_signal = sig;
}

void
aa_cmd_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	/* Reads and writes carry on; the run looks at the flag itself. */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
aa_cmd_stopped_exit(void)
{
	return aa_cmd_stop_signal == SIGINT ? AA_EXIT_SIGINT : AA_EXIT_RUNTIME;
}

void
aa_cmd_warn(const char *fmt, ...)
{
	va_list ap;

	aa_cmd_status_clear();
	fputs("auth-audit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
aa_cmd_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int
aa_cmd_dispatch(const char *group, const struct aa_cmd *table, size_t n,
    const char *usage, int argc, char **argv)
{
	const char *names[32];
	size_t k;

	if (argc < 2) {
		fputs(usage, stderr);
		return AA_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return AA_EXIT_OK;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].name, argv[1]) == 0)
			return table[i].fn(argc - 1, argv + 1);
	for (k = 0; k < n && k + 1 < sizeof(names) / sizeof(names[0]); k++)
		names[k] = table[k].name;
	names[k] = NULL;
	aa_cmd_warn_unknown(group, "command", argv[1], names);
	fputs(usage, stderr);
	return AA_EXIT_USAGE;
}

int
aa_cmd_format_known(const char *f)
{
	for (size_t i = 0; aa_report_format_name(i) != NULL; i++)
		if (strcmp(f, aa_report_format_name(i)) == 0)
			return 1;
	return 0;
}

const char *
aa_cmd_formats(void)
{
	static char list[256];
	size_t n = 0, len = 0;
	const char *name;

	if (list[0] != '\0')
		return list;
	while (aa_report_format_name(n) != NULL)
		n++;
	for (size_t i = 0; (name = aa_report_format_name(i)) != NULL; i++) {
		int w = snprintf(list + len, sizeof(list) - len, "%s%s",
		    i == 0 ? "" : i + 1 == n ? " or " : ", ", name);

		if (w < 0 || (size_t)w >= sizeof(list) - len)
			break;
		len += (size_t)w;
	}
	return list;
}

int
aa_cmd_fail_on_parse(const char *s, int *out)
{
	enum aa_sev sev;

	if (strcmp(s, "none") == 0) {
		*out = -1;
		return 0;
	}
	if (aa_sev_parse(s, &sev) != AA_OK) {
		aa_cmd_warn("--fail-on: unknown severity '%s'", s);
		return -1;
	}
	*out = (int)sev;
	return 0;
}

int
aa_cmd_fail_on_exit(const struct aa_report *rep, int fail_on)
{
	if (fail_on < 0)
		return AA_EXIT_OK;
	for (size_t i = 0; i < rep->nresults; i++)
		if (rep->results[i].status == AA_FAIL &&
		    (int)rep->results[i].def->severity >= fail_on)
			return AA_EXIT_FINDINGS;
	return AA_EXIT_OK;
}

int
aa_cmd_report_write(const struct aa_report *rep, const char *fmt,
    const char *path, int *opened)
{
	struct aa_file_out f;
	int r;

	*opened = 0;
	if ((r = aa_file_out_open(&f, path, AA_FILE_MODE)) != AA_OK)
		return r;
	*opened = 1;
	if ((r = aa_report_render(rep, fmt, f.fp)) != AA_OK) {
		aa_file_out_abort(&f);
		return r;
	}
	return aa_file_out_commit(&f);
}

int
aa_cmd_out_usable(const char *path)
{
	int r = aa_file_out_check(path);

	if (r == AA_ERR_NOTREG)
		aa_cmd_report_warn(path, r, 0);
	return r == AA_ERR_NOTREG ? -1 : 0;
}

void
aa_cmd_report_warn(const char *path, int r, int opened)
{
	if (r == AA_ERR_NOTREG)
		aa_cmd_warn("%s: not a regular file (use '-' for standard "
		    "output)", path);
	else if (!opened)
		aa_cmd_warn("%s: cannot write the report: %s", path,
		    aa_cmd_errtext(r));
	else if (r != AA_OK)
		aa_cmd_warn("%s: %s", path != NULL ? path : "stdout",
		    aa_strerr(r));
}

/* The catalog ID nearest to a mistyped one, or NULL. */
static const char *
suggest_id(const char *id)
{
	const char *ids[AA_CK_COUNT + 1];

	for (size_t i = 0; i < aa_check_count(); i++)
		ids[i] = aa_check_at(i)->id;
	ids[aa_check_count()] = NULL;
	return aa_suggest(id, ids);
}

int
aa_cmd_split_ids(char *s, const char **list, size_t *n, size_t max)
{
	for (char *tok = strtok(s, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
		size_t len = strlen(tok);

		if (*n >= max)
			return -1;
		if (!(len > 0 && tok[len - 1] == '*') &&
		    aa_check_find(tok) == NULL) {
			const char *near = suggest_id(tok);

			if (near != NULL)
				aa_cmd_warn("unknown check ID '%s' (did you "
				    "mean '%s'?)", tok, near);
			else
				aa_cmd_warn("unknown check ID '%s' (see "
				    "'auth-audit checks')", tok);
			return -1;
		}
		list[(*n)++] = tok;
	}
	list[*n] = NULL;
	return 0;
}

void
aa_cmd_progress_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "auth-audit: %s\n", msg);
}

int
aa_cmd_ask_secret_tty(void *ctx, const char *prompt, aa_secret_t **out)
{
	(void)ctx;
	aa_cmd_status_clear(); /* the prompt starts a clean line */
	return aa_secret_read(NULL, NULL, prompt, out);
}

void
aa_cmd_warn_unknown(const char *prefix, const char *kind, const char *word,
    const char *const *cands)
{
	const char *near = aa_suggest(word, cands);

	aa_cmd_warn("%s%sunknown %s '%s'%s%s%s", prefix ? prefix : "",
	    prefix ? ": " : "", kind, word, near ? " (did you mean '" : "",
	    near ? near : "", near ? "'?)" : "");
}

void
aa_cmd_getopt_error(const char *cmd, int c, char **argv,
    const struct option *lo)
{
	const char *names[64], *arg = argv[optind - 1];
	char word[64], dashed[64 + 2], which[256] = "";
	const char *near;
	size_t n = 0, len, prefixed = 0;

	if (c == ':') {
		aa_cmd_warn("%s: %s needs an argument", cmd, arg);
		return;
	}
	if (optopt != 0 || strncmp(arg, "--", 2) != 0) {
		aa_cmd_warn("%s: unknown option '-%c'", cmd, optopt ? optopt : '?');
		return;
	}
	/* "--prxy=URL": the name alone, to compare with the long names. */
	len = strcspn(arg + 2, "=");
	snprintf(word, sizeof(word), "%.*s", (int)len, arg + 2);
	for (; lo[n].name != NULL && n + 1 < sizeof(names) / sizeof(names[0]);
	    n++)
		names[n] = lo[n].name;
	names[n] = NULL;
	/* getopt_long takes unique prefixes: "--p" may be --profile or
	 * --proxy. */
	for (size_t i = 0; len > 0 && i < n; i++)
		if (strncmp(names[i], word, len) == 0) {
			size_t at = strlen(which);

			snprintf(which + at, sizeof(which) - at, "%s--%s",
			    prefixed++ ? ", " : "", names[i]);
		}
	if (prefixed > 1) {
		aa_cmd_warn("%s: ambiguous option '--%s' (%s)", cmd, word,
		    which);
		return;
	}
	if ((near = aa_suggest(word, names)) != NULL) {
		snprintf(dashed, sizeof(dashed), "--%s", near);
		aa_cmd_warn("%s: unknown option '--%s' (did you mean '%s'?)",
		    cmd, word, dashed);
	} else
		aa_cmd_warn("%s: unknown option '--%s'", cmd, word);
}

const char *
aa_cmd_errtext(int r)
{
	if (r == AA_ERR_IO && errno != 0)
		return strerror(errno);
	return aa_strerr(r);
}

int
aa_cmd_proxy_usable(const char *url)
{
	if (aa_http_proxy_check(url) == AA_OK)
		return 0;
	aa_cmd_warn("--proxy: not a proxy URL (http, https, socks4, socks4a, "
	    "socks5 or socks5h://HOST[:PORT], no credentials)");
	return -1;
}

int
aa_cmd_cacert_usable(const char *path)
{
	if (access(path, R_OK) == 0)
		return 0;
	aa_cmd_warn("--cacert %s: %s", path, strerror(errno));
	return -1;
}
