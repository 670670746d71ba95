#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/cmd.h"

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
