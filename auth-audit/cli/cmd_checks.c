/*
 * `auth-audit checks`: print the check catalog, as a table or as JSON, so
 * users can pick IDs for --only/--skip and CI can diff the catalog.
 * Filters: module, severity (and above) and tags; --verbose adds what the
 * planner needs of each check (phase, preconditions, profile steps).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "auth-audit/catalog/check.h"
#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/suggest.h"
#include "auth-audit/report/format.h"

#define MAX_TAGS 8

static const char usage[] =
    "usage: auth-audit checks [--format text|json] [--module M]\n"
    "                         [--severity S] [--tag T]... [-v|--verbose]\n"
    "\n"
    "List the check catalog: ID, module, severity, OWASP Mobile 2016\n"
    "category, CWE, flags and title.\n"
    "\n"
    "  --format F     text (default) or json\n"
    "  --module M     only checks of module M: factors, auth, totp,\n"
    "                 totp-backup, fido, sms\n"
    "  --severity S   only checks of severity S or above: info, low,\n"
    "                 medium, high, critical\n"
    "  --tag T        only checks with tag T (repeat: all of them): a\n"
    "                 module, M4 or M6, CWE-N, privacy, softkey, offline,\n"
    "                 info, or a phase (passive, main, spend, lock,\n"
    "                 inventory)\n"
    "  -v, --verbose  also each check's phase, preconditions (needs),\n"
    "                 profile steps and security-key touches\n";

static const char *const modules[] = {
	"factors", "auth", "totp", "totp-backup", "fido", "sms", NULL
};

/* Names as docs/PROFILE.md and checks.def use them. */
static const char *const phases[] = {
	[AA_PHASE_PASSIVE] = "passive", [AA_PHASE_MAIN] = "main",
	[AA_PHASE_SPEND] = "spend", [AA_PHASE_LOCK] = "lock",
	[AA_PHASE_INV] = "inventory", [AA_PHASE_OFFLINE] = "offline",
};

static const struct {
	unsigned bit;
	const char *name;
} needs[] = {
	{ AA_NEED_2FA, "2fa" }, { AA_NEED_FULL, "full" },
	{ AA_NEED_CODE, "code" }, { AA_NEED_TWO, "two" },
	{ AA_NEED_TOTP, "totp" }, { AA_NEED_TOTP_ENROLLED, "totp-enrolled" },
	{ AA_NEED_SMS, "sms" }, { AA_NEED_RECOVERY, "recovery" },
	{ AA_NEED_WEBAUTHN, "webauthn" }, { AA_NEED_KEY, "key" },
	{ AA_NEED_SOFTKEY, "softkey" }, { AA_NEED_CRED, "cred" },
};

static const struct {
	unsigned bit;
	const char *name;
} flags[] = {
	{ AA_CHECK_PRIVACY, "privacy" }, { AA_CHECK_SOFTKEY, "softkey" },
	{ AA_CHECK_OFFLINE, "offline" }, { AA_CHECK_INFO, "info" },
};

/* The fixed tag words, for "did you mean" (modules and CWE-N aside). */
static const char *const tag_words[] = {
	"M4", "M6", "privacy", "softkey", "offline", "info", "passive",
	"main", "spend", "lock", "inventory", "factors", "auth", "totp",
	"totp-backup", "fido", "sms", NULL
};

struct filter {
	const char *module;
	int min_sev;                 /* -1: any */
	const char *tags[MAX_TAGS];
	size_t ntags;
};

static const char *
phase_name(enum aa_phase p)
{
	if ((size_t)p < sizeof(phases) / sizeof(phases[0]) && phases[p])
		return phases[p];
	return "?";
}

static int
has_tag(const struct aa_check_def *d, const char *t)
{
	const char *o16 = aa_report_owasp2016(d->owasp);
	char cwe[16];

	snprintf(cwe, sizeof(cwe), "CWE-%d", d->cwe);
	if (strcasecmp(t, d->module) == 0 || strcasecmp(t, cwe) == 0 ||
	    strcasecmp(t, phase_name(d->phase)) == 0)
		return 1;
	if (o16 != NULL && ((strcasecmp(t, "M4") == 0 &&
	    (d->owasp & AA_OWASP_M4)) || (strcasecmp(t, "M6") == 0 &&
	    (d->owasp & AA_OWASP_M6))))
		return 1;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if ((d->flags & flags[i].bit) && strcasecmp(t, flags[i].name) == 0)
			return 1;
	return 0;
}

static int
tag_known(const char *t)
{
	int n;
	char end;

	for (size_t i = 0; tag_words[i] != NULL; i++)
		if (strcasecmp(t, tag_words[i]) == 0)
			return 1;
	return sscanf(t, "%*1[Cc]%*1[Ww]%*1[Ee]-%d%c", &n, &end) == 1 && n > 0;
}

static int
wanted(const struct aa_check_def *d, const struct filter *f)
{
	if (f->module != NULL && strcmp(f->module, d->module) != 0)
		return 0;
	if ((int)d->severity < f->min_sev)
		return 0;
	for (size_t i = 0; i < f->ntags; i++)
		if (!has_tag(d, f->tags[i]))
			return 0;
	return 1;
}

static json_t *
flags_json(unsigned fl)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (fl & flags[i].bit)
			json_array_append_new(a, json_string(flags[i].name));
	return a;
}

