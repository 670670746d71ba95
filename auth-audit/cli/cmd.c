#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/suggest.h"
#include "auth-audit/report/report.h"

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
	static const char *const fmts[] = { "text", "json", "sarif", "md",
	    "html", "tsv" };

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcmp(f, fmts[i]) == 0)
			return 1;
	return 0;
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
	FILE *fp = stdout;
	int r;

	*opened = 0;
	if (path != NULL && strcmp(path, "-") != 0 &&
	    (fp = fopen(path, "w")) == NULL)
		return AA_ERR_IO;
	*opened = 1;
	r = aa_report_render(rep, fmt, fp);
	if (fp != stdout && fclose(fp) != 0 && r == AA_OK)
		r = AA_ERR_IO;
	return r;
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
