#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tap.h"

static int ntests, nfailed;

static int
report(int cond, const char *file, int line, const char *name)
{
	ntests++;
	printf("%sok %d - %s\n", cond ? "" : "not ", ntests, name);
	if (!cond) {
		nfailed++;
		printf("#   Failed test at %s line %d.\n", file, line);
	}
	fflush(stdout);
	return cond;
}

int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	char name[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return report(cond, file, line, name);
}

int
tap_is_int(long long got, long long want, const char *file, int line,
    const char *name)
{
	int r = report(got == want, file, line, name);

	if (!r)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return r;
}

int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *name)
{
	int same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	int r = report(same, file, line, name);

	if (!r)
		printf("#          got: '%s'\n#     expected: '%s'\n",
		    got ? got : "(null)", want ? want : "(null)");
	return r;
}

void
tap_skip(const char *why)
{
	ntests++;
	printf("ok %d # skip %s\n", ntests, why);
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

int
tap_done(void)
{
	printf("1..%d\n", ntests);
	return nfailed == 0 ? 0 : 1;
}
