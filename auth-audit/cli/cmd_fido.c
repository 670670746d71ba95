/*
 * auth-audit fido keys | info: the security keys libfido2 sees (and the
 * built-in software key) and the key report of checks.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/err.h"
#include "fido/device.h"

#define FIDO_USAGE \
"usage: auth-audit fido keys [--soft]\n" \
"       auth-audit fido info [--device auto|PATH|soft[:STATEFILE]] [--json]\n"

static int
keys(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "soft", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct aa_fido_keyinfo k[32];
	size_t n = 0;
	int soft = 0, ch, r;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (ch == 's')
			soft = 1;
		else if (ch == 'h') {
			fputs(FIDO_USAGE, stdout);
			return AA_EXIT_OK;
		} else {
			fputs(FIDO_USAGE, stderr);
			return AA_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(FIDO_USAGE, stderr);
		return AA_EXIT_USAGE;
	}
	fido_init(0);
	if ((r = aa_fido_device_list(k, sizeof(k) / sizeof(k[0]), &n)) != AA_OK) {
		aa_cmd_warn("cannot list security keys: %s", aa_strerr(r));
		return AA_EXIT_RUNTIME;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s %s (%04x:%04x)\n", k[i].path, k[i].manufacturer,
		    k[i].product, (unsigned)k[i].vendor & 0xffff,
		    (unsigned)k[i].product_id & 0xffff);
	if (soft)
		printf("soft\tauth-audit software key (CTAP2.1 + U2F, in process)\n");
	if (n == 0 && !soft)
		printf("no security key found (--soft lists the built-in "
		    "software key)\n");
	return AA_EXIT_OK;
}

static void
print_list(const char *label, const json_t *a)
{
	size_t i;
	const json_t *v;

	printf("%-14s", label);
	if (json_array_size(a) == 0)
		printf(" none");
	json_array_foreach(a, i, v)
		printf(" %s", json_string_value(v));
	printf("\n");
}

static void
print_report(const json_t *j)
{
	const char *key;
	const json_t *v;

	printf("%-14s %s\n", "path", json_string_value(json_object_get(j, "path")));
	printf("%-14s %s\n", "product",
	    json_string_value(json_object_get(j, "product")));
	print_list("versions", json_object_get(j, "versions"));
	if (json_object_get(j, "aaguid") != NULL)
		printf("%-14s %s\n", "aaguid",
		    json_string_value(json_object_get(j, "aaguid")));
	if (json_object_get(j, "options") != NULL) {
		printf("%-14s", "options");
		json_object_foreach((json_t *)json_object_get(j, "options"), key, v)
			printf(" %s=%s", key, json_is_true(v) ? "yes" : "no");
		printf("\n");
	}
	if (json_object_get(j, "pin_set") != NULL)
		printf("%-14s %s\n", "pin", json_is_true(json_object_get(j,
		    "pin_set")) ? "set" : "not set");
	if (json_object_get(j, "pin_retries") != NULL)
		printf("%-14s %lld\n", "pin retries", (long long)
		    json_integer_value(json_object_get(j, "pin_retries")));
	if (json_object_get(j, "algorithms") != NULL)
		print_list("algorithms", json_object_get(j, "algorithms"));
	if (json_object_get(j, "extensions") != NULL)
		print_list("extensions", json_object_get(j, "extensions"));
	printf("%-14s %s\n", "firmware", json_string_value(json_object_get(j,
	    "firmware")));
	if (json_object_get(j, "error") != NULL)
		printf("%-14s %s\n", "error",
		    json_string_value(json_object_get(j, "error")));
}

static int
info(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = "auto";
	struct aa_fido_device *d = NULL;
	json_t *rep;
	int as_json = 0, ch, r;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "d:h", lo, NULL)) != -1) {
		if (ch == 'd')
			spec = optarg;
		else if (ch == 'j')
			as_json = 1;
		else if (ch == 'h') {
			fputs(FIDO_USAGE, stdout);
			return AA_EXIT_OK;
		} else {
			fputs(FIDO_USAGE, stderr);
			return AA_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(FIDO_USAGE, stderr);
		return AA_EXIT_USAGE;
	}
	fido_init(0);
	if ((r = aa_fido_device_open(spec, &d)) != AA_OK) {
		if (r == AA_ERR_NOTFOUND)
			aa_cmd_warn("no security key found (--device soft shows "
			    "the built-in software key)");
		else
			aa_cmd_warn("cannot open security key '%s': %s", spec,
			    aa_strerr(r));
		return r == AA_ERR_ARG ? AA_EXIT_USAGE : AA_EXIT_RUNTIME;
	}
	if ((rep = aa_fido_device_report(d)) == NULL) {
		aa_fido_device_free(&d);
		aa_cmd_warn("cannot read the key: %s", aa_strerr(AA_ERR_NOMEM));
		return AA_EXIT_RUNTIME;
	}
	if (as_json) {
		json_dumpf(rep, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
	} else
		print_report(rep);
	json_decref(rep);
	aa_fido_device_free(&d);
	return AA_EXIT_OK;
}

int
aa_cmd_fido(int argc, char **argv)
{
	static const struct aa_cmd table[] = {
		{ "keys", keys, "list the security keys libfido2 sees" },
		{ "info", info, "report on one key" },
	};

	return aa_cmd_dispatch("fido", table, sizeof(table) / sizeof(table[0]),
	    FIDO_USAGE, argc, argv);
}
