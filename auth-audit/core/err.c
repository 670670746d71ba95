#include <stdarg.h>
#include <stdio.h>

#include "auth-audit/core/err.h"

static const struct {
	int code;
	const char *name;
	const char *desc;
} table[] = {
#define AA_ERR_ROW(name, val, desc) { val, #name, desc },
	AA_ERR_TABLE(AA_ERR_ROW)
#undef AA_ERR_ROW
};

const char *
aa_strerr(int code)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].code == code)
			return table[i].desc;
	return "unknown error";
}

const char *
aa_errname(int code)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].code == code)
			return table[i].name;
	return "AA_ERR_UNKNOWN";
}

int
aa_diag_set(struct aa_diag *diag, int code, const char *fmt, ...)
{
	va_list ap;

	if (diag == NULL)
		return code;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
	return code;
}
