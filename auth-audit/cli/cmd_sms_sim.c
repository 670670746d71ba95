/*
 * `auth-audit sms-sim serve|estimate`: run the simulated SMS provider, or
 * the SMS-pumping loss model on a policy file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/file.h"
#include "sms-sim/model/compare.h"
#include "sms-sim/model/estimate.h"
#include "sms-sim/sim/prices.h"
#include "sms-sim/sim/smssim.h"

static const char usage[] =
    "usage: auth-audit sms-sim serve --listen HOST:PORT [--prices FILE]\n"
    "           [--log FILE] [--port-file FILE] [--code-regex RE]\n"
    "           [--allow-remote] [--strict]\n"
    "       auth-audit sms-sim estimate --policy FILE [--prices FILE]\n"
    "           [--per month|year|horizon] [--format text|json|html]\n"
    "\n"
    "serve: a simulated SMS provider answering the Twilio, Vonage and\n"
    "Kannel send APIs, with GET/DELETE /inbox and GET /stats. It never\n"
    "forwards anything. Port 0 picks a free port; the bound address is\n"
    "printed as 'listening on HOST:PORT'.\n"
    "  --listen HOST:PORT  address (loopback unless --allow-remote)\n"
    "  --prices FILE       CSV KEY,USD (KEY = ISO country, +prefix, default)\n"
    "  --log FILE          append a JSONL line per request (codes redacted)\n"
    "  --port-file FILE    write the bound port to FILE\n"
    "  --code-regex RE     how the inbox finds a code (default [0-9]{4,8})\n"
    "  --allow-remote      permit a non-loopback listen address\n"
    "  --strict            refuse account ids and credentials that are not\n"
    "                      in the provider's real format (by default any\n"
    "                      are accepted: staging configs carry placeholders)\n"
    "\n"
    "estimate: SMS-pumping loss per month of a policy of send controls\n"
    "and attacker resources, without and with its controls, and the\n"
    "figure to budget; see docs/SMS-LOSS-MODEL.md.\n"
    "  --policy FILE       policy JSON (unknown members and countries are\n"
    "                      errors)\n"
    "  --prices FILE       price CSV as for serve\n"
    "  --per P             month (default), year, or horizon (the policy's\n"
    "                      horizon_days)\n"
    "  --format F          text (default), json, or html (one page with a\n"
    "                      chart)\n";

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int
need_arg(int argc, char **argv, int i)
{
	if (i + 1 >= argc) {
		aa_cmd_warn("sms-sim: %s needs an argument", argv[i]);
		return 0;
	}
	return 1;
}

/* Whole or not at all, 0600, never through a symlink (core/file.h). */
static int
write_port_file(const char *path, unsigned port)
{
	char line[16];
	int n = snprintf(line, sizeof(line), "%u\n", port);

	return aa_file_write_atomic(path, line, (size_t)n, AA_FILE_MODE) ==
	    AA_OK ? 0 : -1;
}

static int
split_listen(char *spec, char **host, unsigned *port)
{
	char *colon = strrchr(spec, ':'), *end;
	unsigned long p;

	if (colon == NULL || colon == spec)
		return -1;
	*colon = '\0';
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == colon + 1 || p > 65535)
		return -1;
	*host = spec;
	*port = (unsigned)p;
	return 0;
}

static int
cmd_serve(int argc, char **argv)
{
	struct aa_sms_sim_opts o;
	struct aa_sms_sim *sim = NULL;
	struct aa_sms_prices *prices = NULL;
	struct aa_diag diag = { "" };
	struct sigaction sa;
	const char *listen = NULL, *prices_path = NULL, *port_file = NULL;
	char *spec = NULL, *host;
	unsigned port;
	int rc = AA_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	if (aa_cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return AA_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--allow-remote") == 0) {
			o.allow_remote = 1;
			continue;
		}
		if (strcmp(argv[i], "--strict") == 0) {
			o.strict = 1;
			continue;
		}
		if (!need_arg(argc, argv, i))
			goto out;
		if (strcmp(argv[i], "--listen") == 0)
			listen = argv[++i];
		else if (strcmp(argv[i], "--prices") == 0)
			prices_path = argv[++i];
		else if (strcmp(argv[i], "--log") == 0)
			o.log_path = argv[++i];
		else if (strcmp(argv[i], "--port-file") == 0)
			port_file = argv[++i];
		else if (strcmp(argv[i], "--code-regex") == 0)
			o.code_regex = argv[++i];
		else {
			aa_cmd_warn("sms-sim serve: unknown option '%s'",
			    argv[i]);
			fputs(usage, stderr);
			goto out;
		}
	}
	if (listen == NULL) {
		aa_cmd_warn("sms-sim serve: --listen HOST:PORT is required");
		goto out;
	}
	if ((spec = strdup(listen)) == NULL) {
		rc = AA_EXIT_RUNTIME;
		goto out;
	}
	if (split_listen(spec, &host, &port) != 0) {
		aa_cmd_warn("sms-sim serve: --listen: want HOST:PORT, got '%s'",
		    listen);
		goto out;
	}
	if (prices_path != NULL &&
	    aa_sms_prices_load(prices_path, &prices, &diag) != AA_OK) {
		aa_cmd_warn("%s", diag.msg);
		goto out;
	}
	o.prices = prices;
	prices = NULL; /* stolen by aa_sms_sim_new on success */
	if (aa_sms_sim_new(&o, &sim, &diag) != AA_OK) {
		prices = o.prices;
		aa_cmd_warn("sms-sim: %s", diag.msg);
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (aa_sms_sim_listen(sim, host, port, &diag) != AA_OK) {
		aa_cmd_warn("sms-sim: %s", diag.msg);
		rc = strstr(diag.msg, "loopback") != NULL ? AA_EXIT_USAGE :
		    AA_EXIT_RUNTIME;
		goto out;
	}
	if (port_file != NULL &&
	    write_port_file(port_file, aa_sms_sim_port(sim)) != 0) {
		aa_cmd_warn("sms-sim: cannot write %s: %s", port_file,
		    strerror(errno));
		rc = AA_EXIT_RUNTIME;
		goto out;
	}
	printf("listening on %s:%u\n", strcmp(host, "localhost") == 0 ?
	    "127.0.0.1" : host, aa_sms_sim_port(sim));
	fflush(stdout);
	while (!stop)
		pause();
	rc = AA_EXIT_OK;
out:
	aa_sms_sim_free(&sim);
	aa_sms_prices_free(&prices);
	free(spec);
	return rc;
}

