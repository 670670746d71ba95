/*
 * auth-audit factors: which login factors a service offers, with the
 * source of every fact. Directory data comes from --directory/--passkeys
 * files or the user cache (downloaded when the user runs without
 * --offline); live probes go to the target itself. The 2fa.directory
 * attribution is printed whenever its data is used.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/file.h"
#include "auth-audit/factors/factors.h"

#define USAGE \
"usage: auth-audit factors DOMAIN|URL [--directory FILE] [--passkeys FILE]\n" \
"                          [--offline] [--no-probe] [--refresh]\n" \
"                          [--resolve HOST:PORT:ADDR] [--timeout MS]\n" \
"                          [--format text|json|md] [--out FILE]\n" \
"                          [--fail-on SEVERITY|none]\n" \
"       auth-audit factors --batch FILE [--concurrency N] [--delay MS]\n" \
"                          [--scheme http|https] [--port PORT] [options above]\n"

#define MAX_RESOLVE 16

struct args {
	const char *target, *directory, *passkeys, *batch, *format, *out;
	const char *scheme, *port;
	const char *resolve[MAX_RESOLVE + 1];
	size_t nresolve;
	int offline, no_probe, refresh, fail_on;
	long timeout_ms, delay_ms;
	unsigned concurrency;
};


static int
parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "directory", required_argument, NULL, 'd' },
		{ "passkeys", required_argument, NULL, 'p' },
		{ "offline", no_argument, NULL, 'o' },
		{ "no-probe", no_argument, NULL, 'n' },
		{ "refresh", no_argument, NULL, 'r' },
		{ "resolve", required_argument, NULL, 'R' },
		{ "timeout", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'O' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "batch", required_argument, NULL, 'b' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "delay", required_argument, NULL, 'D' },
		{ "scheme", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	a->format = "text";
	a->timeout_ms = 10000;
	a->delay_ms = 100;
	a->concurrency = 32;
	a->fail_on = AA_CMD_FAIL_ON_DEFAULT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->directory = optarg; break;
		case 'p': a->passkeys = optarg; break;
		case 'o': a->offline = 1; break;
		case 'n': a->no_probe = 1; break;
		case 'r': a->refresh = 1; break;
		case 'R':
			if (a->nresolve >= MAX_RESOLVE ||
			    strchr(optarg, ':') == NULL) {
				aa_cmd_warn("--resolve: expected HOST:PORT:ADDR "
				    "(at most %d)", MAX_RESOLVE);
				return -1;
			}
			a->resolve[a->nresolve++] = optarg;
			break;
		case 't':
		case 'D':
		case 'c': {
			long v = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 3600000 || (c == 'c' && (v < 1 || v > 1024))) {
				aa_cmd_warn("invalid number '%s'", optarg);
				return -1;
			}
			if (c == 't')
				a->timeout_ms = v;
			else if (c == 'D')
				a->delay_ms = v;
			else
				a->concurrency = (unsigned)v;
			break;
		}
		case 'f': a->format = optarg; break;
		case 'O':
			a->out = optarg;
			if (aa_cmd_out_usable(optarg) != 0)
				return -1;
			break;
		case 'F':
			if (aa_cmd_fail_on_parse(optarg, &a->fail_on) != 0)
				return -1;
			break;
		case 'b': a->batch = optarg; break;
		case 's': a->scheme = optarg; break;
		case 'P': a->port = optarg; break;
		default:
			return -1;
		}
	}
	if (strcmp(a->format, "text") && strcmp(a->format, "json") &&
	    strcmp(a->format, "md")) {
		aa_cmd_warn("--format: expected text, json or md");
		return -1;
	}
	if (a->scheme && strcmp(a->scheme, "http") && strcmp(a->scheme, "https")) {
		aa_cmd_warn("--scheme: expected http or https");
		return -1;
	}
	if (a->batch == NULL && optind + 1 != argc) {
		aa_cmd_warn("factors: expected one DOMAIN or URL");
		return -1;
	}
	if (a->batch != NULL && optind != argc) {
		aa_cmd_warn("factors: --batch takes no DOMAIN or URL");
		return -1;
	}
	a->target = a->batch ? NULL : argv[optind];
	return 0;
}

static const struct {
	enum aa_factor f;
	const char *label;
} rows[] = {
	{ AA_FACTOR_SMS, "SMS" },
	{ AA_FACTOR_CALL, "voice call" },
	{ AA_FACTOR_EMAIL, "e-mail" },
	{ AA_FACTOR_TOTP, "TOTP app" },
	{ AA_FACTOR_WEBAUTHN, "U2F/WebAuthn key" },
	{ AA_FACTOR_PASSKEY, "passkey" },
	{ AA_FACTOR_PUSH, "push/proprietary" },
	{ AA_FACTOR_RECOVERY_CODES, "recovery codes" },
};

static const char *
yesno(int v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

/* Sources of a factor joined by "; ". */
static void
sources(const struct aa_factors_inv *inv, enum aa_factor f, char *out,
    size_t n)
{
	const json_t *arr = json_object_get(inv->sources, aa_factor_name(f)), *x;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach(arr, i, x) {
		int off = json_is_true(json_object_get(x, "offered"));
		int w = snprintf(out + len, n - len, "%s%s%s", len ? "; " : "",
		    json_string_value(json_object_get(x, "source")),
		    off != inv->value[f] ? " (outranked)" : "");

		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	if (len == 0)
		snprintf(out, n, "-");
}

static void
print_text(FILE *fp, const struct args *a, const char *domain,
    const struct aa_report *rep, const struct aa_factors_inv *inv,
    const struct aa_factors_source *tfa, const struct aa_factors_source *pk, int md)
{
	char src[1500];

	if (md)
		fprintf(fp, "# Login factors of %s\n\n| factor | offered | "
		    "source |\n|---|---|---|\n", a->target);
	else
		fprintf(fp, "auth-audit factors: %s%s%s%s\n\n%-17s %-8s %s\n",
		    a->target, domain ? " (domain " : " (no public domain: "
		    "no directory lookup", domain ? domain : "", ")",
		    "factor", "offered", "source");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sources(inv, rows[i].f, src, sizeof(src));
		fprintf(fp, md ? "| %s | %s | %s |\n" : "%-17s %-8s %s\n",
		    rows[i].label, yesno(inv->value[rows[i].f]), src);
	}
	fprintf(fp, md ? "\n## Checks\n\n| check | status | severity | "
	    "summary |\n|---|---|---|---|\n" : "\nchecks:\n");
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *x = &rep->results[i];

		fprintf(fp, md ? "| %s | %s | %s | %s |\n" :
		    "  %-14s %-28s %-8s %s\n", aa_status_name(x->status),
		    x->def->id, aa_sev_name(x->def->severity),
		    x->summary ? x->summary : "");
	}
	fprintf(fp, md ? "\n## Sources\n\n" : "\nsources:\n");
	if (domain == NULL)
		fprintf(fp, "%sdirectories: not consulted (the target has no "
		    "public domain)\n", md ? "- " : "  ");
	else {
		fprintf(fp, "%s2fa.directory: %s%s%s\n", md ? "- " : "  ",
		    tfa->d ? tfa->label : "no data", tfa->warn[0] ? "; " : "",
		    tfa->warn);
		fprintf(fp, "%spasskeys directory: %s%s%s\n", md ? "- " : "  ",
		    pk->d ? pk->label : "no data", pk->warn[0] ? "; " : "",
		    pk->warn);
	}
	if (domain != NULL && tfa->d != NULL)
		fprintf(fp, "\n%s\n", AA_FACTORS_ATTRIBUTION);
	if (domain != NULL && pk->d != NULL)
		fprintf(fp, "%s%s\n", tfa->d ? "" : "\n",
		    AA_FACTORS_PK_ATTRIBUTION);
}

