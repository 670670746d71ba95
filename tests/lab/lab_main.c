/*
 * auth-lab: command line, loopback-only listening, signal handling.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/catalog/check.h"
#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

#define USAGE \
	"usage: auth-lab --listen HOST:PORT [--shape a|b] [--weak ID[,ID...]]\n" \
	"                [--sms-api URL] [--port-file FILE]\n" \
	"                [--totp-period SECONDS] [--passwords FILE]\n" \
	"                [--fido-uv-required] [--sms-window SECONDS]\n" \
	"                [--sms-per-account N]\n"

static void usage_err(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
usage_err(const char *fmt, ...)
{
	va_list ap;

	fputs("auth-lab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(USAGE, stderr);
}

/* Is the literal address loopback (127.0.0.0/8 or ::1)? */
static int
loopback(const char *host)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char one[16] = { [15] = 1 };

		return memcmp(a, one, 16) == 0;
	}
	return 0;
}

/* "HOST:PORT", "[V6]:PORT", "localhost:PORT" -> lab->host, lab->port. */
static int
parse_listen(struct lab *lab, const char *arg)
{
	const char *colon, *h = arg;
	size_t hl;
	char *end;
	long port;

	if (arg[0] == '[') {
		const char *rb = strchr(arg, ']');

		if (rb == NULL || rb[1] != ':')
			return -1;
		h = arg + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		if ((colon = strrchr(arg, ':')) == NULL)
			return -1;
		hl = (size_t)(colon - arg);
	}
	if (hl == 0 || hl >= sizeof lab->host)
		return -1;
	memcpy(lab->host, h, hl);
	lab->host[hl] = '\0';
	if (strcmp(lab->host, "localhost") == 0)
		strcpy(lab->host, "127.0.0.1");
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 0 ||
	    port > 65535)
		return -1;
	lab->port = (unsigned)port;
	return 0;
}

/* The SMS provider the lab talks to must be on loopback too. */
static int
sms_api_ok(const char *url)
{
	static const char *const ok[] = {
		"http://127.", "http://localhost:", "http://localhost/",
		"http://[::1]",
	};

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strncmp(url, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

/* Split a comma list into lab->weak (pointers into the argv copy). */
static int
add_weak(struct lab *lab, char *list)
{
	for (char *save = NULL, *id = strtok_r(list, ",", &save); id != NULL;
	    id = strtok_r(NULL, ",", &save)) {
		if (aa_check_find(id) == NULL) {
			usage_err("--weak: unknown check ID '%s'", id);
			return -1;
		}
		if (lab->nweak >= LAB_MAX_WEAK) {
			usage_err("--weak: too many IDs");
			return -1;
		}
		lab->weak[lab->nweak++] = id;
	}
	return 0;
}

/* A whole number 1 .. max of `unit` for option opt. */
static int
whole(const char *arg, long max, const char *opt, const char *unit,
    unsigned *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < 1 || v > max) {
		usage_err("%s: expected 1..%ld%s, got '%s'", opt, max, unit,
		    arg);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int
seconds(const char *arg, long max, const char *opt, unsigned *out)
{
	return whole(arg, max, opt, " seconds", out);
}

static int
count(const char *arg, long max, const char *opt, unsigned *out)
{
	return whole(arg, max, opt, "", out);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "shape", required_argument, NULL, 's' },
		{ "weak", required_argument, NULL, 'w' },
		{ "sms-api", required_argument, NULL, 'm' },
		{ "port-file", required_argument, NULL, 'p' },
		{ "totp-period", required_argument, NULL, 't' },
		{ "passwords", required_argument, NULL, 'P' },
		{ "fido-uv-required", no_argument, NULL, 'U' },
		{ "sms-window", required_argument, NULL, 'W' },
		{ "sms-per-account", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct lab lab;
	const char *port_file = NULL, *passwords = NULL;
	int listen_set = 0, c, ret = 3, sig = 0;
	sigset_t ss;

	lab.shape = 'a';
	lab.totp_period = 30;
	lab.sms_window = 600;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (parse_listen(&lab, optarg) != 0) {
				usage_err("--listen: expected HOST:PORT, got '%s'",
				    optarg);
				return 2;
			}
			if (!loopback(lab.host)) {
				usage_err("--listen: '%s' is not a loopback "
				    "address (the lab only binds 127.0.0.0/8 or ::1)",
				    lab.host);
				return 2;
			}
			listen_set = 1;
			break;
		case 's':
			if (strcmp(optarg, "a") != 0 && strcmp(optarg, "b") != 0) {
				usage_err("--shape: expected a or b, got '%s'", optarg);
				return 2;
			}
			lab.shape = optarg[0];
			break;
		case 'w':
			if (add_weak(&lab, optarg) != 0)
				return 2;
			break;
		case 'm':
			if (!sms_api_ok(optarg)) {
				usage_err("--sms-api: '%s' is not an http URL on "
				    "loopback", optarg);
				return 2;
			}
			lab.sms_api = optarg;
			break;
		case 'p':
			port_file = optarg;
			break;
		case 't':
			if (seconds(optarg, 300, "--totp-period",
			    &lab.totp_period) != 0)
				return 2;
			break;
		case 'U':
			lab.fido_uv_required = 1;
			break;
		case 'W':
			if (seconds(optarg, 3600, "--sms-window",
			    &lab.sms_window) != 0)
				return 2;
			break;
		case 'A':
			if (count(optarg, 100, "--sms-per-account",
			    &lab.sms_per_account) != 0)
				return 2;
			break;
		case 'P':
			passwords = optarg;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 0;
		default:
			fputs(USAGE, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage_err("unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if (!listen_set) {
		usage_err("--listen is required");
		return 2;
	}

	/* block the stop signals before MHD's thread exists; sigwait below */
	sigemptyset(&ss);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &ss, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (pthread_mutex_init(&lab.mu, NULL) != 0)
		return 3;
	if (lab_users_init(&lab) != LAB_OK || (passwords != NULL &&
	    lab_users_passwords(&lab, passwords) != LAB_OK) ||
	    lab_modules_init(&lab) != LAB_OK) {
		fputs("auth-lab: initialisation failed\n", stderr);
		goto out;
	}
	if (lab_http_start(&lab) != LAB_OK) {
		fprintf(stderr, "auth-lab: cannot listen on %s:%u\n", lab.host,
		    lab.port);
		goto out;
	}
	if (port_file != NULL) {
		char line[16];
		int n = snprintf(line, sizeof line, "%u\n", lab.port);

		/* Whole, 0600, never through a symlink. */
		if (lab_file_write_atomic(port_file, line, (size_t)n) !=
		    LAB_OK) {
			fprintf(stderr, "auth-lab: cannot write %s\n", port_file);
			goto out;
		}
	}
	if (strchr(lab.host, ':') != NULL)
		printf("listening on [%s]:%u\n", lab.host, lab.port);
	else
		printf("listening on %s:%u\n", lab.host, lab.port);
	fflush(stdout);

	if (sigwait(&ss, &sig) != 0)
		goto out;
	ret = 0;
out:
	lab_http_stop(&lab);
	pthread_mutex_lock(&lab.mu);
	lab_sessions_fini(&lab);
	lab_modules_fini(&lab);
	lab_users_fini(&lab);
	pthread_mutex_unlock(&lab.mu);
	pthread_mutex_destroy(&lab.mu);
	return ret;
}