/* The names of a needs mask; "?" for a bit this table lacks. */
static json_t *
needs_json(unsigned nd)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
		if (nd & needs[i].bit) {
			json_array_append_new(a, json_string(needs[i].name));
			nd &= ~needs[i].bit;
		}
	if (nd != 0)
		json_array_append_new(a, json_string("?"));
	return a;
}

static json_t *
steps_json(const char *steps)
{
	json_t *a = json_array();
	const char *p = steps;
	size_t n;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) > 0)
			json_array_append_new(a, json_stringn(p, n));
		p += n;
	}
	return a;
}

static int
print_json(const struct filter *f)
{
	json_t *arr = json_array();
	int rc = AA_EXIT_RUNTIME;

	for (size_t i = 0; arr != NULL && i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);
		const char *o16 = aa_report_owasp2016(d->owasp);

		if (!wanted(d, f))
			continue;
		if (json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o,"
		    " s:o, s:i, s:o, s:s, s:o, s:o, s:i, s:s, s:s}",
		    "id", d->id, "module", d->module,
		    "severity", aa_sev_name(d->severity),
		    "owasp2016", o16 ? json_string(o16) : json_null(),
		    "owasp2024", d->owasp2024 ? json_string(d->owasp2024) :
		    json_null(),
		    "cwe", d->cwe, "flags", flags_json(d->flags),
		    "phase", phase_name(d->phase), "needs", needs_json(d->needs),
		    "steps", steps_json(d->steps), "touches", (int)d->touches,
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
print_details(const struct aa_check_def *d)
{
	json_t *nd = needs_json(d->needs);
	const json_t *v;
	size_t i;

	printf("    phase: %s; needs:", phase_name(d->phase));
	if (json_array_size(nd) == 0)
		printf(" nothing");
	json_array_foreach(nd, i, v)
		printf(" %s", json_string_value(v));
	printf("; steps: %s", d->steps != NULL && d->steps[0] != '\0' ?
	    d->steps : "none");
	if (d->touches > 0)
		printf("; key touches: %u", d->touches);
	printf("\n");
	json_decref(nd);
}

static void
print_text(const struct filter *f, int verbose)
{
	printf("%-30s %-11s %-8s %-6s %-8s %s\n", "ID", "MODULE", "SEVERITY",
	    "OWASP", "CWE", "TITLE");
	for (size_t i = 0; i < aa_check_count(); i++) {
		const struct aa_check_def *d = aa_check_at(i);
		const char *o16 = aa_report_owasp2016(d->owasp);
		char cwe[16];

		if (!wanted(d, f))
			continue;
		snprintf(cwe, sizeof(cwe), "CWE-%d", d->cwe);
		printf("%-30s %-11s %-8s %-6s %-8s %s%s%s%s\n", d->id,
		    d->module, aa_sev_name(d->severity), o16 ? o16 : "-", cwe,
		    d->title,
		    (d->flags & AA_CHECK_PRIVACY) ? " [privacy]" : "",
		    (d->flags & AA_CHECK_SOFTKEY) ? " [software key]" : "",
		    (d->flags & AA_CHECK_INFO) ? " [informational]" : "");
		if (verbose)
			print_details(d);
	}
}

static int
parse_args(int argc, char **argv, struct filter *f, const char **format,
    int *verbose)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "module", required_argument, NULL, 'm' },
		{ "severity", required_argument, NULL, 's' },
		{ "tag", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	enum aa_sev sev;
	int c, known = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":v", lo, NULL)) != -1) {
		switch (c) {
		case 'f': *format = optarg; break;
		case 'm': f->module = optarg; break;
		case 'v': *verbose = 1; break;
		case 's':
			if (aa_sev_parse(optarg, &sev) != AA_OK) {
				aa_cmd_warn("checks: unknown severity '%s' "
				    "(info, low, medium, high, critical)", optarg);
				return -1;
			}
			f->min_sev = (int)sev;
			break;
		case 't':
			if (!tag_known(optarg)) {
				aa_cmd_warn_unknown("checks", "tag", optarg,
				    tag_words);
				return -1;
			}
			if (f->ntags == MAX_TAGS) {
				aa_cmd_warn("checks: at most %d --tag", MAX_TAGS);
				return -1;
			}
			f->tags[f->ntags++] = optarg;
			break;
		default:
			aa_cmd_getopt_error("checks", c, argv, lo);
			return -1;
		}
	}
	if (optind != argc) {
		aa_cmd_warn("checks: unexpected argument '%s'", argv[optind]);
		return -1;
	}
	for (size_t i = 0; f->module != NULL && modules[i] != NULL; i++)
		known |= strcmp(f->module, modules[i]) == 0;
	if (f->module != NULL && !known) {
		aa_cmd_warn_unknown("checks", "module", f->module, modules);
		return -1;
	}
	if (strcmp(*format, "text") != 0 && strcmp(*format, "json") != 0) {
		aa_cmd_warn("checks: unknown format '%s' (text or json)",
		    *format);
		return -1;
	}
	return 0;
}

int
aa_cmd_checks(int argc, char **argv)
{
	struct filter f = { NULL, -1, { NULL }, 0 };
	const char *format = "text";
	int verbose = 0;

	if (aa_cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return AA_EXIT_OK;
	}
	if (parse_args(argc, argv, &f, &format, &verbose) != 0) {
		fputs(usage, stderr);
		return AA_EXIT_USAGE;
	}
	if (strcmp(format, "json") == 0)
		return print_json(&f);
	print_text(&f, verbose);
	return AA_EXIT_OK;
}