static int
run_batch(const struct args *a, const struct aa_factors_source *tfa,
    const struct aa_factors_source *pk, FILE *out)
{
	struct aa_factors_batch_opts o = {
		.net = { .timeout_ms = a->timeout_ms, .resolve = a->resolve },
		.max_total = a->concurrency,
		.host_delay_ms = a->delay_ms,
		.tfa = tfa->d, .passkeys = pk->d,
		.no_probe = a->no_probe || a->offline,
		.scheme = a->scheme, .port = a->port,
	};
	struct aa_diag diag = { "" };
	FILE *in;
	int r;

	if ((r = aa_file_open_read(a->batch, &in)) != AA_OK) {
		if (r == AA_ERR_NOTREG)
			aa_cmd_warn("%s: not a regular file", a->batch);
		else
			aa_cmd_warn("%s: cannot open the target list: %s",
			    a->batch, aa_cmd_errtext(r));
		return AA_EXIT_USAGE;
	}
	/* A signal ends the batch with one line for every target. */
	o.stop = &aa_cmd_stop_signal;
	aa_cmd_catch_signals();
	r = aa_factors_batch_run(in, out, &o, &diag);
	aa_file_close_read(in);
	if (r == AA_ERR_INTERRUPTED) {
		aa_cmd_warn("--batch: interrupted; every target not probed has "
		    "an \"interrupted\" line");
		return aa_cmd_stopped_exit();
	}
	if (r != AA_OK) {
		aa_cmd_warn("--batch: %s", diag.msg[0] ? diag.msg : aa_strerr(r));
		return r == AA_ERR_TOOBIG ? AA_EXIT_USAGE : AA_EXIT_RUNTIME;
	}
	if (tfa->d != NULL)
		fprintf(stderr, "%s\n", AA_FACTORS_ATTRIBUTION);
	if (pk->d != NULL)
		fprintf(stderr, "%s\n", AA_FACTORS_PK_ATTRIBUTION);
	return AA_EXIT_OK;
}

