/*
 * Names of statuses and severities, as they appear in every report format.
 * Lookup of check definitions lives next to the table in catalog.c.
 */
#include <string.h>

#include "auth-audit/catalog/check.h"
#include "auth-audit/core/err.h"

static const char *const status_names[] = {
	[AA_PASS] = "pass",
	[AA_FAIL] = "fail",
	[AA_NOT_TESTED] = "not_tested",
	[AA_NOT_APPLICABLE] = "not_applicable",
	[AA_ERROR] = "error",
};

static const char *const sev_names[] = {
	[AA_SEV_INFO] = "info",
	[AA_SEV_LOW] = "low",
	[AA_SEV_MEDIUM] = "medium",
	[AA_SEV_HIGH] = "high",
	[AA_SEV_CRITICAL] = "critical",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
aa_status_name(enum aa_status st)
{
	if ((unsigned)st >= NELEM(status_names))
		return "unknown";
	return status_names[st];
}

const char *
aa_sev_name(enum aa_sev sev)
{
	if ((unsigned)sev >= NELEM(sev_names))
		return "unknown";
	return sev_names[sev];
}

int
aa_sev_parse(const char *s, enum aa_sev *out)
{
	if (s == NULL || out == NULL)
		return AA_ERR_ARG;
	for (size_t i = 0; i < NELEM(sev_names); i++)
		if (strcmp(s, sev_names[i]) == 0) {
			*out = (enum aa_sev)i;
			return AA_OK;
		}
	return AA_ERR_ARG;
}
