/*
 * auth-audit profile check: load a profile, run what an audit runs before
 * its first check (the baseline) and print, step by step, each request,
 * its answer, what the audit concluded and extracted, and then which
 * checks would run and why the others would not. Nothing is probed;
 * whatever the baseline enrolled is removed again.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/cli/cmd.h"

#define PROFILE_USAGE \
"usage: auth-audit profile check PROFILE [--format text|json] [--out FILE]\n" \
"                                [--device auto|soft[:STATEFILE]|PATH]\n" \
"                                [--only IDS] [--skip IDS]\n" \
"                                [--authorized-target HOST]...\n" \
"                                [--proxy URL] [--cacert FILE]\n"

#define MAX_LIST 128

struct pargs {
	const char *profile;
	const char *format;
	const char *out;
	const char *only[MAX_LIST + 1];
	const char *skip[MAX_LIST + 1];
	const char *hosts[MAX_LIST + 1];
	size_t nonly, nskip, nhosts;
	struct aa_audit_opts opts;
};

/* Text mode: steps and conclusions as they happen. */
static void
text_trace(void *ctx, const struct aa_http_trace *t)
{
	const char *k;
	json_t *v;

	(void)ctx;
	if (t->status > 0)
		printf("  %-26s %s %s -> %ld%s (%.0f ms)\n", t->step, t->method,
		    t->url, t->status, t->accepted ? " accepted" : " refused",
		    t->rtt_ms);
	else
		printf("  %-26s %s %s -> %s\n", t->step, t->method, t->url,
		    aa_strerr(t->err));
	json_object_foreach((json_t *)t->extracted, k, v)
		printf("  %-26s   extracted %s = %s\n", "", k,
		    json_string_value(v));
}

static void
text_progress(void *ctx, const char *msg)
{
	(void)ctx;
	printf("* %s\n", msg);
}

static int
parse(int argc, char **argv, struct pargs *a)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "device", required_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'O' },
		{ "skip", required_argument, NULL, 'S' },
		{ "authorized-target", required_argument, NULL, 'T' },
		{ "proxy", required_argument, NULL, 'P' },
		{ "cacert", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->format = "text";
	a->opts.device = "auto";
	a->opts.modules = aa_cmd_modules;
	a->opts.ask_secret = aa_cmd_ask_secret_tty;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:h", longopts, NULL)) != -1)
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		case 'd': a->opts.device = optarg; break;
		case 'O':
			if (aa_cmd_split_ids(optarg, a->only, &a->nonly,
			    MAX_LIST) != 0)
				return -1;
			break;
		case 'S':
			if (aa_cmd_split_ids(optarg, a->skip, &a->nskip,
			    MAX_LIST) != 0)
				return -1;
			break;
		case 'T':
			if (a->nhosts >= MAX_LIST)
				return -1;
			a->hosts[a->nhosts++] = optarg;
			a->hosts[a->nhosts] = NULL;
			break;
		case 'P':
			if (aa_cmd_proxy_usable(optarg) != 0)
				return -1;
			a->opts.proxy = optarg;
			break;
		case 'C':
			if (aa_cmd_cacert_usable(optarg) != 0)
				return -1;
			a->opts.cacert = optarg;
			break;
		case 'h':
			fputs(PROFILE_USAGE, stdout);
			exit(AA_EXIT_OK);
		default:
			return -1;
		}
	if (optind + 1 != argc) {
		aa_cmd_warn("profile check takes one PROFILE");
		return -1;
	}
	a->profile = argv[optind];
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0) {
		aa_cmd_warn("unknown format '%s' (text or json)", a->format);
		return -1;
	}
	a->opts.only = a->nonly > 0 ? a->only : NULL;
	a->opts.skip = a->nskip > 0 ? a->skip : NULL;
	a->opts.authorized_hosts = a->nhosts > 0 ? a->hosts : NULL;
	if (strcmp(a->format, "text") == 0) {
		a->opts.trace = text_trace;
		a->opts.progress = text_progress;
	} else
		a->opts.progress = aa_cmd_progress_stderr;
	return 0;
}

static void
print_text(const json_t *doc)
{
	const json_t *c;
	size_t i;

	printf("\nChecks: %lld of %lld would run\n",
	    (long long)json_integer_value(json_object_get(doc, "will_run")),
	    (long long)json_integer_value(json_object_get(doc, "total")));
	json_array_foreach(json_object_get(doc, "checks"), i, c) {
		const char *why = json_string_value(json_object_get(c, "why"));

		printf("  %-9s %s%s%s\n", why == NULL ? "runs" : "not_tested",
		    json_string_value(json_object_get(c, "id")),
		    why ? ": " : "", why ? why : "");
	}
}

static int
cmd_check(int argc, char **argv)
{
	struct pargs args;
	struct aa_profile *p = NULL;
	struct aa_audit *a = NULL;
	struct aa_diag diag = { "" };
	json_t *doc = NULL;
	FILE *fp = stdout;
	int r, rc = AA_EXIT_RUNTIME;

	memset(&args, 0, sizeof(args));
	if (parse(argc, argv, &args) != 0) {
		fputs(PROFILE_USAGE, stderr);
		return AA_EXIT_USAGE;
	}
	if ((r = aa_profile_load(args.profile, &p, &diag)) != AA_OK) {
		aa_cmd_warn("%s", diag.msg[0] ? diag.msg : aa_strerr(r));
		rc = AA_EXIT_USAGE;
		goto out;
	}
	if ((r = aa_audit_new(p, &args.opts, &a)) != AA_OK) {
		aa_cmd_warn("%s: %s", args.profile, r == AA_ERR_DENIED ?
		    "the target is not on loopback; pass --authorized-target "
		    "HOST if you are authorized to test it" : aa_strerr(r));
		rc = r == AA_ERR_DENIED ? AA_EXIT_USAGE : AA_EXIT_RUNTIME;
		goto out;
	}
	if (strcmp(args.format, "text") == 0)
		printf("profile check: %s (%s)\n", p->name, p->base_url);
	r = aa_audit_preflight(a, &doc);
	if (doc == NULL)
		goto out;
	if (args.out != NULL && strcmp(args.out, "-") != 0 &&
	    (fp = fopen(args.out, "w")) == NULL) {
		aa_cmd_warn("%s: cannot write", args.out);
		goto out;
	}
	if (strcmp(args.format, "json") == 0)
		json_dumpf(doc, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	else
		print_text(doc);
	if (fp != stdout)
		fclose(fp);
	if (r != AA_OK)
		aa_cmd_warn("%s: %s", p->base_url, aa_strerr(r));
	rc = r != AA_OK ? AA_EXIT_RUNTIME :
	    json_integer_value(json_object_get(doc, "will_run")) * 2 <
	    json_integer_value(json_object_get(doc, "total")) ?
	    AA_EXIT_INCOMPLETE : AA_EXIT_OK;
out:
	json_decref(doc);
	aa_audit_free(&a);
	aa_profile_free(&p);
	return rc;
}

int
aa_cmd_profile(int argc, char **argv)
{
	static const struct aa_cmd sub[] = {
		{ "check", cmd_check, "run the baseline and say which checks "
		    "would run" },
	};

	return aa_cmd_dispatch("profile", sub, sizeof(sub) / sizeof(sub[0]),
	    PROFILE_USAGE, argc, argv);
}