int
aa_cmd_factors(int argc, char **argv)
{
	struct aa_factors_source tfa, pk;
	struct args a;
	struct aa_factors_probe *probe = NULL;
	struct aa_factors_inv inv = { .sources = NULL };
	struct aa_report *rep = NULL;
	char origin[600], host[256], domain[AA_FACTORS_DOMAIN_MAX + 1];
	const char *why = NULL;
	int have_domain = 0, rc = AA_EXIT_RUNTIME, may_fetch, r;
	struct aa_file_out of = { NULL, NULL, NULL };
	FILE *out = stdout;

	memset(&tfa, 0, sizeof(tfa));
	memset(&pk, 0, sizeof(pk));
	if (aa_cmd_wants_help(argc, argv)) {
		fputs(USAGE, stdout);
		return AA_EXIT_OK;
	}
	if (parse_args(argc, argv, &a) != 0) {
		fputs(USAGE, stderr);
		return AA_EXIT_USAGE;
	}
	if (a.target != NULL) {
		if (aa_factors_origin(a.target, origin, sizeof(origin), host,
		    sizeof(host)) != AA_OK) {
			aa_cmd_warn("factors: '%s' is not a domain or an "
			    "http(s) URL", a.target);
			return AA_EXIT_USAGE;
		}
		have_domain = !aa_factors_host_is_local(host) &&
		    aa_factors_domain_norm(host, domain, sizeof(domain)) == AA_OK;
	}
	/* The directory download is the user's own request: never offline,
	 * never when they named a local copy. */
	may_fetch = !a.offline && a.directory == NULL && a.passkeys == NULL;
	if (a.batch != NULL || have_domain) {
		struct aa_factors_want wt = { AA_FACTORS_DIR_TFA, a.directory,
			"2fa-all.json", "AA_FACTORS_TFA_URL", AA_FACTORS_TFA_URL,
			may_fetch, a.refresh, a.timeout_ms * 3 };
		struct aa_factors_want wp = { AA_FACTORS_DIR_PASSKEYS,
			a.passkeys, "passkeys-all.json", "AA_FACTORS_PASSKEYS_URL",
			AA_FACTORS_PASSKEYS_URL, may_fetch, a.refresh,
			a.timeout_ms * 3 };
		struct aa_diag diag = { "" };

		if (aa_factors_source_get(&wt, &tfa, &diag) != AA_OK ||
		    aa_factors_source_get(&wp, &pk, &diag) != AA_OK) {
			aa_cmd_warn("%s", diag.msg);
			rc = AA_EXIT_USAGE;
			goto out;
		}
		if (tfa.warn[0] && (a.batch || strcmp(a.format, "text")))
			aa_cmd_warn("2fa.directory: %s", tfa.warn);
		if (pk.warn[0] && (a.batch || strcmp(a.format, "text")))
			aa_cmd_warn("passkeys directory: %s", pk.warn);
	}
	if ((r = aa_file_out_open(&of, a.out, AA_FILE_MODE)) != AA_OK) {
		aa_cmd_report_warn(a.out, r, 0);
		rc = AA_EXIT_USAGE;
		goto out;
	}
	out = of.fp;
	if (a.batch != NULL) {
		rc = run_batch(&a, &tfa, &pk, out);
		goto out;
	}
	if (a.offline || a.no_probe)
		why = a.offline ? "probes disabled (--offline)" :
		    "probes disabled (--no-probe)";
	else {
		struct aa_factors_net net = { .timeout_ms = a.timeout_ms,
			.resolve = a.resolve };

		if (aa_factors_probe_new(origin, &probe) != AA_OK ||
		    aa_factors_probe_run(probe, &net) != AA_OK) {
			aa_cmd_warn("factors: probing %s failed", origin);
			goto out;
		}
	}
	{
		struct aa_factors_input in = {
			.target = a.target, .domain = have_domain ? domain : NULL,
			.tfa = tfa.d, .passkeys = pk.d, .probe = probe,
			.no_probe_why = why, .now = time(NULL),
		};

		if (aa_factors_inv_init(&inv) != AA_OK ||
		    aa_report_new("factors", &rep) != AA_OK ||
		    aa_factors_assess(&in, rep, &inv) != AA_OK) {
			aa_cmd_warn("factors: out of memory");
			goto out;
		}
		if (strcmp(a.format, "json") == 0) {
			json_t *j = aa_factors_json(&in, rep, &inv);

			if (j != NULL) {
				json_t *wa = json_array();

				if (tfa.warn[0])
					json_array_append_new(wa, json_sprintf(
					    "2fa.directory: %s", tfa.warn));
				if (pk.warn[0])
					json_array_append_new(wa, json_sprintf(
					    "passkeys directory: %s", pk.warn));
				json_object_set_new(j, "warnings", wa);
				json_dumpf(j, out, JSON_INDENT(2));
				fputc('\n', out);
			}
			json_decref(j);
		} else
			print_text(out, &a, in.domain, rep, &inv, &tfa, &pk,
			    strcmp(a.format, "md") == 0);
	}
	rc = aa_cmd_fail_on_exit(rep, a.fail_on);
out:
	/* What was written stands, even when the run failed half-way; a
	 * usage error leaves no file. */
	if (of.fp != NULL && rc == AA_EXIT_USAGE)
		aa_file_out_abort(&of);
	else if (of.fp != NULL && aa_file_out_commit(&of) != AA_OK) {
		aa_cmd_warn("%s: cannot write", a.out ? a.out : "stdout");
		rc = AA_EXIT_RUNTIME;
	}
	aa_report_free(&rep);
	aa_factors_inv_release(&inv);
	aa_factors_probe_free(&probe);
	aa_factors_dir_free(&tfa.d);
	aa_factors_dir_free(&pk.d);
	return rc;
}
