/*
 * The report formats of this build, one row each (like OpenSSH's
 * keyimpls[]): --format, --also and every list of formats the command
 * line prints come from this table, in this order.
 *
 * Adding a format: see the checklist in auth-audit/report/format.h.
 */
#include <stddef.h>
#include <string.h>

#include "auth-audit/report/format.h"

static const struct aa_report_format *const formats[] = {
	&aa_report_format_text,
	&aa_report_format_json,
	&aa_report_format_sarif,
	&aa_report_format_md,
	&aa_report_format_html,
	&aa_report_format_tsv,
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct aa_report_format *
aa_report_format_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

const char *
aa_report_format_name(size_t i)
{
	return i < NFORMATS ? formats[i]->name : NULL;
}
