/*
 * `auth-audit checks`: print the check catalog, as a table or as JSON, so
 * users can pick IDs for --only/--skip and CI can diff the catalog.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth-audit/catalog/check.h"
#include "auth-audit/cli/cmd.h"
#include "auth-audit/report/format.h"

static const char usage[] =
    "usage: auth-audit checks [--format text|json] [--module M]\n"
    "\n"
    "List the check catalog: ID, module, severity, OWASP Mobile 2016\n"
    "category, CWE, flags and title.\n"
    "\n"
    "  --format F   text (default) or json\n"
    "  --module M   only checks of module M: factors, auth, totp,\n"
    "               totp-backup, fido, sms\n";

static const char *const modules[] = {
	"factors", "auth", "totp", "totp-backup", "fido", "sms",
};

static json_t *
flags_json(unsigned fl)
{
	json_t *a = json_array();

	if (fl & AA_CHECK_PRIVACY)
		json_array_append_new(a, json_string("privacy"));
	if (fl & AA_CHECK_SOFTKEY)
		json_array_append_new(a, json_string("softkey"));
	if (fl & AA_CHECK_OFFLINE)
		json_array_append_new(a, json_string("offline"));
	if (fl & AA_CHECK_INFO)
		json_array_append_new(a, json_string("info"));
	return a;
}

static int
print_json(const char *module)
{
	json_t *arr = json_array();
	int rc = AA_EXIT_RUNTIME;

	for (size_t i = 0; arr != NULL && i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);
		const char *o16 = aa_report_owasp2016(d->owasp);

		if (module != NULL && strcmp(module, d->module) != 0)
			continue;
		if (json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o,"
		    " s:o, s:i, s:o, s:s, s:s}",
		    "id", d->id, "module", d->module,
		    "severity", aa_sev_name(d->severity),
		    "owasp2016", o16 ? json_string(o16) : json_null(),
		    "owasp2024", o16 ? json_string("M3") : json_null(),
		    "cwe", d->cwe, "flags", flags_json(d->flags),
		    "title", d->title, "remediation", d->remediation)) != 0)
			goto out;
	}
	if (arr == NULL || json_dumpf(arr, stdout, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) != 0)
		goto out;
	putchar('\n');
	rc = AA_EXIT_OK;
out:
	json_decref(arr);
	return rc;
}

static void
print_text(const char *module)
{
	printf("%-30s %-11s %-8s %-6s %-8s %s\n", "ID", "MODULE", "SEVERITY",
	    "OWASP", "CWE", "TITLE");
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);
		const char *o16 = aa_report_owasp2016(d->owasp);
		char cwe[16];

		if (module != NULL && strcmp(module, d->module) != 0)
			continue;
		snprintf(cwe, sizeof(cwe), "CWE-%d", d->cwe);
		printf("%-30s %-11s %-8s %-6s %-8s %s%s%s%s\n", d->id,
		    d->module, aa_sev_name(d->severity), o16 ? o16 : "-", cwe,
		    d->title,
		    (d->flags & AA_CHECK_PRIVACY) ? " [privacy]" : "",
		    (d->flags & AA_CHECK_SOFTKEY) ? " [software key]" : "",
		    (d->flags & AA_CHECK_INFO) ? " [informational]" : "");
	}
}

int
aa_cmd_checks(int argc, char **argv)
{
	const char *format = "text", *module = NULL;
	int known = 0;

	if (aa_cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return AA_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strcmp(argv[i], "--module") == 0 && i + 1 < argc)
			module = argv[++i];
		else {
			aa_cmd_warn("checks: unexpected argument '%s'", argv[i]);
			fputs(usage, stderr);
			return AA_EXIT_USAGE;
		}
	}
	for (size_t i = 0; module != NULL &&
	    i < sizeof(modules) / sizeof(modules[0]); i++)
		known |= strcmp(module, modules[i]) == 0;
	if (module != NULL && !known) {
		aa_cmd_warn("checks: unknown module '%s'", module);
		return AA_EXIT_USAGE;
	}
	if (strcmp(format, "json") == 0)
		return print_json(module);
	if (strcmp(format, "text") != 0) {
		aa_cmd_warn("checks: unknown format '%s' (text or json)", format);
		return AA_EXIT_USAGE;
	}
	print_text(module);
	return AA_EXIT_OK;
}