static int
estimate_out(const struct aa_sms_compare *c, const struct aa_sms_policy *p,
    const struct aa_sms_prices *prices, const char *format)
{
	char *text = NULL;
	json_t *j;
	int r = AA_ERR_NOMEM;

	if (strcmp(format, "html") == 0)
		return aa_sms_compare_html(c, p->name,
		    aa_sms_prices_source(prices), stdout);
	if (strcmp(format, "json") == 0) {
		if ((j = aa_sms_compare_json(c)) != NULL &&
		    json_object_set_new(j, "policy",
		    json_string(p->name)) == 0 &&
		    json_object_set_new(j, "prices",
		    json_string(aa_sms_prices_source(prices))) == 0 &&
		    json_dumpf(j, stdout, JSON_INDENT(2) |
		    JSON_REAL_PRECISION(10) | JSON_PRESERVE_ORDER) == 0 &&
		    putchar('\n') != EOF)
			r = AA_OK;
		json_decref(j);
		return r;
	}
	{
		size_t len = 64 * 1024 + c->after.nc * 128;

		if ((text = malloc(len)) != NULL &&
		    (r = aa_sms_compare_text(c, text, len)) == AA_OK)
			printf("policy: %s (prices: %s)\n%s", p->name,
			    aa_sms_prices_source(prices), text);
	}
	free(text);
	return r;
}

static int
cmd_estimate(int argc, char **argv)
{
	struct aa_sms_policy *p = NULL;
	struct aa_sms_compare *c = NULL;
	struct aa_sms_prices *prices = NULL;
	struct aa_diag diag = { "" };
	const char *policy = NULL, *prices_path = NULL, *format = "text";
	const char *per = "month";
	int rc = AA_EXIT_USAGE;

	if (aa_cmd_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return AA_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		if (!need_arg(argc, argv, i))
			goto out;
		if (strcmp(argv[i], "--policy") == 0)
			policy = argv[++i];
		else if (strcmp(argv[i], "--prices") == 0)
			prices_path = argv[++i];
		else if (strcmp(argv[i], "--format") == 0)
			format = argv[++i];
		else if (strcmp(argv[i], "--per") == 0)
			per = argv[++i];
		else {
			aa_cmd_warn("sms-sim estimate: unknown option '%s'",
			    argv[i]);
			fputs(usage, stderr);
			goto out;
		}
	}
	if (policy == NULL) {
		aa_cmd_warn("sms-sim estimate: --policy FILE is required");
		goto out;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "html") != 0) {
		aa_cmd_warn("sms-sim estimate: --format: text, json or html");
		goto out;
	}
	if (strcmp(per, "month") != 0 && strcmp(per, "year") != 0 &&
	    strcmp(per, "horizon") != 0) {
		aa_cmd_warn("sms-sim estimate: --per: month, year or horizon");
		goto out;
	}
	if ((p = malloc(sizeof(*p))) == NULL ||
	    (c = malloc(sizeof(*c))) == NULL) {
		rc = AA_EXIT_RUNTIME;
		goto out;
	}
	if (aa_sms_policy_load(policy, p, &diag) != AA_OK) {
		aa_cmd_warn("%s", diag.msg);
		goto out;
	}
	if (prices_path != NULL &&
	    aa_sms_prices_load(prices_path, &prices, &diag) != AA_OK) {
		aa_cmd_warn("%s", diag.msg);
		goto out;
	}
	rc = AA_EXIT_RUNTIME;
	if (aa_sms_compare_run(p, prices, per, c) != AA_OK) {
		aa_cmd_warn("sms-sim estimate: out of memory");
		goto out;
	}
	if (estimate_out(c, p, prices, format) != AA_OK) {
		aa_cmd_warn("sms-sim estimate: cannot write the estimate");
		goto out;
	}
	rc = AA_EXIT_OK;
out:
	free(p);
	free(c);
	aa_sms_prices_free(&prices);
	return rc;
}

static const struct aa_cmd sub[] = {
	{ "serve", cmd_serve, "run the simulated SMS provider" },
	{ "estimate", cmd_estimate, "estimate SMS-pumping loss of a policy" },
};

int
aa_cmd_sms_sim(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return AA_EXIT_OK;
	}
	return aa_cmd_dispatch("sms-sim", sub, sizeof(sub) / sizeof(sub[0]),
	    usage, argc, argv);
}
