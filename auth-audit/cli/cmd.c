#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/err.h"
#include "auth-audit/catalog/check.h"
#include "auth-audit/core/secret.h"
#include "auth-audit/report/report.h"

void
aa_cmd_warn(const char *fmt, ...)
{
	va_list ap;

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
	aa_cmd_warn("%s: unknown command '%s'", group, argv[1]);
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

int
aa_cmd_split_ids(char *s, const char **list, size_t *n, size_t max)
{
	for (char *tok = strtok(s, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
		size_t len = strlen(tok);

		if (*n >= max)
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
	return aa_secret_read(NULL, NULL, prompt, out);
}
