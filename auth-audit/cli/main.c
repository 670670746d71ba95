/*
 * auth-audit: a 2FA and authentication-posture auditor.
 * This file only dispatches; every command lives in cmd_*.c.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/core/version.h"

static const struct aa_cmd commands[] = {
	{ "audit",   aa_cmd_audit,   "audit a service described by a target profile" },
	{ "checks",  aa_cmd_checks,  "list the check catalog" },
	{ "fido",    aa_cmd_fido,    "list security keys and report on one" },
	{ "factors", aa_cmd_factors, "login factors of a service: directories and live probes" },
	{ "profile", aa_cmd_profile, "check a target profile: the baseline and the plan" },
	{ "sms-sim", aa_cmd_sms_sim, "simulated SMS provider and SMS-pumping loss model" },
	{ "totp",    aa_cmd_totp,    "TOTP codes, otpauth URI audit, backup scanner" },
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: auth-audit <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\n'auth-audit <command> --help' describes a command; "
	    "see auth-audit(1).\n");
}

/* Make sure fds 0-2 are open so a report is never written to a socket. */
static void
check_fds(void)
{
	struct stat st;

	for (int fd = 0; fd <= 2; fd++)
		if (fstat(fd, &st) == -1 && open("/dev/null", O_RDWR) != fd)
			exit(AA_EXIT_RUNTIME);
}

int
main(int argc, char **argv)
{
	int rc;

	check_fds();
	/* Before any other jansson call: JSON here carries passwords and codes. */
	aa_json_secure_init();
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return AA_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return AA_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("auth-audit %s\n", AA_VERSION);
		return AA_EXIT_OK;
	}
	rc = -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, argv[1]) == 0) {
			rc = commands[i].fn(argc - 1, argv + 1);
			break;
		}
	if (rc == -1) {
		const char *names[sizeof(commands) / sizeof(commands[0]) + 1];

		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			names[i] = commands[i].name;
		names[sizeof(commands) / sizeof(commands[0])] = NULL;
		aa_cmd_warn_unknown(NULL, "command", argv[1], names);
		usage(stderr);
		return AA_EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "auth-audit: error writing to standard output\n");
		return AA_EXIT_RUNTIME;
	}
	return rc;
}
